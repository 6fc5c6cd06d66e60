//! Closing the loop after a bad rating: the officer's rework steps
//! (`POST /v1/staff/tickets/{ticket}/rework`), supervisors' rulings
//! (`…/rating/ruling`), the ledger (`GET /v1/staff/bad-ratings`) and the citizen's
//! satisfaction with the rework (`POST /v1/tickets/{ticket}/rework/rating`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use banshi_contract::{
    AuditAction, BadRating, BadRatingLedger, CitizenRework, RatingRuling, RatingSubmission,
    RecordedRuling, ReworkAction, ReworkStage, ReworkStep, StaffCase, StaffRework, StaffRole,
};

use super::cases::{CASE_ROLES, change, number};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::extract::{AppJson, ClientIp, RequestLocale};
use crate::store::{CaseChange, StoredRework, StoredRuling};
use crate::{AppState, clock, messages};

/// Whether the rework's result is late at `now`: written after `due_at`, or still to be
/// written when `due_at` has passed.
pub fn overdue(rework: &StoredRework, now: chrono::DateTime<chrono::FixedOffset>) -> bool {
    let parse = |at: &str| chrono::DateTime::parse_from_rfc3339(at).ok();
    let Some(due) = parse(&rework.due_at) else {
        return false;
    };
    match rework.fixed_at.as_deref().and_then(parse) {
        Some(fixed) => fixed > due,
        None => rework.stage.is_open() && now > due,
    }
}

/// What staff see of a rework task.
pub fn staff_rework(rework: StoredRework) -> StaffRework {
    StaffRework {
        overdue: overdue(&rework, clock::now()),
        stage: rework.stage,
        officer: rework.officer,
        opened_at: rework.opened_at,
        due_at: rework.due_at,
        finding: rework.finding,
        result: rework.result,
        fixed_at: rework.fixed_at,
        satisfaction: rework.satisfaction,
    }
}

/// What the citizen sees of a rework task: never the finding or the officer.
pub fn citizen_rework(rework: StoredRework) -> CitizenRework {
    CitizenRework {
        can_rate: rework.stage == ReworkStage::CallBack,
        stage: rework.stage,
        due_at: rework.due_at,
        result: rework.result,
        fixed_at: rework.fixed_at,
        satisfaction: rework.satisfaction,
    }
}

/// A ruling as the contract shows it.
pub fn recorded_ruling(ruling: StoredRuling) -> RecordedRuling {
    RecordedRuling {
        ruling: ruling.ruling,
        reason: ruling.reason,
        by: ruling.by,
        at: ruling.at,
    }
}

/// Refuses a body with `problems`, its member `text` worded as the body field `like`.
fn reject(
    problems: Vec<(&'static str, banshi_contract::FieldErrorCode)>,
    text: &str,
    like: &str,
    locale: banshi_contract::Locale,
) -> Result<(), ApiError> {
    let errors: Vec<_> = problems
        .into_iter()
        .map(|(field, code)| {
            let like = if field == text { like } else { field };
            messages::body_error_as(field, like, code, locale)
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid(errors))
    }
}

/// `POST /v1/staff/tickets/{ticket}/rework`: an officer of the case's category, or a
/// supervisor, takes the rework's next step.
pub async fn rework_step(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(ticket): Path<String>,
    AppJson(body): AppJson<ReworkStep>,
) -> Result<Json<StaffCase>, ApiError> {
    actor.require(CASE_ROLES)?;
    reject(body.problems(), "note", "rework.note", locale)?;
    let action = match body.action {
        ReworkAction::Verified => "verified",
        ReworkAction::Fixed => "fixed",
        ReworkAction::CalledBack => "called_back",
    };
    let note = Some(body.note.trim().to_owned()).filter(|n| !n.is_empty());
    change(
        &state,
        &actor,
        number(&ticket),
        CaseChange::Rework {
            action: body.action,
            note,
            satisfaction: body.satisfaction,
        },
        body.version,
        (AuditAction::ReworkStep, Some(action.to_owned())),
        locale,
    )
    .await
}

/// `POST /v1/staff/tickets/{ticket}/rating/ruling`: a supervisor rules a bad rating mistaken
/// or malicious; it stays, and counts in no figure.
pub async fn rule(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(ticket): Path<String>,
    AppJson(body): AppJson<RatingRuling>,
) -> Result<Json<StaffCase>, ApiError> {
    actor.require(&[StaffRole::Supervisor])?;
    reject(body.problems(), "reason", "ruling.reason", locale)?;
    change(
        &state,
        &actor,
        number(&ticket),
        CaseChange::Ruling {
            ruling: body.ruling,
            reason: body.reason.trim().to_owned(),
            unsatisfactory_at_most: RatingSubmission::UNSATISFACTORY_AT_MOST,
        },
        None,
        (
            AuditAction::RatingRuled,
            Some(body.ruling.as_str().to_owned()),
        ),
        locale,
    )
    .await
}

/// `GET /v1/staff/bad-ratings`: the ledger of bad ratings; an officer's own rework only.
pub async fn ledger(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
) -> Result<Json<BadRatingLedger>, ApiError> {
    actor.require(CASE_ROLES)?;
    let officer = (actor.account.role == StaffRole::Officer).then(|| actor.account.name.clone());
    let rows = state
        .store
        .bad_ratings(officer, BadRatingLedger::MAX)
        .await?;
    let items = rows
        .into_iter()
        .map(|row| BadRating {
            service_name: super::tickets::service_name(&state, &row.service_code, locale),
            ticket: row.ticket,
            score: row.score,
            comment: row.comment,
            rated_at: row.rated_at,
            rework: staff_rework(row.rework),
            ruling: row.ruling.map(recorded_ruling),
        })
        .collect();
    Ok(Json(BadRatingLedger { items }))
}

/// `POST /v1/tickets/{ticket}/rework/rating`: the citizen's satisfaction with the rework
/// (回访满意度), once its result is written; answered with the ticket.
pub async fn rate_rework(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    client: ClientIp,
    Path(ticket): Path<String>,
    headers: HeaderMap,
    AppJson(rating): AppJson<RatingSubmission>,
) -> Result<Response, ApiError> {
    let (ticket, access_hash) = super::tickets::credentials(&state, client, &ticket, &headers)?;
    let errors = super::tickets::rating_errors(&rating, locale);
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    state
        .store
        .rate_rework(
            ticket.clone(),
            access_hash.clone(),
            rating.score,
            rating.comment.trim().to_owned(),
            clock::rfc3339(clock::now()),
        )
        .await?;
    let stored = state.store.ticket(ticket, access_hash).await?;
    Ok(super::tickets::changed_ticket(&state, stored, locale, StatusCode::CREATED).into_response())
}

/// When the rework of a bad rating given now is due.
pub fn rework_due(state: &AppState) -> String {
    clock::rfc3339(clock::expected(
        &state.calendar,
        clock::now(),
        state.config.rework_days,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rework(stage: ReworkStage, fixed_at: Option<&str>) -> StoredRework {
        StoredRework {
            stage,
            officer: None,
            opened_at: "2026-11-02T10:00:00+08:00".into(),
            due_at: "2026-11-20T18:00:00+08:00".into(),
            finding: None,
            result: None,
            fixed_at: fixed_at.map(str::to_owned),
            satisfaction: None,
            closed_at: None,
        }
    }

    #[test]
    fn a_rework_is_overdue_when_its_result_is_late_or_still_missing_after_the_deadline() {
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).expect("a time");
        let before = at("2026-11-19T09:00:00+08:00");
        let after = at("2026-11-21T09:00:00+08:00");
        assert!(!overdue(&rework(ReworkStage::Verifying, None), before));
        assert!(overdue(&rework(ReworkStage::Fixing, None), after));
        let on_time = rework(ReworkStage::CallBack, Some("2026-11-20T17:00:00+08:00"));
        assert!(!overdue(&on_time, after));
        let late = rework(ReworkStage::Closed, Some("2026-11-20T18:30:00+08:00"));
        assert!(overdue(&late, after));
        // Ruled out before any result: not late, whatever the time.
        assert!(!overdue(&rework(ReworkStage::Closed, None), after));
    }
}
