//! Appointments (预约): each slot's bookings and closure, the SMS codes that confirm a phone,
//! a booking's life (booked, checked in on time or late, cancelled, closed by staff) and
//! appeals against a suspension for missed bookings. A booking's capacity, its one-per-phone
//! day and its check-in are each decided inside one write, so concurrent requests cannot
//! overbook a slot or check a booking in twice.

use banshi_contract::{AppealOutcome, BookingState};
use chrono::{DateTime, Duration, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};

use super::halls::{NumberKey, StoredNumber, Taker, insert_number};
use super::{AuditRecord, HallFacts, HallMessage, Store, StoreError, StoreResult};
use crate::config::AppointmentRules;

/// A booking as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBooking {
    /// Row id.
    pub id: i64,
    /// The code typed at a kiosk.
    pub reference: String,
    /// Hall id.
    pub hall: String,
    /// Line code.
    pub line: String,
    /// The slot's day, `YYYYMMDD`.
    pub day: String,
    /// The slot's start, `HH:MM`.
    pub starts: String,
    /// Its end, `HH:MM`.
    pub ends: String,
    /// The instant it starts, RFC 3339.
    pub slot_at: String,
    /// The phone, normalised.
    pub phone: String,
    /// Its stored state (a booking past its check-in window is still `booked`: missed).
    pub state: BookingState,
    /// The queue number's sequence once checked in.
    pub number_seq: Option<i64>,
}

/// What a new booking is.
#[derive(Debug, Clone)]
pub struct NewBookingRow {
    /// The code typed at a kiosk.
    pub reference: String,
    /// Hall id.
    pub hall: String,
    /// Line code.
    pub line: String,
    /// `YYYYMMDD`.
    pub day: String,
    /// `HH:MM`.
    pub starts: String,
    /// `HH:MM`.
    pub ends: String,
    /// RFC 3339 of its start.
    pub slot_at: String,
    /// The phone, normalised.
    pub phone: String,
    /// The locale its messages are written in.
    pub locale: String,
    /// Digest of its token.
    pub token_hash: String,
    /// Bookings the slot takes.
    pub capacity: u32,
}

/// Why a phone code was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefused {
    /// Wrong; this many tries are left.
    Wrong {
        /// Tries left.
        left: u32,
    },
    /// None sent, too old, or tried too often: a new one is needed.
    Expired,
}

/// A change that needs a phone code: done, or the code was refused (its tries are counted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed<T> {
    /// Done.
    Done(T),
    /// The code was refused.
    Refused(CodeRefused),
}

/// Whether a phone code was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeSent {
    /// Sent.
    Sent,
    /// A code was sent less than a minute ago, or the day's codes were: wait this many
    /// seconds.
    TooSoon(u64),
}

/// An appeal as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAppeal {
    /// Row id.
    pub id: i64,
    /// The phone.
    pub phone: String,
    /// The citizen's reason.
    pub reason: String,
    /// Missed bookings counted when filed.
    pub missed: u32,
    /// RFC 3339.
    pub suspended_until: String,
    /// RFC 3339.
    pub filed_at: String,
    /// The decision.
    pub outcome: AppealOutcome,
    /// RFC 3339, once decided.
    pub decided_at: Option<String>,
}

/// Minutes a phone code works.
pub const CODE_MINUTES: i64 = 10;
/// Seconds before a phone may be sent another code.
pub const CODE_RESEND_SECONDS: i64 = 60;

const BOOKING_COLUMNS: &str = "id, reference, hall_id, line_code, day, starts, ends, slot_at,
     phone, state, number_seq";

fn booking_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredBooking> {
    let state: String = r.get(9)?;
    Ok(StoredBooking {
        id: r.get(0)?,
        reference: r.get(1)?,
        hall: r.get(2)?,
        line: r.get(3)?,
        day: r.get(4)?,
        starts: r.get(5)?,
        ends: r.get(6)?,
        slot_at: r.get(7)?,
        phone: r.get(8)?,
        state: state_from(&state),
        number_seq: r.get(10)?,
    })
}

fn state_from(name: &str) -> BookingState {
    match name {
        "booked" => BookingState::Booked,
        "checked_in" => BookingState::CheckedIn,
        "late" => BookingState::Late,
        "cancelled" => BookingState::Cancelled,
        "closed" => BookingState::Closed,
        _ => BookingState::Unknown,
    }
}

fn outcome_from(name: &str) -> AppealOutcome {
    match name {
        "pending" => AppealOutcome::Pending,
        "granted" => AppealOutcome::Granted,
        "refused" => AppealOutcome::Refused,
        _ => AppealOutcome::Unknown,
    }
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn rfc3339(at: DateTime<FixedOffset>) -> String {
    crate::clock::rfc3339(at)
}

/// Booking `reference` of `hall`; with `token_hash`, only if it is its token's digest
/// (`NotFound` otherwise, as for no booking).
fn load_booking(
    conn: &Connection,
    hall: &str,
    reference: &str,
    token_hash: Option<&str>,
) -> StoreResult<StoredBooking> {
    let (booking, stored_hash): (StoredBooking, String) = conn
        .query_row(
            &format!(
                "SELECT {BOOKING_COLUMNS}, token_hash FROM bookings
                 WHERE hall_id = ?1 AND reference = ?2"
            ),
            params![hall, reference],
            |r| Ok((booking_row(r)?, r.get(11)?)),
        )
        .optional()?
        .ok_or(StoreError::NotFound)?;
    match token_hash {
        Some(hash) if !crate::codes::same_secret(&stored_hash, hash) => Err(StoreError::NotFound),
        _ => Ok(booking),
    }
}

/// Checks `code_hash` against the code sent to `phone` at `now`: `None` when it is right (the
/// code is used up), else why not, with the wrong try counted.
fn check_code(
    conn: &Connection,
    phone: &str,
    code_hash: &str,
    now: &str,
) -> StoreResult<Option<CodeRefused>> {
    let sent: Option<(String, String, u32)> = conn
        .query_row(
            "SELECT code_hash, expires_at, attempts FROM phone_codes WHERE phone = ?1",
            [phone],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((stored, expires_at, attempts)) = sent else {
        return Ok(Some(CodeRefused::Expired));
    };
    let limit = banshi_contract::PHONE_CODE_ATTEMPTS;
    if expires_at.as_str() < now || attempts >= limit {
        return Ok(Some(CodeRefused::Expired));
    }
    if crate::codes::same_secret(&stored, code_hash) {
        conn.execute("DELETE FROM phone_codes WHERE phone = ?1", [phone])?;
        return Ok(None);
    }
    conn.execute(
        "UPDATE phone_codes SET attempts = attempts + 1 WHERE phone = ?1",
        [phone],
    )?;
    let left = limit - attempts - 1;
    Ok(Some(if left == 0 {
        CodeRefused::Expired
    } else {
        CodeRefused::Wrong { left }
    }))
}

/// The slot starts of the bookings `phone` missed that count towards a suspension at `now`
/// (those after its latest granted appeal), and until when it is suspended, if it is.
fn suspension(
    conn: &Connection,
    phone: &str,
    now: DateTime<FixedOffset>,
    rules: &AppointmentRules,
) -> StoreResult<(u32, Option<DateTime<FixedOffset>>)> {
    let window_passed = now - Duration::minutes(i64::from(rules.check_in_after));
    let since = now - Duration::days(i64::from(rules.missed_days + rules.suspend_days));
    let mut statement = conn.prepare_cached(
        "SELECT slot_at FROM bookings
         WHERE phone = ?1 AND state = 'booked' AND slot_at < ?2 AND slot_at >= ?3
           AND slot_at > coalesce((SELECT max(decided_at) FROM booking_appeals
                                   WHERE phone = ?1 AND outcome = 'granted'), '')",
    )?;
    let missed = statement
        .query_map(
            params![phone, rfc3339(window_passed), rfc3339(since)],
            |r| r.get::<_, String>(0),
        )?
        .map(|at| DateTime::parse_from_rfc3339(&at?).map_err(corrupt))
        .collect::<StoreResult<Vec<_>>>()?;
    let until = crate::appointments::suspended_until(&missed, now, rules);
    Ok((missed.len() as u32, until))
}

fn appeal_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredAppeal> {
    let outcome: String = r.get(6)?;
    Ok(StoredAppeal {
        id: r.get(0)?,
        phone: r.get(1)?,
        reason: r.get(2)?,
        missed: r.get(3)?,
        suspended_until: r.get(4)?,
        filed_at: r.get(5)?,
        outcome: outcome_from(&outcome),
        decided_at: r.get(7)?,
    })
}

const APPEAL_COLUMNS: &str =
    "id, phone, reason, missed, suspended_until, filed_at, outcome, decided_at";

impl Store {
    /// The bookings held in each slot of `line` of `hall` on the days from `from` to `to`
    /// (`YYYYMMDD`, both included) as `(day, starts, held)`, and the slots closed, as
    /// `(day, starts)`.
    #[allow(clippy::type_complexity)]
    pub async fn slot_bookings(
        &self,
        hall: String,
        line: String,
        from: String,
        to: String,
    ) -> StoreResult<(Vec<(String, String, u32)>, Vec<(String, String)>)> {
        self.read(move |conn| {
            let mut held = conn.prepare_cached(
                "SELECT day, starts, count(*) FROM bookings
                 WHERE hall_id = ?1 AND line_code = ?2 AND day >= ?3 AND day <= ?4
                   AND state NOT IN ('cancelled', 'closed')
                 GROUP BY day, starts",
            )?;
            let held = held
                .query_map(params![hall, line, from, to], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let mut closed = conn.prepare_cached(
                "SELECT day, starts FROM closed_slots
                 WHERE hall_id = ?1 AND line_code = ?2 AND day >= ?3 AND day <= ?4",
            )?;
            let closed = closed
                .query_map(params![hall, line, from, to], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok((held, closed))
        })
        .await
    }

    /// Sends `code` to `phone` by SMS (written in `locale`; queued only when `sms` can be
    /// sent), unless one went less than a minute ago or the phone had its
    /// [`banshi_contract::PHONE_CODES_PER_DAY`] in the last day; its digest is kept for
    /// [`CODE_MINUTES`] minutes, and a new code replaces the last.
    pub async fn send_phone_code(
        &self,
        (hall, phone, locale): (String, String, String),
        code: String,
        now: DateTime<FixedOffset>,
        sms: bool,
    ) -> StoreResult<CodeSent> {
        let notice = format!("codes:{hall}");
        let sent = self
            .write(move |conn| {
                let last: Option<(String, u32, String)> = conn
                    .query_row(
                        "SELECT sent_at, sends, sends_since FROM phone_codes WHERE phone = ?1",
                        [&phone],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .optional()?;
                let at = rfc3339(now);
                let (mut sends, mut since) = (0, at.clone());
                if let Some((last, sent, sent_since)) = last {
                    let last = DateTime::parse_from_rfc3339(&last).map_err(corrupt)?;
                    let sent_since = DateTime::parse_from_rfc3339(&sent_since).map_err(corrupt)?;
                    let wait = Duration::seconds(CODE_RESEND_SECONDS) - (now - last);
                    let day_over = sent_since + Duration::days(1);
                    if wait > Duration::zero() {
                        return Ok(CodeSent::TooSoon(wait.num_seconds().max(1) as u64));
                    }
                    if now < day_over {
                        if sent >= banshi_contract::PHONE_CODES_PER_DAY {
                            let wait = (day_over - now).num_seconds().max(1) as u64;
                            return Ok(CodeSent::TooSoon(wait));
                        }
                        (sends, since) = (sent, rfc3339(sent_since));
                    }
                }
                conn.execute(
                    "INSERT INTO phone_codes (phone, code_hash, sent_at, expires_at, attempts,
                                              sends, sends_since)
                     VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)
                     ON CONFLICT (phone) DO UPDATE SET code_hash = ?2, sent_at = ?3,
                         expires_at = ?4, attempts = 0, sends = ?5, sends_since = ?6",
                    params![
                        phone,
                        crate::codes::digest(&code),
                        at,
                        rfc3339(now + Duration::minutes(CODE_MINUTES)),
                        sends + 1,
                        since
                    ],
                )?;
                if sms {
                    let facts = HallFacts {
                        hall: hall.clone(),
                        code: Some(code),
                        ..HallFacts::default()
                    };
                    super::outbox::enqueue_sms(
                        conn,
                        &format!("{hall}/code"),
                        &phone,
                        &locale,
                        HallMessage::PhoneCode,
                        facts,
                        &at,
                    )?;
                }
                Ok(CodeSent::Sent)
            })
            .await?;
        // Wakes the outbox, so the code goes at once.
        self.changed(&notice);
        Ok(sent)
    }

    /// Books a slot, if `code_hash` is the digest of the code sent to its phone: refused with
    /// `SlotFull` when it holds `capacity` bookings or is closed, `AlreadyBooked` when the
    /// phone holds a booking that day, `BookingSuspended` while the phone is suspended.
    pub async fn book(
        &self,
        booking: NewBookingRow,
        code_hash: String,
        now: DateTime<FixedOffset>,
        rules: AppointmentRules,
    ) -> StoreResult<Confirmed<StoredBooking>> {
        self.write(move |conn| {
            let at = rfc3339(now);
            if let Some(refused) = check_code(conn, &booking.phone, &code_hash, &at)? {
                return Ok(Confirmed::Refused(refused));
            }
            if suspension(conn, &booking.phone, now, &rules)?.1.is_some() {
                return Err(StoreError::BookingSuspended);
            }
            let (held, closed): (u32, bool) = conn.query_row(
                "SELECT (SELECT count(*) FROM bookings
                         WHERE hall_id = ?1 AND line_code = ?2 AND day = ?3 AND starts = ?4
                           AND state NOT IN ('cancelled', 'closed')),
                        EXISTS (SELECT 1 FROM closed_slots
                                WHERE hall_id = ?1 AND line_code = ?2 AND day = ?3 AND starts = ?4)",
                params![booking.hall, booking.line, booking.day, booking.starts],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if crate::appointments::places_left(booking.capacity, held, closed) == 0 {
                return Err(StoreError::SlotFull);
            }
            conn.execute(
                "INSERT INTO bookings (reference, hall_id, line_code, day, starts, ends, slot_at,
                                       phone, locale, token_hash, booked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    booking.reference,
                    booking.hall,
                    booking.line,
                    booking.day,
                    booking.starts,
                    booking.ends,
                    booking.slot_at,
                    booking.phone,
                    booking.locale,
                    booking.token_hash,
                    at
                ],
            )
            .map_err(|e| {
                if super::staff::is_unique_violation(&e)
                    && e.to_string().contains("bookings.phone")
                {
                    StoreError::AlreadyBooked
                } else {
                    e.into()
                }
            })?;
            Ok(Confirmed::Done(load_booking(
                conn,
                &booking.hall,
                &booking.reference,
                None,
            )?))
        })
        .await
    }

    /// Booking `reference` of `hall` for the holder of its token.
    pub async fn booking(
        &self,
        hall: String,
        reference: String,
        token_hash: String,
    ) -> StoreResult<StoredBooking> {
        self.read(move |conn| load_booking(conn, &hall, &reference, Some(&token_hash)))
            .await
    }

    /// The holder cancels booking `reference`: `CancelNotAllowed` once it is not booked or
    /// `cancel_until` (RFC 3339) has passed at `now`.
    pub async fn cancel_booking(
        &self,
        (hall, reference, token_hash): (String, String, String),
        now: DateTime<FixedOffset>,
        rules: AppointmentRules,
    ) -> StoreResult<StoredBooking> {
        self.write(move |conn| {
            let found = load_booking(conn, &hall, &reference, Some(&token_hash))?;
            let start = DateTime::parse_from_rfc3339(&found.slot_at).map_err(corrupt)?;
            let times = crate::appointments::BookingTimes::new(start, &rules);
            if found.state != BookingState::Booked || now > times.cancel_until {
                return Err(StoreError::CancelNotAllowed);
            }
            conn.execute(
                "UPDATE bookings SET state = 'cancelled', ended_at = ?2 WHERE id = ?1",
                params![found.id, rfc3339(now)],
            )?;
            load_booking(conn, &hall, &reference, None)
        })
        .await
    }

    /// Checks booking `reference` in on its day (`today`, `YYYYMMDD`), by the holder of its
    /// token or at enrolled kiosk `kiosk`: within its window its queue number goes before the
    /// walk-ins, after it the number joins them; before it, or on another day,
    /// `CheckInNotAllowed`. The number's token is the booking's. A second check-in answers
    /// the number of the first.
    pub async fn check_in(
        &self,
        (hall, reference, token_hash): (String, String, Option<String>),
        kiosk: Option<i64>,
        (now, today): (DateTime<FixedOffset>, String),
        (rules, rules_sms): (AppointmentRules, bool),
    ) -> StoreResult<(StoredBooking, StoredNumber)> {
        let key_now = crate::clock::rfc3339_millis(now);
        let notice = hall.clone();
        self.hall_write(&notice, move |conn| {
            let found = load_booking(conn, &hall, &reference, token_hash.as_deref())?;
            let key = |seq| NumberKey {
                hall: hall.clone(),
                day: found.day.clone(),
                line: found.line.clone(),
                seq,
            };
            if let (BookingState::CheckedIn | BookingState::Late, Some(seq)) =
                (found.state, found.number_seq)
            {
                let number = super::halls::load_number(conn, &key(seq))?;
                return Ok((found, number));
            }
            let start = DateTime::parse_from_rfc3339(&found.slot_at).map_err(corrupt)?;
            let times = crate::appointments::BookingTimes::new(start, &rules);
            let on_time = match times.check_in(now) {
                _ if found.state != BookingState::Booked || found.day != today => {
                    return Err(StoreError::CheckInNotAllowed);
                }
                crate::appointments::CheckIn::TooEarly => {
                    return Err(StoreError::CheckInNotAllowed);
                }
                crate::appointments::CheckIn::OnTime => true,
                crate::appointments::CheckIn::Late => false,
            };
            let (token_hash, phone, locale): (String, String, String) = conn.query_row(
                "SELECT token_hash, phone, locale FROM bookings WHERE id = ?1",
                [found.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            // On time: before every walk-in ('!' sorts before the digits of a timestamp).
            let queue_key = if on_time {
                format!("!{key_now}")
            } else {
                key_now.clone()
            };
            let taker = Taker {
                token_hash,
                phone: None,
                kiosk,
                locale,
                sms: rules_sms,
            };
            let (key, number) = insert_number(
                conn,
                (&hall, &found.line, &today),
                &rfc3339(now),
                &queue_key,
                &taker,
                Some(phone.as_str()).filter(|_| rules_sms),
                on_time.then_some(found.id),
            )?;
            conn.execute(
                "UPDATE bookings SET state = ?2, number_seq = ?3, ended_at = ?4 WHERE id = ?1",
                params![
                    found.id,
                    if on_time { "checked_in" } else { "late" },
                    key.seq,
                    rfc3339(now)
                ],
            )?;
            Ok((load_booking(conn, &hall, &reference, None)?, number))
        })
        .await
    }

    /// Staff close a slot: it takes no more bookings, and each booking held in it is closed
    /// and its phone told by SMS. Returns how many were told; audited as `audit`.
    pub async fn close_slot(
        &self,
        (hall, line, day, starts): (String, String, String, String),
        (date, sms): (String, bool),
        mut audit: AuditRecord,
    ) -> StoreResult<u32> {
        let notice = format!("slots:{hall}");
        let told = self
            .write(move |conn| {
                conn.execute(
                "INSERT OR IGNORE INTO closed_slots (hall_id, line_code, day, starts, closed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![hall, line, day, starts, audit.at],
            )?;
                let mut held = conn.prepare_cached(
                    "UPDATE bookings SET state = 'closed', ended_at = ?5
                 WHERE hall_id = ?1 AND line_code = ?2 AND day = ?3 AND starts = ?4
                   AND state = 'booked'
                 RETURNING id, phone, locale",
                )?;
                let told = held
                    .query_map(params![hall, line, day, starts, audit.at], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                        ))
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                for (id, phone, locale) in told.iter().filter(|_| sms) {
                    let facts = HallFacts {
                        hall: hall.clone(),
                        slot: Some((line.clone(), date.clone(), starts.clone())),
                        ..HallFacts::default()
                    };
                    super::outbox::enqueue_sms(
                        conn,
                        &format!("{hall}/booking/{id}"),
                        phone,
                        locale,
                        HallMessage::SlotClosed,
                        facts,
                        &audit.at,
                    )?;
                }
                audit.detail = Some(format!("{line} {date} {starts} ({})", told.len()));
                super::staff::append_audit(conn, &audit)?;
                Ok(told.len() as u32)
            })
            .await?;
        self.changed(&notice);
        Ok(told)
    }

    /// A suspended phone appeals, if `code_hash` is the digest of the code sent to it; a
    /// phone that is not suspended gets `TransitionNotAllowed`, and one with an appeal
    /// pending gets that appeal.
    pub async fn file_appeal(
        &self,
        (phone, code_hash, reason): (String, String, String),
        now: DateTime<FixedOffset>,
        rules: AppointmentRules,
    ) -> StoreResult<Confirmed<StoredAppeal>> {
        self.write(move |conn| {
            let at = rfc3339(now);
            if let Some(refused) = check_code(conn, &phone, &code_hash, &at)? {
                return Ok(Confirmed::Refused(refused));
            }
            let (missed, until) = suspension(conn, &phone, now, &rules)?;
            let until = until.ok_or(StoreError::TransitionNotAllowed)?;
            let pending: Option<StoredAppeal> = conn
                .query_row(
                    &format!(
                        "SELECT {APPEAL_COLUMNS} FROM booking_appeals
                         WHERE phone = ?1 AND outcome = 'pending'"
                    ),
                    [&phone],
                    appeal_row,
                )
                .optional()?;
            if let Some(pending) = pending {
                return Ok(Confirmed::Done(pending));
            }
            let id: i64 = conn.query_row(
                "INSERT INTO booking_appeals (phone, reason, missed, suspended_until, filed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                params![phone, reason, missed, rfc3339(until), at],
                |r| r.get(0),
            )?;
            Ok(Confirmed::Done(conn.query_row(
                &format!("SELECT {APPEAL_COLUMNS} FROM booking_appeals WHERE id = ?1"),
                [id],
                appeal_row,
            )?))
        })
        .await
    }

    /// Every appeal, pending first, then the latest.
    pub async fn appeals(&self) -> StoreResult<Vec<StoredAppeal>> {
        self.read(|conn| {
            let mut statement = conn.prepare_cached(&format!(
                "SELECT {APPEAL_COLUMNS} FROM booking_appeals
                 ORDER BY outcome != 'pending', filed_at DESC LIMIT 200"
            ))?;
            Ok(statement
                .query_map([], appeal_row)?
                .collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    /// A supervisor (`audit.actor`) grants or refuses appeal `id`; a granted appeal forgives
    /// the phone's missed bookings before it. `TransitionNotAllowed` once decided.
    pub async fn decide_appeal(
        &self,
        id: i64,
        grant: bool,
        mut audit: AuditRecord,
    ) -> StoreResult<StoredAppeal> {
        self.write(move |conn| {
            let outcome = if grant { "granted" } else { "refused" };
            let changed = conn.execute(
                "UPDATE booking_appeals SET outcome = ?2, decided_at = ?3,
                        decided_by = (SELECT id FROM staff_accounts WHERE name = ?4)
                 WHERE id = ?1 AND outcome = 'pending'",
                params![id, outcome, audit.at, audit.actor],
            )?;
            if changed == 0 {
                let exists: bool = conn.query_row(
                    "SELECT EXISTS (SELECT 1 FROM booking_appeals WHERE id = ?1)",
                    [id],
                    |r| r.get(0),
                )?;
                return Err(if exists {
                    StoreError::TransitionNotAllowed
                } else {
                    StoreError::NotFound
                });
            }
            audit.detail = Some(format!("{id} {outcome}"));
            super::staff::append_audit(conn, &audit)?;
            Ok(conn.query_row(
                &format!("SELECT {APPEAL_COLUMNS} FROM booking_appeals WHERE id = ?1"),
                [id],
                appeal_row,
            )?)
        })
        .await
    }
}
