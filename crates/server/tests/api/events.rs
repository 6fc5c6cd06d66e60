//! A ticket's event stream: the ticket at once, each change as it is committed, the access
//! code in a header only.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use banshi_contract::{ErrorCode, Ticket, TicketStatus};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::support::{TestApp, every_field_answers};

/// Reads frames of `body` until one holds a whole `ticket` event, and decodes it.
async fn next_ticket(body: &mut Body) -> Ticket {
    let mut text = String::new();
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(2), body.frame())
            .await
            .expect("an event within 2 s")
            .expect("the stream is open")
            .expect("a frame");
        if let Some(bytes) = frame.data_ref() {
            text.push_str(std::str::from_utf8(bytes).expect("UTF-8"));
        }
        if let Some((block, _)) = text.split_once("\n\n")
            && let Some(data) = block.lines().find_map(|l| l.strip_prefix("data: "))
        {
            assert!(block.contains("event: ticket"), "{block}");
            return serde_json::from_str(data).expect("a ticket");
        }
    }
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
