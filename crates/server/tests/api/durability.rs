//! A real `portal-server` process on a real SQLite file: every submission, staff action and
//! audit entry it acknowledged survives `kill -9`, and retries after the restart do not
//! duplicate tickets. Its staff token comes from `portal-server staff add` and `staff token`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

/// A server process and the address it printed.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    /// Starts the server on `database`, with an SMS gateway that never answers (bookings
    /// need one to confirm a phone; the codes are read from the outbox).
    fn start(database: &Path) -> Server {
        Server::start_with(database, &["--sms-webhook", "http://127.0.0.1:9/sms"])
    }

    /// Like [`Server::start`], with more server options.
    fn start_with(database: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_portal-server"))
            .args([
                "--listen",
                "127.0.0.1:0",
                // The check reads back every ticket from one client; lift the lookup limit.
                "--lookup-burst",
                "1000",
                "--database",
            ])
            .arg(database)
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("server starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut stdout = BufReader::new(stdout);
        let mut first_line = String::new();
        stdout
            .read_line(&mut first_line)
            .expect("server prints its URL");
        // Keep reading, as a terminal would, so the server never writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let address = first_line
            .trim()
            .strip_prefix("Banshi is serving at http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected first line: {first_line}"))
            .to_owned();
        Server { child, address }
    }

    /// Sends one HTTP/1.1 request and returns (status, body).
    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connects");
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.address
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !body.is_empty() {
            head.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("writes");
        stream.write_all(body.as_bytes()).expect("writes");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("reads");
        let status = response[9..12].parse().expect("status code");
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    fn kill_hard(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `portal-server ARGS…` to its end and returns what it printed.
fn command_line(args: &[&str], database: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(args)
        .arg("--database")
        .arg(database)
        .env("RUST_LOG", "warn")
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// A supervisor's API token, made on the command line as an operator would.
fn staff_token(database: &Path) -> String {
    let added = command_line(
        &["staff", "add", "durability", "--role", "supervisor"],
        database,
    );
    assert!(added.contains("One-time password"), "{added}");
    let printed = command_line(
        &["staff", "token", "durability", "--label", "durability test"],
        database,
    );
    printed
        .lines()
        .find(|l| l.starts_with("bst_"))
        .unwrap_or_else(|| panic!("no token in {printed}"))
        .to_owned()
}

fn submission(service: &Value) -> Value {
    let fields: Vec<banshi_contract::Field> =
        serde_json::from_value(service["fields"].clone()).expect("fields");
    json!({ "service_code": service["service_code"], "answers": crate::support::valid_answers(&fields) })
}

#[test]
fn submissions_acknowledged_before_kill_9_survive_the_restart_without_duplicates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = dir.path().join("durable.sqlite3");
    let token = staff_token(&database);
    let bearer = format!("Bearer {token}");
    let server = Server::start(&database);
    let (_, services) = server.request("GET", "/api/v1/services", &[], None);
    let services: Vec<Value> = serde_json::from_str(&services).expect("services");
    let code = services[0]["service_code"].as_str().expect("code");
    let (_, service) = server.request("GET", &format!("/api/v1/services/{code}"), &[], None);
    let body = submission(&serde_json::from_str(&service).expect("service"));

    let acknowledged: Vec<(String, Value)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..8)
            .map(|worker| {
                let (server, body) = (&server, &body);
                scope.spawn(move || {
                    (0..10)
                        .map(|i| {
                            let key = format!("durability-{worker}-{i}");
                            let (status, receipt) = server.request(
                                "POST",
                                "/api/v1/requests",
                                &[("Idempotency-Key", &key)],
                                Some(body),
                            );
                            assert_eq!(status, 201, "{receipt}");
                            (key, serde_json::from_str(&receipt).expect("receipt"))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("worker"))
            .collect()
    });
    assert_eq!(acknowledged.len(), 80);
    // Staff actions, each audited in its own transaction, from two threads at once.
    let accepted: Vec<String> = acknowledged[..20]
        .iter()
        .map(|(_, r)| r["ticket"].as_str().expect("ticket").to_owned())
        .collect();
    let handled: Vec<(String, String)> = acknowledged[20..30]
        .iter()
        .map(|(_, r)| {
            (
                r["ticket"].as_str().expect("ticket").to_owned(),
                r["access_code"].as_str().expect("code").to_owned(),
            )
        })
        .collect();
    let reissued: Vec<String> = std::thread::scope(|scope| {
        let (server, bearer) = (&server, &bearer);
        let withdrawing = &acknowledged[30..35];
        let sending_back = &acknowledged[35..38];
        // Three results are sent back by their citizens meanwhile.
        scope.spawn(move || {
            for (_, receipt) in sending_back {
                let ticket = receipt["ticket"].as_str().expect("ticket");
                for status in ["accepted", "in_progress", "completed"] {
                    let (code, body) = server.request(
                        "POST",
                        &format!("/api/v1/staff/tickets/{ticket}/status"),
                        &[("Authorization", bearer)],
                        Some(&json!({ "status": status })),
                    );
                    assert_eq!(code, 200, "{body}");
                }
                let (status, body) = server.request(
                    "POST",
                    &format!("/api/v1/tickets/{ticket}/send-back"),
                    &[(
                        "X-Access-Code",
                        receipt["access_code"].as_str().expect("code"),
                    )],
                    Some(&json!({ "reason": "结果有误" })),
                );
                assert_eq!(status, 200, "{body}");
            }
        });
        let cases = scope.spawn(move || {
            handled
                .iter()
                .map(|(ticket, code)| {
                    let auth = [("Authorization", bearer.as_str())];
                    let asked = [
                        json!({ "status": "accepted" }),
                        json!({ "status": "needs_info", "missing": ["户口簿复印件"] }),
                    ];
                    for change in asked {
                        let (status, body) = server.request(
                            "POST",
                            &format!("/api/v1/staff/tickets/{ticket}/status"),
                            &auth,
                            Some(&change),
                        );
                        assert_eq!(status, 200, "{body}");
                    }
                    let (status, body) = server.request(
                        "POST",
                        &format!("/api/v1/tickets/{ticket}/reply"),
                        &[("X-Access-Code", code.as_str())],
                        Some(&json!({ "answers": ["明天送到窗口"] })),
                    );
                    assert_eq!(status, 200, "{body}");
                    let steps = [
                        (
                            "notes",
                            json!({ "text": "内部：核对户籍信息", "public": false }),
                        ),
                        ("notes", json!({ "text": "已转交户籍科", "public": true })),
                        ("assignment", json!({ "assignee": "durability" })),
                    ];
                    for (path, change) in steps {
                        let (status, body) = server.request(
                            "POST",
                            &format!("/api/v1/staff/tickets/{ticket}/{path}"),
                            &auth,
                            Some(&change),
                        );
                        assert_eq!(status, 200, "{body}");
                    }
                    let (status, body) = server.request(
                        "POST",
                        &format!("/api/v1/staff/tickets/{ticket}/access-code"),
                        &auth,
                        Some(&json!({ "identity_checked": true })),
                    );
                    assert_eq!(status, 200, "{body}");
                    let made: Value = serde_json::from_str(&body).expect("new code");
                    made["access_code"].as_str().expect("code").to_owned()
                })
                .collect::<Vec<_>>()
        });
        scope.spawn(move || {
            for ticket in &accepted {
                let (status, body) = server.request(
                    "POST",
                    &format!("/api/v1/staff/tickets/{ticket}/status"),
                    &[("Authorization", bearer)],
                    Some(&json!({ "status": "accepted" })),
                );
                assert_eq!(status, 200, "{body}");
            }
        });
        scope.spawn(move || {
            for i in 0..5 {
                let (status, body) = server.request(
                    "POST",
                    "/api/v1/staff/accounts",
                    &[("Authorization", bearer)],
                    Some(&json!({ "name": format!("clerk{i}"), "display_name": "办事员", "role": "clerk" })),
                );
                assert_eq!(status, 201, "{body}");
            }
        });
        // Citizens withdraw five requests meanwhile.
        scope.spawn(move || {
            for (_, receipt) in withdrawing {
                let ticket = receipt["ticket"].as_str().expect("ticket");
                let code = receipt["access_code"].as_str().expect("code");
                let (status, body) = server.request(
                    "POST",
                    &format!("/api/v1/tickets/{ticket}/withdrawal"),
                    &[("X-Access-Code", code)],
                    Some(&json!({ "reason": "已在网上办理" })),
                );
                assert_eq!(status, 200, "{body}");
            }
        });
        cases.join().expect("case worker")
    });
    // Helpers, requests for help filed by an agent, and the help confirmed for each.
    let (_, help_service) = server.request("GET", "/api/v1/services/get-help", &[], None);
    let mut help_body = submission(&serde_json::from_str(&help_service).expect("service"));
    help_body["agent"] = json!({
        "name": "王小明", "phone": "13800138000", "relationship": "family", "authorisation": true,
    });
    let helpers: Vec<i64> = (0..3)
        .map(|i| {
            let (status, helper) = server.request(
                "POST",
                "/api/v1/staff/helpers",
                &[("Authorization", &bearer)],
                Some(&json!({ "name": format!("志愿者{i}"), "phone": "13900005555" })),
            );
            assert_eq!(status, 201, "{helper}");
            serde_json::from_str::<Value>(&helper).expect("helper")["id"]
                .as_i64()
                .expect("id")
        })
        .collect();
    let helped: Vec<(String, String)> = (0..4)
        .map(|i| {
            let (status, receipt) = server.request(
                "POST",
                "/api/v1/requests",
                &[("Idempotency-Key", &format!("durability-help-{i}"))],
                Some(&help_body),
            );
            assert_eq!(status, 201, "{receipt}");
            let receipt: Value = serde_json::from_str(&receipt).expect("receipt");
            let ticket = receipt["ticket"].as_str().expect("ticket").to_owned();
            let (status, body) = server.request(
                "POST",
                &format!("/api/v1/staff/tickets/{ticket}/help"),
                &[("Authorization", &bearer)],
                Some(&json!({ "helper": helpers[i % 3], "at": "2099-12-08T10:00" })),
            );
            assert_eq!(status, 200, "{body}");
            (
                ticket,
                receipt["access_code"].as_str().expect("code").to_owned(),
            )
        })
        .collect();
    // Queue numbers taken, one of them cancelled and one called, each acknowledged.
    let numbers: Vec<(String, String)> = (0..3)
        .map(|i| {
            let (status, answer) = server.request(
                "POST",
                "/api/v1/halls/main/lines/D/numbers",
                &[],
                Some(&json!({ "phone": format!("1370000000{i}") })),
            );
            assert_eq!(status, 201, "{answer}");
            let number: Value = serde_json::from_str(&answer).expect("number");
            (
                number["number"].as_str().expect("number").to_owned(),
                number["token"].as_str().expect("token").to_owned(),
            )
        })
        .collect();
    let (status, answer) = server.request(
        "POST",
        &format!("/api/v1/halls/main/numbers/{}/cancellation", numbers[1].0),
        &[("X-Queue-Token", &numbers[1].1)],
        None,
    );
    assert_eq!(status, 200, "{answer}");
    let (status, answer) = server.request(
        "POST",
        "/api/v1/staff/halls/main/lines/D/next",
        &[("Authorization", &bearer)],
        None,
    );
    assert_eq!(status, 200, "{answer}");
    // D001 missed; D003 called to window 8, served and sent on to line A.
    let clerk = |path: &str, body: Value| {
        let (status, answer) =
            server.request("POST", path, &[("Authorization", &bearer)], Some(&body));
        assert_eq!(status, 200, "{path}: {answer}");
    };
    clerk(
        &format!("/api/v1/staff/halls/main/numbers/{}", numbers[0].0),
        json!({ "action": "missed" }),
    );
    clerk("/api/v1/staff/halls/main/windows/8/call", json!({}));
    let d3 = format!("/api/v1/staff/halls/main/numbers/{}", numbers[2].0);
    clerk(&d3, json!({ "action": "serve" }));
    clerk(&d3, json!({ "action": "transfer", "line": "A" }));
    // A fourth visit served and rated by its holder; window 6 paused.
    let (status, answer) = server.request(
        "POST",
        "/api/v1/halls/main/lines/D/numbers",
        &[],
        Some(&json!({ "phone": "13700000009" })),
    );
    assert_eq!(status, 201, "{answer}");
    let fourth: Value = serde_json::from_str(&answer).expect("number");
    let (d4, d4_token) = (
        fourth["number"].as_str().expect("number").to_owned(),
        fourth["token"].as_str().expect("token").to_owned(),
    );
    clerk("/api/v1/staff/halls/main/windows/8/call", json!({}));
    let d4_path = format!("/api/v1/staff/halls/main/numbers/{d4}");
    clerk(&d4_path, json!({ "action": "serve" }));
    clerk(&d4_path, json!({ "action": "finish" }));
    let (status, answer) = server.request(
        "POST",
        &format!("/api/v1/halls/main/numbers/{d4}/rating"),
        &[("X-Queue-Token", &d4_token)],
        Some(&json!({ "score": 5 })),
    );
    assert_eq!(status, 201, "{answer}");
    clerk(
        "/api/v1/staff/halls/main/windows/6/pause",
        json!({ "paused": true }),
    );
    // Bookings: one checked in (its day come), one cancelled, one in a slot staff closed.
    let (_, answer) = server.request("GET", "/api/v1/halls/main/lines/B/slots", &[], None);
    let days: Value = serde_json::from_str(&answer).expect("slots");
    let date = days["days"][0]["date"].as_str().expect("date").to_owned();
    let bookings: Vec<(String, String)> = ["13600000001", "13600000002", "13600000003"]
        .iter()
        .zip(["09:00", "10:00", "11:00"])
        .map(|(phone, starts)| {
            let (status, answer) = server.request(
                "POST",
                "/api/v1/halls/main/phone-codes",
                &[],
                Some(&json!({ "phone": phone })),
            );
            assert_eq!(status, 202, "{answer}");
            let code: String = rusqlite::Connection::open(&database)
                .expect("the database")
                .query_row(
                    "SELECT json_extract(facts, '$.hall.code') FROM outbox
                     WHERE recipient = ?1 AND kind = 'phone_code'",
                    [phone],
                    |r| r.get(0),
                )
                .expect("a code");
            let (status, answer) = server.request(
                "POST",
                "/api/v1/halls/main/bookings",
                &[],
                Some(&json!({ "line": "B", "date": date, "starts": starts, "phone": phone, "code": code })),
            );
            assert_eq!(status, 201, "{answer}");
            let booking: Value = serde_json::from_str(&answer).expect("booking");
            (
                booking["reference"].as_str().expect("reference").to_owned(),
                booking["token"].as_str().expect("token").to_owned(),
            )
        })
        .collect();
    let start = portal_server::clock::now() + chrono::Duration::minutes(5);
    rusqlite::Connection::open(&database)
        .expect("the database")
        .execute(
            "UPDATE bookings SET day = ?2, slot_at = ?3 WHERE reference = ?1",
            (
                &bookings[0].0,
                start.format("%Y%m%d").to_string(),
                portal_server::clock::rfc3339(start),
            ),
        )
        .expect("the booking's day comes");
    let booking_call = |(reference, token): &(String, String), what: &str| {
        server.request(
            "POST",
            &format!("/api/v1/halls/main/bookings/{reference}/{what}"),
            &[("X-Queue-Token", token)],
            None,
        )
    };
    let (status, answer) = booking_call(&bookings[0], "check-in");
    assert_eq!(status, 201, "{answer}");
    let checked_in: Value = serde_json::from_str(&answer).expect("number");
    let (status, answer) = booking_call(&bookings[1], "cancellation");
    assert_eq!(status, 200, "{answer}");
    clerk(
        "/api/v1/staff/halls/main/slot-closures",
        json!({ "line": "B", "date": date, "starts": "11:00" }),
    );
    server.kill_hard();

    let restarted = Server::start(&database);
    let states: Vec<String> = numbers
        .iter()
        .map(|(number, token)| {
            let (status, answer) = restarted.request(
                "GET",
                &format!("/api/v1/halls/main/numbers/{number}"),
                &[("X-Queue-Token", token)],
                None,
            );
            assert_eq!(
                status, 200,
                "{number} was acknowledged but now answers {answer}"
            );
            let number: Value = serde_json::from_str(&answer).expect("number");
            number["state"].as_str().expect("state").to_owned()
        })
        .collect();
    assert_eq!(states, ["missed", "cancelled", "transferred"]);
    let (_, answer) = restarted.request(
        "GET",
        &format!("/api/v1/halls/main/numbers/{d4}"),
        &[("X-Queue-Token", &d4_token)],
        None,
    );
    let rated: Value = serde_json::from_str(&answer).expect("number");
    assert_eq!(
        (&rated["state"], &rated["rating"]),
        (&json!("served"), &json!(5))
    );
    let (_, answer) = restarted.request("GET", "/api/v1/halls/main", &[], None);
    let hall: Value = serde_json::from_str(&answer).expect("hall");
    assert_eq!(
        hall["windows"][5]["paused"],
        json!(true),
        "window 6 stays paused"
    );
    let booking_states: Vec<Value> = bookings
        .iter()
        .map(|(reference, token)| {
            let (status, answer) = restarted.request(
                "GET",
                &format!("/api/v1/halls/main/bookings/{reference}"),
                &[("X-Queue-Token", token)],
                None,
            );
            assert_eq!(
                status, 200,
                "{reference} was acknowledged but now answers {answer}"
            );
            let booking: Value = serde_json::from_str(&answer).expect("booking");
            booking["state"].clone()
        })
        .collect();
    assert_eq!(
        booking_states,
        [json!("checked_in"), json!("cancelled"), json!("closed")]
    );
    let (status, answer) = restarted.request(
        "GET",
        &format!(
            "/api/v1/halls/main/numbers/{}",
            checked_in["number"].as_str().expect("number")
        ),
        &[("X-Queue-Token", &bookings[0].1)],
        None,
    );
    assert_eq!(status, 200, "the checked-in number: {answer}");
    let (_, answer) = restarted.request("GET", "/api/v1/halls/main/lines/B/slots", &[], None);
    let days: Value = serde_json::from_str(&answer).expect("slots");
    let slot = |starts: &str| {
        days["days"][0]["slots"]
            .as_array()
            .expect("slots")
            .iter()
            .find(|s| s["starts"] == json!(starts))
            .cloned()
            .expect("slot")
    };
    assert_eq!(
        slot("10:00")["left"],
        json!(4),
        "the cancelled place is free"
    );
    assert_eq!(slot("11:00")["closed"], json!(true));
    // Each number taken kept the wait it was estimated to have, for the estimate's error.
    let recorded: u32 = rusqlite::Connection::open(&database)
        .expect("the database")
        .query_row(
            "SELECT count(*) FROM queue_numbers
             WHERE line_code = 'D' AND estimated_wait IS NOT NULL AND estimated_high IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("a count");
    assert_eq!(recorded, 4, "four numbers of line D were taken");
    for (index, (key, receipt)) in acknowledged.iter().enumerate() {
        let ticket = receipt["ticket"].as_str().expect("ticket");
        // Tickets 20 to 29 have new access codes, checked below.
        let code = match index.checked_sub(20).and_then(|i| reissued.get(i)) {
            Some(new_code) => new_code.as_str(),
            None => receipt["access_code"].as_str().expect("code"),
        };
        let (status, _) = restarted.request(
            "GET",
            &format!("/api/v1/tickets/{ticket}"),
            &[("X-Access-Code", code)],
            None,
        );
        assert_eq!(
            status, 200,
            "{ticket} was acknowledged but now answers {status}"
        );
        let (status, replay) = restarted.request(
            "POST",
            "/api/v1/requests",
            &[("Idempotency-Key", key)],
            Some(&body),
        );
        assert_eq!(status, 201);
        assert_eq!(
            &serde_json::from_str::<Value>(&replay).expect("replay"),
            receipt,
            "a retry got a new ticket"
        );
    }
    // Notes, assignments and new access codes survived, and the old codes stay retired.
    for ((_, receipt), new_code) in acknowledged[20..30].iter().zip(&reissued) {
        let ticket = receipt["ticket"].as_str().expect("ticket");
        let (status, case) = restarted.request(
            "GET",
            &format!("/api/v1/staff/tickets/{ticket}"),
            &[("Authorization", &bearer)],
            None,
        );
        assert_eq!(status, 200, "{case}");
        let case: Value = serde_json::from_str(&case).expect("case");
        let kinds: Vec<&str> = case["events"]
            .as_array()
            .expect("events")
            .iter()
            .filter_map(|e| e["kind"].as_str())
            .collect();
        assert_eq!(
            kinds,
            [
                "status",
                "status",
                "status",
                "citizen_reply",
                "internal_note",
                "public_note",
                "assigned",
                "access_code_reissued"
            ],
            "{ticket}"
        );
        assert_eq!(case["assignee"], "durability");
        assert_eq!(case["citizen_replied"], true);
        let old = receipt["access_code"].as_str().expect("code");
        for (code, expected) in [(old, 404), (new_code.as_str(), 200)] {
            let (status, _) = restarted.request(
                "GET",
                &format!("/api/v1/tickets/{ticket}"),
                &[("X-Access-Code", code)],
                None,
            );
            assert_eq!(status, expected, "{ticket} with {code}");
        }
    }
    for (ticket, code) in &helped {
        let (status, body) = restarted.request(
            "GET",
            &format!("/api/v1/tickets/{ticket}"),
            &[("X-Access-Code", code)],
            None,
        );
        assert_eq!(status, 200, "{body}");
        let view: Value = serde_json::from_str(&body).expect("ticket");
        assert_eq!(
            view["help"]["at"], "2099-12-08T10:00",
            "{ticket}: the help survived"
        );
        let (_, case) = restarted.request(
            "GET",
            &format!("/api/v1/staff/tickets/{ticket}"),
            &[("Authorization", &bearer)],
            None,
        );
        let case: Value = serde_json::from_str(&case).expect("case");
        assert_eq!(
            case["agent"]["name"], "王小明",
            "{ticket}: the agent survived"
        );
    }
    let (_, listed) = restarted.request(
        "GET",
        "/api/v1/staff/helpers",
        &[("Authorization", &bearer)],
        None,
    );
    let listed: Vec<Value> = serde_json::from_str(&listed).expect("helpers");
    assert_eq!(listed.len(), 3, "every acknowledged helper survived");
    let (_, list) = restarted.request(
        "GET",
        "/api/v1/staff/tickets?limit=200&kind=request",
        &[("Authorization", &bearer)],
        None,
    );
    let page: Value = serde_json::from_str(&list).expect("list");
    let list = page["tickets"].as_array().expect("tickets");
    assert_eq!(
        list.len(),
        80,
        "exactly one ticket per acknowledged submission"
    );
    let accepted = list.iter().filter(|t| t["status"] == "accepted").count();
    assert_eq!(accepted, 20, "every acknowledged status change survived");
    let withdrawn = list.iter().filter(|t| t["status"] == "withdrawn").count();
    assert_eq!(withdrawn, 5, "every acknowledged withdrawal survived");
    let reopened = list.iter().filter(|t| t["status"] == "in_progress").count();
    assert_eq!(
        reopened, 13,
        "every acknowledged reply (10) and send-back (3) survived"
    );
    // The contact columns and the inbox's order survived with them.
    let fields = body["answers"].as_object().expect("answers");
    let service: Value = serde_json::from_str(&service).expect("service");
    let phone_field = service["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["contact"] == "phone")
        .and_then(|f| f["code"].as_str())
        .expect("a phone contact field");
    let phone: String = fields[phone_field]
        .as_str()
        .expect("phone")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let (_, found) = restarted.request(
        "GET",
        &format!("/api/v1/staff/tickets?limit=200&status=accepted&q={phone}"),
        &[("Authorization", &bearer)],
        None,
    );
    let found: Value = serde_json::from_str(&found).expect("search");
    assert_eq!(
        found["tickets"].as_array().map(Vec::len),
        Some(20),
        "{found}"
    );
    let (_, audit) = restarted.request(
        "GET",
        "/api/v1/staff/audit?limit=200",
        &[("Authorization", &bearer)],
        None,
    );
    let audit: Vec<Value> = serde_json::from_str(&audit).expect("audit");
    let count = |action: &str| audit.iter().filter(|e| e["action"] == action).count();
    assert_eq!(
        (
            count("status_changed"),
            count("account_added"),
            count("token_created"),
            count("note_added"),
            count("case_assigned"),
            count("access_code_reissued"),
            count("helper_added"),
            count("help_confirmed"),
        ),
        (49, 6, 1, 20, 10, 10, 3, 4),
        "every acknowledged action is in the audit log"
    );
}

/// Files the demo's `senior-citizen-card` (its form asks for an e-mail address) with
/// notifications by e-mail chosen; returns (ticket, access code).
fn file_with_email(server: &Server, key: &str) -> (String, String) {
    let (_, service) = server.request("GET", "/api/v1/services/senior-citizen-card", &[], None);
    let service: Value = serde_json::from_str(&service).expect("service");
    let mut body = submission(&service);
    for field in service["fields"].as_array().expect("fields") {
        if field["contact"] == "email" {
            body["answers"][field["code"].as_str().expect("code")] = json!("li.hua@example.cn");
        }
    }
    body["notify"] = json!("email");
    let (status, receipt) = server.request(
        "POST",
        "/api/v1/requests",
        &[("Idempotency-Key", key)],
        Some(&body),
    );
    assert_eq!(status, 201, "{receipt}");
    let receipt: Value = serde_json::from_str(&receipt).expect("receipt");
    (
        receipt["ticket"].as_str().expect("ticket").to_owned(),
        receipt["access_code"].as_str().expect("code").to_owned(),
    )
}

#[tokio::test]
async fn a_message_queued_before_kill_9_is_delivered_after_the_restart_and_rework_survives() {
    // The mail server runs throughout; it refuses the first message, which then waits for a
    // retry that the kill comes before.
    let mail = crate::support::MailSink::start(1);
    let dir = tempfile::tempdir().expect("temp dir");
    let database = dir.path().join("loop.sqlite3");
    let token = staff_token(&database);
    let bearer = format!("Bearer {token}");
    let options = [
        "--smtp-url",
        mail.url.as_str(),
        "--notify-retry-seconds",
        "6",
        "--notify-timeout-seconds",
        "2",
    ];
    let server = Server::start_with(&database, &options);
    let auth = [("Authorization", bearer.as_str())];
    let post = |server: &Server, path: &str, body: Value| {
        let (status, answer) = server.request("POST", path, &auth, Some(&body));
        assert_eq!(status, 200, "{path}: {answer}");
    };
    let (told, _) = file_with_email(&server, "loop-told");
    post(
        &server,
        &format!("/api/v1/staff/tickets/{told}/status"),
        json!({ "status": "accepted" }),
    );
    // Wait until the first attempt was refused: the message is queued, not delivered.
    let started = std::time::Instant::now();
    while mail.lines().is_empty() {
        assert!(
            started.elapsed().as_secs() < 20,
            "no attempt reached the mail server"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Rework and a ruling, each acknowledged before the kill.
    let rework_path = |ticket: &str| format!("/api/v1/staff/tickets/{ticket}/rework");
    let mut rated = Vec::new();
    for i in 0..3 {
        let (ticket, code) = file_with_email(&server, &format!("loop-rated-{i}"));
        for status in ["accepted", "in_progress", "completed"] {
            post(
                &server,
                &format!("/api/v1/staff/tickets/{ticket}/status"),
                json!({ "status": status }),
            );
        }
        let (status, body) = server.request(
            "POST",
            &format!("/api/v1/tickets/{ticket}/rating"),
            &[("X-Access-Code", code.as_str())],
            Some(&json!({ "score": 1 })),
        );
        assert_eq!(status, 201, "{body}");
        rated.push(ticket);
    }
    post(
        &server,
        &rework_path(&rated[0]),
        json!({ "action": "verified", "note": "已核实" }),
    );
    post(
        &server,
        &rework_path(&rated[0]),
        json!({ "action": "fixed", "note": "已重新办理" }),
    );
    post(
        &server,
        &rework_path(&rated[1]),
        json!({ "action": "verified", "note": "已核实" }),
    );
    post(
        &server,
        &format!("/api/v1/staff/tickets/{}/rating/ruling", rated[2]),
        json!({ "ruling": "malicious", "reason": "与办件无关" }),
    );
    server.kill_hard();

    // The restart delivers what was queued, and only once per message id.
    // A message being attempted when the process died waits out its lease (twice the
    // timeout and a second) before it goes again.
    let restarted = Server::start_with(&database, &options);
    let refused = mail.lines()[0]["refused"].clone();
    let delivered = mail
        .wait_until(|accepted| accepted.iter().any(|m| m["message_id"] == refused))
        .await;
    let first = delivered
        .iter()
        .find(|m| m["message_id"] == refused)
        .expect("the refused message");
    // Delivery is at least once: a message sent but not yet recorded as sent when the
    // process died goes again, under the same id. Eleven were queued (the first ticket's
    // status, three for each rated ticket, one rework result): eleven ids, no more.
    let delivered = mail
        .wait_until(|accepted| {
            let ids: std::collections::HashSet<&str> = accepted
                .iter()
                .filter_map(|m| m["message_id"].as_str())
                .collect();
            ids.len() >= 11
        })
        .await;
    let ids: std::collections::HashSet<&str> = delivered
        .iter()
        .filter_map(|m| m["message_id"].as_str())
        .collect();
    assert_eq!(ids.len(), 11, "{ids:?}");
    assert!(first["body"].as_str().expect("body").contains(&told));
    // Its delivery is recorded just after the mail server accepts it.
    let started = std::time::Instant::now();
    let message = loop {
        let (_, case) =
            restarted.request("GET", &format!("/api/v1/staff/tickets/{told}"), &auth, None);
        let case: Value = serde_json::from_str(&case).expect("case");
        if case["messages"][0]["state"] == "sent" || started.elapsed().as_secs() > 10 {
            break case["messages"][0].clone();
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(
        (&message["state"], &message["attempts"]),
        (&json!("sent"), &json!(2)),
        "{message}"
    );
    let (_, ledger) = restarted.request("GET", "/api/v1/staff/bad-ratings", &auth, None);
    let ledger: Value = serde_json::from_str(&ledger).expect("ledger");
    let stage = |ticket: &str| {
        ledger["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|line| line["ticket"] == ticket)
            .map(|line| {
                (
                    line["rework"]["stage"].clone(),
                    line.get("ruling").is_some(),
                )
            })
    };
    assert_eq!(stage(&rated[0]), Some((json!("call_back"), false)));
    assert_eq!(stage(&rated[1]), Some((json!("fixing"), false)));
    assert_eq!(stage(&rated[2]), Some((json!("closed"), true)));
    // The rework result was queued with its step, and is delivered too.
    mail.wait_until(|accepted| {
        accepted
            .iter()
            .any(|m| m["body"].as_str().is_some_and(|b| b.contains("已重新办理")))
    })
    .await;
}
