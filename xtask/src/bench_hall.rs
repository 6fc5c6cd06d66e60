//! `cargo xtask bench-hall [--streams N] [--calls N]`: a hall's calling boards at scale.
//! Opens N event streams (2000 by default) on the demo hall, takes numbers and calls them to a
//! window as a clerk, and prints how long each call took to reach each stream (p50, p99, max;
//! target p99 ≤ 1 s), the deliveries missing and the server's memory with the streams open.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use banshi_contract::{Hall, QueueNumber};

use crate::http::Connection;
use crate::server::Server;

/// Set in the benchmark's re-run under a raised open-file limit, so it runs only once more.
const RAISED: &str = "BANSHI_BENCH_HALL_RAISED";
/// Raises the soft open-file limit to the hard one, then runs the command given after it.
/// (The workspace forbids `unsafe`, so `setrlimit` is reached through the shell.)
const RAISE_AND_RUN: &str = r#"h=$(ulimit -Hn); [ "$h" = unlimited ] && h=$(cat /proc/sys/fs/nr_open); ulimit -n "$h"; exec "$0" "$@""#;
/// Stack of each stream's reader thread.
const STACK: usize = 64 * 1024;
/// Time between two calls.
const SPACING: Duration = Duration::from_millis(300);
/// How long a stream may take to connect and get its first snapshot.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the boards are awaited after the numbers are taken, and after the last call.
const SETTLE: Duration = Duration::from_secs(30);

pub fn run(args: &[String]) -> Result<(), String> {
    let (mut streams, mut calls) = (2000usize, 30usize);
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().and_then(|n| n.parse().ok());
        match (flag.as_str(), value) {
            ("--streams", Some(n)) => streams = n,
            ("--calls", Some(n)) => calls = n,
            _ => return Err("usage: cargo xtask bench-hall [--streams N] [--calls N]".into()),
        }
    }
    let (soft, hard) = open_file_limits()?;
    if soft != hard && std::env::var_os(RAISED).is_none() {
        // The server, started from the re-run, inherits its limit.
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let status = Command::new("sh")
            .args(["-c", RAISE_AND_RUN])
            .arg(exe)
            .arg("bench-hall")
            .args(args)
            .env(RAISED, "1")
            .status()
            .map_err(|e| format!("cannot start sh: {e}"))?;
        return if status.success() {
            Ok(())
        } else {
            Err(format!(
                "the run under the raised limit failed with {status}"
            ))
        };
    }
    println!("open files: soft limit {soft} (hard {hard}), for this process and the server");
    if soft < streams as u64 + 64 {
        return Err(format!(
            "{streams} streams need more than {soft} open files; raise the hard limit"
        ));
    }

    let binary = crate::build_server()?;
    let server = Server::start(&binary, "bench-hall", &["--demo"])?;
    let pid = server.pid();
    let clerk = crate::e2e::staff_token(&binary, &server, "clerk.wang", "bench-hall")?;
    let bearer = format!("Bearer {clerk}");
    let address = server.address.clone();
    let mut connection = Connection::open(&address).map_err(|e| e.to_string())?;
    let halls = connection
        .send("GET", "/api/v1/halls", &[], &[])
        .map_err(|e| e.to_string())?;
    let halls: Vec<Hall> =
        serde_json::from_slice(&halls.body).map_err(|e| format!("no halls: {e}"))?;
    let hall = halls.first().ok_or("the server lists no hall")?;
    let window = hall.windows.first().ok_or("the hall has no window")?;
    let line = window.lines.first().ok_or("the window serves no line")?;
    let waiting = hall
        .lines
        .iter()
        .find(|l| &l.code == line)
        .map_or(0, |l| l.waiting);
    println!(
        "server {} (pid {pid}), open files: {}",
        server.address,
        server_file_limit(pid).unwrap_or_else(|e| e)
    );
    println!(
        "server memory before the streams: {}",
        memory(pid).unwrap_or_else(|e| e)
    );

    let counters = Counters::default();
    let path = format!("/api/v1/halls/{}/events", hall.id);
    let board = Board {
        address: &address,
        path: &path,
        line,
        queued: waiting.saturating_add(u32::try_from(calls).unwrap_or(u32::MAX)),
        counters: &counters,
    };
    let measured = std::thread::scope(|scope| {
        let measured = (|| -> Result<_, String> {
            let started = Instant::now();
            let mut readers = Vec::with_capacity(streams);
            for _ in 0..streams {
                let board = &board;
                let reader = std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(scope, move || board.follow())
                    .map_err(|e| format!("cannot start a stream's thread: {e}"))?;
                readers.push(reader);
            }
            let (ready, failed) = (&counters.ready, &counters.failed);
            while ready.load(Ordering::Relaxed) + failed.load(Ordering::Relaxed) < streams
                && started.elapsed() < CONNECT_TIMEOUT
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            let open = ready.load(Ordering::Relaxed);
            println!(
                "{open} of {streams} streams open with their first snapshot in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            if open < streams {
                counters.stop.store(true, Ordering::Relaxed);
                let reasons: Vec<String> = readers
                    .into_iter()
                    .filter_map(|r| r.join().ok()?.err())
                    .take(3)
                    .collect();
                return Err(format!(
                    "{} streams did not open (e.g. {reasons:?})",
                    streams - open
                ));
            }
            println!(
                "server memory with {streams} streams open, idle: {}",
                memory(pid).unwrap_or_else(|e| e)
            );
            // The server's threads, sampled until the streams close.
            scope.spawn(|| {
                while !counters.stop.load(Ordering::Relaxed) {
                    counters
                        .server_threads
                        .fetch_max(threads(pid), Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(20));
                }
            });

            let started = Instant::now();
            take_numbers(&mut connection, hall, line, calls)?;
            let taken = started.elapsed();
            while counters.shown.load(Ordering::Relaxed) < streams && started.elapsed() < SETTLE {
                std::thread::sleep(Duration::from_millis(20));
            }
            println!(
                "{calls} numbers taken in {:.1} s with the streams open; {} of {streams} boards showed them all {:.1} s after the first",
                taken.as_secs_f64(),
                counters.shown.load(Ordering::Relaxed),
                started.elapsed().as_secs_f64()
            );

            // The server's CPU while the calls reach the boards, beside this process's (the
            // readers share the machine with the server).
            let cpu = (cpu_seconds("self"), cpu_seconds(&pid.to_string()));
            let started = Instant::now();
            let sent = call_numbers(&mut connection, hall, window.number, line, calls, &bearer)?;
            let last = Instant::now();
            while counters.delivered.load(Ordering::Relaxed) < streams * calls
                && last.elapsed() < SETTLE
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            println!(
                "{calls} calls made in {:.1} s (one each {} ms when the server keeps up); until every board had them: server CPU {:.1} s, this process's CPU {:.1} s, over {:.1} s",
                (last - started).as_secs_f64(),
                SPACING.as_millis(),
                cpu_seconds(&pid.to_string()) - cpu.1,
                cpu_seconds("self") - cpu.0,
                started.elapsed().as_secs_f64(),
            );
            println!(
                "server memory with {streams} streams open, after the calls: {}",
                memory(pid).unwrap_or_else(|e| e)
            );
            counters.stop.store(true, Ordering::Relaxed);
            let logs: Vec<Result<Arrivals, String>> = readers
                .into_iter()
                .map(|r| r.join().unwrap_or_else(|_| Err("panicked".into())))
                .collect();
            Ok((sent, logs))
        })();
        // However it ended, the readers and the sampler stop (the scope waits for them).
        counters.stop.store(true, Ordering::Relaxed);
        measured
    });
    let (sent, logs) = measured?;
    println!(
        "server threads: up to {} (sampled every 20 ms)",
        counters.server_threads.load(Ordering::Relaxed)
    );

    let mut delays = Vec::with_capacity(streams * sent.len());
    let mut first = Vec::with_capacity(streams);
    let (mut missing, mut broken) = (0usize, 0usize);
    for log in &logs {
        let Ok(arrivals) = log else {
            broken += 1;
            missing += sent.len();
            continue;
        };
        for (i, call) in sent.iter().enumerate() {
            match arrivals.get(&call.number) {
                Some(arrived) => {
                    let delay = arrived.saturating_duration_since(call.sent);
                    delays.push(delay);
                    if i == 0 {
                        first.push(delay);
                    }
                }
                None => missing += 1,
            }
        }
    }
    let mut answered: Vec<Duration> = sent.iter().map(|c| c.answered).collect();
    let (p50, p99, max) = percentiles(&mut answered);
    println!("the clerk's call answered in: p50 {p50:.1} ms  p99 {p99:.1} ms  max {max:.1} ms");
    let (p50, p99, max) = percentiles(&mut first);
    println!(
        "the first call → {} boards: p50 {p50:.1} ms  p99 {p99:.1} ms  max {max:.1} ms",
        first.len()
    );
    let (p50, p99, max) = percentiles(&mut delays);
    println!(
        "call → board over {} calls × {streams} streams ({} deliveries): p50 {p50:.1} ms  p99 {p99:.1} ms  max {max:.1} ms  (target p99 ≤ 1000 ms)",
        sent.len(),
        delays.len(),
    );
    println!("missing deliveries: {missing} (streams that broke off: {broken})");
    drop(server);
    Ok(())
}

/// One call to the window.
struct Call {
    /// The number called, e.g. `A007`.
    number: String,
    /// Just before its request was sent.
    sent: Instant,
    /// How long the server took to answer it.
    answered: Duration,
}

/// Takes `count` numbers on `line` of `hall`, each with a phone of its own.
fn take_numbers(
    connection: &mut Connection,
    hall: &Hall,
    line: &str,
    count: usize,
) -> Result<(), String> {
    let take = format!("/api/v1/halls/{}/lines/{line}/numbers", hall.id);
    for i in 0..count {
        let body = format!(r#"{{"phone":"138{i:08}"}}"#);
        let taken = connection
            .send("POST", &take, &[], body.as_bytes())
            .map_err(|e| e.to_string())?;
        if taken.status != 201 {
            return Err(format!(
                "taking a number: {} {}",
                taken.status,
                String::from_utf8_lossy(&taken.body)
            ));
        }
    }
    Ok(())
}

/// Calls `count` numbers of `line` one by one to `window`, `SPACING` apart (or back to back
/// when an answer takes longer).
fn call_numbers(
    connection: &mut Connection,
    hall: &Hall,
    window: u32,
    line: &str,
    count: usize,
    bearer: &str,
) -> Result<Vec<Call>, String> {
    let call = format!("/api/v1/staff/halls/{}/windows/{window}/call", hall.id);
    let body = serde_json::json!({ "lines": [line] }).to_string();
    let mut calls = Vec::with_capacity(count);
    let mut due = Instant::now();
    for _ in 0..count {
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        due += SPACING;
        let sent = Instant::now();
        let called = connection
            .send("POST", &call, &[("Authorization", bearer)], body.as_bytes())
            .map_err(|e| e.to_string())?;
        let answered = sent.elapsed();
        let called: QueueNumber = serde_json::from_slice(&called.body).map_err(|e| {
            format!(
                "calling a number: {e}: {}",
                String::from_utf8_lossy(&called.body)
            )
        })?;
        calls.push(Call {
            number: called.number,
            sent,
            answered,
        });
    }
    Ok(calls)
}

/// When one stream first showed each number among the hall's calls.
type Arrivals = HashMap<String, Instant>;

/// Progress of the streams, shared by their readers.
#[derive(Default)]
struct Counters {
    /// Set when the readers are to close their streams.
    stop: AtomicBool,
    /// Streams that got their first snapshot.
    ready: AtomicUsize,
    /// Streams that could not open.
    failed: AtomicUsize,
    /// Streams that showed every number taken waiting.
    shown: AtomicUsize,
    /// Called numbers that reached a stream, over all streams.
    delivered: AtomicUsize,
    /// The most threads the server was seen to run.
    server_threads: AtomicUsize,
}

/// What a stream's reader follows.
struct Board<'a> {
    address: &'a str,
    path: &'a str,
    /// The line whose numbers are taken and called.
    line: &'a str,
    /// How many wait in `line` once the numbers are taken.
    queued: u32,
    counters: &'a Counters,
}

impl Board<'_> {
    /// Opens one stream and reads it until `stop`.
    fn follow(&self) -> Result<Arrivals, String> {
        let mut opened = false;
        let result = self.read_stream(&mut opened);
        if !opened {
            self.counters.failed.fetch_add(1, Ordering::Relaxed);
        }
        result
    }

    fn read_stream(&self, opened: &mut bool) -> Result<Arrivals, String> {
        let mut stream = TcpStream::connect(self.address).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .map_err(|e| e.to_string())?;
        let request = format!(
            "GET {} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.path, self.address
        );
        stream
            .write_all(request.as_bytes())
            .map_err(|e| e.to_string())?;
        let counters = self.counters;
        let mut arrivals = Arrivals::new();
        let mut shown = false;
        let mut sse = Sse::default();
        let mut chunk = [0u8; 8192];
        while !counters.stop.load(Ordering::Relaxed) {
            let read = match stream.read(&mut chunk) {
                Ok(0) => return Err("the server closed the stream".into()),
                Ok(n) => n,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    continue;
                }
                Err(e) => return Err(e.to_string()),
            };
            let now = Instant::now();
            for hall in sse.push(&chunk[..read])? {
                // The first snapshot's calls were made before the benchmark's.
                for call in hall.calls {
                    if let Entry::Vacant(first) = arrivals.entry(call.number) {
                        first.insert(now);
                        if *opened {
                            counters.delivered.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                if !shown
                    && hall
                        .lines
                        .iter()
                        .any(|l| l.code == self.line && l.waiting >= self.queued)
                {
                    shown = true;
                    counters.shown.fetch_add(1, Ordering::Relaxed);
                }
                if !*opened {
                    *opened = true;
                    counters.ready.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        Ok(arrivals)
    }
}

/// What a board needs of a `hall` snapshot: the calls' numbers and the lines' queues.
/// Reading only these (serde skips the rest) keeps this process's share of the two cores,
/// which it takes from the server it measures, small.
#[derive(serde::Deserialize)]
struct Seen {
    calls: Vec<SeenCall>,
    lines: Vec<SeenLine>,
}

/// A call's number.
#[derive(serde::Deserialize)]
struct SeenCall {
    number: String,
}

/// A line's code and queue.
#[derive(serde::Deserialize)]
struct SeenLine {
    code: String,
    waiting: u32,
}

/// An event stream's response as it arrives: head, chunked body, `hall` events.
#[derive(Default)]
struct Sse {
    /// Bytes not yet decoded.
    raw: Vec<u8>,
    /// Decoded body not yet split into events.
    body: Vec<u8>,
    /// Whether the head has been read.
    head_read: bool,
    /// Whether the body is chunked.
    chunked: bool,
    /// Bytes left in the current chunk, then its CRLF.
    chunk_left: usize,
}

impl Sse {
    /// Takes in `bytes`; returns the `hall` snapshots they complete.
    fn push(&mut self, bytes: &[u8]) -> Result<Vec<Seen>, String> {
        self.raw.extend_from_slice(bytes);
        if !self.head_read {
            let Some(end) = find(&self.raw, b"\r\n\r\n") else {
                return Ok(Vec::new());
            };
            let head = String::from_utf8_lossy(&self.raw[..end]).to_ascii_lowercase();
            if !head.starts_with("http/1.1 200") {
                return Err(format!(
                    "the stream answered {}",
                    head.lines().next().unwrap_or("")
                ));
            }
            self.chunked = head.contains("transfer-encoding: chunked");
            self.head_read = true;
            self.raw.drain(..end + 4);
        }
        if self.chunked {
            self.dechunk()?;
        } else {
            self.body.append(&mut self.raw);
        }
        let mut halls = Vec::new();
        while let Some(end) = find(&self.body, b"\n\n") {
            let event: Vec<u8> = self.body.drain(..end + 2).collect();
            let text = String::from_utf8_lossy(&event);
            let mut name = "";
            let mut data = String::new();
            for line in text.lines() {
                if let Some(value) = line.strip_prefix("event:") {
                    name = value.trim();
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push_str(value.strip_prefix(' ').unwrap_or(value));
                }
            }
            if name == "hall" {
                halls.push(serde_json::from_str(&data).map_err(|e| format!("a hall event: {e}"))?);
            }
        }
        Ok(halls)
    }

    /// Moves whole chunks' data from `raw` to `body`.
    fn dechunk(&mut self) -> Result<(), String> {
        loop {
            if self.chunk_left > 2 {
                let take = (self.chunk_left - 2).min(self.raw.len());
                self.body.extend(self.raw.drain(..take));
                self.chunk_left -= take;
                if self.chunk_left > 2 {
                    return Ok(());
                }
            }
            if self.chunk_left == 2 {
                if self.raw.len() < 2 {
                    return Ok(());
                }
                self.raw.drain(..2);
                self.chunk_left = 0;
            }
            let Some(end) = find(&self.raw, b"\r\n") else {
                return Ok(());
            };
            let size = String::from_utf8_lossy(&self.raw[..end]);
            let size = size.split(';').next().unwrap_or("").trim();
            let size = usize::from_str_radix(size, 16)
                .map_err(|_| format!("a bad chunk size: {size:?}"))?;
            if size == 0 {
                return Err("the server ended the stream".into());
            }
            self.raw.drain(..end + 2);
            self.chunk_left = size + 2;
        }
    }
}

/// The median, 99th percentile and maximum of `delays`, in milliseconds.
fn percentiles(delays: &mut [Duration]) -> (f64, f64, f64) {
    delays.sort();
    let pick = |q: f64| {
        let i = ((delays.len() as f64 * q).ceil() as usize).saturating_sub(1);
        delays.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    (pick(0.50), pick(0.99), pick(1.0))
}

/// CPU seconds (user and system) the process `pid` (or `self`) has used, from `/proc`; 0 if
/// unreadable. Assumes the kernel's usual 100 clock ticks a second.
fn cpu_seconds(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name (which may hold spaces) start with the state.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// The number of threads of the process `pid` now; 0 if unreadable.
fn threads(pid: u32) -> usize {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// This process's soft and hard limits on open files, as the shell reports them.
fn open_file_limits() -> Result<(u64, u64), String> {
    let output = Command::new("sh")
        .args(["-c", "ulimit -Sn; ulimit -Hn"])
        .output()
        .map_err(|e| format!("cannot start sh: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut limits = text.lines().map(|l| match l.trim() {
        "unlimited" => Some(u64::MAX),
        n => n.parse().ok(),
    });
    match (limits.next().flatten(), limits.next().flatten()) {
        (Some(soft), Some(hard)) => Ok((soft, hard)),
        _ => Err(format!("ulimit printed {text:?}")),
    }
}

/// The server's own open-file limit, from `/proc/{pid}/limits`.
fn server_file_limit(pid: u32) -> Result<String, String> {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits"))
        .map_err(|e| format!("/proc/{pid}/limits: {e}"))?;
    limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .map(|l| l.split_whitespace().skip(3).collect::<Vec<_>>().join(" "))
        .ok_or_else(|| "no open-file limit in /proc".into())
}

/// The server's resident memory now (VmRSS) and at its peak (VmHWM).
fn memory(pid: u32) -> Result<String, String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("/proc/{pid}/status: {e}"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or_else(|| "?".into(), |kb| format!("{:.1} MiB", kb / 1024.0))
    };
    Ok(format!(
        "VmRSS {}, VmHWM {}",
        field("VmRSS:"),
        field("VmHWM:")
    ))
}
