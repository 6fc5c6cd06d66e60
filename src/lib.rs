//! Banshi portal: the Leptos single-page app citizens use.
//!
//! [`App`] owns the contexts (backend, locale, remembered tickets, configuration) and the
//! route table; `model` holds the logic as plain, natively tested types; only `api` knows
//! HTTP.

pub mod api;
pub mod components;
pub mod config;
pub mod field_errors;
pub mod i18n;
pub mod lang;
pub mod load;
pub mod model;
pub mod my_tickets;
pub mod nav;
pub mod pages;
pub mod split;
pub mod storage;

use leptos::prelude::*;

pub use banshi_contract as contract;

use crate::api::{HttpBackend, provide_backend};
use crate::components::{Layout, Loading};
use crate::config::AppConfig;
use crate::lang::{initial_locale, provide_lang};
use crate::nav::{Route, provide_router, use_route};
use crate::pages::PageLoadFailedPage;

/// The whole portal for `config`.
#[component]
pub fn App(config: AppConfig) -> impl IntoView {
    provide_backend(HttpBackend::new(&config.api_base));
    provide_lang(initial_locale(config.default_locale));
    my_tickets::provide_my_tickets();
    provide_context(config);
    provide_router();
    let route = Memo::new(move |_| use_route().get());
    // The page on screen follows `shown`, which changes only once the next page's code is
    // here, so the previous page stays whole until the next can replace it at once.
    let shown = RwSignal::new(Shown::FirstPageArriving);
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
            shown.try_set(loaded.map_or(Shown::LoadFailed, |()| Shown::Page(wanted)));
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

/// Reads `/config.json` (defaults when it is missing or unreadable) and mounts the app.
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        let config = match api::fetch_text("/config.json", &web_sys::RequestInit::new()).await {
            Ok(reply) if reply.status == 200 => AppConfig::parse(&reply.body).unwrap_or_default(),
            _ => AppConfig::default(),
        };
        leptos::mount::mount_to_body(move || view! { <App config/> });
    });
}
