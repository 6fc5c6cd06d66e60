//! Closing the loop after a result: rework after a bad rating (差评整改: 核实 → 整改 → 回访),
//! the supervisors' ledger of bad ratings with their rulings (申诉复核), and the
//! notifications a citizen chooses to get and staff see delivered.

use serde::{Deserialize, Serialize};

use crate::{FieldErrorCode, RatingSubmission};

/// How a citizen wants to be told of changes to their ticket, part of
/// [`crate::RequestSubmission`]. The channel's contact field (`email` or `phone`) must be
/// answered; no choice means "not at all".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotifyChannel {
    /// E-mail to the form's `email` contact field.
    Email,
    /// A text message to the form's `phone` contact field.
    Sms,
    /// A channel this client does not know yet.
    #[serde(other)]
    Unknown,
}

impl NotifyChannel {
    /// The channels this contract version defines.
    pub const ALL: [NotifyChannel; 2] = [NotifyChannel::Email, NotifyChannel::Sms];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            NotifyChannel::Email => "email",
            NotifyChannel::Sms => "sms",
            NotifyChannel::Unknown => "unknown",
        }
    }

    /// The channel of a wire name.
    pub fn from_name(name: &str) -> Option<NotifyChannel> {
        NotifyChannel::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The problem with choosing this channel for `answers` to `fields`: the form must have
    /// the channel's contact field (`not_an_option` otherwise) and it must be answered
    /// (`required`).
    pub fn problem(
        self,
        fields: &[crate::Field],
        answers: &std::collections::BTreeMap<String, crate::Answer>,
    ) -> Option<FieldErrorCode> {
        let Some(role) = self.contact() else {
            return Some(FieldErrorCode::NotAnOption);
        };
        let Some(field) = fields.iter().find(|f| f.contact == Some(role)) else {
            return Some(FieldErrorCode::NotAnOption);
        };
        match answers.get(&field.code) {
            Some(crate::Answer::Text(text)) if !text.trim().is_empty() => None,
            _ => Some(FieldErrorCode::Required),
        }
    }

    /// The contact role whose answer the channel sends to.
    pub fn contact(self) -> Option<crate::ContactRole> {
        match self {
            NotifyChannel::Email => Some(crate::ContactRole::Email),
            NotifyChannel::Sms => Some(crate::ContactRole::Phone),
            NotifyChannel::Unknown => None,
        }
    }
}

/// Where a rework task stands. Unknown stages from newer backends read as `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReworkStage {
    /// 核实: the officer is checking what went wrong.
    Verifying,
    /// 整改: verified; the officer is putting it right.
    Fixing,
    /// 回访: the result is written; waiting for the citizen's satisfaction with it.
    CallBack,
    /// Done: the call-back recorded a score, or a supervisor ruled the rating out.
    Closed,
    /// A stage this client does not know yet.
    #[serde(other)]
    Unknown,
}

impl ReworkStage {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReworkStage::Verifying => "verifying",
            ReworkStage::Fixing => "fixing",
            ReworkStage::CallBack => "call_back",
            ReworkStage::Closed => "closed",
            ReworkStage::Unknown => "unknown",
        }
    }

    /// The stage of a wire name.
    pub fn from_name(name: &str) -> Option<ReworkStage> {
        [
            ReworkStage::Verifying,
            ReworkStage::Fixing,
            ReworkStage::CallBack,
            ReworkStage::Closed,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }

    /// Whether the officer still has work to do on it.
    pub fn is_open(self) -> bool {
        matches!(self, ReworkStage::Verifying | ReworkStage::Fixing)
    }
}

/// `Ticket.rework`: what the citizen sees of the rework their bad rating opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenRework {
    /// Where it stands.
    pub stage: ReworkStage,
    /// RFC 3339: by when the result is promised.
    pub due_at: String,
    /// The officer's written result, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// RFC 3339: when the result was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_at: Option<String>,
    /// The citizen's satisfaction with the rework (回访满意度), 1 to 5, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<u8>,
    /// Whether `POST /v1/tickets/{ticket}/rework/rating` would be accepted now.
    #[serde(default)]
    pub can_rate: bool,
}

/// What an officer does next on a rework task (body of
/// `POST /v1/staff/tickets/{ticket}/rework`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReworkAction {
    /// 核实 done: `note` is the finding, for staff only. `verifying` → `fixing`.
    Verified,
    /// 整改 done: `note` is the result the citizen reads. `fixing` → `call_back`.
    Fixed,
    /// 回访 done by telephone: `satisfaction` is what the citizen said. `call_back` → `closed`.
    CalledBack,
}

/// Body of `POST /v1/staff/tickets/{ticket}/rework`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReworkStep {
    /// What was done.
    pub action: ReworkAction,
    /// The finding (`verified`) or the result (`fixed`), 1 to [`ReworkStep::MAX_NOTE`]
    /// characters; optional for `called_back`.
    #[serde(default)]
    pub note: String,
    /// For `called_back`, and only for it: the citizen's satisfaction, 1 to 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<u8>,
    /// The case's `version`, as for every change to a case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
}

impl ReworkStep {
    /// Longest finding or result, in characters.
    pub const MAX_NOTE: usize = 1000;
    /// Working days the rework of a bad rating is given unless a backend says otherwise.
    pub const DEFAULT_DAYS: u32 = 15;

    /// The problem with the step, by field, before any state is looked at.
    pub fn problems(&self) -> Vec<(&'static str, FieldErrorCode)> {
        let mut problems = Vec::new();
        let note = self.note.trim().chars().count();
        if note > Self::MAX_NOTE {
            problems.push(("note", FieldErrorCode::TooLong));
        } else if note == 0 && self.action != ReworkAction::CalledBack {
            problems.push(("note", FieldErrorCode::Required));
        }
        match (self.action, self.satisfaction) {
            (ReworkAction::CalledBack, None) => {
                problems.push(("satisfaction", FieldErrorCode::Required));
            }
            (ReworkAction::CalledBack, Some(0)) => {
                problems.push(("satisfaction", FieldErrorCode::TooSmall));
            }
            (ReworkAction::CalledBack, Some(score)) if score > 5 => {
                problems.push(("satisfaction", FieldErrorCode::TooLarge));
            }
            (ReworkAction::CalledBack, Some(_)) | (_, None) => {}
            (_, Some(_)) => problems.push(("satisfaction", FieldErrorCode::NotAnOption)),
        }
        problems
    }
}

/// A rework task as staff see it, on the case and in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRework {
    /// Where it stands.
    pub stage: ReworkStage,
    /// The officer it is assigned to (account name): the one who gave the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
    /// RFC 3339: when the bad rating opened it.
    pub opened_at: String,
    /// RFC 3339: by when the result is due.
    pub due_at: String,
    /// Whether the result is late: not written by `due_at`, or written after it.
    pub overdue: bool,
    /// The verification finding (staff only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
    /// The result the citizen reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// RFC 3339: when the result was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_at: Option<String>,
    /// 回访满意度, 1 to 5, once recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<u8>,
}

/// Why a supervisor ruled a bad rating out of the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RulingKind {
    /// Given by mistake (the wrong ticket, the wrong end of the scale).
    Mistaken,
    /// Malicious: not about the service.
    Malicious,
    /// A ruling this client does not know yet.
    #[serde(other)]
    Unknown,
}

impl RulingKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            RulingKind::Mistaken => "mistaken",
            RulingKind::Malicious => "malicious",
            RulingKind::Unknown => "unknown",
        }
    }

    /// The ruling of a wire name.
    pub fn from_name(name: &str) -> Option<RulingKind> {
        [RulingKind::Mistaken, RulingKind::Malicious]
            .into_iter()
            .find(|r| r.as_str() == name)
    }
}

/// Body of `POST /v1/staff/tickets/{ticket}/rating/ruling` (申诉复核, supervisors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingRuling {
    /// The ruling.
    pub ruling: RulingKind,
    /// Why, 1 to [`RatingRuling::MAX_REASON`] characters.
    pub reason: String,
}

impl RatingRuling {
    /// Longest reason, in characters.
    pub const MAX_REASON: usize = 500;

    /// The problem with the ruling, by field.
    pub fn problems(&self) -> Vec<(&'static str, FieldErrorCode)> {
        let mut problems = Vec::new();
        if self.ruling == RulingKind::Unknown {
            problems.push(("ruling", FieldErrorCode::NotAnOption));
        }
        let reason = self.reason.trim().chars().count();
        if reason == 0 {
            problems.push(("reason", FieldErrorCode::Required));
        } else if reason > Self::MAX_REASON {
            problems.push(("reason", FieldErrorCode::TooLong));
        }
        problems
    }
}

/// A ruling as recorded: it never deletes the rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedRuling {
    /// The ruling.
    pub ruling: RulingKind,
    /// Why.
    pub reason: String,
    /// The supervisor (display name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// RFC 3339.
    pub at: String,
}

/// `GET /v1/staff/bad-ratings` item: one line of the ledger of bad ratings (差评台账).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadRating {
    /// Reference number.
    pub ticket: String,
    /// The service's display name.
    pub service_name: String,
    /// The rating as given: 1 or 2.
    pub score: u8,
    /// The citizen's comment, possibly empty.
    pub comment: String,
    /// RFC 3339.
    pub rated_at: String,
    /// The rework it opened.
    pub rework: StaffRework,
    /// A supervisor's ruling, if any: the rating then counts in no figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruling: Option<RecordedRuling>,
}

/// `GET /v1/staff/bad-ratings`: the ledger, open rework first (overdue first among it), then
/// the rest, newest first. Officers see the rework assigned to them, supervisors all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadRatingLedger {
    /// At most [`BadRatingLedger::MAX`] lines.
    pub items: Vec<BadRating>,
}

impl BadRatingLedger {
    /// Most lines in one answer.
    pub const MAX: usize = 500;
}

/// Body of `POST /v1/tickets/{ticket}/rework/rating`: the citizen's satisfaction with the
/// rework, on the same five levels as a rating and with the same limits.
pub type ReworkRating = RatingSubmission;

/// What a message told the citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// The ticket's status changed.
    Status,
    /// Staff asked for more information.
    NeedsInfo,
    /// The rework of a bad rating has a result.
    ReworkResult,
    /// A kind this client does not know yet.
    #[serde(other)]
    Unknown,
}

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its first attempt, or for its next one after a failure.
    Pending,
    /// Accepted by the mail server or the SMS gateway.
    Sent,
    /// Refused for good (an address the mail server rejects); not tried again.
    Failed,
    /// A state this client does not know yet.
    #[serde(other)]
    Unknown,
}

/// `StaffCase.messages` item: one notification to the citizen and how its delivery went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboundMessage {
    /// Stable id, the same in every attempt (the e-mail's Message-ID, the webhook's
    /// `Idempotency-Key`), so a receiver can drop a repeat.
    pub id: String,
    /// How it is sent.
    pub channel: NotifyChannel,
    /// The address or number it goes to.
    pub to: String,
    /// What it tells.
    pub kind: MessageKind,
    /// Where its delivery stands.
    pub state: DeliveryState,
    /// Attempts made so far.
    pub attempts: u32,
    /// RFC 3339: when it was queued (in the same transaction as the change it tells of).
    pub queued_at: String,
    /// RFC 3339: when it was delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<String>,
    /// RFC 3339: when the next attempt is due, while pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<String>,
    /// Why the last attempt failed, for staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(action: ReworkAction, note: &str, satisfaction: Option<u8>) -> ReworkStep {
        ReworkStep {
            action,
            note: note.into(),
            satisfaction,
            version: None,
        }
    }

    #[test]
    fn a_rework_step_needs_its_note_or_its_score() {
        assert!(
            step(ReworkAction::Verified, "checked", None)
                .problems()
                .is_empty()
        );
        assert_eq!(
            step(ReworkAction::Fixed, "  ", None).problems(),
            [("note", FieldErrorCode::Required)]
        );
        assert_eq!(
            step(ReworkAction::Fixed, &"字".repeat(1001), None).problems(),
            [("note", FieldErrorCode::TooLong)]
        );
        assert_eq!(
            step(ReworkAction::CalledBack, "", None).problems(),
            [("satisfaction", FieldErrorCode::Required)]
        );
        assert_eq!(
            step(ReworkAction::CalledBack, "", Some(6)).problems(),
            [("satisfaction", FieldErrorCode::TooLarge)]
        );
        assert!(
            step(ReworkAction::CalledBack, "", Some(4))
                .problems()
                .is_empty()
        );
        assert_eq!(
            step(ReworkAction::Fixed, "done", Some(4)).problems(),
            [("satisfaction", FieldErrorCode::NotAnOption)]
        );
    }

    #[test]
    fn a_ruling_needs_a_reason() {
        let ruling = |reason: &str| RatingRuling {
            ruling: RulingKind::Mistaken,
            reason: reason.into(),
        };
        assert!(ruling("wrong ticket").problems().is_empty());
        assert_eq!(
            ruling(" ").problems(),
            [("reason", FieldErrorCode::Required)]
        );
        assert_eq!(
            ruling(&"x".repeat(501)).problems(),
            [("reason", FieldErrorCode::TooLong)]
        );
    }

    #[test]
    fn wire_names_round_trip() {
        for stage in [
            ReworkStage::Verifying,
            ReworkStage::Fixing,
            ReworkStage::CallBack,
            ReworkStage::Closed,
        ] {
            assert_eq!(ReworkStage::from_name(stage.as_str()), Some(stage));
            assert_eq!(
                serde_json::to_value(stage).expect("serialises"),
                serde_json::Value::from(stage.as_str())
            );
        }
        for channel in NotifyChannel::ALL {
            assert_eq!(NotifyChannel::from_name(channel.as_str()), Some(channel));
        }
    }
}
