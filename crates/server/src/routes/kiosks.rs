//! Kiosk enrolment: a supervisor makes a single-use link for a hall; the terminal that opens
//! it enrols itself and keeps a long-lived device token, until a supervisor revokes it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use banshi_contract::staff::label_error;
use banshi_contract::{
    AuditAction, EnrolledKiosk, ErrorCode, FieldErrorCode, KIOSK_TOKEN_HEADER, Kiosk, KioskEnrol,
    KioskEnrolment, NewKioskEnrolment, StaffRole,
};

use crate::auth::{self, Actor};
use crate::error::ApiError;
use crate::extract::{AppJson, ClientIp, RequestLocale};
use crate::store::AuditRecord;
use crate::{AppState, clock, codes, messages};

/// How long an enrolment link works.
const ENROLMENT_HOURS: i64 = 24;

/// `POST /v1/staff/kiosk-enrolments`.
pub async fn create_enrolment(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    AppJson(body): AppJson<NewKioskEnrolment>,
) -> Result<(StatusCode, Json<KioskEnrolment>), ApiError> {
    actor.require(&[StaffRole::Supervisor])?;
    let mut errors = Vec::new();
    if !state.halls.iter().any(|h| h.id == body.hall_id) {
        errors.push(messages::body_error(
            "hall_id",
            FieldErrorCode::NotAnOption,
            locale,
        ));
    }
    if let Some(code) = label_error(&body.label) {
        errors.push(messages::body_error("label", code, locale));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let code = auth::new_secret("")?;
    let label = body.label.trim().to_owned();
    let expires_at = clock::rfc3339(clock::now() + chrono::Duration::hours(ENROLMENT_HOURS));
    let audit = actor.audit(
        AuditAction::KioskEnrolmentCreated,
        Some(format!("{} · {label}", body.hall_id)),
        None,
    );
    state
        .store
        .add_kiosk_enrolment(
            codes::digest(&code),
            body.hall_id.clone(),
            label.clone(),
            expires_at.clone(),
            audit,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(KioskEnrolment {
            code,
            hall_id: body.hall_id,
            label,
            expires_at,
        }),
    ))
}

/// `GET /v1/staff/kiosks`.
pub async fn list(
    actor: Actor,
    State(state): State<AppState>,
) -> Result<Json<Vec<Kiosk>>, ApiError> {
    actor.require(&[StaffRole::Supervisor])?;
    Ok(Json(state.store.kiosks().await?))
}

/// `POST /v1/staff/kiosks/{id}/revoke`.
pub async fn revoke(
    actor: Actor,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Kiosk>, ApiError> {
    actor.require(&[StaffRole::Supervisor])?;
    let audit = actor.audit(AuditAction::KioskRevoked, Some(format!("kiosk {id}")), None);
    Ok(Json(state.store.revoke_kiosk(id, audit).await?))
}

/// `POST /v1/kiosks`: the terminal enrols with the code from its link. A used, expired or
/// unknown code is `not_found`; guesses count against the client's lookup limit.
pub async fn enrol(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    AppJson(body): AppJson<KioskEnrol>,
) -> Result<(StatusCode, Json<EnrolledKiosk>), ApiError> {
    state.lookups.check(ip).map_err(ApiError::rate_limited)?;
    let device_token = auth::new_secret(auth::KIOSK_TOKEN_PREFIX)?;
    let audit = AuditRecord {
        at: clock::rfc3339(clock::now()),
        actor: None,
        action: AuditAction::KioskEnrolled,
        target: None,
        detail: None,
        client: ip.to_string(),
    };
    let kiosk = state
        .store
        .enrol_kiosk(
            codes::digest(body.code.trim()),
            codes::digest(&device_token),
            audit,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(EnrolledKiosk {
            kiosk,
            device_token,
        }),
    ))
}

/// `GET /v1/kiosk`: the kiosk whose device token is in the header, or `unauthorized`.
pub async fn this_kiosk(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Kiosk>, ApiError> {
    let token = headers
        .get(KIOSK_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if token.is_empty() {
        return Err(ApiError::new(ErrorCode::Unauthorized));
    }
    state
        .store
        .kiosk_by_token(codes::digest(token.trim()))
        .await?
        .map(Json)
        .ok_or(ApiError::new(ErrorCode::Unauthorized))
}
