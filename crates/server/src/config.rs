//! Server settings, from command-line flags with `BANSHI_*` environment fallbacks.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything the server can be told at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// SQLite database file; created and seeded if missing.
    pub database: PathBuf,
    /// Built SPA (`dist/`) to serve, with `index.html` for client routes.
    pub dist: Option<PathBuf>,
    /// Bearer token for the staff API.
    pub staff_token: String,
    /// Ticket lookups a client may make at once.
    pub lookup_burst: u32,
    /// Ticket lookups a client regains per minute.
    pub lookups_per_minute: u32,
    /// Whether to take the client address from `X-Forwarded-For` (behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// Largest accepted request body in bytes.
    pub max_body_bytes: usize,
}

impl Config {
    /// Defaults for tests and embedding: loopback, a database path, no static files.
    pub fn for_database(database: PathBuf, staff_token: &str) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database,
            dist: None,
            staff_token: staff_token.to_owned(),
            lookup_burst: 30,
            lookups_per_minute: 60,
            trust_forwarded_for: false,
            max_body_bytes: 64 * 1024,
        }
    }
}

/// Usage text for `--help`.
pub const USAGE: &str = "\
portal-server: the Banshi reference backend (axum + SQLite)

Usage: portal-server [OPTIONS]

Options (each also read from the environment variable in brackets):
  --listen ADDR            address to listen on [BANSHI_LISTEN] (default 127.0.0.1:8080)
  --database PATH          SQLite file, created and seeded if new [BANSHI_DATABASE]
                           (default banshi.sqlite3)
  --dist DIR               built SPA to serve [BANSHI_DIST] (default ./dist when present)
  --staff-token TOKEN      bearer token of the staff API [BANSHI_STAFF_TOKEN]
                           (default: a random token, printed at start-up)
  --lookup-burst N         ticket lookups a client may make at once (default 30)
  --lookups-per-minute N   ticket lookups a client regains per minute (default 60)
  --trust-forwarded-for    take the client address from X-Forwarded-For
  --help                   print this text
";

/// Parses `args` (without the program name), reading `env` for fallbacks. `Ok(None)` means
/// `--help` was asked for.
pub fn parse(
    args: impl IntoIterator<Item = String>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<(Config, bool)>, String> {
    let mut flags = std::collections::HashMap::new();
    let mut trust = env("BANSHI_TRUST_FORWARDED_FOR").is_some_and(|v| v == "1" || v == "true");
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--trust-forwarded-for" => trust = true,
            "--listen"
            | "--database"
            | "--dist"
            | "--staff-token"
            | "--lookup-burst"
            | "--lookups-per-minute" => {
                let value = args.next().ok_or(format!("{arg} needs a value"))?;
                flags.insert(arg.trim_start_matches("--").to_owned(), value);
            }
            other => return Err(format!("unknown option {other}; see --help")),
        }
    }
    let get = |flag: &str, var: &str| flags.get(flag).cloned().or_else(|| env(var));
    let number = |flag: &str, default: u32| -> Result<u32, String> {
        flags.get(flag).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| format!("--{flag} needs a whole number"))
        })
    };
    let listen = get("listen", "BANSHI_LISTEN")
        .unwrap_or_else(|| "127.0.0.1:8080".into())
        .parse()
        .map_err(|_| "--listen needs an address like 127.0.0.1:8080".to_owned())?;
    let database = get("database", "BANSHI_DATABASE").unwrap_or_else(|| "banshi.sqlite3".into());
    let dist = get("dist", "BANSHI_DIST")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("dist")).filter(|d| d.join("index.html").is_file()));
    let (staff_token, generated) = match get("staff-token", "BANSHI_STAFF_TOKEN") {
        Some(token) if !token.is_empty() => (token, false),
        _ => (
            crate::codes::new_access_code().map_err(|e| e.to_string())?
                + &crate::codes::new_access_code().map_err(|e| e.to_string())?,
            true,
        ),
    };
    let mut config = Config::for_database(PathBuf::from(database), &staff_token);
    config.listen = listen;
    config.dist = dist;
    config.lookup_burst = number("lookup-burst", config.lookup_burst)?;
    config.lookups_per_minute = number("lookups-per-minute", config.lookups_per_minute)?;
    config.trust_forwarded_for = trust;
    Ok(Some((config, generated)))
}
