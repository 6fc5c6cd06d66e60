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
pub mod storage;

use std::sync::Arc;

use leptos::prelude::*;

pub use banshi_contract as contract;

use crate::api::{HttpBackend, provide_backend};
use crate::components::Layout;
use crate::config::AppConfig;
use crate::lang::{initial_locale, provide_lang};
use crate::nav::{Route, provide_router, use_route};
use crate::pages::*;

/// The whole portal for `config`.
#[component]
pub fn App(config: AppConfig) -> impl IntoView {
    provide_backend(Arc::new(HttpBackend::new(&config.api_base)));
    provide_lang(initial_locale(config.default_locale));
    my_tickets::provide_my_tickets();
    provide_context(config);
    provide_router();
    let route = Memo::new(move |_| use_route().get());
    view! { <Layout>{move || page(route.get())}</Layout> }
}

/// The page for `route`; its parameters are fixed for the page's life.
fn page(route: Route) -> AnyView {
    match route {
        Route::Home { query } => view! { <HomePage query/> }.into_any(),
        Route::Category(code) => view! { <CategoryPage code/> }.into_any(),
        Route::Service(code) => view! { <ServicePage code/> }.into_any(),
        Route::Apply(code) => view! { <ApplyPage code/> }.into_any(),
        Route::Check(code) => view! { <CheckPage code/> }.into_any(),
        Route::Tutorial(id) => view! { <TutorialPage id/> }.into_any(),
        Route::Done(ticket) => view! { <DonePage ticket/> }.into_any(),
        Route::Track => view! { <TrackPage/> }.into_any(),
        Route::Ticket(ticket) => view! { <TicketPage ticket/> }.into_any(),
        Route::NotFound => view! { <NotFoundPage/> }.into_any(),
    }
}

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
