//! `POST /v1/requests`: validated, idempotent creation of a ticket.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use banshi_contract::validate::validate_answers;
use banshi_contract::{
    Answer, ContactRole, ErrorCode, Field, FieldError, FieldErrorCode, IDEMPOTENCY_KEY_HEADER,
    RequestSubmission,
};

use crate::error::ApiError;
use crate::extract::{AppJson, RequestLocale};
use crate::store::{Contacts, NewRequest, SubmitOutcome};
use crate::{AppState, clock, codes, messages};

/// Longest accepted `Idempotency-Key`.
const MAX_KEY_LENGTH: usize = 255;

fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers
        .get(IDEMPOTENCY_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if key.is_empty() || key.len() > MAX_KEY_LENGTH {
        return Err(ApiError::new(ErrorCode::IdempotencyKeyMissing));
    }
    Ok(key.to_owned())
}

/// The answers of the form's contact fields, trimmed, the phone number digits only.
fn contacts(fields: &[Field], submission: &RequestSubmission) -> Contacts {
    let answer = |role: ContactRole| {
        let field = fields.iter().find(|f| f.contact == Some(role))?;
        match submission.answers.get(&field.code)? {
            Answer::Text(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
            _ => None,
        }
    };
    Contacts {
        name: answer(ContactRole::Name),
        phone: answer(ContactRole::Phone).map(|p| codes::normalise_phone(&p)),
        email: answer(ContactRole::Email),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    headers: HeaderMap,
    AppJson(submission): AppJson<RequestSubmission>,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let Some(service) = state.catalogue.service(&submission.service_code) else {
        let code = FieldErrorCode::NotAnOption;
        return Err(ApiError::invalid(vec![FieldError {
            field: "service_code".into(),
            code,
            message: messages::field_message(
                code,
                None,
                messages::body_field_label("service_code", locale),
                locale,
            ),
        }]));
    };
    let fields = service.fields(locale);
    let invalid = validate_answers(&fields, &submission.answers);
    let mut errors: Vec<FieldError> = invalid
        .into_iter()
        .map(|i| {
            let field = fields.iter().find(|f| f.code == i.field);
            FieldError {
                message: messages::field_message(i.code, field, &i.field, locale),
                field: i.field,
                code: i.code,
            }
        })
        .collect();
    if let Some(agent) = &submission.agent {
        errors.extend(
            agent
                .problems()
                .into_iter()
                .map(|i| messages::body_error(&i.field, i.code, locale)),
        );
    }
    if let Some(channel) = submission.notify {
        let offered = state.config.notify.channels().contains(&channel);
        let problem = if offered {
            channel.problem(&fields, &submission.answers)
        } else {
            Some(FieldErrorCode::NotAnOption)
        };
        errors.extend(problem.map(|code| FieldError {
            field: "notify".into(),
            code,
            message: messages::notify_problem(channel, code, locale).to_owned(),
        }));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let agent_json = submission
        .agent
        .as_ref()
        .map(|agent| {
            let mut agent = agent.clone();
            agent.name = agent.name.trim().to_owned();
            agent.phone = codes::normalise_phone(&agent.phone);
            serde_json::to_string(&agent)
        })
        .transpose()
        .map_err(|_| ApiError::new(ErrorCode::Internal))?;

    let canonical =
        serde_json::to_string(&submission).map_err(|_| ApiError::new(ErrorCode::Internal))?;
    let answers_json = serde_json::to_string(&submission.answers)
        .map_err(|_| ApiError::new(ErrorCode::Internal))?;
    let access_code = codes::new_access_code().map_err(|e| {
        tracing::error!(error = %e, "no randomness for an access code");
        ApiError::new(ErrorCode::Internal)
    })?;
    let now = clock::now();
    let outcome = state
        .store
        .submit(NewRequest {
            fingerprint: codes::digest(&canonical),
            idempotency_key: key,
            service_code: submission.service_code.clone(),
            category: service.category.clone(),
            contacts: contacts(&fields, &submission),
            kind: service.kind,
            agent_json,
            notify: submission.notify,
            answers_json,
            locale: submission.locale.unwrap_or(locale).tag().to_owned(),
            access_hash: codes::digest(&access_code),
            access_code,
            now: clock::rfc3339(now),
            day: clock::day(now),
            expected_at: clock::rfc3339(clock::expected(
                &state.calendar,
                now,
                service.guide.time_limit_days,
            )),
        })
        .await?;
    let (receipt, replayed) = match outcome {
        SubmitOutcome::Created(receipt) => (receipt, false),
        SubmitOutcome::Replayed(receipt) => (receipt, true),
    };
    let mut response = (StatusCode::CREATED, Json(&receipt)).into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/tickets/{}", receipt.ticket)) {
        headers.insert(header::LOCATION, location);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if replayed {
        headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}
