//! A ticket's event stream: the ticket at once, each change as it is committed, the access
//! code in a header only.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use banshi_contract::{ErrorCode, Ticket, TicketStatus};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::support::{TestApp, every_field_answers};

/// Reads frames of `body` until `text` (what is read but not used yet) holds a whole event,
/// and returns its data; the event must be named `name`.
async fn next_event(body: &mut Body, text: &mut String, name: &str) -> String {
    loop {
        if let Some((block, rest)) = text.split_once("\n\n") {
            let (block, rest) = (block.to_owned(), rest.to_owned());
            *text = rest;
            if let Some(data) = block.lines().find_map(|l| l.strip_prefix("data: ")) {
                assert!(block.contains(&format!("event: {name}")), "{block}");
                return data.to_owned();
            }
            continue;
        }
        let frame = tokio::time::timeout(Duration::from_secs(2), body.frame())
            .await
            .expect("an event within 2 s")
            .expect("the stream is open")
            .expect("a frame");
        if let Some(bytes) = frame.data_ref() {
            text.push_str(std::str::from_utf8(bytes).expect("UTF-8"));
        }
    }
}

/// The next `ticket` event of a stream read from its start.
async fn next_ticket(body: &mut Body) -> Ticket {
    let data = next_event(body, &mut String::new(), "ticket").await;
    serde_json::from_str(&data).expect("a ticket")
}

#[tokio::test]
async fn a_ticket_stream_sends_the_ticket_then_each_change_as_it_happens() {
    let app = TestApp::new().await;
    let receipt = app.submit("every-field", every_field_answers()).await;
    let number = receipt["ticket"].as_str().expect("ticket").to_owned();
    let code = receipt["access_code"].as_str().expect("code").to_owned();
    let request = Request::get(format!("/api/v1/tickets/{number}/events"))
        .header("X-Access-Code", &code)
        .header("Accept", "text/event-stream")
        .body(Body::empty())
        .expect("request");
    let response = app.router.clone().oneshot(request).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/event-stream")
    );
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    let mut body = response.into_body();
    assert_eq!(next_ticket(&mut body).await.status, TicketStatus::Received);
    assert_eq!(
        app.staff_move(&number, "accepted").await.status,
        StatusCode::OK
    );
    let moved = next_ticket(&mut body).await;
    assert_eq!(moved.status, TicketStatus::Accepted);
    assert_eq!(
        moved.history.last().and_then(|h| h.note.as_deref()),
        Some("moved to accepted")
    );
    // Another ticket's change is not sent.
    let other = app.submit("every-field", every_field_answers()).await;
    let other = other["ticket"].as_str().expect("ticket").to_owned();
    app.staff_move(&other, "accepted").await;
    app.staff_move(&number, "in_progress").await;
    assert_eq!(
        next_ticket(&mut body).await.status,
        TicketStatus::InProgress
    );
}

#[tokio::test]
async fn a_stream_needs_the_right_access_code_in_its_header() {
    let app = TestApp::new().await;
    let receipt = app.submit("every-field", every_field_answers()).await;
    let number = receipt["ticket"].as_str().expect("ticket");
    let missing = app
        .get(&format!("/api/v1/tickets/{number}/events"))
        .send()
        .await;
    assert_eq!(missing.problem_code(), Some(ErrorCode::AccessCodeRequired));
    let wrong = app
        .get(&format!("/api/v1/tickets/{number}/events"))
        .code("WRONGCODE")
        .send()
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert_eq!(wrong.problem_code(), Some(ErrorCode::NotFound));
}

/// The next `hall` event of a stream.
async fn next_hall(body: &mut Body, text: &mut String) -> banshi_contract::Hall {
    let data = next_event(body, text, "hall").await;
    serde_json::from_str(&data).expect("a hall")
}

#[tokio::test]
async fn a_hall_stream_sends_each_number_taken_and_called_without_anything_personal() {
    let app = TestApp::new().await;
    let request = Request::get("/api/v1/halls/main/events")
        .header("Accept", "text/event-stream")
        .body(Body::empty())
        .expect("request");
    let response = app.router.clone().oneshot(request).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    let mut text = String::new();
    let first = next_hall(&mut body, &mut text).await;
    assert_eq!(first.lines[0].waiting, 0);
    assert!(first.calls.is_empty());
    let taken = app
        .post("/api/v1/halls/main/lines/A/numbers")
        .json(&serde_json::json!({ "phone": "13812345678" }))
        .send()
        .await;
    assert_eq!(taken.status, StatusCode::CREATED);
    let token = taken.json()["token"].as_str().expect("token").to_owned();
    let after_take = next_hall(&mut body, &mut text).await;
    assert_eq!(after_take.lines[0].waiting, 1);
    let call = app
        .post("/api/v1/staff/halls/main/windows/2/call")
        .bearer(&app.staff_token)
        .json(&serde_json::json!({}))
        .send()
        .await;
    assert_eq!(call.status, StatusCode::OK, "{}", call.text());
    let after_call = next_hall(&mut body, &mut text).await;
    assert_eq!(after_call.lines[0].waiting, 0);
    assert_eq!(
        (
            after_call.calls[0].number.as_str(),
            after_call.calls[0].window
        ),
        ("A001", Some(2))
    );
    let raw = serde_json::to_string(&after_call).expect("json");
    assert!(
        !raw.contains("13812345678") && !raw.contains(&token),
        "{raw}"
    );
}

/// A stream of the demo hall's events in `lang`, with its first snapshot read.
async fn hall_stream(app: &TestApp, lang: &str) -> (Body, String, banshi_contract::Hall) {
    let request = Request::get("/api/v1/halls/main/events")
        .header("Accept", "text/event-stream")
        .header("Accept-Language", lang)
        .body(Body::empty())
        .expect("request");
    let response = app.router.clone().oneshot(request).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK);
    let (mut body, mut text) = (response.into_body(), String::new());
    let first = next_hall(&mut body, &mut text).await;
    (body, text, first)
}

#[tokio::test]
async fn streams_in_each_language_share_the_hall_s_snapshots_and_late_ones_start_current() {
    let app = TestApp::new().await;
    let (mut zh_a, mut zh_a_text, _) = hall_stream(&app, "zh-Hans").await;
    let (mut zh_b, mut zh_b_text, _) = hall_stream(&app, "zh-Hans").await;
    let (mut en, mut en_text, first_en) = hall_stream(&app, "en").await;
    assert_eq!(first_en.lines[0].name, "Tax and social insurance");
    let taken = app
        .post("/api/v1/halls/main/lines/A/numbers")
        .json(&serde_json::json!({ "phone": "13812345670" }))
        .send()
        .await;
    assert_eq!(taken.status, StatusCode::CREATED);
    let (a, b, e) = (
        next_hall(&mut zh_a, &mut zh_a_text).await,
        next_hall(&mut zh_b, &mut zh_b_text).await,
        next_hall(&mut en, &mut en_text).await,
    );
    assert_eq!(a, b, "one snapshot for both Chinese streams");
    assert_eq!((a.lines[0].waiting, e.lines[0].waiting), (1, 1));
    assert_eq!(
        (a.lines[0].name.as_str(), e.lines[0].name.as_str()),
        ("税务与社保", "Tax and social insurance")
    );
    // Every stream closed: the next one starts the feed again, with the state as it is.
    drop((zh_a, zh_b, en));
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (_, _, late) = hall_stream(&app, "zh-Hans").await;
    assert_eq!(late.lines[0].waiting, 1);
}
