//! Everything outside `/api`: the built SPA with `index.html` for client routes, response
//! compression, and the security headers every response carries.

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;
pub use crate::render::Pages;

/// Content Security Policy for the SPA: its own scripts and WebAssembly only, plus the
/// inline loader scripts of `html` by hash (Trunk writes one to start the app), and its own
/// styles plus, by hash, the inline stylesheet of a server-rendered page.
pub(crate) fn content_security_policy(html: Option<&str>) -> String {
    let hashes = |tag: &str| -> String {
        html.map(|html| inline_elements(html, tag))
            .unwrap_or_default()
            .iter()
            .map(|body| format!(" 'sha256-{}'", base64(&Sha256::digest(body.as_bytes()))))
            .collect()
    };
    let (scripts, styles) = (hashes("script"), hashes("style"));
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; \
         img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )
}

/// The bodies of `<tag>` elements (`script` or `style`) written inline, exactly as they
/// appear; scripts with a `src` and JSON data blocks (never run) are left out.
fn inline_elements<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut bodies = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let Some(open_end) = rest[start..].find('>') else {
            break;
        };
        let attributes = &rest[start..start + open_end];
        let body_start = start + open_end + 1;
        let Some(end) = rest[body_start..].find(&close) else {
            break;
        };
        if !attributes.contains(" src=") && !attributes.contains("application/json") {
            bodies.push(&rest[body_start..body_start + end]);
        }
        rest = &rest[body_start + end..];
    }
    bodies
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Adds the SPA (when `pages` is set: its files, and its landing pages rendered),
/// compression and security headers to `api`.
pub fn with_static_files(api: Router<AppState>, pages: Option<Pages>) -> Router<AppState> {
    let policy = HeaderValue::from_str(&content_security_policy(None))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let router = match pages {
        Some(pages) => {
            let dist = pages.dist().to_owned();
            let fallback_pages = pages.clone();
            let files =
                ServeDir::new(&dist)
                    .precompressed_br()
                    .precompressed_gzip()
                    .fallback(tower::service_fn(move |request: Request| {
                        let pages = fallback_pages.clone();
                        async move {
                            Ok::<_, std::convert::Infallible>(spa_fallback(request, pages).await)
                        }
                    }));
            let named = dist.join("index.html");
            api.route(
                "/",
                axum::routing::get(move |request: Request| spa_fallback(request, pages.clone())),
            )
            .route(
                "/index.html",
                axum::routing::get(move || index_html(named.clone())),
            )
            .fallback_service(files)
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
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            policy,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(
            HeaderName::from_static("permissions-policy"),
            "camera=(self), microphone=(), geolocation=()",
        ))
}

/// Serves a landing page rendered on the server, or `index.html` for the other client routes
/// such as `/track`; a missing file with an extension that is no page's address (a stale
/// asset) stays a plain 404.
async fn spa_fallback(request: Request, pages: Pages) -> Response {
    let path = request.uri().path();
    let last_segment = path.rsplit('/').next().unwrap_or("");
    // A page's parameter may have a dot (`/staff/accounts/officer.li`); an asset has no route.
    if last_segment.contains('.')
        && portal::nav::Route::from_address(path) == portal::nav::Route::NotFound
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    let address = request
        .uri()
        .path_and_query()
        .map_or("/", |a| a.as_str())
        .to_owned();
    if let Some(chosen) = crate::render::display_choice(&address) {
        return chosen;
    }
    if let Some(page) = pages.render(&address, request.headers()).await {
        return page;
    }
    index_html(pages.shell_path()).await
}

/// `index.html`, read afresh so a rebuilt SPA is served at once, with a policy that allows
/// exactly its inline loader script.
async fn index_html(index: PathBuf) -> Response {
    match tokio::fs::read_to_string(&index).await {
        Ok(html) => {
            let policy = content_security_policy(Some(&html));
            (
                [
                    (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
                    (header::CACHE_CONTROL, "no-cache".to_owned()),
                    (header::CONTENT_SECURITY_POLICY, policy),
                ],
                Body::from(html),
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, path = %index.display(), "cannot read index.html");
            StatusCode::NOT_FOUND.into_response()
        }
    }
}
