//! `cargo xtask lighthouse`: Lighthouse at its default mobile settings (simulated slow 4G,
//! 4× CPU slowdown) on the landing pages, a tutorial's QR link and home, served by the
//! reference server and, prerendered into a static `dist/`, by nginx (as a CDN or an
//! agency's static host would, with the API behind it); then on every other citizen page
//! and state the server serves (a ticket opened with its carried code, a queue number with
//! its token). Prints a table of scores and Web Vitals against the budgets: the landing
//! pages' speed budgets, and accessibility 100 everywhere.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use crate::http::Connection;
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

/// The budgets of the landing pages.
const BUDGET_LCP_S: f64 = 1.0;
const BUDGET_CLS: f64 = 0.01;
const BUDGET_TBT_MS: f64 = 200.0;
const BUDGET_PERFORMANCE: f64 = 98.0;

pub fn run() -> Result<(), String> {
    let binary = lighthouse()?;
    let (dist, _) = spa::build()?;
    let server_binary = crate::build_server()?;
    e2e::chromium()?;
    let dist_arg = dist.to_string_lossy().into_owned();
    let server = Server::start(&server_binary, "lighthouse", &["--dist", &dist_arg])?;
    let poster = crate::server::poster_url(&server.address)?;
    println!(
        "Lighthouse {LIGHTHOUSE_VERSION}, mobile defaults; budgets: LCP <= {BUDGET_LCP_S} s, \
         CLS <= {BUDGET_CLS}, TBT <= {BUDGET_TBT_MS} ms, performance >= {BUDGET_PERFORMANCE}, accessibility 100"
    );
    let mut over = Vec::new();
    for (name, url) in [
        ("tutorial QR link", poster.clone()),
        ("home", format!("http://{}/", server.address)),
    ] {
        over.extend(audit(&binary, &format!("server: {name}"), &url, true)?);
    }
    for (name, url) in citizen_pages(&server.address)? {
        over.extend(audit(&binary, &format!("server: {name}"), &url, false)?);
    }

    // The same pages prerendered into a copy of dist/ and served statically.
    let static_dist = target_dir().join("lighthouse-static");
    let _ = std::fs::remove_dir_all(&static_dist);
    sh(Command::new("cp").arg("-r").arg(&dist).arg(&static_dist))?;
    sh(Command::new(&server_binary)
        .arg("prerender")
        .arg("--dist")
        .arg(&static_dist)
        .arg("--api")
        .arg(format!("http://{}/api", server.address)))?;
    let nginx = Nginx::start(&static_dist, &server.address)?;
    let static_poster = poster.replace(
        &server.address.to_ascii_uppercase(),
        &nginx.address.to_ascii_uppercase(),
    );
    for (name, url) in [
        ("tutorial QR link", static_poster),
        ("home", format!("http://{}/", nginx.address)),
    ] {
        over.extend(audit(&binary, &format!("static: {name}"), &url, true)?);
    }
    drop(nginx);
    drop(server);
    if over.is_empty() {
        println!("every page is within its budgets");
    } else {
        println!("over budget: {}", over.join("; "));
    }
    Ok(())
}

/// The citizen pages other than the landing ones, with the demo data they show: a category,
/// a service's guide and form, tracking, a ticket filed now and opened with its code, the
/// report and help forms, the hall, a number taken now, statistics, the scanner, a search
/// and a page that does not exist.
fn citizen_pages(address: &str) -> Result<Vec<(&'static str, String)>, String> {
    let mut connection = Connection::open(address).map_err(|e| e.to_string())?;
    let mut call = |method: &str, path: &str, body: &[u8]| -> Result<serde_json::Value, String> {
        let key = format!("lighthouse-{}-{path}", std::process::id());
        let response = connection
            .send(method, path, &[("Idempotency-Key", &key)], body)
            .map_err(|e| e.to_string())?;
        serde_json::from_slice(&response.body).map_err(|e| format!("{path}: {e}"))
    };
    let categories = call("GET", "/api/v1/categories", &[])?;
    let category = categories[0]["code"]
        .as_str()
        .ok_or("no category")?
        .to_owned();
    let tutorials = call("GET", "/api/v1/tutorials", &[])?;
    let service = tutorials
        .as_array()
        .and_then(|list| list.iter().find_map(|t| t["service_code"].as_str()))
        .ok_or("no tutorial leads to a service")?
        .to_owned();
    let receipt = call(
        "POST",
        "/api/v1/requests",
        &crate::bench::submission_body(address)?,
    )?;
    let (ticket, code) = (
        receipt["ticket"].as_str().ok_or("no receipt")?,
        receipt["access_code"].as_str().ok_or("no access code")?,
    );
    let number = call(
        "POST",
        "/api/v1/halls/main/lines/B/numbers",
        br#"{"phone":"13900003333"}"#,
    )?;
    let (queue, token) = (
        number["number"].as_str().ok_or("no number")?,
        number["token"].as_str().ok_or("no token")?,
    );
    let base = format!("http://{address}");
    Ok(vec![
        ("search", format!("{base}/?q=%E7%A4%BE%E4%BF%9D")),
        ("category", format!("{base}/c/{category}")),
        ("service guide", format!("{base}/s/{service}")),
        ("request form", format!("{base}/s/{service}/apply")),
        ("track", format!("{base}/track")),
        (
            "ticket with its code",
            format!("{base}/track/{ticket}#code={code}"),
        ),
        ("report a failure", format!("{base}/report")),
        ("get help", format!("{base}/get-help")),
        ("hall", format!("{base}/hall")),
        ("book a time", format!("{base}/book")),
        (
            "queue number",
            format!("{base}/q/{queue}?hall=main#token={token}"),
        ),
        ("statistics", format!("{base}/stats")),
        ("scanner", format!("{base}/scan")),
        ("page not found", format!("{base}/no/such/page")),
    ])
}

/// Runs Lighthouse on `url`, prints one line, and returns what is over budget: for a
/// `landing` page every budget, for the others accessibility.
fn audit(binary: &Path, name: &str, url: &str, landing: bool) -> Result<Vec<String>, String> {
    let report =
        std::env::temp_dir().join(format!("banshi-lighthouse-{}.json", std::process::id()));
    sh(Command::new(binary)
        .arg(url)
        .args(["--quiet", "--output=json", "--only-categories=performance,accessibility"])
        .arg(format!("--output-path={}", report.display()))
        .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking")
        .env("CHROME_PATH", "/usr/bin/chromium"))?;
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(report);
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
    let (performance, accessibility) = (score("performance"), score("accessibility"));
    let lcp = value("largest-contentful-paint") / 1000.0;
    let cls = value("cumulative-layout-shift");
    let tbt = value("total-blocking-time");
    println!(
        "{name:<34} performance {performance:>3.0}  accessibility {accessibility:>3.0}  LCP {lcp:.2} s  FCP {:.2} s  CLS {cls:.3}  TBT {tbt:.0} ms  ({url})",
        value("first-contentful-paint") / 1000.0,
    );
    // What costs accessibility points, so that a score under 100 says where to look.
    let failing: Vec<&str> = json["categories"]["accessibility"]["auditRefs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_str())
        .filter(|id| json["audits"][id]["score"].as_f64() == Some(0.0))
        .collect();
    if !failing.is_empty() {
        println!(
            "{:<34} failing accessibility audits: {}",
            "",
            failing.join(", ")
        );
    }
    let mut over = Vec::new();
    for (what, bad) in [
        ("LCP", lcp.is_nan() || lcp > BUDGET_LCP_S),
        ("CLS", cls.is_nan() || cls > BUDGET_CLS),
        ("TBT", tbt.is_nan() || tbt > BUDGET_TBT_MS),
        ("performance", performance < BUDGET_PERFORMANCE),
        ("accessibility", accessibility < 100.0),
    ] {
        if bad && (landing || what == "accessibility") {
            over.push(format!("{name} {what}"));
        }
    }
    Ok(over)
}

/// nginx serving a prerendered `dist/` as a static host would: a page's `.html` for its
/// address, `shell.html` for the app's other addresses, the precompressed twins, and the API
/// passed to the reference server.
struct Nginx {
    child: Child,
    /// `host:port`.
    address: String,
}

impl Nginx {
    fn start(dist: &Path, api: &str) -> Result<Nginx, String> {
        install_nginx()?;
        let dir = target_dir().join("lighthouse-nginx");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let address = format!("127.0.0.1:{port}");
        let brotli = Path::new(BROTLI_MODULE).exists();
        let conf = format!(
            "{load}daemon off; worker_processes 1; pid {dir}/nginx.pid; error_log {dir}/error.log;\n\
             events {{}}\n\
             http {{ include /etc/nginx/mime.types; access_log off;\n\
               client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy;\n\
               fastcgi_temp_path {dir}/fastcgi; uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;\n\
               gzip_static on; {brotli_static}\n\
               server {{ listen {address}; root {dist};\n\
                 location /api/ {{ proxy_pass http://{api}; }}\n\
                 location / {{ index index.html; try_files $uri $uri/ $uri.html /shell.html; }}\n\
               }}\n\
             }}\n",
            load = if brotli {
                format!("load_module {BROTLI_MODULE};\n")
            } else {
                String::new()
            },
            brotli_static = if brotli { "brotli_static on;" } else { "" },
            dir = dir.display(),
            dist = dist.display(),
        );
        let conf_path = dir.join("nginx.conf");
        std::fs::write(&conf_path, conf).map_err(|e| e.to_string())?;
        let child = Command::new("/usr/sbin/nginx")
            .arg("-c")
            .arg(&conf_path)
            .spawn()
            .map_err(|e| format!("cannot start nginx: {e}"))?;
        for _ in 0..50 {
            if std::net::TcpStream::connect(&address).is_ok() {
                return Ok(Nginx { child, address });
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Err(format!(
            "nginx did not start; see {}/error.log",
            dir.display()
        ))
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Debian's module that serves `.br` twins.
const BROTLI_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// Debian's nginx, with its brotli module where the archive has it.
fn install_nginx() -> Result<(), String> {
    if Path::new("/usr/sbin/nginx").exists() {
        return Ok(());
    }
    sh(Command::new("apt-get").arg("update").arg("-qq"))?;
    let install = |packages: &[&str]| {
        sh(Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"))
    };
    install(&["nginx", "libnginx-mod-http-brotli-static"]).or_else(|_| install(&["nginx"]))
}
