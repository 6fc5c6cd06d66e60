//! A page a server rendered: what it embeds for the app (the locale it chose, the
//! configuration and the backend answers it was built from), read back in the browser so
//! the app takes over the markup without asking for any of it again.
//!
//! The embedding is plain HTML, so the app needs no decoder beyond the ones it has: one
//! `<script type="application/json" id="banshi-page">` holds the configuration (as
//! `config.json` would) with the address, locale and whether it was chosen as `data-`
//! attributes, and one `<script type="application/json" data-answer="URL" data-status="200">`
//! per answer holds its body. (`ssr::document` writes them.)

use banshi_contract::Locale;

use crate::api::{Prefetch, Prefetched};
use crate::config::AppConfig;
use crate::nav::Route;

/// The `id` of the `<script>` that carries the page's configuration.
pub const EMBEDDED_ID: &str = "banshi-page";

/// What a server knows of the visitor's choices when it renders a page (from their cookies
/// and languages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visitor {
    /// The locale the page is in.
    pub locale: Locale,
    /// Whether that locale was the citizen's own choice (the locale cookie), rather than
    /// negotiated from the browser's languages.
    pub chosen: bool,
    /// Whether the device is in elder mode (the elder cookie).
    pub elder: bool,
}

impl Visitor {
    /// A visitor in `locale` who chose nothing.
    pub fn in_locale(locale: Locale) -> Visitor {
        Visitor {
            locale,
            chosen: false,
            elder: false,
        }
    }
}

/// What a server-rendered page carries for the app.
#[derive(Debug, Clone)]
pub struct EmbeddedPage {
    /// The address it was rendered for (path and query).
    pub address: String,
    /// Who it was rendered for.
    pub visitor: Visitor,
    /// The portal's configuration (what `/config.json` says).
    pub config: AppConfig,
    /// The backend answers it was rendered from, by URL.
    pub answers: Vec<(String, Prefetch)>,
}

/// How [`crate::App`] starts on a rendered page.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    /// The page shown.
    pub route: Route,
    /// The locale it is in.
    pub locale: Locale,
    /// Whether it is in elder mode (known on the server; a browser reads `<html>`'s class).
    pub elder: bool,
    /// The answers it was built from.
    pub answers: Prefetched,
    /// A language to switch to once the page is live: one chosen on this device before the
    /// locale cookie existed.
    pub switch_to: Option<Locale>,
}

impl EmbeddedPage {
    /// The route of the address it was rendered for.
    pub fn route(&self) -> Route {
        Route::from_address(&self.address)
    }

    /// How the app starts on this page.
    pub fn into_rendered(self) -> RenderedPage {
        let visitor = self.visitor;
        let remembered = (!visitor.chosen)
            .then(|| crate::storage::load::<Locale>(crate::storage::LOCALE_KEY))
            .flatten()
            .filter(|saved| *saved != visitor.locale);
        RenderedPage {
            route: self.route(),
            locale: visitor.locale,
            elder: visitor.elder,
            answers: Prefetched::new(self.answers),
            switch_to: remembered,
        }
    }
}

/// The page the server rendered, if this is one.
pub fn embedded() -> Option<EmbeddedPage> {
    let document = web_sys::window()?.document()?;
    let page = document.get_element_by_id(EMBEDDED_ID)?;
    let config = AppConfig::parse(&page.text_content()?).ok()?;
    let mut answers = Vec::new();
    let elements = document.query_selector_all("script[data-answer]").ok()?;
    for i in 0..elements.length() {
        let Some(element) = elements
            .item(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        else {
            continue;
        };
        let url = element.get_attribute("data-answer")?;
        let status = element.get_attribute("data-status")?.parse().ok()?;
        let body = element.text_content().unwrap_or_default();
        answers.push((url, Prefetch { status, body }));
    }
    Some(EmbeddedPage {
        address: page.get_attribute("data-address")?,
        visitor: Visitor {
            locale: Locale::from_tag(&page.get_attribute("data-locale")?)?,
            chosen: page.get_attribute("data-chosen").as_deref() == Some("true"),
            elder: crate::elder::is_on(),
        },
        config,
        answers,
    })
}

/// Removes the server's markup, keeping the scripts, so the app can render afresh.
pub fn clear_body() {
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let children = body.children();
    for i in (0..children.length()).rev() {
        if let Some(child) = children.item(i)
            && child.tag_name() != "SCRIPT"
        {
            child.remove();
        }
    }
}
