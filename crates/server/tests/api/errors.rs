//! Failures outside handlers (404, 405, 413, 415, bad JSON) still answer problem+json, and
//! every response carries the security headers; the SPA falls back to index.html.

use axum::http::{Method, StatusCode};
use banshi_contract::ErrorCode;
use serde_json::json;

use crate::support::{TestApp, unique_key};

#[tokio::test]
async fn an_unknown_api_path_is_a_localised_404_problem() {
    let app = TestApp::new().await;
    let reply = app.get("/api/v1/nothing-here").lang("zh-Hant").send().await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let problem = reply.problem();
    assert_eq!(problem.code, ErrorCode::NotFound);
    assert_eq!(problem.title, "找不到");
    assert_eq!(problem.type_uri, "urn:banshi:problem:not_found");
    assert_eq!(problem.instance.as_deref(), Some("/api/v1/nothing-here"));
}

#[tokio::test]
async fn a_wrong_method_is_a_405_problem_that_lists_the_allowed_ones() {
    let app = TestApp::new().await;
    let reply = app.call(Method::DELETE, "/api/v1/categories").send().await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.problem().code, ErrorCode::MethodNotAllowed);
    assert!(reply.header("allow").contains("GET"), "{:?}", reply.headers);
}

#[tokio::test]
async fn an_oversized_body_is_a_413_problem() {
    let app = TestApp::with(|c| c.max_body_bytes = 1024).await;
    let big = json!({ "service_code": "every-field", "answers": { "story": "字".repeat(2000) } });
    let reply = app
        .post("/api/v1/requests")
        .key(&unique_key())
        .json(&big)
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.problem().code, ErrorCode::PayloadTooLarge);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415_problem() {
    let app = TestApp::new().await;
    let reply = app
        .post("/api/v1/requests")
        .key(&unique_key())
        .raw("text/plain", "name=Wang")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(reply.problem().code, ErrorCode::UnsupportedMediaType);
}

#[tokio::test]
async fn broken_json_is_a_400_problem() {
    let app = TestApp::new().await;
    let reply = app
        .post("/api/v1/requests")
        .key(&unique_key())
        .raw("application/json", "{\"service_code\":")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.problem().code, ErrorCode::MalformedBody);
}

#[tokio::test]
async fn a_bad_query_parameter_is_a_400_problem() {
    let app = TestApp::new().await;
    let reply = app
        .get("/api/v1/staff/tickets?limit=lots")
        .bearer(&app.staff_token)
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.problem().code, ErrorCode::BadParameter);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    for reply in [
        app.get("/api/v1/meta").send().await,
        app.get("/api/v1/nope").send().await,
    ] {
        assert!(
            reply
                .header("content-security-policy")
                .contains("script-src 'self' 'wasm-unsafe-eval'")
        );
        assert_eq!(reply.header("x-content-type-options"), "nosniff");
        assert_eq!(reply.header("referrer-policy"), "no-referrer");
    }
}

#[tokio::test]
async fn responses_are_compressed_for_clients_that_accept_it() {
    let app = TestApp::new().await;
    let reply = app
        .get("/api/v1/services/every-field")
        .header("accept-encoding", "br")
        .send()
        .await;
    assert_eq!(reply.header("content-encoding"), "br");
    let gzip = app
        .get("/api/v1/services/every-field")
        .header("accept-encoding", "gzip")
        .send()
        .await;
    assert_eq!(gzip.header("content-encoding"), "gzip");
}

#[tokio::test]
async fn client_routes_get_index_html_but_missing_assets_stay_404() {
    let dist = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>Banshi</title>",
    )
    .expect("write");
    std::fs::write(dist.path().join("app.js"), "console.log(1)").expect("write");
    let dist_path = dist.path().to_owned();
    let app = TestApp::with(move |c| c.dist = Some(dist_path)).await;
    for path in [
        "/track",
        "/track/BS-20261122-0001",
        "/scan",
        "/t/TX01/poster",
        "/staff/login",
        // A parameter with a dot is a page, not an asset.
        "/staff/accounts/officer.li",
    ] {
        let reply = app.get(path).send().await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(reply.text().contains("<title>Banshi</title>"), "{path}");
    }
    // Landing pages are rendered into the same shell (`pages.rs`).
    for path in ["/", "/t/TX01"] {
        let reply = app.get(path).send().await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(
            reply.header("content-type").starts_with("text/html"),
            "{path}"
        );
    }
    assert_eq!(app.get("/app.js").send().await.text(), "console.log(1)");
    assert_eq!(
        app.get("/missing.wasm").send().await.status,
        StatusCode::NOT_FOUND
    );
    let api = app.get("/api/v1/missing").send().await;
    assert_eq!(
        api.problem().code,
        ErrorCode::NotFound,
        "API paths never fall back to the SPA"
    );
}
