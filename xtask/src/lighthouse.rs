//! `cargo xtask lighthouse`: Lighthouse at its default mobile settings (simulated slow 4G,
//! 4× CPU slowdown) on the landing pages, a tutorial's QR link and home, served by the
//! reference server; prints the scores and Web Vitals against the budgets of DESIGN.md.

use std::path::PathBuf;
use std::process::Command;

use crate::server::Server;
use crate::{e2e, sh, spa, target_dir};

/// Lighthouse release, installed from npm on first use (outside package.json, which the test
/// command installs).
const LIGHTHOUSE_VERSION: &str = "12.8.2";

/// `target/tools/lighthouse/node_modules/.bin/lighthouse`, installed when missing.
fn lighthouse() -> Result<PathBuf, String> {
    let prefix = target_dir().join("tools/lighthouse");
    let binary = prefix.join("node_modules/.bin/lighthouse");
    let installed = Command::new(&binary)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == LIGHTHOUSE_VERSION);
    if !installed {
        std::fs::create_dir_all(&prefix).map_err(|e| e.to_string())?;
        sh(Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(format!("lighthouse@{LIGHTHOUSE_VERSION}")))?;
    }
    Ok(binary)
}

pub fn run() -> Result<(), String> {
    let binary = lighthouse()?;
    let (dist, _) = spa::build()?;
    let server_binary = crate::build_server()?;
    e2e::chromium()?;
    let dist_arg = dist.to_string_lossy().into_owned();
    let server = Server::start(&server_binary, "lighthouse", &["--dist", &dist_arg])?;
    let pages = [
        // Exactly what a poster's code opens.
        (
            "tutorial QR link",
            crate::server::poster_url(&server.address)?,
        ),
        ("home", format!("http://{}/", server.address)),
    ];
    let report =
        std::env::temp_dir().join(format!("banshi-lighthouse-{}.json", std::process::id()));
    println!(
        "Lighthouse {LIGHTHOUSE_VERSION}, mobile defaults; budgets: LCP <= 1.6 s, CLS <= 0.01, performance >= 95, accessibility 100"
    );
    for (name, url) in pages {
        sh(Command::new(&binary)
            .arg(&url)
            .args(["--quiet", "--output=json", "--only-categories=performance,accessibility"])
            .arg(format!("--output-path={}", report.display()))
            .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking")
            .env("CHROME_PATH", "/usr/bin/chromium"))?;
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
        let score = |category: &str| {
            json["categories"][category]["score"]
                .as_f64()
                .unwrap_or(0.0)
                * 100.0
        };
        let value = |audit: &str| {
            json["audits"][audit]["numericValue"]
                .as_f64()
                .unwrap_or(f64::NAN)
        };
        println!(
            "{name:<18} performance {:>3.0}  accessibility {:>3.0}  LCP {:.2} s  FCP {:.2} s  CLS {:.3}  TBT {:.0} ms  ({url})",
            score("performance"),
            score("accessibility"),
            value("largest-contentful-paint") / 1000.0,
            value("first-contentful-paint") / 1000.0,
            value("cumulative-layout-shift"),
            value("total-blocking-time"),
        );
    }
    let _ = std::fs::remove_file(report);
    drop(server);
    Ok(())
}
