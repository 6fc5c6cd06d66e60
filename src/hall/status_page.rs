//! `/hall/{id}`: whether the hall is open and its hours, each line's queue (waiting, now
//! serving, windows, the wait a new number faces) and the latest calls, kept live.

use banshi_contract::Hall;
use leptos::prelude::*;

use crate::api::{Backend, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::model::format::local_minutes;
use crate::model::hall::{is_newer, line_wait, window_name, windows_for};
use crate::model::queue::{SavedNumbers, queue_path};

/// The weekdays' names, Monday first.
pub const WEEKDAYS: [Key; 7] = [
    Key::HallWeekday1,
    Key::HallWeekday2,
    Key::HallWeekday3,
    Key::HallWeekday4,
    Key::HallWeekday5,
    Key::HallWeekday6,
    Key::HallWeekday7,
];

/// `/hall` (`id` empty: the backend's first hall) and `/hall/{id}`.
#[component]
pub fn HallPage(id: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let halls = Load::new(move || backend.halls(lang.locale()));
    let wanted = id.clone();
    let hall_of = move |halls: &[Hall]| -> Option<Hall> {
        halls
            .iter()
            .find(|h| wanted.is_empty() || h.id == wanted)
            .cloned()
    };
    move || match halls.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => {
            view! { <ApiErrorView error retry=move |_| halls.refetch()/> }.into_any()
        }
        Some(Ok(list)) => match hall_of(&list) {
            Some(hall) => view! { <LiveHall hall/> }.into_any(),
            None => view! { <crate::pages::NotFoundPage/> }.into_any(),
        },
    }
}

/// One hall, kept up to date.
#[component]
fn LiveHall(hall: Hall) -> impl IntoView {
    let shown = RwSignal::new(hall.clone());
    let streaming = RwSignal::new(false);
    let id = hall.id.clone();
    let apply = move |fresh: Hall| {
        if shown.try_with_untracked(|now| is_newer(Some(now), &fresh)) == Some(true) {
            shown.try_set(fresh);
        }
    };
    // Live: the hall's stream, connected again whenever it ends; an effect, so that it runs
    // in the browser only, and again when the language changes.
    super::live::follow_hall(id, streaming, apply);
    let name = hall.name.clone();
    let hall_id = hall.id.clone();
    view! {
        <PageHeading text=Signal::derive(move || name.clone())/>
        <p class="app-lead">{hall.address.clone()}</p>
        <HeldNumbers hall=hall_id/>
        {move || view! { <HallBody hall=shown.get() streaming=streaming.get()/> }}
        <super::take_form::TakeNumberForm hall=hall.clone()/>
        <BookLink hall=hall.id.clone()/>
        <super::busy::BusyHoursSection hall=hall.id/>
    }
}

/// Booking a time instead of queuing, and the bookings of this hall held on this device
/// (read after the first render).
#[component]
fn BookLink(hall: String) -> impl IntoView {
    let held = RwSignal::new(Vec::<String>::new());
    let id = hall.clone();
    Effect::new(move |_| {
        let saved: crate::model::booking::SavedBookings =
            crate::storage::load(crate::model::booking::SavedBookings::KEY).unwrap_or_default();
        held.set(
            saved
                .0
                .into_iter()
                .filter(|b| b.hall == id)
                .map(|b| b.reference)
                .collect(),
        );
    });
    let href = format!("/book/{hall}");
    view! {
        <section class="app-section" aria-labelledby="book-link-title" id="book">
            <h2 class="app-heading-l" id="book-link-title">{tr(Key::BookLink)}</h2>
            <p class="app-body">{tr(Key::BookLinkHint)}</p>
            <p class="app-body"><a class="app-button app-button--secondary" href=href>{tr(Key::BookLink)}</a></p>
            {move || {
                let references = held.get();
                (!references.is_empty()).then(|| view! {
                    <ul class="app-list" id="held-bookings">
                        {references.into_iter().map(|r| view! {
                            <li><a href=crate::model::booking::booking_path(&hall, &r)>{r.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                })
            }}
        </section>
    }
}

/// The numbers of this hall held on this device, each a link to its page (read after the
/// first render: the server knows nothing of this device).
#[component]
fn HeldNumbers(hall: String) -> impl IntoView {
    let held = RwSignal::new(Vec::<String>::new());
    let id = hall.clone();
    Effect::new(move |_| {
        let saved: SavedNumbers = crate::storage::load(SavedNumbers::KEY).unwrap_or_default();
        held.set(
            saved
                .0
                .into_iter()
                .filter(|n| n.hall == id)
                .map(|n| n.number)
                .collect(),
        );
    });
    move || {
        let numbers = held.get();
        (!numbers.is_empty()).then(|| {
            view! {
                <section class="app-inset" aria-labelledby="held-title">
                    <h2 class="app-heading-m" id="held-title">{tr(Key::QueueHeldTitle)}</h2>
                    <ul class="app-list">
                        {numbers.into_iter().map(|n| view! {
                            <li><a href=queue_path(&hall, &n)>{n.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

#[component]
fn HallBody(hall: Hall, streaming: bool) -> impl IntoView {
    let lang = use_lang();
    let open_key = if hall.open_now {
        Key::HallOpenNow
    } else {
        Key::HallClosedNow
    };
    let open_class = if hall.open_now {
        "app-tag app-tag--open"
    } else {
        "app-tag"
    };
    let at = local_minutes(&hall.updated_at);
    let hours = hall
        .opening
        .iter()
        .map(|h| {
            let day = WEEKDAYS
                .get(usize::from(h.weekday).wrapping_sub(1))
                .copied();
            view! {
                <div class="app-summary-list__row">
                    <dt class="app-summary-list__key">{day.map(tr)}</dt>
                    <dd>{format!("{}–{}", h.opens, h.closes)}</dd>
                </div>
            }
        })
        .collect_view();
    let lines = hall
        .lines
        .iter()
        .map(|line| {
            // The windows open for the line now; a paused one is named as paused.
            let windows: Vec<String> = windows_for(&hall, &line.code)
                .iter()
                .map(|w| {
                    if w.paused {
                        lang.t_with(Key::HallWindowPaused, &[("window", &w.name)])
                    } else {
                        w.name.clone()
                    }
                })
                .collect();
            let (low, high) = line_wait(line);
            let wait = move || {
                if low == high {
                    lang.t_with(Key::HallMinutes, &[("minutes", &low.to_string())])
                } else {
                    let (low, high) = (low.to_string(), high.to_string());
                    lang.t_with(Key::QueueWaitRange, &[("low", &low), ("high", &high)])
                }
            };
            let serving = line.now_serving.clone();
            view! {
                <tr>
                    <th scope="row">{crate::model::hall::line_label(line)}</th>
                    <td class="app-table__number">{line.waiting.to_string()}</td>
                    <td>{serving.unwrap_or_else(|| lang.t(Key::HallNone).to_owned())}</td>
                    <td>{move || windows.join(lang.t(Key::HallListSeparator))}</td>
                    <td>{wait}</td>
                </tr>
            }
        })
        .collect_view();
    let calls = hall
        .calls
        .iter()
        .map(|call| {
            let (number, window) = (
                call.number.clone(),
                call.window.map(|w| window_name(&hall, w)).unwrap_or_default(),
            );
            view! {
                <li>{move || lang.t_with(Key::HallCall, &[("number", &number), ("window", &window)])}
                    " " <span class="app-hint-inline">{local_minutes(&call.at)}</span></li>
            }
        })
        .collect_view();
    let no_calls = hall.calls.is_empty();
    view! {
        <p class="app-body" id="hall-open">
            <strong class=open_class>{tr(open_key)}</strong>
            " "
            <span class="app-hint-inline">{move || lang.t_with(Key::HallUpdated, &[("at", &at)])}</span>
            " "
            <span class="app-hint-inline">{tr(if streaming { Key::HallLive } else { Key::HallPolling })}</span>
        </p>
        <section class="app-section" aria-labelledby="hall-lines-title">
            <h2 class="app-heading-l" id="hall-lines-title">{tr(Key::HallLines)}</h2>
            <div class="app-table-scroll" role="region" aria-labelledby="hall-lines-title" tabindex="0">
                <table class="app-table" id="hall-lines">
                    <thead><tr>
                        <th scope="col">{tr(Key::HallLine)}</th>
                        <th scope="col">{tr(Key::HallWaiting)}</th>
                        <th scope="col">{tr(Key::HallNowServing)}</th>
                        <th scope="col">{tr(Key::HallWindows)}</th>
                        <th scope="col">{tr(Key::HallEstimate)}</th>
                    </tr></thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
        </section>
        <section class="app-section" aria-labelledby="hall-calls-title">
            <h2 class="app-heading-l" id="hall-calls-title">{tr(Key::HallCalls)}</h2>
            {if no_calls {
                view! { <p class="app-body">{tr(Key::HallNoCalls)}</p> }.into_any()
            } else {
                view! { <ol class="app-list" id="hall-calls">{calls}</ol> }.into_any()
            }}
        </section>
        <section class="app-section" aria-labelledby="hall-hours-title">
            <h2 class="app-heading-l" id="hall-hours-title">{tr(Key::HallHours)}</h2>
            <dl class="app-summary-list">{hours}</dl>
            <p class="app-hint">{tr(Key::HallHolidays)}</p>
        </section>
    }
}
