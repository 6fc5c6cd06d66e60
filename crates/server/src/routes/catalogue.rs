//! Read-only catalogue endpoints: categories, services and tutorials.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use banshi_contract::ErrorCode;
use serde::Deserialize;

use super::{bad_parameter, cacheable};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::RequestLocale;

#[derive(Debug, Deserialize)]
pub struct ServiceQuery {
    category: Option<String>,
    q: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct TutorialQuery {
    category: Option<String>,
    service: Option<String>,
    q: Option<String>,
}

pub async fn categories(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
) -> Response {
    cacheable(Json(state.catalogue.categories(locale)))
}

pub async fn services(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    query: Result<Query<ServiceQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(bad_parameter)?;
    let found = state.catalogue.search_services(
        query.category.as_deref().filter(|c| !c.is_empty()),
        query.q.as_deref(),
        locale,
    );
    Ok(cacheable(Json(found)))
}

pub async fn service(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let service = state
        .catalogue
        .service(&code)
        .ok_or(ApiError::new(ErrorCode::NotFound))?;
    Ok(cacheable(Json(
        state.catalogue.localised_service(service, locale),
    )))
}

pub async fn tutorials(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    query: Result<Query<TutorialQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(bad_parameter)?;
    let found = state.catalogue.search_tutorials(
        query.category.as_deref().filter(|c| !c.is_empty()),
        query.service.as_deref().filter(|s| !s.is_empty()),
        query.q.as_deref(),
        locale,
    );
    Ok(cacheable(Json(found)))
}

pub async fn tutorial(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let tutorial = state
        .catalogue
        .tutorial(&id)
        .ok_or(ApiError::new(ErrorCode::NotFound))?;
    Ok(cacheable(Json(tutorial.localise(locale))))
}
