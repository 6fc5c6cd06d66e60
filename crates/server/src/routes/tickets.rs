//! Citizen ticket endpoints: tracking with access code, ETag and rate limit; rating; the
//! answer to a request for information; withdrawal.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use banshi_contract::{
    ACCESS_CODE_HEADER, DueState, ErrorCode, FieldError, FieldErrorCode, InfoReply, Locale,
    Open311Status, RatingSubmission, SendBack, Ticket, TicketStatus, Withdrawal,
};

use super::checked_text;
use crate::error::ApiError;
use crate::extract::{AppJson, ClientIp, RequestLocale};
use crate::store::{NewSendBack, StoreError, StoredTicket};
use crate::{AppState, clock, codes, messages};

/// The localised name of service `code`, or the code itself for a service no longer listed.
pub fn service_name(state: &AppState, code: &str, locale: Locale) -> String {
    state.catalogue.service(code).map_or_else(
        || code.to_owned(),
        |s| s.service_name.get(locale).to_owned(),
    )
}

/// Where a ticket in `status`, promised by `expected_at` and finished at `finished_at` (both
/// RFC 3339), stands now on the centre's calendar.
pub fn due_state_now(
    state: &AppState,
    status: TicketStatus,
    expected_at: &str,
    finished_at: Option<&str>,
) -> Option<DueState> {
    let parse = |t: &str| chrono::DateTime::parse_from_rfc3339(t).ok();
    parse(expected_at).map(|expected| {
        clock::due_state(
            &state.calendar,
            expected,
            finished_at.and_then(parse),
            status == TicketStatus::NeedsInfo,
            clock::now(),
        )
    })
}

/// The contract view of a stored ticket.
pub fn ticket_view(state: &AppState, stored: StoredTicket, locale: Locale) -> Ticket {
    let service_name = service_name(state, &stored.service_code, locale);
    let finished = (stored.status.open311() == Open311Status::Closed)
        .then(|| {
            stored
                .history
                .iter()
                .rev()
                .find(|h| h.status == stored.status)
        })
        .flatten()
        .map(|h| h.at.as_str());
    let due_state = due_state_now(state, stored.status, &stored.expected_at, finished);
    let result = matches!(
        stored.status,
        TicketStatus::Completed | TicketStatus::Rejected
    );
    let send_backs_left = result.then(|| SendBack::MAX.saturating_sub(stored.send_backs));
    let send_back_until = stored
        .finished_at
        .as_deref()
        .filter(|_| send_backs_left.is_some_and(|left| left > 0))
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .map(|at| clock::rfc3339(at + chrono::Duration::days(i64::from(SendBack::WINDOW_DAYS))));
    Ticket {
        send_back_until,
        send_backs_left,
        due_state,
        can_rate: stored.rating.is_none() && stored.status.is_rateable(),
        open311_status: stored.status.open311(),
        ticket: stored.ticket,
        service_code: stored.service_code,
        service_name,
        status: stored.status,
        submitted_at: stored.submitted_at,
        updated_at: stored.updated_at,
        expected_datetime: stored.expected_at,
        history: stored.history,
        rating: stored.rating,
        rework: stored.rework.map(super::followup::citizen_rework),
        notify: stored.notify,
        kind: stored.kind,
        help: stored.help,
    }
}

/// Checks the rate limit, then returns the normalised ticket number and access-code digest.
pub fn credentials(
    state: &AppState,
    client: ClientIp,
    ticket: &str,
    headers: &HeaderMap,
) -> Result<(String, String), ApiError> {
    state
        .lookups
        .check(client.0)
        .map_err(ApiError::rate_limited)?;
    let code = headers
        .get(ACCESS_CODE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(codes::normalise_access_code)
        .filter(|c| !c.is_empty())
        .ok_or(ApiError::new(ErrorCode::AccessCodeRequired))?;
    Ok((ticket.trim().to_ascii_uppercase(), codes::digest(&code)))
}

/// The ETag of a ticket's view: its version, the language and its due state, which changes
/// with time alone.
fn etag(view: &Ticket, version: i64, locale: Locale) -> String {
    let due = view
        .due_state
        .map_or("none", banshi_contract::DueState::as_str);
    format!("\"{version}-{}-{due}\"", locale.tag())
}

fn private_json(status: StatusCode, body: &Ticket, etag: &str) -> Response {
    let mut response = (status, Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, value);
    }
    response
}

pub async fn track(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    client: ClientIp,
    Path(ticket): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (ticket, access_hash) = credentials(&state, client, &ticket, &headers)?;
    let stored = state.store.ticket(ticket, access_hash).await?;
    let version = stored.version;
    let view = ticket_view(&state, stored, locale);
    let tag = etag(&view, version, locale);
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|candidate| candidate.trim().trim_start_matches("W/") == tag)
        });
    if unchanged {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(value) = HeaderValue::from_str(&tag) {
            response.headers_mut().insert(header::ETAG, value);
        }
        return Ok(response);
    }
    Ok(private_json(StatusCode::OK, &view, &tag))
}

pub(super) fn rating_errors(rating: &RatingSubmission, locale: Locale) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut add = |field: &str, code: FieldErrorCode| {
        errors.push(FieldError {
            field: field.to_owned(),
            code,
            message: messages::field_message(
                code,
                Some(&messages::body_field(field, locale)),
                field,
                locale,
            ),
        });
    };
    match rating.score {
        0 => add("score", FieldErrorCode::TooSmall),
        1..=5 => {}
        _ => add("score", FieldErrorCode::TooLarge),
    }
    if rating.comment.chars().count() > RatingSubmission::MAX_COMMENT {
        add("comment", FieldErrorCode::TooLong);
    }
    errors
}

pub async fn rate(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    client: ClientIp,
    Path(ticket): Path<String>,
    headers: HeaderMap,
    AppJson(rating): AppJson<RatingSubmission>,
) -> Result<Response, ApiError> {
    let (ticket, access_hash) = credentials(&state, client, &ticket, &headers)?;
    let errors = rating_errors(&rating, locale);
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let stored = state
        .store
        .rate(
            ticket,
            access_hash,
            rating.score,
            rating.comment.trim().to_owned(),
            (rating.score <= RatingSubmission::UNSATISFACTORY_AT_MOST)
                .then(|| super::followup::rework_due(&state)),
            clock::rfc3339(clock::now()),
        )
        .await?;
    Ok(changed_ticket(&state, stored, locale, StatusCode::CREATED))
}

/// The answer to a citizen's change: the ticket as it now is, with its ETag.
pub(super) fn changed_ticket(
    state: &AppState,
    stored: StoredTicket,
    locale: Locale,
    status: StatusCode,
) -> Response {
    let version = stored.version;
    let view = ticket_view(state, stored, locale);
    let tag = etag(&view, version, locale);
    private_json(status, &view, &tag)
}

/// `POST /v1/tickets/{ticket}/reply`: the citizen answers a request for information.
pub async fn reply(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    client: ClientIp,
    Path(ticket): Path<String>,
    headers: HeaderMap,
    AppJson(reply): AppJson<InfoReply>,
) -> Result<Response, ApiError> {
    let (ticket, access_hash) = credentials(&state, client, &ticket, &headers)?;
    let (answers, errors): (Vec<_>, Vec<_>) = reply
        .answers
        .iter()
        .enumerate()
        .map(|(i, a)| checked_text(a, InfoReply::MAX_ANSWER, &format!("answers.{i}"), locale))
        .partition(Result::is_ok);
    if !errors.is_empty() {
        return Err(ApiError::invalid(
            errors.into_iter().filter_map(Result::err).collect(),
        ));
    }
    let answers: Vec<String> = answers.into_iter().filter_map(Result::ok).collect();
    let stored = state
        .store
        .reply(ticket, access_hash, answers, clock::rfc3339(clock::now()))
        .await
        .map_err(|e| match e {
            StoreError::ReplyCount(_) => ApiError::invalid(vec![messages::body_error(
                "answers",
                FieldErrorCode::WrongType,
                locale,
            )]),
            other => other.into(),
        })?;
    Ok(changed_ticket(&state, stored, locale, StatusCode::OK))
}

/// `POST /v1/tickets/{ticket}/withdrawal`: the citizen withdraws an unfinished request.
pub async fn withdraw(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    client: ClientIp,
    Path(ticket): Path<String>,
    headers: HeaderMap,
    AppJson(withdrawal): AppJson<Withdrawal>,
) -> Result<Response, ApiError> {
    let (ticket, access_hash) = credentials(&state, client, &ticket, &headers)?;
    let reason = checked_reason(&withdrawal.reason, Withdrawal::MAX_REASON, locale)?;
    let stored = state
        .store
        .withdraw(ticket, access_hash, reason, clock::rfc3339(clock::now()))
        .await?;
    Ok(changed_ticket(&state, stored, locale, StatusCode::OK))
}

/// `reason` trimmed, if it is 1 to `max` characters; else a `422` naming `reason`.
fn checked_reason(reason: &str, max: usize, locale: Locale) -> Result<String, ApiError> {
    checked_text(reason, max, "reason", locale).map_err(|e| ApiError::invalid(vec![e]))
}

/// Working days a sent-back case of a service no longer listed gets.
const FALLBACK_TIME_LIMIT_DAYS: u32 = 5;

/// `POST /v1/tickets/{ticket}/send-back`: the citizen sends a result back to be done again,
/// within [`SendBack::WINDOW_DAYS`] days of it and at most [`SendBack::MAX`] times; it gets a
/// new promised time, the service's time limit again.
pub async fn send_back(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    client: ClientIp,
    Path(ticket): Path<String>,
    headers: HeaderMap,
    AppJson(body): AppJson<SendBack>,
) -> Result<Response, ApiError> {
    let (ticket, access_hash) = credentials(&state, client, &ticket, &headers)?;
    let reason = checked_reason(&body.reason, SendBack::MAX_REASON, locale)?;
    let current = state
        .store
        .ticket(ticket.clone(), access_hash.clone())
        .await?;
    let days = state
        .catalogue
        .service(&current.service_code)
        .map_or(FALLBACK_TIME_LIMIT_DAYS, |s| s.guide.time_limit_days);
    let now = clock::now();
    let stored = state
        .store
        .send_back(
            ticket,
            access_hash,
            NewSendBack {
                reason,
                now: clock::rfc3339(now),
                finished_after: clock::rfc3339(
                    now - chrono::Duration::days(i64::from(SendBack::WINDOW_DAYS)),
                ),
                expected_at: clock::rfc3339(clock::expected(&state.calendar, now, days)),
                max: SendBack::MAX,
                escalated_note: messages::escalated_note(locale).to_owned(),
            },
        )
        .await?;
    Ok(changed_ticket(&state, stored, locale, StatusCode::OK))
}
