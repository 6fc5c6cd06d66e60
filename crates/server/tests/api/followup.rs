//! Closing the loop: a bad rating opens rework for the officer who gave the result (核实 →
//! 整改 → 回访) and keeps the status; supervisors rule ratings out without deleting them; a
//! citizen who chose e-mail or SMS is told of each change through the outbox, delivered to a
//! real SMTP server and a real webhook, retried with back-off when they fail.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::http::StatusCode;
use banshi_contract::{
    BadRatingLedger, DeliveryState, ErrorCode, FieldErrorCode, MessageKind, NotifyChannel,
    ReworkStage, StaffCase, StaffRole, Ticket, TicketStatus,
};
use serde_json::{Value, json};

use crate::support::{MailSink, TestApp, unique_key, valid_answers};

/// A demo service whose form asks for name, phone and e-mail.
const SERVICE: &str = "senior-citizen-card";

struct Filed {
    ticket: String,
    code: String,
}

/// Files `SERVICE` with the e-mail `email` and the choice `notify`, in `locale`.
async fn file(app: &TestApp, notify: Option<&str>, locale: &str) -> Result<Filed, Value> {
    let doc: banshi_contract::Service = serde_json::from_slice(
        &app.get(&format!("/api/v1/services/{SERVICE}"))
            .send()
            .await
            .body,
    )
    .expect("service");
    let mut answers = valid_answers(&doc.fields);
    for field in &doc.fields {
        match field.contact {
            Some(banshi_contract::ContactRole::Email) => {
                answers[&field.code] = json!("wang.fang@example.cn");
            }
            Some(banshi_contract::ContactRole::Phone) => {
                answers[&field.code] = json!("13812345678")
            }
            _ => {}
        }
    }
    let mut body = json!({ "service_code": SERVICE, "answers": answers, "locale": locale });
    if let Some(notify) = notify {
        body["notify"] = json!(notify);
    }
    let reply = app
        .post("/api/v1/requests")
        .key(&unique_key())
        .lang("en")
        .json(&body)
        .send()
        .await;
    if reply.status != StatusCode::CREATED {
        return Err(reply.json());
    }
    let receipt = reply.json();
    Ok(Filed {
        ticket: receipt["ticket"].as_str().expect("ticket").to_owned(),
        code: receipt["access_code"].as_str().expect("code").to_owned(),
    })
}

async fn category(app: &TestApp) -> String {
    let doc: Value = app
        .get(&format!("/api/v1/services/{SERVICE}"))
        .send()
        .await
        .json();
    doc["category"].as_str().expect("category").to_owned()
}

async fn staff_post(app: &TestApp, token: &str, path: &str, body: Value) -> crate::support::Reply {
    app.post(path)
        .bearer(token)
        .lang("en")
        .json(&body)
        .send()
        .await
}

async fn complete(app: &TestApp, token: &str, ticket: &str) {
    for status in ["accepted", "in_progress", "completed"] {
        let moved = staff_post(
            app,
            token,
            &format!("/api/v1/staff/tickets/{ticket}/status"),
            json!({ "status": status, "note": "依法办结" }),
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    }
}

async fn citizen_ticket(app: &TestApp, filed: &Filed) -> Ticket {
    let reply = app
        .get(&format!("/api/v1/tickets/{}", filed.ticket))
        .code(&filed.code)
        .send()
        .await;
    serde_json::from_slice(&reply.body).expect("ticket")
}

async fn case(app: &TestApp, token: &str, ticket: &str) -> StaffCase {
    let reply = app
        .get(&format!("/api/v1/staff/tickets/{ticket}"))
        .bearer(token)
        .send()
        .await;
    serde_json::from_slice(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.text()))
}

async fn ledger(app: &TestApp, token: &str) -> BadRatingLedger {
    let reply = app
        .get("/api/v1/staff/bad-ratings")
        .bearer(token)
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    serde_json::from_slice(&reply.body).expect("ledger")
}

async fn rate(app: &TestApp, filed: &Filed, path: &str, score: u8) -> crate::support::Reply {
    app.post(&format!("/api/v1/tickets/{}/{path}", filed.ticket))
        .code(&filed.code)
        .lang("en")
        .json(&json!({ "score": score, "comment": "窗口让我跑了三趟" }))
        .send()
        .await
}

#[tokio::test]
async fn a_bad_rating_opens_rework_for_the_officer_and_the_citizen_rates_its_result() {
    let app = TestApp::demo().await;
    let category = category(&app).await;
    let officer = app
        .token_for("officer.chen", StaffRole::Officer, &[&category])
        .await;
    let colleague = app
        .token_for("officer.he", StaffRole::Officer, &[&category])
        .await;
    let filed = file(&app, None, "zh-Hans").await.expect("filed");
    complete(&app, &officer, &filed.ticket).await;

    let rated = rate(&app, &filed, "rating", 1).await;
    assert_eq!(rated.status, StatusCode::CREATED, "{}", rated.text());
    let ticket: Ticket = serde_json::from_slice(&rated.body).expect("ticket");
    assert_eq!(ticket.status, TicketStatus::Completed, "the status stays");
    assert_eq!(ticket.rating.as_ref().map(|r| r.score), Some(1));
    let rework = ticket.rework.expect("a rework task");
    assert_eq!(rework.stage, ReworkStage::Verifying);
    assert!(!rework.can_rate);
    let days = (chrono::DateTime::parse_from_rfc3339(&rework.due_at).expect("test value")
        - chrono::Utc::now().fixed_offset())
    .num_days();
    assert!((18..=30).contains(&days), "15 working days is {days} days");

    // The task is the officer's who completed it; the colleague's ledger is empty.
    let mine = ledger(&app, &officer).await;
    assert_eq!(mine.items.len(), 1);
    assert_eq!(mine.items[0].ticket, filed.ticket);
    assert_eq!(
        mine.items[0].rework.officer.as_deref(),
        Some("officer.chen")
    );
    assert!(!mine.items[0].rework.overdue);
    assert!(ledger(&app, &colleague).await.items.is_empty());
    assert_eq!(ledger(&app, &app.staff_token).await.items.len(), 1);

    let step = |body: Value| {
        let (app, officer, ticket) = (&app, &officer, &filed.ticket);
        async move {
            staff_post(
                app,
                officer,
                &format!("/api/v1/staff/tickets/{ticket}/rework"),
                body,
            )
            .await
        }
    };
    // Out of order: a result before the check.
    let early = step(json!({ "action": "fixed", "note": "已重新办理" })).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(early.problem().code, ErrorCode::ReworkNotAllowed);
    let version = case(&app, &officer, &filed.ticket).await.version;
    let verified = step(
        json!({ "action": "verified", "note": "核实：材料清单未一次告知", "version": version }),
    )
    .await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.text());
    let stale = step(json!({ "action": "fixed", "note": "x", "version": version })).await;
    assert_eq!(stale.problem().code, ErrorCode::CaseChanged);
    let fixed = step(json!({ "action": "fixed", "note": "已上门补办，并完善一次性告知单" })).await;
    let fixed: StaffCase = serde_json::from_slice(&fixed.body).expect("case");
    let staff_view = fixed.rework.expect("rework");
    assert_eq!(staff_view.stage, ReworkStage::CallBack);
    assert_eq!(
        staff_view.finding.as_deref(),
        Some("核实：材料清单未一次告知")
    );

    // The citizen reads the result (never the finding) and rates the rework.
    let seen = citizen_ticket(&app, &filed).await;
    let rework = seen.rework.clone().expect("rework");
    assert_eq!(
        rework.result.as_deref(),
        Some("已上门补办，并完善一次性告知单")
    );
    assert!(rework.can_rate);
    assert!(
        !serde_json::to_string(&seen)
            .expect("test value")
            .contains("核实")
    );
    let callback = rate(&app, &filed, "rework/rating", 4).await;
    assert_eq!(callback.status, StatusCode::CREATED, "{}", callback.text());
    let after: Ticket = serde_json::from_slice(&callback.body).expect("ticket");
    let rework = after.rework.expect("rework");
    assert_eq!(
        (rework.stage, rework.satisfaction),
        (ReworkStage::Closed, Some(4))
    );
    assert_eq!(
        after.rating.map(|r| r.score),
        Some(1),
        "the rating stays as given"
    );
    let again = rate(&app, &filed, "rework/rating", 5).await;
    assert_eq!(again.problem().code, ErrorCode::ReworkNotAllowed);
    // Each step is in the audit log.
    assert_eq!(
        app.audit_details("rework_step").await,
        ["fixed", "verified"]
    );
}

#[tokio::test]
async fn a_good_rating_opens_no_rework_and_a_second_rating_is_refused() {
    let app = TestApp::demo().await;
    let filed = file(&app, None, "en").await.expect("filed");
    complete(&app, &app.staff_token, &filed.ticket).await;
    assert_eq!(
        rate(&app, &filed, "rating", 3).await.status,
        StatusCode::CREATED
    );
    assert!(citizen_ticket(&app, &filed).await.rework.is_none());
    let twice = rate(&app, &filed, "rating", 1).await;
    assert_eq!(twice.problem().code, ErrorCode::RatingNotAllowed);
    assert!(ledger(&app, &app.staff_token).await.items.is_empty());
}

#[tokio::test]
async fn rework_steps_and_rulings_over_their_limits_are_field_errors() {
    let app = TestApp::demo().await;
    let filed = file(&app, None, "en").await.expect("filed");
    complete(&app, &app.staff_token, &filed.ticket).await;
    rate(&app, &filed, "rating", 2).await;
    let path = format!("/api/v1/staff/tickets/{}/rework", filed.ticket);
    let cases = [
        (
            json!({ "action": "verified", "note": "长".repeat(1001) }),
            "note",
            FieldErrorCode::TooLong,
        ),
        (
            json!({ "action": "verified", "note": " " }),
            "note",
            FieldErrorCode::Required,
        ),
        (
            json!({ "action": "called_back", "satisfaction": 6 }),
            "satisfaction",
            FieldErrorCode::TooLarge,
        ),
        (
            json!({ "action": "called_back" }),
            "satisfaction",
            FieldErrorCode::Required,
        ),
    ];
    for (body, field, code) in cases {
        let reply = staff_post(&app, &app.staff_token, &path, body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let problem = reply.problem();
        assert_eq!(
            (problem.errors[0].field.as_str(), problem.errors[0].code),
            (field, code)
        );
    }
    let long = staff_post(
        &app,
        &app.staff_token,
        &path,
        json!({ "action": "verified", "note": "x".repeat(1001) }),
    )
    .await;
    assert_eq!(
        long.problem().errors[0].message,
        "finding or result must be 1000 characters or fewer"
    );
    let ruling = format!("/api/v1/staff/tickets/{}/rating/ruling", filed.ticket);
    let blank = staff_post(
        &app,
        &app.staff_token,
        &ruling,
        json!({ "ruling": "malicious", "reason": "" }),
    )
    .await;
    assert_eq!(blank.problem().errors[0].field, "reason");
    let unknown = staff_post(
        &app,
        &app.staff_token,
        &ruling,
        json!({ "ruling": "annoying", "reason": "x" }),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let long_comment = rate(&app, &filed, "rework/rating", 9).await;
    assert_eq!(
        long_comment.problem().errors[0].code,
        FieldErrorCode::TooLarge
    );
}

#[tokio::test]
async fn a_supervisor_rules_a_bad_rating_out_and_it_is_kept() {
    let app = TestApp::demo().await;
    let category = category(&app).await;
    let officer = app
        .token_for("officer.chen", StaffRole::Officer, &[&category])
        .await;
    let filed = file(&app, None, "en").await.expect("filed");
    complete(&app, &officer, &filed.ticket).await;
    rate(&app, &filed, "rating", 1).await;
    let path = format!("/api/v1/staff/tickets/{}/rating/ruling", filed.ticket);
    let body = json!({ "ruling": "mistaken", "reason": "市民来电称误点了“非常不满意”" });
    let by_officer = staff_post(&app, &officer, &path, body.clone()).await;
    assert_eq!(by_officer.status, StatusCode::FORBIDDEN);
    let ruled = staff_post(&app, &app.staff_token, &path, body.clone()).await;
    assert_eq!(ruled.status, StatusCode::OK, "{}", ruled.text());
    let ruled: StaffCase = serde_json::from_slice(&ruled.body).expect("case");
    let ruling = ruled.ruling.expect("ruling");
    assert_eq!(ruling.reason, "市民来电称误点了“非常不满意”");
    assert_eq!(ruled.rating.map(|r| r.score), Some(1), "never deleted");
    assert_eq!(ruled.rework.map(|r| r.stage), Some(ReworkStage::Closed));
    let line = &ledger(&app, &app.staff_token).await.items[0];
    assert!(line.ruling.is_some());
    let twice = staff_post(&app, &app.staff_token, &path, body.clone()).await;
    assert_eq!(twice.problem().code, ErrorCode::RulingNotAllowed);
    // A good rating cannot be ruled out.
    let good = file(&app, None, "en").await.expect("filed");
    complete(&app, &officer, &good.ticket).await;
    rate(&app, &good, "rating", 5).await;
    let refused = staff_post(
        &app,
        &app.staff_token,
        &format!("/api/v1/staff/tickets/{}/rating/ruling", good.ticket),
        body,
    )
    .await;
    assert_eq!(refused.problem().code, ErrorCode::RulingNotAllowed);
}

#[tokio::test]
async fn notification_choices_need_the_channel_and_its_contact() {
    let app = TestApp::demo().await;
    let meta = app.get("/api/v1/meta").send().await.json();
    assert!(
        meta.get("notifications").is_none(),
        "nothing configured, nothing offered"
    );
    let refused = file(&app, Some("email"), "en")
        .await
        .err()
        .expect("refused");
    assert_eq!(refused["errors"][0]["field"], json!("notify"));
    assert_eq!(refused["errors"][0]["code"], json!("not_an_option"));

    let mail = MailSink::start(0);
    let app = TestApp::demo_with(|config| config.notify.smtp_url = Some(mail.url.clone())).await;
    let meta = app.get("/api/v1/meta").send().await.json();
    assert_eq!(meta["notifications"], json!(["email"]));
    assert!(
        file(&app, Some("sms"), "en").await.is_err(),
        "no SMS gateway"
    );
    // E-mail chosen but no address given.
    let doc: banshi_contract::Service = serde_json::from_slice(
        &app.get(&format!("/api/v1/services/{SERVICE}"))
            .send()
            .await
            .body,
    )
    .expect("service");
    let mut answers = valid_answers(&doc.fields);
    let email = doc
        .fields
        .iter()
        .find(|f| f.contact == Some(banshi_contract::ContactRole::Email))
        .expect("an e-mail field");
    answers
        .as_object_mut()
        .expect("answers")
        .remove(&email.code);
    let reply = app
        .post("/api/v1/requests")
        .key(&unique_key())
        .lang("en")
        .json(&json!({ "service_code": SERVICE, "answers": answers, "notify": "email" }))
        .send()
        .await;
    let problem = reply.problem();
    assert_eq!(problem.errors[0].code, FieldErrorCode::Required);
    assert_eq!(
        problem.errors[0].message,
        "You chose to be told by e-mail: enter an e-mail address, or choose another way"
    );
}

#[tokio::test]
async fn each_change_is_mailed_in_the_citizens_language_without_the_access_code() {
    // The mail server refuses the first message, as a busy one does: it waits and is retried.
    let mail = MailSink::start(1);
    let app = TestApp::demo_with(|config| {
        config.notify.smtp_url = Some(mail.url.clone());
        config.notify.retry_base = Duration::from_millis(200);
        config.notify.public_url = Some("https://banshi.example".into());
    })
    .await;
    let listening = "127.0.0.1:8080".parse().expect("address");
    let channels = portal_server::outbox::Channels::new(&app.state.config.notify, listening)
        .expect("channels");
    tokio::spawn(portal_server::outbox::run(app.state.clone(), channels));

    let filed = file(&app, Some("email"), "zh-Hant").await.expect("filed");
    assert_eq!(
        citizen_ticket(&app, &filed).await.notify,
        Some(NotifyChannel::Email)
    );
    let asked = staff_post(
        &app,
        &app.staff_token,
        &format!("/api/v1/staff/tickets/{}/status", filed.ticket),
        json!({ "status": "accepted" }),
    )
    .await;
    assert_eq!(asked.status, StatusCode::OK);
    let asked = staff_post(
        &app,
        &app.staff_token,
        &format!("/api/v1/staff/tickets/{}/status", filed.ticket),
        json!({ "status": "needs_info", "missing": ["戶口簿複印件"] }),
    )
    .await;
    assert_eq!(asked.status, StatusCode::OK);
    let received = mail.wait_for(2).await;
    let refused: Vec<Value> = mail
        .lines()
        .into_iter()
        .filter(|l| l.get("refused").is_some())
        .collect();
    assert_eq!(refused.len(), 1, "the first attempt was refused");
    for message in &received {
        let body = message["body"].as_str().expect("body");
        assert!(!body.contains(&filed.code), "no access code: {body}");
        assert!(body.contains(&filed.ticket));
        assert!(body.contains("https://banshi.example/track"));
        assert_eq!(message["rcpt_tos"], json!(["wang.fang@example.cn"]));
        assert_eq!(message["content_type"], json!("text/plain"));
    }
    let subjects: Vec<&str> = received
        .iter()
        .filter_map(|m| m["subject"].as_str())
        .collect();
    assert!(
        subjects.contains(&format!("您的辦件有新進展 ({})", filed.ticket).as_str()),
        "{subjects:?}"
    );
    assert!(
        subjects.contains(&format!("您的辦件需要補充材料 ({})", filed.ticket).as_str()),
        "{subjects:?}"
    );
    let needs_info = received
        .iter()
        .find(|m| m["subject"].as_str().is_some_and(|s| s.contains("補充")))
        .expect("the request for information");
    assert!(
        needs_info["body"]
            .as_str()
            .expect("test value")
            .contains("- 戶口簿複印件")
    );
    // The retried message kept its id, and staff see both delivered.
    let staff_view = delivered(&app, &filed.ticket).await;
    let ids: Vec<String> = staff_view
        .messages
        .iter()
        .map(|m| format!("<{}@banshi.localhost>", m.id))
        .collect();
    let retried = ids
        .iter()
        .position(|id| refused[0]["refused"].as_str() == Some(id.as_str()))
        .expect("the refused message is one of the ticket's");
    assert!(
        received
            .iter()
            .all(|m| ids.contains(&m["message_id"].as_str().expect("test value").to_owned()))
    );
    let kinds: Vec<MessageKind> = staff_view.messages.iter().map(|m| m.kind).collect();
    assert_eq!(kinds, [MessageKind::Status, MessageKind::NeedsInfo]);
    assert!(
        staff_view
            .messages
            .iter()
            .all(|m| m.state == DeliveryState::Sent)
    );
    assert_eq!(staff_view.messages[retried].attempts, 2);
}

/// The case of `ticket` once every message of it is recorded as sent: a receiver has each
/// message a moment before the worker records its delivery.
async fn delivered(app: &TestApp, ticket: &str) -> StaffCase {
    let started = std::time::Instant::now();
    loop {
        let case = case(app, &app.staff_token, ticket).await;
        if case.messages.iter().all(|m| m.state == DeliveryState::Sent) {
            return case;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "deliveries never recorded: {:?}",
            case.messages
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A local SMS gateway: answers 500 to the first call, hangs on the second, then accepts;
/// records each accepted body.
async fn gateway() -> (String, Arc<std::sync::Mutex<Vec<Value>>>, Arc<AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let url = format!("http://{}/sms", listener.local_addr().expect("address"));
    let accepted = Arc::new(std::sync::Mutex::new(Vec::new()));
    let calls = Arc::new(AtomicUsize::new(0));
    let (kept, counted) = (accepted.clone(), calls.clone());
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.expect("accepts");
            let (kept, call) = (kept.clone(), counted.fetch_add(1, Ordering::SeqCst));
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                // Read the head and the body its Content-Length announces.
                loop {
                    let n = socket.read(&mut buffer).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    request.extend_from_slice(&buffer[..n]);
                    let text = String::from_utf8_lossy(&request).to_string();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if request.len() >= end + 4 + length {
                            break;
                        }
                    }
                }
                let text = String::from_utf8_lossy(&request).to_string();
                let answer = match call {
                    0 => "HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\n\r\n",
                    1 => {
                        tokio::time::sleep(Duration::from_secs(60)).await;
                        return;
                    }
                    _ => {
                        let body = &text[text.find("\r\n\r\n").expect("test value") + 4..];
                        let mut value: Value = serde_json::from_str(body).expect("JSON body");
                        let key = text
                            .lines()
                            .find_map(|l| {
                                l.strip_prefix("idempotency-key: ")
                                    .or_else(|| l.strip_prefix("Idempotency-Key: "))
                            })
                            .unwrap_or_default();
                        value["idempotency_key"] = json!(key);
                        kept.lock().expect("test value").push(value);
                        "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"
                    }
                };
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    (url, accepted, calls)
}

#[tokio::test]
async fn a_failing_or_hanging_sms_gateway_is_retried_and_blocks_no_other_message() {
    let (url, accepted, calls) = gateway().await;
    let mail = MailSink::start(0);
    let app = TestApp::demo_with(|config| {
        config.notify.smtp_url = Some(mail.url.clone());
        config.notify.sms_webhook = Some(url);
        config.notify.retry_base = Duration::from_millis(100);
        config.notify.attempt_timeout = Duration::from_secs(1);
    })
    .await;
    let channels = portal_server::outbox::Channels::new(
        &app.state.config.notify,
        "127.0.0.1:1".parse().expect("test value"),
    )
    .expect("channels");
    tokio::spawn(portal_server::outbox::run(app.state.clone(), channels));
    let by_sms = file(&app, Some("sms"), "en").await.expect("filed");
    let by_mail = file(&app, Some("email"), "en").await.expect("filed");
    for filed in [&by_sms, &by_mail] {
        let moved = staff_post(
            &app,
            &app.staff_token,
            &format!("/api/v1/staff/tickets/{}/status", filed.ticket),
            json!({ "status": "accepted", "note": "Accepted at window 3" }),
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK);
    }
    // The e-mail goes out while the gateway fails and hangs.
    mail.wait_for(1).await;
    let started = std::time::Instant::now();
    while accepted.lock().expect("test value").is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the SMS was never delivered"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        calls.load(Ordering::SeqCst) >= 3,
        "500, a hang, then success"
    );
    let sms = accepted.lock().expect("test value")[0].clone();
    assert_eq!(sms["to"], json!("13812345678"));
    let text = sms["text"].as_str().expect("text");
    assert!(
        text.contains(&by_sms.ticket) && text.contains("accepted"),
        "{text}"
    );
    assert!(!text.contains(&by_sms.code));
    let case = delivered(&app, &by_sms.ticket).await;
    let message = &case.messages[0];
    assert_eq!(sms["id"].as_str(), Some(message.id.as_str()));
    assert_eq!(sms["idempotency_key"].as_str(), Some(message.id.as_str()));
    assert_eq!(
        (message.channel, message.state),
        (NotifyChannel::Sms, DeliveryState::Sent)
    );
    assert_eq!(message.attempts, 3);
}
