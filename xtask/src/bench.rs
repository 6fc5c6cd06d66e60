//! `cargo xtask bench`: starts the reference server on a fresh SQLite file and measures it
//! from another process over loopback, printing throughput and latency percentiles.
//!
//! Open-loop phases send at a fixed rate and time each request from when it was due, so a
//! stalled server cannot hide its queueing delay (no coordinated omission).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use banshi_contract::example::example_answers;
use banshi_contract::{Receipt, RequestSubmission, Service, ServiceSummary};

use crate::http::Connection;
use crate::server::Server;

/// Latencies of one phase.
pub struct Phase {
    name: String,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
    pub errors: usize,
}

impl Phase {
    pub fn print(&mut self) {
        self.latencies.sort();
        let pick = |q: f64| {
            let i = ((self.latencies.len() as f64 * q).ceil() as usize).saturating_sub(1);
            self.latencies
                .get(i)
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        println!(
            "{:<44} {:>8.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms  errors {}",
            self.name,
            self.latencies.len() as f64 / self.elapsed.as_secs_f64(),
            pick(0.50),
            pick(0.99),
            pick(1.0),
            self.errors
        );
    }
}

/// A valid submission to the first demo service, built from its form definition.
pub fn submission_body(address: &str) -> Result<Vec<u8>, String> {
    let mut connection = Connection::open(address).map_err(|e| e.to_string())?;
    let list = connection
        .send("GET", "/api/v1/services", &[], &[])
        .map_err(|e| e.to_string())?;
    let list: Vec<ServiceSummary> =
        serde_json::from_slice(&list.body).map_err(|e| e.to_string())?;
    let code = &list.first().ok_or("no services listed")?.service_code;
    let service = connection
        .send("GET", &format!("/api/v1/services/{code}"), &[], &[])
        .map_err(|e| e.to_string())?;
    let service: Service = serde_json::from_slice(&service.body).map_err(|e| e.to_string())?;
    let submission = RequestSubmission {
        notify: None,
        service_code: code.clone(),
        answers: example_answers(&service.fields),
        locale: None,
        agent: None,
    };
    serde_json::to_vec(&submission).map_err(|e| e.to_string())
}

/// Runs `total` requests over `connections` connections, at `rate` per second if given
/// (open loop) or as fast as answers come back (closed loop).
pub fn phase(
    name: &str,
    address: &str,
    connections: usize,
    total: usize,
    rate: Option<f64>,
    request: &(dyn Fn(usize, &mut Connection) -> std::io::Result<u16> + Sync),
) -> Phase {
    let next = AtomicUsize::new(0);
    let start = Instant::now();
    let results: Vec<(Vec<Duration>, usize)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..connections)
            .map(|_| {
                let next = &next;
                scope.spawn(move || {
                    let mut latencies = Vec::new();
                    let mut errors = 0;
                    let Ok(mut connection) = Connection::open(address) else {
                        return (latencies, total);
                    };
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= total {
                            break;
                        }
                        let due = rate.map_or_else(Instant::now, |r| {
                            start + Duration::from_secs_f64(i as f64 / r)
                        });
                        if let Some(wait) = due.checked_duration_since(Instant::now()) {
                            std::thread::sleep(wait);
                        }
                        match request(i, &mut connection) {
                            Ok(status) if status < 400 => latencies.push(due.elapsed()),
                            _ => {
                                errors += 1;
                                if let Ok(fresh) = Connection::open(address) {
                                    connection = fresh;
                                }
                            }
                        }
                    }
                    (latencies, errors)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let elapsed = start.elapsed();
    let mut latencies = Vec::with_capacity(total);
    let mut errors = 0;
    for (l, e) in results {
        latencies.extend(l);
        errors += e;
    }
    Phase {
        name: name.to_owned(),
        elapsed,
        latencies,
        errors,
    }
}

pub fn bench(args: &[String]) -> Result<(), String> {
    let seconds: f64 = match args {
        [flag, n] if flag == "--seconds" => n.parse().map_err(|_| "--seconds needs a number")?,
        [] => 10.0,
        _ => return Err("usage: cargo xtask bench [--seconds N]".into()),
    };
    let binary = crate::build_server()?;
    // A built SPA, when there is one, so the rendered landing pages are measured too.
    let dist = crate::root().join("dist");
    let dist_arg = dist.to_string_lossy().into_owned();
    let mut options = vec![
        "--lookup-burst",
        "100000000",
        "--lookups-per-minute",
        "100000000",
    ];
    let rendered = dist.join("index.html").is_file();
    if rendered {
        options.extend(["--dist", &dist_arg]);
    }
    let server = Server::start(&binary, "bench", &options)?;
    let address = server.address.clone();
    let body = submission_body(&address)?;
    let run_id = std::process::id();
    let submit = |i: usize, c: &mut Connection| {
        let key = format!("bench-{run_id}-{i}");
        c.send(
            "POST",
            "/api/v1/requests",
            &[("Idempotency-Key", &key)],
            &body,
        )
        .map(|r| r.status)
    };

    println!(
        "Reference server on SQLite (WAL, synchronous=FULL), loopback, {} cores",
        available_cores()
    );
    let mut burst = phase(
        "POST /v1/requests, 64 connections, max rate",
        &address,
        64,
        (400.0 * seconds) as usize,
        None,
        &submit,
    );
    burst.print();
    let offset = burst.latencies.len() + burst.errors;
    let submit_later = |i: usize, c: &mut Connection| submit(i + offset, c);
    phase(
        "POST /v1/requests, open loop 500/s",
        &address,
        64,
        (500.0 * seconds) as usize,
        Some(500.0),
        &submit_later,
    )
    .print();

    let mut connection = Connection::open(&address).map_err(|e| e.to_string())?;
    let receipt = connection
        .send(
            "POST",
            "/api/v1/requests",
            &[("Idempotency-Key", &format!("bench-{run_id}-ticket"))],
            &body,
        )
        .map_err(|e| e.to_string())?;
    let Receipt {
        ticket,
        access_code: code,
        ..
    } = serde_json::from_slice(&receipt.body).map_err(|e| format!("no receipt: {e}"))?;
    let path = format!("/api/v1/tickets/{ticket}");
    let track = |_: usize, c: &mut Connection| {
        c.send("GET", &path, &[("X-Access-Code", &code)], &[])
            .map(|r| r.status)
    };
    phase(
        "GET /v1/tickets/{ticket}, open loop 1000/s",
        &address,
        32,
        (1000.0 * seconds) as usize,
        Some(1000.0),
        &track,
    )
    .print();
    phase(
        "GET /v1/tickets/{ticket}, 32 connections, max rate",
        &address,
        32,
        (3000.0 * seconds) as usize,
        None,
        &track,
    )
    .print();
    if rendered {
        let page = crate::server::poster_url(&address)?;
        let path = page
            .rsplit_once("/T/")
            .map(|(_, id)| format!("/T/{id}"))
            .ok_or("no poster path")?;
        let render =
            |_: usize, c: &mut Connection| c.send("GET", &path, &[], &[]).map(|r| r.status);
        phase(
            "GET /T/{id} (tutorial rendered on the server), 32 connections, max rate",
            &address,
            32,
            (1000.0 * seconds) as usize,
            None,
            &render,
        )
        .print();
    } else {
        println!("(no dist/ built: run cargo xtask size to measure rendered pages too)");
    }
    drop(server);
    Ok(())
}

fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
