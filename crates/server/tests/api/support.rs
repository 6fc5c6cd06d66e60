//! Shared test harness: a fresh database per test, request builders and answer generators.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use banshi_contract::StaffRole;
use banshi_contract::{Field, Problem};
use http_body_util::BodyExt;
use portal_server::catalogue::Catalogue;
use portal_server::{AppState, Config, admin, app, seed};

/// The password test accounts change their one-time password to.
pub const STAFF_PASSWORD: &str = "a long test passphrase";
use serde_json::{Value, json};
use tower::ServiceExt;

/// A running app over its own temporary database.
pub struct TestApp {
    pub router: Router,
    /// The app's state, for making accounts as the command line does.
    pub state: AppState,
    /// An API token of a supervisor, who may do everything.
    pub staff_token: String,
    /// Keeps the database directory alive for the test's duration.
    _dir: tempfile::TempDir,
}

/// A signed-in staff session: its cookie and CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

fn test_catalogue() -> Catalogue {
    serde_json::from_str(include_str!("../fixtures/test-catalogue.json")).expect("fixture parses")
}

impl TestApp {
    /// The small test catalogue, default settings.
    pub async fn new() -> TestApp {
        TestApp::with(|_| {}).await
    }

    /// The small test catalogue, with settings changed by `adjust`.
    pub async fn with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_database(dir.path().join("test.sqlite3"));
        adjust(&mut config);
        let state = AppState::open_with_seed(config, test_catalogue(), seed::halls())
            .await
            .expect("opens");
        TestApp::around(state, dir).await
    }

    async fn around(state: AppState, dir: tempfile::TempDir) -> TestApp {
        admin::add_account(
            &state,
            "test-supervisor",
            StaffRole::Supervisor,
            None,
            Vec::new(),
        )
        .await
        .expect("adds the test supervisor");
        let staff_token = admin::new_token(&state, "test-supervisor", "tests")
            .await
            .expect("makes a token");
        TestApp {
            router: app(state.clone()),
            state,
            staff_token,
            _dir: dir,
        }
    }

    /// Adds an account as `portal-server staff add` does; returns its one-time password.
    pub async fn add_staff(&self, name: &str, role: StaffRole, categories: &[&str]) -> String {
        let categories = categories.iter().map(|c| (*c).to_owned()).collect();
        admin::add_account(&self.state, name, role, None, categories)
            .await
            .expect("adds the account")
    }

    /// An API token for a new account `name` of `role`.
    pub async fn token_for(&self, name: &str, role: StaffRole, categories: &[&str]) -> String {
        self.add_staff(name, role, categories).await;
        admin::new_token(&self.state, name, "tests")
            .await
            .expect("makes a token")
    }

    /// Signs in; panics unless it succeeds.
    pub async fn sign_in(&self, name: &str, password: &str) -> Session {
        let reply = self
            .post("/api/v1/staff/session")
            .json(&json!({ "name": name, "password": password }))
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        let cookie = reply
            .header("set-cookie")
            .split(';')
            .next()
            .expect("a cookie")
            .to_owned();
        Session {
            cookie,
            csrf: reply.json()["csrf_token"]
                .as_str()
                .expect("csrf")
                .to_owned(),
        }
    }

    /// A new account of `role`, signed in with its own password (the one-time password
    /// changed to `password`).
    pub async fn signed_in(&self, name: &str, role: StaffRole, categories: &[&str]) -> Session {
        let once = self.add_staff(name, role, categories).await;
        let first = self.sign_in(name, &once).await;
        let changed = self
            .post("/api/v1/staff/password")
            .session(&first)
            .json(&json!({ "current_password": once, "new_password": STAFF_PASSWORD }))
            .send()
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
        first
    }

    /// The demo catalogue that ships with the server.
    pub async fn demo() -> TestApp {
        TestApp::demo_with(|_| {}).await
    }

    /// The demo catalogue, with settings changed by `adjust` (such as demo mode).
    pub async fn demo_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_database(dir.path().join("demo.sqlite3"));
        adjust(&mut config);
        let state = AppState::open(config).await.expect("opens");
        TestApp::around(state, dir).await
    }

    /// Files a demo-catalogue `service` request as applicant `name` with mobile `phone`, in
    /// `locale` if given; returns the receipt.
    pub async fn file_as(
        &self,
        service: &str,
        name: &str,
        phone: &str,
        locale: Option<&str>,
    ) -> Value {
        let reply = self
            .get(&format!("/api/v1/services/{service}"))
            .send()
            .await;
        let service_doc: banshi_contract::Service =
            serde_json::from_slice(&reply.body).expect("service");
        let mut answers = valid_answers(&service_doc.fields);
        for field in &service_doc.fields {
            let value = match field.contact {
                Some(banshi_contract::ContactRole::Name) => json!(name),
                Some(banshi_contract::ContactRole::Phone) => json!(phone),
                _ => continue,
            };
            answers[&field.code] = value;
        }
        let mut body = json!({ "service_code": service, "answers": answers });
        if let Some(locale) = locale {
            body["locale"] = json!(locale);
        }
        let reply = self
            .post("/api/v1/requests")
            .key(&unique_key())
            .json(&body)
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        reply.json()
    }

    pub fn get(&self, path: &str) -> Call {
        self.call(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> Call {
        self.call(Method::POST, path)
    }

    pub fn call(&self, method: Method, path: &str) -> Call {
        Call {
            router: self.router.clone(),
            request: Request::builder().method(method).uri(path),
            body: Body::empty(),
        }
    }

    /// Submits `answers` to `service` with a fresh idempotency key; returns the receipt JSON.
    pub async fn submit(&self, service: &str, answers: Value) -> Value {
        let reply = self
            .post("/api/v1/requests")
            .key(&unique_key())
            .json(&json!({ "service_code": service, "answers": answers }))
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        reply.json()
    }

    /// Moves `ticket` to `status` through the staff API.
    pub async fn staff_move(&self, ticket: &str, status: &str) -> Reply {
        self.post(&format!("/api/v1/staff/tickets/{ticket}/status"))
            .bearer(&self.staff_token)
            .json(&json!({ "status": status, "note": format!("moved to {status}") }))
            .send()
            .await
    }

    /// The details of the audit log's entries of `action`, newest first.
    pub async fn audit_details(&self, action: &str) -> Vec<String> {
        let audit = self
            .get(&format!("/api/v1/staff/audit?action={action}"))
            .bearer(&self.staff_token)
            .send()
            .await
            .json();
        audit
            .as_array()
            .expect("entries")
            .iter()
            .filter_map(|e| e["detail"].as_str().map(str::to_owned))
            .collect()
    }
}

/// A request being built.
pub struct Call {
    router: Router,
    request: axum::http::request::Builder,
    body: Body,
}

impl Call {
    pub fn header(mut self, name: &str, value: &str) -> Call {
        self.request = self.request.header(name, value);
        self
    }

    pub fn lang(self, tag: &str) -> Call {
        self.header("accept-language", tag)
    }

    pub fn key(self, key: &str) -> Call {
        self.header("idempotency-key", key)
    }

    pub fn code(self, code: &str) -> Call {
        self.header("x-access-code", code)
    }

    pub fn bearer(self, token: &str) -> Call {
        self.header("authorization", &format!("Bearer {token}"))
    }

    /// Sends the session cookie and its CSRF token.
    pub fn session(self, session: &Session) -> Call {
        self.header("cookie", &session.cookie)
            .header("x-csrf-token", &session.csrf)
    }

    /// Sends only the session cookie, as a forged cross-site form would.
    pub fn cookie_only(self, session: &Session) -> Call {
        self.header("cookie", &session.cookie)
    }

    pub fn json(mut self, body: &Value) -> Call {
        self.request = self.request.header("content-type", "application/json");
        self.body = Body::from(serde_json::to_vec(body).expect("serialises"));
        self
    }

    pub fn raw(mut self, content_type: &str, body: impl Into<Body>) -> Call {
        self.request = self.request.header("content-type", content_type);
        self.body = body.into();
        self
    }

    pub async fn send(self) -> Reply {
        let request = self.request.body(self.body).expect("valid request");
        let response = self.router.oneshot(request).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }
}

/// A response, fully read.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The problem code, if the body is a problem.
    pub fn problem_code(&self) -> Option<banshi_contract::ErrorCode> {
        (self.header("content-type") == "application/problem+json")
            .then(|| serde_json::from_slice::<Problem>(&self.body).ok())
            .flatten()
            .map(|p| p.code)
    }

    /// The body as a problem, after checking its media type.
    pub fn problem(&self) -> Problem {
        assert_eq!(
            self.header("content-type"),
            "application/problem+json",
            "{}",
            self.text()
        );
        let problem: Problem = serde_json::from_slice(&self.body).expect("problem body");
        assert_eq!(problem.status, self.status.as_u16());
        problem
    }
}

pub fn unique_key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!(
        "test-key-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Answers that pass every rule of the test catalogue's `every-field` service.
pub fn every_field_answers() -> Value {
    json!({
        "name": "王小明",
        "story": "发票丢失",
        "amount": 42,
        "day": "2026-03-15",
        "slot": "2026-03-16T09:30",
        "phone": "138 1234 5678",
        "email": "wang@example.cn",
        "id_number": "11010519491231002X",
        "account": "123456789012",
        "kind": "paper",
        "extras": ["post", "sms"],
        "consent": true
    })
}

/// A valid answer for every required field of `fields`, as a citizen might give.
pub fn valid_answers(fields: &[Field]) -> Value {
    serde_json::to_value(banshi_contract::example::example_answers(fields)).expect("serialises")
}

/// A real SMTP server (aiosmtpd with `tests/support/mailsink.py`) on a free loopback port;
/// each message it accepts is decoded into one JSON line of `log`. Stopped when dropped.
pub struct MailSink {
    child: std::process::Child,
    /// `smtp://127.0.0.1:port`, for `--smtp-url`.
    pub url: String,
    /// The JSON lines file.
    pub log: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl MailSink {
    /// Starts the sink; it answers the first `refuse_first` messages with 451.
    pub fn start(refuse_first: u32) -> MailSink {
        let python = std::env::var_os("BANSHI_MAIL_PYTHON")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../target/tools/mail-venv/bin/python")
            });
        assert!(
            python.is_file(),
            "no Python with aiosmtpd at {}: run `cargo xtask test`, which installs it",
            python.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir = tempfile::tempdir().expect("temp dir");
        let log = dir.path().join("mail.jsonl");
        let address = format!("127.0.0.1:{port}");
        let child = std::process::Command::new(python)
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
            .arg(refuse_first.to_string())
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support"))
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(&address).is_err() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "aiosmtpd did not listen"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        MailSink {
            child,
            url: format!("smtp://{address}"),
            log,
            _dir: dir,
        }
    }

    /// Every line written so far.
    pub fn lines(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect()
    }

    /// The accepted messages, once there are at least `count` (waiting up to 20 s).
    pub async fn wait_for(&self, count: usize) -> Vec<Value> {
        self.wait_until(|accepted| accepted.len() >= count).await
    }

    /// The accepted messages, once `done` says they are enough (waiting up to 20 s).
    pub async fn wait_until(&self, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let started = std::time::Instant::now();
        loop {
            let accepted: Vec<Value> = self
                .lines()
                .into_iter()
                .filter(|m| m.get("message_id").is_some())
                .collect();
            if done(&accepted) {
                return accepted;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "the mail server did not get what was expected: {:?}",
                self.lines()
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

impl Drop for MailSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A local SMS gateway that accepts every message and keeps its JSON body.
pub struct SmsGateway {
    /// The webhook's URL, for `--sms-webhook`.
    pub url: String,
    received: std::sync::Arc<std::sync::Mutex<Vec<Value>>>,
}

impl SmsGateway {
    /// Starts it on a free loopback port.
    pub async fn start() -> SmsGateway {
        let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = received.clone();
        let router = Router::new().route(
            "/sms",
            axum::routing::post(move |axum::Json(body): axum::Json<Value>| {
                let kept = kept.clone();
                async move {
                    kept.lock().expect("test value").push(body);
                    StatusCode::OK
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binds");
        let url = format!("http://{}/sms", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, router).await });
        SmsGateway { url, received }
    }

    /// The messages sent to `phone` so far, once there is one whose text contains `wanted`
    /// (waiting up to 20 s).
    pub async fn wait_for(&self, phone: &str, wanted: &str) -> Vec<String> {
        let started = std::time::Instant::now();
        loop {
            let texts: Vec<String> = self
                .received
                .lock()
                .expect("test value")
                .iter()
                .filter(|m| m["to"] == json!(phone))
                .filter_map(|m| m["text"].as_str().map(str::to_owned))
                .collect();
            if texts.iter().any(|t| t.contains(wanted)) {
                return texts;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "no SMS to {phone} with {wanted:?}: {texts:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Every message sent to `phone` so far.
    pub fn texts_to(&self, phone: &str) -> Vec<String> {
        self.received
            .lock()
            .expect("test value")
            .iter()
            .filter(|m| m["to"] == json!(phone))
            .filter_map(|m| m["text"].as_str().map(str::to_owned))
            .collect()
    }
}

impl TestApp {
    /// Runs the app's outbox worker, as the server does.
    pub fn deliver(&self) {
        let channels = portal_server::outbox::Channels::new(
            &self.state.config.notify,
            "127.0.0.1:1".parse().expect("test value"),
        )
        .expect("channels");
        tokio::spawn(portal_server::outbox::run(self.state.clone(), channels));
    }

    /// Runs `sql` on the app's database file, as time passing would change it.
    pub fn poke(&self, sql: &str, params: impl rusqlite::Params) {
        let conn = rusqlite::Connection::open(&self.state.config.database).expect("opens");
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .expect("timeout");
        conn.execute(sql, params).expect("runs");
    }

    /// The phone code queued for `phone`, read from the outbox before it is sent (for tests
    /// that do not run the gateway).
    pub fn queued_code(&self, phone: &str) -> String {
        let conn = rusqlite::Connection::open(&self.state.config.database).expect("opens");
        conn.query_row(
            "SELECT json_extract(facts, '$.hall.code') FROM outbox
             WHERE recipient = ?1 AND kind = 'phone_code' ORDER BY id DESC LIMIT 1",
            [phone],
            |r| r.get(0),
        )
        .expect("a code was queued")
    }
}
