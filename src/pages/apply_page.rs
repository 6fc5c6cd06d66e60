//! The request form, built from the service's field definitions. Every keystroke is kept in
//! the draft on this device; "Continue" checks the answers with the server's rules.

use banshi_contract::validate::Invalid;
use banshi_contract::{Field, Service, ServiceKind};
use leptos::prelude::*;

use crate::api::{Backend, use_backend};
use crate::components::field_input::input_id;
use crate::components::{
    ApiErrorView, ErrorSummary, FieldInput, Loading, PageHeading, SummaryItem,
};
use crate::field_errors;
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::model::agent::{self, AgentTexts};
use crate::model::draft::Draft;
use crate::nav::{Route, use_navigate};
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

/// The agent's questions in `lang`.
pub fn agent_texts(lang: crate::lang::Lang) -> AgentTexts<'static> {
    AgentTexts {
        on: lang.t(Key::ApplyAgentOn),
        name: lang.t(Key::ApplyAgentName),
        phone: lang.t(Key::ApplyAgentPhone),
        relationship: lang.t(Key::ApplyAgentRelationship),
        relationships: [
            lang.t(Key::ApplyAgentFamily),
            lang.t(Key::ApplyAgentFriend),
            lang.t(Key::ApplyAgentVolunteer),
            lang.t(Key::ApplyAgentCommunityWorker),
            lang.t(Key::ApplyAgentOther),
        ],
        authorisation: lang.t(Key::ApplyAgentAuthorisation),
        authorisation_hint: lang.t(Key::ApplyAgentAuthorisationHint),
    }
}

/// Whether a service's form may be filed on someone else's behalf: any but a complaint, which
/// is the citizen's own account of what happened.
pub fn takes_agent(service: &Service) -> bool {
    service.summary.kind != ServiceKind::Complaint
}

/// The service's questions and, when filing for someone else, the agent's.
pub fn all_fields(lang: crate::lang::Lang, service_fields: &[Field], draft: &Draft) -> Vec<Field> {
    let mut fields = service_fields.to_vec();
    fields.extend(draft.agent_fields(&agent_texts(lang)));
    fields
}

/// `/s/{code}/apply`.
#[component]
pub fn ApplyPage(code: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let service = Load::new(move || backend.service(lang.locale(), code.clone()));
    move || match service.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(service)) => view! { <ApplyForm service about=String::new()/> }.into_any(),
        Some(Err(error)) => {
            view! { <ApiErrorView error retry=move |_| service.refetch()/> }.into_any()
        }
    }
}

/// The form of `service`; `about` (a service code, or empty) chooses the service a complaint
/// or a request for help is about, unless the citizen chose one already.
#[component]
pub fn ApplyForm(service: Service, about: String) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let code = service.summary.service_code.clone();
    let draft = stored_draft(&code);
    let names_service = service.fields.iter().find(|f| {
        f.code == banshi_contract::assist::SERVICE_FIELD && f.values.iter().any(|v| v.key == about)
    });
    if names_service.is_some()
        && draft.with_untracked(|d| d.text(banshi_contract::assist::SERVICE_FIELD).is_empty())
    {
        draft.update(|d| d.set_text(banshi_contract::assist::SERVICE_FIELD, about.clone()));
    }
    let with_agent = takes_agent(&service);
    let fields = StoredValue::new(service.fields.clone());
    let invalid = RwSignal::new(Vec::<Invalid>::new());
    let items = Signal::derive(move || {
        let all = draft.with(|d| all_fields(lang, &fields.get_value(), d));
        summary_items(lang, &all, &invalid.get())
    });
    let check = Route::Check(code.clone());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let problems =
            draft.with_untracked(|d| d.problems(&all_fields(lang, &fields.get_value(), d)));
        let ok = problems.is_empty();
        invalid.set(problems);
        if ok {
            navigate(check.clone());
        }
    };
    let name = service.summary.service_name.clone();
    let heading = Signal::derive(move || name.clone());
    let field_view = move |field: Field| {
        let field_code = field.code.clone();
        let shown = field.clone();
        let error = Signal::derive(move || {
            invalid
                .with(|list| list.iter().find(|i| i.field == field_code).map(|i| i.code))
                .map(|code| field_errors::message(lang.locale(), code, &shown))
        });
        view! { <FieldInput field draft error/> }
    };
    // Only ticking or unticking rebuilds the agent's questions, not every keystroke.
    let by_agent = Memo::new(move |_| draft.with(Draft::by_agent));
    let agent_section = with_agent.then(|| {
        let toggle = move || agent::toggle(&agent_texts(lang));
        view! {
            <div class="app-inset">
                {move || field_view(toggle())}
                {move || by_agent.get().then(|| view! {
                    <p class="app-body">{tr(Key::ApplyAgentIntro)}</p>
                    {move || agent::fields(&agent_texts(lang)).into_iter().map(field_view).collect_view()}
                })}
            </div>
        }
    });
    let form = view! {
        <ErrorSummary items/>
        <PageHeading text=heading/>
        <p class="app-body"><crate::kiosk::KioskText standard=Key::ApplySavedNote kiosk=Key::KioskApplySavedNote/></p>
        <form class="app-form" novalidate on:submit=on_submit>
            {agent_section}
            {service.fields.into_iter().map(field_view).collect_view()}
            <button type="submit" class="app-button">{tr(Key::ApplyContinue)}</button>
        </form>
        <p class="app-body"><a href=format!("/s/{code}")>{tr(Key::ApplyBackToGuide)}</a></p>
    };
    // Created after the heading's, so it runs later: a "change" link from the check page
    // names a field in the fragment, and that field, not the heading, gets focus.
    Effect::new(move |_| focus_fragment_target());
    form
}

/// Focuses the element the URL fragment names, if there is one.
fn focus_fragment_target() {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let hash = window.location().hash().unwrap_or_default();
    let target = hash
        .strip_prefix('#')
        .filter(|id| !id.is_empty())
        .and_then(|id| window.document()?.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(target) = target {
        let _ = target.focus();
    }
}
