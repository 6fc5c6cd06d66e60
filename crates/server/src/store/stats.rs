//! What the statistics are computed from: one row per ticket filed, finished or rated in a
//! period, with its rating, its rework and the officer who finished it.

use rusqlite::params;

use super::{Store, StoreResult};

/// One ticket's facts for the statistics, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsRow {
    /// Its category.
    pub category: String,
    /// Its service.
    pub service_code: String,
    /// Its status now.
    pub status: String,
    /// RFC 3339.
    pub submitted_at: String,
    /// RFC 3339: the promised time.
    pub expected_at: String,
    /// RFC 3339, when it reached its final status.
    pub finished_at: Option<String>,
    /// The account name and display name of the officer who gave its current status, else of
    /// its assignee.
    pub officer: Option<(String, String)>,
    /// Its rating's score.
    pub score: Option<u8>,
    /// RFC 3339.
    pub rated_at: Option<String>,
    /// Whether a supervisor ruled the rating mistaken or malicious.
    pub ruled: bool,
    /// The rework's deadline (RFC 3339), for a bad rating.
    pub rework_due: Option<String>,
    /// When the rework's result was written (RFC 3339).
    pub rework_fixed: Option<String>,
}

impl Store {
    /// Every ticket filed, finished or rated at or after `from` and before `until`
    /// (timestamps as stored, compared as text: both in centre time); with `staff`, on the
    /// staff pool.
    pub async fn stats_rows(
        &self,
        from: String,
        until: String,
        staff: bool,
    ) -> StoreResult<Vec<StatsRow>> {
        let query = move |conn: &rusqlite::Connection| {
            let mut statement = conn.prepare_cached(
                "SELECT t.category, t.service_code, t.status, t.submitted_at, t.expected_at,
                        t.finished_at, a.name, a.display_name, g.score, g.rated_at,
                        g.ruling IS NOT NULL, r.due_at, r.fixed_at
                 FROM tickets t
                 LEFT JOIN ratings g ON g.ticket_id = t.id
                 LEFT JOIN rework r ON r.ticket_id = t.id
                 LEFT JOIN staff_accounts a ON a.id = coalesce(
                     (SELECT e.author_id FROM ticket_events e
                      WHERE e.ticket_id = t.id AND e.kind = 'status' AND e.status = t.status
                        AND e.author_id IS NOT NULL
                      ORDER BY e.id DESC LIMIT 1),
                     t.assignee_id)
                 WHERE (t.submitted_at >= ?1 AND t.submitted_at < ?2)
                    OR (t.finished_at >= ?1 AND t.finished_at < ?2)
                    OR (g.rated_at >= ?1 AND g.rated_at < ?2)",
            )?;
            let rows = statement
                .query_map(params![from, until], |r| {
                    let name: Option<String> = r.get(6)?;
                    let display: Option<String> = r.get(7)?;
                    Ok(StatsRow {
                        category: r.get(0)?,
                        service_code: r.get(1)?,
                        status: r.get(2)?,
                        submitted_at: r.get(3)?,
                        expected_at: r.get(4)?,
                        finished_at: r.get(5)?,
                        officer: name.map(|n| (n, display.unwrap_or_default())),
                        score: r.get(8)?,
                        rated_at: r.get(9)?,
                        ruled: r.get(10)?,
                        rework_due: r.get(11)?,
                        rework_fixed: r.get(12)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        };
        if staff {
            self.read_staff(query).await
        } else {
            self.read(query).await
        }
    }

    /// The id of the newest event of any ticket: it changes with every status move, rating,
    /// rework step and ruling, so figures computed at one value stay right until it moves.
    pub async fn latest_event(&self) -> StoreResult<i64> {
        self.read(|conn| {
            Ok(
                conn.query_row("SELECT coalesce(max(id), 0) FROM ticket_events", [], |r| {
                    r.get(0)
                })?,
            )
        })
        .await
    }
}
