//! What citizens file besides a plain request: kinds of service (a complaint or a request for
//! help is the supervisors' work), filing on someone's behalf, and assisted service with the
//! supervisors' list of helpers and the help they confirm.

use axum::http::{Method, StatusCode};
use banshi_contract::{
    AgentRelationship, AuditAction, CaseEventKind, FieldErrorCode, Helper, ServiceKind, StaffCase,
    StaffRole, Ticket,
};
use serde_json::{Value, json};

use crate::support::{TestApp, unique_key, valid_answers};

async fn service(app: &TestApp, code: &str) -> banshi_contract::Service {
    let reply = app.get(&format!("/api/v1/services/{code}")).send().await;
    assert_eq!(reply.status, StatusCode::OK);
    serde_json::from_slice(&reply.body).expect("a service")
}

async fn case(app: &TestApp, token: &str, ticket: &str) -> (StatusCode, Option<StaffCase>) {
    let reply = app
        .get(&format!("/api/v1/staff/tickets/{ticket}"))
        .bearer(token)
        .send()
        .await;
    let case = (reply.status == StatusCode::OK)
        .then(|| serde_json::from_slice(&reply.body).expect("a case"));
    (reply.status, case)
}

async fn inbox(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let reply = app
        .get(&format!("/api/v1/staff/tickets?{query}"))
        .bearer(token)
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()["tickets"].as_array().expect("tickets").clone()
}

fn ticket_of(receipt: &Value) -> String {
    receipt["ticket"].as_str().expect("ticket").to_owned()
}

#[tokio::test]
async fn services_say_their_kind_and_name_the_catalogue_services() {
    let app = TestApp::demo().await;
    let report = service(&app, "could-not-get-it-done").await;
    assert_eq!(report.summary.kind, ServiceKind::Complaint);
    assert_eq!(report.summary.time_limit_days, 5);
    let help = service(&app, "get-help").await;
    assert_eq!(help.summary.kind, ServiceKind::Assistance);
    assert_eq!(
        service(&app, "id-card-renewal").await.summary.kind,
        ServiceKind::Request
    );
    for form in [&report, &help] {
        let which = form
            .fields
            .iter()
            .find(|f| f.code == banshi_contract::assist::SERVICE_FIELD)
            .expect("a field naming the service");
        assert!(!which.required);
        assert!(which.values.iter().any(|v| v.key == "id-card-renewal"));
        assert!(
            which
                .values
                .iter()
                .all(|v| v.key != "could-not-get-it-done" && v.key != "get-help"),
            "only requests are listed"
        );
    }
    let kinds = report
        .fields
        .iter()
        .find(|f| f.code == "problem_kind")
        .expect("kinds");
    let keys: Vec<&str> = kinds.values.iter().map(|v| v.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "not_accepted",
            "repeated_trips",
            "result_disputed",
            "staff_conduct",
            "other"
        ]
    );
}

#[tokio::test]
async fn complaints_and_requests_for_help_reach_supervisors_only() {
    let app = TestApp::demo().await;
    // An officer of every category of the catalogue.
    let categories: Vec<String> = app
        .get("/api/v1/categories")
        .send()
        .await
        .json()
        .as_array()
        .expect("categories")
        .iter()
        .map(|c| c["code"].as_str().expect("code").to_owned())
        .collect();
    let all: Vec<&str> = categories.iter().map(String::as_str).collect();
    let officer = app.token_for("officer.all", StaffRole::Officer, &all).await;
    let report = ticket_of(
        &app.file_as("could-not-get-it-done", "李华", "13900001111", None)
            .await,
    );
    let help = ticket_of(&app.file_as("get-help", "张奶奶", "13900002222", None).await);
    let request = ticket_of(
        &app.file_as("id-card-renewal", "王小明", "13900003333", None)
            .await,
    );

    let seen: Vec<String> = inbox(&app, &officer, "")
        .await
        .iter()
        .map(|t| t["ticket"].as_str().expect("ticket").to_owned())
        .collect();
    assert!(seen.contains(&request));
    assert!(!seen.contains(&report) && !seen.contains(&help), "{seen:?}");
    assert_eq!(case(&app, &officer, &report).await.0, StatusCode::NOT_FOUND);
    let moved = app
        .post(&format!("/api/v1/staff/tickets/{help}/status"))
        .bearer(&officer)
        .json(&json!({ "status": "accepted" }))
        .send()
        .await;
    assert_eq!(
        moved.status,
        StatusCode::NOT_FOUND,
        "an officer cannot act on it"
    );

    let complaints = inbox(&app, &app.staff_token, "kind=complaint").await;
    assert_eq!(complaints.len(), 1);
    assert_eq!(complaints[0]["ticket"], json!(report));
    assert_eq!(complaints[0]["kind"], json!("complaint"));
    let (_, complaint) = case(&app, &app.staff_token, &report).await;
    let complaint = complaint.expect("the supervisor sees it");
    assert!(
        complaint.assignable.iter().all(|a| a.name != "officer.all"),
        "only supervisors may take it: {:?}",
        complaint.assignable
    );
    let refused = app
        .get("/api/v1/staff/tickets?kind=hotline")
        .bearer(&app.staff_token)
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.problem().errors[0].field, "kind");
    // The citizen's view says what it is.
    let code = app
        .file_as("could-not-get-it-done", "李华", "13900001111", None)
        .await;
    let ticket: Ticket = serde_json::from_value(
        app.get(&format!("/api/v1/tickets/{}", ticket_of(&code)))
            .code(code["access_code"].as_str().expect("code"))
            .send()
            .await
            .json(),
    )
    .expect("a ticket");
    assert_eq!(ticket.kind, ServiceKind::Complaint);
}

async fn file_by_agent(app: &TestApp, agent: Value) -> crate::support::Reply {
    let service = service(app, "id-card-renewal").await;
    app.post("/api/v1/requests")
        .key(&unique_key())
        .json(&json!({
            "service_code": "id-card-renewal",
            "answers": valid_answers(&service.fields),
            "agent": agent,
        }))
        .send()
        .await
}

#[tokio::test]
async fn an_agent_is_checked_and_shown_to_the_officer() {
    let app = TestApp::demo().await;
    let bad = file_by_agent(
        &app,
        json!({ "name": " ", "phone": "12", "relationship": "cousin", "authorisation": false }),
    )
    .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bad.text()
    );
    let problem = bad.problem();
    let fields: Vec<(&str, FieldErrorCode)> = problem
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code))
        .collect();
    assert_eq!(
        fields,
        [
            ("agent.name", FieldErrorCode::Required),
            ("agent.phone", FieldErrorCode::InvalidPhone),
            ("agent.relationship", FieldErrorCode::NotAnOption),
            ("agent.authorisation", FieldErrorCode::Required),
        ]
    );
    assert!(problem.errors.iter().all(|e| !e.message.is_empty()));
    let extra = file_by_agent(
        &app,
        json!({ "name": "王小明", "phone": "13800138000", "relationship": "family",
                "authorisation": true, "signature": "x" }),
    )
    .await;
    assert_eq!(
        extra.status,
        StatusCode::BAD_REQUEST,
        "unknown members are refused"
    );

    let filed = file_by_agent(
        &app,
        json!({ "name": " 王小明 ", "phone": "138 0013 8000", "relationship": "community_worker",
                "authorisation": true }),
    )
    .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text());
    let ticket = ticket_of(&filed.json());
    let row = inbox(&app, &app.staff_token, &format!("q={ticket}")).await;
    assert_eq!(row[0]["by_agent"], json!(true));
    let (_, filed_case) = case(&app, &app.staff_token, &ticket).await;
    let agent = filed_case.expect("a case").agent.expect("the agent");
    assert_eq!(agent.name, "王小明");
    assert_eq!(agent.phone, "13800138000");
    assert_eq!(agent.relationship, AgentRelationship::CommunityWorker);
    assert!(agent.authorisation);
    let plain = ticket_of(
        &app.file_as("id-card-renewal", "李四", "13900004444", None)
            .await,
    );
    let (_, plain) = case(&app, &app.staff_token, &plain).await;
    assert_eq!(plain.expect("a case").agent, None);
}

async fn add_helper(app: &TestApp, body: Value) -> crate::support::Reply {
    app.post("/api/v1/staff/helpers")
        .bearer(&app.staff_token)
        .json(&body)
        .send()
        .await
}

#[tokio::test]
async fn supervisors_keep_helpers_and_confirm_help_that_the_citizen_sees() {
    let app = TestApp::demo().await;
    let officer = app
        .token_for("officer.any", StaffRole::Officer, &["elderly-disability"])
        .await;
    let forbidden = app
        .get("/api/v1/staff/helpers")
        .bearer(&officer)
        .send()
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

    let bad = add_helper(
        &app,
        json!({ "name": "", "phone": "abc", "note": "记".repeat(201) }),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = bad.problem().errors.into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["name", "phone", "note"]);

    let added = add_helper(
        &app,
        json!({ "name": "陈志愿", "phone": "139 0000 5555", "note": "会手语" }),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text());
    let chen: Helper = serde_json::from_slice(&added.body).expect("a helper");
    assert!(chen.active);
    assert_eq!(chen.phone, "13900005555");
    let retired: Helper = serde_json::from_slice(
        &add_helper(
            &app,
            json!({ "name": "刘退休", "phone": "13900006666", "active": false }),
        )
        .await
        .body,
    )
    .expect("a helper");

    let receipt = app.file_as("get-help", "张奶奶", "13900002222", None).await;
    let ticket = ticket_of(&receipt);
    let access = receipt["access_code"].as_str().expect("code").to_owned();
    let (_, view) = case(&app, &app.staff_token, &ticket).await;
    let view = view.expect("a case");
    assert_eq!(
        view.helpers.iter().map(|h| h.id).collect::<Vec<_>>(),
        [chen.id],
        "only active helpers are offered"
    );
    let path = format!("/api/v1/staff/tickets/{ticket}/help");
    let confirm = |body: Value| {
        let path = path.clone();
        let app = &app;
        async move {
            app.post(&path)
                .bearer(&app.staff_token)
                .json(&body)
                .send()
                .await
        }
    };
    let past = confirm(json!({ "helper": chen.id, "at": "2020-01-01T10:00" })).await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(past.problem().errors[0].field, "at");
    let inactive = confirm(json!({ "helper": retired.id, "at": "2099-12-08T10:00" })).await;
    assert_eq!(inactive.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(inactive.problem().errors[0].field, "helper");
    let stale = confirm(json!({
        "helper": chen.id, "at": "2099-12-08T10:00", "version": view.version + 1,
    }))
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    let done = confirm(json!({
        "helper": chen.id, "at": "2099-12-08 10:00", "note": "请到一楼服务台找陈志愿", "version": view.version,
    }))
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    let after: StaffCase = serde_json::from_slice(&done.body).expect("a case");
    let event = after.events.last().expect("an event");
    assert_eq!(event.kind, CaseEventKind::HelpConfirmed);
    assert_eq!(
        event.help.as_ref().map(|h| h.at.as_str()),
        Some("2099-12-08T10:00")
    );

    let ticket_view: Ticket = serde_json::from_value(
        app.get(&format!("/api/v1/tickets/{ticket}"))
            .code(&access)
            .send()
            .await
            .json(),
    )
    .expect("a ticket");
    let help = ticket_view.help.expect("the citizen sees the help");
    assert_eq!(
        (help.helper.as_str(), help.at.as_str()),
        ("陈志愿", "2099-12-08T10:00")
    );
    let last = ticket_view.history.last().expect("history");
    assert_eq!(last.note.as_deref(), Some("请到一楼服务台找陈志愿"));
    assert!(last.help.is_some());

    // Only for a request for help; and the helper's record can change.
    let plain = ticket_of(
        &app.file_as("id-card-renewal", "李四", "13900004444", None)
            .await,
    );
    let wrong = app
        .post(&format!("/api/v1/staff/tickets/{plain}/help"))
        .bearer(&app.staff_token)
        .json(&json!({ "helper": chen.id, "at": "2099-12-08T10:00" }))
        .send()
        .await;
    assert_eq!(wrong.status, StatusCode::CONFLICT);
    let changed = app
        .call(Method::PATCH, &format!("/api/v1/staff/helpers/{}", chen.id))
        .bearer(&app.staff_token)
        .json(&json!({ "name": "陈志愿", "phone": "13900005555", "active": false }))
        .send()
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
    let listed: Vec<Helper> = serde_json::from_slice(
        &app.get("/api/v1/staff/helpers")
            .bearer(&app.staff_token)
            .send()
            .await
            .body,
    )
    .expect("helpers");
    assert!(listed.iter().all(|h| !h.active));
    let audit = app
        .get("/api/v1/staff/audit")
        .bearer(&app.staff_token)
        .send()
        .await
        .json();
    let actions: Vec<AuditAction> = serde_json::from_value(
        audit
            .as_array()
            .expect("entries")
            .iter()
            .map(|e| e["action"].clone())
            .collect(),
    )
    .expect("actions");
    for action in [
        AuditAction::HelperAdded,
        AuditAction::HelperChanged,
        AuditAction::HelpConfirmed,
    ] {
        assert!(actions.contains(&action), "{action:?} is audited");
    }
}
