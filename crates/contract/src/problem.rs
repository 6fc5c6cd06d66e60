//! The error body of every failed call: RFC 9457 problem details with a machine `code` and a
//! per-field `errors[]` list.

use serde::{Deserialize, Serialize};

/// An `application/problem+json` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// URI naming the problem type; `about:blank` or `urn:banshi:problem:{code}`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short, localised summary that does not change between occurrences.
    pub title: String,
    /// The HTTP status code, repeated.
    pub status: u16,
    /// Localised explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request path this problem arose from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Machine-readable code: clients choose their message from this, not from `title`.
    pub code: ErrorCode,
    /// One entry per bad field, in form order; empty when the problem is not about fields.
    #[serde(default)]
    pub errors: Vec<FieldError>,
}

/// What went wrong, for machines. Unknown codes from newer backends read as `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body is not valid JSON or not of the expected shape.
    MalformedBody,
    /// 400: a query parameter or path segment is malformed.
    BadParameter,
    /// 400: `POST /v1/requests` without an `Idempotency-Key` header.
    IdempotencyKeyMissing,
    /// 401: a ticket was asked for without its access code.
    AccessCodeRequired,
    /// 401: a staff call without a valid bearer token.
    Unauthorized,
    /// 401: a staff sign-in with an unknown name, a wrong password or a disabled account.
    SignInFailed,
    /// 403: the staff account's role may not do this.
    Forbidden,
    /// 403: a state-changing staff call whose CSRF header is missing or wrong.
    CsrfTokenInvalid,
    /// 403: the account signed in with a one-time password and must change it first.
    PasswordChangeRequired,
    /// 404: no such resource, or the access code does not match the ticket.
    NotFound,
    /// 405: the method is not allowed on this path.
    MethodNotAllowed,
    /// 409: the ticket cannot be rated now (not finished, or rated already).
    RatingNotAllowed,
    /// 409: staff asked for a status move the life cycle does not allow.
    TransitionNotAllowed,
    /// 409: the queue line has nobody waiting.
    QueueEmpty,
    /// 409: someone else changed the case since the `version` sent; reload and try again.
    CaseChanged,
    /// 409: a demonstration is already playing on this ticket.
    DemonstrationRunning,
    /// 409: the ticket is not waiting for information from the citizen.
    ReplyNotAllowed,
    /// 409: the ticket is finished, so it can no longer be withdrawn.
    WithdrawalNotAllowed,
    /// 409: the ticket has no result to send back, or it was sent back as often as allowed.
    SendBackNotAllowed,
    /// 409: the time for sending the result back has passed (see `send_back_until`).
    SendBackClosed,
    /// 409: help can be confirmed only for an unfinished assistance ticket.
    HelpNotAllowed,
    /// 409: the rework step does not follow the task's stage, or there is no rework task.
    ReworkNotAllowed,
    /// 409: the ticket has no bad rating to rule on, or it was ruled on already.
    RulingNotAllowed,
    /// 409: a staff account of that name exists already.
    NameTaken,
    /// 409: this phone already has a number in this line today that is not served or
    /// cancelled.
    NumberAlreadyTaken,
    /// 409: the number was recalled three times already, or called less than a minute ago.
    RecallNotAllowed,
    /// 409: the window is paused; resume it before calling a number to it.
    WindowPaused,
    /// 409: the slot has no place left, or it was closed.
    SlotFull,
    /// 409: this phone has a booking on that day already.
    AlreadyBooked,
    /// 409: this phone may not book for now, after bookings it did not keep; it may appeal.
    BookingSuspended,
    /// 409: the booking can no longer be cancelled (see `cancel_until`), or is over.
    CancelNotAllowed,
    /// 409: check-in has not opened yet (see `check_in_from`), or the booking is over.
    CheckInNotAllowed,
    /// 413: the body is larger than the server accepts.
    PayloadTooLarge,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 422: one or more fields are invalid; see `errors`.
    ValidationFailed,
    /// 422: the `Idempotency-Key` was used before with a different body.
    IdempotencyKeyReused,
    /// 429: too many requests from this client; see `Retry-After`.
    RateLimited,
    /// 500: the server failed; nothing about it is disclosed.
    Internal,
    /// 503: the server is overloaded or shutting down; retry later.
    Unavailable,
    /// A code this client does not know yet.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The wire name, e.g. `validation_failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedBody => "malformed_body",
            ErrorCode::BadParameter => "bad_parameter",
            ErrorCode::IdempotencyKeyMissing => "idempotency_key_missing",
            ErrorCode::AccessCodeRequired => "access_code_required",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::SignInFailed => "sign_in_failed",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::CsrfTokenInvalid => "csrf_token_invalid",
            ErrorCode::PasswordChangeRequired => "password_change_required",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::RatingNotAllowed => "rating_not_allowed",
            ErrorCode::TransitionNotAllowed => "transition_not_allowed",
            ErrorCode::QueueEmpty => "queue_empty",
            ErrorCode::CaseChanged => "case_changed",
            ErrorCode::DemonstrationRunning => "demonstration_running",
            ErrorCode::ReplyNotAllowed => "reply_not_allowed",
            ErrorCode::WithdrawalNotAllowed => "withdrawal_not_allowed",
            ErrorCode::SendBackNotAllowed => "send_back_not_allowed",
            ErrorCode::SendBackClosed => "send_back_closed",
            ErrorCode::HelpNotAllowed => "help_not_allowed",
            ErrorCode::ReworkNotAllowed => "rework_not_allowed",
            ErrorCode::RulingNotAllowed => "ruling_not_allowed",
            ErrorCode::NameTaken => "name_taken",
            ErrorCode::NumberAlreadyTaken => "number_already_taken",
            ErrorCode::RecallNotAllowed => "recall_not_allowed",
            ErrorCode::WindowPaused => "window_paused",
            ErrorCode::SlotFull => "slot_full",
            ErrorCode::AlreadyBooked => "already_booked",
            ErrorCode::BookingSuspended => "booking_suspended",
            ErrorCode::CancelNotAllowed => "cancel_not_allowed",
            ErrorCode::CheckInNotAllowed => "check_in_not_allowed",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Unknown => "unknown",
        }
    }

    /// The HTTP status that goes with the code.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::MalformedBody
            | ErrorCode::BadParameter
            | ErrorCode::IdempotencyKeyMissing => 400,
            ErrorCode::AccessCodeRequired | ErrorCode::Unauthorized | ErrorCode::SignInFailed => {
                401
            }
            ErrorCode::Forbidden
            | ErrorCode::CsrfTokenInvalid
            | ErrorCode::PasswordChangeRequired => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::RatingNotAllowed
            | ErrorCode::TransitionNotAllowed
            | ErrorCode::QueueEmpty
            | ErrorCode::CaseChanged
            | ErrorCode::DemonstrationRunning
            | ErrorCode::ReplyNotAllowed
            | ErrorCode::WithdrawalNotAllowed
            | ErrorCode::SendBackNotAllowed
            | ErrorCode::SendBackClosed
            | ErrorCode::HelpNotAllowed
            | ErrorCode::ReworkNotAllowed
            | ErrorCode::RulingNotAllowed
            | ErrorCode::NameTaken
            | ErrorCode::NumberAlreadyTaken
            | ErrorCode::RecallNotAllowed
            | ErrorCode::WindowPaused
            | ErrorCode::SlotFull
            | ErrorCode::AlreadyBooked
            | ErrorCode::BookingSuspended
            | ErrorCode::CancelNotAllowed
            | ErrorCode::CheckInNotAllowed => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::ValidationFailed | ErrorCode::IdempotencyKeyReused => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal | ErrorCode::Unknown => 500,
            ErrorCode::Unavailable => 503,
        }
    }
}

/// One bad field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's code, as in the form definition or the body (`score`, `comment`, …).
    pub field: String,
    /// Machine-readable reason.
    pub code: FieldErrorCode,
    /// Localised message, ready to show beside the field.
    pub message: String,
}

/// Why a field is invalid. Unknown codes from newer backends read as `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldErrorCode {
    /// A required answer is missing or blank.
    Required,
    /// The answer has the wrong JSON type for the field's datatype.
    WrongType,
    /// Shorter than `min_length`.
    TooShort,
    /// Longer than `max_length`.
    TooLong,
    /// Smaller than `min`.
    TooSmall,
    /// Larger than `max`.
    TooLarge,
    /// Not a finite number.
    NotANumber,
    /// Not a real `YYYY-MM-DD` date.
    InvalidDate,
    /// Not a real `YYYY-MM-DDTHH:MM` date and time.
    InvalidDatetime,
    /// Not a mainland mobile or landline number.
    InvalidPhone,
    /// Not an e-mail address.
    InvalidEmail,
    /// Not an 18-character identity number with a valid checksum and birth date.
    InvalidIdNumber,
    /// Does not match `pattern`.
    PatternMismatch,
    /// Not one of `values`, or chosen twice.
    NotAnOption,
    /// The form has no field of this code.
    UnknownField,
    /// A new password that is easy to guess: it contains the account name, repeats the
    /// current password or is one character repeated.
    TooWeak,
    /// Does not match what is on record, such as a wrong current password.
    Incorrect,
    /// A code that no longer works: too old, or tried too often; ask for a new one.
    Expired,
    /// A code this client does not know yet.
    #[serde(other)]
    Unknown,
}

impl FieldErrorCode {
    /// The wire name, e.g. `too_short`.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldErrorCode::Required => "required",
            FieldErrorCode::WrongType => "wrong_type",
            FieldErrorCode::TooShort => "too_short",
            FieldErrorCode::TooLong => "too_long",
            FieldErrorCode::TooSmall => "too_small",
            FieldErrorCode::TooLarge => "too_large",
            FieldErrorCode::NotANumber => "not_a_number",
            FieldErrorCode::InvalidDate => "invalid_date",
            FieldErrorCode::InvalidDatetime => "invalid_datetime",
            FieldErrorCode::InvalidPhone => "invalid_phone",
            FieldErrorCode::InvalidEmail => "invalid_email",
            FieldErrorCode::InvalidIdNumber => "invalid_id_number",
            FieldErrorCode::PatternMismatch => "pattern_mismatch",
            FieldErrorCode::NotAnOption => "not_an_option",
            FieldErrorCode::UnknownField => "unknown_field",
            FieldErrorCode::TooWeak => "too_weak",
            FieldErrorCode::Incorrect => "incorrect",
            FieldErrorCode::Expired => "expired",
            FieldErrorCode::Unknown => "unknown",
        }
    }
}
