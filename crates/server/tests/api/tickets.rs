//! Tracking and rating tickets: access codes, ETags, the lookup rate limit, staff moves and
//! the 好差评 rating with rework.

use axum::http::StatusCode;
use banshi_contract::{ErrorCode, FieldErrorCode, Ticket, TicketStatus};
use serde_json::json;

use crate::support::{TestApp, every_field_answers};

async fn new_ticket(app: &TestApp) -> (String, String) {
    let receipt = app.submit("every-field", every_field_answers()).await;
    (
        receipt["ticket"].as_str().expect("t").to_owned(),
        receipt["access_code"].as_str().expect("c").to_owned(),
    )
}

fn ticket(reply: &crate::support::Reply) -> Ticket {
    serde_json::from_slice(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.text()))
}

#[tokio::test]
async fn a_ticket_is_never_shown_without_its_access_code() {
    let app = TestApp::new().await;
    let (number, _) = new_ticket(&app).await;
    let without = app.get(&format!("/api/v1/tickets/{number}")).send().await;
    assert_eq!(without.status, StatusCode::UNAUTHORIZED);
    assert_eq!(without.problem().code, ErrorCode::AccessCodeRequired);

    let wrong = app
        .get(&format!("/api/v1/tickets/{number}"))
        .code("ZZZZZZZZ")
        .send()
        .await;
    let missing = app
        .get("/api/v1/tickets/BS-20000101-0001")
        .code("ZZZZZZZZ")
        .send()
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let (mut a, mut b) = (wrong.problem(), missing.problem());
    (a.instance, b.instance) = (None, None);
    assert_eq!(
        a, b,
        "a wrong code and a missing ticket are indistinguishable"
    );
}

#[tokio::test]
async fn a_ticket_shows_its_status_history_and_promised_date() {
    let app = TestApp::new().await;
    let (number, code) = new_ticket(&app).await;
    let typed = format!("{}-{}", &code[..4], &code[4..]).to_lowercase();
    let reply = app
        .get(&format!("/api/v1/tickets/{}", number.to_lowercase()))
        .code(&typed)
        .lang("en")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.header("cache-control"), "private, no-cache");
    let t = ticket(&reply);
    assert_eq!(t.ticket, number);
    assert_eq!(t.status, TicketStatus::Received);
    assert_eq!(t.service_name, "Every field service");
    assert_eq!(t.history.len(), 1);
    assert!(!t.can_rate);
    assert!(t.expected_datetime > t.submitted_at);
}

#[tokio::test]
async fn an_unchanged_ticket_answers_304_until_staff_move_it() {
    let app = TestApp::new().await;
    let (number, code) = new_ticket(&app).await;
    let path = format!("/api/v1/tickets/{number}");
    let first = app.get(&path).code(&code).send().await;
    let etag = first.header("etag").to_owned();
    assert!(!etag.is_empty());
    let again = app
        .get(&path)
        .code(&code)
        .header("if-none-match", &etag)
        .send()
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());

    assert_eq!(
        app.staff_move(&number, "accepted").await.status,
        StatusCode::OK
    );
    let after = app
        .get(&path)
        .code(&code)
        .header("if-none-match", &etag)
        .send()
        .await;
    assert_eq!(after.status, StatusCode::OK);
    let t = ticket(&after);
    assert_eq!(t.status, TicketStatus::Accepted);
    assert_eq!(t.history[1].note.as_deref(), Some("moved to accepted"));
    assert_ne!(after.header("etag"), etag);
}

#[tokio::test]
async fn ticket_lookups_are_rate_limited_per_client() {
    let app = TestApp::with(|c| {
        c.lookup_burst = 3;
        c.lookups_per_minute = 1;
        c.trust_forwarded_for = true;
    })
    .await;
    let path = "/api/v1/tickets/BS-20000101-0001";
    for _ in 0..3 {
        let reply = app
            .get(path)
            .code("GUESS234")
            .header("x-forwarded-for", "203.0.113.7")
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
    }
    let limited = app
        .get(path)
        .code("GUESS234")
        .header("x-forwarded-for", "203.0.113.7")
        .send()
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.problem().code, ErrorCode::RateLimited);
    assert!(
        limited
            .header("retry-after")
            .parse::<u64>()
            .expect("seconds")
            >= 1
    );
    let other = app
        .get(path)
        .code("GUESS234")
        .header("x-forwarded-for", "198.51.100.9")
        .send()
        .await;
    assert_eq!(
        other.status,
        StatusCode::NOT_FOUND,
        "another client is not limited"
    );
}

#[tokio::test]
async fn staff_calls_need_the_bearer_token() {
    let app = TestApp::new().await;
    let (number, _) = new_ticket(&app).await;
    for token in [None, Some("wrong-token")] {
        let mut call = app
            .post(&format!("/api/v1/staff/tickets/{number}/status"))
            .json(&json!({ "status": "accepted" }));
        if let Some(token) = token {
            call = call.bearer(token);
        }
        let reply = call.send().await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.header("www-authenticate"), "Bearer");
        assert_eq!(reply.problem().code, ErrorCode::Unauthorized);
    }
}

#[tokio::test]
async fn staff_cannot_skip_the_life_cycle() {
    let app = TestApp::new().await;
    let (number, _) = new_ticket(&app).await;
    let reply = app.staff_move(&number, "completed").await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.problem().code, ErrorCode::TransitionNotAllowed);
    let unknown = app.staff_move("BS-20000101-0009", "accepted").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn staff_notes_have_a_length_limit() {
    let app = TestApp::new().await;
    let (number, _) = new_ticket(&app).await;
    let reply = app
        .post(&format!("/api/v1/staff/tickets/{number}/status"))
        .bearer(&app.staff_token)
        .lang("en")
        .json(&json!({ "status": "accepted", "note": "x".repeat(501) }))
        .send()
        .await;
    let problem = reply.problem();
    assert_eq!(problem.errors[0].code, FieldErrorCode::TooLong);
    assert_eq!(
        problem.errors[0].message,
        "note must be 500 characters or fewer"
    );
}

async fn completed_ticket(app: &TestApp) -> (String, String) {
    let (number, code) = new_ticket(app).await;
    for status in ["accepted", "in_progress", "completed"] {
        assert_eq!(app.staff_move(&number, status).await.status, StatusCode::OK);
    }
    (number, code)
}

#[tokio::test]
async fn a_finished_ticket_can_be_rated_once() {
    let app = TestApp::new().await;
    let (number, code) = completed_ticket(&app).await;
    let path = format!("/api/v1/tickets/{number}");
    assert!(ticket(&app.get(&path).code(&code).send().await).can_rate);
    let rated = app
        .post(&format!("{path}/rating"))
        .code(&code)
        .json(&json!({ "score": 5, "comment": "很快" }))
        .send()
        .await;
    assert_eq!(rated.status, StatusCode::CREATED, "{}", rated.text());
    let t = ticket(&rated);
    assert_eq!(t.rating.as_ref().map(|r| r.score), Some(5));
    assert!(!t.can_rate);
    assert_eq!(t.status, TicketStatus::Completed);
    let twice = app
        .post(&format!("{path}/rating"))
        .code(&code)
        .json(&json!({ "score": 4 }))
        .send()
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(twice.problem().code, ErrorCode::RatingNotAllowed);
}

#[tokio::test]
async fn an_unfinished_ticket_cannot_be_rated_and_a_wrong_code_cannot_rate() {
    let app = TestApp::new().await;
    let (number, code) = new_ticket(&app).await;
    let path = format!("/api/v1/tickets/{number}/rating");
    let early = app
        .post(&path)
        .code(&code)
        .json(&json!({ "score": 5 }))
        .send()
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    let wrong = app
        .post(&path)
        .code("ZZZZZZZZ")
        .json(&json!({ "score": 5 }))
        .send()
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_unsatisfactory_rating_keeps_the_result_and_opens_rework() {
    let app = TestApp::new().await;
    let (number, code) = completed_ticket(&app).await;
    let before = ticket(
        &app.get(&format!("/api/v1/tickets/{number}"))
            .code(&code)
            .send()
            .await,
    );
    let rated = app
        .post(&format!("/api/v1/tickets/{number}/rating"))
        .code(&code)
        .lang("en")
        .json(&json!({ "score": 1, "comment": "Nobody answered the phone" }))
        .send()
        .await;
    let t = ticket(&rated);
    assert_eq!(t.status, TicketStatus::Completed);
    assert_eq!(t.history, before.history, "no new step in the history");
    assert_eq!(
        t.rework.map(|r| r.stage),
        Some(banshi_contract::ReworkStage::Verifying)
    );
    assert_eq!(
        t.rating.map(|r| r.comment),
        Some("Nobody answered the phone".into())
    );
}

#[tokio::test]
async fn a_rating_outside_one_to_five_is_a_field_error() {
    let app = TestApp::new().await;
    let (number, code) = completed_ticket(&app).await;
    for (score, expected) in [(0, FieldErrorCode::TooSmall), (6, FieldErrorCode::TooLarge)] {
        let reply = app
            .post(&format!("/api/v1/tickets/{number}/rating"))
            .code(&code)
            .lang("en")
            .json(&json!({ "score": score }))
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let problem = reply.problem();
        assert_eq!(
            (problem.errors[0].field.as_str(), problem.errors[0].code),
            ("score", expected)
        );
    }
    let long = app
        .post(&format!("/api/v1/tickets/{number}/rating"))
        .code(&code)
        .json(&json!({ "score": 3, "comment": "长".repeat(501) }))
        .send()
        .await;
    assert_eq!(long.problem().errors[0].code, FieldErrorCode::TooLong);
}

#[tokio::test]
async fn staff_see_recent_tickets_with_service_names() {
    let app = TestApp::new().await;
    let (first, _) = new_ticket(&app).await;
    let (second, _) = new_ticket(&app).await;
    app.staff_move(&first, "accepted").await;
    let list = app
        .get("/api/v1/staff/tickets?limit=10")
        .bearer(&app.staff_token)
        .lang("en")
        .send()
        .await
        .json();
    let numbers: Vec<&str> = list["tickets"]
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["ticket"].as_str().expect("t"))
        .collect();
    assert_eq!(
        numbers,
        [first.as_str(), second.as_str()],
        "most recently changed first"
    );
    assert_eq!(list["tickets"][0]["service_name"], "Every field service");
}

#[tokio::test]
async fn a_ticket_says_where_it_stands_against_its_promised_time() {
    let app = TestApp::new().await;
    let (number, code) = new_ticket(&app).await;
    let open = ticket(
        &app.get(&format!("/api/v1/tickets/{number}"))
            .code(&code)
            .send()
            .await,
    );
    assert!(
        matches!(
            open.due_state,
            Some(banshi_contract::DueState::OnTime | banshi_contract::DueState::DueSoon)
        ),
        "{:?}",
        open.due_state
    );
    for status in ["accepted", "in_progress", "completed"] {
        app.staff_move(&number, status).await;
    }
    let reply = app
        .get(&format!("/api/v1/tickets/{number}"))
        .code(&code)
        .send()
        .await;
    assert_eq!(
        ticket(&reply).due_state,
        Some(banshi_contract::DueState::FinishedOnTime)
    );
    assert!(
        reply.header("etag").contains("finished_on_time"),
        "the ETag changes with the due state: {}",
        reply.header("etag")
    );
}

#[tokio::test]
async fn a_citizen_withdraws_an_unfinished_request_with_a_reason_but_not_a_finished_one() {
    let app = TestApp::new().await;
    let receipt = app.submit("every-field", every_field_answers()).await;
    let ticket = receipt["ticket"].as_str().expect("ticket");
    let code = receipt["access_code"].as_str().expect("code");
    let path = format!("/api/v1/tickets/{ticket}/withdrawal");
    let unauthenticated = app
        .post(&path)
        .json(&json!({ "reason": "不需要了" }))
        .send()
        .await;
    assert_eq!(unauthenticated.status, StatusCode::UNAUTHORIZED);
    let wrong = app
        .post(&path)
        .code("AAAAAAAA")
        .json(&json!({ "reason": "不需要了" }))
        .send()
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    let blank = app
        .post(&path)
        .code(code)
        .json(&json!({ "reason": "   " }))
        .send()
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(blank.problem().errors[0].field, "reason");
    let long = "长".repeat(banshi_contract::Withdrawal::MAX_REASON + 1);
    let too_long = app
        .post(&path)
        .code(code)
        .json(&json!({ "reason": long }))
        .send()
        .await;
    assert_eq!(too_long.problem().errors[0].code, FieldErrorCode::TooLong);
    assert_eq!(
        app.staff_move(ticket, "accepted").await.status,
        StatusCode::OK
    );
    let withdrawn = app
        .post(&path)
        .code(code)
        .json(&json!({ "reason": " 已在网上自行办理 " }))
        .send()
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.text());
    let view = withdrawn.json();
    assert_eq!(view["status"], "withdrawn");
    assert_eq!(view["open311_status"], "closed");
    let history = view["history"].as_array().expect("history");
    assert_eq!(history.last().expect("last")["note"], "已在网上自行办理");
    // Final: neither the citizen nor staff can move it on.
    let again = app
        .post(&path)
        .code(code)
        .json(&json!({ "reason": "再撤一次" }))
        .send()
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.problem().code, ErrorCode::WithdrawalNotAllowed);
    assert_eq!(
        app.staff_move(ticket, "in_progress").await.status,
        StatusCode::CONFLICT
    );
    let finished = app.submit("every-field", every_field_answers()).await;
    let number = finished["ticket"].as_str().expect("ticket");
    for status in ["accepted", "in_progress", "completed"] {
        app.staff_move(number, status).await;
    }
    let late = app
        .post(&format!("/api/v1/tickets/{number}/withdrawal"))
        .code(finished["access_code"].as_str().expect("code"))
        .json(&json!({ "reason": "不要了" }))
        .send()
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
}
