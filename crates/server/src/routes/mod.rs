//! The `/api/v1` route table; each resource's handlers live in their own module.

mod accounts;
mod bookings;
mod cases;
mod catalogue;
mod counter;
mod events;
mod followup;
mod halls;
mod helpers;
mod kiosks;
mod meta;
mod requests;
mod staff;
mod stats;
mod tickets;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use banshi_contract::ErrorCode;

use crate::AppState;
use crate::error::ApiError;
pub(crate) use halls::hall_view;

/// Every contract endpoint, relative to `/api`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/meta", get(meta::meta))
        .route("/v1/categories", get(catalogue::categories))
        .route("/v1/services", get(catalogue::services))
        .route("/v1/services/{code}", get(catalogue::service))
        .route("/v1/tutorials", get(catalogue::tutorials))
        .route("/v1/tutorials/{id}", get(catalogue::tutorial))
        .route("/v1/requests", post(requests::submit))
        .route("/v1/tickets/{ticket}", get(tickets::track))
        .route("/v1/tickets/{ticket}/rating", post(tickets::rate))
        .route(
            "/v1/tickets/{ticket}/rework/rating",
            post(followup::rate_rework),
        )
        .route("/v1/tickets/{ticket}/reply", post(tickets::reply))
        .route("/v1/tickets/{ticket}/withdrawal", post(tickets::withdraw))
        .route("/v1/tickets/{ticket}/send-back", post(tickets::send_back))
        .route("/v1/tickets/{ticket}/events", get(events::ticket_events))
        .route("/v1/stats", get(stats::public))
        .route("/v1/staff/stats", get(stats::staff))
        .route("/v1/halls", get(halls::list))
        .route("/v1/halls/{id}", get(halls::one))
        .route("/v1/halls/{id}/busy-hours", get(halls::busy_hours))
        .route(
            "/v1/halls/{id}/lines/{line}/slots",
            get(bookings::slot_days),
        )
        .route("/v1/halls/{id}/phone-codes", post(bookings::send_code))
        .route("/v1/halls/{id}/bookings", post(bookings::book))
        .route(
            "/v1/halls/{id}/bookings/{reference}",
            get(bookings::booking),
        )
        .route(
            "/v1/halls/{id}/bookings/{reference}/cancellation",
            post(bookings::cancel),
        )
        .route(
            "/v1/halls/{id}/bookings/{reference}/check-in",
            post(bookings::check_in),
        )
        .route("/v1/halls/{id}/booking-appeals", post(bookings::appeal))
        .route("/v1/staff/booking-appeals", get(bookings::appeals))
        .route("/v1/staff/booking-appeals/{id}", post(bookings::decide))
        .route(
            "/v1/staff/halls/{id}/slot-closures",
            post(bookings::close_slot),
        )
        .route(
            "/v1/halls/{id}/lines/{line}/numbers",
            post(halls::take_number),
        )
        .route("/v1/halls/{id}/numbers/{number}", get(halls::number))
        .route("/v1/halls/{id}/events", get(events::hall_events))
        .route(
            "/v1/halls/{id}/numbers/{number}/cancellation",
            post(halls::cancel),
        )
        .route(
            "/v1/halls/{id}/numbers/{number}/return",
            post(halls::come_back),
        )
        .route(
            "/v1/staff/halls/{id}/windows/{window}/call",
            post(counter::call_to_window),
        )
        .route(
            "/v1/staff/halls/{id}/windows/{window}/pause",
            post(counter::pause_window),
        )
        .route(
            "/v1/staff/halls/{id}/numbers/{number}",
            get(counter::number).post(counter::handle_number),
        )
        .route(
            "/v1/halls/{id}/numbers/{number}/rating",
            post(halls::rate_visit),
        )
        .route(
            "/v1/staff/session",
            get(accounts::session)
                .post(accounts::sign_in)
                .delete(accounts::sign_out),
        )
        .route("/v1/staff/password", post(accounts::change_password))
        .route(
            "/v1/staff/accounts",
            get(accounts::accounts).post(accounts::add_account),
        )
        .route(
            "/v1/staff/accounts/{name}",
            axum::routing::patch(accounts::change_account),
        )
        .route(
            "/v1/staff/accounts/{name}/password-reset",
            post(accounts::reset_password),
        )
        .route("/v1/staff/accounts/{name}/tokens", get(accounts::tokens))
        .route("/v1/staff/tokens/{id}/revoke", post(accounts::revoke_token))
        .route("/v1/staff/audit", get(accounts::audit))
        .route("/v1/staff/kiosk-enrolments", post(kiosks::create_enrolment))
        .route("/v1/staff/kiosks", get(kiosks::list))
        .route("/v1/staff/kiosks/{id}/revoke", post(kiosks::revoke))
        .route("/v1/kiosks", post(kiosks::enrol))
        .route("/v1/kiosk", get(kiosks::this_kiosk))
        .route("/v1/staff/tickets", get(staff::tickets))
        .route("/v1/staff/tickets/{ticket}", get(cases::case))
        .route(
            "/v1/staff/tickets/{ticket}/status",
            post(cases::change_status),
        )
        .route("/v1/staff/tickets/{ticket}/notes", post(cases::add_note))
        .route("/v1/staff/tickets/{ticket}/assignment", post(cases::assign))
        .route("/v1/staff/tickets/{ticket}/help", post(cases::confirm_help))
        .route(
            "/v1/staff/tickets/{ticket}/rework",
            post(followup::rework_step),
        )
        .route(
            "/v1/staff/tickets/{ticket}/rating/ruling",
            post(followup::rule),
        )
        .route("/v1/staff/bad-ratings", get(followup::ledger))
        .route("/v1/staff/helpers", get(helpers::list).post(helpers::add))
        .route("/v1/staff/helpers/{id}", patch(helpers::change))
        .route(
            "/v1/staff/tickets/{ticket}/access-code",
            post(cases::reissue_access_code),
        )
        .route(
            "/v1/staff/tickets/{ticket}/demonstration",
            post(cases::demonstrate),
        )
        .route("/v1/staff/demo/reset", post(cases::reset_demo))
        .route(
            "/v1/staff/halls/{id}/lines/{line}/next",
            post(staff::call_next),
        )
        .fallback(not_found)
}

async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound)
}

/// Wraps a JSON body with a shared-cache lifetime, for catalogue content.
fn cacheable(body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

/// `text` trimmed, if it is 1 to `max` characters; else why not, as the error of body member
/// `field` (whose label and limits [`messages::body_field`] knows by `field`'s base name).
fn checked_text(
    text: &str,
    max: usize,
    field: &str,
    locale: banshi_contract::Locale,
) -> Result<String, banshi_contract::FieldError> {
    let text = text.trim();
    let problem = if text.is_empty() {
        banshi_contract::FieldErrorCode::Required
    } else if text.chars().count() > max {
        banshi_contract::FieldErrorCode::TooLong
    } else {
        return Ok(text.to_owned());
    };
    let base = field.split('.').next().unwrap_or(field);
    let mut error = crate::messages::body_error(base, problem, locale);
    error.field = field.to_owned();
    Err(error)
}

/// Turns a query-string rejection into a `bad_parameter` problem.
fn bad_parameter<E: std::fmt::Display>(rejection: E) -> ApiError {
    tracing::debug!(%rejection, "rejected query");
    ApiError::new(ErrorCode::BadParameter)
}
