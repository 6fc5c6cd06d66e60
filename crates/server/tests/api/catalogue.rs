//! Catalogue endpoints: meta, categories, services and tutorials, localised.

use axum::http::StatusCode;
use banshi_contract::{
    Category, ErrorCode, Meta, Service, ServiceSummary, Tutorial, TutorialSummary,
};

use crate::support::TestApp;

#[tokio::test]
async fn meta_names_the_contract_version_locales_and_modules() {
    let app = TestApp::new().await;
    let reply = app.get("/api/v1/meta").lang("en").send().await;
    assert_eq!(reply.status, StatusCode::OK);
    let meta: Meta = serde_json::from_slice(&reply.body).expect("meta");
    assert_eq!(meta.contract_version, "1.1");
    assert_eq!(meta.name, "Haichuan Citizen Service Centre");
    assert_eq!(meta.locales.len(), 3);
    assert_eq!(meta.modules, ["halls", "hall_events"]);
    assert_eq!(meta.support.phone, "12345");
}

#[tokio::test]
async fn content_follows_accept_language_and_says_so() {
    let app = TestApp::new().await;
    for (accept, name, tag) in [
        ("zh-TW,zh;q=0.9", "稅務", "zh-Hant"),
        ("en-GB", "Tax", "en"),
        ("zh-CN", "税务", "zh-Hans"),
        ("fr-FR", "税务", "zh-Hans"),
    ] {
        let reply = app.get("/api/v1/categories").lang(accept).send().await;
        let categories: Vec<Category> = serde_json::from_slice(&reply.body).expect("categories");
        assert_eq!(categories[0].name, name, "for {accept}");
        assert_eq!(reply.header("content-language"), tag);
        assert!(reply.header("vary").contains("Accept-Language"));
    }
}

#[tokio::test]
async fn categories_count_their_services_and_tutorials() {
    let app = TestApp::new().await;
    let categories: Vec<Category> = app
        .get("/api/v1/categories")
        .send()
        .await
        .json()
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| serde_json::from_value(c.clone()).expect("category"))
                .collect()
        })
        .expect("array");
    assert_eq!(
        (categories[0].service_count, categories[0].tutorial_count),
        (1, 1)
    );
}

#[tokio::test]
async fn services_are_found_by_words_in_any_locale_and_filtered_by_category() {
    let app = TestApp::new().await;
    for query in [
        "q=%E5%8F%91%E7%A5%A8",
        "q=INVOICE",
        "q=every+field",
        "category=tax",
    ] {
        let found: Vec<ServiceSummary> = serde_json::from_slice(
            &app.get(&format!("/api/v1/services?{query}"))
                .send()
                .await
                .body,
        )
        .expect("list");
        assert_eq!(found.len(), 1, "{query}");
    }
    for query in ["q=passport", "category=vehicles"] {
        let found: Vec<ServiceSummary> = serde_json::from_slice(
            &app.get(&format!("/api/v1/services?{query}"))
                .send()
                .await
                .body,
        )
        .expect("list");
        assert!(found.is_empty(), "{query}");
    }
}

#[tokio::test]
async fn a_service_carries_its_guide_form_and_tutorials() {
    let app = TestApp::new().await;
    let reply = app
        .get("/api/v1/services/every-field")
        .lang("en")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header("cache-control").contains("max-age"));
    let service: Service = serde_json::from_slice(&reply.body).expect("service");
    assert_eq!(service.summary.service_name, "Every field service");
    assert_eq!(service.guide.time_limit_days, 5);
    assert_eq!(service.guide.places[0].hours, "Weekdays 9–17");
    assert_eq!(service.fields.len(), 12);
    assert_eq!(service.fields[9].values[1].name, "Digital");
    assert_eq!(service.tutorials, ["TX01"]);
}

#[tokio::test]
async fn an_unknown_service_or_tutorial_is_a_404_problem() {
    let app = TestApp::new().await;
    for path in ["/api/v1/services/nope", "/api/v1/tutorials/NOPE"] {
        let reply = app.get(path).send().await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(reply.problem().code, ErrorCode::NotFound);
    }
}

#[tokio::test]
async fn tutorials_open_by_id_in_any_case_as_qr_payloads_may_be_upper_cased() {
    let app = TestApp::new().await;
    for id in ["TX01", "tx01"] {
        let reply = app
            .get(&format!("/api/v1/tutorials/{id}"))
            .lang("zh-Hant")
            .send()
            .await;
        let tutorial: Tutorial = serde_json::from_slice(&reply.body).expect("tutorial");
        assert_eq!(tutorial.summary.title, "如何開立發票");
        assert_eq!(tutorial.steps[0].title, "取號");
        assert_eq!(
            tutorial.summary.service_code.as_deref(),
            Some("every-field")
        );
    }
}

#[tokio::test]
async fn tutorials_can_be_listed_for_a_service_before_the_citizen_files() {
    let app = TestApp::new().await;
    let for_service: Vec<TutorialSummary> = serde_json::from_slice(
        &app.get("/api/v1/tutorials?service=every-field")
            .send()
            .await
            .body,
    )
    .expect("list");
    assert_eq!(for_service.len(), 1);
    assert_eq!(for_service[0].step_count, 1);
    let by_words: Vec<TutorialSummary> =
        serde_json::from_slice(&app.get("/api/v1/tutorials?q=invoice").send().await.body)
            .expect("list");
    assert_eq!(by_words.len(), 1);
    let none: Vec<TutorialSummary> =
        serde_json::from_slice(&app.get("/api/v1/tutorials?service=other").send().await.body)
            .expect("list");
    assert!(none.is_empty());
}
