//! Starting the reference server as a child process on a fresh database in a temporary
//! directory, and stopping it again when dropped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::http::Connection;

/// A running `portal-server` and where it listens.
pub struct Server {
    child: Child,
    dir: PathBuf,
    /// `host:port`.
    pub address: String,
    /// Its SQLite file.
    pub database: PathBuf,
    /// What it printed at start-up, up to the first blank line.
    pub banner: String,
}

impl Server {
    /// Starts `binary` on 127.0.0.1 with a new SQLite file; `extra` are more server options.
    pub fn start(binary: &Path, name: &str, extra: &[&str]) -> Result<Server, String> {
        let dir = std::env::temp_dir().join(format!("banshi-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let database = dir.join(format!("{name}.sqlite3"));
        Server::start_on(binary, dir, database, extra)
    }

    /// Starts `binary` on 127.0.0.1 with the SQLite file `database`; `dir` is removed when
    /// the server is dropped.
    pub fn start_on(
        binary: &Path,
        dir: PathBuf,
        database: PathBuf,
        extra: &[&str],
    ) -> Result<Server, String> {
        let mut child = Command::new(binary)
            .args(["--listen", "127.0.0.1:0", "--database"])
            .arg(&database)
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut stdout = BufReader::new(stdout);
        let mut line = String::new();
        stdout.read_line(&mut line).map_err(|e| e.to_string())?;
        let mut banner = line.clone();
        loop {
            let mut next = String::new();
            if stdout.read_line(&mut next).map_err(|e| e.to_string())? == 0
                || next.trim().is_empty()
            {
                break;
            }
            banner.push_str(&next);
        }
        // Drain the rest of the banner so the server never writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let address = line
            .trim()
            .strip_prefix("Banshi is serving at http://")
            .and_then(|a| a.strip_suffix('/'))
            .ok_or_else(|| format!("unexpected server output: {line}"))?
            .to_owned();
        Ok(Server {
            child,
            dir,
            address,
            database,
            banner,
        })
    }
}

impl Server {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The password demo mode printed for the account `name`.
    pub fn demo_password(&self, name: &str) -> Result<String, String> {
        self.banner
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|words| words.len() == 3 && words[1] == name)
            .map(|words| words[2].to_owned())
            .ok_or_else(|| format!("the server printed no demo password for {name}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The poster URL of the first tutorial of the server at `address`, as
/// `src/model/qr.rs` prints it: uppercase scheme, host and path word.
pub fn poster_url(address: &str) -> Result<String, String> {
    let mut connection = Connection::open(address).map_err(|e| e.to_string())?;
    let response = connection
        .send("GET", "/api/v1/tutorials", &[], &[])
        .map_err(|e| e.to_string())?;
    let tutorials: serde_json::Value =
        serde_json::from_slice(&response.body).map_err(|e| e.to_string())?;
    let id = tutorials[0]["id"]
        .as_str()
        .ok_or("the server lists no tutorial")?;
    Ok(format!("HTTP://{}/T/{id}", address.to_ascii_uppercase()))
}
