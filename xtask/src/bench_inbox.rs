//! `cargo xtask bench-inbox [--tickets N]`: the staff inbox at scale. Fills a database with
//! N synthetic tickets (one million by default; kept under `target/bench-inbox/` for the next
//! run), then prints p50/p99 of the inbox's first page under each filter and search, and
//! citizens' ticket lookups alone and while four inbox calls run at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use banshi_contract::Receipt;

use crate::bench::{phase, submission_body};
use crate::http::Connection;
use crate::server::Server;

/// Inbox queries measured, as a supervisor sees them.
const FILTERS: &[&str] = &[
    "",
    "?status=in_progress",
    "?status=needs_info",
    "?category=tax",
    "?service=id-card-renewal",
    "?assignee=none",
    "?due=soon",
    "?due=overdue",
    "?replied=true",
    "?category=vehicles&status=completed",
    "?limit=200",
];

pub fn run(args: &[String]) -> Result<(), String> {
    let tickets: u64 = match args {
        [flag, n] if flag == "--tickets" => n.parse().map_err(|_| "--tickets needs a number")?,
        [] => 1_000_000,
        _ => return Err("usage: cargo xtask bench-inbox [--tickets N]".into()),
    };
    let binary = crate::build_server()?;
    let dir = crate::target_dir().join("bench-inbox");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let database = dir.join(format!("{tickets}.sqlite3"));
    if !database.is_file() {
        println!(
            "Filling {} with {tickets} synthetic tickets…",
            database.display()
        );
        let partial = dir.join("filling.sqlite3");
        for stale in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{stale}", partial.display()));
        }
        crate::sh(
            std::process::Command::new(&binary)
                .args(["history", "--tickets", &tickets.to_string(), "--database"])
                .arg(&partial),
        )?;
        std::fs::rename(&partial, &database).map_err(|e| e.to_string())?;
    }
    let scratch = std::env::temp_dir().join(format!("banshi-bench-inbox-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let server = Server::start_on(
        &binary,
        scratch,
        database.clone(),
        &[
            "--demo",
            "--lookup-burst",
            "100000000",
            "--lookups-per-minute",
            "100000000",
        ],
    )?;
    let token = crate::e2e::staff_token(&binary, &server, "supervisor.zhang", "bench")?;
    let officer = crate::e2e::staff_token(&binary, &server, "officer.li", "bench")?;
    let address = server.address.clone();
    let bearer = format!("Bearer {token}");
    let officer_bearer = format!("Bearer {officer}");

    // One ticket whose code we know, and a synthetic applicant to search for.
    let body = submission_body(&address)?;
    let mut connection = Connection::open(&address).map_err(|e| e.to_string())?;
    let receipt = connection
        .send(
            "POST",
            "/api/v1/requests",
            &[(
                "Idempotency-Key",
                &format!("bench-inbox-{}", std::process::id()),
            )],
            &body,
        )
        .map_err(|e| e.to_string())?;
    let Receipt {
        ticket,
        access_code,
        ..
    } = serde_json::from_slice(&receipt.body).map_err(|e| format!("no receipt: {e}"))?;
    let sample = connection
        .send(
            "GET",
            "/api/v1/staff/tickets?status=completed&limit=1",
            &[("Authorization", &bearer)],
            &[],
        )
        .map_err(|e| e.to_string())?;
    let sample: serde_json::Value =
        serde_json::from_slice(&sample.body).map_err(|e| e.to_string())?;
    let name = sample["tickets"][0]["applicant_name"]
        .as_str()
        .ok_or("no synthetic applicant")?
        .to_owned();
    let encoded_name: String = name.bytes().map(|b| format!("%{b:02X}")).collect();
    let old_ticket = sample["tickets"][0]["ticket"]
        .as_str()
        .unwrap_or("")
        .to_owned();

    println!(
        "Inbox over {tickets} tickets (reference server, SQLite WAL, loopback, 2 connections, first page of 50 unless said)"
    );
    let mut queries: Vec<(String, String)> = FILTERS
        .iter()
        .map(|f| {
            (
                format!(
                    "supervisor {}",
                    if f.is_empty() { "(no filter)" } else { f }
                ),
                f.to_string(),
            )
        })
        .collect();
    queries.push((
        format!("supervisor ?q={name} (full name)"),
        format!("?q={encoded_name}"),
    ));
    queries.push((
        format!("supervisor ?q={old_ticket}"),
        format!("?q={old_ticket}"),
    ));
    queries.push((
        "supervisor ?q=13800138000 (mobile)".into(),
        "?q=13800138000".into(),
    ));
    for (label, query) in &queries {
        let path = format!("/api/v1/staff/tickets{query}");
        let call = |_: usize, c: &mut Connection| {
            c.send("GET", &path, &[("Authorization", &bearer)], &[])
                .map(|r| r.status)
        };
        phase(label, &address, 2, 200, None, &call).print();
    }
    for query in ["", "?due=overdue", "?q=13800138000"] {
        let path = format!("/api/v1/staff/tickets{query}");
        let call = |_: usize, c: &mut Connection| {
            c.send("GET", &path, &[("Authorization", &officer_bearer)], &[])
                .map(|r| r.status)
        };
        let label = format!(
            "officer.li (4 categories) {}",
            if query.is_empty() {
                "(no filter)"
            } else {
                query
            }
        );
        phase(&label, &address, 2, 200, None, &call).print();
    }

    let path = format!("/api/v1/tickets/{ticket}");
    let track = |_: usize, c: &mut Connection| {
        c.send("GET", &path, &[("X-Access-Code", &access_code)], &[])
            .map(|r| r.status)
    };
    let mut alone = phase(
        "citizen GET /v1/tickets/{ticket} alone, 32 connections",
        &address,
        32,
        30_000,
        None,
        &track,
    );
    alone.print();
    let paced = |label: &str| phase(label, &address, 32, 10_000, Some(2_000.0), &track);
    paced("citizen GET /v1/tickets/{ticket} alone, open loop 2000/s").print();
    let stop = AtomicBool::new(false);
    let inbox_calls = std::sync::atomic::AtomicUsize::new(0);
    let mut busy = std::thread::scope(|scope| {
        for worker in 0..4 {
            let (stop, inbox_calls, address, bearer) = (&stop, &inbox_calls, &address, &bearer);
            scope.spawn(move || {
                let Ok(mut c) = Connection::open(address) else {
                    return;
                };
                let mut i = worker;
                while !stop.load(Ordering::Relaxed) {
                    let path = format!("/api/v1/staff/tickets{}", FILTERS[i % FILTERS.len()]);
                    if c.send("GET", &path, &[("Authorization", bearer)], &[])
                        .is_ok()
                    {
                        inbox_calls.fetch_add(1, Ordering::Relaxed);
                    }
                    i += 1;
                }
            });
        }
        std::thread::sleep(Duration::from_millis(200));
        let busy = phase(
            "citizen GET /v1/tickets/{ticket} with 4 inbox calls running",
            &address,
            32,
            30_000,
            None,
            &track,
        );
        paced("citizen GET /v1/tickets/{ticket} with 4 inbox calls, open loop 2000/s").print();
        stop.store(true, Ordering::Relaxed);
        busy
    });
    busy.print();
    let rate = |p: &crate::bench::Phase| p.latencies.len() as f64 / p.elapsed.as_secs_f64();
    println!(
        "lookups with the inbox busy: {:.0} % of the solo throughput ({} inbox calls answered meanwhile)",
        100.0 * rate(&busy) / rate(&alone),
        inbox_calls.load(Ordering::Relaxed)
    );
    drop(server);
    Ok(())
}
