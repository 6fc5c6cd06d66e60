//! The assisted-service parts of a case (帮办代办): who filed it on the applicant's behalf, and
//! the supervisor's form that confirms a helper and a time, which the citizen then sees.

use banshi_contract::{Agent, AgentRelationship, FieldErrorCode, HelpConfirmation, StaffCase};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::Backend;
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::format::local_minutes;
use crate::nav::Route;

use super::case_page::{Actions, Drafts};
use super::form::{TextInput, error_for, item};

/// What the help form holds, kept across reloads of the case.
#[derive(Debug, Clone, Copy)]
pub struct HelpDrafts {
    helper: RwSignal<String>,
    at: RwSignal<String>,
    note: RwSignal<String>,
}

impl HelpDrafts {
    /// Empty fields.
    pub fn new() -> HelpDrafts {
        HelpDrafts {
            helper: RwSignal::new(String::new()),
            at: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
        }
    }
}

fn relationship_key(relationship: AgentRelationship) -> Key {
    match relationship {
        AgentRelationship::Family => Key::ApplyAgentFamily,
        AgentRelationship::Friend => Key::ApplyAgentFriend,
        AgentRelationship::Volunteer => Key::ApplyAgentVolunteer,
        AgentRelationship::CommunityWorker => Key::ApplyAgentCommunityWorker,
        AgentRelationship::Other | AgentRelationship::Unknown => Key::ApplyAgentOther,
    }
}

/// Who filed the case for the applicant, and what they declared.
#[component]
pub fn AgentDetails(agent: Agent) -> impl IntoView {
    let phone = agent.phone.clone();
    view! {
        <h2 class="app-heading-m">{tr(Key::StaffCaseAgentHeading)}</h2>
        <dl class="app-summary-list" id="case-agent">
            <div class="app-summary-list__row">
                <dt class="app-summary-list__key">{tr(Key::StaffCaseAgentName)}</dt>
                <dd class="app-summary-list__value">{agent.name.clone()}</dd>
            </div>
            <div class="app-summary-list__row">
                <dt class="app-summary-list__key">{tr(Key::StaffCaseAgentPhone)}</dt>
                <dd class="app-summary-list__value"><a class="app-link" href=format!("tel:{phone}")>{phone.clone()}</a></dd>
            </div>
            <div class="app-summary-list__row">
                <dt class="app-summary-list__key">{tr(Key::StaffCaseAgentRelationship)}</dt>
                <dd class="app-summary-list__value">{tr(relationship_key(agent.relationship))}</dd>
            </div>
            <div class="app-summary-list__row">
                <dt class="app-summary-list__key">{tr(Key::StaffCaseAgentAuthorisation)}</dt>
                <dd class="app-summary-list__value">{tr(Key::StaffCaseAgentAuthorisationDeclared)}</dd>
            </div>
        </dl>
    }
}

/// A supervisor confirms a helper and a time for a request for help.
#[component]
pub fn HelpForm<B: Backend + Clone + 'static>(
    case: StaffCase,
    drafts: Drafts,
    actions: Actions<B>,
) -> impl IntoView {
    let lang = use_lang();
    let help = drafts.help;
    let version = case.version;
    let open = case.summary.status.open311() == banshi_contract::Open311Status::Open;
    let current = case.help.clone().map(|h| {
        let at = local_minutes(&h.at);
        view! { <p class="app-body" role="status">{move || lang.t_with(Key::StaffHelpCurrent, &[("helper", &h.helper), ("at", &at)])}</p> }
    });
    let list_link = view! {
        <p class="app-body"><a class="app-link" href=Route::StaffHelpers.href()>{tr(Key::StaffHelpListLink)}</a></p>
    };
    if !open {
        return view! { <h2 class="app-heading-m">{tr(Key::StaffHelpHeading)}</h2> {current} }
            .into_any();
    }
    if case.helpers.is_empty() {
        return view! {
            <h2 class="app-heading-m">{tr(Key::StaffHelpHeading)}</h2>
            {current}
            <p class="app-body">{tr(Key::StaffHelpNoHelpers)}</p>
            {list_link}
        }
        .into_any();
    }
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let helper = help.helper.get_untracked().parse::<i64>().ok();
        let at = help.at.get_untracked().trim().to_owned();
        let mut problems = Vec::new();
        if helper.is_none() {
            problems.push(item(
                lang,
                "help-helper",
                "helper",
                Key::StaffHelpHelper,
                FieldErrorCode::Required,
            ));
        }
        if at.is_empty() {
            problems.push(item(
                lang,
                "help-at",
                "at",
                Key::StaffHelpAt,
                FieldErrorCode::Required,
            ));
        }
        let Some(helper) = helper.filter(|_| problems.is_empty()) else {
            drafts.done.set(None);
            drafts.items.set(problems);
            return;
        };
        let body = HelpConfirmation {
            helper,
            at,
            note: Some(help.note.get_untracked()).filter(|n| !n.trim().is_empty()),
            version: Some(version),
        };
        let pending =
            actions
                .backend
                .confirm_help(lang.locale_untracked(), actions.ticket.clone(), body);
        let settle = actions.settle.clone();
        spawn_local(async move {
            let confirmed = settle(
                pending.await,
                &[
                    ("helper", "help-helper"),
                    ("at", "help-at"),
                    ("note", "help-note"),
                ],
                lang.t(Key::StaffHelpDone).to_owned(),
            );
            if confirmed {
                help.note.set(String::new());
            }
        });
    };
    let helper_error = error_for(drafts.items, "help-helper");
    view! {
        <h2 class="app-heading-m">{tr(Key::StaffHelpHeading)}</h2>
        {current}
        <form class="app-form" novalidate on:submit=on_submit>
            <div class=move || if helper_error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                <label class="app-label" for="help-helper">{tr(Key::StaffHelpHelper)}</label>
                {move || helper_error.get().map(|m| view! { <p class="app-error-message" id="help-helper-error">{m}</p> })}
                <select class="app-input" id="help-helper" name="helper"
                    aria-describedby=move || helper_error.get().is_some().then_some("help-helper-error")
                    on:change=move |e| help.helper.set(event_target_value(&e))>
                    <option value="" selected=move || help.helper.get().is_empty()>{tr(Key::StaffHelpChoose)}</option>
                    {case.helpers.iter().map(|h| {
                        let id = h.id.to_string();
                        let selected = { let id = id.clone(); move || help.helper.get() == id };
                        let label = if h.note.is_empty() {
                            h.name.clone()
                        } else {
                            lang.t_with(Key::StaffHelpHelperOption, &[("name", &h.name), ("note", &h.note)])
                        };
                        view! { <option value=id selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <TextInput id="help-at" label=Key::StaffHelpAt hint=Key::StaffHelpAtHint value=help.at
                error=error_for(drafts.items, "help-at") kind="datetime-local"/>
            <TextInput id="help-note" label=Key::StaffHelpNote value=help.note error=error_for(drafts.items, "help-note")/>
            <button type="submit" class="app-button">{tr(Key::StaffHelpSubmit)}</button>
        </form>
        {list_link}
    }
    .into_any()
}
