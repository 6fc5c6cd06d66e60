//! Building the SPA into `dist/` (split into a main module and page modules), precompressing
//! it, and reporting the size of its critical path: what a first visit must download before
//! the page it opened works.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::split::{self, SplitBuild};
use crate::{root, sh, tools};

/// Builds the release SPA into `dist/`, splits it, and writes a `.br` beside every text and
/// wasm file.
pub fn build() -> Result<(PathBuf, SplitBuild), String> {
    tools::wasm_tools()?;
    tools::npm_packages()?;
    sh(Command::new("trunk")
        .args(["build", "--release"])
        .env("PATH", tools::path_with_node_bin())
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            split::RUSTFLAGS,
        ))?;
    let dist = root().join("dist");
    let modules = split::split(&dist)?;
    bundle_css(&dist)?;
    start_after_first_paint(&dist)?;
    minify(&dist)?;
    precompress(&dist)?;
    Ok((dist, modules))
}

/// Joins the stylesheets `index.html` links, in order, into one file named by its content,
/// and links that instead: on a slow connection each render-blocking request costs a round
/// trip (Lighthouse's mobile LCP for a tutorial: 2.0 s with four files, 1.8 s with one).
/// The sources stay one file per concern in `style/`.
fn bundle_css(dist: &Path) -> Result<(), String> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("dist/index.html: {e}"))?;
    let mut kept = Vec::new();
    let mut css = String::new();
    let mut first_link = None;
    for line in html.lines() {
        let href = line
            .trim()
            .strip_prefix("<link rel=\"stylesheet\" href=\"/")
            .and_then(|rest| rest.split('"').next());
        match href {
            Some(href) => {
                let path = dist.join(href);
                css.push_str(&std::fs::read_to_string(&path).map_err(|e| format!("{href}: {e}"))?);
                css.push('\n');
                std::fs::remove_file(&path).map_err(|e| e.to_string())?;
                first_link.get_or_insert(kept.len());
            }
            None => kept.push(line.to_owned()),
        }
    }
    let Some(at) = first_link else {
        return Err("dist/index.html links no stylesheet".into());
    };
    let name = format!("app-{:016x}.css", fnv1a(css.as_bytes()));
    std::fs::write(dist.join(&name), css).map_err(|e| e.to_string())?;
    kept.insert(
        at,
        format!("    <link rel=\"stylesheet\" href=\"/{name}\">"),
    );
    std::fs::write(&index, kept.join("\n") + "\n").map_err(|e| e.to_string())
}

/// Rewrites Trunk's loader so the app's code is asked for only after the first frame is
/// painted (two animation frames: the second begins once the first is on screen): a page the server rendered is then drawn from its HTML alone, without its
/// JavaScript and WebAssembly competing for the connection (Lighthouse's mobile LCP of a
/// tutorial: 1.65 s with the code fetched at once, see README for after).
fn start_after_first_paint(dist: &Path) -> Result<(), String> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("dist/index.html: {e}"))?;
    let import = html
        .split("import init, * as bindings from '")
        .nth(1)
        .and_then(|rest| rest.split_once("';"))
        .ok_or("dist/index.html: Trunk's loader script is not as expected")?;
    let (module, _) = import;
    let statement = format!("import init, * as bindings from '{module}';");
    let deferred = format!(
        "await new Promise((resolve) => document.visibilityState === 'hidden' ? resolve() \
         : requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve))));\n\
         const bindings = await import('{module}');\nconst init = bindings.default;"
    );
    std::fs::write(&index, html.replacen(&statement, &deferred, 1)).map_err(|e| e.to_string())
}

/// Minifies, in place, the JavaScript and CSS that Trunk and wasm-bindgen write unminified,
/// with the pinned npm esbuild: the shell's glue, its split loader and the stylesheets
/// (3.5 KB brotli off a first visit, 2026-12-07). Names stay content hashes of the sources.
fn minify(dist: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    for dir in [dist.to_path_buf(), dist.join("style/split")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        files.extend(entries.flatten().map(|e| e.path()).filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("js" | "css")
            )
        }));
    }
    for file in files {
        sh(Command::new(tools::node_bin().join("esbuild"))
            .arg(&file)
            .args(["--minify", "--log-level=error", "--allow-overwrite"])
            .arg(format!("--outfile={}", file.display())))?;
    }
    Ok(())
}

/// The 64-bit FNV-1a hash: stable across builds and toolchains, for content-named files.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn brotli_bytes(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(data).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// `path` with `.br` appended.
pub fn br_path(path: &Path) -> PathBuf {
    let mut target = path.as_os_str().to_owned();
    target.push(".br");
    PathBuf::from(target)
}

/// Writes `file.br`, unless one at least as new as `file` is there (copied from the split
/// cache, say).
pub fn precompress_file(file: &Path) -> Result<(), String> {
    let target = br_path(file);
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if modified(&target).is_some() && modified(&target) >= modified(file) {
        return Ok(());
    }
    let data = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    std::fs::write(&target, brotli_bytes(&data)?).map_err(|e| e.to_string())
}

fn precompress(dist: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let compressible = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js" | "css" | "html" | "json" | "svg")
        );
        if compressible {
            precompress_file(&path)?;
        }
    }
    Ok(())
}

/// The files every first visit loads before the app works: `index.html`, its stylesheet,
/// the JS glue, the main WebAssembly module and the split loader it preloads.
fn shell(dist: &Path, split: &SplitBuild) -> Result<Vec<PathBuf>, String> {
    let index = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|e| format!("dist/index.html: {e}"))?;
    let mut files = vec![dist.join("index.html")];
    for piece in index.split("href=\"").skip(1) {
        let href = piece.split('"').next().unwrap_or_default();
        let wanted = [".css", ".js", ".wasm"]
            .iter()
            .any(|ext| href.ends_with(ext));
        if wanted && href.starts_with('/') {
            files.push(dist.join(href.trim_start_matches('/')));
        }
    }
    if !files.contains(&split.loader) {
        files.push(split.loader.clone());
    }
    files.dedup();
    Ok(files)
}

/// Raw and brotli-11 sizes of `file`; the latter is read off the `.br` that the build wrote
/// beside it, rather than compressing again.
fn brotli_size(file: &Path) -> Result<(u64, u64), String> {
    let mut compressed = file.as_os_str().to_owned();
    compressed.push(".br");
    let size = |path: &Path| {
        std::fs::metadata(path)
            .map(|m| m.len())
            .map_err(|e| format!("{}: {e}", path.display()))
    };
    Ok((size(file)?, size(Path::new(&compressed))?))
}

fn file_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The budget of a first visit to a landing page, WebAssembly included. (The page itself
/// paints from its HTML alone; this is what it takes to become interactive.)
const CRITICAL_PATH_BUDGET_KB: f64 = 130.0;

/// Prints raw and brotli-11 sizes of what a first visit downloads, for the landing pages
/// (home, and the tutorials that QR codes open) and for each split module's pages, and
/// returns the brotli size of the critical path: a first visit to a landing page.
pub fn report_size(dist: &Path, split: &SplitBuild) -> Result<u64, String> {
    println!(
        "{:<52} {:>10} {:>10}",
        "file (release build)", "bytes", "brotli-11"
    );
    let mut shell_total = 0;
    for file in shell(dist, split)? {
        let (raw, compressed) = brotli_size(&file)?;
        shell_total += compressed;
        println!("{:<52} {raw:>10} {compressed:>10}", file_name(&file));
    }
    println!(
        "{:<52} {:>10} {shell_total:>10}",
        "first visit to home or a tutorial", ""
    );
    let mut largest = (shell_total, String::from("home"));
    for (module, files) in &split.modules {
        let mut extra = 0;
        for file in files {
            extra += brotli_size(file)?.1;
        }
        if shell_total + extra > largest.0 {
            largest = (shell_total + extra, module.clone());
        }
        let names: Vec<String> = files.iter().map(|f| file_name(f)).collect();
        println!(
            "{:<52} {:>10} {:>10}  (+{extra}: {})",
            format!("first visit that needs the {module} module"),
            "",
            shell_total + extra,
            names.join(", ")
        );
    }
    let kb = shell_total as f64 / 1024.0;
    println!(
        "critical path (first visit to home or a tutorial QR link, WebAssembly included): \
         {kb:.1} KB brotli; budget {CRITICAL_PATH_BUDGET_KB} KB{}",
        if kb > CRITICAL_PATH_BUDGET_KB {
            " (OVER BUDGET)"
        } else {
            ""
        }
    );
    println!(
        "largest first visit (one that needs the {} module): {:.1} KB brotli",
        largest.1,
        largest.0 as f64 / 1024.0
    );
    Ok(shell_total)
}
