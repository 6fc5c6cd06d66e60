//! `/check-in/{id}`: at an enrolled kiosk, a citizen types their booking's code and is
//! checked in: the booking becomes a queue number, shown large. Elsewhere the page says where
//! to check in instead (the booking's own page, or a kiosk in the hall).

use banshi_contract::{EnrolledKiosk, ErrorCode, QueueNumber};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Backend, CheckInCredential, use_backend};
use crate::components::api_error_view::api_error_key;
use crate::components::{ErrorSummary, PageHeading, SummaryItem, error_for};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::storage;

/// `/check-in` (`id` empty: the kiosk's own hall) and `/check-in/{id}`.
#[component]
pub fn CheckInPage(id: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let kiosk = RwSignal::new(None::<Option<EnrolledKiosk>>);
    Effect::new(move |_| kiosk.set(Some(storage::load::<EnrolledKiosk>(storage::KIOSK_KEY))));
    let code = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<SummaryItem>::new());
    let number = RwSignal::new(None::<QueueNumber>);
    let busy = RwSignal::new(false);
    let code_error = error_for(items, "check-in-code");
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(Some(at)) = kiosk.get_untracked() else {
            return;
        };
        let typed = crate::model::format::normalise_code(&code.get_untracked());
        if typed.len() != 8 {
            items.set(vec![SummaryItem {
                target: Some("check-in-code".into()),
                message: lang.t(Key::CheckInCodeMissing).to_owned(),
            }]);
            return;
        }
        let hall = if id.is_empty() {
            at.kiosk.hall_id.clone()
        } else {
            id.clone()
        };
        let backend = backend.clone();
        busy.set(true);
        spawn_local(async move {
            let answer = backend
                .check_in(
                    lang.locale_untracked(),
                    hall,
                    typed,
                    CheckInCredential::Kiosk(at.device_token),
                )
                .await;
            busy.try_set(false);
            match answer {
                Ok(taken) => {
                    items.try_set(Vec::new());
                    code.try_set(String::new());
                    number.try_set(Some(taken));
                }
                Err(error) => {
                    let key = match &error {
                        ApiError::Problem(p) if p.status == 404 => Key::CheckInUnknown,
                        ApiError::Problem(p) if p.code == ErrorCode::CheckInNotAllowed => {
                            Key::BookingCheckInNotYet
                        }
                        other => api_error_key(other),
                    };
                    items.try_set(vec![SummaryItem {
                        target: Some("check-in-code".into()),
                        message: lang.t(key).to_owned(),
                    }]);
                }
            }
        });
    };
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::CheckInTitle).to_owned())/>
        {move || match kiosk.get() {
            None => ().into_any(),
            Some(None) => view! { <p class="app-body">{tr(Key::CheckInNotKiosk)}</p> }.into_any(),
            Some(Some(_)) => view! {
                <div role="status">
                    {move || number.get().map(|n| view! {
                        <div class="app-panel app-queue" id="check-in-number">
                            <p class="app-queue__number">{n.number.clone()}</p>
                            <p class="app-body">{tr(Key::CheckInDone)}</p>
                        </div>
                    })}
                </div>
                <ErrorSummary items/>
                <form class="app-form" novalidate on:submit=on_submit.clone()>
                    <div class=move || if code_error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                        <label class="app-label" for="check-in-code">{tr(Key::CheckInCode)}</label>
                        <div class="app-hint" id="check-in-code-hint">{tr(Key::CheckInCodeHint)}</div>
                        {move || code_error.get().map(|m| view! { <p class="app-error-message" id="check-in-code-error">{m}</p> })}
                        <input class="app-input app-input--short" id="check-in-code" name="code" type="text"
                            autocomplete="off" autocapitalize="characters" spellcheck="false"
                            aria-describedby=move || if code_error.get().is_some() { "check-in-code-hint check-in-code-error" } else { "check-in-code-hint" }
                            prop:value=move || code.get() on:input=move |e| code.set(event_target_value(&e))/>
                    </div>
                    <button type="submit" class="app-button" disabled=move || busy.get()>{tr(Key::CheckInSubmit)}</button>
                </form>
            }.into_any(),
        }}
    }
}
