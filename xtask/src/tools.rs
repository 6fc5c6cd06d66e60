//! Installs what the tasks need when it is missing, pinned: the wasm32 target, Trunk,
//! wasm-bindgen-cli (the version in Cargo.lock) and the npm packages (wasm-opt, Playwright).
//! Each check is quick when the tool is already there.

use std::path::PathBuf;
use std::process::Command;

use crate::{root, sh};

/// Trunk release known to work with this toolchain (0.22 needs a newer rustc).
const TRUNK_VERSION: &str = "0.21.14";

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The version of `package` recorded in Cargo.lock.
pub fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let marker = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&marker)
        .ok_or(format!("{package} is not in Cargo.lock"))?
        + marker.len();
    Ok(lock[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned())
}

/// Adds the wasm32 target to the pinned toolchain if it lacks it.
pub fn wasm_target() -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    sh(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// Installs `binary` from crate `package` at `version` unless that version is on PATH.
fn cargo_tool(binary: &str, package: &str, version: &str, locked: bool) -> Result<(), String> {
    let found = output(binary, &["--version"]).unwrap_or_default();
    if found.split_whitespace().any(|word| word == version) {
        return Ok(());
    }
    let mut install = Command::new("cargo");
    install.args(["install", package, "--version", version]);
    if locked {
        install.arg("--locked");
    }
    sh(&mut install)
}

/// Trunk and the wasm-bindgen CLI matching Cargo.lock.
pub fn wasm_tools() -> Result<(), String> {
    wasm_target()?;
    cargo_tool("trunk", "trunk", TRUNK_VERSION, true)?;
    // Not --locked: its lock file pins a webpki-roots release missing from the index.
    cargo_tool(
        "wasm-bindgen",
        "wasm-bindgen-cli",
        &locked_version("wasm-bindgen")?,
        false,
    )
}

/// `node_modules/.bin`, where npm puts wasm-opt and Playwright.
pub fn node_bin() -> PathBuf {
    root().join("node_modules/.bin")
}

/// Runs `npm ci` when node_modules is missing or older than package-lock.json.
pub fn npm_packages() -> Result<(), String> {
    let stamp = root().join("node_modules/.package-lock.json");
    let lock = root().join("package-lock.json");
    let modified = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if modified(&stamp).is_some() && modified(&stamp) >= modified(&lock) {
        return Ok(());
    }
    sh(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}

/// PATH with `node_modules/.bin` first, so Trunk finds the pinned wasm-opt.
pub fn path_with_node_bin() -> String {
    let current = std::env::var("PATH").unwrap_or_default();
    format!("{}:{current}", node_bin().display())
}

/// The Python of `target/tools/mail-venv`, with the SMTP server the tests start (aiosmtpd,
/// pinned in `crates/server/tests/support/requirements.txt`); made on first use.
pub fn mail_python() -> Result<PathBuf, String> {
    let venv = root().join("target/tools/mail-venv");
    let python = venv.join("bin/python");
    let requirements = root().join("crates/server/tests/support/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)
        .map_err(|e| format!("{}: {e}", requirements.display()))?;
    let stamp = venv.join("installed.txt");
    if python.is_file() && std::fs::read_to_string(&stamp).ok().as_ref() == Some(&wanted) {
        return Ok(python);
    }
    sh(Command::new("python3")
        .args(["-m", "venv", "--clear"])
        .arg(&venv))?;
    sh(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements))?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(python)
}
