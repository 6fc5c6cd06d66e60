//! `POST /v1/requests`: tickets, idempotency and server-side validation of every rule.

use axum::http::StatusCode;
use banshi_contract::{ErrorCode, FieldErrorCode};
use serde_json::{Value, json};

use crate::support::{TestApp, every_field_answers, unique_key};

fn with(mut answers: Value, code: &str, value: Value) -> Value {
    answers[code] = value;
    answers
}

#[tokio::test]
async fn a_valid_request_gets_a_ticket_number_an_access_code_and_a_promised_date() {
    let app = TestApp::new().await;
    let key = unique_key();
    let reply = app
        .post("/api/v1/requests")
        .key(&key)
        .json(&json!({ "service_code": "every-field", "answers": every_field_answers() }))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let receipt = reply.json();
    let ticket = receipt["ticket"].as_str().expect("ticket");
    assert!(
        ticket.starts_with("BS-") && ticket.ends_with("-0001"),
        "{ticket}"
    );
    assert_eq!(ticket.len(), "BS-20261122-0001".len());
    let code = receipt["access_code"].as_str().expect("code");
    assert_eq!(code.len(), 8);
    assert!(
        code.chars()
            .all(|c| "23456789ABCDEFGHJKMNPQRSTUVWXYZ".contains(c)),
        "{code}"
    );
    assert_eq!(receipt["status"], "received");
    assert!(receipt["expected_datetime"].as_str() > receipt["submitted_at"].as_str());
    assert!(
        receipt["expected_datetime"]
            .as_str()
            .expect("date")
            .ends_with("T17:00:00+08:00")
    );
    assert_eq!(
        reply.header("location"),
        format!("/api/v1/tickets/{ticket}")
    );
}

#[tokio::test]
async fn ticket_numbers_count_up_within_a_day() {
    let app = TestApp::new().await;
    let first = app.submit("every-field", every_field_answers()).await;
    let second = app.submit("every-field", every_field_answers()).await;
    let number = |r: &Value| r["ticket"].as_str().expect("ticket").to_owned();
    assert!(number(&first).ends_with("-0001"));
    assert!(number(&second).ends_with("-0002"));
    assert_ne!(first["access_code"], second["access_code"]);
}

#[tokio::test]
async fn a_submission_without_an_idempotency_key_is_refused() {
    let app = TestApp::new().await;
    let reply = app
        .post("/api/v1/requests")
        .json(&json!({ "service_code": "every-field", "answers": every_field_answers() }))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.problem().code, ErrorCode::IdempotencyKeyMissing);
}

#[tokio::test]
async fn retrying_with_the_same_key_and_body_replays_the_first_receipt_without_a_duplicate() {
    let app = TestApp::new().await;
    let key = unique_key();
    let body = json!({ "service_code": "every-field", "answers": every_field_answers() });
    let first = app
        .post("/api/v1/requests")
        .key(&key)
        .json(&body)
        .send()
        .await;
    let again = app
        .post("/api/v1/requests")
        .key(&key)
        .json(&body)
        .send()
        .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.json(), first.json());
    assert_eq!(again.header("idempotent-replayed"), "true");
    let list = app
        .get("/api/v1/staff/tickets")
        .bearer(&app.staff_token)
        .send()
        .await
        .json();
    assert_eq!(
        list["tickets"].as_array().map(Vec::len),
        Some(1),
        "exactly one ticket exists"
    );
}

#[tokio::test]
async fn reusing_a_key_for_a_different_body_is_refused() {
    let app = TestApp::new().await;
    let key = unique_key();
    let body = json!({ "service_code": "every-field", "answers": every_field_answers() });
    app.post("/api/v1/requests")
        .key(&key)
        .json(&body)
        .send()
        .await;
    let changed = json!({ "service_code": "every-field",
        "answers": with(every_field_answers(), "name", json!("李四")) });
    let reply = app
        .post("/api/v1/requests")
        .key(&key)
        .json(&changed)
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.problem().code, ErrorCode::IdempotencyKeyReused);
}

#[tokio::test]
async fn every_rule_is_enforced_and_reported_per_field() {
    use FieldErrorCode::*;
    let app = TestApp::new().await;
    let cases: Vec<(&str, Value, FieldErrorCode)> = vec![
        ("name", json!("王"), TooShort),
        ("name", json!("王小明王小明王小明王小明"), TooLong),
        ("name", json!(17), WrongType),
        ("story", json!("很".repeat(21)), TooLong),
        ("amount", json!(0.5), TooSmall),
        ("amount", json!(101), TooLarge),
        ("amount", json!("42"), WrongType),
        ("day", json!("2026-02-30"), InvalidDate),
        ("slot", json!("2026-03-16 25:00"), InvalidDatetime),
        ("phone", json!("12345"), InvalidPhone),
        ("email", json!("wang@"), InvalidEmail),
        ("id_number", json!("110105194912310021"), InvalidIdNumber),
        ("account", json!("12345678901A"), PatternMismatch),
        ("kind", json!("fax"), NotAnOption),
        ("extras", json!(["post", "post"]), NotAnOption),
        ("extras", json!(["pigeon"]), NotAnOption),
        ("consent", json!(false), Required),
        ("name", json!("   "), Required),
    ];
    for (field, value, expected) in cases {
        let answers = with(every_field_answers(), field, value.clone());
        let reply = app
            .post("/api/v1/requests")
            .key(&unique_key())
            .json(&json!({ "service_code": "every-field", "answers": answers }))
            .send()
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value}"
        );
        let problem = reply.problem();
        assert_eq!(problem.code, ErrorCode::ValidationFailed);
        assert_eq!(
            problem.errors.len(),
            1,
            "{field}={value}: {:?}",
            problem.errors
        );
        assert_eq!(
            (problem.errors[0].field.as_str(), problem.errors[0].code),
            (field, expected),
            "{value}"
        );
    }
}

#[tokio::test]
async fn missing_answers_are_listed_in_form_order_with_localised_messages() {
    let app = TestApp::new().await;
    let reply = app
        .post("/api/v1/requests")
        .key(&unique_key())
        .lang("en")
        .json(&json!({ "service_code": "every-field", "answers": { "nickname": "x" } }))
        .send()
        .await;
    let problem = reply.problem();
    let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "name",
            "amount",
            "day",
            "phone",
            "id_number",
            "kind",
            "consent",
            "nickname"
        ]
    );
    assert_eq!(problem.errors[0].message, "Enter your full name");
    assert_eq!(problem.errors[7].code, FieldErrorCode::UnknownField);
    assert_eq!(problem.title, "Some answers need correcting");

    let chinese = app
        .post("/api/v1/requests")
        .key(&unique_key())
        .lang("zh-Hant")
        .json(&json!({ "service_code": "every-field", "answers": with(every_field_answers(), "name", json!("王")) }))
        .send()
        .await
        .problem();
    assert_eq!(chinese.errors[0].message, "「姓名」至少要 2 個字");
}

#[tokio::test]
async fn an_unknown_service_is_reported_on_the_service_code_field() {
    let app = TestApp::new().await;
    let reply = app
        .post("/api/v1/requests")
        .key(&unique_key())
        .json(&json!({ "service_code": "no-such-service", "answers": {} }))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.problem().errors[0].field, "service_code");
}

#[tokio::test]
async fn a_body_with_unexpected_members_is_malformed() {
    let app = TestApp::new().await;
    let reply = app
        .post("/api/v1/requests")
        .key(&unique_key())
        .json(&json!({ "service_code": "every-field", "answers": every_field_answers(), "admin": true }))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.problem().code, ErrorCode::MalformedBody);
}
