//! The counter console's calls (clerks and supervisors): call the next number to a window
//! (`POST /v1/staff/halls/{id}/windows/{window}/call`: priority first, then the longest
//! waiting of the lines served) and a clerk's action on a number (`POST
//! /v1/staff/halls/{id}/numbers/{number}`: recall, missed, serve, finish, transfer,
//! priority). Each is audited; the single writer makes sure two clerks never get the same
//! number.

use axum::Json;
use axum::extract::{Path, State};
use banshi_contract::{
    AuditAction, CallNext, ClerkAction, ClerkActionKind, ErrorCode, FieldErrorCode, QueueNumber,
    WindowPause,
};

use super::halls::{find_hall, number_key, number_view};
use super::staff::HALL_ROLES;
use crate::auth::Actor;
use crate::error::ApiError;
use crate::extract::{AppJson, RequestLocale};
use crate::seed::{HallDoc, WindowDoc};
use crate::store::ActionTimes;
use crate::{AppState, clock, messages};

/// The hall and window a path names, or `not_found`.
fn find_window<'a>(
    state: &'a AppState,
    hall: &str,
    window: u32,
) -> Result<(&'a HallDoc, &'a WindowDoc), ApiError> {
    let hall = find_hall(state, hall)?;
    let window = hall
        .windows
        .iter()
        .find(|w| w.number == window)
        .ok_or(ApiError::new(ErrorCode::NotFound))?;
    Ok((hall, window))
}

/// `POST /v1/staff/halls/{id}/windows/{window}/call`.
pub async fn call_to_window(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path((hall, window)): Path<(String, u32)>,
    AppJson(body): AppJson<CallNext>,
) -> Result<Json<QueueNumber>, ApiError> {
    actor.require(HALL_ROLES)?;
    let (hall, window) = find_window(&state, &hall, window)?;
    let lines = if body.lines.is_empty() {
        window.lines.clone()
    } else {
        body.lines
    };
    if lines.iter().any(|l| !window.lines.contains(l)) {
        return Err(ApiError::invalid(vec![messages::body_error(
            "lines",
            FieldErrorCode::NotAnOption,
            locale,
        )]));
    }
    let audit = actor.audit(
        AuditAction::NumberCalled,
        Some(format!("{}/{}", hall.id, window.number)),
        None,
    );
    let called = state
        .store
        .call_next(
            hall.id.clone(),
            crate::hall::day(crate::hall::zone(hall), clock::now()),
            lines,
            Some(window.number),
            audit,
        )
        .await?;
    Ok(Json(number_view(hall, called)))
}

/// `GET /v1/staff/halls/{id}/numbers/{number}`: today's number as the counter sees it.
pub async fn number(
    actor: Actor,
    State(state): State<AppState>,
    Path((hall, number)): Path<(String, String)>,
) -> Result<Json<QueueNumber>, ApiError> {
    actor.require(HALL_ROLES)?;
    let (hall, key) = number_key(&state, &hall, &number)?;
    Ok(Json(number_view(
        hall,
        state.store.staff_number(key).await?,
    )))
}

/// `POST /v1/staff/halls/{id}/windows/{window}/pause`: the clerk pauses the window (no
/// number is called to it) or opens it again; audited as `window_paused`.
pub async fn pause_window(
    actor: Actor,
    State(state): State<AppState>,
    Path((hall, window)): Path<(String, u32)>,
    AppJson(body): AppJson<WindowPause>,
) -> Result<Json<WindowPause>, ApiError> {
    actor.require(HALL_ROLES)?;
    let (hall, _) = find_window(&state, &hall, window)?;
    let audit = actor.audit(AuditAction::WindowPaused, Some(hall.id.clone()), None);
    state
        .store
        .pause_window(hall.id.clone(), window, body.paused, audit)
        .await?;
    Ok(Json(body))
}

/// `POST /v1/staff/halls/{id}/numbers/{number}`.
pub async fn handle_number(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path((hall, number)): Path<(String, String)>,
    AppJson(action): AppJson<ClerkAction>,
) -> Result<Json<QueueNumber>, ApiError> {
    actor.require(HALL_ROLES)?;
    let (hall, key) = number_key(&state, &hall, &number)?;
    let problem = match (action.action, &action.line) {
        (ClerkActionKind::Unknown, _) => Some(("action", FieldErrorCode::NotAnOption)),
        (ClerkActionKind::Transfer, None) => Some(("line", FieldErrorCode::Required)),
        (ClerkActionKind::Transfer, Some(line)) if !hall.lines.iter().any(|l| &l.code == line) => {
            Some(("line", FieldErrorCode::NotAnOption))
        }
        _ => None,
    };
    if let Some((field, code)) = problem {
        return Err(ApiError::invalid(vec![messages::body_error(
            field, code, locale,
        )]));
    }
    let now = clock::now();
    let gap = chrono::Duration::from_std(state.config.recall_gap)
        .unwrap_or(chrono::Duration::seconds(ClerkAction::RECALL_GAP_SECONDS));
    let times = ActionTimes {
        now: clock::rfc3339(now),
        key_now: clock::rfc3339_millis(now),
        recall_before: clock::rfc3339_millis(now - gap),
    };
    let audit = actor.audit(AuditAction::NumberHandled, Some(hall.id.clone()), None);
    let changed = state.store.clerk_action(key, action, times, audit).await?;
    Ok(Json(number_view(hall, changed)))
}
