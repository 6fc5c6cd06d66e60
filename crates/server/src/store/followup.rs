//! Rework after a bad rating (核实 → 整改 → 回访), supervisors' rulings on bad ratings and
//! the ledger of them (差评台账).

use banshi_contract::{MessageKind, ReworkAction, ReworkStage, RulingKind};
use rusqlite::{Connection, OptionalExtension, params};

use super::outbox::{MessageFacts, enqueue};
use super::tickets::find_id_with_code;
use super::{Store, StoreError, StoreResult};

/// A rework task as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRework {
    /// Where it stands.
    pub stage: ReworkStage,
    /// The officer's account name.
    pub officer: Option<String>,
    /// RFC 3339.
    pub opened_at: String,
    /// RFC 3339.
    pub due_at: String,
    /// The verification finding (staff only).
    pub finding: Option<String>,
    /// The result the citizen reads.
    pub result: Option<String>,
    /// RFC 3339.
    pub fixed_at: Option<String>,
    /// 回访满意度.
    pub satisfaction: Option<u8>,
    /// RFC 3339.
    pub closed_at: Option<String>,
}

/// A ruling on a rating as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRuling {
    /// The ruling.
    pub ruling: RulingKind,
    /// Why.
    pub reason: String,
    /// The supervisor's display name.
    pub by: Option<String>,
    /// RFC 3339.
    pub at: String,
}

/// One line of the ledger of bad ratings.
#[derive(Debug, Clone)]
pub struct StoredBadRating {
    /// Reference number.
    pub ticket: String,
    /// Service code.
    pub service_code: String,
    /// 1 or 2.
    pub score: u8,
    /// As given.
    pub comment: String,
    /// RFC 3339.
    pub rated_at: String,
    /// The rework it opened.
    pub rework: StoredRework,
    /// A supervisor's ruling.
    pub ruling: Option<StoredRuling>,
}

fn stage_from(name: &str) -> ReworkStage {
    ReworkStage::from_name(name).unwrap_or(ReworkStage::Unknown)
}

/// Opens the rework of ticket `id`'s bad rating, due at `due_at`, for the officer who gave
/// the result (else the assignee).
pub(super) fn open(conn: &Connection, id: i64, due_at: &str, now: &str) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO rework (ticket_id, officer_id, stage, opened_at, due_at)
         SELECT t.id,
                coalesce((SELECT e.author_id FROM ticket_events e
                          WHERE e.ticket_id = t.id AND e.kind = 'status'
                            AND e.status = t.status AND e.author_id IS NOT NULL
                          ORDER BY e.id DESC LIMIT 1),
                         t.assignee_id),
                'verifying', ?2, ?3
         FROM tickets t WHERE t.id = ?1",
        params![id, now, due_at],
    )?;
    Ok(())
}

const REWORK_COLUMNS: &str = "r.stage, a.name, r.opened_at, r.due_at, r.finding, r.result,
     r.fixed_at, r.satisfaction, r.closed_at";

fn rework_from(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<StoredRework> {
    Ok(StoredRework {
        stage: stage_from(&r.get::<_, String>(at)?),
        officer: r.get(at + 1)?,
        opened_at: r.get(at + 2)?,
        due_at: r.get(at + 3)?,
        finding: r.get(at + 4)?,
        result: r.get(at + 5)?,
        fixed_at: r.get(at + 6)?,
        satisfaction: r.get(at + 7)?,
        closed_at: r.get(at + 8)?,
    })
}

/// The rework of ticket `id`, if a bad rating opened one.
pub(super) fn load(conn: &Connection, id: i64) -> StoreResult<Option<StoredRework>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {REWORK_COLUMNS} FROM rework r
                 LEFT JOIN staff_accounts a ON a.id = r.officer_id WHERE r.ticket_id = ?1"
            ),
            [id],
            |r| rework_from(r, 0),
        )
        .optional()?)
}

/// The ruling on ticket `id`'s rating, if any.
pub(super) fn load_ruling(conn: &Connection, id: i64) -> StoreResult<Option<StoredRuling>> {
    Ok(conn
        .query_row(
            "SELECT r.ruling, r.ruling_reason, a.display_name, r.ruled_at
             FROM ratings r LEFT JOIN staff_accounts a ON a.id = r.ruled_by
             WHERE r.ticket_id = ?1 AND r.ruling IS NOT NULL",
            [id],
            |r| ruling_from(r, 0),
        )
        .optional()?)
}

fn ruling_from(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<StoredRuling> {
    Ok(StoredRuling {
        ruling: RulingKind::from_name(&r.get::<_, String>(at)?).unwrap_or(RulingKind::Unknown),
        reason: r.get(at + 1)?,
        by: r.get(at + 2)?,
        at: r.get(at + 3)?,
    })
}

/// A step of the rework of ticket `id`, by `author`. `Fixed` queues the result for the
/// citizen; each step bumps the ticket's version when the citizen sees it.
#[allow(clippy::too_many_arguments)]
pub(super) fn step(
    conn: &Connection,
    id: i64,
    action: ReworkAction,
    note: Option<&str>,
    satisfaction: Option<u8>,
    author: Option<i64>,
    now: &str,
) -> StoreResult<()> {
    let stage = load(conn, id)?
        .map(|r| r.stage)
        .ok_or(StoreError::ReworkNotAllowed)?;
    let changed = match (stage, action) {
        (ReworkStage::Verifying, ReworkAction::Verified) => conn.execute(
            "UPDATE rework SET stage = 'fixing', finding = ?2 WHERE ticket_id = ?1",
            params![id, note],
        )?,
        (ReworkStage::Fixing, ReworkAction::Fixed) => conn.execute(
            "UPDATE rework SET stage = 'call_back', result = ?2, fixed_at = ?3
             WHERE ticket_id = ?1",
            params![id, note, now],
        )?,
        (ReworkStage::CallBack, ReworkAction::CalledBack) => conn.execute(
            "UPDATE rework SET stage = 'closed', satisfaction = ?2, callback_note = ?3,
                               closed_at = ?4
             WHERE ticket_id = ?1",
            params![id, satisfaction, note, now],
        )?,
        _ => return Err(StoreError::ReworkNotAllowed),
    };
    debug_assert_eq!(changed, 1);
    let citizen_sees = action != ReworkAction::Verified;
    record(conn, id, note, author, citizen_sees, now)?;
    if action == ReworkAction::Fixed {
        let status: String =
            conn.query_row("SELECT status FROM tickets WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        let facts = MessageFacts {
            status,
            note: note.map(str::to_owned),
            missing: Vec::new(),
            hall: None,
        };
        enqueue(conn, id, MessageKind::ReworkResult, &facts, now)?;
    }
    Ok(())
}

/// Adds a `rework` event on ticket `id` and makes it the latest activity.
fn record(
    conn: &Connection,
    id: i64,
    note: Option<&str>,
    author: Option<i64>,
    citizen_sees: bool,
    now: &str,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO ticket_events (ticket_id, status, note, at, author_id, kind)
         SELECT id, status, ?2, ?3, ?4, 'rework' FROM tickets WHERE id = ?1",
        params![id, note, now, author],
    )?;
    conn.execute(
        "UPDATE tickets SET activity = ?2, version = version + ?3,
                            updated_at = CASE WHEN ?3 THEN ?4 ELSE updated_at END
         WHERE id = ?1",
        params![id, conn.last_insert_rowid(), i64::from(citizen_sees), now],
    )?;
    Ok(())
}

/// Rules ticket `id`'s bad rating out of the figures, by `author`; an unfinished rework is
/// closed with it. The rating itself stays.
pub(super) fn rule(
    conn: &Connection,
    id: i64,
    ruling: RulingKind,
    reason: &str,
    author: Option<i64>,
    unsatisfactory_at_most: u8,
    now: &str,
) -> StoreResult<()> {
    let ruled = conn.execute(
        "UPDATE ratings SET ruling = ?2, ruling_reason = ?3, ruled_by = ?4, ruled_at = ?5
         WHERE ticket_id = ?1 AND ruling IS NULL AND score <= ?6",
        params![
            id,
            ruling.as_str(),
            reason,
            author,
            now,
            unsatisfactory_at_most
        ],
    )?;
    if ruled == 0 {
        return Err(StoreError::RulingNotAllowed);
    }
    conn.execute(
        "UPDATE rework SET stage = 'closed', closed_at = ?2
         WHERE ticket_id = ?1 AND stage != 'closed'",
        params![id, now],
    )?;
    conn.execute(
        "INSERT INTO ticket_events (ticket_id, status, note, at, author_id, kind)
         SELECT id, status, ?2, ?3, ?4, 'rating_ruled' FROM tickets WHERE id = ?1",
        params![id, reason, now, author],
    )?;
    conn.execute(
        "UPDATE tickets SET activity = ?2, version = version + 1 WHERE id = ?1",
        params![id, conn.last_insert_rowid()],
    )?;
    Ok(())
}

impl Store {
    /// The ledger of bad ratings: open rework first, soonest due first, then the rest,
    /// newest first; only `officer`'s when given.
    pub async fn bad_ratings(
        &self,
        officer: Option<String>,
        limit: usize,
    ) -> StoreResult<Vec<StoredBadRating>> {
        self.read_staff(move |conn| {
            let mut statement = conn.prepare_cached(&format!(
                "SELECT t.ticket, t.service_code, g.score, g.comment, g.rated_at, {REWORK_COLUMNS},
                        g.ruling, g.ruling_reason, ruler.display_name, g.ruled_at
                 FROM rework r
                 JOIN tickets t ON t.id = r.ticket_id
                 JOIN ratings g ON g.ticket_id = r.ticket_id
                 LEFT JOIN staff_accounts a ON a.id = r.officer_id
                 LEFT JOIN staff_accounts ruler ON ruler.id = g.ruled_by
                 WHERE ?1 IS NULL OR a.name = ?1
                 ORDER BY r.stage IN ('verifying', 'fixing') DESC,
                          CASE WHEN r.stage IN ('verifying', 'fixing') THEN r.due_at END,
                          g.rated_at DESC
                 LIMIT ?2"
            ))?;
            let rows = statement
                .query_map(params![officer, limit as i64], |r| {
                    Ok(StoredBadRating {
                        ticket: r.get(0)?,
                        service_code: r.get(1)?,
                        score: r.get(2)?,
                        comment: r.get(3)?,
                        rated_at: r.get(4)?,
                        rework: rework_from(r, 5)?,
                        ruling: match r.get::<_, Option<String>>(14)? {
                            Some(_) => Some(ruling_from(r, 14)?),
                            None => None,
                        },
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    /// The citizen's satisfaction with the rework (回访满意度), once the result is written.
    pub async fn rate_rework(
        &self,
        ticket: String,
        access_hash: String,
        score: u8,
        comment: String,
        now: String,
    ) -> StoreResult<()> {
        let number = ticket.clone();
        self.write(move |conn| {
            let id = find_id_with_code(conn, &ticket, &access_hash)?;
            let comment = Some(comment).filter(|c| !c.is_empty());
            step(
                conn,
                id,
                ReworkAction::CalledBack,
                comment.as_deref(),
                Some(score),
                None,
                &now,
            )
        })
        .await?;
        self.changed(&number);
        Ok(())
    }
}
