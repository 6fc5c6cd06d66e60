//! The demo catalogue that ships with the server: big enough, consistent, fully translated,
//! and every form in it can actually be submitted.

use std::collections::HashSet;

use axum::http::StatusCode;
use banshi_contract::{Category, Datatype, Service, ServiceSummary, TutorialSummary};
use portal_server::seed;
use serde_json::json;

use crate::support::{TestApp, unique_key, valid_answers};

#[test]
fn the_demo_catalogue_covers_twelve_categories_with_forty_services_and_tutorials() {
    let catalogue = seed::catalogue();
    let codes: Vec<&str> = catalogue
        .categories
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "tax",
            "social-insurance",
            "medical-insurance",
            "housing-fund",
            "household-id",
            "business",
            "real-estate",
            "vehicles",
            "marriage-family",
            "education",
            "elderly-disability",
            "complaints"
        ]
    );
    assert!(
        catalogue.services.len() >= 40,
        "{} services",
        catalogue.services.len()
    );
    assert!(
        catalogue.tutorials.len() >= 40,
        "{} tutorials",
        catalogue.tutorials.len()
    );
    for category in &catalogue.categories {
        assert!(
            catalogue
                .services
                .iter()
                .any(|s| s.category == category.code),
            "{} has no service",
            category.code
        );
        assert!(
            catalogue
                .tutorials
                .iter()
                .any(|t| t.category == category.code),
            "{} has no tutorial",
            category.code
        );
    }
}

#[test]
fn the_demo_catalogue_is_consistent() {
    assert_eq!(seed::catalogue().problems(), Vec::<String>::new());
}

#[test]
fn every_demo_text_is_filled_in_for_all_three_locales() {
    let catalogue = seed::catalogue();
    for service in &catalogue.services {
        for text in service.all_texts() {
            assert!(
                !text.trim().is_empty(),
                "{} has an empty text",
                service.service_code
            );
        }
    }
    for tutorial in &catalogue.tutorials {
        for step in &tutorial.steps {
            for text in [&step.title, &step.body] {
                assert!(
                    !text.zh_hans.is_empty() && !text.zh_hant.is_empty() && !text.en.is_empty(),
                    "{}",
                    tutorial.id
                );
            }
        }
    }
}

#[test]
fn demo_guides_are_complete_and_forms_use_every_datatype() {
    let catalogue = seed::catalogue();
    let mut used = HashSet::new();
    for s in &catalogue.services {
        let g = &s.guide;
        let complete = !g.conditions.is_empty()
            && !g.materials.is_empty()
            && !g.steps.is_empty()
            && !g.legal_basis.is_empty()
            && !g.places.is_empty()
            && !s.fields.is_empty();
        assert!(complete, "{} has an incomplete guide", s.service_code);
        used.extend(s.fields.iter().map(|f| f.datatype));
    }
    use Datatype::*;
    for datatype in [
        String,
        Text,
        Number,
        Date,
        Datetime,
        Phone,
        Email,
        IdNumber,
        Singlevaluelist,
        Multivaluelist,
        Boolean,
    ] {
        assert!(
            used.contains(&datatype),
            "no demo form asks for {datatype:?}"
        );
    }
}

#[tokio::test]
async fn every_demo_form_accepts_a_citizens_valid_answers_in_every_locale() {
    let app = TestApp::demo().await;
    let services: Vec<ServiceSummary> =
        serde_json::from_slice(&app.get("/api/v1/services").send().await.body).expect("list");
    for (i, summary) in services.iter().enumerate() {
        let tag = ["zh-Hans", "zh-Hant", "en"][i % 3];
        let reply = app
            .get(&format!("/api/v1/services/{}", summary.service_code))
            .lang(tag)
            .send()
            .await;
        let service: Service = serde_json::from_slice(&reply.body).expect("service");
        let submitted = app
            .post("/api/v1/requests")
            .key(&unique_key())
            .lang(tag)
            .json(&json!({ "service_code": service.summary.service_code, "answers": valid_answers(&service.fields) }))
            .send()
            .await;
        assert_eq!(
            submitted.status,
            StatusCode::CREATED,
            "{}: {}",
            summary.service_code,
            submitted.text()
        );
    }
}

#[tokio::test]
async fn the_demo_catalogue_is_served_in_each_locale() {
    let app = TestApp::demo().await;
    let zh: Vec<Category> = serde_json::from_slice(
        &app.get("/api/v1/categories")
            .lang("zh-CN")
            .send()
            .await
            .body,
    )
    .expect("c");
    let hant: Vec<Category> = serde_json::from_slice(
        &app.get("/api/v1/categories")
            .lang("zh-HK")
            .send()
            .await
            .body,
    )
    .expect("c");
    let en: Vec<Category> =
        serde_json::from_slice(&app.get("/api/v1/categories").lang("en").send().await.body)
            .expect("c");
    assert_eq!(zh.len(), 12);
    assert!(
        zh.iter().zip(&en).all(|(z, e)| z.name != e.name),
        "English names differ from Chinese"
    );
    assert!(
        zh.iter().zip(&hant).any(|(s, t)| s.name != t.name),
        "Traditional differs from Simplified somewhere"
    );
    let tutorials: Vec<TutorialSummary> =
        serde_json::from_slice(&app.get("/api/v1/tutorials").send().await.body).expect("t");
    assert!(tutorials.len() >= 40);
}

#[tokio::test]
async fn reopening_a_database_does_not_seed_it_twice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("reopen.sqlite3");
    let config = || portal_server::Config::for_database(path.clone());
    let first = portal_server::AppState::open(config())
        .await
        .expect("opens");
    let services = first.catalogue.services.len();
    drop(first);
    let second = portal_server::AppState::open(config())
        .await
        .expect("reopens");
    assert_eq!(second.catalogue.services.len(), services);
}

#[tokio::test]
async fn an_operators_holiday_file_is_checked_at_start_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let holidays = dir.path().join("holidays.json");
    std::fs::write(
        &holidays,
        r#"{"years":[{"year":2027,"provisional":false,"days_off":["2027-02-31"],"working_weekends":[]}]}"#,
    )
    .expect("write");
    let mut config = portal_server::Config::for_database(dir.path().join("h.sqlite3"));
    config.holidays = Some(holidays.clone());
    let refused = portal_server::AppState::open(config.clone()).await;
    assert!(
        refused.is_err_and(|e| e.to_string().contains("2027-02-31")),
        "a wrong date stops the server with the date named"
    );
    std::fs::write(
        &holidays,
        r#"{"years":[{"year":2027,"provisional":false,"days_off":["2027-02-05/2027-02-11"],"working_weekends":["2027-02-20"]}]}"#,
    )
    .expect("write");
    let state = portal_server::AppState::open(config).await.expect("opens");
    assert!(!state.calendar.is_provisional(2027));
}
