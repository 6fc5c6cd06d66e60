//! The request form, built from the service's field definitions. Every keystroke is kept in
//! the draft on this device; "Continue" checks the answers with the server's rules.

use banshi_contract::validate::Invalid;
use banshi_contract::{Field, Service};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::param;
use crate::api::use_backend;
use crate::components::field_input::input_id;
use crate::components::{
    ApiErrorView, ErrorSummary, FieldInput, Loading, PageHeading, SummaryItem,
};
use crate::field_errors;
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::draft::Draft;
use crate::storage;

/// The draft for `code`, restored from this device, saved back on every change.
pub fn stored_draft(code: &str) -> RwSignal<Draft> {
    let draft = RwSignal::new(
        storage::load::<Draft>(&storage::draft_key(code)).unwrap_or_else(|| Draft::new(code)),
    );
    Effect::new(move |_| {
        draft.with(|d| storage::save(&storage::draft_key(&d.service_code), d));
    });
    draft
}

/// The summary entries for `invalid` answers, in form order.
pub fn summary_items(
    lang: crate::lang::Lang,
    fields: &[Field],
    invalid: &[Invalid],
) -> Vec<SummaryItem> {
    invalid
        .iter()
        .filter_map(|i| {
            let field = fields.iter().find(|f| f.code == i.field)?;
            Some(SummaryItem {
                target: Some(input_id(&field.code)),
                message: field_errors::message(lang.locale(), i.code, field),
            })
        })
        .collect()
}

/// `/s/{code}/apply`.
#[component]
pub fn ApplyPage() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let code = param("code");
    let service = LocalResource::new(move || {
        let (backend, locale, code) = (backend.clone(), lang.locale(), code());
        async move { backend.service(locale, code).await }
    });
    view! {
        <Transition fallback=Loading>
            {move || service.get().map(|result| match result {
                Ok(service) => view! { <ApplyForm service/> }.into_any(),
                Err(error) => view! { <ApiErrorView error retry=move |_| service.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ApplyForm(service: Service) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let code = service.summary.service_code.clone();
    let draft = stored_draft(&code);
    let fields = StoredValue::new(service.fields.clone());
    let invalid = RwSignal::new(Vec::<Invalid>::new());
    let items = Signal::derive(move || summary_items(lang, &fields.get_value(), &invalid.get()));
    let check_path = format!("/s/{code}/check");
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let problems = draft.with_untracked(|d| d.problems(&fields.get_value()));
        let ok = problems.is_empty();
        invalid.set(problems);
        if ok {
            navigate(&check_path, Default::default());
        }
    };
    let name = service.summary.service_name.clone();
    let heading = Signal::derive(move || name.clone());
    view! {
        <ErrorSummary items/>
        <PageHeading text=heading/>
        <p class="app-body">{tr(Key::ApplySavedNote)}</p>
        <form class="app-form" novalidate on:submit=on_submit>
            {service.fields.into_iter().map(|field| {
                let field_code = field.code.clone();
                let error = Signal::derive(move || {
                    invalid.with(|list| list.iter().find(|i| i.field == field_code).map(|i| i.code))
                        .and_then(|code| fields.with_value(|fs| fs.iter().find(|f| f.code == field_code).map(|f| field_errors::message(lang.locale(), code, f))))
                });
                view! { <FieldInput field draft error/> }
            }).collect_view()}
            <button type="submit" class="app-button">{tr(Key::ApplyContinue)}</button>
        </form>
        <p class="app-body"><A href=format!("/s/{code}")>{tr(Key::ApplyBackToGuide)}</A></p>
    }
}
