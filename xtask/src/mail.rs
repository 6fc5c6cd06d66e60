//! A real SMTP server for the journeys: aiosmtpd with the tests' JSON-lines handler
//! (`crates/server/tests/support/mailsink.py`), on a free loopback port, stopped when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{root, tools};

/// A running mail sink.
pub struct MailSink {
    child: Child,
    /// `127.0.0.1:port`.
    pub address: String,
    /// Where each accepted message is appended as one JSON line.
    pub log: PathBuf,
}

impl MailSink {
    /// Starts the sink, appending to `log`.
    pub fn start(log: PathBuf) -> Result<MailSink, String> {
        let python = tools::mail_python()?;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let address = format!("127.0.0.1:{port}");
        let child = Command::new(python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &address,
                "-c",
                "mailsink.JsonSink",
            ])
            .arg(&log)
            .current_dir(root().join("crates/server/tests/support"))
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start aiosmtpd: {e}"))?;
        let started = Instant::now();
        while TcpStream::connect(&address).is_err() {
            if started.elapsed() > Duration::from_secs(20) {
                return Err(format!("aiosmtpd did not listen on {address}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(MailSink {
            child,
            address,
            log,
        })
    }
}

impl Drop for MailSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
