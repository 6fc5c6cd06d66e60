//! Code splitting of the release SPA. Trunk builds one WebAssembly module (with
//! `--cfg portal_split` and relocations kept); this cuts it at its split points (`src/split.rs`)
//! into a main module and modules of pages and features, binds the main module again with
//! wasm-bindgen, and shrinks every module with wasm-opt. Trunk cannot do this itself yet
//! (trunk-rs/trunk#1022).
//!
//! Every file this writes is named after the main module's content hash, so a browser never
//! mixes a new main module with an old page module from its cache.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{sh, target_dir, tools};

/// Rust flags for the split build. They replace those in `.cargo/config.toml`, so they
/// repeat its `erase_components`.
pub const RUSTFLAGS: &str = "--cfg erase_components --cfg portal_split -Clink-args=--emit-relocs";

/// WebAssembly features rustc enables for wasm32 by default. Page modules carry no
/// `target_features` section, so wasm-opt is told them.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// What the split produced, for the size report.
#[derive(Debug)]
pub struct SplitBuild {
    /// The split loader that the main JS imports: part of every first visit.
    pub loader: PathBuf,
    /// For each split module, the files a first visit that needs it downloads beyond the
    /// main one.
    pub modules: BTreeMap<String, Vec<PathBuf>>,
}

/// Splits the module Trunk put in `dist` and writes the main module, the page modules and
/// their loader back into `dist`. The same WebAssembly is split once: its output (with the
/// `.br` of each file) is kept under `target/wasm-split/cache/` and copied on later builds,
/// which makes an unchanged `cargo xtask run` start in seconds instead of a minute and a half.
pub fn split(dist: &Path) -> Result<SplitBuild, String> {
    let stem = trunk_stem(dist)?;
    let raw = target_dir().join("wasm32-unknown-unknown/release/portal.wasm");
    let input = std::fs::read(&raw).map_err(|e| format!("{}: {e}", raw.display()))?;
    // Keyed by the input and by this very program, so a change to how it splits splits again.
    let recipe = std::env::current_exe()
        .and_then(std::fs::read)
        .map_err(|e| format!("reading xtask itself: {e}"))?;
    let cache = target_dir().join("wasm-split/cache").join(format!(
        "{stem}-{:016x}-{:016x}",
        crate::spa::fnv1a(&input),
        crate::spa::fnv1a(&recipe)
    ));
    let build = match from_cache(&cache, dist, &stem)? {
        Some(build) => build,
        None => {
            let build = split_afresh(dist, &stem, &raw, &input)?;
            to_cache(&cache, dist, &stem, &build)?;
            build
        }
    };
    preload_loader(dist, &stem)?;
    Ok(build)
}

/// Copies `from` to `to`, making `to`'s folder if need be.
fn copy_file(from: &Path, to: &Path) -> Result<(), String> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", to.display()))
}

/// The files of a split build in `dist`, relative to it: the main JS and WebAssembly, the
/// loader, the modules and the snippets.
fn outputs(dist: &Path, stem: &str) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut pending = vec![dist.to_owned()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let relative = path
                .strip_prefix(dist)
                .map_err(|e| e.to_string())?
                .to_owned();
            if path.is_dir() {
                if relative.starts_with("snippets") {
                    pending.push(path);
                }
            } else if relative.starts_with("snippets")
                || relative.to_string_lossy().starts_with(stem)
            {
                found.push(relative);
            }
        }
    }
    // Each `.br` after its file, so it is the newer of the two once copied.
    found.sort_by_key(|path| path.extension().is_some_and(|e| e == "br"));
    Ok(found)
}

/// Copies a cached split of this very WebAssembly into `dist`, `.br` files included.
fn from_cache(cache: &Path, dist: &Path, stem: &str) -> Result<Option<SplitBuild>, String> {
    let Ok(manifest) = std::fs::read_to_string(cache.join("manifest.json")) else {
        return Ok(None);
    };
    let manifest: serde_json::Value =
        serde_json::from_str(&manifest).map_err(|e| format!("split cache: {e}"))?;
    let _ = std::fs::remove_dir_all(dist.join("snippets"));
    for relative in outputs(cache, stem)? {
        copy_file(&cache.join(&relative), &dist.join(&relative))?;
    }
    let mut modules = BTreeMap::new();
    if let Some(entries) = manifest["modules"].as_object() {
        for (module, files) in entries {
            let files = files
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| f.as_str())
                .map(|f| dist.join(f))
                .collect();
            modules.insert(module.clone(), files);
        }
    }
    Ok(Some(SplitBuild {
        loader: dist.join(format!("{stem}.split.js")),
        modules,
    }))
}

/// Keeps the split in `dist` (with a `.br` of each file) for the next build of the same
/// WebAssembly.
fn to_cache(cache: &Path, dist: &Path, stem: &str, build: &SplitBuild) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(cache.parent().unwrap_or(cache));
    let files = outputs(dist, stem)?;
    for relative in files
        .iter()
        .filter(|f| f.extension().is_none_or(|e| e != "br"))
    {
        let source = dist.join(relative);
        crate::spa::precompress_file(&source)?;
        for file in [relative.clone(), crate::spa::br_path(relative)] {
            copy_file(&dist.join(&file), &cache.join(&file))?;
        }
    }
    let modules: serde_json::Map<String, serde_json::Value> = build
        .modules
        .iter()
        .map(|(module, files)| {
            let names = files
                .iter()
                .filter_map(|f| f.file_name().and_then(|n| n.to_str()))
                .map(|n| serde_json::Value::from(n.to_owned()))
                .collect();
            (module.clone(), serde_json::Value::Array(names))
        })
        .collect();
    let manifest = serde_json::json!({ "modules": modules });
    std::fs::write(cache.join("manifest.json"), manifest.to_string()).map_err(|e| e.to_string())
}

/// Splits `input`, the WebAssembly Trunk built (read from `raw`), into `dist`.
fn split_afresh(dist: &Path, stem: &str, raw: &Path, input: &[u8]) -> Result<SplitBuild, String> {
    let work = target_dir().join("wasm-split/work");
    let _ = std::fs::remove_dir_all(&work);
    let chunks_dir = work.join("chunks");
    std::fs::create_dir_all(&chunks_dir).map_err(|e| e.to_string())?;

    let main_unbound = work.join("main.wasm");
    let link_name = format!("./{stem}.split.js");
    let main_module = format!("./{stem}.js");
    let mut options = wasm_split_cli_support::Options::new(input);
    options.output_dir = &chunks_dir;
    options.main_out_path = &main_unbound;
    options.link_name = &link_name;
    options.main_module = &main_module;
    let result = wasm_split_cli_support::transform(options)
        .map_err(|e| format!("splitting {}: {e:?}", raw.display()))?;

    let bound = work.join("bound");
    sh(Command::new("wasm-bindgen")
        .args(["--target", "web", "--keep-lld-exports", "--no-typescript"])
        .args(["--out-name", stem, "--out-dir"])
        .arg(&bound)
        .arg(&main_unbound))?;
    let main_js = std::fs::read_to_string(bound.join(format!("{stem}.js")))
        .map_err(|e| format!("wasm-bindgen output: {e}"))?;
    if !main_js.contains(&link_name) || main_js.contains("__wasm_split_placeholder__") {
        return Err(format!(
            "{stem}.js does not import its split loader {link_name}"
        ));
    }
    std::fs::write(dist.join(format!("{stem}.js")), main_js).map_err(|e| e.to_string())?;
    wasm_opt(
        &bound.join(format!("{stem}_bg.wasm")),
        &dist.join(format!("{stem}_bg.wasm")),
    )?;
    copy_snippets(&bound, dist)?;

    let mut loader = std::fs::read_to_string(chunks_dir.join(&link_name))
        .map_err(|e| format!("split loader: {e}"))?;
    let mut files = BTreeMap::new();
    for module in &result.split_modules {
        let name = module
            .file_stem()
            .and_then(|n| n.to_str())
            .ok_or("a split module without a name")?
            .to_owned();
        let hashed = format!("{stem}-{name}.wasm");
        let reference = format!("\"./{name}.wasm\"");
        if !loader.contains(&reference) {
            return Err(format!("the split loader never fetches {name}.wasm"));
        }
        loader = loader.replace(&reference, &format!("\"./{hashed}\""));
        wasm_opt(module, &dist.join(&hashed))?;
        files.insert(name, dist.join(hashed));
    }
    let loader_path = dist.join(format!("{stem}.split.js"));
    std::fs::write(&loader_path, loader).map_err(|e| e.to_string())?;

    let modules = result
        .prefetch_map
        .into_iter()
        .map(|(module, needs)| {
            let paths = needs
                .iter()
                .filter_map(|name| files.get(name).cloned())
                .collect();
            (module, paths)
        })
        .collect();
    Ok(SplitBuild {
        loader: loader_path,
        modules,
    })
}

/// Adds a `modulepreload` of the split loader to `index.html`: the main JS imports it, and
/// without the hint the browser would only ask for it once that JS has arrived.
fn preload_loader(dist: &Path, stem: &str) -> Result<(), String> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("dist/index.html: {e}"))?;
    let hint =
        format!("<link rel=\"modulepreload\" href=\"/{stem}.split.js\" crossorigin=\"anonymous\">");
    if !html.contains("</head>") {
        return Err("dist/index.html has no </head>".into());
    }
    let html = html.replacen("</head>", &format!("{hint}</head>"), 1);
    std::fs::write(&index, html).map_err(|e| e.to_string())
}

/// `portal-<hash>`: the name Trunk gave the main JS and WebAssembly files.
fn trunk_stem(dist: &Path) -> Result<String, String> {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .find_map(|name| {
            name.strip_suffix("_bg.wasm")
                .filter(|stem| stem.starts_with("portal-"))
                .map(str::to_owned)
        })
        .ok_or_else(|| format!("no portal-*_bg.wasm in {}", dist.display()))
}

/// `wasm-opt -Os --low-memory-unused` from the pinned npm binaryen, after snipping the
/// asynchronous hydration that nothing calls (`snip.rs`). `-Os` leaves more raw bytes than
/// `-Oz` but fewer once brotli has them (the main module 1.0 KB fewer, 2026-12-07). Rust puts its
/// stack first in memory, growing down towards address zero, so only a stack that has
/// already overflowed reaches the low kilobyte that `--low-memory-unused` assumes unused
/// (0.7 KB more).
fn wasm_opt(input: &Path, output: &Path) -> Result<(), String> {
    let wasm = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let (snipped, _) = crate::snip::snip(&wasm, crate::snip::never_called)
        .map_err(|e| format!("{}: {e}", input.display()))?;
    let input = input.with_extension("snipped.wasm");
    std::fs::write(&input, snipped).map_err(|e| format!("{}: {e}", input.display()))?;
    sh(Command::new(tools::node_bin().join("wasm-opt"))
        .args(["-Os", "--low-memory-unused"])
        .args(WASM_FEATURES)
        .arg(&input)
        .arg("-o")
        .arg(output))
}

/// Replaces Trunk's copies of inline JS snippets with those bound to the split module.
fn copy_snippets(bound: &Path, dist: &Path) -> Result<(), String> {
    let from = bound.join("snippets");
    if !from.exists() {
        return Ok(());
    }
    let to = dist.join("snippets");
    let _ = std::fs::remove_dir_all(&to);
    sh(Command::new("cp").arg("-r").arg(&from).arg(&to))
}
