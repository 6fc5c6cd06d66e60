//! `cargo xtask bench-scan`: measures the scanner's WebAssembly QR decoder per 640×480 camera
//! frame in Chromium, with a fake camera, and prints the numbers.

use std::process::Command;

use crate::server::Server;
use crate::{e2e, fake_camera, root, sh, spa, tools};

/// A QR payload that is not a portal address, so the scanner shows it and keeps decoding.
const FOREIGN_PAYLOAD: &str = "HTTPS://EXAMPLE.ORG/NOT-A-PORTAL-ADDRESS";

pub fn run(args: &[String]) -> Result<(), String> {
    let seconds = match args {
        [flag, n] if flag == "--seconds" => n.clone(),
        [] => "10".to_owned(),
        _ => return Err("usage: cargo xtask bench-scan [--seconds N]".into()),
    };
    let (dist, _) = spa::build()?;
    let binary = crate::build_server()?;
    e2e::chromium()?;
    let dist_arg = dist.to_string_lossy().into_owned();
    let server = Server::start(&binary, "bench-scan", &["--dist", &dist_arg])?;
    let camera = fake_camera::write(FOREIGN_PAYLOAD, &std::env::temp_dir())?;
    let result = sh(Command::new("node")
        .arg(root().join("tests/bench/scan.mjs"))
        .env("NODE_PATH", root().join("node_modules"))
        .env("PATH", tools::path_with_node_bin())
        .env("BANSHI_URL", format!("http://{}", server.address))
        .env("BANSHI_FAKE_CAMERA", &camera)
        .env("BANSHI_BENCH_SECONDS", seconds));
    let _ = std::fs::remove_file(camera);
    drop(server);
    result
}
