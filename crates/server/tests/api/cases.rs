//! One case for staff: the full view, status changes with missing items and a version check,
//! public and internal notes, assignment, a new access code, and demo mode's demonstration
//! and reset.

use std::time::Duration;

use axum::http::StatusCode;
use banshi_contract::{
    AuditAction, CaseEventKind, ErrorCode, Locale, StaffCase, StaffRole, Ticket, TicketStatus,
};
use serde_json::{Value, json};

use crate::support::TestApp;

/// A fresh `id-card-renewal` request; returns (ticket, access code).
async fn filed(app: &TestApp, locale: Option<&str>) -> (String, String) {
    let receipt = app
        .file_as("id-card-renewal", "王小明", "138 1234 5678", locale)
        .await;
    (
        receipt["ticket"].as_str().expect("ticket").to_owned(),
        receipt["access_code"].as_str().expect("code").to_owned(),
    )
}

async fn case(app: &TestApp, token: &str, ticket: &str) -> StaffCase {
    let reply = app
        .get(&format!("/api/v1/staff/tickets/{ticket}"))
        .bearer(token)
        .lang("zh-Hans")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    serde_json::from_slice(&reply.body).expect("a case")
}

async fn citizen_view(app: &TestApp, ticket: &str, code: &str) -> (StatusCode, Value) {
    let reply = app
        .get(&format!("/api/v1/tickets/{ticket}"))
        .code(code)
        .send()
        .await;
    let body = if reply.status == StatusCode::OK {
        reply.json()
    } else {
        Value::Null
    };
    (reply.status, body)
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> crate::support::Reply {
    app.post(path).bearer(token).json(&body).send().await
}

#[tokio::test]
async fn the_case_shows_answers_contacts_moves_and_templates_in_the_citizens_language() {
    let app = TestApp::demo().await;
    let (ticket, _) = filed(&app, Some("en")).await;
    let case = case(&app, &app.staff_token, &ticket).await;
    assert_eq!(case.summary.applicant_name.as_deref(), Some("王小明"));
    assert_eq!(case.applicant_phone.as_deref(), Some("13812345678"));
    assert_eq!(case.locale, Locale::En);
    // Asked in Simplified Chinese: labels in it, templates in the citizen's English.
    let name = case
        .answers
        .iter()
        .find(|a| a.code == "applicant_name")
        .expect("the name answer");
    assert_eq!(
        (name.label.as_str(), name.value.as_str()),
        ("姓名", "王小明")
    );
    let declaration = case
        .answers
        .iter()
        .find(|a| a.code == "declaration")
        .expect("the declaration");
    assert_eq!(declaration.value, "是", "a yes/no answer is worded");
    assert_eq!(
        case.moves,
        [
            TicketStatus::Accepted,
            TicketStatus::Rejected,
            TicketStatus::Withdrawn
        ]
    );
    assert!(
        case.templates
            .iter()
            .any(|t| t.status == TicketStatus::Accepted && t.text.contains("accepted"))
    );
    assert!(
        case.templates
            .iter()
            .all(|t| case.moves.contains(&t.status))
    );
    assert_eq!(case.events.len(), 1);
    assert_eq!(case.events[0].kind, CaseEventKind::Status);
    assert!(!case.can_demonstrate, "not in demo mode");
}

#[tokio::test]
async fn needs_info_lists_what_is_missing_and_the_citizen_sees_each_item() {
    let app = TestApp::demo().await;
    let (ticket, code) = filed(&app, None).await;
    let path = format!("/api/v1/staff/tickets/{ticket}/status");
    assert_eq!(
        app.staff_move(&ticket, "accepted").await.status,
        StatusCode::OK
    );
    let bare = post(
        &app,
        &app.staff_token,
        &path,
        json!({ "status": "needs_info" }),
    )
    .await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bare.problem().errors[0].field, "missing");
    let stray = post(
        &app,
        &app.staff_token,
        &path,
        json!({ "status": "in_progress", "missing": ["photo"] }),
    )
    .await;
    assert_eq!(stray.status, StatusCode::UNPROCESSABLE_ENTITY);
    let eleven: Vec<String> = (0..11).map(|i| format!("item {i}")).collect();
    let too_many = post(
        &app,
        &app.staff_token,
        &path,
        json!({ "status": "needs_info", "missing": eleven }),
    )
    .await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    let asked = post(
        &app,
        &app.staff_token,
        &path,
        json!({ "status": "needs_info", "note": "请补充", "missing": ["户口簿复印件", "  ", "一寸照片"] }),
    )
    .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.text());
    let (_, seen) = citizen_view(&app, &ticket, &code).await;
    let ticket_view: Ticket = serde_json::from_value(seen).expect("ticket");
    assert_eq!(ticket_view.status, TicketStatus::NeedsInfo);
    assert_eq!(
        ticket_view.history.last().expect("history").missing,
        ["户口簿复印件", "一寸照片"],
        "blank items are dropped"
    );
}

#[tokio::test]
async fn internal_notes_never_reach_the_citizen_and_public_ones_do() {
    let app = TestApp::demo().await;
    let (ticket, code) = filed(&app, None).await;
    let notes = format!("/api/v1/staff/tickets/{ticket}/notes");
    let (_, before) = citizen_view(&app, &ticket, &code).await;
    let internal = post(
        &app,
        &app.staff_token,
        &notes,
        json!({ "text": "申请人曾来电，疑似重复申请", "public": false }),
    )
    .await;
    assert_eq!(internal.status, StatusCode::OK, "{}", internal.text());
    let (_, after) = citizen_view(&app, &ticket, &code).await;
    assert_eq!(
        after, before,
        "an internal note changes nothing a citizen sees"
    );
    let public = post(
        &app,
        &app.staff_token,
        &notes,
        json!({ "text": "  预计明天上午办结  ", "public": true }),
    )
    .await;
    assert_eq!(public.status, StatusCode::OK);
    let (_, after) = citizen_view(&app, &ticket, &code).await;
    let text = after.to_string();
    assert!(text.contains("预计明天上午办结") && !text.contains("疑似重复申请"));
    let case = case(&app, &app.staff_token, &ticket).await;
    let kinds: Vec<_> = case.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            CaseEventKind::Status,
            CaseEventKind::InternalNote,
            CaseEventKind::PublicNote
        ]
    );
    assert_eq!(case.events[2].note.as_deref(), Some("预计明天上午办结"));
    let blank = post(
        &app,
        &app.staff_token,
        &notes,
        json!({ "text": " ", "public": true }),
    )
    .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(blank.problem().errors[0].field, "text");
}

#[tokio::test]
async fn two_officers_changing_one_case_cannot_both_win() {
    let app = TestApp::demo().await;
    let (ticket, _) = filed(&app, None).await;
    let li = app
        .token_for("officer.li", StaffRole::Officer, &["household-id"])
        .await;
    let chen = app
        .token_for("officer.chen", StaffRole::Officer, &["household-id"])
        .await;
    let version = case(&app, &li, &ticket).await.version;
    let path = format!("/api/v1/staff/tickets/{ticket}/status");
    let (first, second) = tokio::join!(
        post(
            &app,
            &li,
            &path,
            json!({ "status": "accepted", "note": "李：受理", "version": version })
        ),
        post(
            &app,
            &chen,
            &path,
            json!({ "status": "rejected", "note": "陈：驳回", "version": version })
        ),
    );
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let loser = if first.status == StatusCode::CONFLICT {
        &first
    } else {
        &second
    };
    assert_eq!(loser.problem().code, ErrorCode::CaseChanged);
    let case = case(&app, &li, &ticket).await;
    assert_eq!(case.events.len(), 2, "exactly one change was written");
    // A note against the old version is refused too; against the new one it goes in.
    let notes = format!("/api/v1/staff/tickets/{ticket}/notes");
    let stale = post(
        &app,
        &chen,
        &notes,
        json!({ "text": "x", "public": false, "version": version }),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let fresh = post(
        &app,
        &chen,
        &notes,
        json!({ "text": "x", "public": false, "version": case.version }),
    )
    .await;
    assert_eq!(fresh.status, StatusCode::OK);
}

#[tokio::test]
async fn a_case_goes_only_to_accounts_that_may_handle_it() {
    let app = TestApp::demo().await;
    let (ticket, _) = filed(&app, None).await;
    app.add_staff("officer.li", StaffRole::Officer, &["household-id"])
        .await;
    app.add_staff("officer.tax", StaffRole::Officer, &["tax"])
        .await;
    app.add_staff("clerk.wang", StaffRole::Clerk, &[]).await;
    let tax = admin_token(&app, "officer.tax").await;
    let seen = case(&app, &app.staff_token, &ticket).await;
    let names: Vec<_> = seen.assignable.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["officer.li", "test-supervisor"]);
    let path = format!("/api/v1/staff/tickets/{ticket}/assignment");
    for wrong in ["officer.tax", "clerk.wang", "nobody.here"] {
        let refused = post(&app, &app.staff_token, &path, json!({ "assignee": wrong })).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{wrong}");
        assert_eq!(refused.problem().errors[0].field, "assignee");
    }
    let given = post(
        &app,
        &app.staff_token,
        &path,
        json!({ "assignee": "officer.li" }),
    )
    .await;
    assert_eq!(given.status, StatusCode::OK, "{}", given.text());
    let inbox = app
        .get("/api/v1/staff/tickets?assignee=officer.li")
        .bearer(&app.staff_token)
        .send()
        .await
        .json();
    assert_eq!(inbox["tickets"][0]["ticket"], json!(ticket));
    // An officer of another category sees neither the case nor a way to change it.
    let hidden = app
        .get(&format!("/api/v1/staff/tickets/{ticket}"))
        .bearer(&tax)
        .send()
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let moved = post(
        &app,
        &tax,
        &format!("/api/v1/staff/tickets/{ticket}/notes"),
        json!({ "text": "x", "public": true }),
    )
    .await;
    assert_eq!(moved.status, StatusCode::NOT_FOUND);
    let audit = app
        .get("/api/v1/staff/audit?action=case_assigned")
        .bearer(&app.staff_token)
        .send()
        .await
        .json();
    assert_eq!(audit[0]["detail"], json!("officer.li"));
}

async fn admin_token(app: &TestApp, name: &str) -> String {
    portal_server::admin::new_token(&app.state, name, "tests")
        .await
        .expect("a token")
}

#[tokio::test]
async fn a_new_access_code_needs_an_identity_check_and_retires_the_old_one() {
    let app = TestApp::demo().await;
    let (ticket, old) = filed(&app, None).await;
    let path = format!("/api/v1/staff/tickets/{ticket}/access-code");
    let unchecked = post(
        &app,
        &app.staff_token,
        &path,
        json!({ "identity_checked": false }),
    )
    .await;
    assert_eq!(unchecked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(citizen_view(&app, &ticket, &old).await.0, StatusCode::OK);
    let made = post(
        &app,
        &app.staff_token,
        &path,
        json!({ "identity_checked": true }),
    )
    .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text());
    let new = made.json()["access_code"]
        .as_str()
        .expect("code")
        .to_owned();
    assert_ne!(new, old);
    assert_eq!(
        citizen_view(&app, &ticket, &old).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(citizen_view(&app, &ticket, &new).await.0, StatusCode::OK);
    let case = case(&app, &app.staff_token, &ticket).await;
    assert_eq!(
        case.events.last().map(|e| e.kind),
        Some(CaseEventKind::AccessCodeReissued)
    );
    let audit = app
        .get("/api/v1/staff/audit?action=access_code_reissued")
        .bearer(&app.staff_token)
        .send()
        .await;
    let entries: Vec<banshi_contract::AuditEntry> =
        serde_json::from_slice(&audit.body).expect("audit");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, AuditAction::AccessCodeReissued);
    assert_eq!(entries[0].target.as_deref(), Some(ticket.as_str()));
    assert!(!audit.text().contains(&new), "the code is never logged");
}

#[tokio::test]
async fn a_demonstration_plays_real_steps_to_completion_in_demo_mode_only() {
    let plain = TestApp::demo().await;
    let (ticket, _) = filed(&plain, None).await;
    let path = format!("/api/v1/staff/tickets/{ticket}/demonstration");
    let off = post(&plain, &plain.staff_token, &path, json!({})).await;
    assert_eq!(
        off.status,
        StatusCode::NOT_FOUND,
        "no demonstrations outside demo mode"
    );

    let app = TestApp::demo_with(|c| c.demo = true).await;
    let (ticket, code) = filed(&app, Some("en")).await;
    let path = format!("/api/v1/staff/tickets/{ticket}/demonstration");
    let started = post(
        &app,
        &app.staff_token,
        &path,
        json!({ "interval_seconds": 1 }),
    )
    .await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.text());
    let again = post(
        &app,
        &app.staff_token,
        &path,
        json!({ "interval_seconds": 1 }),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.problem().code, ErrorCode::DemonstrationRunning);
    let mut seen = Vec::new();
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let (_, body) = citizen_view(&app, &ticket, &code).await;
        let view: Ticket = serde_json::from_value(body).expect("ticket");
        if seen.last() != Some(&view.status) {
            seen.push(view.status);
        }
        if view.status == TicketStatus::Completed {
            let asked = view
                .history
                .iter()
                .find(|h| h.status == TicketStatus::NeedsInfo)
                .expect("a request for information");
            assert_eq!(asked.missing.len(), 2);
            assert!(
                view.history.iter().skip(1).all(|h| h
                    .note
                    .as_deref()
                    .is_some_and(|n| n.starts_with("[Demonstration]"))),
                "every step is marked as a demonstration, in the citizen's English"
            );
            break;
        }
    }
    assert_eq!(seen.last(), Some(&TicketStatus::Completed), "{seen:?}");
    let finished = post(&app, &app.staff_token, &path, json!({})).await;
    assert_eq!(
        finished.status,
        StatusCode::CONFLICT,
        "a finished ticket cannot be demonstrated"
    );
    let bad = post(
        &app,
        &app.staff_token,
        &path,
        json!({ "interval_seconds": 0 }),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn only_a_supervisor_in_demo_mode_resets_the_demo_data() {
    let plain = TestApp::demo().await;
    let off = post(
        &plain,
        &plain.staff_token,
        "/api/v1/staff/demo/reset",
        json!({}),
    )
    .await;
    assert_eq!(off.status, StatusCode::NOT_FOUND);

    let app = TestApp::demo_with(|c| c.demo = true).await;
    let (ticket, code) = filed(&app, None).await;
    let officer = app
        .token_for("officer.li", StaffRole::Officer, &["household-id"])
        .await;
    let refused = app
        .post("/api/v1/staff/demo/reset")
        .bearer(&officer)
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let reset = app
        .post("/api/v1/staff/demo/reset")
        .bearer(&app.staff_token)
        .send()
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.text());
    assert_eq!(
        reset.json()["tickets"],
        json!(portal_server::admin::DEMO_HISTORY)
    );
    assert_eq!(
        citizen_view(&app, &ticket, &code).await.0,
        StatusCode::NOT_FOUND
    );
    // Accounts stay, and the next request does not reuse the forgotten reference number.
    let (next, _) = filed(&app, None).await;
    assert_ne!(next, ticket);
    let audit = app
        .get("/api/v1/staff/audit?action=demo_data_reset")
        .bearer(&officer)
        .send()
        .await;
    assert_eq!(
        audit.status,
        StatusCode::FORBIDDEN,
        "the officer's token still works"
    );
}

#[tokio::test]
async fn a_demonstration_stops_when_someone_else_changes_the_case() {
    let app = TestApp::demo_with(|c| c.demo = true).await;
    let (ticket, code) = filed(&app, None).await;
    let path = format!("/api/v1/staff/tickets/{ticket}/demonstration");
    let started = post(
        &app,
        &app.staff_token,
        &path,
        json!({ "interval_seconds": 1 }),
    )
    .await;
    assert_eq!(started.status, StatusCode::OK);
    // A colleague adds a public note before the first step.
    let note = post(
        &app,
        &app.staff_token,
        &format!("/api/v1/staff/tickets/{ticket}/notes"),
        json!({ "text": "请于周五前来窗口", "public": true }),
    )
    .await;
    assert_eq!(note.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let (_, body) = citizen_view(&app, &ticket, &code).await;
    let view: Ticket = serde_json::from_value(body).expect("ticket");
    assert_eq!(
        view.status,
        TicketStatus::Received,
        "no step was played over the note"
    );
    let case = case(&app, &app.staff_token, &ticket).await;
    assert!(
        case.can_demonstrate,
        "the stopped demonstration gave its slot back"
    );
}

#[tokio::test]
async fn the_citizen_answers_each_missing_item_and_the_officer_sees_the_reply() {
    let app = TestApp::demo().await;
    let (ticket, code) = filed(&app, None).await;
    let reply_path = format!("/api/v1/tickets/{ticket}/reply");
    let early = app
        .post(&reply_path)
        .code(&code)
        .json(&json!({ "answers": ["x"] }))
        .send()
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "nothing was asked yet");
    assert_eq!(early.problem().code, ErrorCode::ReplyNotAllowed);
    app.staff_move(&ticket, "accepted").await;
    let asked = post(
        &app,
        &app.staff_token,
        &format!("/api/v1/staff/tickets/{ticket}/status"),
        json!({ "status": "needs_info", "missing": ["户口簿首页复印件", "联系地址"] }),
    )
    .await;
    assert_eq!(asked.status, StatusCode::OK);
    let wrong_code = app
        .post(&reply_path)
        .code("AAAAAAAA")
        .json(&json!({ "answers": ["a", "b"] }))
        .send()
        .await;
    assert_eq!(wrong_code.status, StatusCode::NOT_FOUND);
    let one = app
        .post(&reply_path)
        .code(&code)
        .json(&json!({ "answers": ["只答一项"] }))
        .send()
        .await;
    assert_eq!(
        one.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "one answer per item"
    );
    assert_eq!(one.problem().errors[0].field, "answers");
    let blank = app
        .post(&reply_path)
        .code(&code)
        .json(&json!({ "answers": ["已邮寄", "  "] }))
        .lang("en")
        .send()
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = blank.problem();
    assert_eq!(problem.errors.len(), 1);
    assert_eq!(problem.errors[0].field, "answers.1");
    let long = "长".repeat(banshi_contract::InfoReply::MAX_ANSWER + 1);
    let too_long = app
        .post(&reply_path)
        .code(&code)
        .json(&json!({ "answers": [long, "b"] }))
        .send()
        .await;
    assert_eq!(too_long.problem().errors[0].field, "answers.0");

    let answered = app
        .post(&reply_path)
        .code(&code)
        .json(&json!({ "answers": [" 已于今日邮寄 ", "海川市滨江路 8 号"] }))
        .send()
        .await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.text());
    let view: Ticket = serde_json::from_slice(&answered.body).expect("ticket");
    assert_eq!(view.status, TicketStatus::InProgress);
    let last = view.history.last().expect("history");
    assert_eq!(last.missing, ["户口簿首页复印件", "联系地址"]);
    assert_eq!(last.replies, ["已于今日邮寄", "海川市滨江路 8 号"]);
    let again = app
        .post(&reply_path)
        .code(&code)
        .json(&json!({ "answers": ["a", "b"] }))
        .send()
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "one reply per request");

    let replied = app
        .get("/api/v1/staff/tickets?replied=true")
        .bearer(&app.staff_token)
        .send()
        .await
        .json();
    assert_eq!(replied["tickets"][0]["ticket"], json!(ticket));
    assert_eq!(replied["tickets"][0]["citizen_replied"], json!(true));
    let case = case(&app, &app.staff_token, &ticket).await;
    let reply = case.events.last().expect("events");
    assert_eq!(reply.kind, CaseEventKind::CitizenReply);
    assert_eq!(reply.author, None);
    assert_eq!(reply.replies.len(), 2);
    // The officer's next move clears the mark.
    assert_eq!(
        app.staff_move(&ticket, "completed").await.status,
        StatusCode::OK
    );
    let case = self::case(&app, &app.staff_token, &ticket).await;
    assert!(!case.summary.citizen_replied);
}

/// Moves `ticket` through the staff API to `completed`, from wherever it is.
async fn complete(app: &TestApp, ticket: &str) {
    for status in ["accepted", "in_progress", "completed"] {
        let _ = app.staff_move(ticket, status).await;
    }
    let case = case(app, &app.staff_token, ticket).await;
    assert_eq!(case.summary.status, TicketStatus::Completed);
}

async fn send_back(app: &TestApp, ticket: &str, code: &str, reason: &str) -> crate::support::Reply {
    app.post(&format!("/api/v1/tickets/{ticket}/send-back"))
        .code(code)
        .json(&json!({ "reason": reason }))
        .send()
        .await
}

#[tokio::test]
async fn a_result_goes_back_twice_to_the_officer_then_to_a_supervisor_and_no_fourth_time() {
    let app = TestApp::demo().await;
    let (ticket, code) = filed(&app, None).await;
    let early = send_back(&app, &ticket, &code, "还没办").await;
    assert_eq!(
        early.status,
        StatusCode::CONFLICT,
        "nothing to send back yet"
    );
    assert_eq!(early.problem().code, ErrorCode::SendBackNotAllowed);
    app.token_for("officer.li", StaffRole::Officer, &["household-id"])
        .await;
    post(
        &app,
        &app.staff_token,
        &format!("/api/v1/staff/tickets/{ticket}/assignment"),
        json!({ "assignee": "officer.li" }),
    )
    .await;
    complete(&app, &ticket).await;
    let (_, done) = citizen_view(&app, &ticket, &code).await;
    assert_eq!(done["send_backs_left"], json!(3));
    assert!(done["send_back_until"].is_string());
    let blank = send_back(&app, &ticket, &code, " ").await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    for round in 1..=3 {
        let sent = send_back(
            &app,
            &ticket,
            &code,
            &format!("第 {round} 次：证件照片有误"),
        )
        .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.text());
        let view: Ticket = serde_json::from_slice(&sent.body).expect("ticket");
        assert_eq!(view.status, TicketStatus::InProgress);
        assert!(
            view.expected_datetime.as_str() >= done["expected_datetime"].as_str().unwrap_or(""),
            "a new promised time, the service's limit from now"
        );
        let case = case(&app, &app.staff_token, &ticket).await;
        assert!(
            case.summary.citizen_replied,
            "the officer sees the send-back"
        );
        if round < 3 {
            assert_eq!(
                case.summary.assignee.as_deref(),
                Some("officer.li"),
                "round {round}"
            );
            complete(&app, &ticket).await;
        } else {
            assert_eq!(
                case.summary.assignee, None,
                "the third goes to a supervisor"
            );
            let note = view
                .history
                .last()
                .and_then(|h| h.note.clone())
                .unwrap_or_default();
            assert!(note.contains("督办"), "{note}");
        }
    }
    complete(&app, &ticket).await;
    let (_, last) = citizen_view(&app, &ticket, &code).await;
    assert_eq!(last["send_backs_left"], json!(0));
    assert!(last.get("send_back_until").is_none());
    let fourth = send_back(&app, &ticket, &code, "第四次").await;
    assert_eq!(fourth.status, StatusCode::CONFLICT);
    assert_eq!(fourth.problem().code, ErrorCode::SendBackNotAllowed);
}

#[tokio::test]
async fn a_rejection_can_be_reopened_only_by_a_send_back_within_15_days() {
    let app = TestApp::demo().await;
    let (ticket, code) = filed(&app, None).await;
    assert_eq!(
        app.staff_move(&ticket, "rejected").await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.staff_move(&ticket, "in_progress").await.status,
        StatusCode::CONFLICT,
        "staff cannot reopen a rejection"
    );
    let database = app.state.config.database.clone();
    let conn = rusqlite::Connection::open(database).expect("opens the test database");
    // An old promise, so that the new one is visibly later.
    conn.execute(
        "UPDATE tickets SET expected_at = '2026-01-09T17:00:00+08:00' WHERE ticket = ?1",
        [&ticket],
    )
    .expect("backdates the promise");
    let sent = send_back(&app, &ticket, &code, "材料是齐全的").await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text());
    let reopened = sent.json();
    assert_eq!(reopened["status"], "in_progress");
    assert!(
        reopened["expected_datetime"].as_str().unwrap_or("") > "2026-01-09T17:00:00+08:00",
        "a new promised time"
    );
    // A result older than the window is refused, and the ticket says when the window closed.
    app.staff_move(&ticket, "rejected").await;
    conn.execute(
        "UPDATE tickets SET finished_at = '2026-01-05T10:00:00+08:00' WHERE ticket = ?1",
        [&ticket],
    )
    .expect("ages the result");
    let late = send_back(&app, &ticket, &code, "晚了").await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(late.problem().code, ErrorCode::SendBackClosed);
    let (_, view) = citizen_view(&app, &ticket, &code).await;
    assert_eq!(view["send_back_until"], json!("2026-01-20T10:00:00+08:00"));
    let withdrawn = app
        .post(&format!("/api/v1/tickets/{ticket}/withdrawal"))
        .code(&code)
        .json(&json!({ "reason": "x" }))
        .send()
        .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::CONFLICT,
        "a result cannot be withdrawn"
    );
}
