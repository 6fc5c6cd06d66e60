//! Queue numbers of the optional halls module, per hall and the hall's day: issuing them,
//! the order they are called in, and each step of their life (`QueueNumberState`) at the
//! counter. A line's queue is its numbers that are waiting, returned or transferred to it,
//! priority numbers (绿色通道) first, then by `queue_key` (when the number joined the queue;
//! a returned number takes a key just after the third number queued ahead of it).

use banshi_contract::{ClerkAction, ClerkActionKind, QueueNumberState};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreError, StoreResult};

/// SQL: a number is in a queue.
const QUEUED: &str = "state IN ('waiting', 'returned', 'transferred')";

/// The live state of one queue line today.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineState {
    /// Line code.
    pub line: String,
    /// Sequence number last called, if any.
    pub now_serving: Option<i64>,
    /// Numbers queued.
    pub waiting: u32,
}

/// A queue number as the hall figures count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRow {
    /// Hall id.
    pub hall: String,
    /// The line it was taken in.
    pub line: String,
    /// The window it was last called to.
    pub window: Option<u32>,
    /// Minutes from taken to first called, once called.
    pub wait_minutes: Option<u32>,
    /// Called and never came to a window (not even after coming back).
    pub no_show: bool,
    /// Its visit's rating.
    pub rating: Option<u8>,
    /// The wait it was estimated to have, in minutes.
    pub estimated_minutes: Option<u32>,
}

/// A number's estimated wait beside the wait it had.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimatedWait {
    /// The line it was taken in.
    pub line: String,
    /// The likeliest wait it was given, in minutes.
    pub minutes: u32,
    /// The shortest of its range.
    pub low: u32,
    /// The longest of its range.
    pub high: u32,
    /// Minutes from taken to first called.
    pub actual_minutes: f64,
}

/// Who takes a number: the digest of its new token, and the phone or the kiosk it is
/// taken from.
#[derive(Debug, Clone, Default)]
pub struct Taker {
    /// Digest of the number's token.
    pub token_hash: String,
    /// The citizen's mobile number, normalised, for a number taken remotely.
    pub phone: Option<String>,
    /// The kiosk's id, for a number taken at a kiosk.
    pub kiosk: Option<i64>,
    /// The locale its SMS are written in.
    pub locale: String,
    /// Whether SMS can be sent (an SMS gateway is configured): only then is a number told by
    /// SMS at three ahead and when called.
    pub sms: bool,
}

/// A queue number as stored, with how many are queued ahead of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredNumber {
    /// The line it was issued in (its letter).
    pub line: String,
    /// Sequence of the day in that line.
    pub seq: i64,
    /// The line whose queue it is in now, after a transfer.
    pub queue_line: String,
    /// RFC 3339.
    pub issued_at: String,
    /// Where it is in its life.
    pub state: QueueNumberState,
    /// The window it was called to.
    pub window: Option<u32>,
    /// Given priority.
    pub priority: bool,
    /// Checked in from a booking on time: before walk-ins.
    pub booked: bool,
    /// Times recalled since its last call.
    pub recalls: u32,
    /// Queued numbers of its line before it (0 once it is no longer queued).
    pub ahead: u32,
    /// The visit's rating, once given.
    pub rating: Option<u8>,
}

/// One number of a hall's day: its line and sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberKey {
    /// Hall id.
    pub hall: String,
    /// The hall's day, `YYYYMMDD`.
    pub day: String,
    /// The line it was issued in.
    pub line: String,
    /// Its sequence.
    pub seq: i64,
}

/// The times a clerk's action is checked against.
#[derive(Debug, Clone)]
pub struct ActionTimes {
    /// Now, RFC 3339.
    pub now: String,
    /// Now with milliseconds: a queue key (see `clock::rfc3339_millis`).
    pub key_now: String,
    /// A number last called at or before this may be recalled.
    pub recall_before: String,
}

const NUMBER_COLUMNS: &str = "line_code, seq, coalesce(to_line, line_code), issued_at, state,
     window, priority, recalls, queue_key, token_hash, rating, booking_id IS NOT NULL";

/// A number's row, with its token's digest and queue key.
struct Row {
    number: StoredNumber,
    queue_key: String,
    token_hash: Option<String>,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let state: String = r.get(4)?;
    Ok(Row {
        number: StoredNumber {
            line: r.get(0)?,
            seq: r.get(1)?,
            queue_line: r.get(2)?,
            issued_at: r.get(3)?,
            state: QueueNumberState::from_name(&state).unwrap_or(QueueNumberState::Unknown),
            window: r.get(5)?,
            priority: r.get(6)?,
            booked: r.get(11)?,
            recalls: r.get(7)?,
            ahead: 0,
            rating: r.get(10)?,
        },
        queue_key: r.get(8)?,
        token_hash: r.get(9)?,
    })
}

/// Number `key` with how many are queued ahead of it; `NotFound` if there is none.
fn load(conn: &Connection, key: &NumberKey) -> StoreResult<Row> {
    let mut found = conn
        .query_row(
            &format!(
                "SELECT {NUMBER_COLUMNS} FROM queue_numbers
                 WHERE hall_id = ?1 AND day = ?2 AND line_code = ?3 AND seq = ?4"
            ),
            params![key.hall, key.day, key.line, key.seq],
            row,
        )
        .optional()?
        .ok_or(StoreError::NotFound)?;
    if found.number.state.is_queued() {
        found.number.ahead = conn.query_row(
            &format!(
                "SELECT count(*) FROM queue_numbers
                 WHERE hall_id = ?1 AND day = ?2 AND coalesce(to_line, line_code) = ?3 AND {QUEUED}
                   AND (priority > ?4 OR (priority = ?4 AND (queue_key, line_code, seq) < (?5, ?6, ?7)))"
            ),
            params![
                key.hall,
                key.day,
                found.number.queue_line,
                found.number.priority,
                found.queue_key,
                key.line,
                key.seq
            ],
            |r| r.get(0),
        )?;
    }
    Ok(found)
}

/// Number `key` with how many are ahead of it.
pub(super) fn load_number(conn: &Connection, key: &NumberKey) -> StoreResult<StoredNumber> {
    Ok(load(conn, key)?.number)
}

/// Number `key` if `token_hash` is its token's digest; `NotFound` for a wrong token as for
/// no number.
fn load_with_token(conn: &Connection, key: &NumberKey, token_hash: &str) -> StoreResult<Row> {
    let found = load(conn, key)?;
    match &found.token_hash {
        Some(stored) if crate::codes::same_secret(stored, token_hash) => Ok(found),
        _ => Err(StoreError::NotFound),
    }
}

/// Calls the first number queued in any of `lines` (priority first, then the longest
/// waiting) to `window`; `QueueEmpty` if there is none.
fn call_first(
    conn: &Connection,
    hall: &str,
    day: &str,
    lines: &[String],
    window: Option<u32>,
    now: &str,
) -> StoreResult<NumberKey> {
    let lines = serde_json::to_string(lines).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let (line, seq): (String, i64) = conn
        .query_row(
            &format!(
                "UPDATE queue_numbers SET state = 'called', window = ?4,
                        called_at = coalesce(called_at, ?5), last_called_at = ?5, recalls = 0
                 WHERE rowid = (
                     SELECT rowid FROM queue_numbers
                     WHERE hall_id = ?1 AND day = ?2 AND {QUEUED}
                       AND coalesce(to_line, line_code) IN (SELECT value FROM json_each(?3))
                     ORDER BY priority DESC, queue_key, line_code, seq LIMIT 1)
                 RETURNING line_code, seq"
            ),
            params![hall, day, lines, window, now],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(StoreError::QueueEmpty)?;
    Ok(NumberKey {
        hall: hall.to_owned(),
        day: day.to_owned(),
        line,
        seq,
    })
}

/// What a window is doing: paused or not, and the number at it (line, sequence, and whether
/// it is being served rather than called).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WindowState {
    /// The window's number.
    pub number: u32,
    /// Paused by its clerk.
    pub paused: bool,
    /// The number called to it or being served there.
    pub at_window: Option<(String, i64, bool)>,
}

/// A recent call: line, sequence, window and when (RFC 3339 with milliseconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentCall {
    /// The line it was issued in.
    pub line: String,
    /// Its sequence.
    pub seq: i64,
    /// The window it was called to.
    pub window: Option<u32>,
    /// When it was called last.
    pub at: String,
}

/// Whether `window` of `hall` is paused.
fn window_paused(conn: &Connection, hall: &str, window: u32) -> StoreResult<bool> {
    Ok(conn
        .query_row(
            "SELECT paused FROM hall_windows WHERE hall_id = ?1 AND number = ?2",
            params![hall, window],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

/// The subject of messages about number `seq` of `line` (its hall and day): `main/20261208/A018`.
fn number_subject(hall: &str, day: &str, line: &str, seq: i64) -> String {
    format!("{hall}/{day}/{line}{seq:03}")
}

/// Queues "called to a window" for number `key`, if it is to be told by SMS.
fn tell_called(
    conn: &Connection,
    key: &NumberKey,
    window: Option<u32>,
    now: &str,
) -> StoreResult<()> {
    let told: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT notify_phone, locale FROM queue_numbers
             WHERE hall_id = ?1 AND day = ?2 AND line_code = ?3 AND seq = ?4",
            params![key.hall, key.day, key.line, key.seq],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((Some(phone), locale)) = told {
        let facts = super::HallFacts {
            hall: key.hall.clone(),
            number: Some(format!("{}{:03}", key.line, key.seq)),
            window,
            ..super::HallFacts::default()
        };
        super::outbox::enqueue_sms(
            conn,
            &number_subject(&key.hall, &key.day, &key.line, key.seq),
            &phone,
            locale.as_deref().unwrap_or("zh-Hans"),
            super::HallMessage::QueueCalled,
            facts,
            now,
        )?;
    }
    Ok(())
}

/// Numbers of a line that are told by SMS once few are ahead of them.
pub const TELL_AT_AHEAD: u32 = 3;

/// Queues "three ahead" for each number of `line`'s queue with at most [`TELL_AT_AHEAD`]
/// ahead that is to be told by SMS and has not been told yet.
fn tell_near(conn: &Connection, hall: &str, day: &str, line: &str, now: &str) -> StoreResult<()> {
    let mut near = conn.prepare_cached(&format!(
        "SELECT line_code, seq, notify_phone, locale, soon_told FROM queue_numbers
         WHERE hall_id = ?1 AND day = ?2 AND coalesce(to_line, line_code) = ?3 AND {QUEUED}
         ORDER BY priority DESC, queue_key, line_code, seq LIMIT ?4"
    ))?;
    let rows = near
        .query_map(params![hall, day, line, TELL_AT_AHEAD + 1], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    for (ahead, (number_line, seq, phone, locale, told)) in rows.into_iter().enumerate() {
        let Some(phone) = phone.filter(|_| !told) else {
            continue;
        };
        let facts = super::HallFacts {
            hall: hall.to_owned(),
            number: Some(format!("{number_line}{seq:03}")),
            ahead: Some(ahead as u32),
            ..super::HallFacts::default()
        };
        super::outbox::enqueue_sms(
            conn,
            &number_subject(hall, day, &number_line, seq),
            &phone,
            locale.as_deref().unwrap_or("zh-Hans"),
            super::HallMessage::QueueSoon,
            facts,
            now,
        )?;
        conn.execute(
            "UPDATE queue_numbers SET soon_told = 1
             WHERE hall_id = ?1 AND day = ?2 AND line_code = ?3 AND seq = ?4",
            params![hall, day, number_line, seq],
        )?;
    }
    Ok(())
}

/// A new number of `line` for `taker` with queue key `queue_key` (from `booking`, if any),
/// told by SMS at `notify_phone`; a phone holding an open number of the line gets
/// `NumberAlreadyTaken`. Returns it with how many are ahead; a number with few ahead is
/// not told "three ahead" (it sees so already).
#[allow(clippy::too_many_arguments)]
pub(super) fn insert_number(
    conn: &Connection,
    (hall, line, day): (&str, &str, &str),
    now: &str,
    queue_key: &str,
    taker: &Taker,
    notify_phone: Option<&str>,
    booking: Option<i64>,
) -> StoreResult<(NumberKey, StoredNumber)> {
    let seq: i64 = conn
        .query_row(
            "INSERT INTO queue_numbers (hall_id, line_code, day, seq, issued_at, queue_key,
                                        token_hash, phone, kiosk_id, notify_phone, locale,
                                        booking_id)
             SELECT ?1, ?2, ?3, coalesce(max(seq), 0) + 1, ?4, ?8, ?5, ?6, ?7, ?9, ?10, ?11
             FROM queue_numbers WHERE hall_id = ?1 AND line_code = ?2 AND day = ?3
             RETURNING seq",
            params![
                hall,
                line,
                day,
                now,
                taker.token_hash,
                taker.phone,
                taker.kiosk,
                queue_key,
                notify_phone,
                taker.locale,
                booking
            ],
            |r| r.get(0),
        )
        .map_err(|e| {
            if super::staff::is_unique_violation(&e) {
                StoreError::NumberAlreadyTaken
            } else {
                e.into()
            }
        })?;
    let key = NumberKey {
        hall: hall.to_owned(),
        day: day.to_owned(),
        line: line.to_owned(),
        seq,
    };
    let number = load(conn, &key)?.number;
    if number.ahead <= TELL_AT_AHEAD {
        conn.execute(
            "UPDATE queue_numbers SET soon_told = 1
             WHERE hall_id = ?1 AND day = ?2 AND line_code = ?3 AND seq = ?4",
            params![key.hall, key.day, key.line, key.seq],
        )?;
    }
    Ok((key, number))
}

/// The notice a change to `hall`'s queues sends to its listeners (beside tickets' numbers).
pub fn hall_notice(hall: &str) -> String {
    format!("hall:{hall}")
}

impl Store {
    /// Adds made-up numbers of past days (the demo's history), in one transaction.
    pub async fn insert_past_numbers(
        &self,
        numbers: Vec<crate::history::PastNumber>,
    ) -> StoreResult<()> {
        self.write(move |conn| {
            let mut insert = conn.prepare_cached(
                "INSERT OR IGNORE INTO queue_numbers
                     (hall_id, line_code, day, seq, issued_at, queue_key, state, called_at,
                      last_called_at, window, serving_at, missed_at, ended_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?7, ?8,
                         CASE WHEN ?6 = 'served' THEN ?7 END,
                         CASE WHEN ?6 = 'missed' THEN ?7 END, ?9)",
            )?;
            for number in numbers {
                let (called_at, window) = number.called.unzip();
                insert.execute(params![
                    number.hall,
                    number.line,
                    number.day,
                    number.seq,
                    number.issued_at,
                    number.state,
                    called_at,
                    window,
                    number.ended_at
                ])?;
            }
            Ok(())
        })
        .await
    }

    /// The latest `limit` calls and recalls of `hall` on `day`, newest first.
    pub async fn recent_calls(
        &self,
        hall: String,
        day: String,
        limit: usize,
    ) -> StoreResult<Vec<RecentCall>> {
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT line_code, seq, window, last_called_at FROM queue_numbers
                 WHERE hall_id = ?1 AND day = ?2 AND last_called_at IS NOT NULL
                 ORDER BY last_called_at DESC LIMIT ?3",
            )?;
            let rows = statement.query_map(params![hall, day, limit as i64], |r| {
                Ok(RecentCall {
                    line: r.get(0)?,
                    seq: r.get(1)?,
                    window: r.get(2)?,
                    at: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    /// Runs a write to `hall`'s queues, then tells its listeners.
    pub(super) async fn hall_write<T, F>(&self, hall: &str, change: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    {
        let done = self.write(change).await?;
        self.changed(&hall_notice(hall));
        Ok(done)
    }

    /// What `line` of `hall` has done since `since` (a day, `YYYYMMDD`), for its wait
    /// estimate: the service times of its latest served numbers, and its numbers called and
    /// those of them that never came to a window.
    pub async fn line_history(
        &self,
        hall: String,
        line: String,
        since: String,
    ) -> StoreResult<crate::estimate::LineHistory> {
        self.read(move |conn| {
            let mut services = conn.prepare_cached(
                "SELECT (julianday(ended_at) - julianday(serving_at)) * 1440
                 FROM queue_numbers
                 WHERE hall_id = ?1 AND line_code = ?2 AND day >= ?3 AND state = 'served'
                   AND serving_at IS NOT NULL AND ended_at IS NOT NULL
                 ORDER BY day DESC, ended_at DESC LIMIT ?4",
            )?;
            let service_minutes = services
                .query_map(
                    params![hall, line, since, crate::estimate::SERVICE_SAMPLE as i64],
                    |r| r.get::<_, Option<f64>>(0),
                )?
                .filter_map(|m| m.transpose())
                .collect::<Result<Vec<f64>, _>>()?;
            let (called, no_shows): (u32, u32) = conn.query_row(
                "SELECT count(*), coalesce(sum(missed_at IS NOT NULL AND serving_at IS NULL), 0)
                 FROM queue_numbers
                 WHERE hall_id = ?1 AND line_code = ?2 AND day >= ?3 AND called_at IS NOT NULL",
                params![hall, line, since],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok(crate::estimate::LineHistory {
                service_minutes,
                called,
                no_shows,
            })
        })
        .await
    }

    /// What `line` of `hall` is doing today (`day`): its calls after `recent` (RFC 3339),
    /// and how long each of its numbers at a window now has been served at `now`.
    pub async fn line_live(
        &self,
        hall: String,
        line: String,
        day: String,
        recent: String,
        now: String,
    ) -> StoreResult<(u32, Vec<f64>)> {
        self.read(move |conn| {
            let recent_calls: u32 = conn.query_row(
                "SELECT count(*) FROM queue_numbers
                 WHERE hall_id = ?1 AND coalesce(to_line, line_code) = ?2 AND day = ?3
                   AND last_called_at >= ?4",
                params![hall, line, day, recent],
                |r| r.get(0),
            )?;
            let mut serving = conn.prepare_cached(
                "SELECT (julianday(?4) - julianday(serving_at)) * 1440 FROM queue_numbers
                 WHERE hall_id = ?1 AND coalesce(to_line, line_code) = ?2 AND day = ?3
                   AND state = 'serving' AND serving_at IS NOT NULL",
            )?;
            let serving_for = serving
                .query_map(params![hall, line, day, now], |r| r.get::<_, f64>(0))?
                .collect::<Result<Vec<f64>, _>>()?;
            Ok((recent_calls, serving_for))
        })
        .await
    }

    /// The waits `hall`'s numbers were estimated to have since `since` (a day, `YYYYMMDD`)
    /// beside those they had: per called number with a recorded estimate, its line, the
    /// likeliest, low and high estimate, and the minutes from taken to first called.
    pub async fn estimated_waits(
        &self,
        hall: String,
        since: String,
    ) -> StoreResult<Vec<EstimatedWait>> {
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT line_code, estimated_wait, estimated_low, estimated_high,
                        (julianday(called_at) - julianday(issued_at)) * 1440
                 FROM queue_numbers
                 WHERE hall_id = ?1 AND day >= ?2 AND estimated_wait IS NOT NULL
                   AND called_at IS NOT NULL
                 ORDER BY day, line_code, seq",
            )?;
            let rows = statement.query_map(params![hall, since], |r| {
                Ok(EstimatedWait {
                    line: r.get(0)?,
                    minutes: r.get(1)?,
                    low: r.get(2)?,
                    high: r.get(3)?,
                    actual_minutes: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    /// How many numbers `hall` issued on each day from `since` to before `until` (days,
    /// `YYYYMMDD`), per hour in the centre's time: the day, `YYYY-MM-DDTHH` and the count.
    pub async fn numbers_per_hour(
        &self,
        hall: String,
        since: String,
        until: String,
    ) -> StoreResult<Vec<(String, String, u32)>> {
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT day, substr(issued_at, 1, 13), count(*) FROM queue_numbers
                 WHERE hall_id = ?1 AND day >= ?2 AND day < ?3
                 GROUP BY day, substr(issued_at, 1, 13)",
            )?;
            let rows = statement.query_map(params![hall, since, until], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    /// Every queue number of `hall` taken on the days from `from` to `to` (both included,
    /// `YYYYMMDD`), for the hall figures.
    pub async fn visit_rows(
        &self,
        hall: String,
        from: String,
        to: String,
    ) -> StoreResult<Vec<VisitRow>> {
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT hall_id, line_code, window,
                        round((julianday(called_at) - julianday(issued_at)) * 1440),
                        missed_at IS NOT NULL AND serving_at IS NULL, rating, estimated_wait
                 FROM queue_numbers WHERE hall_id = ?1 AND day >= ?2 AND day <= ?3",
            )?;
            let rows = statement.query_map(params![hall, from, to], |r| {
                Ok(VisitRow {
                    hall: r.get(0)?,
                    line: r.get(1)?,
                    window: r.get(2)?,
                    wait_minutes: r.get::<_, Option<f64>>(3)?.map(|m| m.max(0.0) as u32),
                    no_show: r.get(4)?,
                    rating: r.get(5)?,
                    estimated_minutes: r.get(6)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    /// Today's state of every line of `hall` that has issued numbers.
    pub async fn line_states(&self, hall: String, day: String) -> StoreResult<Vec<LineState>> {
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(&format!(
                "SELECT line, max(called), sum(queued) FROM (
                     SELECT line_code AS line,
                            CASE WHEN called_at IS NOT NULL THEN seq END AS called, 0 AS queued
                     FROM queue_numbers WHERE hall_id = ?1 AND day = ?2
                     UNION ALL
                     SELECT coalesce(to_line, line_code), NULL, {QUEUED}
                     FROM queue_numbers WHERE hall_id = ?1 AND day = ?2)
                 GROUP BY line"
            ))?;
            let rows = statement.query_map([hall, day], |r| {
                Ok(LineState {
                    line: r.get(0)?,
                    now_serving: r.get(1)?,
                    waiting: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    /// Issues the next number of `line` on `day` to `taker`; returns it and how many wait
    /// ahead of it, and records the wait `estimate` gives it from `recent` (`nominal`
    /// minutes per person where the line has too little history). A phone that holds a
    /// number of the line not yet served or cancelled gets `NumberAlreadyTaken`.
    pub async fn take_number(
        &self,
        hall: String,
        line: String,
        day: String,
        now: String,
        taker: Taker,
        (recent, nominal): (crate::estimate::LineRecent, u32),
    ) -> StoreResult<StoredNumber> {
        // The queue key has milliseconds, so that numbers taken in one second keep their order.
        let key_now = crate::clock::rfc3339_millis(crate::clock::now());
        let notice = hall.clone();
        self.hall_write(&notice, move |conn| {
            let notify = taker.phone.clone().filter(|_| taker.sms);
            let (key, number) = insert_number(
                conn,
                (&hall, &line, &day),
                &now,
                &key_now,
                &taker,
                notify.as_deref(),
                None,
            )?;
            let wait = crate::estimate::estimate(number.ahead, &recent, nominal);
            conn.execute(
                "UPDATE queue_numbers SET estimated_wait = ?5, estimated_low = ?6,
                                          estimated_high = ?7
                 WHERE hall_id = ?1 AND line_code = ?2 AND day = ?3 AND seq = ?4",
                params![
                    key.hall,
                    key.line,
                    key.day,
                    key.seq,
                    wait.minutes,
                    wait.low,
                    wait.high
                ],
            )?;
            Ok(number)
        })
        .await
    }

    /// Number `key`, if `token_hash` is its token's digest.
    pub async fn queue_number(
        &self,
        key: NumberKey,
        token_hash: String,
    ) -> StoreResult<StoredNumber> {
        self.read(move |conn| Ok(load_with_token(conn, &key, &token_hash)?.number))
            .await
    }

    /// Cancels number `key` for whoever holds its token; `TransitionNotAllowed` once it is
    /// served, cancelled or at a window.
    pub async fn cancel_number(
        &self,
        key: NumberKey,
        token_hash: String,
        now: String,
    ) -> StoreResult<StoredNumber> {
        let notice = key.hall.clone();
        self.hall_write(&notice, move |conn| {
            let found = load_with_token(conn, &key, &token_hash)?;
            if !found.number.state.can_move_to(QueueNumberState::Cancelled) {
                return Err(StoreError::TransitionNotAllowed);
            }
            conn.execute(
                "UPDATE queue_numbers SET state = 'cancelled', ended_at = ?5
                 WHERE hall_id = ?1 AND day = ?2 AND line_code = ?3 AND seq = ?4",
                params![key.hall, key.day, key.line, key.seq, now],
            )?;
            tell_near(conn, &key.hall, &key.day, &found.number.queue_line, &now)?;
            Ok(load(conn, &key)?.number)
        })
        .await
    }

    /// A missed number comes back (its holder's token), if it was missed at or after
    /// `missed_since`: it rejoins its queue three places back (at the end if fewer wait).
    pub async fn return_number(
        &self,
        key: NumberKey,
        token_hash: String,
        missed_since: String,
        now: String,
    ) -> StoreResult<StoredNumber> {
        let notice = key.hall.clone();
        self.hall_write(&notice, move |conn| {
            let found = load_with_token(conn, &key, &token_hash)?;
            let missed_at: Option<String> = conn.query_row(
                "SELECT missed_at FROM queue_numbers
                 WHERE hall_id = ?1 AND day = ?2 AND line_code = ?3 AND seq = ?4",
                params![key.hall, key.day, key.line, key.seq],
                |r| r.get(0),
            )?;
            let in_time = missed_at.is_some_and(|at| at >= missed_since);
            if found.number.state != QueueNumberState::Missed || !in_time {
                return Err(StoreError::TransitionNotAllowed);
            }
            // The third non-priority number queued now; just after it in the order.
            let third: Option<String> = conn
                .query_row(
                    &format!(
                        "SELECT queue_key FROM queue_numbers
                         WHERE hall_id = ?1 AND day = ?2 AND coalesce(to_line, line_code) = ?3
                           AND {QUEUED} AND priority = 0
                         ORDER BY queue_key, line_code, seq LIMIT 1 OFFSET 2"
                    ),
                    params![key.hall, key.day, found.number.queue_line],
                    |r| r.get(0),
                )
                .optional()?;
            let queue_key = third.map_or_else(|| now.clone(), |k| format!("{k}~"));
            conn.execute(
                "UPDATE queue_numbers SET state = 'returned', queue_key = ?5, window = NULL
                 WHERE hall_id = ?1 AND day = ?2 AND line_code = ?3 AND seq = ?4",
                params![key.hall, key.day, key.line, key.seq, queue_key],
            )?;
            Ok(load(conn, &key)?.number)
        })
        .await
    }

    /// Calls the first number of `lines` to `window` (`None`: called from a line, not a
    /// window), and records `audit` with the number called as its detail.
    pub async fn call_next(
        &self,
        hall: String,
        day: String,
        lines: Vec<String>,
        window: Option<u32>,
        mut audit: super::AuditRecord,
    ) -> StoreResult<StoredNumber> {
        let now = chrono::DateTime::parse_from_rfc3339(&audit.at)
            .map(crate::clock::rfc3339_millis)
            .unwrap_or_else(|_| audit.at.clone());
        let notice = hall.clone();
        self.hall_write(&notice, move |conn| {
            if let Some(window) = window
                && window_paused(conn, &hall, window)?
            {
                return Err(StoreError::WindowPaused);
            }
            let key = call_first(conn, &hall, &day, &lines, window, &now)?;
            let called = load(conn, &key)?.number;
            tell_called(conn, &key, window, &now)?;
            tell_near(conn, &hall, &day, &called.queue_line, &now)?;
            audit.detail = Some(match window {
                Some(window) => format!("{}{:03} → {window}", key.line, key.seq),
                None => format!("{}{:03}", key.line, key.seq),
            });
            super::staff::append_audit(conn, &audit)?;
            Ok(called)
        })
        .await
    }

    /// A clerk's `action` on number `key` (for a transfer, `to_line` is a line of the hall),
    /// audited as `audit` with the number and the action as its detail.
    pub async fn clerk_action(
        &self,
        key: NumberKey,
        action: ClerkAction,
        times: ActionTimes,
        mut audit: super::AuditRecord,
    ) -> StoreResult<StoredNumber> {
        let notice = key.hall.clone();
        self.hall_write(&notice, move |conn| {
            let found = load(conn, &key)?;
            if !action.applies_to(found.number.state) {
                return Err(StoreError::TransitionNotAllowed);
            }
            let at = params![key.hall, key.day, key.line, key.seq];
            let place = "WHERE hall_id = ?1 AND day = ?2 AND line_code = ?3 AND seq = ?4";
            match action.action {
                ClerkActionKind::Recall => {
                    let last: Option<String> = conn.query_row(
                        &format!("SELECT last_called_at FROM queue_numbers {place}"),
                        at,
                        |r| r.get(0),
                    )?;
                    let rested = last.is_none_or(|last| last <= times.recall_before);
                    if found.number.recalls >= ClerkAction::MAX_RECALLS || !rested {
                        return Err(StoreError::RecallNotAllowed);
                    }
                    conn.execute(
                        &format!(
                            "UPDATE queue_numbers SET recalls = recalls + 1, last_called_at = ?5 {place}"
                        ),
                        params![key.hall, key.day, key.line, key.seq, times.key_now],
                    )?;
                }
                ClerkActionKind::Missed => {
                    conn.execute(
                        &format!("UPDATE queue_numbers SET state = 'missed', missed_at = ?5 {place}"),
                        params![key.hall, key.day, key.line, key.seq, times.now],
                    )?;
                }
                ClerkActionKind::Serve => {
                    conn.execute(
                        &format!("UPDATE queue_numbers SET state = 'serving', serving_at = ?5 {place}"),
                        params![key.hall, key.day, key.line, key.seq, times.now],
                    )?;
                }
                ClerkActionKind::Finish => {
                    conn.execute(
                        &format!(
                            "UPDATE queue_numbers SET state = 'served', ended_at = ?5 {place}"
                        ),
                        params![key.hall, key.day, key.line, key.seq, times.now],
                    )?;
                }
                ClerkActionKind::Transfer => {
                    // The front of the queue: before every key of the day ('!' sorts before
                    // the digits of a timestamp).
                    let queue_key = if action.front {
                        format!("!{}", times.key_now)
                    } else {
                        times.key_now.clone()
                    };
                    conn.execute(
                        &format!(
                            "UPDATE queue_numbers SET state = 'transferred', to_line = ?5,
                                    queue_key = ?6, window = NULL, recalls = 0 {place}"
                        ),
                        params![
                            key.hall,
                            key.day,
                            key.line,
                            key.seq,
                            action.line.clone().unwrap_or_default(),
                            queue_key
                        ],
                    )?;
                }
                ClerkActionKind::Priority => {
                    conn.execute(
                        &format!("UPDATE queue_numbers SET priority = 1 {place}"),
                        at,
                    )?;
                }
                ClerkActionKind::Unknown => return Err(StoreError::TransitionNotAllowed),
            }
            let changed = load(conn, &key)?.number;
            tell_near(conn, &key.hall, &key.day, &found.number.queue_line, &times.now)?;
            if let (ClerkActionKind::Transfer, Some(to)) = (action.action, &action.line) {
                tell_near(conn, &key.hall, &key.day, to, &times.now)?;
            }
            audit.detail = Some(format!(
                "{}{:03} {}{}",
                key.line,
                key.seq,
                action_name(action.action),
                found.number.window.map(|w| format!(" @{w}")).unwrap_or_default()
            ));
            super::staff::append_audit(conn, &audit)?;
            Ok(changed)
        })
        .await
    }
}

impl Store {
    /// Number `key` as staff see it (no token needed).
    pub async fn staff_number(&self, key: NumberKey) -> StoreResult<StoredNumber> {
        self.read(move |conn| Ok(load(conn, &key)?.number)).await
    }

    /// What each window of `hall` is doing on `day`: paused or not, and the number called
    /// to it or being served there. Windows with neither are left out.
    pub async fn window_states(&self, hall: String, day: String) -> StoreResult<Vec<WindowState>> {
        self.read(move |conn| {
            let mut states: Vec<WindowState> = Vec::new();
            let mut paused = conn
                .prepare_cached("SELECT number FROM hall_windows WHERE hall_id = ?1 AND paused")?;
            for number in paused.query_map(params![hall], |r| r.get::<_, u32>(0))? {
                states.push(WindowState {
                    number: number?,
                    paused: true,
                    ..WindowState::default()
                });
            }
            let mut at_windows = conn.prepare_cached(
                "SELECT window, line_code, seq, state = 'serving' FROM queue_numbers
                 WHERE hall_id = ?1 AND day = ?2 AND state IN ('called', 'serving')
                   AND window IS NOT NULL
                 ORDER BY last_called_at",
            )?;
            let rows = at_windows.query_map(params![hall, day], |r| {
                Ok((
                    r.get::<_, u32>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get(3)?,
                ))
            })?;
            for row in rows {
                let (window, line, seq, serving) = row?;
                let index = states.iter().position(|s| s.number == window);
                let index = index.unwrap_or_else(|| {
                    states.push(WindowState {
                        number: window,
                        ..WindowState::default()
                    });
                    states.len() - 1
                });
                // The latest call to a window is the one it is on.
                states[index].at_window = Some((line, seq, serving));
            }
            Ok(states)
        })
        .await
    }

    /// Pauses `window` of `hall` or opens it again, audited as `audit`.
    pub async fn pause_window(
        &self,
        hall: String,
        window: u32,
        paused: bool,
        mut audit: super::AuditRecord,
    ) -> StoreResult<()> {
        let notice = hall.clone();
        self.hall_write(&notice, move |conn| {
            conn.execute(
                "INSERT INTO hall_windows (hall_id, number, paused, changed_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (hall_id, number) DO UPDATE SET paused = ?3, changed_at = ?4",
                params![hall, window, paused, audit.at],
            )?;
            audit.detail = Some(format!("{window} {}", if paused { "paused" } else { "open" }));
            super::staff::append_audit(conn, &audit)?;
            Ok(())
        })
        .await
    }

    /// The holder of number `key`'s token rates the visit, once it is served and only once;
    /// `RatingNotAllowed` otherwise.
    pub async fn rate_visit(
        &self,
        key: NumberKey,
        token_hash: String,
        score: u8,
        comment: String,
        now: String,
    ) -> StoreResult<StoredNumber> {
        let notice = key.hall.clone();
        self.hall_write(&notice, move |conn| {
            let found = load_with_token(conn, &key, &token_hash)?;
            if found.number.state != QueueNumberState::Served || found.number.rating.is_some() {
                return Err(StoreError::RatingNotAllowed);
            }
            conn.execute(
                "UPDATE queue_numbers SET rating = ?5, rating_comment = ?6, rated_at = ?7
                 WHERE hall_id = ?1 AND day = ?2 AND line_code = ?3 AND seq = ?4",
                params![key.hall, key.day, key.line, key.seq, score, comment, now],
            )?;
            Ok(load(conn, &key)?.number)
        })
        .await
    }
}

fn action_name(action: ClerkActionKind) -> &'static str {
    match action {
        ClerkActionKind::Recall => "recall",
        ClerkActionKind::Missed => "missed",
        ClerkActionKind::Serve => "serve",
        ClerkActionKind::Finish => "finish",
        ClerkActionKind::Transfer => "transfer",
        ClerkActionKind::Priority => "priority",
        ClerkActionKind::Unknown => "unknown",
    }
}
