//! Everything outside `/api`: the built SPA with `index.html` for client routes, response
//! compression, and the security headers every response carries.

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;

/// Content Security Policy for the SPA: its own scripts and WebAssembly only.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; \
     frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// Adds the static SPA (when `dist` is set), compression and security headers to `api`.
pub fn with_static_files(api: Router<AppState>, dist: Option<PathBuf>) -> Router<AppState> {
    let router = match dist {
        Some(dist) => {
            let index = dist.join("index.html");
            let files =
                ServeDir::new(&dist)
                    .precompressed_br()
                    .precompressed_gzip()
                    .fallback(tower::service_fn(move |request: Request| {
                        let index = index.clone();
                        async move {
                            Ok::<_, std::convert::Infallible>(spa_fallback(request, index).await)
                        }
                    }));
            api.fallback_service(files)
        }
        None => api,
    };
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    router
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Precise(4)),
        )
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(
            HeaderName::from_static("permissions-policy"),
            "camera=(self), microphone=(), geolocation=()",
        ))
}

/// Serves `index.html` for client routes such as `/t/TX01`; a missing file with an
/// extension (a stale asset) stays a plain 404.
async fn spa_fallback(request: Request, index: PathBuf) -> Response {
    let last_segment = request.uri().path().rsplit('/').next().unwrap_or("");
    if last_segment.contains('.') {
        return StatusCode::NOT_FOUND.into_response();
    }
    match tokio::fs::read(&index).await {
        Ok(html) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            Body::from(html),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, path = %index.display(), "cannot read index.html");
            StatusCode::NOT_FOUND.into_response()
        }
    }
}
