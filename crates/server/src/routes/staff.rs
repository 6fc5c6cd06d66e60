//! Staff endpoints behind the bearer token: list tickets, move them along, call numbers.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use banshi_contract::{FieldError, FieldErrorCode, QueueLine, StaffTicket, StatusChange, Ticket};
use serde::Deserialize;

use super::bad_parameter;
use super::halls::{find_line, line_view};
use super::tickets::ticket_view;
use crate::error::ApiError;
use crate::extract::{AppJson, RequestLocale, Staff};
use crate::{AppState, clock, messages};

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    limit: Option<u32>,
}

pub async fn tickets(
    _: Staff,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Vec<StaffTicket>>, ApiError> {
    let Query(query) = query.map_err(bad_parameter)?;
    let limit = query.limit.unwrap_or(50).clamp(1, 200);
    let mut tickets = state.store.recent_tickets(limit).await?;
    for t in &mut tickets {
        t.service_name = state.catalogue.service(&t.service_code).map_or_else(
            || t.service_code.clone(),
            |s| s.service_name.get(locale).to_owned(),
        );
    }
    Ok(Json(tickets))
}

pub async fn change_status(
    _: Staff,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(ticket): Path<String>,
    AppJson(change): AppJson<StatusChange>,
) -> Result<Json<Ticket>, ApiError> {
    let note = change
        .note
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty());
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > StatusChange::MAX_NOTE)
    {
        let code = FieldErrorCode::TooLong;
        let field = messages::body_field("note", locale);
        return Err(ApiError::invalid(vec![FieldError {
            field: "note".into(),
            code,
            message: messages::field_message(code, Some(&field), "note", locale),
        }]));
    }
    let stored = state
        .store
        .change_status(
            ticket.trim().to_ascii_uppercase(),
            change.status,
            note,
            clock::rfc3339(clock::now()),
        )
        .await?;
    Ok(Json(ticket_view(&state, stored, locale)))
}

pub async fn call_next(
    _: Staff,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path((hall, line)): Path<(String, String)>,
) -> Result<Json<QueueLine>, ApiError> {
    let (hall, line) = find_line(&state, &hall, &line)?;
    let now = clock::now();
    state
        .store
        .call_next(
            hall.id.clone(),
            line.code.clone(),
            clock::day(now),
            clock::rfc3339(now),
        )
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
