//! Tickets: idempotent creation with per-day reference numbers, lookups by access code,
//! status moves with history, and ratings.

use banshi_contract::{HistoryEntry, Rating, Receipt, StaffTicket, TicketStatus};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreError, StoreResult};

/// A validated request, ready to be stored.
#[derive(Debug, Clone)]
pub struct NewRequest {
    /// The client's `Idempotency-Key`.
    pub idempotency_key: String,
    /// Digest of the canonical request body; a replay must match it.
    pub fingerprint: String,
    /// Service applied for.
    pub service_code: String,
    /// Answers as canonical JSON.
    pub answers_json: String,
    /// Locale tag for contacting the citizen.
    pub locale: String,
    /// Fresh access code, used only if a ticket is created.
    pub access_code: String,
    /// Digest of `access_code`.
    pub access_hash: String,
    /// RFC 3339 submission time.
    pub now: String,
    /// `YYYYMMDD` of submission, local to the service centre.
    pub day: String,
    /// RFC 3339 promised result time.
    pub expected_at: String,
}

/// What `submit` did.
#[derive(Debug, Clone)]
pub enum SubmitOutcome {
    /// A new ticket was created.
    Created(Receipt),
    /// The key was seen before with the same body; this is the first answer again.
    Replayed(Receipt),
}

/// A ticket with everything a citizen may see.
#[derive(Debug, Clone)]
pub struct StoredTicket {
    /// Reference number.
    pub ticket: String,
    /// Service applied for.
    pub service_code: String,
    /// Current status.
    pub status: TicketStatus,
    /// RFC 3339.
    pub submitted_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// RFC 3339.
    pub expected_at: String,
    /// Increases on every change; the basis of the ETag.
    pub version: i64,
    /// Oldest first.
    pub history: Vec<HistoryEntry>,
    /// Once given.
    pub rating: Option<Rating>,
}

/// A list as a JSON array, for `json_each`.
fn json_list(items: &[String]) -> StoreResult<String> {
    serde_json::to_string(items).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn status_from(name: String) -> StoreResult<TicketStatus> {
    TicketStatus::parse(&name).ok_or_else(|| StoreError::Corrupt(format!("status {name}")))
}

fn load_ticket(conn: &Connection, id: i64) -> StoreResult<StoredTicket> {
    let (ticket, service_code, status, submitted_at, updated_at, expected_at, version) = conn
        .query_row(
            "SELECT ticket, service_code, status, submitted_at, updated_at, expected_at, version
             FROM tickets WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get::<_, String>(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )?;
    let mut statement = conn.prepare_cached(
        "SELECT status, at, note FROM ticket_events WHERE ticket_id = ?1 ORDER BY id",
    )?;
    let history = statement
        .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?
        .map(|row| {
            let (status, at, note) = row?;
            Ok(HistoryEntry {
                status: status_from(status)?,
                at,
                note,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let rating = conn
        .query_row(
            "SELECT score, comment, rated_at FROM ratings WHERE ticket_id = ?1",
            [id],
            |r| {
                Ok(Rating {
                    score: r.get(0)?,
                    comment: r.get(1)?,
                    rated_at: r.get(2)?,
                })
            },
        )
        .optional()?;
    Ok(StoredTicket {
        ticket,
        service_code,
        status: status_from(status)?,
        submitted_at,
        updated_at,
        expected_at,
        version,
        history,
        rating,
    })
}

fn find_id(conn: &Connection, ticket: &str) -> StoreResult<i64> {
    conn.query_row("SELECT id FROM tickets WHERE ticket = ?1", [ticket], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or(StoreError::NotFound)
}

fn find_id_with_code(conn: &Connection, ticket: &str, access_hash: &str) -> StoreResult<i64> {
    conn.query_row(
        "SELECT id FROM tickets WHERE ticket = ?1 AND access_hash = ?2",
        [ticket, access_hash],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

fn record_status(
    conn: &Connection,
    id: i64,
    status: TicketStatus,
    note: Option<&str>,
    now: &str,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE tickets SET status = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1",
        params![id, status.as_str(), now],
    )?;
    conn.execute(
        "INSERT INTO ticket_events (ticket_id, status, note, at) VALUES (?1, ?2, ?3, ?4)",
        params![id, status.as_str(), note, now],
    )?;
    Ok(())
}

impl Store {
    /// Creates a ticket for `request`, or replays the first answer given to its idempotency
    /// key. Key check, ticket and key record are one atomic step.
    pub async fn submit(&self, request: NewRequest) -> StoreResult<SubmitOutcome> {
        self.write(move |conn| {
            let seen: Option<(String, String)> = conn
                .query_row(
                    "SELECT fingerprint, response FROM idempotency WHERE key = ?1",
                    [&request.idempotency_key],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((fingerprint, response)) = seen {
                if fingerprint != request.fingerprint {
                    return Err(StoreError::IdempotencyKeyReused);
                }
                let receipt = serde_json::from_str(&response)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                return Ok(SubmitOutcome::Replayed(receipt));
            }
            let sequence: i64 = conn.query_row(
                "INSERT INTO ticket_days (day, last) VALUES (?1, 1)
                 ON CONFLICT (day) DO UPDATE SET last = last + 1
                 RETURNING last",
                [&request.day],
                |r| r.get(0),
            )?;
            let ticket = format!("BS-{}-{sequence:04}", request.day);
            conn.execute(
                "INSERT INTO tickets (ticket, access_hash, service_code, status, answers, locale,
                                      submitted_at, updated_at, expected_at)
                 VALUES (?1, ?2, ?3, 'received', ?4, ?5, ?6, ?6, ?7)",
                params![
                    ticket,
                    request.access_hash,
                    request.service_code,
                    request.answers_json,
                    request.locale,
                    request.now,
                    request.expected_at
                ],
            )?;
            let id = conn.last_insert_rowid();
            conn.execute(
                "INSERT INTO ticket_events (ticket_id, status, at) VALUES (?1, 'received', ?2)",
                params![id, request.now],
            )?;
            let receipt = Receipt {
                ticket,
                access_code: request.access_code,
                service_code: request.service_code,
                status: TicketStatus::Received,
                submitted_at: request.now.clone(),
                expected_datetime: request.expected_at,
            };
            let response =
                serde_json::to_string(&receipt).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            conn.execute(
                "INSERT INTO idempotency (key, fingerprint, response, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    request.idempotency_key,
                    request.fingerprint,
                    response,
                    request.now
                ],
            )?;
            Ok(SubmitOutcome::Created(receipt))
        })
        .await
    }

    /// The ticket, if `access_hash` is its access code's digest; otherwise `NotFound`, so that
    /// a wrong code and a missing ticket look the same.
    pub async fn ticket(&self, ticket: String, access_hash: String) -> StoreResult<StoredTicket> {
        self.read(move |conn| load_ticket(conn, find_id_with_code(conn, &ticket, &access_hash)?))
            .await
    }

    /// Moves a ticket to `status` with a note for the citizen (staff only), and records
    /// `audit` with it. With `categories`, a ticket of another category is `NotFound`.
    pub async fn change_status(
        &self,
        ticket: String,
        status: TicketStatus,
        note: Option<String>,
        categories: Option<Vec<String>>,
        audit: super::AuditRecord,
    ) -> StoreResult<StoredTicket> {
        let now = audit.at.clone();
        self.write(move |conn| {
            let id = find_id(conn, &ticket)?;
            if let Some(categories) = &categories {
                let in_scope: bool = conn.query_row(
                    "SELECT s.category IN (SELECT value FROM json_each(?2))
                     FROM tickets t JOIN services s ON s.code = t.service_code WHERE t.id = ?1",
                    params![id, json_list(categories)?],
                    |r| r.get(0),
                )?;
                if !in_scope {
                    return Err(StoreError::NotFound);
                }
            }
            let current: String =
                conn.query_row("SELECT status FROM tickets WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            if !status_from(current)?.can_move_to(status) {
                return Err(StoreError::TransitionNotAllowed);
            }
            record_status(conn, id, status, note.as_deref(), &now)?;
            super::staff::append_audit(conn, &audit)?;
            load_ticket(conn, id)
        })
        .await
    }

    /// Records the citizen's rating, once, on a finished ticket. A score at or below
    /// `unsatisfactory_at_most` sends the case back to `in_progress` with `rework_note`.
    #[allow(clippy::too_many_arguments)]
    pub async fn rate(
        &self,
        ticket: String,
        access_hash: String,
        score: u8,
        comment: String,
        unsatisfactory_at_most: u8,
        rework_note: String,
        now: String,
    ) -> StoreResult<StoredTicket> {
        self.write(move |conn| {
            let id = find_id_with_code(conn, &ticket, &access_hash)?;
            let stored = load_ticket(conn, id)?;
            if stored.rating.is_some() || !stored.status.is_rateable() {
                return Err(StoreError::RatingNotAllowed);
            }
            conn.execute(
                "INSERT INTO ratings (ticket_id, score, comment, rated_at) VALUES (?1, ?2, ?3, ?4)",
                params![id, score, comment, now],
            )?;
            if score <= unsatisfactory_at_most && stored.status == TicketStatus::Completed {
                record_status(conn, id, TicketStatus::InProgress, Some(&rework_note), &now)?;
            } else {
                conn.execute(
                    "UPDATE tickets SET updated_at = ?2, version = version + 1 WHERE id = ?1",
                    params![id, now],
                )?;
            }
            load_ticket(conn, id)
        })
        .await
    }

    /// The tickets whose status changed most recently, newest first (staff only); with
    /// `categories`, only those of services in them.
    pub async fn recent_tickets(
        &self,
        limit: u32,
        categories: Option<Vec<String>>,
    ) -> StoreResult<Vec<StaffTicket>> {
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT ticket, service_code, status, submitted_at, updated_at FROM tickets t
                 WHERE ?2 IS NULL OR t.service_code IN (
                     SELECT code FROM services WHERE category IN (SELECT value FROM json_each(?2)))
                 ORDER BY (SELECT max(e.id) FROM ticket_events e WHERE e.ticket_id = t.id) DESC
                 LIMIT ?1",
            )?;
            let scope = categories.as_deref().map(json_list).transpose()?;
            let rows = statement.query_map(params![limit, scope], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get::<_, String>(2)?,
                    r.get(3)?,
                    r.get(4)?,
                ))
            })?;
            rows.map(|row| {
                let (ticket, service_code, status, submitted_at, updated_at) = row?;
                Ok(StaffTicket {
                    ticket,
                    service_code,
                    service_name: String::new(),
                    status: status_from(status)?,
                    submitted_at,
                    updated_at,
                })
            })
            .collect()
        })
        .await
    }

    /// Forgets idempotency records created before `cutoff` (RFC 3339); they hold access
    /// codes in clear so that replays can repeat them.
    pub async fn purge_idempotency(&self, cutoff: String) -> StoreResult<usize> {
        self.write(move |conn| {
            Ok(conn.execute("DELETE FROM idempotency WHERE created_at < ?1", [cutoff])?)
        })
        .await
    }
}
