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

/// Content Security Policy for the SPA: its own scripts and WebAssembly only, plus the
/// inline loader scripts of `index.html` by hash (Trunk writes one to start the app).
fn content_security_policy(index_html: Option<&str>) -> String {
    let hashes: String = index_html
        .map(inline_scripts)
        .unwrap_or_default()
        .iter()
        .map(|script| format!(" 'sha256-{}'", base64(&Sha256::digest(script.as_bytes()))))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )
}

/// The bodies of `<script>` elements without a `src`, exactly as they appear.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(open_end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + open_end];
        let body_start = start + open_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            scripts.push(&rest[body_start..body_start + close]);
        }
        rest = &rest[body_start + close..];
    }
    scripts
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

/// Adds the static SPA (when `dist` is set), compression and security headers to `api`.
pub fn with_static_files(api: Router<AppState>, dist: Option<PathBuf>) -> Router<AppState> {
    let policy = HeaderValue::from_str(&content_security_policy(None))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
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
            let (root, named) = (dist.join("index.html"), dist.join("index.html"));
            api.route(
                "/",
                axum::routing::get(move |request: Request| spa_fallback(request, root.clone())),
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

/// Serves `index.html` for client routes such as `/t/TX01`; a missing file with an
/// extension (a stale asset) stays a plain 404. A landing page (home, or a tutorial as hall
/// QR codes open it) also tells the browser to fetch its data while the app is still loading.
async fn spa_fallback(request: Request, index: PathBuf) -> Response {
    let last_segment = request.uri().path().rsplit('/').next().unwrap_or("");
    if last_segment.contains('.') {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut response = index_html(index).await;
    let locale = crate::extract::locale_of(request.headers());
    if let Some(link) = landing_preload(request.uri().path(), locale)
        && let Ok(value) = HeaderValue::from_str(&link)
    {
        response.headers_mut().insert(header::LINK, value);
        // The preload's language follows Accept-Language.
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    }
    response
}

/// The `Link` preload for the data a landing page shows first, at the URL the portal will ask
/// for: the categories for `/`, the tutorial for `/t/{id}` (what hall QR codes open). The
/// portal repeats the locale in its URLs (`locale=`, which the API ignores), so a preload
/// in one language never answers a request for another.
fn landing_preload(path: &str, locale: banshi_contract::Locale) -> Option<String> {
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let resource = match (segments.next(), segments.next(), segments.next()) {
        (None, ..) => "categories".to_owned(),
        (Some(word), Some(id), None) if word.eq_ignore_ascii_case("t") => {
            let safe = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
            if !id.bytes().all(safe) {
                return None;
            }
            format!("tutorials/{id}")
        }
        _ => return None,
    };
    Some(format!(
        "</api/v1/{resource}?locale={}>; rel=preload; as=fetch; crossorigin=anonymous",
        locale.tag()
    ))
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
