//! Staff accounts: every staff endpoint against every role and no credential, sessions and
//! their CSRF tokens, one-time passwords, sign-in limits, API tokens, the audit log, officers'
//! categories and kiosk enrolment.

use axum::http::{Method, StatusCode};
use banshi_contract::{
    AuditAction, AuditEntry, ErrorCode, FieldErrorCode, InboxPage, Kiosk, StaffAccount, StaffRole,
};
use serde_json::{Value, json};

use crate::support::{STAFF_PASSWORD, Session, TestApp, every_field_answers, valid_answers};

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Nobody,
    Clerk,
    Officer,
    Supervisor,
}

/// Every staff endpoint: method, path, body, and which roles may call it.
fn endpoints(ticket: &str) -> Vec<(Method, String, Option<Value>, &'static [Who])> {
    use Who::*;
    let all: &'static [Who] = &[Clerk, Officer, Supervisor];
    let cases: &'static [Who] = &[Officer, Supervisor];
    let hall: &'static [Who] = &[Clerk, Supervisor];
    let boss: &'static [Who] = &[Supervisor];
    vec![
        (Method::GET, "/api/v1/staff/session".into(), None, all),
        (Method::GET, "/api/v1/staff/tickets".into(), None, cases),
        (
            Method::POST,
            format!("/api/v1/staff/tickets/{ticket}/status"),
            Some(json!({ "status": "accepted" })),
            cases,
        ),
        (
            Method::GET,
            format!("/api/v1/staff/tickets/{ticket}"),
            None,
            cases,
        ),
        (
            Method::POST,
            format!("/api/v1/staff/tickets/{ticket}/notes"),
            Some(json!({ "text": "内部", "public": false })),
            cases,
        ),
        (
            Method::POST,
            format!("/api/v1/staff/tickets/{ticket}/assignment"),
            Some(json!({})),
            cases,
        ),
        (
            Method::POST,
            format!("/api/v1/staff/tickets/{ticket}/access-code"),
            Some(json!({ "identity_checked": true })),
            cases,
        ),
        (
            Method::POST,
            format!("/api/v1/staff/tickets/{ticket}/demonstration"),
            Some(json!({})),
            cases,
        ),
        (Method::POST, "/api/v1/staff/demo/reset".into(), None, boss),
        (
            Method::POST,
            format!("/api/v1/staff/tickets/{ticket}/help"),
            Some(json!({ "helper": 1, "at": "2099-12-08T10:00" })),
            boss,
        ),
        (Method::GET, "/api/v1/staff/helpers".into(), None, boss),
        (
            Method::POST,
            format!("/api/v1/staff/tickets/{ticket}/rework"),
            Some(json!({ "action": "verified", "note": "已核实" })),
            cases,
        ),
        (
            Method::POST,
            format!("/api/v1/staff/tickets/{ticket}/rating/ruling"),
            Some(json!({ "ruling": "mistaken", "reason": "误评" })),
            boss,
        ),
        (Method::GET, "/api/v1/staff/bad-ratings".into(), None, cases),
        (Method::GET, "/api/v1/staff/stats".into(), None, cases),
        (
            Method::POST,
            "/api/v1/staff/helpers".into(),
            Some(json!({ "name": "陈志愿", "phone": "13900005555" })),
            boss,
        ),
        (
            Method::PATCH,
            "/api/v1/staff/helpers/1".into(),
            Some(json!({ "name": "陈志愿", "phone": "13900005555", "active": false })),
            boss,
        ),
        (
            Method::POST,
            "/api/v1/staff/halls/main/lines/A/next".into(),
            None,
            hall,
        ),
        (
            Method::POST,
            "/api/v1/staff/halls/main/windows/1/call".into(),
            Some(json!({})),
            hall,
        ),
        (
            Method::POST,
            "/api/v1/staff/halls/main/numbers/A001".into(),
            Some(json!({ "action": "priority" })),
            hall,
        ),
        (
            Method::GET,
            "/api/v1/staff/halls/main/numbers/A001".into(),
            None,
            hall,
        ),
        (
            Method::POST,
            "/api/v1/staff/halls/main/windows/8/pause".into(),
            Some(json!({ "paused": false })),
            hall,
        ),
        (
            Method::POST,
            "/api/v1/staff/halls/main/slot-closures".into(),
            Some(json!({ "line": "A", "date": "2020-01-01", "starts": "09:00" })),
            hall,
        ),
        (
            Method::GET,
            "/api/v1/staff/booking-appeals".into(),
            None,
            boss,
        ),
        (
            Method::POST,
            "/api/v1/staff/booking-appeals/1".into(),
            Some(json!({ "grant": true })),
            boss,
        ),
        (Method::GET, "/api/v1/staff/accounts".into(), None, boss),
        (
            Method::POST,
            "/api/v1/staff/accounts".into(),
            Some(json!({ "name": "new.one", "display_name": "新同事", "role": "clerk" })),
            boss,
        ),
        (
            Method::PATCH,
            "/api/v1/staff/accounts/target".into(),
            Some(json!({ "display_name": "改名" })),
            boss,
        ),
        (
            Method::POST,
            "/api/v1/staff/accounts/target/password-reset".into(),
            None,
            boss,
        ),
        (
            Method::GET,
            "/api/v1/staff/accounts/target/tokens".into(),
            None,
            boss,
        ),
        (
            Method::POST,
            "/api/v1/staff/tokens/1/revoke".into(),
            None,
            boss,
        ),
        (Method::GET, "/api/v1/staff/audit".into(), None, boss),
        (
            Method::POST,
            "/api/v1/staff/kiosk-enrolments".into(),
            Some(json!({ "hall_id": "main", "label": "门口" })),
            boss,
        ),
        (Method::GET, "/api/v1/staff/kiosks".into(), None, boss),
        (
            Method::POST,
            "/api/v1/staff/kiosks/999/revoke".into(),
            None,
            boss,
        ),
    ]
}

#[tokio::test]
async fn every_staff_endpoint_refuses_every_role_it_is_not_for_and_no_credential() {
    let app = TestApp::new().await;
    let receipt = app.submit("every-field", every_field_answers()).await;
    let ticket = receipt["ticket"].as_str().expect("ticket").to_owned();
    app.add_staff("target", StaffRole::Clerk, &[]).await;
    let clerk = app.signed_in("a.clerk", StaffRole::Clerk, &[]).await;
    let officer = app
        .signed_in("an.officer", StaffRole::Officer, &["tax"])
        .await;
    let supervisor = app
        .signed_in("a.supervisor", StaffRole::Supervisor, &[])
        .await;
    let clerk_token = app.token_for("clerk.script", StaffRole::Clerk, &[]).await;
    for (method, path, body, allowed) in endpoints(&ticket) {
        for who in [Who::Nobody, Who::Clerk, Who::Officer, Who::Supervisor] {
            let session = match who {
                Who::Nobody => None,
                Who::Clerk => Some(&clerk),
                Who::Officer => Some(&officer),
                Who::Supervisor => Some(&supervisor),
            };
            let mut call = app.call(method.clone(), &path);
            if let Some(session) = session {
                call = call.session(session);
            }
            if let Some(body) = &body {
                call = call.json(body);
            }
            let reply = call.send().await;
            let code = reply.problem_code();
            match who {
                Who::Nobody => assert_eq!(
                    (reply.status, code),
                    (StatusCode::UNAUTHORIZED, Some(ErrorCode::Unauthorized)),
                    "{method} {path} without a session"
                ),
                who if !allowed.contains(&who) => assert_eq!(
                    (reply.status, code),
                    (StatusCode::FORBIDDEN, Some(ErrorCode::Forbidden)),
                    "{method} {path} as {who:?}"
                ),
                // Allowed: anything but an authentication or role refusal (a missing
                // kiosk or token is a fine 404, an empty queue a 409).
                who => assert!(
                    !matches!(
                        reply.status,
                        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
                    ),
                    "{method} {path} as {who:?}: {}",
                    reply.text()
                ),
            }
        }
        // A clerk's API token carries the clerk's role, no more.
        let mut call = app.call(method.clone(), &path).bearer(&clerk_token);
        if let Some(body) = &body {
            call = call.json(body);
        }
        let reply = call.send().await;
        let expected_forbidden = !allowed.contains(&Who::Clerk);
        assert_eq!(
            reply.status == StatusCode::FORBIDDEN,
            expected_forbidden,
            "{method} {path} with a clerk's token: {}",
            reply.text()
        );
    }
}

#[tokio::test]
async fn state_changing_calls_need_the_sessions_own_csrf_token() {
    let app = TestApp::new().await;
    let alice = app.signed_in("alice", StaffRole::Supervisor, &[]).await;
    let bob = app.signed_in("bob", StaffRole::Supervisor, &[]).await;
    let add = json!({ "name": "carol", "display_name": "Carol", "role": "clerk" });
    let forged = app
        .post("/api/v1/staff/accounts")
        .cookie_only(&alice)
        .json(&add)
        .send()
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(forged.problem().code, ErrorCode::CsrfTokenInvalid);
    // Alice's cookie with Bob's token: one session cannot borrow another's.
    let mixed = app
        .post("/api/v1/staff/accounts")
        .header("cookie", &alice.cookie)
        .header("x-csrf-token", &bob.csrf)
        .json(&add)
        .send()
        .await;
    assert_eq!(mixed.problem().code, ErrorCode::CsrfTokenInvalid);
    let accounts = app
        .get("/api/v1/staff/accounts")
        .cookie_only(&alice)
        .send()
        .await;
    assert_eq!(
        accounts.status,
        StatusCode::OK,
        "reading needs no CSRF token"
    );
    let names: Vec<StaffAccount> = serde_json::from_slice(&accounts.body).expect("accounts");
    assert!(
        !names.iter().any(|a| a.name == "carol"),
        "no forged account"
    );
    let made = app
        .post("/api/v1/staff/accounts")
        .session(&alice)
        .json(&add)
        .send()
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
}

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_and_secure_behind_https() {
    let app = TestApp::with(|c| c.trust_forwarded_for = true).await;
    let once = app.add_staff("dana", StaffRole::Clerk, &[]).await;
    let sign_in = |proto: &'static str| {
        app.post("/api/v1/staff/session")
            .header("x-forwarded-proto", proto)
            .json(&json!({ "name": "dana", "password": once }))
            .send()
    };
    let plain = sign_in("http").await;
    let cookie = plain.header("set-cookie");
    for part in [
        "banshi_staff_session=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/api/",
    ] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert_eq!(plain.header("cache-control"), "no-store");
    assert!(
        !plain
            .text()
            .contains(cookie.split(['=', ';']).nth(1).expect("value")),
        "the session id is only in the cookie"
    );
    let secure = sign_in("https").await;
    assert!(secure.header("set-cookie").ends_with("; Secure"));
}

#[tokio::test]
async fn a_one_time_password_must_be_changed_before_anything_else() {
    let app = TestApp::new().await;
    let once = app.add_staff("erin", StaffRole::Supervisor, &[]).await;
    let session = app.sign_in("erin", &once).await;
    let me = app
        .get("/api/v1/staff/session")
        .session(&session)
        .send()
        .await;
    assert_eq!(me.json()["account"]["must_change_password"], true);
    let blocked = app
        .get("/api/v1/staff/accounts")
        .session(&session)
        .send()
        .await;
    assert_eq!(blocked.status, StatusCode::FORBIDDEN);
    assert_eq!(blocked.problem().code, ErrorCode::PasswordChangeRequired);
    let change = |current: &str, new: &str| {
        app.post("/api/v1/staff/password")
            .session(&session)
            .lang("en")
            .json(&json!({ "current_password": current, "new_password": new }))
            .send()
    };
    let bad = change("wrong", "short").await.problem();
    let codes: Vec<(&str, FieldErrorCode)> = bad
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code))
        .collect();
    assert_eq!(
        codes,
        [
            ("current_password", FieldErrorCode::Incorrect),
            ("new_password", FieldErrorCode::TooShort)
        ]
    );
    assert_eq!(
        bad.errors[1].message,
        "new password must be at least 12 characters"
    );
    let weak = change(&once, "erin-erin-erin-erin").await.problem();
    assert_eq!(weak.errors[0].code, FieldErrorCode::TooWeak);
    let done = change(&once, STAFF_PASSWORD).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert_eq!(done.json()["account"]["must_change_password"], false);
    let open = app
        .get("/api/v1/staff/accounts")
        .session(&session)
        .send()
        .await;
    assert_eq!(open.status, StatusCode::OK, "the same session goes on");
    let old = app
        .post("/api/v1/staff/session")
        .json(&json!({ "name": "erin", "password": once }))
        .send()
        .await;
    assert_eq!(
        old.status,
        StatusCode::UNAUTHORIZED,
        "the one-time password is spent"
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_answer() {
    let app = TestApp::new().await;
    app.add_staff("frank", StaffRole::Clerk, &[]).await;
    let attempt = |name: &'static str| {
        app.post("/api/v1/staff/session")
            .lang("zh-Hans")
            .json(&json!({ "name": name, "password": "not the password" }))
            .send()
    };
    let wrong = attempt("frank").await;
    let unknown = attempt("nobody").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.problem().code, ErrorCode::SignInFailed);
    let without_instance = |reply: &crate::support::Reply| {
        let mut body = reply.json();
        body.as_object_mut().map(|o| o.remove("instance"));
        body
    };
    assert_eq!(without_instance(&wrong), without_instance(&unknown));
    assert_eq!(wrong.headers.get("set-cookie"), None);
}

#[tokio::test]
async fn sign_in_attempts_are_limited_per_account_and_per_client() {
    let app = TestApp::with(|c| {
        c.trust_forwarded_for = true;
        c.sign_ins_per_account = (5, 20);
        c.sign_ins_per_client = (8, 20);
    })
    .await;
    let once = app.add_staff("gina", StaffRole::Clerk, &[]).await;
    let attempt = |name: &str, password: &str, client: &str| {
        app.post("/api/v1/staff/session")
            .header("x-forwarded-for", client)
            .json(&json!({ "name": name, "password": password }))
            .send()
    };
    // Five wrong guesses from five addresses use up the account's attempts...
    for i in 0..5 {
        let reply = attempt("gina", "guess", &format!("10.0.0.{i}")).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    // ...so even the right password waits, from anywhere.
    let limited = attempt("gina", &once, "10.0.1.1").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        limited
            .header("retry-after")
            .parse::<u64>()
            .is_ok_and(|s| s > 0)
    );
    // One address trying many names runs into the client limit.
    let mut statuses = Vec::new();
    for i in 0..9 {
        statuses.push(
            attempt(&format!("name{i}"), "guess", "10.0.2.2")
                .await
                .status,
        );
    }
    assert_eq!(statuses[..8], [StatusCode::UNAUTHORIZED; 8]);
    assert_eq!(statuses[8], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn signing_out_or_going_idle_ends_the_session() {
    let app = TestApp::with(|c| c.staff_idle = std::time::Duration::from_secs(1)).await;
    let session = app.signed_in("hana", StaffRole::Clerk, &[]).await;
    let out = app
        .call(Method::DELETE, "/api/v1/staff/session")
        .session(&session)
        .send()
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.header("set-cookie").contains("Max-Age=0"));
    let after = app
        .get("/api/v1/staff/session")
        .session(&session)
        .send()
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    let idle = app.sign_in("hana", STAFF_PASSWORD).await;
    assert_eq!(
        app.get("/api/v1/staff/session")
            .session(&idle)
            .send()
            .await
            .status,
        StatusCode::OK
    );
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let expired = app.get("/api/v1/staff/session").session(&idle).send().await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn supervisors_manage_accounts_and_disabling_one_ends_its_access() {
    let app = TestApp::demo().await;
    let boss = app.signed_in("ivy", StaffRole::Supervisor, &[]).await;
    let add = |body: Value| {
        app.post("/api/v1/staff/accounts")
            .session(&boss)
            .lang("en")
            .json(&body)
            .send()
    };
    let bad = add(json!({ "name": "Bad Name", "display_name": " ", "role": "officer", "categories": ["nope"] }))
        .await
        .problem();
    let fields: Vec<(&str, FieldErrorCode)> = bad
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code))
        .collect();
    assert_eq!(
        fields,
        [
            ("name", FieldErrorCode::PatternMismatch),
            ("display_name", FieldErrorCode::Required),
            ("categories", FieldErrorCode::NotAnOption)
        ]
    );
    let made = add(
        json!({ "name": "jack", "display_name": "杰克", "role": "officer", "categories": ["tax"] }),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED);
    let once = made.json()["one_time_password"]
        .as_str()
        .expect("password")
        .to_owned();
    assert_eq!(
        add(json!({ "name": "jack", "display_name": "x", "role": "clerk" }))
            .await
            .problem()
            .code,
        ErrorCode::NameTaken
    );
    let jack = app.sign_in("jack", &once).await;
    let change = |body: Value| {
        app.call(Method::PATCH, "/api/v1/staff/accounts/jack")
            .session(&boss)
            .json(&body)
            .send()
    };
    let moved = change(json!({ "categories": ["tax", "vehicles"] })).await;
    assert_eq!(moved.json()["categories"], json!(["tax", "vehicles"]));
    let clerk = change(json!({ "role": "clerk" })).await;
    assert_eq!(
        clerk.json()["categories"],
        json!([]),
        "only officers keep categories"
    );
    let disabled = change(json!({ "disabled": true })).await;
    assert_eq!(disabled.json()["disabled"], true);
    assert_eq!(
        app.get("/api/v1/staff/session")
            .session(&jack)
            .send()
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let refused = app
        .post("/api/v1/staff/session")
        .json(&json!({ "name": "jack", "password": once }))
        .send()
        .await;
    assert_eq!(
        refused.problem().code,
        ErrorCode::SignInFailed,
        "a disabled account cannot sign in"
    );
    let own = app
        .call(Method::PATCH, "/api/v1/staff/accounts/ivy")
        .session(&boss)
        .json(&json!({ "disabled": true }))
        .send()
        .await;
    assert_eq!(
        own.problem().code,
        ErrorCode::Forbidden,
        "no supervisor locks themselves out"
    );
    change(json!({ "disabled": false })).await;
    let reset = app
        .post("/api/v1/staff/accounts/jack/password-reset")
        .session(&boss)
        .send()
        .await;
    let fresh = reset.json()["one_time_password"]
        .as_str()
        .expect("password")
        .to_owned();
    assert_eq!(reset.json()["account"]["must_change_password"], true);
    assert_ne!(fresh, once);
    app.sign_in("jack", &fresh).await;
}

#[tokio::test]
async fn revoked_tokens_are_refused() {
    let app = TestApp::new().await;
    let boss = app.signed_in("kate", StaffRole::Supervisor, &[]).await;
    let token = app.token_for("robot", StaffRole::Clerk, &[]).await;
    assert!(token.starts_with("bst_"));
    let me = app.get("/api/v1/staff/session").bearer(&token).send().await;
    assert_eq!(me.json()["account"]["name"], "robot");
    let tokens = app
        .get("/api/v1/staff/accounts/robot/tokens")
        .session(&boss)
        .send()
        .await
        .json();
    assert!(tokens[0].get("last_used_at").is_some(), "{tokens}");
    assert!(
        !tokens.to_string().contains(&token),
        "the secret is never listed"
    );
    let id = tokens[0]["id"].as_i64().expect("id");
    let revoked = app
        .post(&format!("/api/v1/staff/tokens/{id}/revoke"))
        .session(&boss)
        .send()
        .await;
    assert!(revoked.json()["revoked_at"].is_string());
    let refused = app.get("/api/v1/staff/session").bearer(&token).send().await;
    assert_eq!(refused.problem().code, ErrorCode::Unauthorized);
    // Resetting an account's password, as for one in the wrong hands, stops its scripts too.
    let other = app.token_for("robot2", StaffRole::Clerk, &[]).await;
    app.post("/api/v1/staff/accounts/robot2/password-reset")
        .session(&boss)
        .send()
        .await;
    let after_reset = app.get("/api/v1/staff/session").bearer(&other).send().await;
    assert_eq!(after_reset.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn two_supervisors_demoting_each_other_at_once_leave_one() {
    let app = TestApp::new().await;
    let alice = app.token_for("alice", StaffRole::Supervisor, &[]).await;
    // Alice and the harness's supervisor are the only two; each demotes the other at once.
    let demote = |token: String, name: &'static str| {
        app.call(Method::PATCH, &format!("/api/v1/staff/accounts/{name}"))
            .bearer(&token)
            .json(&json!({ "role": "clerk" }))
            .send()
    };
    let (first, second) = tokio::join!(
        demote(alice.clone(), "test-supervisor"),
        demote(app.staff_token.clone(), "alice")
    );
    let statuses = [first.status, second.status];
    assert!(
        statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::FORBIDDEN),
        "exactly one succeeds: {statuses:?}"
    );
    let survivor = if first.status == StatusCode::OK {
        &alice
    } else {
        &app.staff_token
    };
    let accounts: Vec<StaffAccount> = serde_json::from_slice(
        &app.get("/api/v1/staff/accounts")
            .bearer(survivor)
            .send()
            .await
            .body,
    )
    .expect("accounts");
    let supervisors = accounts
        .iter()
        .filter(|a| a.role == StaffRole::Supervisor && !a.disabled)
        .count();
    assert_eq!(supervisors, 1);
}

#[tokio::test]
async fn officers_see_and_move_only_the_cases_of_their_categories() {
    let app = TestApp::demo().await;
    let officer = app.signed_in("leo", StaffRole::Officer, &["tax"]).await;
    let app = &app;
    let service = |code: &'static str| async move {
        let reply = app.get(&format!("/api/v1/services/{code}")).send().await;
        let service: banshi_contract::Service =
            serde_json::from_slice(&reply.body).expect("service");
        app.submit(code, valid_answers(&service.fields)).await["ticket"]
            .as_str()
            .expect("ticket")
            .to_owned()
    };
    let tax = service("tax-payment-certificate").await;
    let car = service("driving-licence-renewal").await;
    let list: InboxPage = serde_json::from_slice(
        &app.get("/api/v1/staff/tickets")
            .session(&officer)
            .send()
            .await
            .body,
    )
    .expect("list");
    let numbers: Vec<&str> = list.tickets.iter().map(|t| t.ticket.as_str()).collect();
    assert_eq!(numbers, [tax.as_str()]);
    let move_to = |ticket: String| {
        app.post(&format!("/api/v1/staff/tickets/{ticket}/status"))
            .session(&officer)
            .json(&json!({ "status": "accepted" }))
            .send()
    };
    assert_eq!(move_to(tax).await.status, StatusCode::OK);
    assert_eq!(move_to(car.clone()).await.status, StatusCode::NOT_FOUND);
    let all: InboxPage = serde_json::from_slice(
        &app.get("/api/v1/staff/tickets")
            .bearer(&app.staff_token)
            .send()
            .await
            .body,
    )
    .expect("list");
    assert_eq!(all.tickets.len(), 2, "a supervisor sees every case");
}

#[tokio::test]
async fn the_audit_log_records_who_did_what_from_where_and_filters() {
    let app = TestApp::with(|c| c.trust_forwarded_for = true).await;
    let boss = app.signed_in("mia", StaffRole::Supervisor, &[]).await;
    let receipt = app.submit("every-field", every_field_answers()).await;
    let ticket = receipt["ticket"].as_str().expect("ticket");
    app.post(&format!("/api/v1/staff/tickets/{ticket}/status"))
        .session(&boss)
        // The proxy appends the real address; the first hop is whatever the client wrote.
        .header("x-forwarded-for", "10.6.6.6, 192.0.2.7")
        .json(&json!({ "status": "accepted", "note": "ok" }))
        .send()
        .await;
    app.post("/api/v1/staff/session")
        .header("x-forwarded-for", "198.51.100.9")
        .json(&json!({ "name": "mia", "password": "wrong password" }))
        .send()
        .await;
    let app = &app;
    let read = |query: &str| {
        let path = format!("/api/v1/staff/audit{query}");
        let boss = boss.clone();
        async move {
            let reply = app.get(&path).session(&boss).send().await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
            serde_json::from_slice::<Vec<AuditEntry>>(&reply.body).expect("entries")
        }
    };
    let all = read("").await;
    let actions: Vec<AuditAction> = all.iter().map(|e| e.action).collect();
    for expected in [
        AuditAction::AccountAdded,
        AuditAction::SignIn,
        AuditAction::PasswordChanged,
        AuditAction::StatusChanged,
        AuditAction::SignInFailed,
    ] {
        assert!(actions.contains(&expected), "{expected:?} in {actions:?}");
    }
    assert!(all.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    let moved = read("?action=status_changed").await;
    assert_eq!(moved.len(), 1);
    assert_eq!(
        (
            moved[0].actor.as_deref(),
            moved[0].target.as_deref(),
            moved[0].detail.as_deref(),
            moved[0].client.as_str()
        ),
        (Some("mia"), Some(ticket), Some("accepted"), "192.0.2.7")
    );
    let failed = read("?action=sign_in_failed&actor=mia").await;
    assert_eq!(
        (failed.len(), failed[0].client.as_str()),
        (1, "198.51.100.9")
    );
    // A password typed into the name box is not kept.
    app.post("/api/v1/staff/session")
        .json(&json!({ "name": "My Secret Passw0rd!", "password": "x" }))
        .send()
        .await;
    let last = &read("?action=sign_in_failed").await[0];
    assert_eq!(
        (last.actor.as_deref(), last.detail.as_deref()),
        (None, Some("not a sign-in name"))
    );
    let page = read(&format!("?before={}&limit=1", all[0].id)).await;
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].id, all[1].id);
    assert!(read("?since=2999-01-01T00:00:00%2B08:00").await.is_empty());
    let bad = app
        .get("/api/v1/staff/audit?action=erase")
        .session(&boss)
        .send()
        .await;
    assert_eq!(bad.problem().code, ErrorCode::BadParameter);
    for method in [Method::DELETE, Method::PUT, Method::PATCH, Method::POST] {
        let reply = app
            .call(method.clone(), "/api/v1/staff/audit")
            .session(&boss)
            .send()
            .await;
        assert_eq!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} cannot edit the log"
        );
    }
}

#[tokio::test]
async fn a_kiosk_enrols_once_with_its_link_and_stops_working_when_revoked() {
    let app = TestApp::new().await;
    let boss = app.signed_in("nina", StaffRole::Supervisor, &[]).await;
    let bad = app
        .post("/api/v1/staff/kiosk-enrolments")
        .session(&boss)
        .json(&json!({ "hall_id": "nowhere", "label": "" }))
        .send()
        .await
        .problem();
    assert_eq!(bad.errors.len(), 2);
    let link = app
        .post("/api/v1/staff/kiosk-enrolments")
        .session(&boss)
        .json(&json!({ "hall_id": "main", "label": "入口左侧" }))
        .send()
        .await;
    assert_eq!(link.status, StatusCode::CREATED);
    let code = link.json()["code"].as_str().expect("code").to_owned();
    let enrol = || {
        app.post("/api/v1/kiosks")
            .json(&json!({ "code": code }))
            .send()
    };
    let enrolled = enrol().await;
    assert_eq!(enrolled.status, StatusCode::CREATED, "{}", enrolled.text());
    let device = enrolled.json()["device_token"]
        .as_str()
        .expect("token")
        .to_owned();
    assert_eq!(
        enrol().await.status,
        StatusCode::NOT_FOUND,
        "the link works once"
    );
    let me = app
        .get("/api/v1/kiosk")
        .header("x-kiosk-token", &device)
        .send()
        .await;
    let kiosk: Kiosk = serde_json::from_slice(&me.body).expect("kiosk");
    assert_eq!(
        (kiosk.hall_id.as_str(), kiosk.label.as_str()),
        ("main", "入口左侧")
    );
    app.post(&format!("/api/v1/staff/kiosks/{}/revoke", kiosk.id))
        .session(&boss)
        .send()
        .await;
    let refused = app
        .get("/api/v1/kiosk")
        .header("x-kiosk-token", &device)
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let log: Vec<AuditEntry> = serde_json::from_slice(
        &app.get("/api/v1/staff/audit")
            .session(&boss)
            .send()
            .await
            .body,
    )
    .expect("log");
    let actions: Vec<AuditAction> = log.iter().map(|e| e.action).collect();
    assert_eq!(
        actions[..3],
        [
            AuditAction::KioskRevoked,
            AuditAction::KioskEnrolled,
            AuditAction::KioskEnrolmentCreated
        ]
    );
}

#[tokio::test]
async fn the_command_line_audits_what_it_does() {
    let app = TestApp::new().await;
    let session: Session = app.signed_in("olga", StaffRole::Supervisor, &[]).await;
    let log: Vec<AuditEntry> = serde_json::from_slice(
        &app.get("/api/v1/staff/audit?action=account_added")
            .session(&session)
            .send()
            .await
            .body,
    )
    .expect("log");
    assert!(
        log.iter()
            .all(|e| e.actor.is_none() && e.client == "command line")
    );
    assert_eq!(log.len(), 2, "the test supervisor and olga");
}
