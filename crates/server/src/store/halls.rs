//! Queue numbers of the optional halls module: issuing, calling and counting them per day
//! (the hall's day); each number has a state of its life (`QueueNumberState`).

use banshi_contract::QueueNumberState;
use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreError, StoreResult};

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
}

/// A queue number as stored, with how many are queued ahead of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredNumber {
    /// Sequence of the day.
    pub seq: i64,
    /// RFC 3339.
    pub issued_at: String,
    /// Where it is in its life.
    pub state: QueueNumberState,
    /// The window it was called to.
    pub window: Option<u32>,
    /// Queued numbers of its line before it (0 once it is no longer queued).
    pub ahead: u32,
}

/// Queued numbers of `line` on `day` before `seq`.
fn ahead(conn: &Connection, hall: &str, line: &str, day: &str, seq: i64) -> StoreResult<u32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM queue_numbers
         WHERE hall_id = ?1 AND line_code = ?2 AND day = ?3 AND seq < ?4
           AND state IN ('waiting', 'returned', 'transferred')",
        params![hall, line, day, seq],
        |r| r.get(0),
    )?)
}

/// Number `seq` if `token_hash` matches; `NotFound` for a wrong token as for no number.
fn number(
    conn: &Connection,
    hall: &str,
    line: &str,
    day: &str,
    seq: i64,
    token_hash: &str,
) -> StoreResult<StoredNumber> {
    let row = conn
        .query_row(
            "SELECT issued_at, state, token_hash, window FROM queue_numbers
             WHERE hall_id = ?1 AND line_code = ?2 AND day = ?3 AND seq = ?4",
            params![hall, line, day, seq],
            |r| {
                let stored: Option<String> = r.get(2)?;
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    stored,
                    r.get(3)?,
                ))
            },
        )
        .optional()?;
    let Some((issued_at, state, Some(stored), window)) = row else {
        return Err(StoreError::NotFound);
    };
    if !crate::codes::same_secret(&stored, token_hash) {
        return Err(StoreError::NotFound);
    }
    let state = QueueNumberState::from_name(&state).unwrap_or(QueueNumberState::Unknown);
    Ok(StoredNumber {
        seq,
        issued_at,
        state,
        window,
        ahead: if state.is_queued() {
            ahead(conn, hall, line, day, seq)?
        } else {
            0
        },
    })
}

/// The live state of one queue line today.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineState {
    /// Line code.
    pub line: String,
    /// Sequence number last called, if any.
    pub now_serving: Option<i64>,
    /// Numbers issued but not yet called.
    pub waiting: u32,
}

impl Store {
    /// Today's state of every line of `hall` that has issued numbers.
    pub async fn line_states(&self, hall: String, day: String) -> StoreResult<Vec<LineState>> {
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT line_code,
                        max(CASE WHEN called_at IS NOT NULL THEN seq END),
                        sum(state IN ('waiting', 'returned', 'transferred'))
                 FROM queue_numbers WHERE hall_id = ?1 AND day = ?2 GROUP BY line_code",
            )?;
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
    /// ahead of it. A phone that holds a number of the line not yet served or cancelled gets
    /// `NumberAlreadyTaken`.
    pub async fn take_number(
        &self,
        hall: String,
        line: String,
        day: String,
        now: String,
        taker: Taker,
    ) -> StoreResult<(i64, u32)> {
        self.write(move |conn| {
            let seq: i64 = conn
                .query_row(
                    "INSERT INTO queue_numbers (hall_id, line_code, day, seq, issued_at, token_hash,
                                                phone, kiosk_id)
                     SELECT ?1, ?2, ?3, coalesce(max(seq), 0) + 1, ?4, ?5, ?6, ?7
                     FROM queue_numbers WHERE hall_id = ?1 AND line_code = ?2 AND day = ?3
                     RETURNING seq",
                    params![hall, line, day, now, taker.token_hash, taker.phone, taker.kiosk],
                    |r| r.get(0),
                )
                .map_err(|e| {
                    if super::staff::is_unique_violation(&e) {
                        StoreError::NumberAlreadyTaken
                    } else {
                        e.into()
                    }
                })?;
            Ok((seq, ahead(conn, &hall, &line, &day, seq)?))
        })
        .await
    }

    /// Number `seq` of `line` on `day`, if `token_hash` is its token's digest.
    pub async fn queue_number(
        &self,
        hall: String,
        line: String,
        day: String,
        seq: i64,
        token_hash: String,
    ) -> StoreResult<StoredNumber> {
        self.read(move |conn| number(conn, &hall, &line, &day, seq, &token_hash))
            .await
    }

    /// Cancels number `seq` for whoever holds its token; `TransitionNotAllowed` once it is
    /// served, cancelled or at a window.
    pub async fn cancel_number(
        &self,
        hall: String,
        line: String,
        day: String,
        seq: i64,
        token_hash: String,
        now: String,
    ) -> StoreResult<StoredNumber> {
        self.write(move |conn| {
            let found = number(conn, &hall, &line, &day, seq, &token_hash)?;
            if !found.state.can_move_to(QueueNumberState::Cancelled) {
                return Err(StoreError::TransitionNotAllowed);
            }
            conn.execute(
                "UPDATE queue_numbers SET state = 'cancelled', ended_at = ?5
                 WHERE hall_id = ?1 AND line_code = ?2 AND day = ?3 AND seq = ?4",
                params![hall, line, day, seq, now],
            )?;
            number(conn, &hall, &line, &day, seq, &token_hash)
        })
        .await
    }

    /// Calls the lowest waiting number of `line` today (staff only), and records `audit`
    /// with the number called as its detail.
    pub async fn call_next(
        &self,
        hall: String,
        line: String,
        day: String,
        mut audit: super::AuditRecord,
    ) -> StoreResult<i64> {
        let now = audit.at.clone();
        self.write(move |conn| {
            let seq: i64 = conn
                .query_row(
                    "UPDATE queue_numbers SET called_at = ?4, state = 'called'
                 WHERE hall_id = ?1 AND line_code = ?2 AND day = ?3 AND seq = (
                     SELECT min(seq) FROM queue_numbers
                     WHERE hall_id = ?1 AND line_code = ?2 AND day = ?3
                       AND state IN ('waiting', 'returned', 'transferred'))
                 RETURNING seq",
                    params![hall, line, day, now],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(StoreError::QueueEmpty)?;
            audit.detail = Some(format!("{line}{seq:03}"));
            super::staff::append_audit(conn, &audit)?;
            Ok(seq)
        })
        .await
    }
}
