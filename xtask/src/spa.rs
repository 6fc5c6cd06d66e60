//! Building the SPA into `dist/`, precompressing it, and reporting the size of its critical
//! path (what a first visit must download before the page works).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, sh, tools};

/// Builds the release SPA into `dist/` and writes a `.br` beside every text and wasm file.
pub fn build() -> Result<PathBuf, String> {
    tools::wasm_tools()?;
    tools::npm_packages()?;
    sh(Command::new("trunk")
        .args(["build", "--release"])
        .env("PATH", tools::path_with_node_bin())
        .env("TRUNK_SKIP_VERSION_CHECK", "true"))?;
    let dist = root().join("dist");
    precompress(&dist)?;
    Ok(dist)
}

fn brotli_bytes(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(data).map_err(|e| e.to_string())?;
    }
    Ok(out)
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
            let data = std::fs::read(&path).map_err(|e| e.to_string())?;
            let mut target = path.clone().into_os_string();
            target.push(".br");
            std::fs::write(&target, brotli_bytes(&data)?).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// The files `index.html` loads before the app works: itself, its stylesheets, the JS glue
/// and the WASM it preloads.
fn critical_path(dist: &Path) -> Result<Vec<PathBuf>, String> {
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
    files.dedup();
    Ok(files)
}

/// Prints raw and brotli-11 sizes of the critical path and returns the brotli total.
pub fn report_size(dist: &Path) -> Result<usize, String> {
    let mut total = 0;
    println!(
        "{:<48} {:>10} {:>12}",
        "critical path (release build)", "bytes", "brotli-11"
    );
    for file in critical_path(dist)? {
        let data = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let compressed = brotli_bytes(&data)?.len();
        total += compressed;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("{name:<48} {:>10} {:>12}", data.len(), compressed);
    }
    println!(
        "{:<48} {:>10} {:>12}  ({:.1} KB; budget 150 KB)",
        "total",
        "",
        total,
        total as f64 / 1024.0
    );
    Ok(total)
}
