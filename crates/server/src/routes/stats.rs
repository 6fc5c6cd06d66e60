//! `GET /v1/stats`: the centre's published figures over a period; `GET /v1/staff/stats`: the
//! same per service and officer, for officers (their own) and supervisors.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use banshi_contract::StaffRole;
use banshi_contract::stats::Period;

use super::cases::CASE_ROLES;
use crate::auth::Actor;
use crate::error::ApiError;
use crate::extract::RequestLocale;
use crate::stats::{Audience, Computed};
use crate::{AppState, clock, messages, stats};

/// `GET /v1/stats?from=YYYY-MM-DD&to=YYYY-MM-DD`.
pub async fn public(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let computed = computed(&state, &query, locale, false).await?;
    let mut answer = computed.answer(&state.catalogue, locale, &Audience::Public);
    answer.halls = halls(&state, &computed, locale, false).await?;
    // Shared caches may keep the public figures a little while.
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=60")],
        Json(answer),
    )
        .into_response())
}

/// `GET /v1/staff/stats?from=YYYY-MM-DD&to=YYYY-MM-DD`.
pub async fn staff(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    actor.require(CASE_ROLES)?;
    let computed = computed(&state, &query, locale, true).await?;
    let officer = actor.account.role == StaffRole::Officer;
    let audience = Audience::Staff {
        officer: officer.then(|| actor.account.name.clone()),
        categories: actor.category_scope(),
    };
    let mut answer = computed.answer(&state.catalogue, locale, &audience);
    answer.halls = halls(&state, &computed, locale, true).await?;
    Ok(([(header::CACHE_CONTROL, "private, no-store")], Json(answer)).into_response())
}

/// Each hall's queue figures over the period of `computed`, read afresh: queue numbers move
/// without a ticket changing, so they are not kept with the tickets' figures.
async fn halls(
    state: &AppState,
    computed: &Computed,
    locale: banshi_contract::Locale,
    windows: bool,
) -> Result<Vec<banshi_contract::HallFigures>, ApiError> {
    if state.halls.is_empty() {
        return Ok(Vec::new());
    }
    let day = |d: banshi_contract::stats::Day| d.text().replace('-', "");
    let mut rows = Vec::new();
    for hall in state.halls.iter() {
        let (from, to) = (day(computed.period.from), day(computed.period.to));
        rows.extend(state.store.visit_rows(hall.id.clone(), from, to).await?);
    }
    let halls = state.halls.clone();
    tokio::task::spawn_blocking(move || stats::hall_figures(&halls, &rows, locale, windows))
        .await
        .map_err(|_| ApiError::new(banshi_contract::ErrorCode::Internal))
}

/// The figures of the query's period, computed afresh unless a ticket is unchanged since
/// they were.
async fn computed(
    state: &AppState,
    query: &HashMap<String, String>,
    locale: banshi_contract::Locale,
    staff: bool,
) -> Result<Arc<Computed>, ApiError> {
    let now = clock::now();
    let period = Period::parse(
        query.get("from").map(String::as_str),
        query.get("to").map(String::as_str),
        stats::today(now),
    )
    .map_err(|problem| ApiError::invalid(vec![messages::period_error(problem, locale)]))?;
    let version = state.store.latest_event().await?;
    if let Some(computed) = state.stats.get(period, version) {
        return Ok(computed);
    }
    let (from, until) = stats::bounds(period);
    let rows = state.store.stats_rows(from, until, staff).await?;
    let calendar = state.calendar.clone();
    let computed = tokio::task::spawn_blocking(move || {
        Arc::new(stats::compute(&rows, period, &calendar, now))
    })
    .await
    .map_err(|_| ApiError::new(banshi_contract::ErrorCode::Internal))?;
    state.stats.put(period, version, computed.clone());
    Ok(computed)
}
