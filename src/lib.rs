//! Banshi portal: the Leptos single-page app citizens use.
//!
//! [`App`] owns the contexts (backend, locale, remembered tickets, configuration) and the
//! route table; `model` holds the logic as plain, natively tested types; only `api`
//! knows HTTP.

// The server renders with the components the browser hydrates; erased and unerased
// components render different markup, so both sides must erase (`.cargo/config.toml`).
#[cfg(not(any(erase_components, doc, doctest)))]
compile_error!(
    "build with `--cfg erase_components` (set in .cargo/config.toml; a RUSTFLAGS variable \
     replaces it and must repeat it), or server-rendered pages will not hydrate"
);

pub mod aids;
pub mod api;
pub mod booking;
pub mod browser;
pub mod components;
pub mod config;
pub mod elder;
pub mod field_errors;
pub mod hall;
pub mod i18n;
pub mod kiosk;
pub mod lang;
pub mod load;
pub mod model;
pub mod my_tickets;
pub mod nav;
pub mod pages;
pub mod rendered;
pub mod speech;
pub mod split;
#[cfg(not(target_arch = "wasm32"))]
pub mod ssr;
pub mod staff;
pub mod stats;
pub mod storage;

use leptos::prelude::*;

pub use banshi_contract as contract;

use crate::api::{HttpBackend, provide_backend};
use crate::components::{Layout, Loading};
use crate::config::AppConfig;
use crate::lang::provide_lang;
use crate::nav::{Route, provide_router, use_route};
use crate::pages::PageLoadFailedPage;
use crate::rendered::RenderedPage;

/// The whole portal for `config`: started from nothing in the browser, or, given `rendered`,
/// the page a server rendered (on the server, or hydrating its HTML in the browser).
#[component]
pub fn App(config: AppConfig, #[prop(optional)] rendered: Option<RenderedPage>) -> impl IntoView {
    let from_server_page = rendered.is_some();
    let (route, locale, answers, switch_to) = match rendered {
        Some(page) => {
            #[cfg(not(target_arch = "wasm32"))]
            provide_context(elder::RenderedElder(page.elder));
            (page.route, page.locale, Some(page.answers), page.switch_to)
        }
        None => (
            nav::location_route(),
            lang::initial_locale(config.default_locale),
            None,
            None,
        ),
    };
    // Elder mode as this device remembers it: at once on a page started here, after
    // hydration (below) on one a server rendered (as its cookie said, so the markup matches).
    if !from_server_page {
        elder::restore();
    }
    let from_server = answers.is_some();
    provide_backend(HttpBackend::with_prefetched(
        &config.api_base,
        answers.unwrap_or_default(),
    ));
    let lang = provide_lang(locale);
    if let Some(chosen) = switch_to {
        Effect::new(move |_| lang.set(chosen));
    }
    my_tickets::provide_my_tickets(from_server);
    // Once the app runs: the controls that need it (read-aloud, say) are shown, elder mode is
    // as the device remembers it, and a kiosk starts its guard.
    let kiosk_times = (config.kiosk_idle_seconds, config.kiosk_warning_seconds);
    Effect::new(move |_| {
        browser::set_root_class(browser::LIVE_CLASS, true);
        elder::restore();
        kiosk::start(lang, kiosk_times);
    });
    provide_context(config);
    provide_router(route.clone());
    let route = Memo::new(move |_| use_route().get());
    // The page on screen follows `shown`, which changes only once the next page's code is
    // here, so the previous page stays whole until the next can replace it at once. A
    // rendered page's code is here from the start (`start` loads it before hydrating).
    let shown = RwSignal::new(if from_server {
        Shown::Page(route.get_untracked())
    } else {
        Shown::FirstPageArriving
    });
    let retry = RwSignal::new(0u32);
    Effect::new(move |_| {
        retry.track();
        let wanted = route.get();
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = pages::loader::load(&wanted).await;
            if route.try_get_untracked().as_ref() != Some(&wanted) {
                return;
            }
            if loaded.is_ok() {
                preload_after(wanted.clone());
            }
            let next = loaded.map_or(Shown::LoadFailed, |()| Shown::Page(wanted));
            // Setting the page already shown would build it again (and lose hydrated markup).
            if shown.try_get_untracked().is_some_and(|now| now != next) {
                shown.try_set(next);
            }
        });
    });
    view! {
        <Layout>
            {move || match shown.get() {
                Shown::FirstPageArriving => view! { <Loading/> }.into_any(),
                Shown::Page(route) => pages::loader::show(route)
                    .unwrap_or_else(|| view! { <Loading/> }.into_any()),
                Shown::LoadFailed => {
                    let retry = move || retry.update(|n| *n += 1);
                    view! { <PageLoadFailedPage retry/> }.into_any()
                }
            }}
        </Layout>
    }
}

/// What the app shows under its header.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    /// The first page's code is on its way (a deep link into a split module).
    FirstPageArriving,
    /// The page for a route.
    Page(Route),
    /// The code of the wanted page could not be fetched.
    LoadFailed,
}

/// A little after `route`'s page is on screen, fetches the code of the pages one step away.
fn preload_after(route: Route) {
    set_timeout(
        move || wasm_bindgen_futures::spawn_local(pages::loader::preload_next(route)),
        PRELOAD_DELAY,
    );
}

/// How long after a page is shown the next pages' code starts to download, so that it does
/// not compete with what the page itself is loading.
const PRELOAD_DELAY: std::time::Duration = std::time::Duration::from_secs(2);

/// Starts the portal: hydrates the page the server rendered, if it did (its configuration
/// and data are embedded in it), else reads `/config.json` (defaults when it is missing or
/// unreadable) and renders from nothing.
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        if let Some(page) = rendered::embedded() {
            let route = page.route();
            if route != nav::location_route() {
                // A static host answered an address it has no page for with a rendered one
                // (its fallback): that markup is not this address's page.
                rendered::clear_body();
                let config = page.config;
                leptos::mount::mount_to_body(move || view! { <App config/> });
                return;
            }
            // A page in a split module needs its code before it can take over the markup.
            // Until it arrives the server's page stays as it is: readable, its links plain
            // links; the code is asked for again, less and less often.
            let mut wait = std::time::Duration::from_secs(2);
            while pages::loader::load(&route).await.is_err() {
                browser::sleep(wait).await;
                wait = (wait * 2).min(std::time::Duration::from_secs(30));
            }
            hydrate(page);
            return;
        }
        let config = match api::fetch_text("/config.json", &web_sys::RequestInit::new()).await {
            Ok(reply) if reply.status == 200 => AppConfig::parse(&reply.body).unwrap_or_default(),
            _ => AppConfig::default(),
        };
        leptos::mount::mount_to_body(move || view! { <App config/> });
    });
}

/// Takes over the server's markup for `page`.
#[cfg(target_arch = "wasm32")]
fn hydrate(page: rendered::EmbeddedPage) {
    let config = page.config.clone();
    let rendered = page.into_rendered();
    leptos::mount::hydrate_body(move || view! { <App config rendered/> });
}

#[cfg(not(target_arch = "wasm32"))]
fn hydrate(_page: rendered::EmbeddedPage) {}
