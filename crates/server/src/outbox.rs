//! Delivers the outbox: a background task that sends each due notification by e-mail (SMTP,
//! with lettre) or SMS (a POST of JSON to the gateway's webhook), every attempt bounded by a
//! timeout and run beside the others, so one hanging receiver delays only its own messages.
//! A failed attempt is tried again after a wait that doubles up to a ceiling; a crash between
//! sending and recording repeats the message with the same id, which receivers can drop.

use std::sync::Arc;
use std::time::Duration;

use banshi_contract::{Locale, NotifyChannel, TicketStatus};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::NotifyConfig;
use crate::messages::{self, NotificationFacts};
use crate::store::{QueuedMessage, Store, message_id};
use crate::{AppState, clock};

/// Messages attempted in one round.
const BATCH: u32 = 32;
/// Longest sleep between rounds when nothing wakes the worker.
const IDLE_WAKE: Duration = Duration::from_secs(5);

/// The wait before the next attempt after `failures` failed ones: `base`, doubled for each
/// further failure, never more than `max`, and spread by up to a tenth (by message `id`) so
/// that messages failed together are not retried together.
pub fn backoff(failures: u32, base: Duration, max: Duration, id: i64) -> Duration {
    let doubled = base.saturating_mul(1 << failures.saturating_sub(1).min(20));
    let wait = doubled.min(max);
    let spread = u32::try_from(id.rem_euclid(10)).unwrap_or(0);
    (wait + wait * spread / 100).min(max)
}

/// Why an attempt failed.
#[derive(Debug)]
pub enum SendError {
    /// Worth trying again later (timeout, refused connection, 4xx from SMTP, 5xx from a
    /// webhook).
    Transient(String),
    /// Will never succeed (an address the mail server rejects, a webhook's 4xx).
    Permanent(String),
}

/// The channels as configured.
pub struct Channels {
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Option<Mailbox>,
    webhook: Option<String>,
    http: ureq::Agent,
    config: NotifyConfig,
    track_url: String,
    /// Told when an attempt ends.
    done: tokio::sync::broadcast::Sender<()>,
}

impl std::fmt::Debug for Channels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Channels")
            .field("smtp", &self.smtp.is_some())
            .field("webhook", &self.webhook)
            .finish_non_exhaustive()
    }
}

impl Channels {
    /// The channels of `config`, linking to `/track` at the configured public address or
    /// else at `listening`; an SMTP address or sender that does not parse is an error.
    pub fn new(config: &NotifyConfig, listening: std::net::SocketAddr) -> Result<Channels, String> {
        let smtp = config
            .smtp_url
            .as_deref()
            .map(|url| {
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map(|builder| builder.timeout(Some(config.attempt_timeout)).build())
                    .map_err(|e| format!("--smtp-url: {e}"))
            })
            .transpose()?;
        let from = smtp
            .as_ref()
            .map(|_| {
                config
                    .mail_from
                    .parse::<Mailbox>()
                    .map_err(|e| format!("--mail-from: {e}"))
            })
            .transpose()?;
        let http = ureq::Agent::config_builder()
            .timeout_global(Some(config.attempt_timeout))
            .http_status_as_error(false)
            .build()
            .into();
        Ok(Channels {
            smtp,
            from,
            webhook: config.sms_webhook.clone(),
            http,
            config: config.clone(),
            track_url: format!(
                "{}/track",
                config
                    .public_url
                    .clone()
                    .unwrap_or_else(|| format!("http://{listening}"))
            ),
            done: tokio::sync::broadcast::channel(16).0,
        })
    }

    /// One attempt at `message`, written with `facts`.
    async fn send(
        &self,
        message: &QueuedMessage,
        facts: &NotificationFacts<'_>,
        locale: Locale,
    ) -> Result<(), SendError> {
        let id = message_id(message.id, &message.ticket);
        match message.channel {
            NotifyChannel::Email => self.email(message, &id, facts, locale).await,
            NotifyChannel::Sms => {
                let text = messages::notification_sms(facts, locale);
                self.sms(message, &id, text).await
            }
            NotifyChannel::Unknown => Err(SendError::Permanent("unknown channel".into())),
        }
    }

    async fn email(
        &self,
        message: &QueuedMessage,
        id: &str,
        facts: &NotificationFacts<'_>,
        locale: Locale,
    ) -> Result<(), SendError> {
        let (Some(smtp), Some(from)) = (&self.smtp, &self.from) else {
            return Err(SendError::Transient("no mail server configured".into()));
        };
        let to = message
            .recipient
            .parse::<Mailbox>()
            .map_err(|e| SendError::Permanent(format!("address: {e}")))?;
        let written = messages::notification_email(facts, locale);
        let domain = from.email.domain().to_owned();
        let email = Message::builder()
            .message_id(Some(format!("<{id}@{domain}>")))
            .from(from.clone())
            .to(to)
            .subject(written.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(written.body)
            .map_err(|e| SendError::Permanent(format!("message: {e}")))?;
        smtp.send(email).await.map(|_| ()).map_err(|e| {
            if e.is_permanent() {
                SendError::Permanent(e.to_string())
            } else {
                SendError::Transient(e.to_string())
            }
        })
    }

    async fn sms(&self, message: &QueuedMessage, id: &str, text: String) -> Result<(), SendError> {
        let Some(url) = self.webhook.clone() else {
            return Err(SendError::Transient("no SMS gateway configured".into()));
        };
        let body = serde_json::json!({
            "id": id,
            "to": message.recipient,
            "text": text,
            "locale": message.locale,
            "ticket": message.ticket,
        })
        .to_string();
        let (http, id) = (self.http.clone(), id.to_owned());
        let answer = tokio::task::spawn_blocking(move || {
            http.post(&url)
                .header("Idempotency-Key", &id)
                .content_type("application/json")
                .send(body)
                .map(|response| response.status().as_u16())
        })
        .await
        .map_err(|e| SendError::Transient(e.to_string()))?;
        match answer {
            Ok(200..=299) => Ok(()),
            Ok(status @ (408 | 429 | 500..)) => Err(SendError::Transient(format!("HTTP {status}"))),
            Ok(status) => Err(SendError::Permanent(format!("HTTP {status}"))),
            Err(e) => Err(SendError::Transient(e.to_string())),
        }
    }
}

/// Starts an attempt at every due message, each claimed first (so a message is never
/// attempted twice at once) and none waited for (so a slow receiver holds up nothing but its
/// own message); returns how many were started.
async fn start_due(state: &AppState, channels: &Arc<Channels>) -> usize {
    let now = clock::now();
    let due = match state
        .store
        .due_messages(clock::rfc3339_millis(now), BATCH)
        .await
    {
        Ok(due) => due,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the outbox");
            return 0;
        }
    };
    // An attempt ends by its timeout; the lease outlasts it.
    let lease = channels.config.attempt_timeout * 2 + Duration::from_secs(1);
    let lease_until = now + chrono::Duration::from_std(lease).unwrap_or_default();
    let mut started = 0;
    for message in due {
        let claimed = state
            .store
            .claim_message(
                message.id,
                clock::rfc3339_millis(now),
                clock::rfc3339_millis(lease_until),
            )
            .await;
        if !claimed.unwrap_or(false) {
            continue;
        }
        started += 1;
        let (state, channels) = (state.clone(), channels.clone());
        tokio::spawn(async move {
            attempt(&state, &channels, message).await;
            // Wake the loop: this message may be due again soon, or others may wait.
            let _ = channels.done.send(());
        });
    }
    started
}

/// One attempt at `message`, recorded; whether it was sent.
async fn attempt(state: &AppState, channels: &Channels, message: QueuedMessage) -> bool {
    let store: &Store = &state.store;
    let locale = Locale::from_tag(&message.locale).unwrap_or_default();
    let service = state.catalogue.service(&message.service_code).map_or_else(
        || message.service_code.clone(),
        |s| s.service_name.get(locale).to_owned(),
    );
    let facts = NotificationFacts {
        ticket: &message.ticket,
        service: &service,
        kind: message.kind,
        status: TicketStatus::parse(&message.facts.status).unwrap_or(TicketStatus::InProgress),
        note: message.facts.note.as_deref(),
        missing: &message.facts.missing,
        track_url: &channels.track_url,
    };
    let timeout = channels.config.attempt_timeout;
    // A phone code that could not go out while it worked is not sent late.
    let code_expired = message.hall_kind == Some(crate::store::HallMessage::PhoneCode)
        && chrono::DateTime::parse_from_rfc3339(&message.queued_at).is_ok_and(|queued| {
            clock::now() - queued > chrono::Duration::minutes(crate::store::CODE_MINUTES)
        });
    let sending = async {
        match (message.hall_kind, &message.facts.hall) {
            _ if code_expired => Err(SendError::Permanent("the code has expired".into())),
            (Some(kind), Some(hall_facts)) => {
                let text = hall_text(state, kind, hall_facts, locale);
                let id = message_id(message.id, &message.ticket);
                channels.sms(&message, &id, text).await
            }
            _ => channels.send(&message, &facts, locale).await,
        }
    };
    let outcome = tokio::time::timeout(timeout, sending)
        .await
        .unwrap_or_else(|_| Err(SendError::Transient(format!("no answer in {timeout:?}"))));
    let delivered = outcome.is_ok();
    let recorded = match outcome {
        Ok(()) => {
            tracing::info!(ticket = %message.ticket, id = message.id, channel = ?message.channel, "notification sent");
            store
                .message_sent(message.id, clock::rfc3339(clock::now()))
                .await
        }
        Err(SendError::Transient(error)) => {
            let wait = backoff(
                message.attempts + 1,
                channels.config.retry_base,
                channels.config.retry_max,
                message.id,
            );
            tracing::warn!(ticket = %message.ticket, id = message.id, %error, ?wait, "notification failed; will retry");
            let next = clock::now() + chrono::Duration::from_std(wait).unwrap_or_default();
            store
                .message_failed(message.id, error, Some(clock::rfc3339_millis(next)))
                .await
        }
        Err(SendError::Permanent(error)) => {
            tracing::warn!(ticket = %message.ticket, id = message.id, %error, "notification refused for good");
            store.message_failed(message.id, error, None).await
        }
    };
    if let Err(e) = &recorded {
        tracing::error!(error = %e, "cannot record a notification attempt");
    }
    delivered && recorded.is_ok()
}

/// The text of a message about a queue number or a booking, with its hall's and line's
/// names in `locale`.
fn hall_text(
    state: &AppState,
    kind: crate::store::HallMessage,
    facts: &crate::store::HallFacts,
    locale: Locale,
) -> String {
    let hall = state.halls.iter().find(|h| h.id == facts.hall);
    let line = facts
        .slot
        .as_ref()
        .and_then(|(line, _, _)| hall.and_then(|h| h.lines.iter().find(|l| &l.code == line)));
    messages::hall_sms(
        kind,
        facts,
        hall.map_or(facts.hall.as_str(), |h| h.name.get(locale)),
        line.map_or("", |l| l.name.get(locale)),
        locale,
    )
}

/// Runs the outbox until the process ends: a round whenever a ticket changes (a change may
/// have queued a message), when the next retry is due, and at least every few seconds.
pub async fn run(state: AppState, channels: Channels) {
    let channels = Arc::new(channels);
    let mut changes = state.store.subscribe();
    let mut done = channels.done.subscribe();
    loop {
        start_due(&state, &channels).await;
        let wait = match state.store.next_message_due().await {
            Ok(Some(next)) => chrono::DateTime::parse_from_rfc3339(&next)
                .ok()
                .and_then(|next| (next - clock::now()).to_std().ok())
                .unwrap_or(Duration::ZERO)
                .min(IDLE_WAKE),
            _ => IDLE_WAKE,
        };
        tokio::select! {
            _ = changes.recv() => {}
            _ = done.recv() => {}
            () = tokio::time::sleep(wait.max(Duration::from_millis(20))) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_the_base_up_to_the_ceiling() {
        let (base, max) = (Duration::from_secs(30), Duration::from_secs(3600));
        let waits: Vec<u64> = (1..=9)
            .map(|failures| backoff(failures, base, max, 10).as_secs())
            .collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        // A thousandth failure neither overflows nor passes the ceiling.
        assert_eq!(backoff(1000, base, max, 10), max);
    }

    #[test]
    fn messages_failed_together_are_spread_apart() {
        let (base, max) = (Duration::from_secs(100), Duration::from_secs(3600));
        let waits: std::collections::BTreeSet<u64> = (0..10)
            .map(|id| backoff(1, base, max, id).as_secs())
            .collect();
        assert_eq!(waits.len(), 10, "one wait per id: {waits:?}");
        assert!(waits.iter().all(|w| (100..=109).contains(w)));
    }
}
