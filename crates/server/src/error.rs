//! One error type for every handler, and the middleware that turns any failed API response
//! into a localised `application/problem+json` body (RFC 9457). Internal causes are logged,
//! never sent.

use axum::body::Body;
use axum::extract::{OriginalUri, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use banshi_contract::{ErrorCode, FieldError, Locale, PROBLEM_CONTENT_TYPE, Problem};

use crate::extract::locale_of;
use crate::messages;
use crate::store::StoreError;

/// A failed API call: what to tell the client, in machine terms.
#[derive(Debug)]
pub struct ApiError {
    /// Machine code; decides the HTTP status.
    pub code: ErrorCode,
    /// Localised per-field errors, for `validation_failed`.
    pub errors: Vec<FieldError>,
    /// Seconds to wait, for `rate_limited`.
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error with only a code.
    pub fn new(code: ErrorCode) -> Self {
        ApiError {
            code,
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// A `validation_failed` error listing each bad field.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        ApiError {
            code: ErrorCode::ValidationFailed,
            errors,
            retry_after: None,
        }
    }

    /// A `rate_limited` error.
    pub fn rate_limited(retry_after: u64) -> Self {
        ApiError {
            code: ErrorCode::RateLimited,
            errors: Vec::new(),
            retry_after: Some(retry_after),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let code = match e {
            StoreError::NotFound => ErrorCode::NotFound,
            StoreError::IdempotencyKeyReused => ErrorCode::IdempotencyKeyReused,
            StoreError::TransitionNotAllowed => ErrorCode::TransitionNotAllowed,
            StoreError::RatingNotAllowed => ErrorCode::RatingNotAllowed,
            StoreError::QueueEmpty => ErrorCode::QueueEmpty,
            StoreError::CaseChanged => ErrorCode::CaseChanged,
            StoreError::ReplyNotAllowed => ErrorCode::ReplyNotAllowed,
            StoreError::WithdrawalNotAllowed => ErrorCode::WithdrawalNotAllowed,
            StoreError::SendBackNotAllowed => ErrorCode::SendBackNotAllowed,
            StoreError::SendBackClosed => ErrorCode::SendBackClosed,
            StoreError::HelpNotAllowed => ErrorCode::HelpNotAllowed,
            StoreError::ReworkNotAllowed => ErrorCode::ReworkNotAllowed,
            StoreError::RulingNotAllowed => ErrorCode::RulingNotAllowed,
            StoreError::ReplyCount(_) => ErrorCode::ValidationFailed,
            StoreError::NotAssignable => ErrorCode::ValidationFailed,
            StoreError::NameTaken => ErrorCode::NameTaken,
            StoreError::NumberAlreadyTaken => ErrorCode::NumberAlreadyTaken,
            StoreError::RecallNotAllowed => ErrorCode::RecallNotAllowed,
            StoreError::WindowPaused => ErrorCode::WindowPaused,
            StoreError::SlotFull => ErrorCode::SlotFull,
            StoreError::AlreadyBooked => ErrorCode::AlreadyBooked,
            StoreError::BookingSuspended => ErrorCode::BookingSuspended,
            StoreError::CancelNotAllowed => ErrorCode::CancelNotAllowed,
            StoreError::CheckInNotAllowed => ErrorCode::CheckInNotAllowed,
            StoreError::LastSupervisor => ErrorCode::Forbidden,
            StoreError::Unavailable => ErrorCode::Unavailable,
            StoreError::TimedOut => {
                tracing::warn!("a staff query ran past its time limit");
                ErrorCode::Unavailable
            }
            StoreError::Sqlite(ref cause) => {
                tracing::error!(error = %cause, "database error");
                if matches!(cause, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseBusy)
                {
                    ErrorCode::Unavailable
                } else {
                    ErrorCode::Internal
                }
            }
            StoreError::Corrupt(ref what) => {
                tracing::error!(error = %what, "store failure");
                ErrorCode::Internal
            }
        };
        ApiError::new(code)
    }
}

/// Marker carried from a handler to [`render_problems`] in the response extensions.
#[derive(Debug, Clone)]
struct ProblemSpec {
    code: ErrorCode,
    errors: Vec<FieldError>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = status.into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.code == ErrorCode::Unauthorized {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response.extensions_mut().insert(ProblemSpec {
            code: self.code,
            errors: self.errors,
        });
        response
    }
}

/// Error code for a failure response that carries no [`ProblemSpec`], such as axum's own 405
/// or a body-limit 413.
fn code_for_status(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::BAD_REQUEST => ErrorCode::MalformedBody,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::MalformedBody,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Unavailable,
        _ => ErrorCode::Internal,
    }
}

/// Middleware for `/api`: negotiates the locale, tags every response with it, and renders
/// every failure as a localised problem body.
pub async fn render_problems(request: Request, next: Next) -> Response {
    let locale = locale_of(request.headers());
    let instance = request
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| request.uri().path().to_owned(), |o| o.path().to_owned());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(locale.tag()),
    );
    headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));

    let status = response.status();
    let spec = response.extensions_mut().remove::<ProblemSpec>();
    if spec.is_none() && !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    if spec.is_none()
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|t| t == PROBLEM_CONTENT_TYPE)
    {
        return response;
    }
    let spec = spec.unwrap_or(ProblemSpec {
        code: code_for_status(status),
        errors: Vec::new(),
    });
    let (mut parts, _) = response.into_parts();
    let problem = problem(&spec, status, locale, instance);
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(body))
}

fn problem(spec: &ProblemSpec, status: StatusCode, locale: Locale, instance: String) -> Problem {
    Problem {
        type_uri: format!("urn:banshi:problem:{}", spec.code.as_str()),
        title: messages::title(spec.code, locale).to_owned(),
        status: status.as_u16(),
        detail: Some(messages::detail(spec.code, locale).to_owned()),
        instance: Some(instance),
        code: spec.code,
        errors: spec.errors.clone(),
    }
}
