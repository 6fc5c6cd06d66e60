//! Appointments (预约) of the optional halls module: a line's bookable slots, the SMS code
//! that confirms a phone, booking, looking up, cancelling and checking in a booking (with the
//! token only its holder has, or at an enrolled kiosk with its code), appeals against a
//! suspension, and staff closing a slot or deciding an appeal.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use banshi_contract::{
    AppealDecision, AppealSubmission, AuditAction, Booking, BookingAppeal, BookingState,
    ClosedSlot, ErrorCode, FieldError, FieldErrorCode, Locale, NewBooking, PhoneCodeRequest,
    PhoneCodeSent, QueueNumber, Slot, SlotClosure, SlotDay, SlotDays, StaffRole,
};
use chrono::{DateTime, FixedOffset, NaiveDate};

use super::halls::{display_number, find_hall, find_line, holder_view, kiosk_of, token_digest};
use crate::appointments::{BookingTimes, bookable_days, places_left, slot_start, slots};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::extract::{AppJson, ClientIp, RequestLocale};
use crate::seed::{HallDoc, LineDoc};
use crate::store::{
    CODE_MINUTES, CODE_RESEND_SECONDS, CodeRefused, CodeSent, Confirmed, NewBookingRow,
    StoredAppeal, StoredBooking,
};
use crate::{AppState, clock, codes, messages};

/// The day key of a date: `YYYYMMDD`.
fn day_key(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// The date of a day key, `YYYY-MM-DD`.
fn date_of(day: &str) -> String {
    NaiveDate::parse_from_str(day, "%Y%m%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|_| day.to_owned())
}

/// The last four digits of a phone.
fn ending(phone: &str) -> String {
    phone
        .chars()
        .skip(phone.chars().count().saturating_sub(4))
        .collect()
}

/// Whether SMS can be sent (a gateway is configured).
fn can_text(state: &AppState) -> bool {
    state.config.notify.sms_webhook.is_some()
}

/// Whether the hall takes bookings at all: a phone must be confirmed by SMS, except in demo
/// mode, where codes go to the log.
fn offers_appointments(state: &AppState) -> bool {
    can_text(state) || state.config.demo
}

/// A line that takes bookings, or `not_found` (also when no phone can be confirmed).
fn bookable_line<'a>(
    state: &'a AppState,
    hall: &str,
    line: &str,
) -> Result<(&'a HallDoc, &'a LineDoc), ApiError> {
    let (hall, line) = find_line(state, hall, line)?;
    if line.slot_capacity == 0 || !offers_appointments(state) {
        return Err(ApiError::new(ErrorCode::NotFound));
    }
    Ok((hall, line))
}

/// `GET /v1/halls/{id}/lines/{line}/slots`: the line's slots on the next bookable days, with
/// the places left in each.
pub async fn slot_days(
    State(state): State<AppState>,
    Path((hall, line)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (hall, line) = bookable_line(&state, &hall, &line)?;
    let now = clock::now();
    let today = crate::hall::local_date(crate::hall::zone(hall), now);
    let days = bookable_days(&hall.opening, &state.calendar, today);
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return Err(ApiError::new(ErrorCode::NotFound));
    };
    let (held, closed) = state
        .store
        .slot_bookings(
            hall.id.clone(),
            line.code.clone(),
            day_key(first.0),
            day_key(last.0),
        )
        .await?;
    let days = days
        .iter()
        .map(|(date, hours)| {
            let day = day_key(*date);
            SlotDay {
                date: date.format("%Y-%m-%d").to_string(),
                slots: slots(hours)
                    .into_iter()
                    .map(|(starts, ends)| {
                        let booked = held
                            .iter()
                            .find(|(d, s, _)| *d == day && *s == starts)
                            .map_or(0, |(_, _, n)| *n);
                        let is_closed = closed.iter().any(|(d, s)| *d == day && *s == starts);
                        Slot {
                            left: places_left(line.slot_capacity, booked, is_closed),
                            capacity: line.slot_capacity,
                            closed: is_closed,
                            starts,
                            ends,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let answer = SlotDays {
        hall: hall.id.clone(),
        line: line.code.clone(),
        days,
        updated_at: clock::rfc3339(now),
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(answer)).into_response())
}

/// A mobile number as typed, normalised, or the field error for it.
fn mobile(typed: &str, locale: Locale) -> Result<String, FieldError> {
    let phone = codes::normalise_phone(typed);
    if phone.is_empty() {
        Err(messages::body_error(
            "phone",
            FieldErrorCode::Required,
            locale,
        ))
    } else if !(phone.len() == 11 && phone.starts_with('1')) {
        Err(messages::body_error(
            "phone",
            FieldErrorCode::InvalidPhone,
            locale,
        ))
    } else {
        Ok(phone)
    }
}

/// The phone and the SMS code of a body, normalised, with the errors of either added to
/// `errors` (a code is six digits).
fn phone_and_code(
    phone: &str,
    code: &str,
    locale: Locale,
    errors: &mut Vec<FieldError>,
) -> (Option<String>, String) {
    let phone = mobile(phone, locale).map_err(|e| errors.push(e)).ok();
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let problem = if code.is_empty() {
        Some(FieldErrorCode::Required)
    } else if !(code.len() == 6 && code.chars().all(|c| c.is_ascii_digit())) {
        Some(FieldErrorCode::Incorrect)
    } else {
        None
    };
    if let Some(problem) = problem {
        errors.push(messages::body_error("code", problem, locale));
    }
    (phone, code)
}

/// `POST /v1/halls/{id}/phone-codes`: a code sent by SMS to confirm a phone for a booking or
/// an appeal (in demo mode also written to the server's log, never shown on the page).
pub async fn send_code(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    ClientIp(client): ClientIp,
    Path(hall): Path<String>,
    AppJson(asked): AppJson<PhoneCodeRequest>,
) -> Result<Response, ApiError> {
    let hall = find_hall(&state, &hall)?;
    if !offers_appointments(&state) {
        return Err(ApiError::new(ErrorCode::NotFound));
    }
    let phone = mobile(&asked.phone, locale).map_err(|e| ApiError::invalid(vec![e]))?;
    state
        .codes_by_client
        .check(client)
        .map_err(ApiError::rate_limited)?;
    let code = codes::new_phone_code().map_err(|_| ApiError::new(ErrorCode::Internal))?;
    let now = clock::now();
    let sent = state
        .store
        .send_phone_code(
            (hall.id.clone(), phone.clone(), locale.tag().to_owned()),
            code.clone(),
            now,
            can_text(&state),
        )
        .await?;
    if let CodeSent::TooSoon(seconds) = sent {
        return Err(ApiError::rate_limited(seconds));
    }
    if state.config.demo {
        tracing::info!(phone = %phone, code = %code, "demo mode: the SMS code for this phone");
    }
    let answer = PhoneCodeSent {
        expires_at: clock::rfc3339(now + chrono::Duration::minutes(CODE_MINUTES)),
        resend_after_seconds: CODE_RESEND_SECONDS as u32,
    };
    Ok((StatusCode::ACCEPTED, Json(answer)).into_response())
}

/// The field error of a refused code.
fn code_error(refused: CodeRefused, locale: Locale) -> ApiError {
    let code = match refused {
        CodeRefused::Wrong { .. } => FieldErrorCode::Incorrect,
        CodeRefused::Expired => FieldErrorCode::Expired,
    };
    let mut error = messages::body_error("code", code, locale);
    if let CodeRefused::Wrong { left } = refused {
        error.message = messages::code_tries_left(&error.message, left, locale);
    }
    ApiError::invalid(vec![error])
}

/// The booking as its holder sees it at `now`.
pub fn booking_view(
    hall: &HallDoc,
    booking: &StoredBooking,
    rules: &crate::config::AppointmentRules,
    now: DateTime<FixedOffset>,
) -> Booking {
    let start = DateTime::parse_from_rfc3339(&booking.slot_at).unwrap_or(now);
    let times = BookingTimes::new(start, rules);
    let state = match booking.state {
        BookingState::Booked if now > times.check_in_until => BookingState::Missed,
        state => state,
    };
    Booking {
        reference: booking.reference.clone(),
        hall: hall.id.clone(),
        line: booking.line.clone(),
        date: date_of(&booking.day),
        starts: booking.starts.clone(),
        ends: booking.ends.clone(),
        state,
        check_in_from: clock::rfc3339(times.check_in_from),
        check_in_until: clock::rfc3339(times.check_in_until),
        cancel_until: clock::rfc3339(times.cancel_until),
        phone_ending: ending(&booking.phone),
        number: booking
            .number_seq
            .map(|seq| display_number(&booking.line, seq)),
        token: None,
    }
}

/// `POST /v1/halls/{id}/bookings`: books a slot with the code sent to the phone; the answer
/// carries the booking's token, once.
pub async fn book(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(hall): Path<String>,
    AppJson(asked): AppJson<NewBooking>,
) -> Result<Response, ApiError> {
    let hall = find_hall(&state, &hall)?;
    let now = clock::now();
    let zone = crate::hall::zone(hall);
    let mut errors = Vec::new();
    let line = bookable_line(&state, &hall.id, asked.line.trim())
        .ok()
        .map(|(_, l)| l);
    if line.is_none() {
        errors.push(messages::body_error(
            "line",
            FieldErrorCode::NotAnOption,
            locale,
        ));
    }
    let days = bookable_days(
        &hall.opening,
        &state.calendar,
        crate::hall::local_date(zone, now),
    );
    let day = NaiveDate::parse_from_str(asked.date.trim(), "%Y-%m-%d")
        .ok()
        .and_then(|date| days.iter().find(|(d, _)| *d == date));
    if day.is_none() {
        errors.push(messages::body_error(
            "date",
            FieldErrorCode::NotAnOption,
            locale,
        ));
    }
    let slot = day.and_then(|(_, hours)| {
        slots(hours)
            .into_iter()
            .find(|(starts, _)| starts == asked.starts.trim())
    });
    if day.is_some() && slot.is_none() {
        errors.push(messages::body_error(
            "starts",
            FieldErrorCode::NotAnOption,
            locale,
        ));
    }
    let (phone, code) = phone_and_code(&asked.phone, &asked.code, locale, &mut errors);
    let (Some(line), Some((date, _)), Some((starts, ends)), Some(phone), true) =
        (line, day, slot, phone, errors.is_empty())
    else {
        return Err(ApiError::invalid(errors));
    };
    let start = slot_start(zone, *date, &starts).ok_or(ApiError::new(ErrorCode::Internal))?;
    let token = codes::new_queue_token().map_err(|_| ApiError::new(ErrorCode::Internal))?;
    let reference = codes::new_access_code().map_err(|_| ApiError::new(ErrorCode::Internal))?;
    let row = NewBookingRow {
        reference,
        hall: hall.id.clone(),
        line: line.code.clone(),
        day: day_key(*date),
        starts,
        ends,
        slot_at: clock::rfc3339(start),
        phone,
        locale: locale.tag().to_owned(),
        token_hash: codes::digest(&token),
        capacity: line.slot_capacity,
    };
    let booked = state
        .store
        .book(row, codes::digest(&code), now, state.config.appointments)
        .await?;
    let booking = match booked {
        Confirmed::Done(booking) => booking,
        Confirmed::Refused(refused) => return Err(code_error(refused, locale)),
    };
    let view = Booking {
        token: Some(token),
        ..booking_view(hall, &booking, &state.config.appointments, now)
    };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// The reference in a path, as a kiosk's keyboard may type it.
fn reference_of(typed: &str) -> String {
    codes::normalise_access_code(typed)
}

/// `GET /v1/halls/{id}/bookings/{reference}` with `X-Queue-Token`.
pub async fn booking(
    State(state): State<AppState>,
    Path((hall, reference)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let hall = find_hall(&state, &hall)?;
    let found = state
        .store
        .booking(
            hall.id.clone(),
            reference_of(&reference),
            token_digest(&headers)?,
        )
        .await?;
    let view = booking_view(hall, &found, &state.config.appointments, clock::now());
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(view)).into_response())
}

/// `POST /v1/halls/{id}/bookings/{reference}/cancellation` with `X-Queue-Token`: up to
/// `cancel_until`.
pub async fn cancel(
    State(state): State<AppState>,
    Path((hall, reference)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Booking>, ApiError> {
    let hall = find_hall(&state, &hall)?;
    let now = clock::now();
    let cancelled = state
        .store
        .cancel_booking(
            (
                hall.id.clone(),
                reference_of(&reference),
                token_digest(&headers)?,
            ),
            now,
            state.config.appointments,
        )
        .await?;
    Ok(Json(booking_view(
        hall,
        &cancelled,
        &state.config.appointments,
        now,
    )))
}

/// `POST /v1/halls/{id}/bookings/{reference}/check-in`, with the booking's `X-Queue-Token`
/// (its QR code, on the citizen's phone or scanned at a kiosk) or an enrolled kiosk's
/// `X-Kiosk-Token` (the code typed at the kiosk): the booking becomes a queue number whose
/// token is the booking's.
pub async fn check_in(
    State(state): State<AppState>,
    Path((hall, reference)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let hall = find_hall(&state, &hall)?;
    let token = token_digest(&headers).ok();
    let kiosk = kiosk_of(&state, &headers).await?;
    if let Some(kiosk) = kiosk {
        state
            .numbers_by_kiosk
            .check(kiosk)
            .map_err(ApiError::rate_limited)?;
    }
    if token.is_none() && kiosk.is_none() {
        return Err(ApiError::new(ErrorCode::NotFound));
    }
    let now = clock::now();
    let today = crate::hall::day(crate::hall::zone(hall), now);
    let (_, number) = state
        .store
        .check_in(
            (hall.id.clone(), reference_of(&reference), token),
            kiosk,
            (now, today),
            (state.config.appointments, can_text(&state)),
        )
        .await?;
    let view: QueueNumber = holder_view(&state, hall, number).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// The contract view of an appeal.
fn appeal_view(appeal: StoredAppeal) -> BookingAppeal {
    BookingAppeal {
        id: appeal.id as u64,
        phone_ending: ending(&appeal.phone),
        reason: appeal.reason,
        missed: appeal.missed,
        suspended_until: appeal.suspended_until,
        filed_at: appeal.filed_at,
        outcome: appeal.outcome,
        decided_at: appeal.decided_at,
    }
}

/// `POST /v1/halls/{id}/booking-appeals`: a suspended phone appeals to a supervisor, with the
/// code sent to it; `409 transition_not_allowed` if it is not suspended.
pub async fn appeal(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(hall): Path<String>,
    AppJson(asked): AppJson<AppealSubmission>,
) -> Result<Response, ApiError> {
    find_hall(&state, &hall)?;
    let mut errors = Vec::new();
    let (phone, code) = phone_and_code(&asked.phone, &asked.code, locale, &mut errors);
    let reason = asked.reason.trim().to_owned();
    if reason.is_empty() {
        errors.push(messages::body_error_as(
            "reason",
            "appeal.reason",
            FieldErrorCode::Required,
            locale,
        ));
    } else if reason.chars().count() > AppealSubmission::MAX_REASON {
        errors.push(messages::body_error_as(
            "reason",
            "appeal.reason",
            FieldErrorCode::TooLong,
            locale,
        ));
    }
    let (Some(phone), true) = (phone, errors.is_empty()) else {
        return Err(ApiError::invalid(errors));
    };
    let filed = state
        .store
        .file_appeal(
            (phone, codes::digest(&code), reason),
            clock::now(),
            state.config.appointments,
        )
        .await?;
    match filed {
        Confirmed::Done(appeal) => {
            Ok((StatusCode::CREATED, Json(appeal_view(appeal))).into_response())
        }
        Confirmed::Refused(refused) => Err(code_error(refused, locale)),
    }
}

/// `GET /v1/staff/booking-appeals` (supervisors): pending first.
pub async fn appeals(
    actor: Actor,
    State(state): State<AppState>,
) -> Result<Json<Vec<BookingAppeal>>, ApiError> {
    actor.require(&[StaffRole::Supervisor])?;
    let appeals = state.store.appeals().await?;
    Ok(Json(appeals.into_iter().map(appeal_view).collect()))
}

/// `POST /v1/staff/booking-appeals/{id}` (supervisors): grant or refuse, audited.
pub async fn decide(
    actor: Actor,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AppJson(decision): AppJson<AppealDecision>,
) -> Result<Json<BookingAppeal>, ApiError> {
    actor.require(&[StaffRole::Supervisor])?;
    let audit = actor.audit(AuditAction::AppealDecided, Some(id.to_string()), None);
    let decided = state.store.decide_appeal(id, decision.grant, audit).await?;
    Ok(Json(appeal_view(decided)))
}

/// `POST /v1/staff/halls/{id}/slot-closures` (clerks and supervisors): close a bookable slot;
/// each booking in it is cancelled and told by SMS. Audited.
pub async fn close_slot(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(hall): Path<String>,
    AppJson(asked): AppJson<SlotClosure>,
) -> Result<Json<ClosedSlot>, ApiError> {
    actor.require(super::staff::HALL_ROLES)?;
    let (hall, line) = bookable_line(&state, &hall, asked.line.trim())?;
    let today = crate::hall::local_date(crate::hall::zone(hall), clock::now());
    let date = NaiveDate::parse_from_str(asked.date.trim(), "%Y-%m-%d").ok();
    // Today's slots may be closed too (a window falls ill), as may the bookable days'.
    let hours = date
        .filter(|d| *d >= today)
        .and_then(|d| crate::hall::hours_on(&hall.opening, &state.calendar, d));
    let slot = hours.and_then(|h| slots(h).into_iter().find(|(s, _)| s == asked.starts.trim()));
    let (Some(date), Some((starts, _))) = (date, slot) else {
        return Err(ApiError::invalid(vec![messages::body_error(
            "starts",
            FieldErrorCode::NotAnOption,
            locale,
        )]));
    };
    let audit = actor.audit(AuditAction::SlotClosed, Some(hall.id.clone()), None);
    let told = state
        .store
        .close_slot(
            (hall.id.clone(), line.code.clone(), day_key(date), starts),
            (date.format("%Y-%m-%d").to_string(), can_text(&state)),
            audit,
        )
        .await?;
    Ok(Json(ClosedSlot { told }))
}
