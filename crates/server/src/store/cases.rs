//! Cases as staff handle them: the whole case (answers, contacts, every event including
//! internal ones, who it may be assigned to) and the changes officers make to it: a status
//! with its missing items, a note, an assignment, a new access code. Each change checks the
//! officer's categories and, when given, the case's version, and is audited in its own
//! transaction.

use banshi_contract::{
    Agent, CaseEventKind, ConfirmedHelp, Helper, MessageKind, NotifyChannel, Rating, ReworkAction,
    RulingKind, ServiceKind, TicketStatus,
};
use rusqlite::{Connection, OptionalExtension, params};

use super::tickets::{find_id, kind_from_name, list_from, load_rating, record_status, status_from};
use super::{AuditRecord, InboxPosition, InboxRow, Store, StoreError, StoreResult};

/// A case with everything staff may see.
#[derive(Debug, Clone)]
pub struct StoredCase {
    /// What the inbox shows of it; its position is its version.
    pub summary: InboxRow,
    /// The answers as submitted (canonical JSON).
    pub answers_json: String,
    /// The citizen's locale tag.
    pub locale: String,
    /// Digits only.
    pub applicant_phone: Option<String>,
    /// As given.
    pub applicant_email: Option<String>,
    /// The id of the latest event: changes with every event.
    pub version: i64,
    /// Oldest first.
    pub events: Vec<StoredEvent>,
    /// Once given.
    pub rating: Option<Rating>,
    /// Enabled accounts that may take the case: officers of its category (for a request),
    /// then supervisors, as (name, display name).
    pub assignable: Vec<(String, String)>,
    /// Who filed it on the applicant's behalf.
    pub agent: Option<Agent>,
    /// For an assistance case: the active helpers.
    pub helpers: Vec<Helper>,
    /// The rework a bad rating opened.
    pub rework: Option<super::StoredRework>,
    /// A supervisor's ruling on the rating.
    pub ruling: Option<super::StoredRuling>,
    /// How the citizen chose to be told of changes.
    pub notify: Option<NotifyChannel>,
    /// The notifications, oldest first.
    pub messages: Vec<banshi_contract::OutboundMessage>,
}

/// One event of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    /// What happened.
    pub kind: CaseEventKind,
    /// The status after it.
    pub status: TicketStatus,
    /// RFC 3339.
    pub at: String,
    /// Display name of the staff member who acted.
    pub author: Option<String>,
    /// The note.
    pub note: Option<String>,
    /// What the citizen was asked for.
    pub missing: Vec<String>,
    /// For an assignment: the new assignee's account name.
    pub assignee: Option<String>,
    /// For a citizen's reply: the answers to `missing`.
    pub replies: Vec<String>,
    /// For confirmed help: who, and when.
    pub help: Option<ConfirmedHelp>,
}

/// Who acts on a case, and on what condition.
#[derive(Debug, Clone, Default)]
pub struct CaseGuard {
    /// An officer's categories; a case outside them, or one that is not a request, is
    /// `NotFound`. `None` for supervisors.
    pub scope: Option<Vec<String>>,
    /// The version the change was made against; another is `CaseChanged`.
    pub version: Option<i64>,
}

/// A change to a case.
#[derive(Debug, Clone)]
pub enum CaseChange {
    /// A status move with a note for the citizen and, for `needs_info`, what is missing.
    Status {
        status: TicketStatus,
        note: Option<String>,
        missing: Vec<String>,
    },
    /// A note; `public` ones the citizen sees.
    Note { text: String, public: bool },
    /// Assignment to an account (one of the case's assignable ones), or none.
    Assign { assignee: Option<String> },
    /// A new access code, by its digest.
    AccessCode { access_hash: String },
    /// Help confirmed for an assistance case: an active helper, a local time, a note.
    Help {
        helper: i64,
        at: String,
        note: Option<String>,
    },
    /// A step of the rework after a bad rating.
    Rework {
        action: ReworkAction,
        note: Option<String>,
        satisfaction: Option<u8>,
    },
    /// A supervisor's ruling on a bad rating (scores at or below `unsatisfactory_at_most`).
    Ruling {
        ruling: RulingKind,
        reason: String,
        unsatisfactory_at_most: u8,
    },
}

fn kind_name(kind: CaseEventKind) -> &'static str {
    match kind {
        CaseEventKind::Status | CaseEventKind::Unknown => "status",
        CaseEventKind::PublicNote => "public_note",
        CaseEventKind::InternalNote => "internal_note",
        CaseEventKind::Assigned => "assigned",
        CaseEventKind::AccessCodeReissued => "access_code_reissued",
        CaseEventKind::CitizenReply => "citizen_reply",
        CaseEventKind::SendBack => "send_back",
        CaseEventKind::HelpConfirmed => "help_confirmed",
        CaseEventKind::Rated => "rated",
        CaseEventKind::Rework => "rework",
        CaseEventKind::RatingRuled => "rating_ruled",
    }
}

fn kind_from(name: &str) -> CaseEventKind {
    match name {
        "status" => CaseEventKind::Status,
        "public_note" => CaseEventKind::PublicNote,
        "internal_note" => CaseEventKind::InternalNote,
        "assigned" => CaseEventKind::Assigned,
        "access_code_reissued" => CaseEventKind::AccessCodeReissued,
        "citizen_reply" => CaseEventKind::CitizenReply,
        "send_back" => CaseEventKind::SendBack,
        "help_confirmed" => CaseEventKind::HelpConfirmed,
        "rated" => CaseEventKind::Rated,
        "rework" => CaseEventKind::Rework,
        "rating_ruled" => CaseEventKind::RatingRuled,
        _ => CaseEventKind::Unknown,
    }
}

/// A case a change is made to: its row id, status and kind.
struct OpenCase {
    id: i64,
    status: TicketStatus,
    kind: ServiceKind,
}

/// `ticket`, if `guard` lets its holder act on it.
fn open_case(conn: &Connection, ticket: &str, guard: &CaseGuard) -> StoreResult<OpenCase> {
    let id = find_id(conn, ticket)?;
    let (status, category, version, kind): (String, String, i64, String) = conn.query_row(
        "SELECT status, category, activity, kind FROM tickets WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let kind = kind_from_name(&kind);
    if guard
        .scope
        .as_ref()
        .is_some_and(|categories| !categories.contains(&category) || kind != ServiceKind::Request)
    {
        return Err(StoreError::NotFound);
    }
    if guard.version.is_some_and(|v| v != version) {
        return Err(StoreError::CaseChanged);
    }
    Ok(OpenCase {
        id,
        status: status_from(status)?,
        kind,
    })
}

/// Enabled accounts that may handle case `id`: for a request, officers of its category, then
/// supervisors; for anything else, supervisors only.
fn assignable(conn: &Connection, id: i64) -> StoreResult<Vec<(String, String)>> {
    let mut statement = conn.prepare_cached(
        "SELECT a.name, a.display_name FROM staff_accounts a, tickets t
         WHERE t.id = ?1 AND a.disabled = 0
           AND (a.role = 'supervisor' OR (a.role = 'officer' AND t.kind = 'request'
               AND EXISTS (SELECT 1 FROM json_each(a.categories) WHERE value = t.category)))
         ORDER BY a.role = 'supervisor', a.display_name, a.name",
    )?;
    let rows = statement
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Adds an event that does not change the status and makes it the latest activity; a public
/// one is also a change the citizen sees.
#[allow(clippy::too_many_arguments)]
fn record_event(
    conn: &Connection,
    id: i64,
    status: TicketStatus,
    kind: CaseEventKind,
    note: Option<&str>,
    author: Option<i64>,
    assignee: Option<i64>,
    now: &str,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO ticket_events (ticket_id, status, note, at, author_id, kind, assignee_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id,
            status.as_str(),
            note,
            now,
            author,
            kind_name(kind),
            assignee
        ],
    )?;
    let citizen_sees = matches!(
        kind,
        CaseEventKind::PublicNote
            | CaseEventKind::AccessCodeReissued
            | CaseEventKind::HelpConfirmed
    );
    conn.execute(
        "UPDATE tickets SET activity = ?2,
                            version = version + ?3,
                            updated_at = CASE WHEN ?3 THEN ?4 ELSE updated_at END
         WHERE id = ?1",
        params![id, conn.last_insert_rowid(), i64::from(citizen_sees), now],
    )?;
    Ok(())
}

fn load_case(conn: &Connection, id: i64) -> StoreResult<StoredCase> {
    let (
        (summary, status, answers_json, locale),
        (applicant_phone, applicant_email, version, agent, notify),
    ) = conn.query_row(
        "SELECT t.ticket, t.service_code, t.category, t.status, t.submitted_at, t.updated_at,
                    t.expected_at, t.finished_at, t.answers, t.locale, t.applicant_name,
                    t.applicant_phone, t.applicant_email, a.name, t.citizen_replied, t.activity,
                    t.kind, t.agent, t.notify
             FROM tickets t LEFT JOIN staff_accounts a ON a.id = t.assignee_id
             WHERE t.id = ?1",
        [id],
        |r| {
            Ok((
                (
                    InboxRow {
                        ticket: r.get(0)?,
                        service_code: r.get(1)?,
                        category: r.get(2)?,
                        status: TicketStatus::Received,
                        submitted_at: r.get(4)?,
                        updated_at: r.get(5)?,
                        expected_at: r.get(6)?,
                        finished_at: r.get(7)?,
                        applicant_name: r.get(10)?,
                        assignee: r.get(13)?,
                        citizen_replied: r.get(14)?,
                        kind: kind_from_name(&r.get::<_, String>(16)?),
                        by_agent: false,
                        position: InboxPosition::Activity(0),
                    },
                    r.get::<_, String>(3)?,
                    r.get(8)?,
                    r.get(9)?,
                ),
                (
                    r.get(11)?,
                    r.get(12)?,
                    r.get::<_, i64>(15)?,
                    r.get::<_, Option<String>>(17)?,
                    r.get::<_, Option<String>>(18)?,
                ),
            ))
        },
    )?;
    let mut case = StoredCase {
        summary: InboxRow {
            status: status_from(status)?,
            position: InboxPosition::Activity(version),
            by_agent: agent.is_some(),
            ..summary
        },
        answers_json,
        locale,
        applicant_phone,
        applicant_email,
        version,
        events: Vec::new(),
        rating: None,
        assignable: Vec::new(),
        agent: agent
            .map(|json| serde_json::from_str(&json))
            .transpose()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        helpers: Vec::new(),
        rework: super::followup::load(conn, id)?,
        ruling: super::followup::load_ruling(conn, id)?,
        notify: notify.as_deref().and_then(NotifyChannel::from_name),
        messages: super::outbox::of_ticket(conn, id)?,
    };
    let mut statement = conn.prepare_cached(
        "SELECT e.kind, e.status, e.at, author.display_name, e.note, e.missing, assignee.name,
                e.replies, helper.name, e.help_at
         FROM ticket_events e
         LEFT JOIN staff_accounts author ON author.id = e.author_id
         LEFT JOIN staff_accounts assignee ON assignee.id = e.assignee_id
         LEFT JOIN helpers helper ON helper.id = e.helper_id
         WHERE e.ticket_id = ?1 ORDER BY e.id",
    )?;
    case.events = statement
        .query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<String>>(9)?,
            ))
        })?
        .map(|row| {
            let (kind, status, at, author, note, missing, assignee, replies, helper, help_at) =
                row?;
            Ok(StoredEvent {
                kind: kind_from(&kind),
                status: status_from(status)?,
                at,
                author,
                note,
                missing: list_from(missing)?,
                assignee,
                replies: list_from(replies)?,
                help: helper
                    .zip(help_at)
                    .map(|(helper, at)| ConfirmedHelp { helper, at }),
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    case.rating = load_rating(conn, id)?;
    case.assignable = assignable(conn, id)?;
    if case.summary.kind == ServiceKind::Assistance {
        case.helpers = super::helpers::all(conn)?
            .into_iter()
            .filter(|h| h.active)
            .collect();
    }
    Ok(case)
}

/// Makes `change` to `case` by the account `author`.
fn apply(
    conn: &Connection,
    case: &OpenCase,
    change: &CaseChange,
    author: Option<i64>,
    now: &str,
) -> StoreResult<()> {
    let (id, current) = (case.id, case.status);
    match change {
        CaseChange::Status {
            status,
            note,
            missing,
        } => {
            if !current.can_move_to(*status) {
                return Err(StoreError::TransitionNotAllowed);
            }
            record_status(conn, id, *status, note.as_deref(), missing, author, now)?;
            let kind = if *status == TicketStatus::NeedsInfo {
                MessageKind::NeedsInfo
            } else {
                MessageKind::Status
            };
            let facts = super::MessageFacts {
                status: status.as_str().to_owned(),
                note: note.clone(),
                missing: missing.clone(),
                hall: None,
            };
            super::outbox::enqueue(conn, id, kind, &facts, now)
        }
        CaseChange::Rework {
            action,
            note,
            satisfaction,
        } => super::followup::step(
            conn,
            id,
            *action,
            note.as_deref(),
            *satisfaction,
            author,
            now,
        ),
        CaseChange::Ruling {
            ruling,
            reason,
            unsatisfactory_at_most,
        } => super::followup::rule(
            conn,
            id,
            *ruling,
            reason,
            author,
            *unsatisfactory_at_most,
            now,
        ),
        CaseChange::Note { text, public } => {
            let kind = if *public {
                CaseEventKind::PublicNote
            } else {
                CaseEventKind::InternalNote
            };
            record_event(conn, id, current, kind, Some(text), author, None, now)
        }
        CaseChange::Assign { assignee } => {
            let assignee_id = match assignee {
                None => None,
                Some(name) => {
                    if !assignable(conn, id)?.iter().any(|(n, _)| n == name) {
                        return Err(StoreError::NotAssignable);
                    }
                    super::staff::account_id(conn, Some(name))?
                }
            };
            conn.execute(
                "UPDATE tickets SET assignee_id = ?2 WHERE id = ?1",
                params![id, assignee_id],
            )?;
            record_event(
                conn,
                id,
                current,
                CaseEventKind::Assigned,
                None,
                author,
                assignee_id,
                now,
            )
        }
        CaseChange::AccessCode { access_hash } => {
            conn.execute(
                "UPDATE tickets SET access_hash = ?2 WHERE id = ?1",
                params![id, access_hash],
            )?;
            record_event(
                conn,
                id,
                current,
                CaseEventKind::AccessCodeReissued,
                None,
                author,
                None,
                now,
            )
        }
        CaseChange::Help { helper, at, note } => {
            if case.kind != ServiceKind::Assistance
                || current.open311() == banshi_contract::Open311Status::Closed
            {
                return Err(StoreError::HelpNotAllowed);
            }
            let active: Option<bool> = conn
                .query_row("SELECT active FROM helpers WHERE id = ?1", [helper], |r| {
                    r.get(0)
                })
                .optional()?;
            if active != Some(true) {
                return Err(StoreError::NotAssignable);
            }
            record_event(
                conn,
                id,
                current,
                CaseEventKind::HelpConfirmed,
                note.as_deref(),
                author,
                None,
                now,
            )?;
            conn.execute(
                "UPDATE ticket_events SET helper_id = ?2, help_at = ?3 WHERE id = ?1",
                params![conn.last_insert_rowid(), helper, at],
            )?;
            Ok(())
        }
    }
}

impl Store {
    /// The case `ticket`, if `scope` (an officer's categories) lets its holder see it.
    pub async fn case(
        &self,
        ticket: String,
        scope: Option<Vec<String>>,
    ) -> StoreResult<StoredCase> {
        self.read_staff(move |conn| {
            let guard = CaseGuard {
                scope,
                version: None,
            };
            load_case(conn, open_case(conn, &ticket, &guard)?.id)
        })
        .await
    }

    /// Makes `change` to `ticket` under `guard`, audited by `audit` in the same transaction,
    /// and tells the ticket's watchers.
    pub async fn change_case(
        &self,
        ticket: String,
        change: CaseChange,
        guard: CaseGuard,
        audit: AuditRecord,
    ) -> StoreResult<StoredCase> {
        let number = ticket.clone();
        let changed = self
            .write(move |conn| {
                let case = open_case(conn, &ticket, &guard)?;
                let author = super::staff::account_id(conn, audit.actor.as_deref())?;
                apply(conn, &case, &change, author, &audit.at)?;
                super::staff::append_audit(conn, &audit)?;
                load_case(conn, case.id)
            })
            .await?;
        self.changed(&number);
        Ok(changed)
    }

    /// Forgets every ticket, its events and rating, the idempotency records and the queue
    /// numbers (demo mode): the reference numbers already issued are not issued again.
    pub async fn forget_tickets(&self, audit: AuditRecord) -> StoreResult<()> {
        self.write(move |conn| {
            conn.execute_batch(
                "DELETE FROM outbox; DELETE FROM rework;
                 DELETE FROM ratings; DELETE FROM ticket_events; DELETE FROM tickets;
                 DELETE FROM idempotency; DELETE FROM queue_numbers;",
            )?;
            super::staff::append_audit(conn, &audit)?;
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kinds_round_trip_through_their_stored_names() {
        for kind in [
            CaseEventKind::Status,
            CaseEventKind::PublicNote,
            CaseEventKind::InternalNote,
            CaseEventKind::Assigned,
            CaseEventKind::AccessCodeReissued,
            CaseEventKind::CitizenReply,
            CaseEventKind::SendBack,
            CaseEventKind::HelpConfirmed,
        ] {
            assert_eq!(kind_from(kind_name(kind)), kind);
        }
    }
}
