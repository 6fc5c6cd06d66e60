//! The staff inbox: contact fields stored at submission and searched, filters, keyset paging
//! with signed tokens, and the officer's category scope.

use axum::http::StatusCode;
use banshi_contract::{DueState, ErrorCode, InboxPage, StaffRole, TicketStatus};
use serde_json::Value;

use crate::support::TestApp;

/// Files a `service` request as applicant `name` with mobile `phone`; returns its number.
async fn file(app: &TestApp, service: &str, name: &str, phone: &str) -> String {
    app.file_as(service, name, phone, None).await["ticket"]
        .as_str()
        .expect("ticket")
        .to_owned()
}

async fn inbox(app: &TestApp, query: &str) -> InboxPage {
    let reply = app
        .get(&format!("/api/v1/staff/tickets{query}"))
        .bearer(&app.staff_token)
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.text());
    serde_json::from_slice(&reply.body).expect("inbox page")
}

fn numbers(page: &InboxPage) -> Vec<&str> {
    page.tickets.iter().map(|t| t.ticket.as_str()).collect()
}

#[tokio::test]
async fn every_demo_service_marks_its_applicants_name_and_phone() {
    let app = TestApp::demo().await;
    let services: Vec<Value> = app
        .get("/api/v1/services")
        .send()
        .await
        .json()
        .as_array()
        .expect("list")
        .clone();
    assert!(services.len() > 40);
    for summary in services {
        let code = summary["service_code"].as_str().expect("code");
        let service = app
            .get(&format!("/api/v1/services/{code}"))
            .send()
            .await
            .json();
        let roles: Vec<&str> = service["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .filter_map(|f| f["contact"].as_str())
            .collect();
        assert!(
            roles.contains(&"name") && roles.contains(&"phone"),
            "{code}: {roles:?}"
        );
    }
}

#[tokio::test]
async fn staff_find_a_ticket_by_phone_name_or_number() {
    let app = TestApp::demo().await;
    let wang = file(&app, "id-card-renewal", "王小明", "138 1234 5678").await;
    let li = file(&app, "tax-payment-certificate", "李华", "+86 139-0000-1111").await;
    let by_phone = inbox(&app, "?q=13812345678").await;
    assert_eq!(numbers(&by_phone), [wang.as_str()]);
    assert_eq!(
        by_phone.tickets[0].applicant_name.as_deref(),
        Some("王小明")
    );
    assert_eq!(
        numbers(&inbox(&app, "?q=%2B86%20139%200000%201111").await),
        [li.as_str()]
    );
    assert_eq!(
        numbers(&inbox(&app, "?q=%E6%9D%8E%E5%8D%8E").await),
        [li.as_str()]
    );
    let lower = wang.to_lowercase();
    assert_eq!(
        numbers(&inbox(&app, &format!("?q={lower}")).await),
        [wang.as_str()]
    );
    assert!(inbox(&app, "?q=13800000000").await.tickets.is_empty());
}

#[tokio::test]
async fn filters_combine_and_pages_follow_on_without_gaps_or_repeats() {
    let app = TestApp::demo().await;
    let mut filed = Vec::new();
    for i in 0..7 {
        filed.push(file(&app, "id-card-renewal", "张三", &format!("1380000000{i}")).await);
    }
    let tax = file(&app, "tax-payment-certificate", "张三", "13900000000").await;
    assert_eq!(
        app.staff_move(&filed[2], "accepted").await.status,
        StatusCode::OK
    );

    // Most recently changed first: the accepted ticket, then the newest.
    let first = inbox(&app, "?limit=3").await;
    assert_eq!(
        numbers(&first),
        [filed[2].as_str(), tax.as_str(), filed[6].as_str()]
    );
    let mut seen: Vec<String> = numbers(&first).iter().map(|s| s.to_string()).collect();
    let mut next = first.next.clone();
    while let Some(token) = next {
        let page = inbox(&app, &format!("?limit=3&after={token}")).await;
        seen.extend(page.tickets.iter().map(|t| t.ticket.clone()));
        next = page.next;
    }
    let mut expected: Vec<String> = filed.iter().chain([&tax]).cloned().collect();
    expected.sort();
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(sorted, expected, "every ticket once: {seen:?}");

    let accepted = inbox(&app, "?status=accepted").await;
    assert_eq!(numbers(&accepted), [filed[2].as_str()]);
    let tax_only = inbox(&app, "?category=tax").await;
    assert_eq!(numbers(&tax_only), [tax.as_str()]);
    assert_eq!(tax_only.tickets[0].category, "tax");
    let service = inbox(&app, "?service=id-card-renewal&status=received&limit=200").await;
    assert_eq!(service.tickets.len(), 6);
    assert!(service.next.is_none());
    assert!(inbox(&app, "?replied=true").await.tickets.is_empty());
    assert_eq!(inbox(&app, "?assignee=none").await.tickets.len(), 8);
    // Fresh tickets are days from their promised date: neither due soon nor overdue.
    assert!(inbox(&app, "?due=overdue").await.tickets.is_empty());
    assert!(
        first
            .tickets
            .iter()
            .all(|t| t.due_state.is_some_and(|d| d != DueState::Overdue))
    );
    assert_eq!(first.tickets[0].status, TicketStatus::Accepted);
}

#[tokio::test]
async fn a_paging_token_cannot_be_forged_or_moved_to_other_filters() {
    let app = TestApp::demo().await;
    for i in 0..3 {
        file(&app, "id-card-renewal", "赵六", &format!("1370000000{i}")).await;
    }
    let token = inbox(&app, "?limit=1").await.next.expect("a next page");
    let problem = |query: String| {
        let app = &app;
        async move {
            let reply = app
                .get(&format!("/api/v1/staff/tickets{query}"))
                .bearer(&app.staff_token)
                .lang("en")
                .send()
                .await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
            reply.problem()
        }
    };
    let moved = problem(format!("?limit=1&status=received&after={token}")).await;
    assert_eq!(moved.errors[0].field, "after");
    let mut forged = token.clone();
    forged.replace_range(0..2, if token.starts_with("61") { "62" } else { "61" });
    assert_eq!(
        problem(format!("?limit=1&after={forged}")).await.errors[0].field,
        "after"
    );
    let many = problem(
        "?limit=0&q=".to_owned()
            + &"x".repeat(41)
            + "&category=nope&service=nope&assignee=No%20Such",
    )
    .await;
    let fields: Vec<&str> = many.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["limit", "category", "service", "assignee", "q"]);
    assert!(many.errors.iter().all(|e| !e.message.is_empty()));
    let reply = app
        .get("/api/v1/staff/tickets?status=lost")
        .bearer(&app.staff_token)
        .send()
        .await;
    assert_eq!(reply.problem_code(), Some(ErrorCode::BadParameter));
}

#[tokio::test]
async fn an_officer_sees_only_their_categories_whatever_the_filter() {
    let app = TestApp::demo().await;
    let tax = file(&app, "tax-payment-certificate", "钱七", "13600000000").await;
    let car = file(&app, "driving-licence-renewal", "钱七", "13600000000").await;
    let officer = app
        .token_for("officer.tax", StaffRole::Officer, &["tax"])
        .await;
    let look = |query: &'static str| {
        let (app, officer) = (&app, officer.clone());
        async move {
            let reply = app
                .get(&format!("/api/v1/staff/tickets{query}"))
                .bearer(&officer)
                .send()
                .await;
            assert_eq!(reply.status, StatusCode::OK);
            serde_json::from_slice::<InboxPage>(&reply.body).expect("page")
        }
    };
    assert_eq!(numbers(&look("").await), [tax.as_str()]);
    assert_eq!(numbers(&look("?q=13600000000").await), [tax.as_str()]);
    assert!(look("?category=vehicles").await.tickets.is_empty());
    assert!(
        look("?service=driving-licence-renewal")
            .await
            .tickets
            .is_empty()
    );
    let supervisor = inbox(&app, "?q=13600000000").await;
    assert_eq!(numbers(&supervisor), [car.as_str(), tax.as_str()]);
}
