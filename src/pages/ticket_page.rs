//! One ticket's progress: status, history, promised date and whether it is on time. It
//! follows the backend's event stream for the ticket, so a change shows within moments (or
//! polls while visible where the backend has no stream), and announces status changes; once
//! finished it can be rated (好差评).

use std::time::Duration;

use banshi_contract::{InfoReply, RatingSubmission, Ticket, TicketStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::ticket_actions::{SendBackSection, WithdrawForm};
use crate::api::{ApiError, Backend, TicketFetch, keep_streaming, use_backend};
use crate::components::{
    ApiErrorView, CarryTicket, ErrorSummary, Loading, PageHeading, RatingTexts, ReplyList,
    ScoreForm, SummaryItem, score_key,
};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::citizen_text::{TextProblem, reply_problems};
use crate::model::format::normalise_code;
use crate::model::format::{Timeliness, local_minutes, timeliness};
use crate::model::qr::CARRIED_CODE;
use crate::model::saved::SavedTicket;
use crate::my_tickets::use_my_tickets;

/// How often an open ticket is refreshed while visible, when no event stream is connected.
const REFRESH: Duration = Duration::from_secs(15);

/// The message key naming a status.
pub fn status_key(status: TicketStatus) -> Key {
    match status {
        TicketStatus::Received => Key::StatusReceived,
        TicketStatus::Accepted => Key::StatusAccepted,
        TicketStatus::InProgress => Key::StatusInProgress,
        TicketStatus::NeedsInfo => Key::StatusNeedsInfo,
        TicketStatus::Completed => Key::StatusCompleted,
        TicketStatus::Rejected => Key::StatusRejected,
        TicketStatus::Withdrawn => Key::StatusWithdrawn,
    }
}

pub(super) fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The access code carried in the address's fragment (`/track/{ticket}#code={code}`, from a
/// carry-it-home QR code), taken out of the address bar and history at once. Other fragments,
/// such as the skip link's `#main`, are left alone.
fn take_carried_code() -> Option<String> {
    let name = CARRIED_CODE.trim_end_matches('=');
    crate::browser::take_fragment_value(name)
        .map(|code| normalise_code(&code))
        .filter(|code| {
            !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// `/track/{ticket}`; the access code comes from a carry-it-home QR code or from this
/// device's remembered tickets. A carried ticket is remembered once it is found.
#[component]
pub fn TicketPage(ticket: String) -> impl IntoView {
    let number = StoredValue::new(ticket);
    let tickets = use_my_tickets();
    let carried = take_carried_code();
    let remembered = tickets.with_untracked(|t| t.code_for(&number.get_value()).map(str::to_owned));
    let remember = carried.is_some() && carried != remembered;
    match carried.or(remembered) {
        Some(code) => view! { <TicketView number=number.get_value() code remember/> }.into_any(),
        None => view! {
            <PageHeading text=Signal::derive(move || number.get_value())/>
            <p class="app-body">{tr(Key::TicketNeedCode)}</p>
            <p class="app-body"><a href="/track">{tr(Key::HomeTrackLink)}</a></p>
        }
        .into_any(),
    }
}

#[component]
fn TicketView(number: String, code: String, remember: bool) -> impl IntoView {
    let lang = use_lang();
    let tickets = use_my_tickets();
    let backend = use_backend();
    let ticket = RwSignal::new(None::<Ticket>);
    let etag = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let announcement = RwSignal::new(String::new());
    // A fresh view of the ticket: announce a new status, remember a carried ticket.
    let apply = {
        let code = code.clone();
        move |fresh: Ticket, tag: Option<String>| {
            let before = ticket
                .try_get_untracked()
                .flatten()
                .map(|t| (t.status, t.history.len()));
            match before {
                Some((status, _)) if status != fresh.status => {
                    announcement.try_set(lang.t_with(
                        Key::TicketStatusChanged,
                        &[("status", lang.t(status_key(fresh.status)))],
                    ));
                }
                Some((_, seen)) if fresh.history.len() > seen => {
                    announcement.try_set(lang.t(Key::TicketNewNote).to_owned());
                }
                _ => {}
            }
            if remember {
                tickets.update(|t| {
                    t.remember(SavedTicket {
                        ticket: fresh.ticket.clone(),
                        access_code: code.clone(),
                        service_name: fresh.service_name.clone(),
                        submitted_at: fresh.submitted_at.clone(),
                        expected_datetime: fresh.expected_datetime.clone(),
                    })
                });
            }
            ticket.try_set(Some(fresh));
            if tag.is_some() {
                etag.try_set(tag);
            }
            error.try_set(None);
        }
    };
    let stream_backend = backend.clone();
    let fetch = {
        let (number, code, apply) = (number.clone(), code.clone(), apply.clone());
        move |conditional: bool| {
            let apply = apply.clone();
            let (backend, number, code) = (backend.clone(), number.clone(), code.clone());
            let sent_etag = if conditional {
                etag.get_untracked()
            } else {
                None
            };
            spawn_local(async move {
                match backend
                    .ticket(lang.locale_untracked(), number, code.clone(), sent_etag)
                    .await
                {
                    Ok(TicketFetch::Fresh(fresh, tag)) => apply(*fresh, tag),
                    Ok(TicketFetch::Unchanged) => error.set(None),
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    // Load now and again whenever the language changes (the service name is localised).
    Effect::new({
        let fetch = fetch.clone();
        move |_| {
            let _ = lang.locale();
            fetch(false);
        }
    });
    // Live: the ticket's event stream, connected again whenever it ends.
    let streaming = RwSignal::new(false);
    {
        let (backend, number, code, apply) =
            (stream_backend, number.clone(), code.clone(), apply.clone());
        keep_streaming(streaming, move |locale, abort| {
            let apply = apply.clone();
            let on_ticket = Box::new(move |fresh: Ticket| {
                streaming.try_set(true);
                apply(fresh, None);
            });
            backend.watch_ticket(locale, number.clone(), code.clone(), abort, on_ticket)
        });
    }
    let poll = {
        let fetch = fetch.clone();
        set_interval_with_handle(
            move || {
                let open = ticket
                    .get_untracked()
                    .is_some_and(|t| t.status.open311() == banshi_contract::Open311Status::Open);
                if open && crate::browser::page_visible() && !streaming.get_untracked() {
                    fetch(true);
                }
            },
            REFRESH,
        )
        .ok()
    };
    // A citizen coming back to the tab sees the latest status at once.
    let on_return = window_event_listener(leptos::ev::visibilitychange, {
        let fetch = fetch.clone();
        move |_| {
            if crate::browser::page_visible() {
                fetch(true);
            }
        }
    });
    on_cleanup(move || {
        if let Some(handle) = poll {
            handle.clear();
        }
        on_return.remove();
    });
    let retry = Callback::new({
        let fetch = fetch.clone();
        move |_| fetch(false)
    });
    let heading = Signal::derive({
        let number = number.clone();
        move || lang.t_with(Key::TicketTitle, &[("ticket", &number)])
    });
    // A rating or a reply answers with the ticket: shown, and announced like any change.
    let on_changed = Callback::new(move |fresh: Ticket| apply(fresh, None));
    view! {
        <PageHeading text=heading/>
        <p class="app-visually-hidden" role="status" aria-live="polite">{move || announcement.get()}</p>
        {move || error.get().map(|error| view! { <ApiErrorView error retry/> })}
        {move || match ticket.get() {
            None => view! { <Loading/> }.into_any(),
            Some(t) => view! { <TicketDetails ticket=t number=number.clone() code=code.clone() on_changed/> }.into_any(),
        }}
    }
}

fn timeliness_key(t: Timeliness) -> Key {
    match t {
        Timeliness::Due => Key::TicketDue,
        Timeliness::DueSoon => Key::TicketDueSoon,
        Timeliness::Overdue => Key::TicketOverdue,
        Timeliness::OnTime => Key::TicketOnTime,
        Timeliness::Late => Key::TicketLate,
    }
}

/// The badge colour of a timeliness: yellow a working day before, red after.
fn due_modifier(t: Timeliness) -> &'static str {
    match t {
        Timeliness::DueSoon => "app-due--soon",
        Timeliness::Overdue | Timeliness::Late => "app-due--overdue",
        Timeliness::Due | Timeliness::OnTime => "app-due--on-time",
    }
}

#[component]
fn TicketDetails(
    ticket: Ticket,
    number: String,
    code: String,
    on_changed: Callback<Ticket>,
) -> impl IntoView {
    let lang = use_lang();
    let status = ticket.status;
    let on_time = timeliness(&ticket, now_seconds()).map(|t| (timeliness_key(t), due_modifier(t)));
    let expected = local_minutes(&ticket.expected_datetime);
    let submitted = local_minutes(&ticket.submitted_at);
    let carry = view! { <CarryTicket ticket=number.clone() access_code=code.clone()/> };
    let asked = missing_now(&ticket);
    // Help confirmed for a request for help, while it is still to come.
    let help = ticket
        .help
        .clone()
        .filter(|_| status.open311() == banshi_contract::Open311Status::Open);
    let card = crate::aids::CardText {
        ticket: true,
        lines: vec![number.clone(), ticket.service_name.clone()],
        status: Some(status_key(status)),
    };
    view! {
        <p class="app-lead" data-read>{ticket.service_name.clone()}</p>
        <crate::aids::PageAids card/>
        <dl class="app-summary-list" data-read>
            <div class="app-summary-list__row">
                <dt class="app-summary-list__key">{tr(Key::TicketStatus)}</dt>
                <dd class="app-summary-list__value"><strong class=format!("app-tag app-tag--{}", status.as_str())>{move || lang.t(status_key(status))}</strong></dd>
            </div>
            <div class="app-summary-list__row">
                <dt class="app-summary-list__key">{tr(Key::TicketSubmitted)}</dt>
                <dd class="app-summary-list__value">{submitted}</dd>
            </div>
            <div class="app-summary-list__row">
                <dt class="app-summary-list__key">{tr(Key::TicketExpected)}</dt>
                <dd class="app-summary-list__value">{expected} {on_time.map(|(k, modifier)| view! { " " <span class=format!("app-due {modifier}")>{move || lang.t(k)}</span> })}</dd>
            </div>
        </dl>
        {help.map(|help| {
            let at = local_minutes(&help.at);
            view! {
                <div class="app-inset" role="region" aria-labelledby="help-title" data-read>
                    <h2 class="app-heading-m" id="help-title">{tr(Key::TicketHelpHeading)}</h2>
                    <p class="app-body" id="help-text">{move || lang.t_with(Key::TicketHelpText, &[("helper", &help.helper), ("at", &at)])}</p>
                </div>
            }
        })}
        {asked.map(|items| view! {
            <div class="app-panel app-panel--notice" role="region" aria-labelledby="missing-title">
                <h2 class="app-heading-m" id="missing-title" data-read>{tr(Key::TicketMissingTitle)}</h2>
                <p class="app-body" data-read>{tr(Key::TicketMissingHint)}</p>
                {(!items.is_empty()).then(|| view! {
                    <ul class="app-list app-list--bullet" id="missing-items" data-read>
                        {items.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}
                    </ul>
                })}
                <ReplyForm number=number.clone() code=code.clone() asked=items on_changed/>
            </div>
        })}
        <h2 class="app-heading-l">{tr(Key::TicketHistory)}</h2>
        <ol class="app-timeline">
            {ticket.history.iter().rev().map(|h| {
                let s = h.status;
                view! {
                    <li class="app-timeline__item">
                        <h3 class="app-heading-s">{move || lang.t(status_key(s))}</h3>
                        <p class="app-hint">{local_minutes(&h.at)}</p>
                        {h.help.clone().map(|help| {
                            let at = local_minutes(&help.at);
                            view! { <p class="app-body">{move || lang.t_with(Key::TicketHistoryHelp, &[("helper", &help.helper), ("at", &at)])}</p> }
                        })}
                        {h.note.clone().map(|n| view! { <p class="app-body">{n}</p> })}
                        {(!h.missing.is_empty() && h.replies.is_empty()).then(|| view! {
                            <ul class="app-list app-list--bullet">
                                {h.missing.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}
                            </ul>
                        })}
                        {(!h.replies.is_empty()).then(|| view! { <ReplyList asked=h.missing.clone() replies=h.replies.clone()/> })}
                    </li>
                }
            }).collect_view()}
        </ol>
        {ticket.rating.clone().map(|r| view! {
            <p class="app-body">{move || lang.t_with(Key::RatingGiven, &[("score", lang.t(score_key(r.score)))])}</p>
        })}
        {status.can_move_to(TicketStatus::Withdrawn).then(|| view! {
            <WithdrawForm number=number.clone() code=code.clone() on_changed/>
        })}
        <SendBackSection ticket=ticket.clone() number=number.clone() code=code.clone() on_changed/>
        {ticket.rework.clone().map({
            let (number, code) = (number.clone(), code.clone());
            move |rework| view! { <ReworkPanel rework number code on_changed/> }
        })}
        <Show when=move || ticket.can_rate>
            <RatingForm number=number.clone() code=code.clone() on_rated=on_changed rework=false/>
        </Show>
        {carry}
    }
}

/// While a ticket waits for the citizen, what they were asked for, item by item (nothing
/// named: one answer in general).
fn missing_now(ticket: &Ticket) -> Option<Vec<String>> {
    (ticket.status == TicketStatus::NeedsInfo).then(|| {
        ticket
            .history
            .iter()
            .rev()
            .find(|h| h.status == TicketStatus::NeedsInfo)
            .map(|h| h.missing.clone())
            .unwrap_or_default()
    })
}

/// The citizen's answers to a request for information, one box per item, kept on the device
/// until they are sent.
#[component]
fn ReplyForm(
    number: String,
    code: String,
    asked: Vec<String>,
    on_changed: Callback<Ticket>,
) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let key = format!("reply.{number}");
    let count = asked.len().max(1);
    let answers = RwSignal::new({
        let mut kept: Vec<String> = crate::storage::load(&key).unwrap_or_default();
        kept.resize(count, String::new());
        kept
    });
    let items = RwSignal::new(Vec::<SummaryItem>::new());
    let label = {
        let asked = asked.clone();
        move |i: usize| {
            asked
                .get(i)
                .cloned()
                .unwrap_or_else(|| lang.t(Key::TicketReplyAnswer).to_owned())
        }
    };
    let on_submit = {
        let (label, key) = (label.clone(), key.clone());
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let typed = answers.get_untracked();
            let problems: Vec<SummaryItem> = reply_problems(&typed)
                .into_iter()
                .map(|(i, problem)| {
                    (
                        i,
                        match problem {
                            TextProblem::Blank => Key::TicketReplyRequired,
                            TextProblem::TooLong => Key::TicketReplyTooLong,
                        },
                    )
                })
                .map(|(i, k)| SummaryItem {
                    target: Some(format!("reply-{i}")),
                    message: lang.t_with(k, &[("item", &label(i))]),
                })
                .collect();
            if !problems.is_empty() {
                items.set(problems);
                return;
            }
            let body = InfoReply {
                answers: typed.iter().map(|a| a.trim().to_owned()).collect(),
            };
            let pending =
                backend.reply(lang.locale_untracked(), number.clone(), code.clone(), body);
            let key = key.clone();
            // The draft goes now: the ticket's stream may bring the change (and rebuild this
            // form, cancelling the call) before the answer does. It comes back if the call
            // fails while the form is still there.
            crate::storage::remove(&key);
            spawn_local(async move {
                let outcome = pending.await;
                // A form that is gone was rebuilt by the change itself: nothing to keep.
                if outcome.is_err() && items.try_get_untracked().is_some() {
                    crate::storage::save(&key, &typed);
                }
                match outcome {
                    Ok(fresh) => on_changed.run(fresh),
                    Err(ApiError::Problem(p)) if !p.errors.is_empty() => {
                        items.try_set(
                            p.errors
                                .iter()
                                .map(|e| SummaryItem {
                                    target: e
                                        .field
                                        .strip_prefix("answers.")
                                        .map(|i| format!("reply-{i}")),
                                    message: e.message.clone(),
                                })
                                .collect(),
                        );
                    }
                    Err(error) => {
                        let message = match &error {
                            ApiError::Problem(p)
                                if p.code == banshi_contract::ErrorCode::ReplyNotAllowed =>
                            {
                                lang.t(Key::TicketReplyNotAllowed)
                            }
                            other => {
                                lang.t(crate::components::api_error_view::api_error_key(other))
                            }
                        };
                        items.try_set(vec![SummaryItem {
                            target: None,
                            message: message.to_owned(),
                        }]);
                    }
                }
            });
        }
    };
    view! {
        <h3 class="app-heading-s">{tr(Key::TicketReplyTitle)}</h3>
        <p class="app-body" id="reply-hint">{tr(Key::TicketReplyHint)}</p>
        <ErrorSummary items/>
        <form class="app-form" novalidate on:submit=on_submit>
            {(0..count).map(|i| {
                let id = format!("reply-{i}");
                let error_id = format!("reply-{i}-error");
                let error = move || items.get().into_iter().find(|s| s.target.as_deref() == Some(format!("reply-{i}").as_str())).map(|s| s.message);
                let (has_error, invalid, described_error) = (error, error, error);
                let key = key.clone();
                view! {
                    <div class=move || if has_error().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                        <label class="app-label" for=id.clone()>{label(i)}</label>
                        {move || error().map(|m| view! { <p class="app-error-message" id=format!("reply-{i}-error")>{m}</p> })}
                        <textarea class="app-textarea" id=id name=format!("reply-{i}") rows="3"
                            maxlength=InfoReply::MAX_ANSWER.to_string()
                            aria-describedby=move || if described_error().is_some() { format!("reply-hint {error_id}") } else { "reply-hint".to_owned() }
                            aria-invalid=move || invalid().is_some().then_some("true")
                            prop:value=move || answers.with(|a| a.get(i).cloned().unwrap_or_default())
                            on:input=move |e| {
                                let text = event_target_value(&e);
                                answers.update(|a| if let Some(slot) = a.get_mut(i) { *slot = text; });
                                crate::storage::save(&key, &answers.get_untracked());
                            }></textarea>
                    </div>
                }
            }).collect_view()}
            <button type="submit" class="app-button">{tr(Key::TicketReplySend)}</button>
        </form>
    }
}

/// Where the rework a bad rating opened stands, its result, and the call-back rating.
#[component]
fn ReworkPanel(
    rework: banshi_contract::CitizenRework,
    number: String,
    code: String,
    on_changed: Callback<Ticket>,
) -> impl IntoView {
    use banshi_contract::ReworkStage;
    let lang = use_lang();
    let due = local_minutes(&rework.due_at);
    let fixed_at = rework
        .fixed_at
        .as_deref()
        .map(local_minutes)
        .unwrap_or_default();
    let state = match (&rework.result, rework.stage) {
        (Some(result), _) => {
            let result = result.clone();
            view! {
                <h3 class="app-heading-s">{move || lang.t_with(Key::ReworkResult, &[("at", &fixed_at)])}</h3>
                <p class="app-body" id="rework-result">{result}</p>
            }
            .into_any()
        }
        (None, ReworkStage::Verifying | ReworkStage::Fixing) => view! {
            <p class="app-body">{move || lang.t_with(Key::ReworkOpen, &[("due", &due)])}</p>
        }
        .into_any(),
        (None, _) => view! { <p class="app-body">{tr(Key::ReworkClosed)}</p> }.into_any(),
    };
    view! {
        <section class="app-inset" id="rework" aria-labelledby="rework-title">
            <h2 class="app-heading-m" id="rework-title">{tr(Key::ReworkTitle)}</h2>
            {state}
            {rework.satisfaction.map(|s| view! {
                <p class="app-body">{move || lang.t_with(Key::ReworkSatisfaction, &[("score", lang.t(score_key(s)))])}</p>
            })}
        </section>
        <Show when=move || rework.can_rate>
            <RatingForm number=number.clone() code=code.clone() on_rated=on_changed rework=true/>
        </Show>
    }
}

/// The 好差评 form of the ticket's service, or (`rework`) of the rework after a bad rating.
#[component]
fn RatingForm(
    number: String,
    code: String,
    on_rated: Callback<Ticket>,
    rework: bool,
) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let problem = RwSignal::new(None::<String>);
    let send = Callback::new(move |rating: RatingSubmission| {
        let (backend, number, code) = (backend.clone(), number.clone(), code.clone());
        spawn_local(async move {
            let locale = lang.locale_untracked();
            let answer = if rework {
                backend.rate_rework(locale, number, code, rating).await
            } else {
                backend.rate(locale, number, code, rating).await
            };
            match answer {
                Ok(ticket) => on_rated.run(ticket),
                Err(e) => problem.set(Some(
                    lang.t(crate::components::api_error_view::api_error_key(&e))
                        .to_owned(),
                )),
            }
        });
    });
    let texts = if rework {
        RatingTexts {
            title: Key::ReworkRateTitle,
            question: Key::ReworkRateQuestion,
            submit: Key::ReworkRateSubmit,
        }
    } else {
        RatingTexts {
            title: Key::RatingTitle,
            question: Key::RatingQuestion,
            submit: Key::RatingSubmit,
        }
    };
    let prefix = if rework { "rework-" } else { "" };
    view! { <ScoreForm prefix texts send problem/> }
}
