//! Staff sign-in and accounts: sessions (sign in, who am I, sign out), changing one's own
//! password, and for supervisors the accounts, their API tokens and the audit log.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use banshi_contract::staff::{account_name_error, label_error, new_password_error};
use banshi_contract::{
    AccountChange, ApiToken, AuditAction, AuditEntry, ErrorCode, FieldError, FieldErrorCode,
    Locale, NewAccount, OneTimePassword, PasswordChange, SignIn, StaffAccount, StaffRole,
    StaffSession,
};
use serde::Deserialize;

use super::bad_parameter;
use crate::auth::{self, Actor, Credential, SignedIn};
use crate::error::ApiError;
use crate::extract::{AppJson, ClientIp, RequestLocale};
use crate::store::{AuditFilter, AuditRecord, NewAccountRow};
use crate::{AppState, clock, codes, messages};

const SUPERVISOR: &[StaffRole] = &[StaffRole::Supervisor];

fn session_view(state: &AppState, account: StaffAccount, credential: &Credential) -> StaffSession {
    StaffSession {
        account,
        csrf_token: match credential {
            Credential::Session { csrf_token, .. } => csrf_token.clone(),
            Credential::Token(_) => String::new(),
        },
        idle_timeout_minutes: u32::try_from(state.config.staff_idle.as_secs() / 60)
            .unwrap_or(u32::MAX),
        demo_mode: state.config.demo,
    }
}

fn invalid(errors: Vec<(&str, FieldErrorCode)>, locale: Locale) -> Result<(), ApiError> {
    if errors.is_empty() {
        return Ok(());
    }
    Err(ApiError::invalid(
        errors
            .into_iter()
            .map(|(field, code)| messages::body_error(field, code, locale))
            .collect::<Vec<FieldError>>(),
    ))
}

/// `POST /v1/staff/session`: signs in. An unknown name, a wrong password and a disabled
/// account get the same answer after the same work; attempts are limited per client and
/// per name.
pub async fn sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    AppJson(body): AppJson<SignIn>,
) -> Result<Response, ApiError> {
    let name = body.name.trim().to_lowercase();
    state
        .sign_ins_by_client
        .check(ip)
        .map_err(ApiError::rate_limited)?;
    // A name that cannot be an account (perhaps a password typed in the wrong box) is neither
    // kept in the limiter nor written to the audit log.
    let well_formed = account_name_error(&name).is_none();
    if well_formed {
        state.sign_ins_by_name.check(name.clone()).map_err(|wait| {
            tracing::warn!(%name, %ip, "sign-in attempts over the limit for this account");
            ApiError::rate_limited(wait)
        })?;
    }
    let row = if well_formed {
        state.store.account(name.clone()).await?
    } else {
        None
    };
    let hash = row.as_ref().map(|r| r.password_hash.clone());
    let password = body.password;
    let matches = auth::blocking(move || auth::verify_password(hash.as_deref(), &password)).await?;
    let failure = match &row {
        None if well_formed => Some("unknown account"),
        None => Some("not a sign-in name"),
        Some(_) if !matches => Some("wrong password"),
        Some(r) if r.account.disabled => Some("account disabled"),
        Some(_) => None,
    };
    let record = |action, detail: Option<&str>| AuditRecord {
        at: clock::rfc3339(clock::now()),
        actor: well_formed.then(|| name.clone()),
        action,
        target: None,
        detail: detail.map(str::to_owned),
        client: ip.to_string(),
    };
    let (Some(row), None) = (row, failure) else {
        state
            .store
            .audit(record(AuditAction::SignInFailed, failure))
            .await?;
        return Err(ApiError::new(ErrorCode::SignInFailed));
    };
    // Only failures count against the account: its own staff signing in often is no attack.
    state.sign_ins_by_name.give_back(&name);
    let secret = auth::new_secret("")?;
    let csrf_token = auth::new_secret("")?;
    let id_hash = codes::digest(&secret);
    let account = state
        .store
        .start_session(
            row.id,
            id_hash.clone(),
            csrf_token.clone(),
            record(AuditAction::SignIn, None),
        )
        .await?;
    let view = session_view(
        &state,
        account,
        &Credential::Session {
            id_hash,
            csrf_token,
        },
    );
    let cookie = auth::session_cookie(Some(&secret), auth::wants_secure_cookie(&state, &headers));
    Ok((
        [
            (header::SET_COOKIE, cookie),
            (
                header::CACHE_CONTROL,
                "no-store"
                    .parse()
                    .map_err(|_| ApiError::new(ErrorCode::Internal))?,
            ),
        ],
        Json(view),
    )
        .into_response())
}

/// `GET /v1/staff/session`: who is signed in.
pub async fn session(
    SignedIn(actor): SignedIn,
    State(state): State<AppState>,
) -> Json<StaffSession> {
    Json(session_view(&state, actor.account, &actor.credential))
}

/// `DELETE /v1/staff/session`: signs out; the cookie is cleared and the session ended.
pub async fn sign_out(
    SignedIn(actor): SignedIn,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(id_hash) = actor.session() {
        let audit = actor.audit(AuditAction::SignOut, None, None);
        state
            .store
            .end_session(id_hash.to_owned(), audit.at.clone(), Some(audit))
            .await?;
    }
    let cookie = auth::session_cookie(None, auth::wants_secure_cookie(&state, &headers));
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// `POST /v1/staff/password`: changes one's own password (the one-time password first).
/// Other sessions of the account end.
pub async fn change_password(
    SignedIn(actor): SignedIn,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    AppJson(body): AppJson<PasswordChange>,
) -> Result<Json<StaffSession>, ApiError> {
    state
        .sign_ins_by_name
        .check(actor.account.name.clone())
        .map_err(ApiError::rate_limited)?;
    let hash = actor.password_hash.clone();
    let current = body.current_password.clone();
    let matches = auth::blocking(move || auth::verify_password(Some(&hash), &current)).await?;
    let mut errors = Vec::new();
    if !matches {
        errors.push(("current_password", FieldErrorCode::Incorrect));
    }
    if let Some(code) = new_password_error(
        &actor.account.name,
        &body.current_password,
        &body.new_password,
    ) {
        errors.push(("new_password", code));
    }
    invalid(errors, locale)?;
    let password = body.new_password;
    let hash = auth::blocking(move || auth::hash_password(&password))
        .await?
        .map_err(|_| ApiError::new(ErrorCode::Internal))?;
    let audit = actor.audit(AuditAction::PasswordChanged, None, None);
    let keep = actor.session().map(str::to_owned);
    let account = state
        .store
        .set_password(actor.id, hash, false, keep, audit)
        .await?;
    Ok(Json(session_view(&state, account, &actor.credential)))
}

/// `GET /v1/staff/accounts`.
pub async fn accounts(
    actor: Actor,
    State(state): State<AppState>,
) -> Result<Json<Vec<StaffAccount>>, ApiError> {
    actor.require(SUPERVISOR)?;
    Ok(Json(state.store.accounts().await?))
}

fn category_errors(
    state: &AppState,
    role: StaffRole,
    categories: &[String],
) -> Option<FieldErrorCode> {
    let known = |code: &String| state.catalogue.categories.iter().any(|c| &c.code == code);
    let mut seen = std::collections::HashSet::new();
    if categories.iter().any(|c| !known(c) || !seen.insert(c)) {
        Some(FieldErrorCode::NotAnOption)
    } else if role == StaffRole::Officer && categories.is_empty() {
        Some(FieldErrorCode::Required)
    } else {
        None
    }
}

/// Creates a one-time password and its hash.
async fn one_time() -> Result<(String, String), ApiError> {
    let password = auth::one_time_password()?;
    let copy = password.clone();
    let hash = auth::blocking(move || auth::hash_password(&copy))
        .await?
        .map_err(|_| ApiError::new(ErrorCode::Internal))?;
    Ok((password, hash))
}

/// `POST /v1/staff/accounts`: adds an account with a one-time password.
pub async fn add_account(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    AppJson(body): AppJson<NewAccount>,
) -> Result<(StatusCode, Json<OneTimePassword>), ApiError> {
    actor.require(SUPERVISOR)?;
    let name = body.name.trim().to_owned();
    let mut errors = Vec::new();
    if let Some(code) = account_name_error(&name) {
        errors.push(("name", code));
    }
    if let Some(code) = label_error(&body.display_name) {
        errors.push(("display_name", code));
    }
    let categories = if body.role == StaffRole::Officer {
        body.categories
    } else {
        Vec::new()
    };
    if let Some(code) = category_errors(&state, body.role, &categories) {
        errors.push(("categories", code));
    }
    invalid(errors, locale)?;
    let (password, password_hash) = one_time().await?;
    let audit = actor.audit(
        AuditAction::AccountAdded,
        Some(name.clone()),
        Some(describe_role(body.role, &categories)),
    );
    let new = NewAccountRow {
        name,
        display_name: body.display_name.trim().to_owned(),
        role: body.role,
        categories,
        password_hash,
        must_change_password: true,
    };
    let account = state
        .store
        .add_account(new, clock::rfc3339(clock::now()), Some(audit))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(OneTimePassword {
            account,
            one_time_password: password,
        }),
    ))
}

fn describe_role(role: StaffRole, categories: &[String]) -> String {
    if categories.is_empty() {
        format!("role={}", role.as_str())
    } else {
        format!("role={} categories={}", role.as_str(), categories.join(","))
    }
}

/// `PATCH /v1/staff/accounts/{name}`: changes role, categories, display name or state. A
/// supervisor cannot disable or demote their own account, so one always remains.
pub async fn change_account(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(name): Path<String>,
    AppJson(mut change): AppJson<AccountChange>,
) -> Result<Json<StaffAccount>, ApiError> {
    actor.require(SUPERVISOR)?;
    let current = state
        .store
        .account(name.clone())
        .await?
        .ok_or(ApiError::new(ErrorCode::NotFound))?;
    if name == actor.account.name
        && (change.disabled == Some(true)
            || change.role.is_some_and(|r| r != StaffRole::Supervisor))
    {
        return Err(ApiError::new(ErrorCode::Forbidden));
    }
    let role = change.role.unwrap_or(current.account.role);
    if role != StaffRole::Officer {
        change.categories = Some(Vec::new());
    }
    let mut errors = Vec::new();
    if let Some(code) = change.display_name.as_deref().and_then(label_error) {
        errors.push(("display_name", code));
    }
    let categories = change
        .categories
        .clone()
        .unwrap_or(current.account.categories.clone());
    if let Some(code) = category_errors(&state, role, &categories) {
        errors.push(("categories", code));
    }
    invalid(errors, locale)?;
    change.display_name = change.display_name.map(|d| d.trim().to_owned());
    let mut detail = vec![describe_role(role, &categories)];
    if let Some(disabled) = change.disabled {
        detail.push(if disabled { "disabled" } else { "enabled" }.to_owned());
    }
    let audit = actor.audit(
        AuditAction::AccountChanged,
        Some(name.clone()),
        Some(detail.join(" ")),
    );
    Ok(Json(state.store.change_account(name, change, audit).await?))
}

/// `POST /v1/staff/accounts/{name}/password-reset`: a new one-time password; the account's
/// sessions end.
pub async fn reset_password(
    actor: Actor,
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<OneTimePassword>, ApiError> {
    actor.require(SUPERVISOR)?;
    let row = state
        .store
        .account(name.clone())
        .await?
        .ok_or(ApiError::new(ErrorCode::NotFound))?;
    let (password, hash) = one_time().await?;
    let audit = actor.audit(AuditAction::PasswordReset, Some(name), None);
    let account = state
        .store
        .set_password(row.id, hash, true, None, audit)
        .await?;
    Ok(Json(OneTimePassword {
        account,
        one_time_password: password,
    }))
}

/// `GET /v1/staff/accounts/{name}/tokens`.
pub async fn tokens(
    actor: Actor,
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<Vec<ApiToken>>, ApiError> {
    actor.require(SUPERVISOR)?;
    Ok(Json(state.store.tokens(name).await?))
}

/// `POST /v1/staff/tokens/{id}/revoke`.
pub async fn revoke_token(
    actor: Actor,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<ApiToken>, ApiError> {
    actor.require(SUPERVISOR)?;
    let audit = actor.audit(AuditAction::TokenRevoked, Some(format!("token {id}")), None);
    Ok(Json(state.store.revoke_token(id, audit).await?))
}

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    actor: Option<String>,
    action: Option<String>,
    since: Option<String>,
    until: Option<String>,
    before: Option<i64>,
    limit: Option<u32>,
}

/// `GET /v1/staff/audit`: newest first, filtered by actor, action and time.
pub async fn audit(
    actor: Actor,
    State(state): State<AppState>,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    actor.require(SUPERVISOR)?;
    let Query(query) = query.map_err(bad_parameter)?;
    let action = match query.action.as_deref().filter(|a| !a.is_empty()) {
        Some(name) => {
            Some(AuditAction::from_name(name).ok_or(ApiError::new(ErrorCode::BadParameter))?)
        }
        None => None,
    };
    let time = |t: Option<String>| -> Result<Option<String>, ApiError> {
        t.filter(|t| !t.is_empty())
            .map(|t| {
                chrono::DateTime::parse_from_rfc3339(&t)
                    .map(|at| clock::rfc3339(at.with_timezone(&clock::centre_offset())))
                    .map_err(|_| ApiError::new(ErrorCode::BadParameter))
            })
            .transpose()
    };
    let filter = AuditFilter {
        actor: query
            .actor
            .map(|a| a.trim().to_lowercase())
            .filter(|a| !a.is_empty()),
        action,
        since: time(query.since)?,
        until: time(query.until)?,
        before: query.before,
        limit: query.limit.unwrap_or(50).clamp(1, 200),
    };
    Ok(Json(state.store.audit_entries(filter).await?))
}
