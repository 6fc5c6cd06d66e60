//! `/report` (办不成事, from every page's footer) and `/get-help` (帮办代办, from every service
//! guide): the form of the backend's first service of that kind, found in the catalogue, so
//! that any backend's complaint or assistance service is the one offered.

use banshi_contract::{Service, ServiceKind};
use leptos::prelude::*;

use super::apply_page::ApplyForm;
use crate::api::{ApiError, Backend, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::config::AppConfig;
use crate::i18n::Key;
use crate::lang::use_lang;
use crate::load::Load;

/// The form of the first service of `kind`; `about` names the service it concerns, if any.
#[component]
pub fn OfferPage(kind: ServiceKind, about: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let found = Load::new(move || {
        let locale = lang.locale();
        let backend = backend.clone();
        Box::pin(async move {
            let services = backend.services(locale, None, None).await?;
            match services.into_iter().find(|s| s.kind == kind) {
                Some(summary) => Ok(Some(backend.service(locale, summary.service_code).await?)),
                None => Ok::<Option<Service>, ApiError>(None),
            }
        })
    });
    move || match found.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(Some(service))) => view! { <ApplyForm service about=about.clone()/> }.into_any(),
        Some(Ok(None)) => view! { <NotOffered/> }.into_any(),
        Some(Err(error)) => {
            view! { <ApiErrorView error retry=move |_| found.refetch()/> }.into_any()
        }
    }
}

/// A backend without such a service: the hotline instead.
#[component]
fn NotOffered() -> impl IntoView {
    let lang = use_lang();
    let hotline = expect_context::<AppConfig>()
        .hotline
        .unwrap_or_else(|| "12345".to_owned());
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::LayoutReportLink).to_owned())/>
        <p class="app-body">{move || lang.t_with(Key::OfferUnavailable, &[("phone", &hotline)])}</p>
    }
}
