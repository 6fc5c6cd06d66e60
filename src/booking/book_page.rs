//! `/book/{id}`: booking a time to come to a hall (预约): the line, a day and an hour slot
//! with places left, the mobile number and the code sent to it by SMS. What the citizen chose
//! and typed is kept until the booking is made; the booking's token is kept on this device
//! and its page opened. A phone suspended for missed bookings is offered the appeal instead.

use banshi_contract::{AppealSubmission, ErrorCode, FieldErrorCode, Hall, PhoneCodeSent, SlotDays};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Backend, use_backend};
use crate::components::api_error_view::api_error_key;
use crate::components::{ApiErrorView, ErrorSummary, Loading, PageHeading, SummaryItem, error_for};
use crate::i18n::Key;
use crate::lang::{Lang, tr, use_lang};
use crate::load::Load;
use crate::model::booking::{BookDraft, SavedBooking, SavedBookings};
use crate::model::format::{local_minutes, weekday};
use crate::nav::{Route, use_navigate};
use crate::storage;

/// `/book` (`id` empty: the backend's first hall) and `/book/{id}`.
#[component]
pub fn BookPage(id: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let halls = Load::new(move || backend.halls(lang.locale()));
    move || match halls.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => {
            view! { <ApiErrorView error retry=move |_| halls.refetch()/> }.into_any()
        }
        Some(Ok(list)) => match list.into_iter().find(|h| id.is_empty() || h.id == id) {
            Some(hall) => view! { <BookForm hall/> }.into_any(),
            None => view! { <crate::pages::NotFoundPage/> }.into_any(),
        },
    }
}

/// The message for a problem of the form's `input`.
fn problem_key(input: &str, code: FieldErrorCode) -> Key {
    match (input, code) {
        ("book-line", _) => Key::BookLineMissing,
        ("book-date", _) => Key::BookDateMissing,
        ("book-slot", _) => Key::BookSlotMissing,
        ("book-phone", FieldErrorCode::Required) => Key::QueuePhoneMissing,
        ("book-phone", _) => Key::QueuePhoneInvalid,
        ("book-code", FieldErrorCode::Required) => Key::BookCodeMissing,
        ("book-code", FieldErrorCode::Expired) => Key::BookCodeExpired,
        ("book-reason", _) => Key::BookReasonMissing,
        _ => Key::BookCodeWrong,
    }
}

fn items(lang: Lang, problems: Vec<(&'static str, FieldErrorCode)>) -> Vec<SummaryItem> {
    problems
        .into_iter()
        .map(|(input, code)| SummaryItem {
            target: Some(input.to_owned()),
            message: lang.t(problem_key(input, code)).to_owned(),
        })
        .collect()
}

/// The summary item for a refused or failed call.
fn refusal(lang: Lang, error: &ApiError) -> SummaryItem {
    let (target, key) = match error {
        ApiError::Problem(p) => match p.code {
            ErrorCode::SlotFull => (Some("book-slot"), Key::BookSlotFull),
            ErrorCode::AlreadyBooked => (Some("book-phone"), Key::BookAlreadyBooked),
            ErrorCode::BookingSuspended => (Some("book-phone"), Key::BookSuspendedShort),
            ErrorCode::RateLimited => (Some("book-phone"), Key::BookCodeTooSoon),
            ErrorCode::TransitionNotAllowed => (None, Key::BookNotSuspended),
            ErrorCode::ValidationFailed => {
                let first = p.errors.first();
                let input = match first.map(|e| e.field.as_str()) {
                    Some("phone") => "book-phone",
                    Some("line") => "book-line",
                    Some("date") => "book-date",
                    Some("starts") => "book-slot",
                    Some("reason") => "book-reason",
                    _ => "book-code",
                };
                let code = first.map_or(FieldErrorCode::Unknown, |e| e.code);
                (Some(input), problem_key(input, code))
            }
            _ => (None, api_error_key(error)),
        },
        other => (None, api_error_key(other)),
    };
    SummaryItem {
        target: target.map(str::to_owned),
        message: lang.t(key).to_owned(),
    }
}

/// A day's label: `2026-12-08 周二`.
fn day_label(lang: Lang, date: &str) -> String {
    match weekday(date) {
        Some(day) => format!(
            "{date} {}",
            lang.t(crate::hall::WEEKDAYS[usize::from(day) - 1])
        ),
        None => date.to_owned(),
    }
}

/// The booking form of `hall`.
#[component]
fn BookForm(hall: Hall) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let navigate = use_navigate();
    let draft = RwSignal::new(BookDraft::default());
    let ready = RwSignal::new(false);
    let line = Memo::new(move |_| draft.with(|d| d.line.clone()));
    let hall_id = StoredValue::new(hall.id.clone());
    // The chosen line's slots; no call before a line is chosen (an empty answer stands in).
    // Made before the draft is read, so that reading it counts as a change of line.
    let slots = {
        let backend = backend.clone();
        Load::new(move || {
            let line = line.get();
            if line.is_empty() {
                let none = SlotDays {
                    hall: hall_id.get_value(),
                    line,
                    days: Vec::new(),
                    updated_at: String::new(),
                };
                return Box::pin(std::future::ready(Ok(none)));
            }
            backend.slots(lang.locale(), hall_id.get_value(), line)
        })
    };
    // The draft is read after the first render (the server renders none of it).
    Effect::new(move |_| {
        draft.set(storage::load(BookDraft::KEY).unwrap_or_default());
        ready.set(true);
    });
    Effect::new(move |_| {
        if ready.get() {
            draft.with(|d| storage::save(BookDraft::KEY, d));
        }
    });
    let items_signal = RwSignal::new(Vec::<SummaryItem>::new());
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(None::<PhoneCodeSent>);
    // The appeal of a suspended phone: shown once a booking is refused for it; what is typed
    // in it, and its filing, outlive every later refusal and code.
    let suspended = RwSignal::new(false);
    let appeal = AppealState {
        reason: RwSignal::new(String::new()),
        filed_until: RwSignal::new(None),
    };
    let send_code = {
        let backend = backend.clone();
        move |_| {
            let problems = draft.with_untracked(BookDraft::phone_problems);
            if !problems.is_empty() {
                items_signal.set(items(lang, problems));
                return;
            }
            let (backend, phone) = (
                backend.clone(),
                draft.with_untracked(|d| d.phone.trim().to_owned()),
            );
            busy.set(true);
            spawn_local(async move {
                let answer = backend
                    .send_phone_code(lang.locale_untracked(), hall_id.get_value(), phone)
                    .await;
                busy.try_set(false);
                match answer {
                    Ok(answer) => {
                        items_signal.try_set(Vec::new());
                        sent.try_set(Some(answer));
                    }
                    Err(error) => {
                        items_signal.try_set(vec![refusal(lang, &error)]);
                    }
                }
            });
        }
    };
    let on_submit = {
        let (backend, navigate) = (backend.clone(), navigate.clone());
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let asked = draft.get_untracked();
            let problems =
                asked.problems(slots.get_untracked().as_ref().and_then(|s| s.as_ref().ok()));
            if !problems.is_empty() {
                items_signal.set(items(lang, problems));
                return;
            }
            let (backend, navigate) = (backend.clone(), navigate.clone());
            busy.set(true);
            spawn_local(async move {
                let hall = hall_id.get_value();
                let answer = backend
                    .book(lang.locale_untracked(), hall.clone(), asked.booking())
                    .await;
                busy.try_set(false);
                match answer {
                    Ok(booking) => {
                        let mut held: SavedBookings =
                            storage::load(SavedBookings::KEY).unwrap_or_default();
                        held.remember(SavedBooking {
                            hall: hall.clone(),
                            reference: booking.reference.clone(),
                            token: booking.token.clone().unwrap_or_default(),
                        });
                        storage::save(SavedBookings::KEY, &held);
                        // The phone stays for next time; the choice and the code are spent.
                        draft.update(|d| {
                            *d = BookDraft {
                                phone: d.phone.clone(),
                                ..BookDraft::default()
                            }
                        });
                        items_signal.set(Vec::new());
                        navigate(Route::Booking {
                            reference: booking.reference,
                            hall,
                        });
                    }
                    Err(error) => {
                        if matches!(&error, ApiError::Problem(p) if p.code == ErrorCode::BookingSuspended)
                        {
                            suspended.try_set(true);
                        }
                        if matches!(&error, ApiError::Problem(p) if p.code == ErrorCode::SlotFull) {
                            // Show the places as they are now.
                            draft.update(|d| d.starts.clear());
                            slots.refetch();
                        }
                        items_signal.try_set(vec![refusal(lang, &error)]);
                    }
                }
            });
        }
    };
    let line_error = error_for(items_signal, "book-line");
    let date_error = error_for(items_signal, "book-date");
    let slot_error = error_for(items_signal, "book-slot");
    let phone_error = error_for(items_signal, "book-phone");
    let code_error = error_for(items_signal, "book-code");
    let group = |error: Signal<Option<String>>| {
        move || {
            if error.get().is_some() {
                "app-form-group app-form-group--error"
            } else {
                "app-form-group"
            }
        }
    };
    let lines = hall
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let id = if i == 0 { "book-line".to_owned() } else { format!("book-line-{}", l.code) };
            let code = l.code.clone();
            let checked = {
                let code = code.clone();
                move || draft.with(|d| d.line == code)
            };
            view! {
                <div class="app-choice">
                    <input class="app-choice__input" type="radio" name="book-line" id=id.clone()
                        prop:checked=checked on:change=move |_| draft.update(|d| d.choose_line(&code))/>
                    <label class="app-choice__label" for=id>{crate::model::hall::line_label(l)}</label>
                </div>
            }
        })
        .collect_view();
    let name = hall.name.clone();
    view! {
        <PageHeading text=Signal::derive(move || lang.t_with(Key::BookTitle, &[("hall", &name)]))/>
        <p class="app-lead">{tr(Key::BookLead)}</p>
        <ErrorSummary items=items_signal/>
        <form class="app-form" novalidate on:submit=on_submit>
            <div class=group(line_error)>
                <fieldset class="app-fieldset" aria-describedby=move || line_error.get().map(|_| "book-line-error")>
                    <legend class="app-label">{tr(Key::QueueTakeLine)}</legend>
                    {move || line_error.get().map(|m| view! { <p class="app-error-message" id="book-line-error">{m}</p> })}
                    <div class="app-choices">{lines}</div>
                </fieldset>
            </div>
            {move || match slots.get() {
                _ if line.get().is_empty() => ().into_any(),
                // Until the chosen line's answer is in, the last one is another line's.
                None => view! { <Loading/> }.into_any(),
                Some(Ok(days)) if days.line != line.get() => view! { <Loading/> }.into_any(),
                Some(Err(ApiError::Problem(p))) if p.status == 404 => view! {
                    <p class="app-notice" id="book-no-slots">{tr(Key::BookNoSlots)}</p>
                }.into_any(),
                Some(Err(error)) => view! {
                    <p class="app-notice app-notice--error" role="alert">{tr(api_error_key(&error))}</p>
                }.into_any(),
                Some(Ok(days)) => view! {
                    <SlotChoice days draft date_error slot_error/>
                }.into_any(),
            }}
            <div class=group(phone_error)>
                <label class="app-label" for="book-phone">{tr(Key::QueueTakePhone)}</label>
                <div class="app-hint" id="book-phone-hint">{tr(Key::BookPhoneHint)}</div>
                {move || phone_error.get().map(|m| view! { <p class="app-error-message" id="book-phone-error">{m}</p> })}
                <input class="app-input app-input--short" id="book-phone" name="phone" type="tel" autocomplete="tel" inputmode="tel"
                    aria-describedby=move || if phone_error.get().is_some() { "book-phone-hint book-phone-error" } else { "book-phone-hint" }
                    prop:value=move || draft.with(|d| d.phone.clone())
                    on:input=move |e| draft.update(|d| d.phone = event_target_value(&e))/>
                <button type="button" class="app-button app-button--secondary" id="book-send-code"
                    disabled=move || busy.get() on:click=send_code>{tr(Key::BookSendCode)}</button>
                <div role="status" id="book-code-sent">
                    {move || sent.get().map(|s| view! {
                        <p class="app-body">{lang.t_with(Key::BookCodeSent, &[("until", &local_minutes(&s.expires_at))])}</p>
                    })}
                </div>
            </div>
            <div class=group(code_error)>
                <label class="app-label" for="book-code">{tr(Key::BookCode)}</label>
                {move || code_error.get().map(|m| view! { <p class="app-error-message" id="book-code-error">{m}</p> })}
                <input class="app-input app-input--short" id="book-code" name="code" type="text" inputmode="numeric"
                    autocomplete="one-time-code" maxlength="6"
                    aria-describedby=move || code_error.get().map(|_| "book-code-error")
                    prop:value=move || draft.with(|d| d.code.clone())
                    on:input=move |e| draft.update(|d| d.code = event_target_value(&e))/>
            </div>
            <p class="app-body">{tr(Key::BookRules)}</p>
            <button type="submit" class="app-button" disabled=move || busy.get()>{tr(Key::BookSubmit)}</button>
        </form>
        <Show when=move || suspended.get()>
            <Appeal hall=hall_id.get_value() draft state=appeal items=items_signal/>
        </Show>
        <p class="app-body"><a href=format!("/hall/{}", hall.id)>{tr(Key::QueueHallLink)}</a></p>
    }
}

/// The day and slot choices of a line's bookable days.
#[component]
fn SlotChoice(
    days: SlotDays,
    draft: RwSignal<BookDraft>,
    date_error: Signal<Option<String>>,
    slot_error: Signal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let day_choices = days
        .days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let id = if i == 0 { "book-date".to_owned() } else { format!("book-date-{}", day.date) };
            let date = day.date.clone();
            let checked = {
                let date = date.clone();
                move || draft.with(|d| d.date == date)
            };
            let label = day.date.clone();
            view! {
                <div class="app-choice">
                    <input class="app-choice__input" type="radio" name="book-date" id=id.clone()
                        prop:checked=checked on:change=move |_| draft.update(|d| d.choose_date(&date))/>
                    <label class="app-choice__label" for=id>{move || day_label(lang, &label)}</label>
                </div>
            }
        })
        .collect_view();
    let days = StoredValue::new(days);
    view! {
        <div class=move || if date_error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
            <fieldset class="app-fieldset" aria-describedby=move || date_error.get().map(|_| "book-date-error")>
                <legend class="app-label">{tr(Key::BookDay)}</legend>
                {move || date_error.get().map(|m| view! { <p class="app-error-message" id="book-date-error">{m}</p> })}
                <div class="app-choices">{day_choices}</div>
            </fieldset>
        </div>
        {move || {
            let date = draft.with(|d| d.date.clone());
            let day = days.with_value(|all| all.days.iter().find(|d| d.date == date).cloned());
            day.map(|day| {
                let choices = day.slots.iter().enumerate().map(|(i, slot)| {
                    let id = if i == 0 { "book-slot".to_owned() } else { format!("book-slot-{}", slot.starts.replace(':', "")) };
                    let starts = slot.starts.clone();
                    let checked = {
                        let starts = starts.clone();
                        move || draft.with(|d| d.starts == starts)
                    };
                    let (from, to, left, closed) = (slot.starts.clone(), slot.ends.clone(), slot.left, slot.closed);
                    let label = move || {
                        let key = if closed {
                            Key::BookSlotClosed
                        } else if left == 0 {
                            Key::BookSlotFullLabel
                        } else {
                            Key::BookSlotLeft
                        };
                        lang.t_with(key, &[("from", &from), ("to", &to), ("left", &left.to_string())])
                    };
                    view! {
                        <div class="app-choice">
                            <input class="app-choice__input" type="radio" name="book-slot" id=id.clone()
                                disabled=left == 0
                                prop:checked=checked on:change=move |_| draft.update(|d| d.starts = starts.clone())/>
                            <label class="app-choice__label" for=id>{label}</label>
                        </div>
                    }
                }).collect_view();
                view! {
                    <div class=move || if slot_error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                        <fieldset class="app-fieldset" aria-describedby=move || slot_error.get().map(|_| "book-slot-error")>
                            <legend class="app-label">{tr(Key::BookSlot)}</legend>
                            {move || slot_error.get().map(|m| view! { <p class="app-error-message" id="book-slot-error">{m}</p> })}
                            <div class="app-choices">{choices}</div>
                        </fieldset>
                    </div>
                }
            })
        }}
    }
}

/// What the appeal form holds: the reason typed, and once filed, the suspension's end.
#[derive(Debug, Clone, Copy)]
struct AppealState {
    reason: RwSignal<String>,
    filed_until: RwSignal<Option<String>>,
}

/// The appeal of a suspended phone, with the code sent to it.
#[component]
fn Appeal(
    hall: String,
    draft: RwSignal<BookDraft>,
    state: AppealState,
    items: RwSignal<Vec<SummaryItem>>,
) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let AppealState {
        reason,
        filed_until,
    } = state;
    let busy = RwSignal::new(false);
    let reason_error = error_for(items, "book-reason");
    let hall = StoredValue::new(hall);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let asked = draft.get_untracked();
        let mut problems = asked.phone_problems();
        if asked.code.trim().is_empty() {
            problems.push(("book-code", FieldErrorCode::Required));
        }
        if reason.with_untracked(|r| r.trim().is_empty()) {
            problems.push(("book-reason", FieldErrorCode::Required));
        }
        if !problems.is_empty() {
            items.set(self::items(lang, problems));
            return;
        }
        let backend = backend.clone();
        let appeal = AppealSubmission {
            phone: asked.phone.trim().to_owned(),
            code: asked.code.trim().to_owned(),
            reason: reason.get_untracked().trim().to_owned(),
        };
        busy.set(true);
        spawn_local(async move {
            let answer = backend
                .appeal(lang.locale_untracked(), hall.get_value(), appeal)
                .await;
            busy.try_set(false);
            match answer {
                Ok(filed) => {
                    items.try_set(Vec::new());
                    filed_until.try_set(Some(local_minutes(&filed.suspended_until)));
                }
                Err(error) => {
                    items.try_set(vec![refusal(lang, &error)]);
                }
            }
        });
    };
    view! {
        <section class="app-section" aria-labelledby="book-appeal-title" id="book-appeal">
            <h2 class="app-heading-m" id="book-appeal-title">{tr(Key::BookSuspendedTitle)}</h2>
            <p class="app-body">{tr(Key::BookSuspendedShort)}</p>
            <div role="status">
                {move || filed_until.get().map(|until| view! {
                    <p class="app-panel" id="book-appeal-filed">{move || lang.t_with(Key::BookAppealFiled, &[("until", &until)])}</p>
                })}
            </div>
            {move || filed_until.with(Option::is_none).then(|| view! {
                <form class="app-form" novalidate on:submit=on_submit.clone()>
                    <div class=move || if reason_error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                        <label class="app-label" for="book-reason">{tr(Key::BookReason)}</label>
                        <div class="app-hint" id="book-reason-hint">{tr(Key::BookReasonHint)}</div>
                        {move || reason_error.get().map(|m| view! { <p class="app-error-message" id="book-reason-error">{m}</p> })}
                        <textarea class="app-textarea" id="book-reason" name="reason" rows="4" maxlength="500"
                            aria-describedby=move || if reason_error.get().is_some() { "book-reason-hint book-reason-error" } else { "book-reason-hint" }
                            prop:value=move || reason.get()
                            on:input=move |e| reason.set(event_target_value(&e))></textarea>
                    </div>
                    <button type="submit" class="app-button app-button--secondary" disabled=move || busy.get()>{tr(Key::BookAppealSubmit)}</button>
                </form>
            })}
        </section>
    }
}
