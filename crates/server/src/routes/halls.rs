//! The optional halls module: live queue status, and remote queue numbers: taken with a
//! phone or at a kiosk, looked up and cancelled with the token only their holder has.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use banshi_contract::{
    BusyHours, ErrorCode, FieldErrorCode, Hall, HallCall, HallWindow, KIOSK_TOKEN_HEADER, Locale,
    OpeningHours, QUEUE_TOKEN_HEADER, QueueLine, QueueNumber, RatingSubmission, TakeNumber,
    WaitRange,
};

use crate::error::ApiError;
use crate::estimate::{CALL_WINDOW_MINUTES, Estimate, LineRecent, estimate};
use crate::extract::{AppJson, RequestLocale};
use crate::seed::{HallDoc, LineDoc};
use crate::store::{LineState, NumberKey, StoredNumber, Taker, WindowState};
use crate::{AppState, busy, clock, codes, messages};

/// A queue number as shown to people: line letter and three digits, e.g. `A007`.
pub fn display_number(line: &str, seq: i64) -> String {
    format!("{line}{seq:03}")
}

/// The line's live view, from today's state (and what a number taken now would wait, where
/// the line's recent past is known).
pub fn line_view(
    line: &LineDoc,
    state: Option<&LineState>,
    recent: Option<&LineRecent>,
    locale: Locale,
) -> QueueLine {
    let waiting = state.map_or(0, |s| s.waiting);
    QueueLine {
        code: line.code.clone(),
        name: line.name.get(locale).to_owned(),
        now_serving: state
            .and_then(|s| s.now_serving)
            .map(|n| display_number(&line.code, n)),
        waiting,
        minutes_per_person: line.minutes_per_person,
        wait: recent.map(|r| wait_range(estimate(waiting, r, line.minutes_per_person))),
    }
}

/// The contract's range of an estimate.
fn wait_range(wait: Estimate) -> WaitRange {
    WaitRange {
        low_minutes: wait.low,
        high_minutes: wait.high,
    }
}

/// Days of numbers a line's service times and no-show rate are read from.
const RECENT_DAYS: i64 = 30;

/// What `line` of `hall` has done lately, with the windows open to it now (`windows`:
/// today's window states): its last 30 days from the state's cache (read afresh once a
/// minute), today's calls and services afresh.
pub async fn line_recent(
    state: &AppState,
    hall: &HallDoc,
    line: &str,
    windows: &[WindowState],
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<LineRecent, ApiError> {
    let zone = crate::hall::zone(hall);
    let since = crate::hall::local_date(zone, now) - chrono::Duration::days(RECENT_DAYS);
    let calls_since = now - chrono::Duration::minutes(CALL_WINDOW_MINUTES as i64);
    let day = crate::hall::day(zone, now);
    let key = (hall.id.clone(), line.to_owned(), day.clone());
    let history = match state.line_histories.get(&key) {
        Some(history) => history,
        None => {
            let since = since.format("%Y%m%d").to_string();
            let history = state
                .store
                .line_history(hall.id.clone(), line.to_owned(), since)
                .await?;
            state.line_histories.put(key, history.clone());
            history
        }
    };
    let (recent_calls, serving_for) = state
        .store
        .line_live(
            hall.id.clone(),
            line.to_owned(),
            day,
            clock::rfc3339(calls_since),
            clock::rfc3339(now),
        )
        .await?;
    let open_windows = hall
        .windows
        .iter()
        .filter(|w| w.lines.iter().any(|l| l == line))
        .filter(|w| !windows.iter().any(|s| s.number == w.number && s.paused))
        .count();
    Ok(LineRecent {
        service_minutes: history.service_minutes,
        called: history.called,
        no_shows: history.no_shows,
        recent_calls,
        windows: open_windows as u32,
        serving_for,
    })
}

/// The hall's snapshot now: its lines' queues and its latest calls.
pub async fn hall_view(state: &AppState, hall: &HallDoc, locale: Locale) -> Result<Hall, ApiError> {
    let now = clock::now();
    let day = crate::hall::day(crate::hall::zone(hall), now);
    let lines = state
        .store
        .line_states(hall.id.clone(), day.clone())
        .await?;
    let windows = state
        .store
        .window_states(hall.id.clone(), day.clone())
        .await?;
    let mut recent = Vec::with_capacity(hall.lines.len());
    for line in &hall.lines {
        recent.push(line_recent(state, hall, &line.code, &windows, now).await?);
    }
    let calls = state
        .store
        .recent_calls(hall.id.clone(), day, Hall::RECENT_CALLS)
        .await?
        .into_iter()
        .map(|call| HallCall {
            number: display_number(&call.line, call.seq),
            line: call.line,
            window: call.window,
            at: call.at,
        })
        .collect();
    Ok(Hall {
        calls,
        id: hall.id.clone(),
        name: hall.name.get(locale).to_owned(),
        address: hall.address.get(locale).to_owned(),
        hours: hall.hours.get(locale).to_owned(),
        time_zone: hall.time_zone.clone(),
        opening: hall.opening.clone(),
        open_now: crate::hall::is_open(hall, &state.calendar, now),
        windows: hall
            .windows
            .iter()
            .map(|w| {
                let now = windows.iter().find(|s| s.number == w.number);
                let at_window = now.and_then(|s| s.at_window.as_ref());
                HallWindow {
                    number: w.number,
                    name: w.name.get(locale).to_owned(),
                    lines: w.lines.clone(),
                    paused: now.is_some_and(|s| s.paused),
                    now: at_window.map(|(line, seq, _)| display_number(line, *seq)),
                    serving: at_window.is_some_and(|(_, _, serving)| *serving),
                }
            })
            .collect(),
        lines: hall
            .lines
            .iter()
            .zip(&recent)
            .map(|(l, recent)| {
                let today = lines.iter().find(|s| s.line == l.code);
                line_view(l, today, Some(recent), locale)
            })
            .collect(),
        updated_at: clock::rfc3339(now),
    })
}

/// `GET /v1/halls/{id}/busy-hours`: the hall's usual numbers per weekday and opening hour
/// over the last [`busy::WEEKS`] weeks, and the quietest hour left today.
pub async fn busy_hours(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let hall = find_hall(&state, &id)?;
    let zone = crate::hall::zone(hall);
    let now = clock::now();
    let today = crate::hall::local_date(zone, now);
    let since = today - chrono::Duration::weeks(busy::WEEKS);
    let rows = state
        .store
        .numbers_per_hour(
            hall.id.clone(),
            since.format("%Y%m%d").to_string(),
            today.format("%Y%m%d").to_string(),
        )
        .await?;
    let offset = clock::centre_offset();
    let counts: Vec<busy::HourCount> = rows
        .into_iter()
        .filter_map(|(day, hour, numbers)| {
            let at = chrono::NaiveDateTime::parse_from_str(&format!("{hour}:00"), "%Y-%m-%dT%H:%M")
                .ok()?
                .and_local_timezone(offset)
                .single()?
                .with_timezone(&zone);
            Some(busy::HourCount {
                day,
                hour: chrono::Timelike::hour(&at) as u8,
                numbers,
            })
        })
        .collect();
    let days = busy::busy_days(&hall.opening, &counts, |date| {
        crate::hall::hours_on(&hall.opening, &state.calendar, date).map(|h| h.weekday)
    });
    let hours = crate::hall::hours_on(&hall.opening, &state.calendar, today);
    let kept = hours.map(|h| h.weekday);
    let local = now.with_timezone(&zone);
    let minute = chrono::Timelike::hour(&local) * 60 + chrono::Timelike::minute(&local);
    // Nothing is quiet "today" once the doors have closed.
    let closes = hours
        .and_then(|h| OpeningHours::minutes(&h.closes))
        .unwrap_or(0);
    let quietest_today = kept
        .filter(|_| minute < closes)
        .and_then(|weekday| days.iter().find(|d| d.weekday == weekday))
        .and_then(|day| busy::quietest_hour(day, minute));
    let answer = BusyHours {
        hall: hall.id.clone(),
        weeks: busy::WEEKS as u32,
        days,
        today: kept,
        quietest_today,
        updated_at: clock::rfc3339(now),
    };
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(answer),
    )
        .into_response())
}

/// The hall named in a path, or `not_found`.
pub fn find_hall<'a>(state: &'a AppState, id: &str) -> Result<&'a HallDoc, ApiError> {
    state
        .halls
        .iter()
        .find(|h| h.id == id)
        .ok_or(ApiError::new(ErrorCode::NotFound))
}

/// The hall and line named in a path, or `not_found`.
pub fn find_line<'a>(
    state: &'a AppState,
    hall: &str,
    line: &str,
) -> Result<(&'a HallDoc, &'a LineDoc), ApiError> {
    let hall = find_hall(state, hall)?;
    let line = hall
        .lines
        .iter()
        .find(|l| l.code.eq_ignore_ascii_case(line))
        .ok_or(ApiError::new(ErrorCode::NotFound))?;
    Ok((hall, line))
}

pub async fn list(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
) -> Result<Json<Vec<Hall>>, ApiError> {
    let mut halls = Vec::with_capacity(state.halls.len());
    for hall in state.halls.iter() {
        halls.push(hall_view(&state, hall, locale).await?);
    }
    Ok(Json(halls))
}

pub async fn one(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(id): Path<String>,
) -> Result<Json<Hall>, ApiError> {
    Ok(Json(
        hall_view(&state, find_hall(&state, &id)?, locale).await?,
    ))
}

/// The line and sequence of a displayed number of `hall`, e.g. `A018` or `a18`.
pub fn parse_number<'a>(hall: &'a HallDoc, text: &str) -> Option<(&'a LineDoc, i64)> {
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (code, digits) = text.split_at(split);
    let line = hall
        .lines
        .iter()
        .find(|l| l.code.eq_ignore_ascii_case(code))?;
    let seq: i64 = digits.parse().ok().filter(|s| *s > 0)?;
    Some((line, seq))
}

/// The contract view of a stored number, for staff: its wait is `ahead × minutes_per_person`
/// of the line it queues in.
pub fn number_view(hall: &HallDoc, number: StoredNumber) -> QueueNumber {
    let minutes = hall
        .lines
        .iter()
        .find(|l| l.code == number.queue_line)
        .map_or(0, |l| l.minutes_per_person);
    QueueNumber {
        number: display_number(&number.line, number.seq),
        hall: hall.id.clone(),
        line: number.queue_line,
        ahead: number.ahead,
        estimated_wait_minutes: number.ahead * minutes,
        wait: None,
        updated_at: None,
        issued_at: number.issued_at,
        state: number.state,
        window: number.window,
        priority: number.priority,
        booked: number.booked,
        recalls: number.recalls,
        rating: number.rating,
        token: None,
    }
}

/// The contract view of a stored number for its holder: while it is queued, its wait
/// estimated from what its line has done lately, and when.
pub async fn holder_view(
    state: &AppState,
    hall: &HallDoc,
    number: StoredNumber,
) -> Result<QueueNumber, ApiError> {
    let now = clock::now();
    let recent = if number.state.is_queued() {
        let day = crate::hall::day(crate::hall::zone(hall), now);
        let windows = state.store.window_states(hall.id.clone(), day).await?;
        Some(line_recent(state, hall, &number.queue_line, &windows, now).await?)
    } else {
        None
    };
    Ok(holder_view_with(hall, number, recent.as_ref(), now))
}

/// [`holder_view`] at `now`, with its line's past already read (`None` for a number no
/// longer queued).
fn holder_view_with(
    hall: &HallDoc,
    number: StoredNumber,
    recent: Option<&LineRecent>,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> QueueNumber {
    let nominal = hall
        .lines
        .iter()
        .find(|l| l.code == number.queue_line)
        .map_or(0, |l| l.minutes_per_person);
    let mut view = number_view(hall, number);
    view.updated_at = Some(clock::rfc3339(now));
    match recent {
        Some(recent) => {
            let wait = estimate(view.ahead, recent, nominal);
            view.estimated_wait_minutes = wait.minutes;
            view.wait = Some(wait_range(wait));
        }
        None => view.estimated_wait_minutes = 0,
    }
    view
}

/// The enrolled kiosk whose device token is in `headers`, if any.
pub(super) async fn kiosk_of(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<i64>, ApiError> {
    let Some(token) = headers
        .get(KIOSK_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    let kiosk = state.store.kiosk_by_token(codes::digest(token)).await?;
    // A kiosk token that is wrong or revoked is refused rather than ignored.
    kiosk
        .filter(|k| k.revoked_at.is_none())
        .map(|k| Some(k.id))
        .ok_or(ApiError::new(ErrorCode::Unauthorized))
}

/// `POST /v1/halls/{id}/lines/{line}/numbers`: a number taken remotely with a phone
/// (`{"phone": …}`; one at a time per phone and line) or at an enrolled kiosk (its
/// `X-Kiosk-Token`, no phone needed). The answer carries the number's token, once.
pub async fn take_number(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path((hall, line)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (hall, line) = find_line(&state, &hall, &line)?;
    let asked: TakeNumber = if body.iter().all(u8::is_ascii_whitespace) {
        TakeNumber::default()
    } else {
        serde_json::from_slice(&body).map_err(|_| ApiError::new(ErrorCode::MalformedBody))?
    };
    let kiosk = kiosk_of(&state, &headers).await?;
    let phone = asked
        .phone
        .as_deref()
        .map(codes::normalise_phone)
        .filter(|p| !p.is_empty());
    let problem = match (&phone, kiosk) {
        (None, None) => Some(FieldErrorCode::Required),
        (Some(phone), _) if !(phone.len() == 11 && phone.starts_with('1')) => {
            Some(FieldErrorCode::InvalidPhone)
        }
        _ => None,
    };
    if let Some(code) = problem {
        return Err(ApiError::invalid(vec![messages::body_error(
            "phone", code, locale,
        )]));
    }
    let limited = match (&phone, kiosk) {
        (_, Some(kiosk)) => state.numbers_by_kiosk.check(kiosk),
        (Some(phone), None) => state.numbers_by_phone.check(phone.clone()),
        (None, None) => Ok(()),
    };
    limited.map_err(ApiError::rate_limited)?;
    let token = codes::new_queue_token().map_err(|_| ApiError::new(ErrorCode::Internal))?;
    let now = clock::now();
    let day = crate::hall::day(crate::hall::zone(hall), now);
    let windows = state
        .store
        .window_states(hall.id.clone(), day.clone())
        .await?;
    let recent = line_recent(&state, hall, &line.code, &windows, now).await?;
    let taken = state
        .store
        .take_number(
            hall.id.clone(),
            line.code.clone(),
            day,
            clock::rfc3339(now),
            Taker {
                token_hash: codes::digest(&token),
                phone,
                kiosk,
                locale: locale.tag().to_owned(),
                sms: state.config.notify.sms_webhook.is_some(),
            },
            (recent.clone(), line.minutes_per_person),
        )
        .await?;
    // The answer gives the estimate the store recorded: the same past, the same place.
    let number = QueueNumber {
        token: Some(token),
        ..holder_view_with(hall, taken, Some(&recent), now)
    };
    Ok((StatusCode::CREATED, Json(number)).into_response())
}

/// The hall and number a path names, today in the hall's time zone; an unknown hall or
/// number is `not_found`.
pub fn number_key<'a>(
    state: &'a AppState,
    hall: &str,
    number: &str,
) -> Result<(&'a HallDoc, NumberKey), ApiError> {
    let not_found = || ApiError::new(ErrorCode::NotFound);
    let hall = find_hall(state, hall)?;
    let (line, seq) = parse_number(hall, number).ok_or_else(not_found)?;
    let key = NumberKey {
        hall: hall.id.clone(),
        day: crate::hall::day(crate::hall::zone(hall), clock::now()),
        line: line.code.clone(),
        seq,
    };
    Ok((hall, key))
}

/// The digest of the `X-Queue-Token` in `headers`; none is `not_found`, like a wrong one.
pub(super) fn token_digest(headers: &HeaderMap) -> Result<String, ApiError> {
    headers
        .get(QUEUE_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(codes::digest)
        .ok_or(ApiError::new(ErrorCode::NotFound))
}

/// `GET /v1/halls/{id}/numbers/{number}` with `X-Queue-Token`: where today's number stands.
pub async fn number(
    State(state): State<AppState>,
    Path((hall, number)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (hall, key) = number_key(&state, &hall, &number)?;
    let found = state
        .store
        .queue_number(key, token_digest(&headers)?)
        .await?;
    let view = holder_view(&state, hall, found).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(view)).into_response())
}

/// `POST /v1/halls/{id}/numbers/{number}/cancellation` with `X-Queue-Token`: the citizen
/// gives the number up; `409 transition_not_allowed` once it is at a window or over.
pub async fn cancel(
    State(state): State<AppState>,
    Path((hall, number)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<QueueNumber>, ApiError> {
    let (hall, key) = number_key(&state, &hall, &number)?;
    let now = clock::rfc3339(clock::now());
    let cancelled = state
        .store
        .cancel_number(key, token_digest(&headers)?, now)
        .await?;
    Ok(Json(holder_view(&state, hall, cancelled).await?))
}

/// `POST /v1/halls/{id}/numbers/{number}/return` with `X-Queue-Token`: a missed number comes
/// back within the grace window and rejoins its queue three places back;
/// `409 transition_not_allowed` if it was not missed or the window has passed.
pub async fn come_back(
    State(state): State<AppState>,
    Path((hall, number)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<QueueNumber>, ApiError> {
    let (hall, key) = number_key(&state, &hall, &number)?;
    let now = clock::now();
    let grace = chrono::Duration::from_std(state.config.missed_grace)
        .unwrap_or(chrono::Duration::minutes(30));
    let returned = state
        .store
        .return_number(
            key,
            token_digest(&headers)?,
            clock::rfc3339(now - grace),
            clock::rfc3339_millis(now),
        )
        .await?;
    Ok(Json(holder_view(&state, hall, returned).await?))
}

/// `POST /v1/halls/{id}/numbers/{number}/rating` with `X-Queue-Token`: the citizen rates the
/// visit once it is served (好差评, one rating per visit); `409 rating_not_allowed` before
/// then or a second time.
pub async fn rate_visit(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path((hall, number)): Path<(String, String)>,
    headers: HeaderMap,
    AppJson(rating): AppJson<RatingSubmission>,
) -> Result<Response, ApiError> {
    let (hall, key) = number_key(&state, &hall, &number)?;
    let token = token_digest(&headers)?;
    let errors = super::tickets::rating_errors(&rating, locale);
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let rated = state
        .store
        .rate_visit(
            key,
            token,
            rating.score,
            rating.comment.trim().to_owned(),
            clock::rfc3339(clock::now()),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(holder_view(&state, hall, rated).await?),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displayed_numbers_name_their_line_and_sequence_in_any_case() {
        let hall = crate::seed::halls().remove(0);
        let parse = |text| parse_number(&hall, text).map(|(l, s)| (l.code.clone(), s));
        assert_eq!(parse("A018"), Some(("A".into(), 18)));
        assert_eq!(parse("c7"), Some(("C".into(), 7)));
        for bad in ["Z001", "A", "A000", "018", "A01x", ""] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(display_number("B", 7), "B007");
    }
}
