//! `cargo xtask e2e`: builds the SPA and the server, installs Chromium and Playwright when
//! missing, and runs the Playwright journeys against the real server on a fresh database.

use std::path::Path;
use std::process::Command;

use crate::server::Server;
use crate::{fake_camera, root, sh, spa, tools};

/// Installs Debian's Chromium, ChromeDriver and zbar (an independent QR decoder for the
/// poster tests) when they are missing.
pub fn chromium() -> Result<(), String> {
    let installed = [
        "/usr/bin/chromium",
        "/usr/bin/chromedriver",
        "/usr/bin/zbarimg",
    ];
    if installed.iter().all(|p| Path::new(p).exists()) {
        return Ok(());
    }
    sh(Command::new("apt-get").arg("update").arg("-qq"))?;
    sh(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
            "zbar-tools",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Runs the journeys; `filters` (file names or patterns, as Playwright takes them) run only
/// those that match.
pub fn run(filters: &[String]) -> Result<(), String> {
    let (dist, _) = spa::build()?;
    let binary = crate::build_server()?;
    chromium()?;
    let dist_arg = dist.to_string_lossy().into_owned();
    let mail_log =
        std::env::temp_dir().join(format!("banshi-e2e-mail-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&mail_log);
    let mail = crate::mail::MailSink::start(mail_log)?;
    let smtp_url = format!("smtp://{}", mail.address);
    let server = Server::start(
        &binary,
        "e2e",
        &[
            "--dist",
            &dist_arg,
            "--demo",
            "--smtp-url",
            &smtp_url,
            "--notify-retry-seconds",
            "1",
        ],
    )?;
    let supervisor = "supervisor.zhang";
    let password = server.demo_password(supervisor)?;
    let officer = "officer.li";
    let officer_password = server.demo_password(officer)?;
    let token = staff_token(&binary, &server, supervisor, "e2e journeys")?;
    // A token for a journey to revoke.
    let officer_token = staff_token(&binary, &server, "officer.li", "e2e revocable")?;
    let camera_url = crate::server::poster_url(&server.address)?;
    let camera = fake_camera::write(&camera_url, &std::env::temp_dir())?;
    let result = sh(Command::new(tools::node_bin().join("playwright"))
        .args(["test", "--config", "tests/e2e/playwright.config.mjs"])
        .args(filters)
        .current_dir(root())
        .env("BANSHI_URL", format!("http://{}", server.address))
        .env("BANSHI_STAFF_TOKEN", token)
        .env("BANSHI_OFFICER_TOKEN", officer_token)
        .env("BANSHI_SUPERVISOR", supervisor)
        .env("BANSHI_SUPERVISOR_PASSWORD", password)
        .env("BANSHI_OFFICER", officer)
        .env("BANSHI_OFFICER_PASSWORD", officer_password)
        .env("BANSHI_FAKE_CAMERA", camera)
        .env("BANSHI_FAKE_CAMERA_URL", camera_url)
        .env("BANSHI_MAIL_LOG", &mail.log)
        // For the journeys that start a server of their own (to restart it).
        .env("BANSHI_SERVER_BIN", &binary)
        .env("BANSHI_DIST", &dist_arg));
    drop(server);
    drop(mail);
    result
}

/// An API token for `name`, made with `portal-server staff token` as an operator would.
pub fn staff_token(
    binary: &Path,
    server: &Server,
    name: &str,
    label: &str,
) -> Result<String, String> {
    let output = Command::new(binary)
        .args(["staff", "token", name, "--label", label, "--database"])
        .arg(&server.database)
        .output()
        .map_err(|e| e.to_string())?;
    let printed = String::from_utf8_lossy(&output.stdout);
    printed
        .lines()
        .find(|l| l.starts_with("bst_"))
        .map(str::to_owned)
        .ok_or_else(|| format!("portal-server staff token printed no token: {printed}"))
}
