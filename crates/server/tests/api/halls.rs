//! The optional halls module: queue status, remote numbers and calling the next number.

use axum::http::StatusCode;
use banshi_contract::{ErrorCode, FieldErrorCode, Hall, QueueLine, QueueNumber, QueueNumberState};
use serde_json::json;

use crate::support::{Reply, TestApp};

/// Takes a number of `line` with the mobile number `phone`.
async fn take(app: &TestApp, line: &str, phone: &str) -> Reply {
    app.post(&format!("/api/v1/halls/main/lines/{line}/numbers"))
        .json(&json!({ "phone": phone }))
        .send()
        .await
}

/// Today's number `number`, asked with `token`.
async fn look_up(app: &TestApp, number: &str, token: &str) -> Reply {
    app.get(&format!("/api/v1/halls/main/numbers/{number}"))
        .header("x-queue-token", token)
        .send()
        .await
}

fn issued(reply: &Reply) -> QueueNumber {
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    serde_json::from_slice(&reply.body).expect("number")
}

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
        let reply = take(&app, "C", &format!("1390000000{}", numbers.len())).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        numbers.push(serde_json::from_slice::<QueueNumber>(&reply.body).expect("number"));
    }
    assert_eq!(
        numbers
            .iter()
            .map(|n| n.number.as_str())
            .collect::<Vec<_>>(),
        ["C001", "C002", "C003"]
    );
    // Line C has no history yet: its nominal 12 minutes a person, at its two windows.
    let third = &numbers[2];
    assert_eq!((third.ahead, third.estimated_wait_minutes), (2, 12));
    let wait = third.wait.expect("a range");
    assert_eq!((wait.low_minutes, wait.high_minutes), (9, 21));
    assert!(third.updated_at.is_some(), "says when it was true");
    let hall: Hall =
        serde_json::from_slice(&app.get("/api/v1/halls/main").send().await.body).expect("hall");
    assert_eq!(hall.lines[2].waiting, 3);
    let next = hall.lines[2].wait.expect("a new number's range");
    assert_eq!(
        (next.low_minutes, next.high_minutes),
        (14, 29),
        "three ahead: 18 minutes"
    );
}

#[tokio::test]
async fn a_wait_follows_the_lines_own_service_times_and_is_recorded_against_the_real_one() {
    let app = TestApp::new().await;
    // Yesterday line A (three windows) served thirty people in 2 to 4 minutes each, not its
    // nominal six.
    let yesterday = portal_server::clock::now() - chrono::Duration::days(1);
    let at = |minute: i64| {
        portal_server::clock::rfc3339(
            yesterday
                .with_time(chrono::NaiveTime::MIN)
                .single()
                .expect("midnight")
                + chrono::Duration::hours(9)
                + chrono::Duration::minutes(minute),
        )
    };
    let past = (0..30)
        .map(|i| portal_server::history::PastNumber {
            hall: "main".into(),
            line: "A".into(),
            day: portal_server::clock::day(yesterday),
            seq: i + 1,
            issued_at: at(i * 4),
            called: Some((at(i * 4 + 1), 1)),
            state: "served",
            ended_at: at(i * 4 + 1 + 2 + i % 3),
        })
        .collect();
    app.state
        .store
        .insert_past_numbers(past)
        .await
        .expect("history");
    for i in 0..6 {
        issued(&take(&app, "A", &format!("1390000001{i}")).await);
    }
    let seventh = issued(&take(&app, "A", "13900000020").await);
    // Six ahead at a median of 3 minutes over three windows: 6, not 6 × 6 / 3 = 12.
    assert_eq!((seventh.ahead, seventh.estimated_wait_minutes), (6, 6));
    let wait = seventh.wait.expect("a range");
    assert_eq!((wait.low_minutes, wait.high_minutes), (4, 9));

    // Called at once: the estimate is kept beside the wait it had.
    let called = app
        .post("/api/v1/staff/halls/main/lines/A/next")
        .bearer(&app.staff_token)
        .send()
        .await;
    assert_eq!(called.status, StatusCode::OK, "{}", called.text());
    let since = portal_server::clock::day(yesterday);
    let records = app
        .state
        .store
        .estimated_waits("main".into(), since)
        .await
        .expect("records");
    assert_eq!(records.len(), 1, "{records:?}");
    let first = &records[0];
    assert_eq!((first.line.as_str(), first.minutes), ("A", 0));
    assert!(first.actual_minutes < 1.0, "{first:?}");
}

#[tokio::test]
async fn staff_call_numbers_in_order_until_the_line_is_empty() {
    let app = TestApp::new().await;
    take(&app, "A", "13900000001").await;
    take(&app, "A", "13900000002").await;
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
    let later = take(&app, "A", "13900000003").await;
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
        take(&app, "Z", "13900000001").await,
    ] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(reply.problem().code, ErrorCode::NotFound);
    }
}

#[tokio::test]
async fn a_number_is_read_and_cancelled_only_with_its_token() {
    let app = TestApp::new().await;
    let first = issued(&take(&app, "B", "13812345678").await);
    let mine = issued(&take(&app, "B", "13812345679").await);
    let token = mine.token.clone().expect("the token, once");
    assert_eq!(
        (mine.number.as_str(), mine.state),
        ("B002", QueueNumberState::Waiting)
    );
    let seen: QueueNumber =
        serde_json::from_slice(&look_up(&app, "B002", &token).await.body).expect("number");
    assert_eq!(
        (seen.ahead, seen.token),
        (1, None),
        "the token is never sent again"
    );
    // A wrong token, no token, another's number and an unknown one look alike.
    let not_found = |reply: Reply| {
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(reply.problem().code, ErrorCode::NotFound);
    };
    not_found(look_up(&app, "B002", "WRONG").await);
    not_found(look_up(&app, "B001", &token).await);
    not_found(look_up(&app, "B999", &token).await);
    not_found(app.get("/api/v1/halls/main/numbers/B002").send().await);
    let cancel = |token: String| {
        let app = &app;
        async move {
            app.post("/api/v1/halls/main/numbers/b002/cancellation")
                .header("x-queue-token", &token)
                .send()
                .await
        }
    };
    not_found(cancel(first.token.clone().expect("token")).await);
    let cancelled = cancel(token.clone()).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.text());
    let cancelled: QueueNumber = serde_json::from_slice(&cancelled.body).expect("number");
    assert_eq!(cancelled.state, QueueNumberState::Cancelled);
    assert_eq!(
        cancel(token).await.problem().code,
        ErrorCode::TransitionNotAllowed
    );
    let hall: Hall =
        serde_json::from_slice(&app.get("/api/v1/halls/main").send().await.body).expect("hall");
    assert_eq!(hall.lines[1].waiting, 1, "a cancelled number waits no more");
    // The phone may take a number again.
    assert_eq!(issued(&take(&app, "B", "13812345679").await).number, "B003");
}

#[tokio::test]
async fn a_phone_holds_one_number_per_line_at_a_time_even_when_asking_twice_at_once() {
    let app = TestApp::with(|c| c.numbers_per_phone = (10, 10)).await;
    let (a, b) = tokio::join!(
        take(&app, "A", "13812345678"),
        take(&app, "A", "+86 138 1234 5678")
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    let refused = if a.status == StatusCode::CONFLICT {
        a
    } else {
        b
    };
    assert_eq!(refused.problem().code, ErrorCode::NumberAlreadyTaken);
    // Called is still held; another line is another queue.
    app.post("/api/v1/staff/halls/main/lines/A/next")
        .bearer(&app.staff_token)
        .send()
        .await;
    assert_eq!(
        take(&app, "A", "13812345678").await.status,
        StatusCode::CONFLICT
    );
    issued(&take(&app, "C", "13812345678").await);
}

#[tokio::test]
async fn a_kiosk_needs_no_phone_and_a_phone_must_be_a_mobile() {
    let app = TestApp::new().await;
    let no_phone = app
        .post("/api/v1/halls/main/lines/A/numbers")
        .lang("en")
        .send()
        .await
        .problem();
    assert_eq!(
        (no_phone.errors[0].field.as_str(), no_phone.errors[0].code),
        ("phone", FieldErrorCode::Required)
    );
    let landline = take(&app, "A", "0571-12345678").await.problem();
    assert_eq!(landline.errors[0].code, FieldErrorCode::InvalidPhone);
    let boss = app
        .signed_in("nina", banshi_contract::StaffRole::Supervisor, &[])
        .await;
    let link = app
        .post("/api/v1/staff/kiosk-enrolments")
        .session(&boss)
        .json(&json!({ "hall_id": "main", "label": "入口左侧" }))
        .send()
        .await
        .json();
    let enrolled = app
        .post("/api/v1/kiosks")
        .json(&json!({ "code": link["code"] }))
        .send()
        .await
        .json();
    let device = enrolled["device_token"].as_str().expect("token");
    let at_kiosk = |token: &str| {
        app.post("/api/v1/halls/main/lines/A/numbers")
            .header("x-kiosk-token", token)
            .send()
    };
    let number = issued(&at_kiosk(device).await);
    assert_eq!(number.number, "A001");
    let twice = issued(&at_kiosk(device).await);
    assert_eq!(
        twice.number, "A002",
        "a kiosk serves one visitor after another"
    );
    let forged = at_kiosk("bsk_forged").await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_phone_taking_number_after_number_is_told_when_to_try_again() {
    let app = TestApp::new().await;
    for line in ["A", "B", "C"] {
        issued(&take(&app, line, "13812345678").await);
    }
    let limited = take(&app, "D", "13812345678").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        limited
            .header("retry-after")
            .parse::<u64>()
            .expect("seconds")
            > 0
    );
    // Other phones behind the same address are not held back.
    issued(&take(&app, "D", "13812345679").await);
}

/// Calls the next number to `window` of the demo hall, as the staff token's supervisor.
async fn call(app: &TestApp, window: u32, lines: &[&str]) -> Reply {
    app.post(&format!("/api/v1/staff/halls/main/windows/{window}/call"))
        .bearer(&app.staff_token)
        .json(&json!({ "lines": lines }))
        .send()
        .await
}

fn called(reply: &Reply) -> QueueNumber {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    serde_json::from_slice(&reply.body).expect("number")
}

/// A clerk's `action` on `number`.
async fn act(app: &TestApp, number: &str, action: serde_json::Value) -> Reply {
    app.post(&format!("/api/v1/staff/halls/main/numbers/{number}"))
        .bearer(&app.staff_token)
        .json(&action)
        .send()
        .await
}

/// Takes `count` numbers of `line`, a few milliseconds apart so that their order is clear.
async fn queue(app: &TestApp, line: &str, count: usize) -> Vec<QueueNumber> {
    let mut numbers = Vec::new();
    for i in 0..count {
        numbers.push(issued(&take(app, line, &format!("1360000{i:04}")).await));
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    numbers
}

#[tokio::test]
async fn two_clerks_calling_at_the_same_moment_never_get_the_same_number() {
    let app = TestApp::new().await;
    queue(&app, "A", 10).await;
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..5 {
        let (first, second) = tokio::join!(call(&app, 1, &[]), call(&app, 2, &[]));
        let (first, second) = (called(&first), called(&second));
        assert_ne!(first.number, second.number);
        assert_eq!((first.window, second.window), (Some(1), Some(2)));
        seen.insert(first.number);
        seen.insert(second.number);
    }
    assert_eq!(seen.len(), 10);
    assert_eq!(
        call(&app, 1, &[]).await.problem().code,
        ErrorCode::QueueEmpty
    );
    let audit: serde_json::Value = app
        .get("/api/v1/staff/audit?action=number_called")
        .bearer(&app.staff_token)
        .send()
        .await
        .json();
    assert_eq!(
        audit.as_array().map(Vec::len),
        Some(10),
        "every call is audited"
    );
}

#[tokio::test]
async fn priority_goes_first_then_the_longest_waiting_of_the_windows_lines() {
    let app = TestApp::new().await;
    let a1 = issued(&take(&app, "A", "13600000001").await);
    tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    let d1 = issued(&take(&app, "D", "13600000002").await);
    tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    let a2 = issued(&take(&app, "A", "13600000003").await);
    let marked = act(&app, &a2.number, json!({ "action": "priority" })).await;
    assert!(called(&marked).priority);
    // Window 3 serves lines A and D.
    let mut calls = Vec::new();
    for _ in 0..3 {
        calls.push(called(&call(&app, 3, &[]).await).number);
    }
    assert_eq!(calls, [a2.number, a1.number, d1.number]);
    // A window calls only its own lines.
    let refused = call(&app, 1, &["C"]).await;
    assert_eq!(refused.problem().errors[0].field, "lines");
}

#[tokio::test]
async fn a_number_is_recalled_at_most_three_times_and_not_within_a_minute() {
    let app = TestApp::with(|c| c.recall_gap = std::time::Duration::ZERO).await;
    queue(&app, "B", 1).await;
    let number = called(&call(&app, 4, &[]).await).number;
    for expected in 1..=3 {
        let recalled = called(&act(&app, &number, json!({ "action": "recall" })).await);
        assert_eq!(
            (recalled.recalls, recalled.state),
            (expected, QueueNumberState::Called)
        );
    }
    let fourth = act(&app, &number, json!({ "action": "recall" })).await;
    assert_eq!(fourth.problem().code, ErrorCode::RecallNotAllowed);
    let strict = TestApp::new().await;
    queue(&strict, "B", 1).await;
    let number = called(&call(&strict, 4, &[]).await).number;
    let too_soon = act(&strict, &number, json!({ "action": "recall" })).await;
    assert_eq!(too_soon.problem().code, ErrorCode::RecallNotAllowed);
    let detail = too_soon.problem().detail.unwrap_or_default();
    assert!(detail.contains("一分钟"), "the clerk is told why: {detail}");
}

#[tokio::test]
async fn a_missed_number_comes_back_three_places_back_within_the_grace_window() {
    let app = TestApp::new().await;
    let numbers = queue(&app, "A", 6).await;
    let first = called(&call(&app, 1, &[]).await);
    assert_eq!(first.number, numbers[0].number);
    let missed = called(&act(&app, &first.number, json!({ "action": "missed" })).await);
    assert_eq!(missed.state, QueueNumberState::Missed);
    let token = numbers[0].token.clone().expect("token");
    let back = app
        .post(&format!(
            "/api/v1/halls/main/numbers/{}/return",
            first.number
        ))
        .header("x-queue-token", &token)
        .send()
        .await;
    let back = called(&back);
    assert_eq!((back.state, back.ahead), (QueueNumberState::Returned, 3));
    let mut order = Vec::new();
    for _ in 0..5 {
        order.push(called(&call(&app, 1, &[]).await).number);
    }
    let expected: Vec<String> = [1, 2, 3, 0, 4]
        .iter()
        .map(|&i| numbers[i].number.clone())
        .collect();
    assert_eq!(order, expected, "three places back, not at the end");
    // Past the grace window it cannot come back.
    let strict = TestApp::with(|c| c.missed_grace = std::time::Duration::ZERO).await;
    let late = queue(&strict, "A", 1).await;
    let number = called(&call(&strict, 1, &[]).await).number;
    called(&act(&strict, &number, json!({ "action": "missed" })).await);
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let refused = strict
        .post(&format!("/api/v1/halls/main/numbers/{number}/return"))
        .header("x-queue-token", late[0].token.as_deref().expect("token"))
        .send()
        .await;
    assert_eq!(refused.problem().code, ErrorCode::TransitionNotAllowed);
}

#[tokio::test]
async fn a_number_is_served_finished_or_transferred_to_the_front_of_another_line() {
    let app = TestApp::new().await;
    let mine = queue(&app, "A", 1).await.remove(0);
    issued(&take(&app, "C", "13600009999").await);
    let number = called(&call(&app, 1, &[]).await).number;
    let early = act(&app, &number, json!({ "action": "finish" })).await;
    assert_eq!(
        early.problem().code,
        ErrorCode::TransitionNotAllowed,
        "serve first"
    );
    called(&act(&app, &number, json!({ "action": "serve" })).await);
    let nowhere = act(&app, &number, json!({ "action": "transfer", "line": "Z" })).await;
    assert_eq!(nowhere.problem().errors[0].field, "line");
    let moved = called(
        &act(
            &app,
            &number,
            json!({ "action": "transfer", "line": "C", "front": true }),
        )
        .await,
    );
    assert_eq!(
        (moved.state, moved.line.as_str(), moved.ahead),
        (QueueNumberState::Transferred, "C", 0)
    );
    // The citizen sees it queued in line C; window 6 serves C and calls it first.
    let seen: QueueNumber = serde_json::from_slice(
        &look_up(&app, &number, mine.token.as_deref().expect("token"))
            .await
            .body,
    )
    .expect("number");
    assert_eq!((seen.line.as_str(), seen.ahead), ("C", 0));
    assert_eq!(called(&call(&app, 6, &[]).await).number, number);
    called(&act(&app, &number, json!({ "action": "serve" })).await);
    let done = called(&act(&app, &number, json!({ "action": "finish" })).await);
    assert_eq!(done.state, QueueNumberState::Served);
    let officer = app
        .token_for(
            "officer.chen",
            banshi_contract::StaffRole::Officer,
            &["tax"],
        )
        .await;
    let refused = app
        .post("/api/v1/staff/halls/main/windows/1/call")
        .bearer(&officer)
        .json(&json!({}))
        .send()
        .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "the counter is clerks' work"
    );
}

/// The demo hall as the public sees it now.
async fn hall_now(app: &TestApp) -> Hall {
    serde_json::from_slice(&app.get("/api/v1/halls/main").send().await.body).expect("hall")
}

#[tokio::test]
async fn a_paused_window_gets_no_number_and_the_hall_shows_it_paused() {
    let app = TestApp::new().await;
    queue(&app, "A", 2).await;
    let pause = |paused: bool| {
        app.post("/api/v1/staff/halls/main/windows/1/pause")
            .bearer(&app.staff_token)
            .json(&json!({ "paused": paused }))
            .send()
    };
    assert_eq!(pause(true).await.status, StatusCode::OK);
    let hall = hall_now(&app).await;
    assert!(hall.windows[0].paused, "window 1 paused");
    assert!(!hall.windows[1].paused, "window 2 open");
    assert_eq!(
        call(&app, 1, &[]).await.problem().code,
        ErrorCode::WindowPaused
    );
    assert_eq!(
        hall_now(&app).await.lines[0].waiting,
        2,
        "nobody was called"
    );
    assert_eq!(pause(false).await.status, StatusCode::OK);
    let first = called(&call(&app, 1, &[]).await);
    // The window shows the number at it, called and then being served.
    let window = hall_now(&app).await.windows[0].clone();
    assert_eq!(
        (window.now.as_deref(), window.serving),
        (Some(first.number.as_str()), false)
    );
    called(&act(&app, &first.number, json!({ "action": "serve" })).await);
    assert!(hall_now(&app).await.windows[0].serving);
    called(&act(&app, &first.number, json!({ "action": "finish" })).await);
    assert_eq!(hall_now(&app).await.windows[0].now, None, "free again");
    let unknown = app
        .post("/api/v1/staff/halls/main/windows/99/pause")
        .bearer(&app.staff_token)
        .json(&json!({ "paused": true }))
        .send()
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.audit_details("window_paused").await,
        ["1 open", "1 paused"],
        "newest first"
    );
}

#[tokio::test]
async fn a_served_visit_is_rated_once_by_the_holder_of_its_token() {
    let app = TestApp::new().await;
    let mine = issued(&take(&app, "B", "13900001111").await);
    let token = mine.token.clone().expect("token");
    let rate = |token: &str, body: serde_json::Value| {
        app.post(&format!(
            "/api/v1/halls/main/numbers/{}/rating",
            mine.number
        ))
        .header("x-queue-token", token)
        .lang("en")
        .json(&body)
        .send()
    };
    let early = rate(&token, json!({ "score": 5 })).await;
    assert_eq!(
        early.problem().code,
        ErrorCode::RatingNotAllowed,
        "not served yet"
    );
    let called_now = called(&call(&app, 4, &["B"]).await);
    assert_eq!(called_now.number, mine.number);
    // Staff read the number without its token.
    let seen: QueueNumber = serde_json::from_slice(
        &app.get(&format!("/api/v1/staff/halls/main/numbers/{}", mine.number))
            .bearer(&app.staff_token)
            .send()
            .await
            .body,
    )
    .expect("number");
    assert_eq!(
        (seen.state, seen.window),
        (QueueNumberState::Called, Some(4))
    );
    assert_eq!(
        app.get(&format!("/api/v1/staff/halls/main/numbers/{}", mine.number))
            .send()
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    called(&act(&app, &mine.number, json!({ "action": "serve" })).await);
    called(&act(&app, &mine.number, json!({ "action": "finish" })).await);
    let bad = rate(&token, json!({ "score": 9 })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.problem().errors[0].field, "score");
    assert_eq!(
        rate("not-the-token", json!({ "score": 4 })).await.status,
        StatusCode::NOT_FOUND
    );
    let rated = rate(&token, json!({ "score": 4, "comment": "Quick and kind" })).await;
    assert_eq!(rated.status, StatusCode::CREATED, "{}", rated.text());
    let rated: QueueNumber = serde_json::from_slice(&rated.body).expect("number");
    assert_eq!(
        (rated.state, rated.rating),
        (QueueNumberState::Served, Some(4))
    );
    let again = rate(&token, json!({ "score": 1 })).await;
    assert_eq!(
        again.problem().code,
        ErrorCode::RatingNotAllowed,
        "one rating a visit"
    );
    let read: QueueNumber =
        serde_json::from_slice(&look_up(&app, &mine.number, &token).await.body).expect("number");
    assert_eq!(read.rating, Some(4));
}

#[tokio::test]
async fn busy_hours_average_the_halls_own_past_numbers_per_weekday_and_hour() {
    use chrono::Datelike;
    let app = TestApp::new().await;
    // The last two Wednesdays the hall kept as Wednesdays (not holidays): five numbers at
    // ten and one at three, then one and three.
    let now = portal_server::clock::now();
    let hall = &portal_server::seed::halls()[0];
    let calendar = portal_server::clock::Calendar::load(None).expect("calendar");
    let wednesdays: Vec<i64> = (1..=7 * 7)
        .filter(|d| {
            let date = (now - chrono::Duration::days(*d)).date_naive();
            date.weekday() == chrono::Weekday::Wed
                && portal_server::hall::hours_on(&hall.opening, &calendar, date)
                    .is_some_and(|h| h.weekday == 3)
        })
        .take(2)
        .collect();
    let mut past = Vec::new();
    for (back, (at_ten, at_three)) in wednesdays.into_iter().zip([(5, 1), (1, 3)]) {
        let date = now - chrono::Duration::days(back);
        let day = portal_server::clock::day(date);
        let midnight = date
            .with_time(chrono::NaiveTime::MIN)
            .single()
            .expect("midnight");
        let hours = std::iter::repeat_n(10, at_ten).chain(std::iter::repeat_n(15, at_three));
        for (seq, hour) in hours.enumerate() {
            let issued =
                midnight + chrono::Duration::hours(hour) + chrono::Duration::minutes(seq as i64);
            past.push(portal_server::history::PastNumber {
                hall: "main".into(),
                line: "A".into(),
                day: day.clone(),
                seq: seq as i64 + 1,
                issued_at: portal_server::clock::rfc3339(issued),
                called: None,
                state: "cancelled",
                ended_at: portal_server::clock::rfc3339(issued),
            });
        }
    }
    app.state
        .store
        .insert_past_numbers(past)
        .await
        .expect("history");
    let reply = app.get("/api/v1/halls/main/busy-hours").send().await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let busy: banshi_contract::BusyHours = serde_json::from_slice(&reply.body).expect("busy hours");
    assert_eq!(busy.weeks, 8);
    let weekdays: Vec<u8> = busy.days.iter().map(|d| d.weekday).collect();
    assert_eq!(weekdays, [1, 2, 3, 4, 5, 6], "the days the hall opens");
    let wednesday = &busy.days[2];
    let numbers: Vec<(u8, u32)> = wednesday
        .hours
        .iter()
        .map(|h| (h.hour, h.numbers))
        .collect();
    assert_eq!(
        numbers,
        [
            (9, 0),
            (10, 3),
            (11, 0),
            (12, 0),
            (13, 0),
            (14, 0),
            (15, 2),
            (16, 0)
        ],
        "two Wednesdays: (5 + 1) / 2 at ten, (1 + 3) / 2 at three"
    );
    let saturday = &busy.days[5];
    assert_eq!(saturday.hours.len(), 3, "Saturday mornings only");
}
