//! Public statistics and the staff's per-service and per-officer figures, over tickets filed,
//! finished, rated, reworked and ruled through the API itself.

use axum::http::StatusCode;
use banshi_contract::stats::Ratio;
use banshi_contract::{ErrorCode, StaffRole, Stats};
use serde_json::{Value, json};

use crate::support::TestApp;

const SERVICE: &str = "senior-citizen-card";

async fn stats(app: &TestApp, query: &str) -> Stats {
    let reply = app
        .get(&format!("/api/v1/stats{query}"))
        .lang("en")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    serde_json::from_slice(&reply.body).expect("stats")
}

async fn staff_stats(app: &TestApp, token: &str) -> Stats {
    let reply = app.get("/api/v1/staff/stats").bearer(token).send().await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    serde_json::from_slice(&reply.body).expect("stats")
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) {
    let reply = app.post(path).bearer(token).json(&body).send().await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
}

async fn complete(app: &TestApp, token: &str, ticket: &str) {
    for status in ["accepted", "in_progress", "completed"] {
        let path = format!("/api/v1/staff/tickets/{ticket}/status");
        post(
            app,
            token,
            &path,
            json!({ "status": status, "note": "依法办结" }),
        )
        .await;
    }
}

async fn rate(app: &TestApp, receipt: &Value, score: u8) {
    let ticket = receipt["ticket"].as_str().expect("ticket");
    let reply = app
        .post(&format!("/api/v1/tickets/{ticket}/rating"))
        .code(receipt["access_code"].as_str().expect("code"))
        .json(&json!({ "score": score, "comment": "" }))
        .send()
        .await;
    assert!(reply.status.is_success(), "{}", reply.text());
}

/// The category of `SERVICE`.
async fn category(app: &TestApp) -> String {
    let service = app
        .get(&format!("/api/v1/services/{SERVICE}"))
        .send()
        .await
        .json();
    service["category"].as_str().expect("category").to_owned()
}

fn ticket(receipt: &Value) -> &str {
    receipt["ticket"].as_str().expect("ticket")
}

#[tokio::test]
async fn each_figure_follows_what_happens_to_the_tickets() {
    let app = TestApp::demo().await;
    let category = category(&app).await;
    let officer = app
        .token_for("officer.chen", StaffRole::Officer, &[&category])
        .await;
    let empty = stats(&app, "").await;
    assert_eq!(empty.overall.filed, 0);
    assert_eq!(empty.overall.on_time.percent(), None, "no share of nothing");
    assert_eq!(empty.months.len(), 12, "the last twelve months by default");

    let mut filed = Vec::new();
    for i in 0..3 {
        filed.push(
            app.file_as(SERVICE, "王芳", &format!("1381234567{i}"), None)
                .await,
        );
    }
    complete(&app, &officer, ticket(&filed[0])).await;
    complete(&app, &officer, ticket(&filed[1])).await;
    rate(&app, &filed[0], 5).await;
    rate(&app, &filed[1], 1).await;

    let now = stats(&app, "").await;
    let figures = &now.overall;
    assert_eq!((figures.filed, figures.finished), (3, 2));
    assert_eq!(figures.on_time, Ratio { count: 2, of: 2 });
    assert_eq!(figures.satisfied, Ratio { count: 1, of: 2 });
    assert_eq!(figures.good, Ratio { count: 1, of: 2 });
    assert_eq!(figures.rated, Ratio { count: 2, of: 2 });
    assert_eq!(
        figures.median_working_days,
        Some(0.0),
        "finished the day filed"
    );
    assert_eq!(
        (figures.reworked_on_time, figures.rework_pending),
        (Ratio::default(), 1),
        "the bad rating's rework is under way and within time"
    );
    let month = now.months.last().expect("this month");
    assert_eq!(month.filed, 3);
    let column = now
        .categories
        .iter()
        .position(|c| c.code == category)
        .expect("the service's category");
    assert_eq!(month.by_category[column], 3);
    assert_eq!(now.categories[column].figures.finished, 2);

    // The officer puts it right: it counts as reworked on time.
    let rework = format!("/api/v1/staff/tickets/{}/rework", ticket(&filed[1]));
    post(
        &app,
        &officer,
        &rework,
        json!({ "action": "verified", "note": "核实属实" }),
    )
    .await;
    post(
        &app,
        &officer,
        &rework,
        json!({ "action": "fixed", "note": "已补办并致歉" }),
    )
    .await;
    let reworked = stats(&app, "").await.overall;
    assert_eq!(reworked.reworked_on_time, Ratio { count: 1, of: 1 });
    assert_eq!(reworked.rework_pending, 0);

    // A supervisor rules the bad rating mistaken: it leaves every rating figure.
    let ruling = format!("/api/v1/staff/tickets/{}/rating/ruling", ticket(&filed[1]));
    let reason = json!({ "ruling": "mistaken", "reason": "市民来电称误评" });
    post(&app, &app.staff_token, &ruling, reason).await;
    let ruled = stats(&app, "").await.overall;
    assert_eq!(ruled.ruled_out, 1);
    assert_eq!(ruled.satisfied, Ratio { count: 1, of: 1 });
    assert_eq!(ruled.rated, Ratio { count: 1, of: 2 });
    assert_eq!(ruled.reworked_on_time, Ratio::default());

    // A period before any of it has nothing.
    let before = stats(&app, "?from=2025-01-01&to=2025-03-31").await;
    assert_eq!(before.overall.filed, 0);
    assert_eq!(before.months.len(), 3);
    assert_eq!(
        (before.from.as_str(), before.to.as_str()),
        ("2025-01-01", "2025-03-31")
    );
}

#[tokio::test]
async fn officers_see_their_own_figures_and_supervisors_everyones() {
    let app = TestApp::demo().await;
    let category = category(&app).await;
    let chen = app
        .token_for("officer.chen", StaffRole::Officer, &[&category])
        .await;
    let zhou = app
        .token_for("officer.zhou", StaffRole::Officer, &[&category])
        .await;
    let clerk = app.token_for("clerk.wu", StaffRole::Clerk, &[]).await;
    let first = app.file_as(SERVICE, "王芳", "13812345670", None).await;
    let second = app.file_as(SERVICE, "李娜", "13812345671", None).await;
    complete(&app, &chen, ticket(&first)).await;
    complete(&app, &zhou, ticket(&second)).await;
    let all = staff_stats(&app, &app.staff_token).await;
    let names: Vec<&str> = all.officers.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(names, ["officer.chen", "officer.zhou"]);
    assert_eq!(all.services.len(), 1);
    assert_eq!(all.services[0].code, SERVICE);
    assert_eq!(all.services[0].figures.finished, 2);
    let mine = staff_stats(&app, &chen).await;
    assert_eq!(mine.officers.len(), 1);
    assert_eq!(mine.officers[0].code, "officer.chen");
    assert_eq!(mine.officers[0].figures.finished, 1);
    assert_eq!(
        mine.overall, all.overall,
        "the centre's figures are public anyway"
    );
    let refused = app.get("/api/v1/staff/stats").bearer(&clerk).send().await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let anonymous = app.get("/api/v1/staff/stats").send().await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let public = stats(&app, "").await;
    assert!(public.services.is_empty() && public.officers.is_empty());
}

#[tokio::test]
async fn a_period_that_makes_no_sense_is_a_localised_error_on_its_parameter() {
    let app = TestApp::demo().await;
    let cases = [
        (
            "?from=2026-02-30",
            "from",
            "en",
            "The first day must be a real date",
        ),
        ("?to=next-week", "to", "zh-Hans", "结束日期须为真实日期"),
        (
            "?from=2026-05-02&to=2026-05-01",
            "to",
            "zh-Hant",
            "結束日期不能早於開始日期",
        ),
        (
            "?from=2023-01-01&to=2026-01-01",
            "from",
            "en",
            "at most 24 months",
        ),
    ];
    for (query, field, locale, message) in cases {
        let reply = app
            .get(&format!("/api/v1/stats{query}"))
            .lang(locale)
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let problem = reply.problem();
        assert_eq!(problem.code, ErrorCode::ValidationFailed);
        assert_eq!(problem.errors.len(), 1, "{query}");
        assert_eq!(problem.errors[0].field, field, "{query}");
        assert!(
            problem.errors[0].message.contains(message),
            "{query}: {}",
            problem.errors[0].message
        );
    }
}

#[tokio::test]
async fn the_demo_history_gives_realistic_figures_with_rework_and_rulings() {
    let app = TestApp::demo().await;
    portal_server::admin::demo_accounts(&app.state)
        .await
        .expect("demo accounts");
    portal_server::admin::add_demo_history(&app.state)
        .await
        .expect("demo history");
    let figures = stats(&app, "").await.overall;
    assert!(figures.filed > 2_500, "{figures:?}");
    let share = |ratio: Ratio| ratio.percent().expect("a share");
    assert!(
        (90.0..99.0).contains(&share(figures.on_time)),
        "{figures:?}"
    );
    assert!(
        (90.0..99.9).contains(&share(figures.satisfied)),
        "{figures:?}"
    );
    assert!(share(figures.good) < share(figures.satisfied));
    assert!((40.0..80.0).contains(&share(figures.rated)), "{figures:?}");
    assert!(figures.reworked_on_time.of > 20, "{figures:?}");
    assert!(
        (70.0..100.0).contains(&share(figures.reworked_on_time)),
        "{figures:?}"
    );
    assert!(figures.ruled_out > 0, "{figures:?}");
    assert!(figures.median_working_days.is_some_and(|d| d > 0.0));
    let staff = staff_stats(&app, &app.staff_token).await;
    let li = staff
        .officers
        .iter()
        .find(|o| o.code == "officer.li")
        .expect("the demo officer finished cases");
    assert_eq!(li.name, "李明");
    assert!(li.figures.finished > 100);
    assert!(staff.services.len() > 30, "every service has history");
}

#[tokio::test]
async fn hall_figures_give_waits_no_shows_and_the_estimates_error_per_line_and_window() {
    let app = TestApp::new().await;
    let now = portal_server::clock::now();
    let yesterday = now - chrono::Duration::days(1);
    let nine = yesterday
        .with_time(chrono::NaiveTime::MIN)
        .single()
        .expect("midnight")
        + chrono::Duration::hours(9);
    let at =
        |minutes: i64| portal_server::clock::rfc3339(nine + chrono::Duration::minutes(minutes));
    // Yesterday line A: ten numbers called after 5, 10, … 50 minutes at window 2, the third
    // not there when called; one more given up before its call.
    let mut past: Vec<_> = (1..=10)
        .map(|i| portal_server::history::PastNumber {
            hall: "main".into(),
            line: "A".into(),
            day: portal_server::clock::day(yesterday),
            seq: i,
            issued_at: at(i),
            called: Some((at(i + i * 5), 2)),
            state: if i == 3 { "missed" } else { "served" },
            ended_at: at(i + i * 5 + 3),
        })
        .collect();
    past.push(portal_server::history::PastNumber {
        seq: 11,
        called: None,
        state: "cancelled",
        ..past[0].clone()
    });
    app.state
        .store
        .insert_past_numbers(past)
        .await
        .expect("history");
    // Today a number of line B is taken (and given an estimate) and called at once.
    let taken = app
        .post("/api/v1/halls/main/lines/B/numbers")
        .json(&json!({ "phone": "13900000077" }))
        .send()
        .await;
    assert_eq!(taken.status, StatusCode::CREATED, "{}", taken.text());
    let called = app
        .post("/api/v1/staff/halls/main/lines/B/next")
        .bearer(&app.staff_token)
        .send()
        .await;
    assert_eq!(called.status, StatusCode::OK, "{}", called.text());

    let period = format!(
        "?from={}&to={}",
        yesterday.format("%Y-%m-%d"),
        now.format("%Y-%m-%d")
    );
    let public = stats(&app, &period).await;
    let hall = &public.halls[0];
    assert_eq!((hall.hall.as_str(), hall.target_minutes), ("main", 30));
    assert!(hall.windows.is_empty(), "windows are for staff");
    let line_a = &hall.lines[0].figures;
    assert_eq!((line_a.taken, line_a.called), (11, 10));
    assert_eq!(line_a.average_wait_minutes, Some(28), "27.5 minutes");
    assert_eq!(line_a.p90_wait_minutes, Some(45));
    assert_eq!(line_a.over_target, Ratio { count: 4, of: 10 });
    assert_eq!(line_a.no_shows, Ratio { count: 1, of: 10 });
    assert_eq!(
        line_a.estimate_error_minutes, None,
        "no estimates were recorded then"
    );
    let line_b = &hall.lines[1].figures;
    assert_eq!((line_b.taken, line_b.called), (1, 1));
    assert_eq!(
        line_b.estimate_error_minutes,
        Some(0),
        "nobody ahead, called at once"
    );
    assert_eq!(hall.overall.taken, 12);

    let reply = app
        .get(&format!("/api/v1/staff/stats{period}"))
        .bearer(&app.staff_token)
        .send()
        .await;
    let staff: Stats = serde_json::from_slice(&reply.body).expect("stats");
    let window_2 = staff.halls[0]
        .windows
        .iter()
        .find(|w| w.code == "2")
        .expect("window 2");
    assert_eq!(window_2.figures.called, 10);
    assert_eq!(window_2.figures.no_shows, Ratio { count: 1, of: 10 });
}
