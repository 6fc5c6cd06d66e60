//! Closing the loop on a case: the rework a bad rating opened, with the form for its next
//! step (核实 → 整改 → 回访), a supervisor's ruling on the rating (申诉复核), and the
//! notifications sent to the citizen with their delivery.

use banshi_contract::{
    DeliveryState, FieldErrorCode, MessageKind, NotifyChannel, OutboundMessage, RatingRuling,
    RatingSubmission, ReworkAction, ReworkStage, ReworkStep, RulingKind, StaffCase,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::Backend;
use crate::components::score_key;
use crate::i18n::Key;
use crate::lang::{Lang, tr, use_lang};
use crate::model::format::local_minutes;

use super::case_page::{Actions, Drafts};
use super::form::{TextInput, error_for, item};

/// What the rework and ruling forms hold, kept across reloads of the case.
#[derive(Debug, Clone, Copy)]
pub struct ReworkDrafts {
    note: RwSignal<String>,
    satisfaction: RwSignal<String>,
    ruling: RwSignal<String>,
    reason: RwSignal<String>,
}

impl ReworkDrafts {
    /// Empty fields.
    pub fn new() -> ReworkDrafts {
        ReworkDrafts {
            note: RwSignal::new(String::new()),
            satisfaction: RwSignal::new(String::new()),
            ruling: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
        }
    }
}

/// The label of a rework stage.
pub fn stage_key(stage: ReworkStage) -> Key {
    match stage {
        ReworkStage::Verifying => Key::StaffReworkStageVerifying,
        ReworkStage::Fixing => Key::StaffReworkStageFixing,
        ReworkStage::CallBack => Key::StaffReworkStageCallBack,
        ReworkStage::Closed | ReworkStage::Unknown => Key::StaffReworkStageClosed,
    }
}

/// The label of a ruling.
pub fn ruling_key(ruling: RulingKind) -> Key {
    match ruling {
        RulingKind::Malicious => Key::StaffRulingMalicious,
        RulingKind::Mistaken | RulingKind::Unknown => Key::StaffRulingMistaken,
    }
}

/// The rework of the case, its next step, the ruling and the messages.
#[component]
pub fn ReworkSection<B: Backend + Clone + 'static>(
    case: StaffCase,
    drafts: Drafts,
    actions: Actions<B>,
    supervisor: bool,
) -> impl IntoView {
    let bad = case
        .rating
        .as_ref()
        .is_some_and(|r| r.score <= RatingSubmission::UNSATISFACTORY_AT_MOST);
    let can_rule = supervisor && bad && case.ruling.is_none();
    view! {
        {case.rework.clone().map(|rework| {
            let lang = use_lang();
            let due = local_minutes(&rework.due_at);
            let stage = rework.stage;
            view! {
                <h2 class="app-heading-m" id="case-rework">{tr(Key::StaffReworkHeading)}</h2>
                <dl class="app-summary-list">
                    <div class="app-summary-list__row">
                        <dt class="app-summary-list__key">{tr(Key::StaffReworkStage)}</dt>
                        <dd class="app-summary-list__value">
                            {tr(stage_key(stage))}
                            {rework.overdue.then(|| view! { " " <span class="app-due app-due--overdue">{tr(Key::StaffReworkOverdue)}</span> })}
                        </dd>
                    </div>
                    <div class="app-summary-list__row">
                        <dt class="app-summary-list__key">{tr(Key::StaffReworkDue)}</dt>
                        <dd class="app-summary-list__value">{due}</dd>
                    </div>
                    {rework.officer.clone().map(|o| view! {
                        <div class="app-summary-list__row">
                            <dt class="app-summary-list__key">{tr(Key::StaffReworkOfficer)}</dt>
                            <dd class="app-summary-list__value">{o}</dd>
                        </div>
                    })}
                    {rework.finding.clone().map(|f| view! {
                        <div class="app-summary-list__row">
                            <dt class="app-summary-list__key">{tr(Key::StaffReworkFinding)}</dt>
                            <dd class="app-summary-list__value app-prewrap">{f}</dd>
                        </div>
                    })}
                    {rework.result.clone().map(|r| view! {
                        <div class="app-summary-list__row">
                            <dt class="app-summary-list__key">{tr(Key::StaffReworkResult)}</dt>
                            <dd class="app-summary-list__value app-prewrap">{r}</dd>
                        </div>
                    })}
                    {rework.satisfaction.map(|s| view! {
                        <div class="app-summary-list__row">
                            <dt class="app-summary-list__key">{tr(Key::StaffReworkSatisfaction)}</dt>
                            <dd class="app-summary-list__value">{move || lang.t(score_key(s))}</dd>
                        </div>
                    })}
                </dl>
                {(case.ruling.is_none() && stage != ReworkStage::Closed).then(|| view! {
                    <ReworkStepForm stage version=case.version drafts actions=actions.clone()/>
                })}
            }
        })}
        {case.ruling.clone().map(|ruling| {
            let lang = use_lang();
            let by = ruling.by.clone().unwrap_or_default();
            view! {
                <p class="app-inset" id="case-ruling">
                    {move || lang.t_with(Key::StaffRulingRecorded, &[("ruling", lang.t(ruling_key(ruling.ruling))), ("by", &by)])}
                    <br/>{ruling.reason.clone()}
                </p>
            }
        })}
        {can_rule.then(|| view! { <RulingForm drafts actions=actions.clone()/> })}
        <Messages notify=case.notify messages=case.messages.clone()/>
    }
}

/// The form for the rework's next step.
#[component]
fn ReworkStepForm<B: Backend + Clone + 'static>(
    stage: ReworkStage,
    version: u64,
    drafts: Drafts,
    actions: Actions<B>,
) -> impl IntoView {
    let lang = use_lang();
    let rework = drafts.rework;
    let (action, label, submit) = match stage {
        ReworkStage::Verifying => (
            ReworkAction::Verified,
            Key::StaffReworkFindingLabel,
            Key::StaffReworkVerify,
        ),
        ReworkStage::Fixing => (
            ReworkAction::Fixed,
            Key::StaffReworkResultLabel,
            Key::StaffReworkFix,
        ),
        _ => (
            ReworkAction::CalledBack,
            Key::StaffReworkCallNote,
            Key::StaffReworkCallBack,
        ),
    };
    let calling = action == ReworkAction::CalledBack;
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let note = rework.note.get_untracked().trim().to_owned();
        let satisfaction = rework.satisfaction.get_untracked().parse::<u8>().ok();
        let mut problems = Vec::new();
        if !calling && note.is_empty() {
            problems.push(item(
                lang,
                "rework-note",
                "note",
                label,
                FieldErrorCode::Required,
            ));
        }
        if calling && satisfaction.is_none() {
            problems.push(item(
                lang,
                "rework-satisfaction",
                "satisfaction",
                Key::StaffReworkSatisfaction,
                FieldErrorCode::Required,
            ));
        }
        if !problems.is_empty() {
            drafts.done.set(None);
            drafts.items.set(problems);
            return;
        }
        let body = ReworkStep {
            action,
            note,
            satisfaction: satisfaction.filter(|_| calling),
            version: Some(version),
        };
        let pending =
            actions
                .backend
                .rework_step(lang.locale_untracked(), actions.ticket.clone(), body);
        let settle = actions.settle.clone();
        spawn_local(async move {
            let done = settle(
                pending.await,
                &[
                    ("note", "rework-note"),
                    ("satisfaction", "rework-satisfaction"),
                ],
                lang.t(Key::StaffReworkDone).to_owned(),
            );
            if done {
                rework.note.set(String::new());
                rework.satisfaction.set(String::new());
            }
        });
    };
    let satisfaction_error = error_for(drafts.items, "rework-satisfaction");
    view! {
        <form class="app-form" novalidate on:submit=on_submit>
            {calling.then(|| view! {
                <div class=move || if satisfaction_error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                    <label class="app-label" for="rework-satisfaction">{tr(Key::StaffReworkSatisfaction)}</label>
                    {move || satisfaction_error.get().map(|m| view! { <p class="app-error-message" id="rework-satisfaction-error">{m}</p> })}
                    <select class="app-input" id="rework-satisfaction"
                        aria-describedby=move || satisfaction_error.get().is_some().then_some("rework-satisfaction-error")
                        on:change=move |e| rework.satisfaction.set(event_target_value(&e))>
                        <option value="" selected=move || rework.satisfaction.get().is_empty()>{tr(Key::StaffReworkChoose)}</option>
                        {(1..=5u8).rev().map(|s| {
                            let value = s.to_string();
                            let selected = { let value = value.clone(); move || rework.satisfaction.get() == value };
                            view! { <option value=value selected=selected>{move || lang.t(score_key(s))}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            <TextInput id="rework-note" label=label value=rework.note error=error_for(drafts.items, "rework-note")/>
            <button type="submit" class="app-button">{tr(submit)}</button>
        </form>
    }
}

/// A supervisor rules the bad rating mistaken or malicious; it stays, out of the figures.
#[component]
fn RulingForm<B: Backend + Clone + 'static>(drafts: Drafts, actions: Actions<B>) -> impl IntoView {
    let lang = use_lang();
    let rework = drafts.rework;
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let ruling = match rework.ruling.get_untracked().as_str() {
            "mistaken" => Some(RulingKind::Mistaken),
            "malicious" => Some(RulingKind::Malicious),
            _ => None,
        };
        let reason = rework.reason.get_untracked().trim().to_owned();
        let mut problems = Vec::new();
        if ruling.is_none() {
            problems.push(item(
                lang,
                "ruling-mistaken",
                "ruling",
                Key::StaffRulingQuestion,
                FieldErrorCode::Required,
            ));
        }
        if reason.is_empty() {
            problems.push(item(
                lang,
                "ruling-reason",
                "reason",
                Key::StaffRulingReason,
                FieldErrorCode::Required,
            ));
        }
        let Some(ruling) = ruling.filter(|_| problems.is_empty()) else {
            drafts.done.set(None);
            drafts.items.set(problems);
            return;
        };
        let pending = actions.backend.rule_rating(
            lang.locale_untracked(),
            actions.ticket.clone(),
            RatingRuling { ruling, reason },
        );
        let settle = actions.settle.clone();
        spawn_local(async move {
            if settle(
                pending.await,
                &[("ruling", "ruling-mistaken"), ("reason", "ruling-reason")],
                lang.t(Key::StaffRulingDone).to_owned(),
            ) {
                rework.reason.set(String::new());
            }
        });
    };
    let ruling_error = error_for(drafts.items, "ruling-mistaken");
    let choice = move |value: &'static str, key: Key| {
        let id = format!("ruling-{value}");
        view! {
            <div class="app-choice">
                <input class="app-choice__input" type="radio" name="ruling" id=id.clone() value=value
                    prop:checked=move || rework.ruling.get() == value
                    on:change=move |_| rework.ruling.set(value.to_owned())/>
                <label class="app-choice__label" for=id>{move || lang.t(key)}</label>
            </div>
        }
    };
    view! {
        <h2 class="app-heading-m">{tr(Key::StaffRulingHeading)}</h2>
        <p class="app-hint">{tr(Key::StaffRulingHint)}</p>
        <form class="app-form" novalidate on:submit=on_submit>
            <div class=move || if ruling_error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                <fieldset class="app-fieldset">
                    <legend class="app-label">{tr(Key::StaffRulingQuestion)}</legend>
                    {move || ruling_error.get().map(|m| view! { <p class="app-error-message">{m}</p> })}
                    {choice("mistaken", Key::StaffRulingMistaken)}
                    {choice("malicious", Key::StaffRulingMalicious)}
                </fieldset>
            </div>
            <TextInput id="ruling-reason" label=Key::StaffRulingReason value=rework.reason error=error_for(drafts.items, "ruling-reason")/>
            <button type="submit" class="app-button app-button--secondary">{tr(Key::StaffRulingSubmit)}</button>
        </form>
    }
}

fn message_kind_key(kind: MessageKind) -> Key {
    match kind {
        MessageKind::NeedsInfo => Key::StaffMessageNeedsInfo,
        MessageKind::ReworkResult => Key::StaffMessageReworkResult,
        MessageKind::Status | MessageKind::Unknown => Key::StaffMessageStatus,
    }
}

fn delivery(lang: Lang, message: &OutboundMessage) -> String {
    match message.state {
        DeliveryState::Sent => lang.t_with(
            Key::StaffMessageSent,
            &[(
                "at",
                &message
                    .sent_at
                    .as_deref()
                    .map(local_minutes)
                    .unwrap_or_default(),
            )],
        ),
        DeliveryState::Failed => lang.t(Key::StaffMessageFailed).to_owned(),
        DeliveryState::Pending | DeliveryState::Unknown => lang.t_with(
            Key::StaffMessagePending,
            &[
                ("attempts", &message.attempts.to_string()),
                (
                    "at",
                    &message
                        .next_attempt_at
                        .as_deref()
                        .map(local_minutes)
                        .unwrap_or_default(),
                ),
            ],
        ),
    }
}

/// The notifications sent to the citizen, and how each was delivered.
#[component]
fn Messages(notify: Option<NotifyChannel>, messages: Vec<OutboundMessage>) -> impl IntoView {
    let lang = use_lang();
    let chosen = match notify {
        Some(NotifyChannel::Email) => Key::StaffMessagesByEmail,
        Some(NotifyChannel::Sms) => Key::StaffMessagesBySms,
        _ => Key::StaffMessagesNone,
    };
    view! {
        <h2 class="app-heading-m">{tr(Key::StaffMessagesHeading)}</h2>
        <p class="app-body">{tr(chosen)}</p>
        {(!messages.is_empty()).then(|| view! {
            <table class="app-table" id="case-messages">
                <thead><tr>
                    <th scope="col">{tr(Key::StaffMessagesWhat)}</th>
                    <th scope="col">{tr(Key::StaffMessagesTo)}</th>
                    <th scope="col">{tr(Key::StaffMessagesQueued)}</th>
                    <th scope="col">{tr(Key::StaffMessagesDelivery)}</th>
                </tr></thead>
                <tbody>
                    {messages.into_iter().map(|m| {
                        let state = delivery(lang, &m);
                        view! {
                            <tr>
                                <td>{tr(message_kind_key(m.kind))}</td>
                                <td>{m.to.clone()}</td>
                                <td>{local_minutes(&m.queued_at)}</td>
                                <td>{state} {m.last_error.clone().map(|e| view! { <br/><span class="app-hint">{e}</span> })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}
