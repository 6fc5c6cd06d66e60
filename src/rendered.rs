//! A page a server rendered: what it embeds for the app (the locale it chose, the
//! configuration and the backend answers it was built from), read back in the browser so
//! the app takes over the markup without asking for any of it again.

use std::collections::BTreeMap;

use banshi_contract::Locale;
use serde::{Deserialize, Serialize};

use crate::api::{Prefetch, Prefetched};
use crate::config::AppConfig;
use crate::nav::Route;

/// The `id` of the `<script type="application/json">` that carries an [`EmbeddedPage`].
pub const EMBEDDED_ID: &str = "banshi-page";

/// What a server-rendered page carries for the app.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmbeddedPage {
    /// The address it was rendered for (path and query).
    pub address: String,
    /// The locale it is in.
    pub locale: Locale,
    /// Whether that locale was the citizen's own choice (the locale cookie), rather than
    /// negotiated from the browser's languages.
    pub chosen: bool,
    /// The portal's configuration (what `/config.json` says).
    pub config: AppConfig,
    /// The backend answers it was rendered from, by URL.
    pub answers: BTreeMap<String, Prefetch>,
    /// The route rendered; derived from `address`.
    #[serde(skip)]
    pub route: Route,
}

/// How [`crate::App`] starts on a rendered page.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    /// The page shown.
    pub route: Route,
    /// The locale it is in.
    pub locale: Locale,
    /// The answers it was built from.
    pub answers: Prefetched,
    /// A language to switch to once the page is live: one chosen on this device before the
    /// locale cookie existed.
    pub switch_to: Option<Locale>,
}

impl EmbeddedPage {
    /// Reads the JSON a page embeds; `None` if it is not one.
    pub fn parse(json: &str) -> Option<EmbeddedPage> {
        let mut page: EmbeddedPage = serde_json::from_str(json).ok()?;
        let (path, query) = page.address.split_once('?').unwrap_or((&page.address, ""));
        page.route = Route::parse(path, query);
        Some(page)
    }

    /// The JSON to embed, safe inside a `<script>` element.
    pub fn to_script_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_default()
            .replace('<', "\\u003c")
    }

    /// How the app starts on this page.
    pub fn into_rendered(self) -> RenderedPage {
        let remembered = (!self.chosen)
            .then(|| crate::storage::load::<Locale>(crate::storage::LOCALE_KEY))
            .flatten()
            .filter(|saved| *saved != self.locale);
        RenderedPage {
            route: self.route,
            locale: self.locale,
            answers: Prefetched::new(self.answers),
            switch_to: remembered,
        }
    }
}

/// The page the server rendered, if this is one.
pub fn embedded() -> Option<EmbeddedPage> {
    let script = web_sys::window()?
        .document()?
        .get_element_by_id(EMBEDDED_ID)?;
    EmbeddedPage::parse(&script.text_content()?)
}

/// Removes the server's markup, keeping the embedded data, so the app can render afresh.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_embedded_page_reads_back_with_its_route_and_survives_script_endings() {
        let page = EmbeddedPage {
            address: "/t/TX01".into(),
            locale: Locale::ZhHant,
            chosen: true,
            config: AppConfig::default(),
            answers: BTreeMap::from([(
                "/api/v1/tutorials/TX01?locale=zh-Hant".into(),
                Prefetch {
                    status: 200,
                    body: r#"{"title":"</script><b>"}"#.into(),
                },
            )]),
            route: Route::NotFound,
        };
        let json = page.to_script_json();
        assert!(!json.contains("</"), "{json}");
        let back = EmbeddedPage::parse(&json).expect("reads back");
        assert_eq!(back.route, Route::Tutorial("TX01".into()));
        assert_eq!(back.locale, Locale::ZhHant);
        assert_eq!(back.answers, page.answers);
        let home =
            EmbeddedPage::parse(&json.replace("/t/TX01", "/?q=%E6%88%B7%E5%8F%A3")).expect("reads");
        assert_eq!(
            home.route,
            Route::Home {
                query: "户口".into()
            }
        );
        assert!(EmbeddedPage::parse("not json").is_none());
    }
}
