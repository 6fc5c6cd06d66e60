//! Track a ticket by its reference number and access code; a found ticket is remembered on
//! this device and opened.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Backend, TicketFetch, use_backend};
use crate::components::{ErrorSummary, PageHeading, SummaryItem};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::format::normalise_code;
use crate::model::saved::SavedTicket;
use crate::my_tickets::use_my_tickets;
use crate::nav::{Route, use_navigate};

/// `/track`.
#[component]
pub fn TrackPage() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let navigate = use_navigate();
    let tickets = use_my_tickets();
    let number = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<SummaryItem>::new());
    let busy = RwSignal::new(false);
    let error_for = move |target: &str| {
        let target = target.to_owned();
        Signal::derive(move || {
            items
                .get()
                .into_iter()
                .find(|i| i.target.as_deref() == Some(&target))
                .map(|i| i.message)
        })
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (ticket, access) = (
            normalise_code(&number.get_untracked()),
            normalise_code(&code.get_untracked()),
        );
        let mut problems = Vec::new();
        if ticket.is_empty() {
            problems.push(SummaryItem {
                target: Some("ticket".into()),
                message: lang.t(Key::TrackNumberMissing).into(),
            });
        }
        if access.is_empty() {
            problems.push(SummaryItem {
                target: Some("access-code".into()),
                message: lang.t(Key::TrackCodeMissing).into(),
            });
        }
        if !problems.is_empty() {
            items.set(problems);
            return;
        }
        let (backend, navigate) = (backend.clone(), navigate.clone());
        busy.set(true);
        spawn_local(async move {
            match backend
                .ticket(
                    lang.locale_untracked(),
                    ticket.clone(),
                    access.clone(),
                    None,
                )
                .await
            {
                Ok(TicketFetch::Fresh(found, _)) => {
                    tickets.update(|t| {
                        t.remember(SavedTicket {
                            ticket: found.ticket.clone(),
                            access_code: access,
                            service_name: found.service_name.clone(),
                            submitted_at: found.submitted_at.clone(),
                            expected_datetime: found.expected_datetime.clone(),
                        })
                    });
                    items.set(Vec::new());
                    navigate(Route::Ticket(found.ticket.clone()));
                }
                Ok(TicketFetch::Unchanged) => {}
                Err(error) => {
                    let key = match &error {
                        ApiError::Problem(p) if p.status == 404 => Key::TrackNotFound,
                        other => crate::components::api_error_view::api_error_key(other),
                    };
                    items.set(vec![SummaryItem {
                        target: Some("ticket".into()),
                        message: lang.t(key).into(),
                    }]);
                }
            }
            busy.set(false);
        });
    };
    let number_error = error_for("ticket");
    let code_error = error_for("access-code");
    view! {
        <ErrorSummary items/>
        <PageHeading text=Signal::derive(move || lang.t(Key::TrackTitle).to_owned())/>
        <form class="app-form" novalidate on:submit=on_submit>
            <div class=move || if number_error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                <label class="app-label" for="ticket">{tr(Key::TrackNumberLabel)}</label>
                <div class="app-hint" id="ticket-hint">{tr(Key::TrackNumberHint)}</div>
                {move || number_error.get().map(|m| view! { <p class="app-error-message" id="ticket-error">{m}</p> })}
                <input class="app-input" id="ticket" name="ticket" type="text" autocomplete="off" spellcheck="false"
                    aria-describedby=move || if number_error.get().is_some() { "ticket-hint ticket-error" } else { "ticket-hint" }
                    prop:value=move || number.get() on:input=move |e| number.set(event_target_value(&e))/>
            </div>
            <div class=move || if code_error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                <label class="app-label" for="access-code">{tr(Key::TrackCodeLabel)}</label>
                <div class="app-hint" id="access-code-hint">{tr(Key::TrackCodeHint)}</div>
                {move || code_error.get().map(|m| view! { <p class="app-error-message" id="access-code-error">{m}</p> })}
                <input class="app-input" id="access-code" name="access-code" type="text" autocomplete="off" spellcheck="false"
                    aria-describedby=move || if code_error.get().is_some() { "access-code-hint access-code-error" } else { "access-code-hint" }
                    prop:value=move || code.get() on:input=move |e| code.set(event_target_value(&e))/>
            </div>
            <button type="submit" class="app-button" disabled=move || busy.get()>{tr(Key::TrackSubmit)}</button>
        </form>
    }
}
