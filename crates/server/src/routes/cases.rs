//! One case for staff: `GET /v1/staff/tickets/{ticket}` and the changes to it (status with
//! missing items, notes, assignment, a new access code), each answered with the case as it
//! now is; in demo mode also the front desk's demonstration and the demo data reset.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use banshi_contract::{
    AccessCodeReissue, Answer, Assignable, Assignment, AuditAction, CaseAnswer, CaseEvent,
    CaseNote, Datatype, DemoReset, Demonstration, ErrorCode, FieldErrorCode, HelpConfirmation,
    Locale, NewAccessCode, NoteTemplate, StaffCase, StaffRole, StatusChange, TicketStatus,
};

use super::staff::inbox_item;
use crate::auth::Actor;
use crate::error::ApiError;
use crate::extract::{AppJson, RequestLocale};
use crate::store::{CaseChange, CaseGuard, StoreError, StoredCase};
use crate::{AppState, admin, clock, codes, messages};

/// Roles that handle cases.
pub const CASE_ROLES: &[StaffRole] = &[StaffRole::Officer, StaffRole::Supervisor];

/// The normalised reference number in a path.
pub(super) fn number(ticket: &str) -> String {
    ticket.trim().to_ascii_uppercase()
}

/// The answers of `case` in form order, worded in `locale`.
fn answers(state: &AppState, case: &StoredCase, locale: Locale) -> Vec<CaseAnswer> {
    let given: BTreeMap<String, Answer> =
        serde_json::from_str(&case.answers_json).unwrap_or_default();
    let Some(service) = state.catalogue.service(&case.summary.service_code) else {
        // A service no longer listed: the raw answers are still the citizen's.
        return given
            .into_iter()
            .map(|(code, answer)| CaseAnswer {
                label: code.clone(),
                value: serde_json::to_string(&answer).unwrap_or_default(),
                code,
            })
            .collect();
    };
    service
        .fields(locale)
        .into_iter()
        .filter_map(|field| {
            let answer = given.get(&field.code)?;
            let option = |key: &str| {
                field
                    .values
                    .iter()
                    .find(|o| o.key == key)
                    .map_or_else(|| key.to_owned(), |o| o.name.clone())
            };
            let value = match answer {
                Answer::Bool(b) => messages::yes_no(*b, locale).to_owned(),
                Answer::Number(n) => n.to_string(),
                Answer::Text(t) if field.datatype == Datatype::Singlevaluelist => option(t),
                Answer::Text(t) => t.clone(),
                Answer::List(keys) => keys
                    .iter()
                    .map(|k| option(k))
                    .collect::<Vec<_>>()
                    .join(messages::list_separator(locale)),
            };
            (!value.is_empty()).then_some(CaseAnswer {
                code: field.code,
                label: field.label,
                value,
            })
        })
        .collect()
}

/// Whether a demonstration could start on `case` now.
fn can_demonstrate(state: &AppState, case: &StoredCase) -> bool {
    state.config.demo
        && demonstration_from(case.summary.status).is_some()
        && !state
            .demonstrations
            .lock()
            .is_ok_and(|running| running.contains(&case.summary.ticket))
}

/// The contract view of a stored case, in the caller's `locale`.
pub fn case_view(state: &AppState, case: StoredCase, locale: Locale) -> StaffCase {
    let citizen_locale = Locale::from_tag(&case.locale).unwrap_or(locale);
    let moves: Vec<TicketStatus> = TicketStatus::ALL
        .into_iter()
        .filter(|next| case.summary.status.can_move_to(*next))
        .collect();
    let templates = messages::note_templates(citizen_locale)
        .into_iter()
        .filter(|(status, _)| moves.contains(status))
        .map(|(status, text)| NoteTemplate {
            status,
            text: text.to_owned(),
        })
        .collect();
    let answers = answers(state, &case, locale);
    let can_demonstrate = can_demonstrate(state, &case);
    let help = case.events.iter().rev().find_map(|e| e.help.clone());
    StaffCase {
        summary: inbox_item(state, case.summary, locale),
        version: u64::try_from(case.version).unwrap_or_default(),
        locale: citizen_locale,
        applicant_phone: case.applicant_phone,
        applicant_email: case.applicant_email,
        answers,
        events: case
            .events
            .into_iter()
            .map(|e| CaseEvent {
                kind: e.kind,
                at: e.at,
                status: e.status,
                author: e.author,
                note: e.note,
                missing: e.missing,
                assignee: e.assignee,
                replies: e.replies,
                help: e.help,
            })
            .collect(),
        moves,
        templates,
        assignable: case
            .assignable
            .into_iter()
            .map(|(name, display_name)| Assignable { name, display_name })
            .collect(),
        rating: case.rating,
        can_demonstrate,
        help,
        agent: case.agent,
        helpers: case.helpers,
        rework: case.rework.map(super::followup::staff_rework),
        ruling: case.ruling.map(super::followup::recorded_ruling),
        notify: case.notify,
        messages: case.messages,
    }
}

/// `GET /v1/staff/tickets/{ticket}`.
pub async fn case(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(ticket): Path<String>,
) -> Result<Json<StaffCase>, ApiError> {
    actor.require(CASE_ROLES)?;
    let case = state
        .store
        .case(number(&ticket), actor.category_scope())
        .await?;
    Ok(Json(case_view(&state, case, locale)))
}

/// The guard of a change by `actor` against `version`.
fn guard(actor: &Actor, version: Option<u64>) -> CaseGuard {
    CaseGuard {
        scope: actor.category_scope(),
        version: version.map(|v| i64::try_from(v).unwrap_or(i64::MAX)),
    }
}

/// `text` trimmed, or `None` if blank.
fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Makes `change` to `ticket` for `actor` and answers with the case.
pub(super) async fn change(
    state: &AppState,
    actor: &Actor,
    ticket: String,
    change: CaseChange,
    version: Option<u64>,
    audit: (AuditAction, Option<String>),
    locale: Locale,
) -> Result<Json<StaffCase>, ApiError> {
    let record = actor.audit(audit.0, Some(ticket.clone()), audit.1);
    let chosen = if matches!(change, CaseChange::Help { .. }) {
        "helper"
    } else {
        "assignee"
    };
    let case = state
        .store
        .change_case(ticket, change, guard(actor, version), record)
        .await
        .map_err(|e| match e {
            StoreError::NotAssignable => ApiError::invalid(vec![messages::body_error(
                chosen,
                FieldErrorCode::NotAnOption,
                locale,
            )]),
            other => other.into(),
        })?;
    Ok(Json(case_view(state, case, locale)))
}

/// The checked missing items of a status change; every problem is added to `errors`.
fn missing_items(
    change: &StatusChange,
    locale: Locale,
    errors: &mut Vec<banshi_contract::FieldError>,
) -> Vec<String> {
    let items: Vec<String> = change
        .missing
        .iter()
        .filter_map(|item| trimmed(Some(item)))
        .collect();
    let mut problem = |code| errors.push(messages::body_error("missing", code, locale));
    if change.status == TicketStatus::NeedsInfo {
        if items.is_empty() {
            problem(FieldErrorCode::Required);
        } else if items.len() > StatusChange::MAX_MISSING {
            problem(FieldErrorCode::TooLarge);
        } else if items
            .iter()
            .any(|i| i.chars().count() > StatusChange::MAX_MISSING_ITEM)
        {
            problem(FieldErrorCode::TooLong);
        }
    } else if !items.is_empty() {
        problem(FieldErrorCode::NotAnOption);
    }
    items
}

/// `POST /v1/staff/tickets/{ticket}/status`.
pub async fn change_status(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(ticket): Path<String>,
    AppJson(body): AppJson<StatusChange>,
) -> Result<Json<StaffCase>, ApiError> {
    actor.require(CASE_ROLES)?;
    let mut errors = Vec::new();
    let note = trimmed(body.note.as_deref());
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > StatusChange::MAX_NOTE)
    {
        errors.push(messages::body_error(
            "note",
            FieldErrorCode::TooLong,
            locale,
        ));
    }
    let missing = missing_items(&body, locale, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let audit = (
        AuditAction::StatusChanged,
        Some(body.status.as_str().to_owned()),
    );
    let status = body.status;
    change(
        &state,
        &actor,
        number(&ticket),
        CaseChange::Status {
            status,
            note,
            missing,
        },
        body.version,
        audit,
        locale,
    )
    .await
}

/// `POST /v1/staff/tickets/{ticket}/notes`.
pub async fn add_note(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(ticket): Path<String>,
    AppJson(body): AppJson<CaseNote>,
) -> Result<Json<StaffCase>, ApiError> {
    actor.require(CASE_ROLES)?;
    let text = super::checked_text(&body.text, CaseNote::MAX_TEXT, "text", locale)
        .map_err(|e| ApiError::invalid(vec![e]))?;
    let visibility = if body.public { "public" } else { "internal" };
    change(
        &state,
        &actor,
        number(&ticket),
        CaseChange::Note {
            text,
            public: body.public,
        },
        body.version,
        (AuditAction::NoteAdded, Some(visibility.to_owned())),
        locale,
    )
    .await
}

/// `POST /v1/staff/tickets/{ticket}/help`: a supervisor confirms who will help with an
/// assistance ticket, and when; the citizen sees it on the ticket.
pub async fn confirm_help(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(ticket): Path<String>,
    AppJson(body): AppJson<HelpConfirmation>,
) -> Result<Json<StaffCase>, ApiError> {
    actor.require(&[StaffRole::Supervisor])?;
    let mut errors = Vec::new();
    let at = body.at.trim().replacen(' ', "T", 1);
    if !banshi_contract::validate::is_datetime(&at) {
        errors.push(messages::body_error(
            "at",
            FieldErrorCode::InvalidDatetime,
            locale,
        ));
    } else if at < clock::local_minutes(clock::now()) {
        errors.push(messages::body_error("at", FieldErrorCode::TooSmall, locale));
    }
    let note = trimmed(body.note.as_deref());
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > HelpConfirmation::MAX_NOTE)
    {
        errors.push(messages::body_error(
            "note",
            FieldErrorCode::TooLong,
            locale,
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    change(
        &state,
        &actor,
        number(&ticket),
        CaseChange::Help {
            helper: body.helper,
            at: at.clone(),
            note,
        },
        body.version,
        (
            AuditAction::HelpConfirmed,
            Some(format!("{} {at}", body.helper)),
        ),
        locale,
    )
    .await
}

/// `POST /v1/staff/tickets/{ticket}/assignment`.
pub async fn assign(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(ticket): Path<String>,
    AppJson(body): AppJson<Assignment>,
) -> Result<Json<StaffCase>, ApiError> {
    actor.require(CASE_ROLES)?;
    let assignee = trimmed(body.assignee.as_deref());
    change(
        &state,
        &actor,
        number(&ticket),
        CaseChange::Assign {
            assignee: assignee.clone(),
        },
        body.version,
        (AuditAction::CaseAssigned, assignee),
        locale,
    )
    .await
}

/// `POST /v1/staff/tickets/{ticket}/access-code`: a new code once the officer has checked
/// who the citizen is; the old code stops working at once, open streams included. The answer
/// holds a live secret, so nothing may keep it.
pub async fn reissue_access_code(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(ticket): Path<String>,
    AppJson(body): AppJson<AccessCodeReissue>,
) -> Result<impl IntoResponse, ApiError> {
    actor.require(CASE_ROLES)?;
    if !body.identity_checked {
        return Err(ApiError::invalid(vec![messages::body_error(
            "identity_checked",
            FieldErrorCode::Required,
            locale,
        )]));
    }
    let access_code = codes::new_access_code().map_err(|e| {
        tracing::error!(error = %e, "no randomness for an access code");
        ApiError::new(ErrorCode::Internal)
    })?;
    let ticket = number(&ticket);
    let _case = change(
        &state,
        &actor,
        ticket.clone(),
        CaseChange::AccessCode {
            access_hash: codes::digest(&access_code),
        },
        None,
        (AuditAction::AccessCodeReissued, None),
        locale,
    )
    .await?;
    Ok((
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(NewAccessCode {
            ticket,
            access_code,
        }),
    ))
}

/// The demonstration steps still ahead of a ticket in `status`, or `None` if it is finished.
fn demonstration_from(status: TicketStatus) -> Option<usize> {
    match status {
        TicketStatus::Received => Some(0),
        TicketStatus::Accepted => Some(1),
        TicketStatus::InProgress => Some(2),
        TicketStatus::NeedsInfo => Some(3),
        TicketStatus::Completed | TicketStatus::Rejected | TicketStatus::Withdrawn => None,
    }
}

/// Takes the demonstration slot of a ticket, and gives it back when dropped.
struct DemonstrationSlot {
    state: AppState,
    ticket: String,
}

impl DemonstrationSlot {
    fn take(state: &AppState, ticket: &str) -> Option<DemonstrationSlot> {
        let mut running = state.demonstrations.lock().ok()?;
        running
            .insert(ticket.to_owned())
            .then(|| DemonstrationSlot {
                state: state.clone(),
                ticket: ticket.to_owned(),
            })
    }
}

impl Drop for DemonstrationSlot {
    fn drop(&mut self) {
        if let Ok(mut running) = self.state.demonstrations.lock() {
            running.remove(&self.ticket);
        }
    }
}

/// `POST /v1/staff/tickets/{ticket}/demonstration` (demo mode): plays the rest of a
/// realistic life of the request, one real, audited status change every few seconds, in
/// the citizen's language, so that a citizen watching on their phone sees each arrive.
pub async fn demonstrate(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(ticket): Path<String>,
    AppJson(body): AppJson<Demonstration>,
) -> Result<Json<StaffCase>, ApiError> {
    actor.require(CASE_ROLES)?;
    if !state.config.demo {
        return Err(ApiError::new(ErrorCode::NotFound));
    }
    let interval = body
        .interval_seconds
        .unwrap_or(Demonstration::DEFAULT_INTERVAL);
    if !(1..=Demonstration::MAX_INTERVAL).contains(&interval) {
        return Err(ApiError::invalid(vec![messages::body_error(
            "interval_seconds",
            if interval == 0 {
                FieldErrorCode::TooSmall
            } else {
                FieldErrorCode::TooLarge
            },
            locale,
        )]));
    }
    let ticket = number(&ticket);
    let case = state
        .store
        .case(ticket.clone(), actor.category_scope())
        .await?;
    let Some(first) = demonstration_from(case.summary.status) else {
        return Err(ApiError::new(ErrorCode::TransitionNotAllowed));
    };
    let Some(slot) = DemonstrationSlot::take(&state, &ticket) else {
        return Err(ApiError::new(ErrorCode::DemonstrationRunning));
    };
    let citizen_locale = Locale::from_tag(&case.locale).unwrap_or(locale);
    let record = actor.audit(
        AuditAction::DemonstrationStarted,
        Some(ticket.clone()),
        None,
    );
    let case = state
        .store
        .change_case(
            ticket.clone(),
            CaseChange::Note {
                text: messages::demonstration_started(citizen_locale).to_owned(),
                public: false,
            },
            guard(&actor, None),
            record,
        )
        .await?;
    let mut version = case.version;
    let view = case_view(&state, case, locale);
    let steps = messages::demonstration_steps(citizen_locale);
    tokio::spawn(async move {
        let _slot = slot;
        for step in steps.into_iter().skip(first) {
            tokio::time::sleep(Duration::from_secs(u64::from(interval))).await;
            let record = actor.audit(
                AuditAction::StatusChanged,
                Some(ticket.clone()),
                Some(step.status.as_str().to_owned()),
            );
            let moved = state
                .store
                .change_case(
                    ticket.clone(),
                    CaseChange::Status {
                        status: step.status,
                        note: Some(step.note.to_owned()),
                        missing: step.missing.iter().map(|m| (*m).to_owned()).collect(),
                    },
                    // Each step is made against the case as the last one left it.
                    guard(&actor, u64::try_from(version).ok()),
                    record,
                )
                .await;
            // Someone changed the case meanwhile: the demonstration stops where it is.
            match moved {
                Ok(case) => version = case.version,
                Err(e) => {
                    tracing::info!(%ticket, error = %e, "demonstration stopped");
                    break;
                }
            }
        }
    });
    Ok(Json(view))
}

/// `POST /v1/staff/demo/reset` (demo mode, supervisors): forgets every ticket and queue
/// number and writes the synthetic history afresh. Accounts and the audit log stay.
pub async fn reset_demo(
    actor: Actor,
    State(state): State<AppState>,
) -> Result<Json<DemoReset>, ApiError> {
    actor.require(&[StaffRole::Supervisor])?;
    if !state.config.demo {
        return Err(ApiError::new(ErrorCode::NotFound));
    }
    let record = actor.audit(AuditAction::DemoDataReset, None, None);
    state.store.forget_tickets(record).await?;
    admin::add_demo_history(&state).await.map_err(|e| {
        tracing::error!(error = %e, "demo history");
        ApiError::new(ErrorCode::Internal)
    })?;
    let tickets = state.store.ticket_count().await?;
    Ok(Json(DemoReset {
        tickets: u64::try_from(tickets).unwrap_or_default(),
    }))
}
