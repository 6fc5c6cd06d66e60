//! Tickets: idempotent creation with per-day reference numbers, lookups by access code,
//! status moves with history, and ratings.

use banshi_contract::{
    ConfirmedHelp, DueFilter, HistoryEntry, Rating, Receipt, ServiceKind, TicketStatus,
};
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
    /// The service's category.
    pub category: String,
    /// The answers of the form's contact fields: name, phone (digits only), e-mail.
    pub contacts: Contacts,
    /// The service's kind.
    pub kind: ServiceKind,
    /// Who filed it on the applicant's behalf, as JSON.
    pub agent_json: Option<String>,
    /// How the citizen chose to be told of changes.
    pub notify: Option<banshi_contract::NotifyChannel>,
}

/// How to reach the applicant, taken from the form's contact fields.
#[derive(Debug, Clone, Default)]
pub struct Contacts {
    /// Name as given.
    pub name: Option<String>,
    /// Mobile number, digits only.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
}

/// Who an inbox filter asks for.
#[derive(Debug, Clone)]
pub enum AssigneeFilter {
    /// Tickets assigned to this account name.
    Account(String),
    /// Tickets assigned to nobody.
    Nobody,
}

/// What an inbox search term is.
#[derive(Debug, Clone)]
pub enum InboxSearch {
    /// A reference number, upper case.
    Ticket(String),
    /// A mobile number, digits only.
    Phone(String),
    /// A full name.
    Name(String),
}

/// Where the previous inbox page ended, in the page's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboxPosition {
    /// Most recent change first: below this `activity`.
    Activity(i64),
    /// Soonest due first: after this `(expected_at, id)`.
    Due(String, i64),
}

/// A checked inbox query.
#[derive(Debug, Clone, Default)]
pub struct InboxFilter {
    /// Only this status.
    pub status: Option<TicketStatus>,
    /// Only this category.
    pub category: Option<String>,
    /// Only this service.
    pub service: Option<String>,
    /// Only this assignee.
    pub assignee: Option<AssigneeFilter>,
    /// Only due soon (with `now` and the end of the next working day) or overdue (with `now`).
    pub due: Option<(DueFilter, String, String)>,
    /// Only tickets the citizen has (or has not) answered.
    pub replied: Option<bool>,
    /// Only this kind.
    pub kind: Option<ServiceKind>,
    /// A search term.
    pub search: Option<InboxSearch>,
    /// The categories an officer may see (of requests only); `None` for everything.
    pub scope: Option<Vec<String>>,
    /// Page size.
    pub limit: u32,
    /// Continue after this row.
    pub after: Option<InboxPosition>,
}

/// An inbox row.
#[derive(Debug, Clone)]
pub struct InboxRow {
    /// Reference number.
    pub ticket: String,
    /// Service code.
    pub service_code: String,
    /// Category code.
    pub category: String,
    /// Current status.
    pub status: TicketStatus,
    /// RFC 3339.
    pub submitted_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// RFC 3339.
    pub expected_at: String,
    /// RFC 3339, once finished.
    pub finished_at: Option<String>,
    /// From the contact fields.
    pub applicant_name: Option<String>,
    /// Account name.
    pub assignee: Option<String>,
    /// Whether the citizen answered since staff last moved it.
    pub citizen_replied: bool,
    /// The service's kind.
    pub kind: ServiceKind,
    /// Whether someone filed it on the applicant's behalf.
    pub by_agent: bool,
    /// Where this row is in the page's order, for the next page.
    pub position: InboxPosition,
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
    /// RFC 3339, once finished.
    pub finished_at: Option<String>,
    /// How often the citizen sent a result back.
    pub send_backs: u32,
    /// The service's kind.
    pub kind: ServiceKind,
    /// The help last confirmed, for an assistance ticket.
    pub help: Option<ConfirmedHelp>,
    /// The rework a bad rating opened.
    pub rework: Option<super::StoredRework>,
    /// How the citizen chose to be told of changes.
    pub notify: Option<banshi_contract::NotifyChannel>,
}

pub(super) fn kind_from_name(name: &str) -> ServiceKind {
    ServiceKind::from_name(name).unwrap_or(ServiceKind::Unknown)
}

/// A list as a JSON array, for `json_each`.
pub(super) fn json_list(items: &[String]) -> StoreResult<String> {
    serde_json::to_string(items).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn status_from(name: String) -> StoreResult<TicketStatus> {
    TicketStatus::parse(&name).ok_or_else(|| StoreError::Corrupt(format!("status {name}")))
}

fn load_ticket(conn: &Connection, id: i64) -> StoreResult<StoredTicket> {
    let (
        (ticket, service_code, status, submitted_at, updated_at, expected_at, version),
        (finished_at, kind, notify),
    ) = conn.query_row(
        "SELECT ticket, service_code, status, submitted_at, updated_at, expected_at, version,
                finished_at, kind, notify
         FROM tickets WHERE id = ?1",
        [id],
        |r| {
            Ok((
                (
                    r.get(0)?,
                    r.get(1)?,
                    r.get::<_, String>(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ),
                (
                    r.get(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, Option<String>>(9)?,
                ),
            ))
        },
    )?;
    // What the citizen sees: status steps, public notes and confirmed help, never internal
    // events.
    let mut statement = conn.prepare_cached(
        "SELECT e.status, e.at, e.note, e.missing, e.replies, e.kind = 'send_back', h.name,
                e.help_at
         FROM ticket_events e LEFT JOIN helpers h ON h.id = e.helper_id
         WHERE e.ticket_id = ?1
           AND e.kind IN ('status', 'public_note', 'citizen_reply', 'send_back',
                          'help_confirmed')
         ORDER BY e.id",
    )?;
    let mut send_backs = 0;
    let history = statement
        .query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, bool>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?
        .map(|row| {
            let (status, at, note, missing, replies, sent_back, helper, help_at) = row?;
            send_backs += u32::from(sent_back);
            Ok(HistoryEntry {
                status: status_from(status)?,
                at,
                note,
                missing: list_from(missing)?,
                replies: list_from(replies)?,
                help: helper
                    .zip(help_at)
                    .map(|(helper, at)| ConfirmedHelp { helper, at }),
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let help = history.iter().rev().find_map(|e| e.help.clone());
    let rating = load_rating(conn, id)?;
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
        finished_at,
        send_backs,
        kind: kind_from_name(&kind),
        help,
        rework: super::followup::load(conn, id)?,
        notify: notify
            .as_deref()
            .and_then(banshi_contract::NotifyChannel::from_name),
    })
}

/// The status of ticket `id`.
fn current_status(conn: &Connection, id: i64) -> StoreResult<TicketStatus> {
    let status: String = conn.query_row("SELECT status FROM tickets WHERE id = ?1", [id], |r| {
        r.get(0)
    })?;
    status_from(status)
}

/// A citizen's send-back, checked by the route.
#[derive(Debug, Clone)]
pub struct NewSendBack {
    /// Why.
    pub reason: String,
    /// RFC 3339.
    pub now: String,
    /// RFC 3339: results finished before this can no longer be sent back.
    pub finished_after: String,
    /// RFC 3339: the new promised time.
    pub expected_at: String,
    /// Send-backs allowed in all.
    pub max: u32,
    /// The note of the last allowed send-back, which goes to a supervisor.
    pub escalated_note: String,
}

/// The rating of ticket `id`, once given.
pub(super) fn load_rating(conn: &Connection, id: i64) -> StoreResult<Option<Rating>> {
    Ok(conn
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
        .optional()?)
}

pub(super) fn find_id(conn: &Connection, ticket: &str) -> StoreResult<i64> {
    conn.query_row("SELECT id FROM tickets WHERE ticket = ?1", [ticket], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or(StoreError::NotFound)
}

pub(super) fn find_id_with_code(
    conn: &Connection,
    ticket: &str,
    access_hash: &str,
) -> StoreResult<i64> {
    conn.query_row(
        "SELECT id FROM tickets WHERE ticket = ?1 AND access_hash = ?2",
        [ticket, access_hash],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

/// Records a status step (by staff account `author`, or the system) and makes it the
/// ticket's latest activity.
pub(super) fn record_status(
    conn: &Connection,
    id: i64,
    status: TicketStatus,
    note: Option<&str>,
    missing: &[String],
    author: Option<i64>,
    now: &str,
) -> StoreResult<()> {
    let missing = (!missing.is_empty())
        .then(|| json_list(missing))
        .transpose()?;
    conn.execute(
        "INSERT INTO ticket_events (ticket_id, status, note, at, author_id, missing)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, status.as_str(), note, now, author, missing],
    )?;
    conn.execute(
        "UPDATE tickets SET status = ?2, updated_at = ?3, version = version + 1,
                            activity = ?4, citizen_replied = 0,
                            finished_at = CASE WHEN ?5 THEN ?3 END
         WHERE id = ?1",
        params![
            id,
            status.as_str(),
            now,
            conn.last_insert_rowid(),
            status.open311() == banshi_contract::Open311Status::Closed
        ],
    )?;
    Ok(())
}

/// The items of a stored list column (`missing`, `replies`).
pub(super) fn list_from(stored: Option<String>) -> StoreResult<Vec<String>> {
    stored.map_or(Ok(Vec::new()), |json| {
        serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(e.to_string()))
    })
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
                                      submitted_at, updated_at, expected_at, category,
                                      applicant_name, applicant_phone, applicant_email,
                                      kind, agent, notify)
                 VALUES (?1, ?2, ?3, 'received', ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                         ?13, ?14)",
                params![
                    ticket,
                    request.access_hash,
                    request.service_code,
                    request.answers_json,
                    request.locale,
                    request.now,
                    request.expected_at,
                    request.category,
                    request.contacts.name,
                    request.contacts.phone,
                    request.contacts.email,
                    request.kind.as_str(),
                    request.agent_json,
                    request.notify.map(|c| c.as_str()),
                ],
            )?;
            let id = conn.last_insert_rowid();
            conn.execute(
                "INSERT INTO ticket_events (ticket_id, status, at) VALUES (?1, 'received', ?2)",
                params![id, request.now],
            )?;
            conn.execute(
                "UPDATE tickets SET activity = ?2 WHERE id = ?1",
                params![id, conn.last_insert_rowid()],
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
        self.read_citizen(move |conn| {
            load_ticket(conn, find_id_with_code(conn, &ticket, &access_hash)?)
        })
        .await
    }

    /// Records the citizen's answers to the latest request for information, one per item
    /// asked for: the ticket goes back to `in_progress`, marked as replied for the officer.
    pub async fn reply(
        &self,
        ticket: String,
        access_hash: String,
        answers: Vec<String>,
        now: String,
    ) -> StoreResult<StoredTicket> {
        let number = ticket.clone();
        let replied = self
            .write(move |conn| {
                let id = find_id_with_code(conn, &ticket, &access_hash)?;
                if current_status(conn, id)? != TicketStatus::NeedsInfo {
                    return Err(StoreError::ReplyNotAllowed);
                }
                let asked: Option<String> = conn
                    .query_row(
                        "SELECT missing FROM ticket_events
                         WHERE ticket_id = ?1 AND status = 'needs_info' AND kind = 'status'
                         ORDER BY id DESC LIMIT 1",
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?
                    .flatten();
                let asked = list_from(asked)?;
                // A request that named no items is answered in one piece.
                let expected = asked.len().max(1);
                if answers.len() != expected {
                    return Err(StoreError::ReplyCount(expected));
                }
                conn.execute(
                    "INSERT INTO ticket_events (ticket_id, status, at, kind, missing, replies)
                     VALUES (?1, 'in_progress', ?2, 'citizen_reply', ?3, ?4)",
                    params![id, now, json_list(&asked)?, json_list(&answers)?],
                )?;
                conn.execute(
                    "UPDATE tickets SET status = 'in_progress', updated_at = ?2,
                                        version = version + 1, activity = ?3,
                                        citizen_replied = 1
                     WHERE id = ?1",
                    params![id, now, conn.last_insert_rowid()],
                )?;
                load_ticket(conn, id)
            })
            .await?;
        self.changed(&number);
        Ok(replied)
    }

    /// Withdraws an unfinished ticket at the citizen's wish, with their `reason` as the note.
    pub async fn withdraw(
        &self,
        ticket: String,
        access_hash: String,
        reason: String,
        now: String,
    ) -> StoreResult<StoredTicket> {
        let number = ticket.clone();
        let withdrawn = self
            .write(move |conn| {
                let id = find_id_with_code(conn, &ticket, &access_hash)?;
                if !current_status(conn, id)?.can_move_to(TicketStatus::Withdrawn) {
                    return Err(StoreError::WithdrawalNotAllowed);
                }
                record_status(
                    conn,
                    id,
                    TicketStatus::Withdrawn,
                    Some(&reason),
                    &[],
                    None,
                    &now,
                )?;
                load_ticket(conn, id)
            })
            .await?;
        self.changed(&number);
        Ok(withdrawn)
    }

    /// Sends a `completed` or `rejected` result back to be done again: `in_progress` with a
    /// new promised time. The last allowed send-back goes to a supervisor: the officer is
    /// unassigned, with a public note saying so.
    pub async fn send_back(
        &self,
        ticket: String,
        access_hash: String,
        send_back: NewSendBack,
    ) -> StoreResult<StoredTicket> {
        let number = ticket.clone();
        let sent = self
            .write(move |conn| {
                let id = find_id_with_code(conn, &ticket, &access_hash)?;
                let stored = load_ticket(conn, id)?;
                if !matches!(
                    stored.status,
                    TicketStatus::Completed | TicketStatus::Rejected
                ) || stored.send_backs >= send_back.max
                {
                    return Err(StoreError::SendBackNotAllowed);
                }
                if stored
                    .finished_at
                    .as_deref()
                    .is_some_and(|at| at < send_back.finished_after.as_str())
                {
                    return Err(StoreError::SendBackClosed);
                }
                let now = &send_back.now;
                conn.execute(
                    "INSERT INTO ticket_events (ticket_id, status, note, at, kind)
                     VALUES (?1, 'in_progress', ?2, ?3, 'send_back')",
                    params![id, send_back.reason, now],
                )?;
                conn.execute(
                    "UPDATE tickets SET status = 'in_progress', updated_at = ?2,
                                        version = version + 1, activity = ?3,
                                        expected_at = ?4, finished_at = NULL,
                                        citizen_replied = 1
                     WHERE id = ?1",
                    params![id, now, conn.last_insert_rowid(), send_back.expected_at],
                )?;
                if stored.send_backs + 1 == send_back.max {
                    conn.execute(
                        "INSERT INTO ticket_events (ticket_id, status, note, at, kind)
                         VALUES (?1, 'in_progress', ?2, ?3, 'public_note')",
                        params![id, send_back.escalated_note, now],
                    )?;
                    conn.execute(
                        "UPDATE tickets SET assignee_id = NULL, activity = ?2 WHERE id = ?1",
                        params![id, conn.last_insert_rowid()],
                    )?;
                }
                load_ticket(conn, id)
            })
            .await?;
        self.changed(&number);
        Ok(sent)
    }

    /// Records the citizen's rating, once, on a finished ticket. A bad rating (given with
    /// `rework_due`, when its rework is due) opens a rework task; the status stays.
    pub async fn rate(
        &self,
        ticket: String,
        access_hash: String,
        score: u8,
        comment: String,
        rework_due: Option<String>,
        now: String,
    ) -> StoreResult<StoredTicket> {
        let number = ticket.clone();
        let rated = self
            .write(move |conn| {
                let id = find_id_with_code(conn, &ticket, &access_hash)?;
                let stored = load_ticket(conn, id)?;
                if stored.rating.is_some() || !stored.status.is_rateable() {
                    return Err(StoreError::RatingNotAllowed);
                }
                conn.execute(
                    "INSERT INTO ratings (ticket_id, score, comment, rated_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id, score, comment, now],
                )?;
                conn.execute(
                    "INSERT INTO ticket_events (ticket_id, status, at, kind)
                     SELECT id, status, ?2, 'rated' FROM tickets WHERE id = ?1",
                    params![id, now],
                )?;
                conn.execute(
                    "UPDATE tickets SET updated_at = ?2, version = version + 1, activity = ?3
                     WHERE id = ?1",
                    params![id, now, conn.last_insert_rowid()],
                )?;
                if let Some(due_at) = rework_due {
                    super::followup::open(conn, id, &due_at, &now)?;
                }
                load_ticket(conn, id)
            })
            .await?;
        self.changed(&number);
        Ok(rated)
    }

    /// One page of the inbox under `filter`: one more row than `filter.limit` if there is a
    /// next page. Every shape of the query walks an index in the page's order; nothing is
    /// counted, sorted or skipped.
    pub async fn inbox(&self, filter: InboxFilter) -> StoreResult<Vec<InboxRow>> {
        self.read_staff(move |conn| inbox_page(conn, &filter)).await
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

/// The inbox query for `filter`, built from fixed fragments (no value is ever spliced in).
fn inbox_page(conn: &Connection, filter: &InboxFilter) -> StoreResult<Vec<InboxRow>> {
    use rusqlite::types::Value;
    let mut conditions: Vec<&str> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let mut add = |condition: &'static str, value: Option<Value>| {
        conditions.push(condition);
        values.extend(value);
    };
    if let Some(status) = filter.status {
        add("t.status = ?", Some(Value::Text(status.as_str().into())));
    }
    if let Some(category) = &filter.category {
        add("t.category = ?", Some(Value::Text(category.clone())));
    }
    if let Some(service) = &filter.service {
        add("t.service_code = ?", Some(Value::Text(service.clone())));
    }
    match &filter.assignee {
        Some(AssigneeFilter::Account(name)) => add(
            "t.assignee_id = (SELECT id FROM staff_accounts WHERE name = ?)",
            Some(Value::Text(name.clone())),
        ),
        Some(AssigneeFilter::Nobody) => add("t.assignee_id IS NULL", None),
        None => {}
    }
    if let Some(replied) = filter.replied {
        add(
            "t.citizen_replied = ?",
            Some(Value::Integer(replied.into())),
        );
    }
    match &filter.search {
        Some(InboxSearch::Ticket(ticket)) => add("t.ticket = ?", Some(Value::Text(ticket.clone()))),
        Some(InboxSearch::Phone(phone)) => {
            add("t.applicant_phone = ?", Some(Value::Text(phone.clone())));
        }
        Some(InboxSearch::Name(name)) => {
            add("t.applicant_name = ?", Some(Value::Text(name.clone())));
        }
        None => {}
    }
    if let Some(kind) = filter.kind {
        add("t.kind = ?", Some(Value::Text(kind.as_str().to_owned())));
    }
    if let Some(scope) = &filter.scope {
        add(
            "t.category IN (SELECT value FROM json_each(?))",
            Some(Value::Text(json_list(scope)?)),
        );
        // Complaints and requests for help are the supervisors' work.
        add("t.kind = 'request'", None);
    }
    let by_due = filter.due.is_some();
    match &filter.due {
        Some((DueFilter::Soon, now, until)) => {
            add("t.status IN ('received', 'accepted', 'in_progress')", None);
            add("t.expected_at >= ?", Some(Value::Text(now.clone())));
            add("t.expected_at < ?", Some(Value::Text(until.clone())));
        }
        Some((DueFilter::Overdue, now, _)) => {
            add("t.status IN ('received', 'accepted', 'in_progress')", None);
            add("t.expected_at < ?", Some(Value::Text(now.clone())));
        }
        None => {}
    }
    match &filter.after {
        Some(InboxPosition::Activity(activity)) if !by_due => {
            add("t.activity < ?", Some(Value::Integer(*activity)));
        }
        Some(InboxPosition::Due(expected, id)) if by_due => {
            add(
                "(t.expected_at, t.id) > (?, ?)",
                Some(Value::Text(expected.clone())),
            );
            values.push(Value::Integer(*id));
        }
        Some(_) => return Err(StoreError::NotFound),
        None => {}
    }
    let order = if by_due {
        "t.expected_at, t.id"
    } else {
        "t.activity DESC"
    };
    let sql = format!(
        "SELECT t.id, t.ticket, t.service_code, t.category, t.status, t.submitted_at,
                t.updated_at, t.expected_at, t.applicant_name, a.name, t.citizen_replied,
                t.activity, t.finished_at, t.kind, t.agent IS NOT NULL
         FROM tickets t LEFT JOIN staff_accounts a ON a.id = t.assignee_id
         WHERE {} ORDER BY {order} LIMIT ?",
        if conditions.is_empty() {
            "1".to_owned()
        } else {
            conditions.join(" AND ")
        }
    );
    values.push(Value::Integer(i64::from(filter.limit) + 1));
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(rusqlite::params_from_iter(values), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, Option<String>>(9)?,
            r.get::<_, bool>(10)?,
            r.get::<_, i64>(11)?,
            r.get::<_, Option<String>>(12)?,
            r.get::<_, String>(13)?,
            r.get::<_, bool>(14)?,
        ))
    })?;
    rows.map(|row| {
        let r = row?;
        let position = if by_due {
            InboxPosition::Due(r.7.clone(), r.0)
        } else {
            InboxPosition::Activity(r.11)
        };
        Ok(InboxRow {
            ticket: r.1,
            service_code: r.2,
            category: r.3,
            status: status_from(r.4)?,
            submitted_at: r.5,
            updated_at: r.6,
            expected_at: r.7,
            finished_at: r.12,
            applicant_name: r.8,
            assignee: r.9,
            citizen_replied: r.10,
            kind: kind_from_name(&r.13),
            by_agent: r.14,
            position,
        })
    })
    .collect()
}

impl Store {
    /// Adds made-up past tickets (demo history, benchmarks) with their histories and
    /// ratings, numbered on their own days, in one transaction.
    pub async fn insert_history(
        &self,
        tickets: Vec<crate::history::PastTicket>,
    ) -> StoreResult<()> {
        self.write(move |conn| {
            let mut number = conn.prepare_cached(
                "INSERT INTO ticket_days (day, last) VALUES (?1, 1)
                 ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last",
            )?;
            let mut ticket = conn.prepare_cached(
                "INSERT INTO tickets (ticket, access_hash, service_code, status, answers, locale,
                                      submitted_at, updated_at, expected_at, category,
                                      applicant_name, applicant_phone, finished_at, kind)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?;
            let mut event = conn.prepare_cached(
                "INSERT INTO ticket_events (ticket_id, status, at) VALUES (?1, ?2, ?3)",
            )?;
            let mut latest = conn
                .prepare_cached("UPDATE tickets SET activity = ?2, version = ?3 WHERE id = ?1")?;
            let mut rating = conn.prepare_cached(
                "INSERT INTO ratings (ticket_id, score, comment, rated_at) VALUES (?1, ?2, '', ?3)",
            )?;
            let mut finisher =
                conn.prepare_cached("UPDATE ticket_events SET author_id = ?2 WHERE id = ?1")?;
            let mut rework = conn.prepare_cached(
                "INSERT INTO rework (ticket_id, officer_id, stage, opened_at, due_at, finding,
                                     result, fixed_at, satisfaction, closed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CASE WHEN ?3 = 'closed' THEN ?8 END)",
            )?;
            let mut ruling = conn.prepare_cached(
                "UPDATE ratings SET ruling = 'mistaken', ruling_reason = ?2, ruled_by = ?3,
                                    ruled_at = rated_at
                 WHERE ticket_id = ?1",
            )?;
            // The officers who finish each category's cases: the first active officer of it,
            // else a supervisor.
            let supervisor: Option<i64> = conn
                .query_row(
                    "SELECT id FROM staff_accounts WHERE role = 'supervisor' AND disabled = 0
                     ORDER BY id LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            let mut officers: std::collections::HashMap<String, Option<i64>> =
                std::collections::HashMap::new();
            let mut officer_of = conn.prepare_cached(
                "SELECT id FROM staff_accounts
                 WHERE role = 'officer' AND disabled = 0
                   AND EXISTS (SELECT 1 FROM json_each(categories) WHERE value = ?1)
                 ORDER BY id LIMIT 1",
            )?;
            for past in tickets {
                let sequence: i64 = number.query_row([&past.day], |r| r.get(0))?;
                let (status, updated_at) = past.steps.last().map_or(
                    (TicketStatus::Received, past.submitted_at.as_str()),
                    |(s, at)| (*s, at.as_str()),
                );
                let finished = (status.open311() == banshi_contract::Open311Status::Closed)
                    .then_some(updated_at);
                ticket.execute(params![
                    format!("BS-{}-{sequence:04}", past.day),
                    past.access_hash,
                    past.service_code,
                    status.as_str(),
                    past.answers_json,
                    past.locale,
                    past.submitted_at,
                    past.rating
                        .as_ref()
                        .map_or(updated_at, |(_, at)| at.as_str()),
                    past.expected_at,
                    past.category,
                    past.name,
                    past.phone,
                    finished,
                    past.kind.as_str(),
                ])?;
                let id = conn.last_insert_rowid();
                event.execute(params![id, "received", past.submitted_at])?;
                for (status, at) in &past.steps {
                    event.execute(params![id, status.as_str(), at])?;
                }
                latest.execute(params![
                    id,
                    conn.last_insert_rowid(),
                    past.steps.len() as i64 + 1 + i64::from(past.rating.is_some())
                ])?;
                let officer = match officers.get(&past.category) {
                    Some(officer) => *officer,
                    None => {
                        let officer = officer_of
                            .query_row([&past.category], |r| r.get(0))
                            .optional()?
                            .or(supervisor);
                        officers.insert(past.category.clone(), officer);
                        officer
                    }
                };
                if finished.is_some() && !past.steps.is_empty() {
                    finisher.execute(params![conn.last_insert_rowid(), officer])?;
                }
                if let Some((score, at)) = &past.rating {
                    rating.execute(params![id, score, at])?;
                }
                if let Some(past_rework) = &past.rework {
                    let (result, fixed_at) = past_rework.fixed.clone().unzip();
                    rework.execute(params![
                        id,
                        officer,
                        past_rework.stage,
                        past_rework.opened_at,
                        past_rework.due_at,
                        past_rework.finding,
                        result,
                        fixed_at,
                        past_rework.satisfaction,
                    ])?;
                }
                if let Some(reason) = past.ruled_mistaken {
                    ruling.execute(params![id, reason, supervisor])?;
                }
            }
            Ok(())
        })
        .await
    }

    /// How many tickets there are.
    pub async fn ticket_count(&self) -> StoreResult<i64> {
        self.read(|conn| Ok(conn.query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))?))
            .await
    }

    /// Refreshes the query planner's statistics (after a bulk load).
    pub async fn analyse(&self) -> StoreResult<()> {
        self.write(|conn| Ok(conn.execute_batch("ANALYZE")?)).await
    }
}
