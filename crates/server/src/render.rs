//! The landing pages (home, tutorials, categories, service guides) rendered on the server
//! from the portal's own components, so a citizen who scans a hall poster reads the page
//! before any WebAssembly arrives; the app then hydrates it. Their data comes from this
//! server's API, asked in-process at the very URLs the portal would ask for.

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use banshi_contract::Locale;
use portal::api::Prefetch;
use portal::config::AppConfig;
use portal::nav::Route;
use portal::rendered::Visitor;
use portal::ssr::{Rendition, Shell, Step};
use tower::ServiceExt;

/// The largest API answer a page is rendered from.
const MAX_ANSWER_BYTES: usize = 4 * 1024 * 1024;

/// Renders pages from the SPA in `dist` and the API router.
#[derive(Debug, Clone)]
pub struct Pages {
    dist: PathBuf,
    api: Router,
}

impl Pages {
    /// Pages from the built SPA in `dist`, with data from `api` (the `/api` router).
    pub fn new(dist: PathBuf, api: Router) -> Pages {
        Pages { dist, api }
    }

    /// The built SPA.
    pub fn dist(&self) -> &std::path::Path {
        &self.dist
    }

    /// The app shell for addresses the browser renders.
    pub fn shell_path(&self) -> PathBuf {
        portal::ssr::shell_path(&self.dist)
    }

    /// The server-rendered page for `address` (path and query), or `None` when the portal
    /// renders that address in the browser (or something it needs is unavailable: then the
    /// browser renders it).
    pub async fn render(&self, address: &str, headers: &HeaderMap) -> Option<Response> {
        // Other routes start in the browser: nothing to read for them.
        if !portal::ssr::renders(&Route::from_address(address)) {
            return None;
        }
        let config = self.config().await;
        let (locale, chosen) = match crate::extract::locale_cookie(headers) {
            Some(locale) => (locale, true),
            None => (
                crate::extract::negotiated_locale(headers).unwrap_or(config.default_locale),
                false,
            ),
        };
        let elder = crate::extract::cookie(headers, portal::elder::ELDER_COOKIE)
            .is_some_and(portal::elder::is_elder_cookie);
        let visitor = Visitor {
            locale,
            chosen,
            elder,
        };
        let mut rendition = Rendition::begin(address, visitor)?;
        let shell = self.shell().await?;
        loop {
            match rendition.step(&config, &shell) {
                Ok(Step::Done(page)) => {
                    let status = StatusCode::from_u16(page.status).unwrap_or(StatusCode::OK);
                    return Some(page_response(status, locale, page.html));
                }
                Ok(Step::Fetch(urls)) => {
                    for url in urls {
                        let answer = self.ask(&url, locale).await?;
                        rendition.answer(url, answer);
                    }
                }
                Err(reason) => {
                    tracing::warn!(%address, %reason, "page not rendered on the server");
                    return None;
                }
            }
        }
    }

    /// `dist/config.json`, read afresh like `index.html`; defaults when unreadable.
    async fn config(&self) -> AppConfig {
        let text = tokio::fs::read_to_string(self.dist.join("config.json")).await;
        text.ok()
            .and_then(|t| AppConfig::parse(&t).ok())
            .unwrap_or_default()
    }

    /// The app shell and its stylesheet, read afresh like `index.html` (off the runtime's
    /// threads, as `tokio::fs` would).
    async fn shell(&self) -> Option<Shell> {
        let dist = self.dist.clone();
        tokio::task::spawn_blocking(move || Shell::read(&dist))
            .await
            .ok()?
            .ok()
    }

    /// The API's answer to a `GET` of `url`, asked in-process; `None` for URLs elsewhere.
    async fn ask(&self, url: &str, locale: Locale) -> Option<Prefetch> {
        if !url.starts_with("/api/") {
            return None;
        }
        let request = Request::get(url)
            .header(header::ACCEPT_LANGUAGE, locale.tag())
            .body(Body::empty())
            .ok()?;
        let response = self.api.clone().oneshot(request).await.ok()?;
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), MAX_ANSWER_BYTES)
            .await
            .ok()?;
        Some(Prefetch {
            status,
            body: String::from_utf8(body.to_vec()).ok()?,
        })
    }
}

/// A language or elder mode chosen with the switches in the page's header before the app
/// had started (or without JavaScript): `?lang=TAG` or `?elder=on|off` on a page's address.
/// The answer remembers the choice in its cookie and sends the browser back to the address
/// without it, which then arrives as chosen. `None` when the address carries no valid
/// choice.
pub fn display_choice(address: &str) -> Option<Response> {
    let (path, query) = address.split_once('?')?;
    let mut cookies = Vec::new();
    let rest: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            if let Some(tag) = pair.strip_prefix("lang=") {
                if let Some(locale) = Locale::from_tag(tag) {
                    cookies.push(portal::lang::locale_cookie(locale, false));
                }
                false
            } else if let Some(value) = pair.strip_prefix("elder=") {
                if let Some(on) = match value {
                    "on" => Some(true),
                    "off" => Some(false),
                    _ => None,
                } {
                    cookies.push(portal::elder::elder_cookie(on, false));
                }
                false
            } else {
                !pair.is_empty()
            }
        })
        .collect();
    if cookies.is_empty() {
        return None;
    }
    // Only ever back to this site: `//host` or `/\host` would leave it.
    let path = format!("/{}", path.trim_start_matches(['/', '\\']));
    let back = if rest.is_empty() {
        path
    } else {
        format!("{path}?{}", rest.join("&"))
    };
    let mut response = (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, back),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
    )
        .into_response();
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    Some(response)
}

/// A rendered page, with a policy that allows exactly its inline script and style.
fn page_response(status: StatusCode, locale: Locale, html: String) -> Response {
    let policy = crate::web::content_security_policy(Some(&html));
    let mut response = (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (header::CACHE_CONTROL, "no-cache".to_owned()),
            (header::CONTENT_SECURITY_POLICY, policy),
            (header::CONTENT_LANGUAGE, locale.tag().to_owned()),
        ],
        Body::from(html),
    )
        .into_response();
    // The language follows the cookie, else Accept-Language.
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("Cookie, Accept-Language"),
    );
    response
}
