//! Queue numbers of the optional halls module: issuing, calling and counting them per day
//! (the hall's day); each number has a state of its life (`QueueNumberState`).

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, StoreResult};

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

    /// Issues the next number of `line` today; returns it and how many wait ahead of it.
    pub async fn take_number(
        &self,
        hall: String,
        line: String,
        day: String,
        now: String,
    ) -> StoreResult<(i64, u32)> {
        self.write(move |conn| {
            let seq: i64 = conn.query_row(
                "INSERT INTO queue_numbers (hall_id, line_code, day, seq, issued_at)
                 SELECT ?1, ?2, ?3, coalesce(max(seq), 0) + 1, ?4
                 FROM queue_numbers WHERE hall_id = ?1 AND line_code = ?2 AND day = ?3
                 RETURNING seq",
                params![hall, line, day, now],
                |r| r.get(0),
            )?;
            let ahead: u32 = conn.query_row(
                "SELECT count(*) FROM queue_numbers
                 WHERE hall_id = ?1 AND line_code = ?2 AND day = ?3 AND seq < ?4
                   AND state IN ('waiting', 'returned', 'transferred')",
                params![hall, line, day, seq],
                |r| r.get(0),
            )?;
            Ok((seq, ahead))
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
