//! Server rendering: the portal's landing pages as HTML, from the same components the app
//! hydrates, with the backend answers they were built from embedded for the app. Used by
//! the reference server and by `portal-server prerender` (static deployments). Native only.
//!
//! A render never waits for the backend: the caller renders, fetches the URLs the render
//! asked for ([`Rendering::missing`]), and renders again with the answers, until nothing
//! is missing (see [`render`]).

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

use crate::api::{Prefetch, Prefetched};
use crate::components::DocumentTitle;
use crate::config::AppConfig;
use crate::nav::Route;
use crate::rendered::{EMBEDDED_ID, EmbeddedPage, RenderedPage, Visitor};

/// How many rounds of fetching a render may take (a page's data may depend on other data).
const MAX_ROUNDS: usize = 4;

/// Whether the server renders `route`: the pages citizens land on from a QR code, a link or
/// a search engine, and the public statistics. Every other page starts in the browser.
pub fn renders(route: &Route) -> bool {
    matches!(
        route,
        Route::Home { .. }
            | Route::Tutorial(_)
            | Route::Category(_)
            | Route::Service(_)
            | Route::Stats { .. }
    )
}

/// One render of a page.
#[derive(Debug)]
pub struct Rendering {
    /// The markup of `<body>`'s content.
    pub body: String,
    /// The page's title, as the app sets it.
    pub title: String,
    /// URLs the page asked for that were not among the answers.
    pub missing: Vec<String>,
}

/// Renders `route` for `visitor` from `answers` (by the URL the portal asks for).
pub fn render_once(
    route: &Route,
    visitor: Visitor,
    config: &AppConfig,
    answers: &[(String, Prefetch)],
) -> Rendering {
    let prefetched = Prefetched::new(answers.to_vec());
    let title = DocumentTitle::default();
    let owner = Owner::new();
    let body = owner.with(|| {
        provide_context(title.clone());
        let rendered = RenderedPage {
            route: route.clone(),
            locale: visitor.locale,
            elder: visitor.elder,
            answers: prefetched.clone(),
            switch_to: None,
        };
        let config = config.clone();
        view! { <crate::App config rendered/> }.to_html()
    });
    drop(owner);
    Rendering {
        body,
        title: title.get(),
        missing: prefetched.missing(),
    }
}

/// A finished page.
#[derive(Debug)]
pub struct Page {
    /// The whole HTML document.
    pub html: String,
    /// 404 when what the address names does not exist, else 200.
    pub status: u16,
}

/// What a page is rendered into: the built `index.html` and, inlined in its place, the
/// stylesheet it links (so the first paint needs nothing but the HTML).
#[derive(Debug, Clone)]
pub struct Shell {
    /// `dist/index.html`.
    pub index_html: String,
    /// The text of its stylesheet, when it could be read.
    pub css: Option<String>,
}

/// The app shell's file name in a `dist/` whose `index.html` holds a prerendered home page.
pub const SHELL_HTML: &str = "shell.html";

/// The app shell of the built SPA in `dist`: `shell.html` where a prerendered home page
/// took the place of `index.html`, else `index.html`.
pub fn shell_path(dist: &std::path::Path) -> std::path::PathBuf {
    let kept = dist.join(SHELL_HTML);
    if kept.is_file() {
        kept
    } else {
        dist.join("index.html")
    }
}

impl Shell {
    /// Reads the app shell of the built SPA in `dist` (see [`shell_path`]) and, when it
    /// can, the stylesheet it links.
    pub fn read(dist: &std::path::Path) -> Result<Shell, String> {
        let path = shell_path(dist);
        let index_html =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let css = Shell::stylesheet_href(&index_html)
            .and_then(|href| std::fs::read_to_string(dist.join(href.trim_start_matches('/'))).ok());
        Ok(Shell { index_html, css })
    }

    /// The address of the stylesheet `index_html` links, such as `/app-1234.css`.
    pub fn stylesheet_href(index_html: &str) -> Option<&str> {
        let start = index_html.find("<link rel=\"stylesheet\" href=\"")? + 29;
        let end = index_html[start..].find('"')? + start;
        Some(&index_html[start..end])
    }
}

/// Renders the page at `address` (path and query) for `visitor`, fetching what it needs
/// with `resolve`; `None` if the server does not render that page.
pub fn render(
    address: &str,
    visitor: Visitor,
    config: &AppConfig,
    shell: &Shell,
    mut resolve: impl FnMut(&str) -> Result<Prefetch, String>,
) -> Result<Option<Page>, String> {
    let Some(mut rendition) = Rendition::begin(address, visitor) else {
        return Ok(None);
    };
    loop {
        match rendition.step(config, shell)? {
            Step::Done(page) => return Ok(Some(page)),
            Step::Fetch(urls) => {
                for url in urls {
                    let answer = resolve(&url)?;
                    rendition.answer(url, answer);
                }
            }
        }
    }
}

/// The state of a render between rounds, for callers that fetch asynchronously: call
/// [`Rendition::step`] until it gives a page.
#[derive(Debug)]
pub struct Rendition {
    address: String,
    route: Route,
    visitor: Visitor,
    answers: Vec<(String, Prefetch)>,
    rounds: usize,
}

/// What [`Rendition::step`] did.
#[derive(Debug)]
pub enum Step {
    /// The page is done.
    Done(Page),
    /// Fetch these URLs, [`Rendition::answer`] them, and step again.
    Fetch(Vec<String>),
}

impl Rendition {
    /// Begins rendering `address`; `None` if the server does not render that page.
    pub fn begin(address: &str, visitor: Visitor) -> Option<Rendition> {
        let route = Route::from_address(address);
        renders(&route).then(|| Rendition {
            address: address.to_owned(),
            route,
            visitor,
            answers: Vec::new(),
            rounds: 0,
        })
    }

    /// Renders once more with the answers so far.
    pub fn step(&mut self, config: &AppConfig, shell: &Shell) -> Result<Step, String> {
        if self.rounds == MAX_ROUNDS {
            return Err(format!(
                "{}: still asking for data after {MAX_ROUNDS} rounds",
                self.address
            ));
        }
        self.rounds += 1;
        let rendering = render_once(&self.route, self.visitor, config, &self.answers);
        if !rendering.missing.is_empty() {
            return Ok(Step::Fetch(rendering.missing));
        }
        let answers = std::mem::take(&mut self.answers);
        Ok(Step::Done(finish(
            shell,
            &self.address,
            self.visitor,
            config,
            answers,
            rendering,
        )))
    }

    /// Records the answer for `url`.
    pub fn answer(&mut self, url: String, answer: Prefetch) {
        self.answers.push((url, answer));
    }
}

/// The document for a finished rendering.
fn finish(
    shell: &Shell,
    address: &str,
    visitor: Visitor,
    config: &AppConfig,
    answers: Vec<(String, Prefetch)>,
    rendering: Rendering,
) -> Page {
    let status = if answers.iter().any(|(_, a)| a.status == 404) {
        404
    } else {
        200
    };
    let embedded = EmbeddedPage {
        address: address.to_owned(),
        visitor,
        config: config.clone(),
        answers,
    };
    Page {
        html: document(shell, visitor, &rendering, &embedded),
        status,
    }
}

/// `shell`'s `index.html` with the page in it: `<html lang>` (and elder mode's class), the
/// title, the stylesheet
/// inlined (and no preloads: the page paints from its HTML first), and `<body>` holding the
/// rendered markup (first, where hydration starts), the embedded data, and the shell's own
/// scripts. The shell's `<noscript>` goes: the page reads without JavaScript.
pub fn document(
    shell: &Shell,
    visitor: Visitor,
    rendering: &Rendering,
    embedded: &EmbeddedPage,
) -> String {
    let mut html = shell.index_html.clone();
    if let Some(start) = html.find("<html lang=\"").map(|i| i + 12)
        && let Some(len) = html[start..].find('"')
    {
        let class = if visitor.elder {
            format!("\" class=\"{}", crate::elder::ELDER_CLASS)
        } else {
            String::new()
        };
        html.replace_range(
            start..start + len,
            &format!("{}{class}", visitor.locale.tag()),
        );
    }
    if let Some(start) = html.find("<title>").map(|i| i + 7)
        && let Some(len) = html[start..].find("</title>")
    {
        html.replace_range(start..start + len, &escape(&rendering.title));
    }
    // The configuration is embedded, and the app's code is fetched after the first paint
    // (the shell's loader waits a frame): preloads would only compete with the page.
    html = without_preloads(&html);
    if let (Some(css), Some(href)) = (&shell.css, Shell::stylesheet_href(&shell.index_html)) {
        let link = format!("<link rel=\"stylesheet\" href=\"{href}\">");
        html = html.replacen(&link, &format!("<style>{css}</style>"), 1);
    }
    if let Some(open) = html.find("<body>").map(|i| i + 6)
        && let Some(len) = html[open..].find("</body>")
    {
        let scripts = scripts_of(&html[open..open + len]);
        let body = format!("{}{}{scripts}", rendering.body, embedding(embedded));
        html.replace_range(open..open + len, &body);
    }
    html
}

/// The `<script type="application/json">` elements that carry `page` for the app (see
/// `rendered.rs`).
fn embedding(page: &EmbeddedPage) -> String {
    let config = serde_json::to_string(&page.config).unwrap_or_default();
    let mut html = format!(
        "<script type=\"application/json\" id=\"{EMBEDDED_ID}\" data-address=\"{}\" \
         data-locale=\"{}\" data-chosen=\"{}\">{}</script>",
        attribute(&page.address),
        page.visitor.locale.tag(),
        page.visitor.chosen,
        script_text(&config)
    );
    for (url, answer) in &page.answers {
        html.push_str(&format!(
            "<script type=\"application/json\" data-answer=\"{}\" data-status=\"{}\">{}</script>",
            attribute(url),
            answer.status,
            script_text(&answer.body)
        ));
    }
    html
}

/// JSON `text` safe inside a `<script>` element: every `<` escaped as JSON allows, so
/// neither `</script>` nor `<!--` can end or confuse it.
fn script_text(text: &str) -> String {
    text.replace('<', "\\u003c")
}

/// `text` escaped for a double-quoted attribute value.
fn attribute(text: &str) -> String {
    escape(text).replace('"', "&quot;")
}

/// `html` without its `<link rel="preload">` and `<link rel="modulepreload">` elements.
fn without_preloads(html: &str) -> String {
    let mut kept = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<link ") {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..=start + len];
        kept.push_str(&rest[..start]);
        if !tag.contains("rel=\"preload\"") && !tag.contains("rel=\"modulepreload\"") {
            kept.push_str(tag);
        }
        rest = &rest[start + len + 1..];
    }
    kept.push_str(rest);
    kept
}

/// The `<script>` elements in `html`, joined.
fn scripts_of(html: &str) -> String {
    let mut found = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(end) = rest[start..].find("</script>").map(|e| start + e + 9) else {
            break;
        };
        found.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    found
}

/// `text` escaped for HTML text content.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use banshi_contract::Locale;

    use super::*;

    #[test]
    fn the_embedding_survives_script_endings_and_quotes_in_urls() {
        let page = EmbeddedPage {
            address: "/?q=\"<x>\"&a=1".into(),
            visitor: Visitor {
                locale: Locale::ZhHant,
                chosen: true,
                elder: true,
            },
            config: AppConfig::default(),
            answers: vec![(
                "/api/v1/services?q=a&locale=zh-Hant".into(),
                Prefetch {
                    status: 200,
                    body: r#"[{"name":"</script><!--"}]"#.into(),
                },
            )],
        };
        let html = embedding(&page);
        assert_eq!(html.matches("</script>").count(), 2, "{html}");
        assert!(!html.contains("<!--"));
        assert!(
            html.contains("data-address=\"/?q=&quot;&lt;x&gt;&quot;&amp;a=1\""),
            "{html}"
        );
        assert!(html.contains(
            "data-answer=\"/api/v1/services?q=a&amp;locale=zh-Hant\" data-status=\"200\""
        ));
        let body = html
            .split("data-status=\"200\">")
            .nth(1)
            .and_then(|b| b.split("</script>").next());
        let decoded: serde_json::Value =
            serde_json::from_str(body.expect("a body")).expect("still JSON");
        assert_eq!(decoded[0]["name"], "</script><!--");
        assert!(html.contains("data-locale=\"zh-Hant\" data-chosen=\"true\""));
    }
}
