//! Staff calls on tickets and queues, by role: officers and supervisors list and move
//! tickets (an officer only those of their categories), clerks and supervisors call numbers.
//! Each action is audited in the same transaction as the action itself.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use banshi_contract::{
    AuditAction, FieldErrorCode, QueueLine, StaffRole, StaffTicket, StatusChange, Ticket,
};
use serde::Deserialize;

use super::bad_parameter;
use super::halls::{find_line, line_view};
use super::tickets::ticket_view;
use crate::auth::Actor;
use crate::error::ApiError;
use crate::extract::{AppJson, RequestLocale};
use crate::{AppState, clock, messages};

/// Roles that handle cases.
const CASE_ROLES: &[StaffRole] = &[StaffRole::Officer, StaffRole::Supervisor];
/// Roles that work the hall.
const HALL_ROLES: &[StaffRole] = &[StaffRole::Clerk, StaffRole::Supervisor];

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    limit: Option<u32>,
}

pub async fn tickets(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Vec<StaffTicket>>, ApiError> {
    actor.require(CASE_ROLES)?;
    let Query(query) = query.map_err(bad_parameter)?;
    let limit = query.limit.unwrap_or(50).clamp(1, 200);
    let mut tickets = state
        .store
        .recent_tickets(limit, actor.category_scope())
        .await?;
    for t in &mut tickets {
        t.service_name = state.catalogue.service(&t.service_code).map_or_else(
            || t.service_code.clone(),
            |s| s.service_name.get(locale).to_owned(),
        );
    }
    Ok(Json(tickets))
}

pub async fn change_status(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(ticket): Path<String>,
    AppJson(change): AppJson<StatusChange>,
) -> Result<Json<Ticket>, ApiError> {
    actor.require(CASE_ROLES)?;
    let note = change
        .note
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty());
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > StatusChange::MAX_NOTE)
    {
        return Err(ApiError::invalid(vec![messages::body_error(
            "note",
            FieldErrorCode::TooLong,
            locale,
        )]));
    }
    let ticket = ticket.trim().to_ascii_uppercase();
    let audit = actor.audit(
        AuditAction::StatusChanged,
        Some(ticket.clone()),
        Some(change.status.as_str().to_owned()),
    );
    let stored = state
        .store
        .change_status(ticket, change.status, note, actor.category_scope(), audit)
        .await?;
    Ok(Json(ticket_view(&state, stored, locale)))
}

pub async fn call_next(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path((hall, line)): Path<(String, String)>,
) -> Result<Json<QueueLine>, ApiError> {
    actor.require(HALL_ROLES)?;
    let (hall, line) = find_line(&state, &hall, &line)?;
    let now = clock::now();
    let audit = actor.audit(
        AuditAction::NumberCalled,
        Some(format!("{}/{}", hall.id, line.code)),
        None,
    );
    state
        .store
        .call_next(hall.id.clone(), line.code.clone(), clock::day(now), audit)
        .await?;
    let states = state
        .store
        .line_states(hall.id.clone(), clock::day(now))
        .await?;
    Ok(Json(line_view(
        line,
        states.iter().find(|s| s.line == line.code),
        locale,
    )))
}
