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
pub mod model;
pub mod my_tickets;
pub mod pages;
pub mod storage;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

pub use banshi_contract as contract;

use crate::api::{HttpBackend, provide_backend};
use crate::components::Layout;
use crate::config::AppConfig;
use crate::lang::{initial_locale, provide_lang};
use crate::pages::*;

/// The whole portal for `config`.
#[component]
pub fn App(config: AppConfig) -> impl IntoView {
    provide_backend(Arc::new(HttpBackend::new(&config.api_base)));
    provide_lang(initial_locale(config.default_locale));
    my_tickets::provide_my_tickets();
    provide_context(config);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/c/:code") view=CategoryPage/>
                    <Route path=path!("/s/:code") view=ServicePage/>
                    <Route path=path!("/s/:code/apply") view=ApplyPage/>
                    <Route path=path!("/s/:code/check") view=CheckPage/>
                    <Route path=path!("/t/:id") view=TutorialPage/>
                    <Route path=path!("/done/:ticket") view=DonePage/>
                    <Route path=path!("/track") view=TrackPage/>
                    <Route path=path!("/track/:ticket") view=TicketPage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Reads `/config.json` (defaults when it is missing or unreadable) and mounts the app.
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        let config = match gloo_net::http::Request::get("/config.json").send().await {
            Ok(response) if response.ok() => response
                .text()
                .await
                .ok()
                .and_then(|t| AppConfig::parse(&t).ok())
                .unwrap_or_default(),
            _ => AppConfig::default(),
        };
        leptos::mount::mount_to_body(move || view! { <App config/> });
    });
}
