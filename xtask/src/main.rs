//! `cargo xtask`: every development task in one place, installing what a fresh machine lacks.
//!
//! - `cargo xtask run`: builds the SPA and starts the reference server on SQLite with the
//!   demo seed, serving both.
//! - `cargo xtask test`: every test: native unit and integration tests, component tests in
//!   headless Chromium (wasm-bindgen-test), then the Playwright journeys against the real
//!   server.
//! - `cargo xtask bench`: load-tests the reference server and prints throughput and latency.
//! - `cargo xtask bench-hall`: times a hall's calls to thousands of open event streams.
//! - `cargo xtask bench-scan`: times the scanner's QR decoder per camera frame in Chromium.
//! - `cargo xtask lighthouse`: Lighthouse scores and Web Vitals of the landing pages, from
//!   the reference server and from a prerendered static `dist/`.
//! - `cargo xtask prerender --api URL`: renders the landing pages into `dist/` from a backend.

mod bench;
mod bench_hall;
mod bench_inbox;
mod bench_scan;
mod e2e;
mod fake_camera;
mod http;
mod lighthouse;
mod mail;
mod server;
mod snip;
mod spa;
mod split;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::OnceLock;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (task, rest) = args
        .split_first()
        .map_or(("help", &[][..]), |(t, r)| (t.as_str(), r));
    let result = match task {
        "run" => run(rest),
        "test" => test(),
        "bench" => bench::bench(rest),
        "bench-hall" => bench_hall::run(rest),
        "bench-inbox" => bench_inbox::run(rest),
        "bench-scan" => bench_scan::run(rest),
        "lighthouse" => lighthouse::run(),
        "prerender" => prerender(rest),
        "lint" => lint(),
        "e2e" => e2e::run(rest),
        "size" => {
            spa::build().and_then(|(dist, split)| spa::report_size(&dist, &split).map(|_| ()))
        }
        _ => {
            eprintln!("{USAGE}");
            return if task == "help" || task == "--help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask {task}: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "\
Usage: cargo xtask <task>

Tasks:
  run [-- SERVER OPTIONS]   build and start the portal on SQLite (banshi.sqlite3), seeded
                            with the demo catalogue; prints the URL
  test                      run every test (native, then browser journeys)
  e2e [FILTER…]             Playwright journeys and axe scans in Chromium against the real server
  lint                      cargo fmt --check and clippy -D warnings
  size                      build the release SPA and print the brotli size of its critical path
  bench [--seconds N]       load-test the reference server and print the numbers
  bench-hall [--streams N] [--calls N]
                            open N hall event streams (2000), call numbers to a window and
                            print the delay from each call to each stream
  bench-scan [--seconds N]  time the scanner's QR decoder per camera frame in Chromium
  lighthouse                Lighthouse (mobile) on a tutorial's QR link and home, from the
                            server and from a prerendered static dist/: scores and Web Vitals
                            against the budgets
  prerender --api URL       build dist/ and render the landing pages into it from the backend
                            whose contract root is URL (e.g. https://hall.example/api)";

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, else `target/` in the workspace.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map_or_else(|| root().join("target"), |dir| root().join(dir))
}

/// Where [`sh`] writes commands and their output instead of the terminal, once set
/// (`cargo xtask run` keeps the terminal for a short progress summary).
static LOG: OnceLock<PathBuf> = OnceLock::new();

/// Runs a command in the workspace root, failing with its description if it fails.
pub fn sh(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    if let Some(log) = LOG.get() {
        let open = || {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
                .map_err(|e| format!("{}: {e}", log.display()))
        };
        let mut file = open()?;
        let _ = std::io::Write::write_all(&mut file, format!("$ {shown}\n").as_bytes());
        command.stdout(open()?).stderr(file);
    } else {
        eprintln!("$ {shown}");
    }
    run_to_end(command, &shown)
}

/// Runs `command` (described as `shown`) in the workspace root until it ends.
fn run_to_end(command: &mut Command, shown: &str) -> Result<(), String> {
    let status = command
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed with {status}"))
    }
}

/// Runs `work`, printing `what` and how long it took; on failure, the end of the log.
fn step<T>(what: &str, work: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    let started = Instant::now();
    eprint!("  {what} … ");
    match work() {
        Ok(value) => {
            eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
            Ok(value)
        }
        Err(message) => {
            eprintln!("failed");
            if let Some(log) = LOG.get() {
                let text = std::fs::read_to_string(log).unwrap_or_default();
                let lines: Vec<&str> = text.lines().collect();
                eprintln!("--- the last lines of {} ---", log.display());
                for line in &lines[lines.len().saturating_sub(30)..] {
                    eprintln!("{line}");
                }
            }
            Err(message)
        }
    }
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Builds the reference server with the `server` profile; returns the binary's path.
pub fn build_server() -> Result<PathBuf, String> {
    sh(cargo().args(["build", "--profile", "server", "-p", "portal-server"]))?;
    Ok(target_dir().join("server/portal-server"))
}

fn run(rest: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let log = target_dir().join("xtask-run.log");
    std::fs::create_dir_all(target_dir()).map_err(|e| e.to_string())?;
    std::fs::write(&log, "").map_err(|e| format!("{}: {e}", log.display()))?;
    eprintln!("Building Banshi (the full log is in {})", log.display());
    let _ = LOG.set(log);
    let (dist, _) = step(
        "the app: tools, Trunk, split, compress (a first run installs and compiles for about 30 min)",
        spa::build,
    )?;
    let server = step("the reference server", build_server)?;
    eprintln!("Ready in {:.1} s", started.elapsed().as_secs_f64());
    let passthrough = rest.strip_prefix(&["--".to_owned()]).unwrap_or(rest);
    let mut command = Command::new(server);
    if !passthrough.iter().any(|a| a == "--database") {
        command.args(["--database", "banshi.sqlite3"]);
    }
    if !passthrough.iter().any(|a| a == "--dist") {
        command.arg("--dist").arg(&dist);
    }
    // Demo mode: one staff account per role, their passwords in the banner; the e-mail it
    // sends goes to a local mail server that writes each message into a file.
    let mut _mail = None;
    if !passthrough.iter().any(|a| a == "--no-demo") {
        command.arg("--demo");
        if !passthrough.iter().any(|a| a == "--smtp-url") {
            let log = target_dir().join("demo-mail.jsonl");
            let sink = step("the demo's mail server (aiosmtpd)", || {
                mail::MailSink::start(log.clone())
            })?;
            eprintln!("E-mail the demo sends is written to {}", log.display());
            command
                .arg("--smtp-url")
                .arg(format!("smtp://{}", sink.address));
            _mail = Some(sink);
        }
    }
    let passthrough: Vec<&String> = passthrough.iter().filter(|a| *a != "--no-demo").collect();
    // The server's own output goes to the terminal, not to the log.
    run_to_end(command.args(passthrough), "the server")
}

/// `cargo xtask prerender --api URL`: builds `dist/` and renders the landing pages into it
/// from that backend.
fn prerender(rest: &[String]) -> Result<(), String> {
    let (dist, _) = spa::build()?;
    let server = build_server()?;
    let mut command = Command::new(server);
    command.arg("prerender").arg("--dist").arg(&dist).args(rest);
    sh(&mut command)
}

fn test() -> Result<(), String> {
    // The API tests start a real SMTP server.
    let mail_python = tools::mail_python()?;
    sh(cargo()
        .args(["test", "--workspace", "--all-targets"])
        .env("BANSHI_MAIL_PYTHON", mail_python))?;
    sh(cargo().args(["test", "--workspace", "--doc"]))?;
    tools::wasm_tools()?;
    e2e::chromium()?;
    sh(cargo().args([
        "test",
        "-p",
        "portal",
        "--target",
        "wasm32-unknown-unknown",
        "--test",
        "web",
    ]))?;
    e2e::run(&[])
}

fn lint() -> Result<(), String> {
    sh(cargo().args(["fmt", "--all", "--check"]))?;
    sh(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}
