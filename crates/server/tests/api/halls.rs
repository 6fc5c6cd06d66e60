//! The optional halls module: queue status, remote numbers and calling the next number.

use axum::http::StatusCode;
use banshi_contract::{ErrorCode, Hall, QueueLine, QueueNumber};

use crate::support::TestApp;

#[tokio::test]
async fn halls_list_their_lines_in_the_requested_language() {
    let app = TestApp::new().await;
    let halls: Vec<Hall> =
        serde_json::from_slice(&app.get("/api/v1/halls").lang("en").send().await.body)
            .expect("halls");
    assert_eq!(halls.len(), 1);
    assert_eq!(halls[0].name, "Haichuan Citizen Service Centre");
    assert_eq!(halls[0].lines[0].name, "Tax and social insurance");
    assert_eq!(
        (
            halls[0].lines[0].waiting,
            halls[0].lines[0].now_serving.as_deref()
        ),
        (0, None)
    );
}

#[tokio::test]
async fn a_hall_has_its_windows_time_zone_and_hours_with_saturday_mornings() {
    let app = TestApp::new().await;
    let hall: Hall = serde_json::from_slice(
        &app.get("/api/v1/halls/main")
            .lang("zh-Hant")
            .send()
            .await
            .body,
    )
    .expect("hall");
    assert_eq!(hall.time_zone, "Asia/Shanghai");
    let saturday = hall
        .opening
        .iter()
        .find(|h| h.weekday == 6)
        .expect("open on Saturdays");
    assert_eq!(
        (saturday.opens.as_str(), saturday.closes.as_str()),
        ("09:00", "12:00")
    );
    assert!(
        hall.opening.iter().all(|h| h.weekday != 7),
        "closed on Sundays"
    );
    assert_eq!(hall.windows[2].name, "3號窗口");
    for line in &hall.lines {
        assert!(
            hall.windows.iter().any(|w| w.lines.contains(&line.code)),
            "a window serves line {}",
            line.code
        );
    }
    let now = chrono::DateTime::parse_from_rfc3339(&hall.updated_at).expect("a timestamp");
    assert_eq!(
        hall.open_now,
        portal_server::hall::is_open(
            &portal_server::seed::halls()[0],
            &portal_server::clock::Calendar::load(None).expect("calendar"),
            now
        )
    );
}

#[tokio::test]
async fn a_remote_number_says_how_many_are_ahead_and_how_long_to_wait() {
    let app = TestApp::new().await;
    let mut numbers = Vec::new();
    for _ in 0..3 {
        let reply = app.post("/api/v1/halls/main/lines/C/numbers").send().await;
        assert_eq!(reply.status, StatusCode::CREATED);
        numbers.push(serde_json::from_slice::<QueueNumber>(&reply.body).expect("number"));
    }
    assert_eq!(
        numbers
            .iter()
            .map(|n| n.number.as_str())
            .collect::<Vec<_>>(),
        ["C001", "C002", "C003"]
    );
    assert_eq!(
        (numbers[2].ahead, numbers[2].estimated_wait_minutes),
        (2, 24)
    );
    let hall: Hall =
        serde_json::from_slice(&app.get("/api/v1/halls/main").send().await.body).expect("hall");
    assert_eq!(hall.lines[2].waiting, 3);
}

#[tokio::test]
async fn staff_call_numbers_in_order_until_the_line_is_empty() {
    let app = TestApp::new().await;
    app.post("/api/v1/halls/main/lines/A/numbers").send().await;
    app.post("/api/v1/halls/main/lines/A/numbers").send().await;
    let next = || {
        app.post("/api/v1/staff/halls/main/lines/A/next")
            .bearer(&app.staff_token)
            .send()
    };
    let first: QueueLine = serde_json::from_slice(&next().await.body).expect("line");
    assert_eq!(
        (first.now_serving.as_deref(), first.waiting),
        (Some("A001"), 1)
    );
    let second: QueueLine = serde_json::from_slice(&next().await.body).expect("line");
    assert_eq!(
        (second.now_serving.as_deref(), second.waiting),
        (Some("A002"), 0)
    );
    let empty = next().await;
    assert_eq!(empty.status, StatusCode::CONFLICT);
    assert_eq!(empty.problem().code, ErrorCode::QueueEmpty);
    let later = app.post("/api/v1/halls/main/lines/A/numbers").send().await;
    let later: QueueNumber = serde_json::from_slice(&later.body).expect("number");
    assert_eq!(
        (later.number.as_str(), later.ahead),
        ("A003", 0),
        "called numbers are not ahead"
    );
}

#[tokio::test]
async fn unknown_halls_and_lines_are_404_problems() {
    let app = TestApp::new().await;
    for reply in [
        app.get("/api/v1/halls/elsewhere").send().await,
        app.post("/api/v1/halls/main/lines/Z/numbers").send().await,
    ] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(reply.problem().code, ErrorCode::NotFound);
    }
}
