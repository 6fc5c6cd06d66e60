//! The optional halls module: live queue status and remote queue numbers.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use banshi_contract::{ErrorCode, Hall, HallWindow, Locale, QueueLine, QueueNumber};

use crate::error::ApiError;
use crate::extract::RequestLocale;
use crate::seed::{HallDoc, LineDoc};
use crate::store::LineState;
use crate::{AppState, clock};

/// A queue number as shown to people: line letter and three digits, e.g. `A007`.
pub fn display_number(line: &str, seq: i64) -> String {
    format!("{line}{seq:03}")
}

/// The line's live view, from today's state.
pub fn line_view(line: &LineDoc, state: Option<&LineState>, locale: Locale) -> QueueLine {
    QueueLine {
        code: line.code.clone(),
        name: line.name.get(locale).to_owned(),
        now_serving: state
            .and_then(|s| s.now_serving)
            .map(|n| display_number(&line.code, n)),
        waiting: state.map_or(0, |s| s.waiting),
        minutes_per_person: line.minutes_per_person,
    }
}

async fn hall_view(state: &AppState, hall: &HallDoc, locale: Locale) -> Result<Hall, ApiError> {
    let now = clock::now();
    let lines = state
        .store
        .line_states(
            hall.id.clone(),
            crate::hall::day(crate::hall::zone(hall), now),
        )
        .await?;
    Ok(Hall {
        id: hall.id.clone(),
        name: hall.name.get(locale).to_owned(),
        address: hall.address.get(locale).to_owned(),
        hours: hall.hours.get(locale).to_owned(),
        time_zone: hall.time_zone.clone(),
        opening: hall.opening.clone(),
        open_now: crate::hall::is_open(hall, &state.calendar, now),
        windows: hall
            .windows
            .iter()
            .map(|w| HallWindow {
                number: w.number,
                name: w.name.get(locale).to_owned(),
                lines: w.lines.clone(),
            })
            .collect(),
        lines: hall
            .lines
            .iter()
            .map(|l| line_view(l, lines.iter().find(|s| s.line == l.code), locale))
            .collect(),
        updated_at: clock::rfc3339(now),
    })
}

/// The hall and line named in a path, or `not_found`.
pub fn find_line<'a>(
    state: &'a AppState,
    hall: &str,
    line: &str,
) -> Result<(&'a HallDoc, &'a LineDoc), ApiError> {
    let hall = state
        .halls
        .iter()
        .find(|h| h.id == hall)
        .ok_or(ApiError::new(ErrorCode::NotFound))?;
    let line = hall
        .lines
        .iter()
        .find(|l| l.code.eq_ignore_ascii_case(line))
        .ok_or(ApiError::new(ErrorCode::NotFound))?;
    Ok((hall, line))
}

pub async fn list(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
) -> Result<Json<Vec<Hall>>, ApiError> {
    let mut halls = Vec::with_capacity(state.halls.len());
    for hall in state.halls.iter() {
        halls.push(hall_view(&state, hall, locale).await?);
    }
    Ok(Json(halls))
}

pub async fn one(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(id): Path<String>,
) -> Result<Json<Hall>, ApiError> {
    let hall = state
        .halls
        .iter()
        .find(|h| h.id == id)
        .ok_or(ApiError::new(ErrorCode::NotFound))?;
    Ok(Json(hall_view(&state, hall, locale).await?))
}

pub async fn take_number(
    State(state): State<AppState>,
    Path((hall, line)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (hall, line) = find_line(&state, &hall, &line)?;
    let now = clock::now();
    let (seq, ahead) = state
        .store
        .take_number(
            hall.id.clone(),
            line.code.clone(),
            crate::hall::day(crate::hall::zone(hall), now),
            clock::rfc3339(now),
        )
        .await?;
    let number = QueueNumber {
        number: display_number(&line.code, seq),
        hall: hall.id.clone(),
        line: line.code.clone(),
        ahead,
        estimated_wait_minutes: ahead * line.minutes_per_person,
        issued_at: clock::rfc3339(now),
    };
    Ok((StatusCode::CREATED, Json(number)).into_response())
}
