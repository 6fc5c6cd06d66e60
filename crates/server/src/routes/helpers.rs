//! `GET`/`POST /v1/staff/helpers` and `PATCH /v1/staff/helpers/{id}`: the list of helpers for
//! assisted service (帮办代办), kept by supervisors. Helpers are records, not accounts.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use banshi_contract::{AuditAction, FieldError, Helper, HelperRecord, Locale, StaffRole};

use crate::auth::Actor;
use crate::error::ApiError;
use crate::extract::{AppJson, RequestLocale};
use crate::{AppState, codes, messages};

const SUPERVISORS: &[StaffRole] = &[StaffRole::Supervisor];

/// `record` trimmed and checked, the phone number digits only.
fn checked(record: HelperRecord, locale: Locale) -> Result<HelperRecord, ApiError> {
    let errors: Vec<FieldError> = record
        .problems()
        .into_iter()
        .map(|i| messages::body_error_as(&i.field, &format!("helper.{}", i.field), i.code, locale))
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(HelperRecord {
        name: record.name.trim().to_owned(),
        phone: codes::normalise_phone(record.phone.trim()),
        note: record.note.trim().to_owned(),
        active: record.active,
    })
}

/// `GET /v1/staff/helpers`: every helper, active ones first.
pub async fn list(
    actor: Actor,
    State(state): State<AppState>,
) -> Result<Json<Vec<Helper>>, ApiError> {
    actor.require(SUPERVISORS)?;
    Ok(Json(state.store.helpers().await?))
}

/// `POST /v1/staff/helpers`: a new helper.
pub async fn add(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    AppJson(body): AppJson<HelperRecord>,
) -> Result<(StatusCode, Json<Helper>), ApiError> {
    actor.require(SUPERVISORS)?;
    let record = checked(body, locale)?;
    let audit = actor.audit(AuditAction::HelperAdded, None, Some(record.name.clone()));
    let helper = state.store.add_helper(record, audit).await?;
    Ok((StatusCode::CREATED, Json(helper)))
}

/// `PATCH /v1/staff/helpers/{id}`: a helper's new record (set `active: false` to stop
/// confirming help with them; help already confirmed stands).
pub async fn change(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(id): Path<i64>,
    AppJson(body): AppJson<HelperRecord>,
) -> Result<Json<Helper>, ApiError> {
    actor.require(SUPERVISORS)?;
    let record = checked(body, locale)?;
    let detail = format!(
        "{}{}",
        record.name,
        if record.active { "" } else { " (inactive)" }
    );
    let audit = actor.audit(
        AuditAction::HelperChanged,
        Some(id.to_string()),
        Some(detail),
    );
    Ok(Json(state.store.change_helper(id, record, audit).await?))
}
