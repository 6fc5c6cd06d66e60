//! `/q/{number}?hall={id}#token=…`: one queue number, live: how many are ahead and the
//! wait, the window once it is called; it speaks up (status message, vibration, a chime,
//! the tab's title) at three ahead and when called. Its holder can cancel it, come back
//! after missing the call, rate the visit once served, and carry it to a phone by QR code.
//! The token comes in the fragment (taken out of the address at once) or from the numbers
//! held on this device, and is never in a URL a server sees.

use banshi_contract::{Hall, QueueNumber, QueueNumberState, RatingSubmission};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Backend, NumberAction, use_backend};
use crate::components::api_error_view::api_error_key;
use crate::components::{ApiErrorView, Loading, PageHeading, QrImage, RatingTexts, ScoreForm};
use crate::i18n::Key;
use crate::lang::{Lang, tr, use_lang};
use crate::load::Load;
use crate::model::format::local_minutes;
use crate::model::hall::{number_wait, window_name};
use crate::model::queue::{Announcement, SavedNumber, SavedNumbers, announcement, carry_url};
use crate::storage;

/// `/q/{number}`.
#[component]
pub fn QueuePage(number: String, hall: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let halls = Load::new(move || backend.halls(lang.locale()));
    // The token: carried in the fragment, else held on this device (read in the browser).
    let token = {
        let (number, hall) = (number.clone(), hall.clone());
        super::page_token(move || {
            storage::load::<SavedNumbers>(SavedNumbers::KEY)
                .unwrap_or_default()
                .find(&hall, &number)
                .map(|n| n.token.clone())
        })
    };
    let wanted = hall.clone();
    move || match (halls.get(), token.get()) {
        (None, _) | (_, None) => view! { <Loading/> }.into_any(),
        (Some(Err(error)), _) => {
            view! { <ApiErrorView error retry=move |_| halls.refetch()/> }.into_any()
        }
        (Some(Ok(list)), Some(token)) => {
            let found = list
                .into_iter()
                .find(|h| wanted.is_empty() || h.id == wanted);
            match (found, token) {
                (Some(hall), Some(token)) => {
                    view! { <LiveNumber hall number=number.clone() token/> }.into_any()
                }
                (hall, _) => view! { <NumberNotHere number=number.clone() hall/> }.into_any(),
            }
        }
    }
}

/// A number this device does not hold (or that is over): how to get one.
#[component]
fn NumberNotHere(number: String, hall: Option<Hall>) -> impl IntoView {
    let lang = use_lang();
    let title = number.clone();
    let hall_href = hall.map_or_else(|| "/hall".to_owned(), |h| format!("/hall/{}", h.id));
    view! {
        <PageHeading text=Signal::derive(move || lang.t_with(Key::QueueHeading, &[("number", &title)]))/>
        <p class="app-body">{tr(Key::QueueNotHere)}</p>
        <p class="app-body"><a href=format!("{hall_href}#take")>{tr(Key::QueueTakeAnother)}</a></p>
    }
}

/// The message that goes with `said`.
fn announcement_text(lang: Lang, hall: &Hall, said: &Announcement) -> String {
    match said {
        Announcement::Near(ahead) => {
            lang.t_with(Key::QueueSayNear, &[("ahead", &ahead.to_string())])
        }
        Announcement::Called(window) => {
            let window = window.map(|w| window_name(hall, w)).unwrap_or_default();
            lang.t_with(Key::QueueSayCalled, &[("window", &window)])
        }
        Announcement::Missed => lang.t(Key::QueueSayMissed).to_owned(),
    }
}

#[component]
fn LiveNumber(hall: Hall, number: String, token: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let shown_hall = RwSignal::new(hall.clone());
    let current = RwSignal::new(None::<Result<QueueNumber, ApiError>>);
    let said = RwSignal::new(None::<String>);
    let streaming = RwSignal::new(false);
    let screen = Screen {
        hall: shown_hall,
        current,
        said,
    };
    let held = Held {
        hall: hall.id.clone(),
        number: number.clone(),
        token: token.clone(),
    };
    let heading = {
        let number = number.clone();
        Signal::derive(move || {
            let called_to = current.with(|c| match c {
                Some(Ok(n)) if n.state == QueueNumberState::Called => n.window,
                _ => None,
            });
            match called_to {
                Some(window) => {
                    let window = shown_hall.with(|h| window_name(h, window));
                    lang.t_with(
                        Key::QueueHeadingCalled,
                        &[("number", &number), ("window", &window)],
                    )
                }
                None => lang.t_with(Key::QueueHeading, &[("number", &number)]),
            }
        })
    };
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let carry = carry_url(&origin, &held.hall, &number, &token);
    let take_href = format!("/hall/{}#take", held.hall);
    // Every call about the number; each answer is shown as its new state.
    let change = {
        let held = held.clone();
        Callback::new(move |asked: Change| {
            let (backend, held) = (backend.clone(), held.clone());
            spawn_local(async move {
                let (locale, hall, number, token) = (
                    lang.locale_untracked(),
                    held.hall.clone(),
                    held.number.clone(),
                    held.token.clone(),
                );
                let answer = match asked {
                    Change::Read => backend.queue_number(locale, hall, number, token).await,
                    Change::Act(what) => {
                        backend
                            .number_action(locale, hall, number, token, what)
                            .await
                    }
                    Change::Rate(rating) => {
                        backend
                            .rate_visit(locale, hall, number, token, rating)
                            .await
                    }
                };
                screen.show(lang, &held, answer);
            });
        })
    };
    change.run(Change::Read);
    super::live::follow_hall(held.hall.clone(), streaming, move |fresh: Hall| {
        shown_hall.try_set(fresh);
        change.run(Change::Read);
    });
    let phase = Memo::new(move |_| {
        current.with(|c| match c {
            Some(Ok(number)) => Some((number.state, number.rating)),
            _ => None,
        })
    });
    let held_hall = held.hall.clone();
    let action = Callback::new(move |what: NumberAction| change.run(Change::Act(what)));
    let rate = Callback::new(move |rating: RatingSubmission| change.run(Change::Rate(rating)));
    view! {
        <PageHeading text=heading/>
        <div class="app-queue__said" role="status" id="queue-said">
            {move || said.get().map(|text| view! { <p class="app-panel app-panel--called">{text}</p> })}
        </div>
        {move || match current.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(ApiError::Problem(p))) if p.status == 404 => view! {
                <p class="app-body">{tr(Key::QueueGone)}</p>
                <p class="app-body"><a href=take_href.clone()>{tr(Key::QueueTakeAnother)}</a></p>
            }.into_any(),
            Some(Err(error)) => {
                let key = api_error_key(&error);
                view! { <p class="app-notice app-notice--error" role="alert">{tr(key)}</p> }.into_any()
            }
            Some(Ok(number)) => view! {
                <NumberView number hall=shown_hall.get() streaming=streaming.get()/>
            }.into_any(),
        }}
        // Built again only when the number's state or rating changes, not on every update of
        // the queue ahead, so that a focused button and an open confirmation stay as they are.
        {move || phase.get().map(|(state, rating)| view! {
            <NumberActions state rating action rate/>
        })}
        <p class="app-body"><a href=format!("/hall/{}", held_hall)>{tr(Key::QueueHallLink)}</a></p>
        <section class="app-carry" aria-labelledby="carry-number-title">
            <h2 id="carry-number-title" class="app-heading-m">{tr(Key::QueueCarryTitle)}</h2>
            <p class="app-body">{tr(Key::QueueCarryBody)}</p>
            <QrImage payload=carry label=Signal::derive(move || lang.t(Key::QueueCarryLabel).to_owned()) class="app-qr--carry"/>
            <crate::kiosk::PrintReceipt/>
        </section>
    }
}

/// What the page asks of the number.
#[derive(Debug, Clone)]
enum Change {
    /// Where it stands now.
    Read,
    /// Cancel it, or come back after missing the call.
    Act(NumberAction),
    /// Rate the visit.
    Rate(RatingSubmission),
}

/// The number this page is about, with the token that shows it is the holder's.
#[derive(Debug, Clone)]
struct Held {
    hall: String,
    number: String,
    token: String,
}

/// What the page shows of the number: its hall, the number as last read, and what was
/// last said about it.
#[derive(Debug, Clone, Copy)]
struct Screen {
    hall: RwSignal<Hall>,
    current: RwSignal<Option<Result<QueueNumber, ApiError>>>,
    said: RwSignal<Option<String>>,
}

impl Screen {
    /// Shows `fresh`: says what changed, keeps the number on this device (forgets it once
    /// it is gone), or shows why it could not be read.
    fn show(self, lang: Lang, held: &Held, fresh: Result<QueueNumber, ApiError>) {
        // An answer that arrives after the page has gone is dropped.
        let Some(shown_before) = self
            .current
            .try_with_untracked(|c| matches!(c, Some(Ok(_))))
        else {
            return;
        };
        let mut saved: SavedNumbers = storage::load(SavedNumbers::KEY).unwrap_or_default();
        match &fresh {
            Ok(number) => {
                let before = self
                    .current
                    .with_untracked(|c| c.as_ref().and_then(|c| c.as_ref().ok()).cloned());
                if let Some(news) = announcement(before.as_ref(), number) {
                    let text = self
                        .hall
                        .with_untracked(|h| announcement_text(lang, h, &news));
                    self.said.try_set(Some(text));
                    crate::browser::vibrate(&[300, 150, 300]);
                    crate::browser::chime();
                }
                if number.state.is_final() && number.state != QueueNumberState::Served {
                    saved.forget(&held.hall, &held.number);
                } else {
                    saved.remember(SavedNumber {
                        hall: held.hall.clone(),
                        number: number.number.clone(),
                        token: held.token.clone(),
                        issued_at: number.issued_at.clone(),
                    });
                }
                storage::save(SavedNumbers::KEY, &saved);
            }
            Err(ApiError::Problem(p)) if p.status == 404 => {
                saved.forget(&held.hall, &held.number);
                storage::save(SavedNumbers::KEY, &saved);
            }
            // A failed action or a lost connection keeps what is on screen.
            Err(error) if shown_before => {
                self.said
                    .try_set(Some(lang.t(api_error_key(error)).to_owned()));
                return;
            }
            Err(_) => {}
        }
        self.current.try_set(Some(fresh));
    }
}

/// Where the number stands.
#[component]
fn NumberView(number: QueueNumber, hall: Hall, streaming: bool) -> impl IntoView {
    let lang = use_lang();
    let line = hall
        .lines
        .iter()
        .find(|l| l.code == number.line)
        .map(crate::model::hall::line_label)
        .unwrap_or_else(|| number.line.clone());
    let state_text = match number.state {
        QueueNumberState::Called => {
            let window = number
                .window
                .map(|w| window_name(&hall, w))
                .unwrap_or_default();
            lang.t_with(Key::QueueStateCalled, &[("window", &window)])
        }
        QueueNumberState::Serving => lang.t(Key::QueueStateServing).to_owned(),
        QueueNumberState::Served => lang.t(Key::QueueStateServed).to_owned(),
        QueueNumberState::Missed => lang.t(Key::QueueStateMissed).to_owned(),
        QueueNumberState::Cancelled => lang.t(Key::QueueStateCancelled).to_owned(),
        _ => match number_wait(&number) {
            (low, high) if low == high => lang.t_with(
                Key::QueueStateWaiting,
                &[
                    ("ahead", &number.ahead.to_string()),
                    ("minutes", &low.to_string()),
                ],
            ),
            (low, high) => lang.t_with(
                Key::QueueStateWaitingRange,
                &[
                    ("ahead", &number.ahead.to_string()),
                    ("low", &low.to_string()),
                    ("high", &high.to_string()),
                ],
            ),
        },
    };
    // When the number's place and wait were last true (the hall's snapshot, from a backend
    // that does not say).
    let updated = local_minutes(number.updated_at.as_deref().unwrap_or(&hall.updated_at));
    view! {
        <div class="app-panel app-queue" id="queue-number">
            <p class="app-queue__number" aria-hidden="true">{number.number.clone()}</p>
            <dl class="app-summary-list">
                <div class="app-summary-list__row">
                    <dt class="app-summary-list__key">{tr(Key::HallLine)}</dt>
                    <dd>{line}</dd>
                </div>
                <div class="app-summary-list__row">
                    <dt class="app-summary-list__key">{tr(Key::QueueState)}</dt>
                    <dd id="queue-state">{state_text}</dd>
                </div>
            </dl>
            <p class="app-hint">
                {move || lang.t_with(Key::HallUpdated, &[("at", &updated)])} " "
                {tr(if streaming { Key::HallLive } else { Key::HallPolling })}
            </p>
        </div>
    }
}

/// What the holder of a number in `state`, rated `rating`, can do now.
#[component]
fn NumberActions(
    state: QueueNumberState,
    rating: Option<u8>,
    action: Callback<NumberAction>,
    rate: Callback<RatingSubmission>,
) -> impl IntoView {
    let lang = use_lang();
    let rate_now = state == QueueNumberState::Served && rating.is_none();
    view! {
        {state.is_queued().then(|| view! {
            <super::CancelStep texts=super::CancelTexts { start: Key::QueueCancel, ask: Key::QueueCancelAsk, yes: Key::QueueCancelYes }
                ask_id="cancel-ask" confirmed=move |()| action.run(NumberAction::Cancel)/>
        })}
        {(state == QueueNumberState::Missed).then(|| view! {
            <p class="app-body">{tr(Key::QueueMissedHint)}</p>
            <button type="button" class="app-button" on:click=move |_| action.run(NumberAction::Return)>
                {tr(Key::QueueReturn)}
            </button>
        })}
        {rate_now.then(|| view! { <RateVisit rate/> })}
        {rating.map(|score| view! {
            <p class="app-body" id="queue-rated">{move || lang.t_with(Key::RatingGiven, &[("score", lang.t(crate::components::score_key(score)))])}</p>
        })}
    }
}

/// The visit's 好差评, sent with the number's token.
#[component]
fn RateVisit(rate: Callback<RatingSubmission>) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let texts = RatingTexts {
        title: Key::QueueRateTitle,
        question: Key::RatingQuestion,
        submit: Key::RatingSubmit,
    };
    view! { <ScoreForm prefix="visit-" texts send=rate problem/> }
}
