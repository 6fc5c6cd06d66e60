//! Taking a number from the hall page (远程取号): the line, and a mobile number (not at an
//! enrolled kiosk, which sends its own token instead). What the citizen chose and typed is
//! kept until the number is taken; the number's token is kept on this device and carried
//! to the number's page in its address's fragment.

use banshi_contract::{EnrolledKiosk, ErrorCode, FieldErrorCode, Hall};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Backend, use_backend};
use crate::components::api_error_view::api_error_key;
use crate::components::{ErrorSummary, SummaryItem, error_for};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::queue::{SavedNumber, SavedNumbers, TakeDraft};
use crate::nav::{Route, use_navigate};
use crate::storage;

/// The enrolment of this device as a kiosk, if it is one.
fn this_kiosk() -> Option<EnrolledKiosk> {
    storage::load::<EnrolledKiosk>(storage::KIOSK_KEY)
}

/// The message for a problem of the form's `input`.
fn problem_key(input: &str, code: FieldErrorCode) -> Key {
    match (input, code) {
        ("take-line", _) => Key::QueueLineMissing,
        (_, FieldErrorCode::Required) => Key::QueuePhoneMissing,
        _ => Key::QueuePhoneInvalid,
    }
}

/// The form on `hall`'s page.
#[component]
pub fn TakeNumberForm(hall: Hall) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let navigate = use_navigate();
    // Device state is read after the first render (the server renders none of it).
    let kiosk = RwSignal::new(None::<EnrolledKiosk>);
    let draft = RwSignal::new(TakeDraft::default());
    let ready = RwSignal::new(false);
    Effect::new(move |_| {
        kiosk.set(this_kiosk());
        draft.set(storage::load(TakeDraft::KEY).unwrap_or_default());
        ready.set(true);
    });
    Effect::new(move |_| {
        if ready.get() {
            draft.with(|d| storage::save(TakeDraft::KEY, d));
        }
    });
    let items = RwSignal::new(Vec::<SummaryItem>::new());
    let busy = RwSignal::new(false);
    let hall_id = hall.id.clone();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let at_kiosk = kiosk.get_untracked();
        let asked = draft.get_untracked();
        let problems: Vec<SummaryItem> = asked
            .problems(at_kiosk.is_some())
            .into_iter()
            .map(|(input, code)| SummaryItem {
                target: Some(input.to_owned()),
                message: lang.t(problem_key(input, code)).to_owned(),
            })
            .collect();
        if !problems.is_empty() {
            items.set(problems);
            return;
        }
        let (backend, hall_id, navigate) = (backend.clone(), hall_id.clone(), navigate.clone());
        busy.set(true);
        spawn_local(async move {
            let phone = Some(asked.phone.trim().to_owned()).filter(|p| !p.is_empty());
            let taken = backend
                .take_number(
                    lang.locale_untracked(),
                    hall_id.clone(),
                    asked.line.clone(),
                    phone,
                    at_kiosk.map(|k| k.device_token),
                )
                .await;
            busy.set(false);
            match taken {
                Ok(number) => {
                    let token = number.token.clone().unwrap_or_default();
                    let mut saved: SavedNumbers =
                        storage::load(SavedNumbers::KEY).unwrap_or_default();
                    saved.remember(SavedNumber {
                        hall: hall_id.clone(),
                        number: number.number.clone(),
                        token: token.clone(),
                        issued_at: number.issued_at.clone(),
                    });
                    storage::save(SavedNumbers::KEY, &saved);
                    draft.update(|d| d.line.clear());
                    items.set(Vec::new());
                    // The number's page finds the token among the numbers held here.
                    navigate(Route::Queue {
                        number: number.number.clone(),
                        hall: hall_id.clone(),
                    });
                }
                Err(error) => items.set(vec![take_error(lang, &error)]),
            }
        });
    };
    let line_error = error_for(items, "take-line");
    let phone_error = error_for(items, "take-phone");
    let lines = hall
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let id = if i == 0 {
                "take-line".to_owned()
            } else {
                format!("take-line-{}", line.code)
            };
            let code = line.code.clone();
            let checked = {
                let code = code.clone();
                move || draft.with(|d| d.line == code)
            };
            view! {
                <div class="app-choice">
                    <input class="app-choice__input" type="radio" name="take-line" id=id.clone()
                        prop:checked=checked on:change=move |_| draft.update(|d| d.line = code.clone())/>
                    <label class="app-choice__label" for=id>{crate::model::hall::line_label(line)}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="app-section" aria-labelledby="take-title" id="take">
            <h2 class="app-heading-l" id="take-title">{tr(Key::QueueTakeTitle)}</h2>
            <ErrorSummary items/>
            <p class="app-body">{move || lang.t(if kiosk.get().is_some() { Key::QueueTakeKioskHint } else { Key::QueueTakeHint })}</p>
            <form class="app-form" novalidate on:submit=on_submit>
                <div class=move || if line_error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                    <fieldset class="app-fieldset" aria-describedby=move || line_error.get().map(|_| "take-line-error")>
                        <legend class="app-label">{tr(Key::QueueTakeLine)}</legend>
                        {move || line_error.get().map(|m| view! { <p class="app-error-message" id="take-line-error">{m}</p> })}
                        <div class="app-choices">{lines}</div>
                    </fieldset>
                </div>
                {move || kiosk.get().is_none().then(|| view! {
                    <div class=move || if phone_error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                        <label class="app-label" for="take-phone">{tr(Key::QueueTakePhone)}</label>
                        <div class="app-hint" id="take-phone-hint">{tr(Key::QueueTakePhoneHint)}</div>
                        {move || phone_error.get().map(|m| view! { <p class="app-error-message" id="take-phone-error">{m}</p> })}
                        <input class="app-input app-input--short" id="take-phone" name="phone" type="tel" autocomplete="tel" inputmode="tel"
                            aria-describedby=move || if phone_error.get().is_some() { "take-phone-hint take-phone-error" } else { "take-phone-hint" }
                            prop:value=move || draft.with(|d| d.phone.clone())
                            on:input=move |e| draft.update(|d| d.phone = event_target_value(&e))/>
                    </div>
                })}
                <button type="submit" class="app-button" disabled=move || busy.get()>{tr(Key::QueueTakeSubmit)}</button>
            </form>
        </section>
    }
}

/// The summary item for a refused or failed take.
fn take_error(lang: crate::lang::Lang, error: &ApiError) -> SummaryItem {
    let (target, key) = match error {
        ApiError::Problem(p) if p.code == ErrorCode::NumberAlreadyTaken => {
            (Some("take-line"), Key::QueueAlreadyTaken)
        }
        ApiError::Problem(p) if p.code == ErrorCode::ValidationFailed => {
            let field = p.errors.first().map(|e| e.field.as_str());
            if field == Some("phone") {
                (Some("take-phone"), Key::QueuePhoneInvalid)
            } else {
                (Some("take-line"), Key::QueueLineMissing)
            }
        }
        ApiError::Problem(p) if p.code == ErrorCode::RateLimited => (None, Key::QueueTooMany),
        other => (None, api_error_key(other)),
    };
    SummaryItem {
        target: target.map(str::to_owned),
        message: lang.t(key).to_owned(),
    }
}
