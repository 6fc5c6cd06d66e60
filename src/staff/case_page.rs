//! `/staff/tickets/{ticket}`: one case for an officer or supervisor: the applicant and
//! answers, the full history with internal notes, the status change (note templates in the
//! applicant's language, the missing items of `needs_info`), notes, assignment, a new access
//! code after an identity check and, in demo mode, the front desk's demonstration. A change
//! someone else made first (`409 case_changed`) reloads the case and keeps what was typed.

use banshi_contract::{
    AccessCodeReissue, Assignment, CaseEvent, CaseEventKind, CaseNote, Demonstration, ErrorCode,
    FieldErrorCode, Locale, NewAccessCode, StaffCase, StaffRole, StatusChange, TicketStatus,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Backend, use_backend};
use crate::components::{ApiErrorView, ErrorSummary, Loading, PageHeading, SummaryItem};
use crate::i18n::Key;
use crate::lang::{Lang, tr, use_lang};
use crate::model::format::local_minutes;
use crate::nav::Route;
use crate::pages::status_key;

use super::form::{ConfirmBox, item, problem_items, staff_error_key};
use super::frame::StaffFrame;
use super::inbox::due_badge;

/// Roles that handle cases.
pub(super) const CASE_HANDLERS: &[StaffRole] = &[StaffRole::Officer, StaffRole::Supervisor];

/// How often the page reads the case again while a demonstration plays.
const DEMONSTRATION_REFRESH: std::time::Duration = std::time::Duration::from_secs(2);

/// What is wrong with a status change before it is sent, as (input id, body member, error).
pub fn status_problems(
    status: Option<TicketStatus>,
    note: &str,
    missing: &[String],
) -> Vec<(String, &'static str, FieldErrorCode)> {
    let mut problems = Vec::new();
    let Some(status) = status else {
        problems.push(("move-to".to_owned(), "status", FieldErrorCode::Required));
        return problems;
    };
    if note.trim().chars().count() > StatusChange::MAX_NOTE {
        problems.push(("status-note".to_owned(), "note", FieldErrorCode::TooLong));
    }
    if status == TicketStatus::NeedsInfo {
        if missing.iter().all(|m| m.trim().is_empty()) {
            problems.push(("missing-0".to_owned(), "missing", FieldErrorCode::Required));
        }
        for (i, m) in missing.iter().enumerate() {
            if m.trim().chars().count() > StatusChange::MAX_MISSING_ITEM {
                problems.push((format!("missing-{i}"), "missing", FieldErrorCode::TooLong));
            }
        }
    }
    problems
}

/// The name of a locale in its own language.
fn language_key(locale: Locale) -> Key {
    match locale {
        Locale::ZhHans => Key::LanguageZhHans,
        Locale::ZhHant => Key::LanguageZhHant,
        Locale::En => Key::LanguageEn,
    }
}

/// Whether `error` says someone else changed the case first.
fn case_changed(error: &ApiError) -> bool {
    matches!(error, ApiError::Problem(p) if p.code == ErrorCode::CaseChanged)
}

/// `/staff/tickets/{ticket}`.
#[component]
pub fn StaffCasePage(ticket: String) -> impl IntoView {
    let lang = use_lang();
    let heading = ticket.clone();
    view! {
        <PageHeading text=Signal::derive(move || lang.t_with(Key::StaffCaseTitle, &[("ticket", &heading)]))/>
        <p class="app-body"><a class="app-link" href=Route::StaffHome.href()>{tr(Key::StaffCaseBack)}</a></p>
        <StaffFrame roles=CASE_HANDLERS page=move |session| view! { <Case ticket=ticket.clone() demo_mode=session.demo_mode supervisor=session.account.role == banshi_contract::StaffRole::Supervisor/> }/>
    }
}

/// What the forms hold; it outlives the case view, which is rebuilt after every change.
#[derive(Debug, Clone, Copy)]
pub(super) struct Drafts {
    move_to: RwSignal<Option<TicketStatus>>,
    status_note: RwSignal<String>,
    missing: RwSignal<Vec<String>>,
    note_text: RwSignal<String>,
    note_public: RwSignal<bool>,
    assignee: RwSignal<Option<String>>,
    identity_checked: RwSignal<bool>,
    pub(super) items: RwSignal<Vec<SummaryItem>>,
    pub(super) done: RwSignal<Option<String>>,
    new_code: RwSignal<Option<NewAccessCode>>,
    demonstrating: RwSignal<bool>,
    pub(super) help: super::case_help::HelpDrafts,
    pub(super) rework: super::case_rework::ReworkDrafts,
}

impl Drafts {
    fn new() -> Drafts {
        Drafts {
            move_to: RwSignal::new(None),
            status_note: RwSignal::new(String::new()),
            missing: RwSignal::new(vec![String::new()]),
            note_text: RwSignal::new(String::new()),
            note_public: RwSignal::new(false),
            assignee: RwSignal::new(None),
            identity_checked: RwSignal::new(false),
            items: RwSignal::new(Vec::new()),
            done: RwSignal::new(None),
            new_code: RwSignal::new(None),
            demonstrating: RwSignal::new(false),
            help: super::case_help::HelpDrafts::new(),
            rework: super::case_rework::ReworkDrafts::new(),
        }
    }
}

#[component]
fn Case(ticket: String, demo_mode: bool, supervisor: bool) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let case = RwSignal::new(None::<StaffCase>);
    let failed = RwSignal::new(None::<ApiError>);
    let drafts = Drafts::new();
    let load = {
        let (backend, ticket) = (backend.clone(), ticket.clone());
        move || {
            let (backend, ticket) = (backend.clone(), ticket.clone());
            spawn_local(async move {
                match backend.staff_case(lang.locale_untracked(), ticket).await {
                    Ok(fresh) => {
                        if drafts.assignee.get_untracked().is_none() {
                            drafts
                                .assignee
                                .set(Some(fresh.summary.assignee.clone().unwrap_or_default()));
                        }
                        case.set(Some(fresh));
                        failed.set(None);
                    }
                    Err(error) => failed.set(Some(error)),
                }
            });
        }
    };
    load();
    // The outcome of a change: the fresh case, or the problem; a case someone else changed
    // is read again, and the drafts stay as typed.
    let settle = {
        let load = load.clone();
        move |result: Result<StaffCase, ApiError>,
              targets: &'static [(&'static str, &'static str)],
              done: String| match result {
            Ok(fresh) => {
                case.set(Some(fresh));
                drafts.items.set(Vec::new());
                drafts.done.set(Some(done));
                true
            }
            Err(error) if case_changed(&error) => {
                drafts.done.set(None);
                drafts.items.set(vec![SummaryItem {
                    target: None,
                    message: lang.t(Key::StaffCaseChanged).to_owned(),
                }]);
                load();
                false
            }
            Err(error) => {
                drafts.done.set(None);
                drafts.items.set(problem_items(lang, &error, targets));
                false
            }
        }
    };
    // While a demonstration plays, the page follows it.
    let follow = {
        let (backend, ticket) = (backend.clone(), ticket.clone());
        move || {
            let (backend, ticket) = (backend.clone(), ticket.clone());
            spawn_local(async move {
                loop {
                    crate::browser::sleep(DEMONSTRATION_REFRESH).await;
                    if drafts.demonstrating.try_get_untracked() != Some(true) {
                        break;
                    }
                    if let Ok(fresh) = backend
                        .staff_case(lang.locale_untracked(), ticket.clone())
                        .await
                    {
                        let finished = fresh.summary.status.open311()
                            == banshi_contract::Open311Status::Closed;
                        // Over when the case is finished, or stopped early (it could start
                        // again); the page is rebuilt only when the case moved.
                        let over = finished || fresh.can_demonstrate;
                        let moved = case
                            .try_get_untracked()
                            .flatten()
                            .is_none_or(|c| c.version != fresh.version);
                        if moved {
                            case.try_set(Some(fresh));
                        }
                        if over {
                            drafts.demonstrating.try_set(false);
                        }
                    }
                }
            });
        }
    };
    let actions = Actions {
        backend: backend.clone(),
        ticket,
        settle: std::sync::Arc::new(settle),
        follow: std::sync::Arc::new(follow),
    };
    move || match (case.get(), failed.get()) {
        (Some(c), _) => {
            view! { <CaseView case=c drafts actions=actions.clone() demo_mode supervisor/> }
                .into_any()
        }
        (None, Some(error)) => {
            let load = load.clone();
            view! { <ApiErrorView error retry=move |_| load()/> }.into_any()
        }
        (None, None) => view! { <Loading/> }.into_any(),
    }
}

pub(super) type Settle = dyn Fn(Result<StaffCase, ApiError>, &'static [(&'static str, &'static str)], String) -> bool
    + Send
    + Sync;

/// What the case's forms call.
#[derive(Clone)]
pub(super) struct Actions<B: Backend + Clone + 'static> {
    pub(super) backend: B,
    pub(super) ticket: String,
    pub(super) settle: std::sync::Arc<Settle>,
    follow: std::sync::Arc<dyn Fn() + Send + Sync>,
}

/// The label of a history event.
fn event_title(lang: Lang, event: &CaseEvent) -> String {
    match event.kind {
        CaseEventKind::Status => lang.t_with(
            Key::StaffCaseEventStatus,
            &[("status", lang.t(status_key(event.status)))],
        ),
        CaseEventKind::PublicNote => lang.t(Key::StaffCaseEventPublicNote).to_owned(),
        CaseEventKind::InternalNote => lang.t(Key::StaffCaseEventInternalNote).to_owned(),
        CaseEventKind::Assigned => match &event.assignee {
            Some(name) => lang.t_with(Key::StaffCaseEventAssigned, &[("name", name)]),
            None => lang.t(Key::StaffCaseEventUnassigned).to_owned(),
        },
        CaseEventKind::AccessCodeReissued => lang.t(Key::StaffCaseEventAccessCode).to_owned(),
        CaseEventKind::CitizenReply => lang.t(Key::StaffCaseEventCitizenReply).to_owned(),
        CaseEventKind::SendBack => lang.t(Key::StaffCaseEventSendBack).to_owned(),
        CaseEventKind::HelpConfirmed => event.help.as_ref().map_or_else(
            || lang.t(Key::StaffCaseEventUnknown).to_owned(),
            |help| {
                lang.t_with(
                    Key::StaffCaseEventHelpConfirmed,
                    &[("helper", &help.helper), ("at", &local_minutes(&help.at))],
                )
            },
        ),
        CaseEventKind::Rated => lang.t(Key::StaffCaseEventRated).to_owned(),
        CaseEventKind::Rework => lang.t(Key::StaffCaseEventRework).to_owned(),
        CaseEventKind::RatingRuled => lang.t(Key::StaffCaseEventRatingRuled).to_owned(),
        CaseEventKind::Unknown => lang.t(Key::StaffCaseEventUnknown).to_owned(),
    }
}

#[component]
fn CaseView<B: Backend + Clone + 'static>(
    case: StaffCase,
    drafts: Drafts,
    actions: Actions<B>,
    demo_mode: bool,
    supervisor: bool,
) -> impl IntoView {
    let lang = use_lang();
    let summary = case.summary.clone();
    let status = summary.status;
    let badge = summary.due_state.and_then(due_badge);
    let phone = case.applicant_phone.clone();
    let events: Vec<CaseEvent> = case.events.iter().rev().cloned().collect();
    let can_demonstrate = demo_mode && case.can_demonstrate;
    view! {
        <ErrorSummary items=drafts.items/>
        {move || drafts.done.get().map(|message| view! { <p class="app-inset" role="status">{message}</p> })}
        <p class="app-lead">{summary.service_name.clone()}</p>
        <dl class="app-summary-list">
            <div class="app-summary-list__row">
                <dt class="app-summary-list__key">{tr(Key::StaffCaseStatus)}</dt>
                <dd class="app-summary-list__value">
                    <strong class=format!("app-tag app-tag--{}", status.as_str())>{tr(status_key(status))}</strong>
                    {(summary.kind != banshi_contract::ServiceKind::Request).then(|| view! { " " <span class="app-tag">{tr(super::form::kind_key(summary.kind))}</span> })}
                    {summary.citizen_replied.then(|| view! { <span class="app-tag">{tr(Key::StaffInboxReplied)}</span> })}
                </dd>
            </div>
            <div class="app-summary-list__row">
                <dt class="app-summary-list__key">{tr(Key::StaffCaseDue)}</dt>
                <dd class="app-summary-list__value">
                    {local_minutes(&summary.expected_datetime)}
                    {badge.map(|(key, modifier)| view! { " " <span class=format!("app-due {modifier}")>{tr(key)}</span> })}
                </dd>
            </div>
            <div class="app-summary-list__row">
                <dt class="app-summary-list__key">{tr(Key::StaffCaseSubmitted)}</dt>
                <dd class="app-summary-list__value">{local_minutes(&summary.submitted_at)}</dd>
            </div>
            <div class="app-summary-list__row">
                <dt class="app-summary-list__key">{tr(Key::StaffCaseApplicant)}</dt>
                <dd class="app-summary-list__value">{summary.applicant_name.clone().unwrap_or_default()}</dd>
            </div>
            {phone.map(|p| view! {
                <div class="app-summary-list__row">
                    <dt class="app-summary-list__key">{tr(Key::StaffCasePhone)}</dt>
                    <dd class="app-summary-list__value"><a class="app-link" href=format!("tel:{p}")>{p.clone()}</a></dd>
                </div>
            })}
            {case.applicant_email.clone().map(|e| view! {
                <div class="app-summary-list__row">
                    <dt class="app-summary-list__key">{tr(Key::StaffCaseEmail)}</dt>
                    <dd class="app-summary-list__value">{e}</dd>
                </div>
            })}
            <div class="app-summary-list__row">
                <dt class="app-summary-list__key">{tr(Key::StaffCaseAssignee)}</dt>
                <dd class="app-summary-list__value">{match summary.assignee.clone() {
                    Some(name) => view! { <span>{name}</span> }.into_any(),
                    None => view! { <span>{tr(Key::StaffCaseUnassigned)}</span> }.into_any(),
                }}</dd>
            </div>
        </dl>
        {case.agent.clone().map(|agent| view! { <super::case_help::AgentDetails agent/> })}
        <h2 class="app-heading-m">{tr(Key::StaffCaseAnswers)}</h2>
        <dl class="app-summary-list">
            {case.answers.iter().map(|a| view! {
                <div class="app-summary-list__row">
                    <dt class="app-summary-list__key">{a.label.clone()}</dt>
                    <dd class="app-summary-list__value app-prewrap">{a.value.clone()}</dd>
                </div>
            }).collect_view()}
        </dl>
        {case.rating.clone().map(|r| view! {
            <p class="app-body">
                {move || lang.t_with(Key::StaffCaseRating, &[("score", lang.t(crate::components::score_key(r.score)))])}
            </p>
            {(!r.comment.is_empty()).then(|| view! { <p class="app-body app-prewrap">{r.comment.clone()}</p> })}
        })}
        <super::case_rework::ReworkSection case=case.clone() drafts actions=actions.clone() supervisor/>
        <StatusForm case=case.clone() drafts actions=actions.clone()/>
        <NoteForm case=case.clone() drafts actions=actions.clone()/>
        <AssignForm case=case.clone() drafts actions=actions.clone()/>
        {(case.summary.kind == banshi_contract::ServiceKind::Assistance).then(|| view! {
            <super::case_help::HelpForm case=case.clone() drafts actions=actions.clone()/>
        })}
        <h2 class="app-heading-m">{tr(Key::StaffCaseHistory)}</h2>
        <ol class="app-timeline">
            {events.into_iter().map(|e| {
                let internal = matches!(e.kind, CaseEventKind::InternalNote | CaseEventKind::Assigned | CaseEventKind::AccessCodeReissued);
                let e2 = e.clone();
                let title = move || event_title(lang, &e);
                view! {
                    <li class="app-timeline__item">
                        <h3 class="app-heading-s">{title} {internal.then(|| view! { <span class="app-tag">{tr(Key::StaffCaseEventInternalNote)}</span> })}</h3>
                        <p class="app-hint">
                            {local_minutes(&e2.at)}
                            {e2.author.clone().map(|name| view! { " · " {move || lang.t_with(Key::StaffCaseEventBy, &[("name", &name)])} })}
                        </p>
                        {e2.note.clone().map(|n| view! { <p class="app-body app-prewrap">{n}</p> })}
                        {(!e2.missing.is_empty() && e2.replies.is_empty()).then(|| view! {
                            <ul class="app-list app-list--bullet">
                                {e2.missing.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}
                            </ul>
                        })}
                        {(!e2.replies.is_empty()).then(|| view! { <crate::components::ReplyList asked=e2.missing.clone() replies=e2.replies.clone()/> })}
                    </li>
                }
            }).collect_view()}
        </ol>
        <ReissueForm drafts actions=actions.clone()/>
        {can_demonstrate.then(|| view! { <DemonstrateForm drafts actions=actions.clone()/> })}
    }
}

#[component]
fn StatusForm<B: Backend + Clone + 'static>(
    case: StaffCase,
    drafts: Drafts,
    actions: Actions<B>,
) -> impl IntoView {
    let lang = use_lang();
    if case.moves.is_empty() {
        return view! {
            <h2 class="app-heading-m">{tr(Key::StaffCaseMoveTitle)}</h2>
            <p class="app-body">{tr(Key::StaffCaseNoMoves)}</p>
        }
        .into_any();
    }
    // A move the case no longer allows is dropped, not sent.
    if drafts
        .move_to
        .get_untracked()
        .is_some_and(|m| !case.moves.contains(&m))
    {
        drafts.move_to.set(None);
    }
    let language = case.locale;
    let templates = case.templates.clone();
    let all_templates: std::sync::Arc<Vec<String>> =
        std::sync::Arc::new(templates.iter().map(|t| t.text.clone()).collect());
    let version = case.version;
    let first_move = case.moves[0];
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let status = drafts.move_to.get_untracked();
        let note = drafts.status_note.get_untracked();
        let missing = drafts.missing.get_untracked();
        let problems = status_problems(status, &note, &missing);
        if !problems.is_empty() {
            drafts.done.set(None);
            drafts.items.set(
                problems
                    .into_iter()
                    .map(|(target, member, code)| {
                        let target = if target == "move-to" {
                            format!("move-{}", first_move.as_str())
                        } else {
                            target
                        };
                        let label = match member {
                            "status" => Key::StaffCaseMoveTo,
                            "note" => Key::StaffCaseNote,
                            _ => Key::StaffCaseMissing,
                        };
                        item(lang, &target, member, label, code)
                    })
                    .collect(),
            );
            return;
        }
        let Some(status) = status else { return };
        let body = StatusChange {
            status,
            note: Some(note.trim().to_owned()).filter(|n| !n.is_empty()),
            missing: if status == TicketStatus::NeedsInfo {
                missing
                    .iter()
                    .map(|m| m.trim().to_owned())
                    .filter(|m| !m.is_empty())
                    .collect()
            } else {
                Vec::new()
            },
            version: Some(version),
        };
        let pending =
            actions
                .backend
                .change_status(lang.locale_untracked(), actions.ticket.clone(), body);
        let settle = actions.settle.clone();
        spawn_local(async move {
            let done = lang.t_with(
                Key::StaffCaseMoved,
                &[("status", lang.t(status_key(status)))],
            );
            if settle(
                pending.await,
                &[("note", "status-note"), ("missing", "missing-0")],
                done,
            ) {
                drafts.move_to.set(None);
                drafts.status_note.set(String::new());
                drafts.missing.set(vec![String::new()]);
            }
        });
    };
    view! {
        <h2 class="app-heading-m">{tr(Key::StaffCaseMoveTitle)}</h2>
        <form class="app-form" novalidate on:submit=on_submit>
            <div class="app-form-group">
                <fieldset class="app-fieldset">
                    <legend class="app-label">{tr(Key::StaffCaseMoveTo)}</legend>
                    <div class="app-choices">
                        {case.moves.iter().map(|&m| {
                            let id = format!("move-{}", m.as_str());
                            view! {
                                <div class="app-choice">
                                    <input class="app-choice__input" type="radio" name="move-to" id=id.clone() value=m.as_str()
                                        prop:checked=move || drafts.move_to.get() == Some(m)
                                        on:change=move |_| drafts.move_to.set(Some(m))/>
                                    <label class="app-choice__label" for=id>{tr(status_key(m))}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            {move || {
                let all_templates = all_templates.clone();
                let chosen = drafts.move_to.get()?;
                let suitable: Vec<String> = templates.iter().filter(|t| t.status == chosen).map(|t| t.text.clone()).collect();
                (!suitable.is_empty()).then(|| view! {
                    <div class="app-form-group">
                        <label class="app-label" for="note-template">{tr(Key::StaffCaseTemplate)}</label>
                        <div class="app-hint" id="note-template-hint">{move || lang.t_with(Key::StaffCaseTemplateHint, &[("language", lang.t(language_key(language)))])}</div>
                        <select class="app-input" id="note-template" aria-describedby="note-template-hint"
                            on:change=move |e| {
                                let text = event_target_value(&e);
                                if text.is_empty() { return; }
                                // A template replaces an empty note or another template, and
                                // follows what the officer wrote themselves.
                                drafts.status_note.update(|note| {
                                    let own = note.trim();
                                    if own.is_empty() || all_templates.iter().any(|t| t == own) {
                                        *note = text;
                                    } else {
                                        *note = format!("{own}\n{text}");
                                    }
                                });
                            }>
                            <option value="">{tr(Key::StaffCaseTemplateNone)}</option>
                            {suitable.into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                })
            }}
            <TextArea id="status-note" label=Key::StaffCaseNote value=drafts.status_note items=drafts.items
                hint=Signal::derive(move || lang.t_with(Key::StaffCaseNoteHint, &[("language", lang.t(language_key(language)))]))/>
            {move || (drafts.move_to.get() == Some(TicketStatus::NeedsInfo)).then(|| view! { <MissingItems drafts/> })}
            <button type="submit" class="app-button">{tr(Key::StaffCaseSaveStatus)}</button>
        </form>
    }
    .into_any()
}

/// A labelled textarea with hint and inline error from `items`.
#[component]
fn TextArea(
    id: &'static str,
    label: Key,
    value: RwSignal<String>,
    items: RwSignal<Vec<SummaryItem>>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let error = super::form::error_for(items, id);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = super::form::described_by(
        hint.is_some().then(|| hint_id.clone()),
        error_id.clone(),
        error,
    );
    view! {
        <div class=move || if error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
            <label class="app-label" for=id>{tr(label)}</label>
            {hint.map(|h| view! { <div class="app-hint" id=hint_id.clone()>{move || h.get()}</div> })}
            {move || error.get().map(|m| view! { <p class="app-error-message" id=error_id.clone()>{m}</p> })}
            <textarea class="app-textarea" id=id name=id rows="4"
                aria-describedby=described aria-invalid=move || error.get().is_some().then_some("true")
                prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))></textarea>
        </div>
    }
}

/// The list of missing items of a `needs_info` move: one input each, added and removed.
#[component]
fn MissingItems(drafts: Drafts) -> impl IntoView {
    let lang = use_lang();
    // The number of items, notified only when it changes, so that typing in an item does not
    // rebuild the list (and take the focus away).
    let count = Memo::new(move |_| drafts.missing.with(Vec::len));
    let count = move || count.get();
    view! {
        <div class="app-form-group">
            <fieldset class="app-fieldset" aria-describedby="missing-hint">
                <legend class="app-label">{tr(Key::StaffCaseMissing)}</legend>
                <div class="app-hint" id="missing-hint">{tr(Key::StaffCaseMissingHint)}</div>
                {move || (0..count()).map(|i| {
                    let id = format!("missing-{i}");
                    let n = (i + 1).to_string();
                    let error = {
                        let id = id.clone();
                        move || drafts.items.get().into_iter().find(|s| s.target.as_deref() == Some(id.as_str())).map(|s| s.message)
                    };
                    let has_error = error.clone();
                    let invalid = error.clone();
                    let error_id = format!("missing-{i}-error");
                    let described = {
                        let (error_id, has_error) = (error_id.clone(), error.clone());
                        move || if has_error().is_some() { format!("missing-hint {error_id}") } else { "missing-hint".to_owned() }
                    };
                    let (label_n, remove_n) = (n.clone(), n);
                    view! {
                        <div class=move || if has_error().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                            <label class="app-label" for=id.clone()>{move || lang.t_with(Key::StaffCaseMissingItem, &[("n", &label_n)])}</label>
                            {move || error().map(|m| view! { <p class="app-error-message" id=error_id.clone()>{m}</p> })}
                            <input class="app-input" id=id.clone() type="text" autocomplete="off"
                                aria-describedby=described aria-invalid=move || invalid().is_some().then_some("true")
                                maxlength=StatusChange::MAX_MISSING_ITEM.to_string()
                                prop:value=move || drafts.missing.with(|l| l.get(i).cloned().unwrap_or_default())
                                on:input=move |e| {
                                    let text = event_target_value(&e);
                                    drafts.missing.update(|l| if let Some(slot) = l.get_mut(i) { *slot = text; });
                                }/>
                            {(count() > 1).then(|| view! {
                                <button type="button" class="app-button app-button--secondary"
                                    on:click=move |_| {
                                        drafts.missing.update(|l| { if i < l.len() { l.remove(i); } });
                                        // The focus goes to the item that took its place, or the one before.
                                        let to = i.min(drafts.missing.with_untracked(Vec::len).saturating_sub(1));
                                        request_animation_frame(move || {
                                            crate::components::focus_field(&format!("missing-{to}"));
                                        });
                                    }>
                                    {move || lang.t_with(Key::StaffCaseMissingRemove, &[("n", &remove_n)])}
                                </button>
                            })}
                        </div>
                    }
                }).collect_view()}
                {move || (count() < StatusChange::MAX_MISSING).then(|| view! {
                    <button type="button" class="app-button app-button--secondary"
                        on:click=move |_| {
                            let next = count();
                            drafts.missing.update(|l| l.push(String::new()));
                            // Once the new input is on the page.
                            request_animation_frame(move || {
                                crate::components::focus_field(&format!("missing-{next}"));
                            });
                        }>
                        {tr(Key::StaffCaseMissingAdd)}
                    </button>
                })}
            </fieldset>
        </div>
    }
}

#[component]
fn NoteForm<B: Backend + Clone + 'static>(
    case: StaffCase,
    drafts: Drafts,
    actions: Actions<B>,
) -> impl IntoView {
    let lang = use_lang();
    let version = case.version;
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = drafts.note_text.get_untracked();
        let problem = if text.trim().is_empty() {
            Some(FieldErrorCode::Required)
        } else if text.trim().chars().count() > CaseNote::MAX_TEXT {
            Some(FieldErrorCode::TooLong)
        } else {
            None
        };
        if let Some(code) = problem {
            drafts.done.set(None);
            drafts.items.set(vec![item(
                lang,
                "note-text",
                "text",
                Key::StaffCaseNoteText,
                code,
            )]);
            return;
        }
        let body = CaseNote {
            text: text.trim().to_owned(),
            public: drafts.note_public.get_untracked(),
            version: Some(version),
        };
        let pending =
            actions
                .backend
                .add_note(lang.locale_untracked(), actions.ticket.clone(), body);
        let settle = actions.settle.clone();
        spawn_local(async move {
            if settle(
                pending.await,
                &[("text", "note-text")],
                lang.t(Key::StaffCaseNoted).to_owned(),
            ) {
                drafts.note_text.set(String::new());
            }
        });
    };
    view! {
        <h2 class="app-heading-m">{tr(Key::StaffCaseNoteTitle)}</h2>
        <form class="app-form" novalidate on:submit=on_submit>
            <TextArea id="note-text" label=Key::StaffCaseNoteText value=drafts.note_text items=drafts.items/>
            <div class="app-form-group">
                <fieldset class="app-fieldset">
                    <legend class="app-label">{tr(Key::StaffCaseNoteVisibility)}</legend>
                    <div class="app-choices">
                        <div class="app-choice">
                            <input class="app-choice__input" type="radio" name="note-visibility" id="note-internal"
                                prop:checked=move || !drafts.note_public.get() on:change=move |_| drafts.note_public.set(false)/>
                            <label class="app-choice__label" for="note-internal">{tr(Key::StaffCaseNoteInternal)}</label>
                        </div>
                        <div class="app-choice">
                            <input class="app-choice__input" type="radio" name="note-visibility" id="note-public"
                                prop:checked=move || drafts.note_public.get() on:change=move |_| drafts.note_public.set(true)/>
                            <label class="app-choice__label" for="note-public">{tr(Key::StaffCaseNotePublic)}</label>
                        </div>
                    </div>
                </fieldset>
            </div>
            <button type="submit" class="app-button app-button--secondary">{tr(Key::StaffCaseSaveNote)}</button>
        </form>
    }
}

#[component]
fn AssignForm<B: Backend + Clone + 'static>(
    case: StaffCase,
    drafts: Drafts,
    actions: Actions<B>,
) -> impl IntoView {
    let lang = use_lang();
    let version = case.version;
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let chosen = drafts.assignee.get_untracked().unwrap_or_default();
        let body = Assignment {
            assignee: Some(chosen).filter(|a| !a.is_empty()),
            version: Some(version),
        };
        let pending = actions
            .backend
            .assign(lang.locale_untracked(), actions.ticket.clone(), body);
        let settle = actions.settle.clone();
        spawn_local(async move {
            settle(
                pending.await,
                &[("assignee", "assignee")],
                lang.t(Key::StaffCaseAssigned).to_owned(),
            );
        });
    };
    view! {
        <h2 class="app-heading-m">{tr(Key::StaffCaseAssignTitle)}</h2>
        <form class="app-form" novalidate on:submit=on_submit>
            <div class="app-form-group">
                <label class="app-label" for="assignee">{tr(Key::StaffCaseAssignTo)}</label>
                <select class="app-input" id="assignee" name="assignee"
                    on:change=move |e| drafts.assignee.set(Some(event_target_value(&e)))>
                    <option value="" selected=move || drafts.assignee.get().unwrap_or_default().is_empty()>{tr(Key::StaffCaseUnassigned)}</option>
                    {case.assignable.iter().map(|a| {
                        let name = a.name.clone();
                        let selected = move || drafts.assignee.get().as_deref() == Some(name.as_str());
                        view! { <option value=a.name.clone() selected=selected>{format!("{} ({})", a.display_name, a.name)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="app-button app-button--secondary">{tr(Key::StaffCaseSaveAssign)}</button>
        </form>
    }
}

#[component]
fn ReissueForm<B: Backend + Clone + 'static>(drafts: Drafts, actions: Actions<B>) -> impl IntoView {
    let lang = use_lang();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if !drafts.identity_checked.get_untracked() {
            drafts.done.set(None);
            drafts.items.set(vec![SummaryItem {
                target: Some("identity-checked".to_owned()),
                message: lang.t(Key::StaffCaseIdentityRequired).to_owned(),
            }]);
            return;
        }
        let pending = actions.backend.reissue_access_code(
            lang.locale_untracked(),
            actions.ticket.clone(),
            AccessCodeReissue {
                identity_checked: true,
            },
        );
        let (backend, ticket) = (actions.backend.clone(), actions.ticket.clone());
        let settle = actions.settle.clone();
        spawn_local(async move {
            match pending.await {
                Ok(made) => {
                    drafts.identity_checked.set(false);
                    drafts.new_code.set(Some(made));
                    // The history now has the reissue: show it.
                    let fresh = backend.staff_case(lang.locale_untracked(), ticket).await;
                    settle(fresh, &[], lang.t(Key::StaffCaseEventAccessCode).to_owned());
                }
                Err(error) => drafts.items.set(vec![SummaryItem {
                    target: None,
                    message: lang.t(staff_error_key(&error)).to_owned(),
                }]),
            }
        });
    };
    view! {
        <h2 class="app-heading-m">{tr(Key::StaffCaseReissueTitle)}</h2>
        <p class="app-body" id="reissue-hint">{tr(Key::StaffCaseReissueHint)}</p>
        {move || drafts.new_code.get().map(|made| {
            let ticket = made.ticket.clone();
            view! {
                <div class="app-panel" role="status">
                    <p class="app-panel__body">{move || lang.t_with(Key::StaffCaseReissued, &[("ticket", &ticket)])}</p>
                    <p class="app-panel__code" id="new-access-code">{made.access_code.clone()}</p>
                </div>
            }
        })}
        <form class="app-form" novalidate on:submit=on_submit>
            <ConfirmBox id="identity-checked" label=Key::StaffCaseIdentityChecked hint_id="reissue-hint"
                checked=drafts.identity_checked items=drafts.items/>
            <button type="submit" class="app-button app-button--secondary">{tr(Key::StaffCaseReissue)}</button>
        </form>
    }
}

#[component]
fn DemonstrateForm<B: Backend + Clone + 'static>(
    drafts: Drafts,
    actions: Actions<B>,
) -> impl IntoView {
    let lang = use_lang();
    let on_click = move |_| {
        let pending = actions.backend.demonstrate(
            lang.locale_untracked(),
            actions.ticket.clone(),
            Demonstration::default(),
        );
        let (settle, follow) = (actions.settle.clone(), actions.follow.clone());
        spawn_local(async move {
            if settle(
                pending.await,
                &[],
                lang.t(Key::StaffCaseDemonstrating).to_owned(),
            ) {
                drafts.demonstrating.set(true);
                follow();
            }
        });
    };
    view! {
        <h2 class="app-heading-m">{tr(Key::StaffCaseDemoTitle)}</h2>
        <p class="app-body">{tr(Key::StaffCaseDemoHint)}</p>
        <button type="button" class="app-button" on:click=on_click>{tr(Key::StaffCaseDemonstrate)}</button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_change_needs_a_status_and_for_needs_info_an_item() {
        assert_eq!(status_problems(None, "", &[])[0].1, "status");
        assert!(status_problems(Some(TicketStatus::Accepted), "ok", &[]).is_empty());
        let asked = status_problems(Some(TicketStatus::NeedsInfo), "", &["  ".to_owned()]);
        assert_eq!(
            asked,
            [("missing-0".to_owned(), "missing", FieldErrorCode::Required)]
        );
        let long = "长".repeat(StatusChange::MAX_MISSING_ITEM + 1);
        let asked = status_problems(
            Some(TicketStatus::NeedsInfo),
            "",
            &["照片".to_owned(), long],
        );
        assert_eq!(
            asked,
            [("missing-1".to_owned(), "missing", FieldErrorCode::TooLong)]
        );
        let note = "字".repeat(StatusChange::MAX_NOTE + 1);
        assert_eq!(
            status_problems(Some(TicketStatus::Completed), &note, &[])[0].0,
            "status-note"
        );
    }
}
