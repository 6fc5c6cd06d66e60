//! `/b/{reference}?hall={id}#token=…`: one booking: its line, day and slot, when check-in
//! opens and until when it can be cancelled, its QR code (to show at a kiosk's scanner or
//! carry to a phone), checking in (the booking becomes a queue number, served before
//! walk-ins within its window) and cancelling behind a confirmation. The token comes in the
//! fragment (taken out of the address at once) or from the bookings held on this device.

use banshi_contract::{Booking, BookingState, ErrorCode, Hall};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Backend, CheckInCredential, use_backend};
use crate::components::api_error_view::api_error_key;
use crate::components::{ApiErrorView, Loading, PageHeading, QrImage};
use crate::i18n::Key;
use crate::lang::{Lang, tr, use_lang};
use crate::load::Load;
use crate::model::booking::{SavedBooking, SavedBookings, booking_carry_url};
use crate::model::format::local_minutes;
use crate::model::queue::{SavedNumber, SavedNumbers};
use crate::nav::{Route, use_navigate};
use crate::storage;

/// `/b/{reference}`.
#[component]
pub fn BookingPage(reference: String, hall: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let halls = Load::new(move || backend.halls(lang.locale()));
    let token = {
        let (reference, hall) = (reference.clone(), hall.clone());
        crate::hall::page_token(move || {
            storage::load::<SavedBookings>(SavedBookings::KEY)
                .unwrap_or_default()
                .find(&hall, &reference)
                .map(|b| b.token.clone())
        })
    };
    move || match (halls.get(), token.get()) {
        (None, _) | (_, None) => view! { <Loading/> }.into_any(),
        (Some(Err(error)), _) => {
            view! { <ApiErrorView error retry=move |_| halls.refetch()/> }.into_any()
        }
        (Some(Ok(list)), Some(token)) => {
            let found = list.into_iter().find(|h| hall.is_empty() || h.id == hall);
            match (found, token) {
                (Some(hall), Some(token)) => {
                    view! { <HeldBooking hall reference=reference.clone() token/> }.into_any()
                }
                _ => {
                    let title = reference.clone();
                    view! {
                        <PageHeading text=Signal::derive(move || lang.t_with(Key::BookingHeading, &[("reference", &title)]))/>
                        <p class="app-body">{tr(Key::BookingNotHere)}</p>
                    }
                    .into_any()
                }
            }
        }
    }
}

/// The state of a booking in words.
fn state_text(lang: Lang, booking: &Booking) -> String {
    let key = match booking.state {
        BookingState::Booked => Key::BookingStateBooked,
        BookingState::CheckedIn => Key::BookingStateCheckedIn,
        BookingState::Late => Key::BookingStateLate,
        BookingState::Cancelled => Key::BookingStateCancelled,
        BookingState::Closed => Key::BookingStateClosed,
        BookingState::Missed => Key::BookingStateMissed,
        BookingState::Unknown => Key::BookingStateUnknown,
    };
    lang.t(key).to_owned()
}

/// What the page asks of the booking.
#[derive(Debug, Clone, Copy)]
enum Asked {
    Read,
    Cancel,
}

#[component]
fn HeldBooking(hall: Hall, reference: String, token: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let navigate = use_navigate();
    let current = RwSignal::new(None::<Result<Booking, ApiError>>);
    let said = RwSignal::new(None::<String>);
    let held = StoredValue::new((hall.id.clone(), reference.clone(), token.clone()));
    let ask = {
        let backend = backend.clone();
        Callback::new(move |asked: Asked| {
            let backend = backend.clone();
            let (hall, reference, token) = held.get_value();
            spawn_local(async move {
                let locale = lang.locale_untracked();
                let answer = match asked {
                    Asked::Read => {
                        backend
                            .booking(locale, hall.clone(), reference.clone(), token.clone())
                            .await
                    }
                    Asked::Cancel => {
                        backend
                            .cancel_booking(locale, hall.clone(), reference.clone(), token.clone())
                            .await
                    }
                };
                let mut saved: SavedBookings =
                    storage::load(SavedBookings::KEY).unwrap_or_default();
                match &answer {
                    Ok(_) => saved.remember(SavedBooking {
                        hall,
                        reference,
                        token,
                    }),
                    Err(ApiError::Problem(p)) if p.status == 404 => saved.forget(&hall, &reference),
                    Err(error) if matches!(asked, Asked::Cancel) => {
                        said.try_set(Some(lang.t(refusal_key(error)).to_owned()));
                        return;
                    }
                    Err(_) => {}
                }
                storage::save(SavedBookings::KEY, &saved);
                said.try_set(None);
                current.try_set(Some(answer));
            });
        })
    };
    ask.run(Asked::Read);
    let check_in = {
        let (backend, navigate) = (backend.clone(), navigate.clone());
        Callback::new(move |()| {
            let (backend, navigate) = (backend.clone(), navigate.clone());
            let (hall, reference, token) = held.get_value();
            spawn_local(async move {
                let answer = backend
                    .check_in(
                        lang.locale_untracked(),
                        hall.clone(),
                        reference,
                        CheckInCredential::Booking(token.clone()),
                    )
                    .await;
                match answer {
                    Ok(number) => {
                        hold_number(&hall, &number.number, &token, &number.issued_at);
                        navigate(Route::Queue {
                            number: number.number,
                            hall,
                        });
                    }
                    Err(error) => {
                        said.try_set(Some(lang.t(refusal_key(&error)).to_owned()));
                    }
                }
            });
        })
    };
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let carry = booking_carry_url(&origin, &hall.id, &reference, &token);
    let title = reference.clone();
    let hall_for_view = StoredValue::new(hall.clone());
    view! {
        <PageHeading text=Signal::derive(move || lang.t_with(Key::BookingHeading, &[("reference", &title)]))/>
        <div role="alert" id="booking-said">
            {move || said.get().map(|text| view! { <p class="app-notice app-notice--error">{text}</p> })}
        </div>
        {move || match current.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(ApiError::Problem(p))) if p.status == 404 => view! {
                <p class="app-body">{tr(Key::BookingGone)}</p>
            }.into_any(),
            Some(Err(error)) => view! {
                <ApiErrorView error retry=move |_| ask.run(Asked::Read)/>
            }.into_any(),
            Some(Ok(booking)) => view! {
                <BookingView booking hall=hall_for_view.get_value() check_in cancel=Callback::new(move |()| ask.run(Asked::Cancel))/>
            }.into_any(),
        }}
        <section class="app-carry" aria-labelledby="carry-booking-title">
            <h2 id="carry-booking-title" class="app-heading-m">{tr(Key::BookingCarryTitle)}</h2>
            <p class="app-body">{tr(Key::BookingCarryBody)}</p>
            <QrImage payload=carry label=Signal::derive(move || lang.t(Key::BookingCarryLabel).to_owned()) class="app-qr--carry"/>
        </section>
        <p class="app-body"><a href=format!("/hall/{}", hall.id)>{tr(Key::QueueHallLink)}</a></p>
    }
}

/// Keeps a booking's queue number on this device, under the booking's token.
fn hold_number(hall: &str, number: &str, token: &str, issued_at: &str) {
    let mut saved: SavedNumbers = storage::load(SavedNumbers::KEY).unwrap_or_default();
    saved.remember(SavedNumber {
        hall: hall.to_owned(),
        number: number.to_owned(),
        token: token.to_owned(),
        issued_at: issued_at.to_owned(),
    });
    storage::save(SavedNumbers::KEY, &saved);
}

/// What a refused check-in or cancellation says.
fn refusal_key(error: &ApiError) -> Key {
    match error {
        ApiError::Problem(p) if p.code == ErrorCode::CheckInNotAllowed => Key::BookingCheckInNotYet,
        ApiError::Problem(p) if p.code == ErrorCode::CancelNotAllowed => Key::BookingCancelTooLate,
        other => api_error_key(other),
    }
}

/// The booking, and what its holder can do now.
#[component]
fn BookingView(
    booking: Booking,
    hall: Hall,
    check_in: Callback<()>,
    cancel: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let line = hall
        .lines
        .iter()
        .find(|l| l.code == booking.line)
        .map(crate::model::hall::line_label)
        .unwrap_or_else(|| booking.line.clone());
    let when = format!("{} {}–{}", booking.date, booking.starts, booking.ends);
    let window = lang.t_with(
        Key::BookingCheckInWindow,
        &[
            ("from", &local_minutes(&booking.check_in_from)),
            ("until", &local_minutes(&booking.check_in_until)),
        ],
    );
    let state = state_text(lang, &booking);
    let number = booking.number.clone();
    let open = booking.state == BookingState::Booked;
    // Past its window a booking may still be checked in on its day, joining the walk-ins
    // (the server refuses it on another day).
    let late = booking.state == BookingState::Missed;
    let cancel_until = local_minutes(&booking.cancel_until);
    let hall_id = hall.id.clone();
    view! {
        <div class="app-panel" id="booking">
            <p class="app-queue__number" aria-hidden="true">{booking.reference.clone()}</p>
            <dl class="app-summary-list">
                <div class="app-summary-list__row">
                    <dt class="app-summary-list__key">{tr(Key::HallLine)}</dt>
                    <dd>{line}</dd>
                </div>
                <div class="app-summary-list__row">
                    <dt class="app-summary-list__key">{tr(Key::BookingWhen)}</dt>
                    <dd id="booking-when">{when}</dd>
                </div>
                <div class="app-summary-list__row">
                    <dt class="app-summary-list__key">{tr(Key::QueueState)}</dt>
                    <dd id="booking-state">{state}</dd>
                </div>
                <div class="app-summary-list__row">
                    <dt class="app-summary-list__key">{tr(Key::BookingPhone)}</dt>
                    <dd>{lang.t_with(Key::BookingPhoneEnding, &[("ending", &booking.phone_ending)])}</dd>
                </div>
            </dl>
            {open.then(|| view! { <p class="app-body" id="booking-window">{window}</p> })}
        </div>
        {number.map(|number| {
            let href = crate::model::queue::queue_path(&hall_id, &number);
            view! { <p class="app-body"><a href=href id="booking-number">{lang.t_with(Key::BookingNumberLink, &[("number", &number)])}</a></p> }
        })}
        {late.then(|| view! { <p class="app-body">{tr(Key::BookingLateHint)}</p> })}
        {(open || late).then(|| view! {
            <button type="button" class="app-button" id="booking-check-in" on:click=move |_| check_in.run(())>
                {tr(Key::BookingCheckIn)}
            </button>
        })}
        {open.then(|| view! {
            <p class="app-hint">{move || lang.t_with(Key::BookingCancelUntil, &[("until", &cancel_until)])}</p>
            <crate::hall::CancelStep texts=crate::hall::CancelTexts { start: Key::BookingCancel, ask: Key::BookingCancelAsk, yes: Key::BookingCancelYes }
                ask_id="booking-cancel-ask" confirmed=cancel/>
        })}
    }
}
