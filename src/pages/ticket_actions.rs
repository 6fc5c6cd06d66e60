//! What a citizen does to a filed ticket with a reason, each behind a confirmation step and
//! with the reason kept on the device until it is sent: withdrawing it, and sending a result
//! back to be done again (不满意发回重办).

use banshi_contract::{ErrorCode, SendBack, Ticket, Withdrawal};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, ApiFuture, Backend, use_backend};
use crate::components::{ErrorSummary, SummaryItem};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::citizen_text::{TextProblem, reason_problem};
use crate::model::format::{epoch_seconds, local_minutes};

/// The words and ids of one reason form.
#[derive(Debug, Clone, Copy)]
struct ReasonWords {
    /// Prefix of the element ids.
    id: &'static str,
    open: Key,
    reason: Key,
    confirm: Key,
    cancel: Key,
    required: Key,
    too_long: Key,
    /// Said when the backend refuses with `refused`.
    not_allowed: Key,
    refused: ErrorCode,
}

/// A button that opens a reason box with confirm and cancel buttons; `send` makes the call.
#[component]
fn ReasonForm<F>(
    words: ReasonWords,
    hint_id: &'static str,
    storage_key: String,
    max: usize,
    send: F,
    on_changed: Callback<Ticket>,
) -> impl IntoView
where
    F: Fn(String) -> ApiFuture<Ticket> + Clone + Send + Sync + 'static,
{
    let lang = use_lang();
    let reason = RwSignal::new(crate::storage::load::<String>(&storage_key).unwrap_or_default());
    // A reason typed before a reload reopens the form.
    let open = RwSignal::new(!reason.get_untracked().is_empty());
    let items = RwSignal::new(Vec::<SummaryItem>::new());
    let (field_id, open_id, error_id) = (
        format!("{}-reason", words.id),
        format!("{}-open", words.id),
        format!("{}-reason-error", words.id),
    );
    let on_submit = {
        let (key, field_id) = (storage_key.clone(), field_id.clone());
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let typed = reason.get_untracked();
            let problem = reason_problem(&typed, max).map(|p| match p {
                TextProblem::Blank => words.required,
                TextProblem::TooLong => words.too_long,
            });
            if let Some(problem) = problem {
                items.set(vec![SummaryItem {
                    target: Some(field_id.clone()),
                    message: lang.t(problem).to_owned(),
                }]);
                return;
            }
            let pending = send(typed.trim().to_owned());
            let (key, field_id) = (key.clone(), field_id.clone());
            // The draft goes now: the ticket's stream may bring the change (and rebuild this
            // form, cancelling the call) before the answer does. It comes back if the call
            // fails while the form is still there.
            crate::storage::remove(&key);
            spawn_local(async move {
                match pending.await {
                    Ok(fresh) => on_changed.run(fresh),
                    // A form that is gone was rebuilt by the change itself: nothing to keep.
                    Err(_) if items.try_get_untracked().is_none() => {}
                    Err(error) => {
                        crate::storage::save(&key, &typed);
                        let message = match &error {
                            ApiError::Problem(p) if p.code == words.refused => {
                                lang.t(words.not_allowed).to_owned()
                            }
                            ApiError::Problem(p) if !p.errors.is_empty() => {
                                p.errors[0].message.clone()
                            }
                            other => lang
                                .t(crate::components::api_error_view::api_error_key(other))
                                .to_owned(),
                        };
                        items.try_set(vec![SummaryItem {
                            target: Some(field_id),
                            message,
                        }]);
                    }
                }
            });
        }
    };
    let error = move || items.get().into_iter().next().map(|s| s.message);
    move || {
        if open.get() {
            let (key, field_id, open_id, error_id) = (
                storage_key.clone(),
                field_id.clone(),
                open_id.clone(),
                error_id.clone(),
            );
            let described = {
                let error_id = error_id.clone();
                move || {
                    if error().is_some() {
                        format!("{hint_id} {error_id}")
                    } else {
                        hint_id.to_owned()
                    }
                }
            };
            view! {
                <ErrorSummary items/>
                <form class="app-form" novalidate on:submit=on_submit.clone()>
                    <div class=move || if error().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                        <label class="app-label" for=field_id.clone()>{tr(words.reason)}</label>
                        {move || error().map(|m| view! { <p class="app-error-message" id=error_id.clone()>{m}</p> })}
                        <textarea class="app-textarea" id=field_id.clone() name=field_id.clone() rows="3"
                            maxlength=max.to_string()
                            aria-describedby=described
                            aria-invalid=move || error().is_some().then_some("true")
                            prop:value=move || reason.get()
                            on:input=move |e| {
                                reason.set(event_target_value(&e));
                                crate::storage::save(&key, &reason.get_untracked());
                            }></textarea>
                    </div>
                    <button type="submit" class="app-button app-button--warning">{tr(words.confirm)}</button>
                    " "
                    <button type="button" class="app-button app-button--secondary" on:click=move |_| {
                        open.set(false);
                        items.set(Vec::new());
                        let open_id = open_id.clone();
                        request_animation_frame(move || crate::components::focus_field(&open_id));
                    }>{tr(words.cancel)}</button>
                </form>
            }
            .into_any()
        } else {
            let field_id = field_id.clone();
            view! {
                <button type="button" class="app-button app-button--secondary" id=open_id.clone() on:click=move |_| {
                    open.set(true);
                    let field_id = field_id.clone();
                    request_animation_frame(move || crate::components::focus_field(&field_id));
                }>{tr(words.open)}</button>
            }
            .into_any()
        }
    }
}

/// Withdrawing an unfinished request.
#[component]
pub fn WithdrawForm(number: String, code: String, on_changed: Callback<Ticket>) -> impl IntoView {
    let backend = use_backend();
    let lang = use_lang();
    let key = format!("withdraw.{number}");
    let send = move |reason: String| {
        backend.withdraw(
            lang.locale_untracked(),
            number.clone(),
            code.clone(),
            Withdrawal { reason },
        )
    };
    let words = ReasonWords {
        id: "withdraw",
        open: Key::TicketWithdrawOpen,
        reason: Key::TicketWithdrawReason,
        confirm: Key::TicketWithdrawConfirm,
        cancel: Key::TicketWithdrawCancel,
        required: Key::TicketWithdrawRequired,
        too_long: Key::TicketWithdrawTooLong,
        not_allowed: Key::TicketWithdrawNotAllowed,
        refused: ErrorCode::WithdrawalNotAllowed,
    };
    view! {
        <h2 class="app-heading-m">{tr(Key::TicketWithdrawTitle)}</h2>
        <p class="app-body" id="withdraw-hint">{tr(Key::TicketWithdrawHint)}</p>
        <ReasonForm words hint_id="withdraw-hint" storage_key=key max=Withdrawal::MAX_REASON send on_changed/>
    }
}

/// Sending a `completed` or `rejected` result back, while the backend allows it; once the
/// time has passed or the send-backs are used up, what the citizen can do instead.
#[component]
pub fn SendBackSection(
    ticket: Ticket,
    number: String,
    code: String,
    on_changed: Callback<Ticket>,
) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let Some(left) = ticket.send_backs_left else {
        return ().into_any();
    };
    let now = super::ticket_page::now_seconds();
    let until = ticket.send_back_until.clone();
    let open = until
        .as_deref()
        .and_then(epoch_seconds)
        .is_some_and(|end| end > now);
    let until_text = until.as_deref().map(local_minutes).unwrap_or_default();
    let left_text = left.to_string();
    let heading = view! { <h2 class="app-heading-m">{tr(Key::TicketSendBackTitle)}</h2> };
    if left == 0 {
        return view! { {heading} <p class="app-body">{tr(Key::TicketSendBackUsedUp)}</p> }
            .into_any();
    }
    if !open {
        return view! {
            {heading}
            <p class="app-body">{move || lang.t_with(Key::TicketSendBackClosed, &[("date", &until_text)])}</p>
        }
        .into_any();
    }
    let key = format!("send-back.{number}");
    let send = move |reason: String| {
        backend.send_back(
            lang.locale_untracked(),
            number.clone(),
            code.clone(),
            SendBack { reason },
        )
    };
    let words = ReasonWords {
        id: "send-back",
        open: Key::TicketSendBackOpen,
        reason: Key::TicketSendBackReason,
        confirm: Key::TicketSendBackConfirm,
        cancel: Key::TicketSendBackCancel,
        required: Key::TicketSendBackRequired,
        too_long: Key::TicketSendBackTooLong,
        not_allowed: Key::TicketSendBackNotAllowed,
        refused: ErrorCode::SendBackClosed,
    };
    view! {
        {heading}
        <p class="app-body" id="send-back-hint">
            {move || lang.t_with(Key::TicketSendBackHint, &[("date", &until_text), ("count", &left_text)])}
        </p>
        <ReasonForm words hint_id="send-back-hint" storage_key=key max=SendBack::MAX_REASON send on_changed/>
    }
    .into_any()
}
