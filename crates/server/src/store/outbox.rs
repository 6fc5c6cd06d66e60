//! The transactional outbox: a notification is queued in the same transaction as the change
//! it tells of, so a change is never committed without its message nor a message without its
//! change; the delivery worker (`crate::outbox`) reads what is due and records each attempt.

use banshi_contract::{DeliveryState, MessageKind, NotifyChannel, OutboundMessage};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, StoreResult};

/// What a message tells, as stored with it: the text is written from these at each attempt,
/// in the ticket's locale, so every attempt sends the same words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageFacts {
    /// The ticket's status after the change.
    pub status: String,
    /// The note to the citizen that came with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What the citizen was asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// For a message about a queue number or a booking: what it tells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hall: Option<HallFacts>,
}

/// What a message about a queue number or a booking is written from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallFacts {
    /// Hall id.
    pub hall: String,
    /// The queue number, e.g. `A018`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// People ahead of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ahead: Option<u32>,
    /// The window it is called to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<u32>,
    /// A phone code (removed from the stored facts once sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A booked slot's line, date (`YYYY-MM-DD`) and start (`HH:MM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<(String, String, String)>,
}

/// What a message about a queue number or a booking tells (the outbox's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HallMessage {
    /// The code that confirms a phone for a booking or an appeal.
    PhoneCode,
    /// Three (or fewer) are ahead of the number.
    QueueSoon,
    /// The number is called to a window.
    QueueCalled,
    /// Staff closed the booked slot; the booking is cancelled.
    SlotClosed,
}

impl HallMessage {
    /// The stored kind.
    pub fn name(self) -> &'static str {
        match self {
            HallMessage::PhoneCode => "phone_code",
            HallMessage::QueueSoon => "queue_soon",
            HallMessage::QueueCalled => "queue_called",
            HallMessage::SlotClosed => "slot_closed",
        }
    }

    /// The kind of a stored name, if it is one of these.
    pub fn from_name(name: &str) -> Option<HallMessage> {
        [
            HallMessage::PhoneCode,
            HallMessage::QueueSoon,
            HallMessage::QueueCalled,
            HallMessage::SlotClosed,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }
}

/// A message due for an attempt.
#[derive(Debug, Clone)]
pub struct QueuedMessage {
    /// Row id; the stable message id is derived from it and the ticket.
    pub id: i64,
    /// Reference number, or for a message without a ticket its subject (a queue number or a
    /// booking).
    pub ticket: String,
    /// The service applied for (empty without a ticket).
    pub service_code: String,
    /// How it is sent.
    pub channel: NotifyChannel,
    /// Address or digits.
    pub recipient: String,
    /// The citizen's locale tag.
    pub locale: String,
    /// What it tells.
    pub kind: MessageKind,
    /// What it tells, if it is about a queue number or a booking.
    pub hall_kind: Option<HallMessage>,
    /// The facts it is written from.
    pub facts: MessageFacts,
    /// Attempts made before this one.
    pub attempts: u32,
    /// RFC 3339 (with milliseconds or seconds): when it was queued.
    pub queued_at: String,
}

/// The stable id of message `id` of `ticket`: the same in every attempt.
pub fn message_id(id: i64, ticket: &str) -> String {
    format!("{ticket}.{id}")
}

fn kind_name(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Status | MessageKind::Unknown => "status",
        MessageKind::NeedsInfo => "needs_info",
        MessageKind::ReworkResult => "rework_result",
    }
}

fn kind_from(name: &str) -> MessageKind {
    match name {
        "status" => MessageKind::Status,
        "needs_info" => MessageKind::NeedsInfo,
        "rework_result" => MessageKind::ReworkResult,
        _ => MessageKind::Unknown,
    }
}

/// How a ticket's citizen chose to be told, and the contacts and language they filed with.
struct Choice {
    channel: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    locale: String,
}

/// Queues a message about ticket `id` if its citizen chose to be told, to the contact they
/// gave for the channel they chose; part of the caller's transaction.
pub(super) fn enqueue(
    conn: &Connection,
    id: i64,
    kind: MessageKind,
    facts: &MessageFacts,
    now: &str,
) -> StoreResult<()> {
    let chosen = conn
        .query_row(
            "SELECT notify, applicant_email, applicant_phone, locale FROM tickets WHERE id = ?1",
            [id],
            |r| {
                Ok(Choice {
                    channel: r.get(0)?,
                    email: r.get(1)?,
                    phone: r.get(2)?,
                    locale: r.get(3)?,
                })
            },
        )
        .optional()?;
    let Some(Choice {
        channel: Some(channel),
        email,
        phone,
        locale,
    }) = chosen
    else {
        return Ok(());
    };
    let recipient = match NotifyChannel::from_name(&channel) {
        Some(NotifyChannel::Email) => email,
        Some(NotifyChannel::Sms) => phone,
        _ => None,
    };
    let Some(recipient) = recipient else {
        return Ok(());
    };
    let facts = serde_json::to_string(facts).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.execute(
        "INSERT INTO outbox (ticket_id, channel, recipient, locale, kind, facts, queued_at, next_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![id, channel, recipient, locale, kind_name(kind), facts, now],
    )?;
    Ok(())
}

/// Queues an SMS about a queue number or a booking (`subject`) to `phone`, written in
/// `locale`; part of the caller's transaction.
pub(super) fn enqueue_sms(
    conn: &Connection,
    subject: &str,
    phone: &str,
    locale: &str,
    kind: HallMessage,
    facts: HallFacts,
    now: &str,
) -> StoreResult<()> {
    let facts = MessageFacts {
        hall: Some(facts),
        ..MessageFacts::default()
    };
    let facts = serde_json::to_string(&facts).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.execute(
        "INSERT INTO outbox (subject, channel, recipient, locale, kind, facts, queued_at, next_at)
         VALUES (?1, 'sms', ?2, ?3, ?4, ?5, ?6, ?6)",
        params![subject, phone, locale, kind.name(), facts, now],
    )?;
    Ok(())
}

/// The messages of ticket `id`, oldest first.
pub(super) fn of_ticket(conn: &Connection, id: i64) -> StoreResult<Vec<OutboundMessage>> {
    let mut statement = conn.prepare_cached(
        "SELECT o.id, t.ticket, o.channel, o.recipient, o.kind, o.attempts, o.queued_at,
                o.sent_at, o.next_at, o.last_error
         FROM outbox o JOIN tickets t ON t.id = o.ticket_id
         WHERE o.ticket_id = ?1 ORDER BY o.id",
    )?;
    let rows = statement
        .query_map([id], |r| {
            let sent_at: Option<String> = r.get(7)?;
            Ok(OutboundMessage {
                id: message_id(r.get(0)?, &r.get::<_, String>(1)?),
                channel: NotifyChannel::from_name(&r.get::<_, String>(2)?)
                    .unwrap_or(NotifyChannel::Unknown),
                to: r.get(3)?,
                kind: kind_from(&r.get::<_, String>(4)?),
                state: match (&sent_at, r.get::<_, Option<String>>(8)?) {
                    (Some(_), _) => DeliveryState::Sent,
                    (None, None) => DeliveryState::Failed,
                    (None, Some(_)) => DeliveryState::Pending,
                },
                attempts: r.get(5)?,
                queued_at: r.get(6)?,
                next_attempt_at: r.get(8)?,
                sent_at,
                last_error: r.get(9)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

impl Store {
    /// At most `limit` unsent messages whose next attempt is due at `now`, longest waiting
    /// first.
    pub async fn due_messages(&self, now: String, limit: u32) -> StoreResult<Vec<QueuedMessage>> {
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT o.id, coalesce(t.ticket, o.subject), coalesce(t.service_code, ''),
                        o.channel, o.recipient, o.locale, o.kind, o.facts, o.attempts, o.queued_at
                 FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id
                 WHERE o.sent_at IS NULL AND o.next_at <= ?1
                 ORDER BY o.next_at, o.id LIMIT ?2",
            )?;
            let rows = statement
                .query_map(params![now, limit], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, u32>(8)?,
                        r.get::<_, String>(9)?,
                    ))
                })?
                .map(|row| {
                    let (
                        id,
                        ticket,
                        service_code,
                        channel,
                        recipient,
                        locale,
                        kind,
                        facts,
                        n,
                        queued_at,
                    ) = row?;
                    Ok(QueuedMessage {
                        id,
                        ticket,
                        service_code,
                        channel: NotifyChannel::from_name(&channel)
                            .unwrap_or(NotifyChannel::Unknown),
                        recipient,
                        locale,
                        kind: kind_from(&kind),
                        hall_kind: HallMessage::from_name(&kind),
                        facts: serde_json::from_str(&facts)
                            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                        attempts: n,
                        queued_at,
                    })
                })
                .collect::<StoreResult<Vec<_>>>()?;
            Ok(rows)
        })
        .await
    }

    /// The earliest next attempt of any unsent message, if there is one.
    pub async fn next_message_due(&self) -> StoreResult<Option<String>> {
        self.read(|conn| {
            Ok(conn.query_row(
                "SELECT min(next_at) FROM outbox WHERE sent_at IS NULL",
                [],
                |r| r.get(0),
            )?)
        })
        .await
    }

    /// Claims message `id` for one attempt: if it is still unsent and due at `now`, its next
    /// attempt moves to `lease_until`, so no other round (nor, after a crash, the restarted
    /// server before then) attempts it meanwhile. Whether the claim succeeded.
    pub async fn claim_message(
        &self,
        id: i64,
        now: String,
        lease_until: String,
    ) -> StoreResult<bool> {
        self.write(move |conn| {
            Ok(conn.execute(
                "UPDATE outbox SET next_at = ?3
                 WHERE id = ?1 AND sent_at IS NULL AND next_at <= ?2",
                params![id, now, lease_until],
            )? == 1)
        })
        .await
    }

    /// Records that message `id` was delivered at `now`.
    pub async fn message_sent(&self, id: i64, now: String) -> StoreResult<()> {
        let ticket = self
            .write(move |conn| {
                conn.execute(
                    "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, next_at = NULL,
                                       last_error = NULL,
                                       facts = json_remove(facts, '$.hall.code')
                     WHERE id = ?1",
                    params![id, now],
                )?;
                ticket_of(conn, id)
            })
            .await?;
        self.changed(&ticket);
        Ok(())
    }

    /// Records a failed attempt at message `id`, and when to try again (`None`: never, the
    /// failure is permanent).
    pub async fn message_failed(
        &self,
        id: i64,
        error: String,
        next_at: Option<String>,
    ) -> StoreResult<()> {
        let ticket = self
            .write(move |conn| {
                // A message refused for good keeps no phone code.
                conn.execute(
                    "UPDATE outbox SET attempts = attempts + 1, next_at = ?2, last_error = ?3,
                                       facts = CASE WHEN ?2 IS NULL
                                                    THEN json_remove(facts, '$.hall.code')
                                                    ELSE facts END
                     WHERE id = ?1",
                    params![id, next_at, error],
                )?;
                ticket_of(conn, id)
            })
            .await?;
        self.changed(&ticket);
        Ok(())
    }
}

/// The reference number of message `id`'s ticket (or its subject, without a ticket).
fn ticket_of(conn: &Connection, id: i64) -> StoreResult<String> {
    Ok(conn.query_row(
        "SELECT coalesce(t.ticket, o.subject) FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id
         WHERE o.id = ?1",
        [id],
        |r| r.get(0),
    )?)
}
