//! Tickets: statuses with their Open311 mapping and allowed moves, history and 好差评 ratings.

use serde::{Deserialize, Serialize};

/// Where a request is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Submitted, not yet looked at.
    Received,
    /// Checked and taken on.
    Accepted,
    /// Being worked on.
    InProgress,
    /// Waiting for the citizen to supply something.
    NeedsInfo,
    /// Done; a result was given.
    Completed,
    /// Refused, with a reason in the history note.
    Rejected,
    /// Withdrawn at the citizen's wish.
    Withdrawn,
}

/// The two Open311 GeoReport v2 statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Open311Status {
    /// Still being handled.
    Open,
    /// Finished one way or another.
    Closed,
}

impl TicketStatus {
    /// Every status, in life-cycle order.
    pub const ALL: [TicketStatus; 7] = [
        TicketStatus::Received,
        TicketStatus::Accepted,
        TicketStatus::InProgress,
        TicketStatus::NeedsInfo,
        TicketStatus::Completed,
        TicketStatus::Rejected,
        TicketStatus::Withdrawn,
    ];

    /// The wire name, e.g. `in_progress`.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Received => "received",
            TicketStatus::Accepted => "accepted",
            TicketStatus::InProgress => "in_progress",
            TicketStatus::NeedsInfo => "needs_info",
            TicketStatus::Completed => "completed",
            TicketStatus::Rejected => "rejected",
            TicketStatus::Withdrawn => "withdrawn",
        }
    }

    /// Parses a wire name.
    pub fn parse(name: &str) -> Option<TicketStatus> {
        TicketStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The Open311 status this maps to.
    pub fn open311(self) -> Open311Status {
        match self {
            TicketStatus::Completed | TicketStatus::Rejected | TicketStatus::Withdrawn => {
                Open311Status::Closed
            }
            _ => Open311Status::Open,
        }
    }

    /// Whether staff may move a ticket from `self` to `next`. A completed ticket may go back
    /// to `in_progress` (reopened, as after a citizen's send-back); rejected and withdrawn are
    /// final.
    pub fn can_move_to(self, next: TicketStatus) -> bool {
        use TicketStatus::*;
        match self {
            Received => matches!(next, Accepted | Rejected | Withdrawn),
            Accepted => matches!(next, InProgress | NeedsInfo | Rejected | Withdrawn),
            InProgress => matches!(next, NeedsInfo | Completed | Rejected | Withdrawn),
            NeedsInfo => matches!(next, InProgress | Rejected | Withdrawn),
            Completed => matches!(next, InProgress),
            Rejected | Withdrawn => false,
        }
    }

    /// Whether a citizen may rate a ticket in this status.
    pub fn is_rateable(self) -> bool {
        matches!(self, TicketStatus::Completed | TicketStatus::Rejected)
    }
}

/// `GET /v1/tickets/{ticket}`: the citizen's view of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    /// Reference number.
    pub ticket: String,
    /// The service applied for.
    pub service_code: String,
    /// Its display name, localised.
    pub service_name: String,
    /// Current status.
    pub status: TicketStatus,
    /// The Open311 view of `status`.
    pub open311_status: Open311Status,
    /// RFC 3339 timestamp of submission.
    pub submitted_at: String,
    /// RFC 3339 timestamp of the last change.
    pub updated_at: String,
    /// RFC 3339 timestamp by which a result is promised.
    pub expected_datetime: String,
    /// Every status the ticket has had, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Whether `POST /v1/tickets/{ticket}/rating` would be accepted now.
    pub can_rate: bool,
    /// The citizen's rating, once given. A bad one stays as given; it opens `rework`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    /// The rework a bad rating opened (差评整改), absent otherwise and from backends without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rework: Option<crate::CitizenRework>,
    /// How the citizen chose to be told of changes; absent for "not at all".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify: Option<crate::NotifyChannel>,
    /// Where the ticket stands against `expected_datetime`, on the backend's working-day
    /// calendar. Absent from backends that do not compute it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_state: Option<DueState>,
    /// For a `completed` or `rejected` result: until when (RFC 3339) the citizen may send it
    /// back, also once that time has passed. Absent otherwise and from backends without
    /// send-backs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_back_until: Option<String>,
    /// How many more times the ticket may be sent back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_backs_left: Option<u32>,
    /// The kind of the service applied for.
    #[serde(default)]
    pub kind: crate::ServiceKind,
    /// For an `assistance` ticket: the help last confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<crate::ConfirmedHelp>,
}

/// One step in a ticket's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The status entered.
    pub status: TicketStatus,
    /// RFC 3339 timestamp.
    pub at: String,
    /// What staff told the citizen, if anything. An entry whose status is the one before it
    /// is a note without a status change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For `needs_info`: each thing the citizen is asked to supply. For the citizen's reply,
    /// the things they were asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// For the citizen's reply (an `in_progress` entry): their answer to each item of
    /// `missing`, in the same order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<String>,
    /// Help confirmed at this step: who will help, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<crate::ConfirmedHelp>,
}

/// Body of `POST /v1/tickets/{ticket}/reply`: the citizen's answer to a request for
/// information, one per missing item, in the order staff listed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InfoReply {
    /// Each 1 to [`InfoReply::MAX_ANSWER`] characters.
    pub answers: Vec<String>,
}

impl InfoReply {
    /// Longest accepted answer, in characters.
    pub const MAX_ANSWER: usize = 500;
}

/// Body of `POST /v1/tickets/{ticket}/withdrawal`: the citizen withdraws an unfinished
/// request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    /// Why, 1 to [`Withdrawal::MAX_REASON`] characters; staff see it in the history.
    pub reason: String,
}

impl Withdrawal {
    /// Longest accepted reason, in characters.
    pub const MAX_REASON: usize = 500;
}

/// Body of `POST /v1/tickets/{ticket}/send-back`: the citizen finds a result unacceptable
/// and sends the case back to be done again (不满意发回重办).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendBack {
    /// Why, 1 to [`SendBack::MAX_REASON`] characters.
    pub reason: String,
}

impl SendBack {
    /// Longest accepted reason, in characters.
    pub const MAX_REASON: usize = 500;
    /// Calendar days after a `completed` or `rejected` result during which it can be sent back.
    pub const WINDOW_DAYS: u32 = 15;
    /// Send-backs a ticket allows; the last of them goes to a supervisor (督办).
    pub const MAX: u32 = 3;
}

/// Body of `POST /v1/tickets/{ticket}/rating`: the national 好差评 five-level rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingSubmission {
    /// 5 非常满意 (very satisfied) … 1 非常不满意 (very dissatisfied).
    pub score: u8,
    /// Optional comment, at most [`RatingSubmission::MAX_COMMENT`] characters.
    #[serde(default)]
    pub comment: String,
}

impl RatingSubmission {
    /// Longest accepted comment, in characters.
    pub const MAX_COMMENT: usize = 500;
    /// Scores at or below this are bad ratings (差评): each opens a rework task.
    pub const UNSATISFACTORY_AT_MOST: u8 = 2;
}

/// A rating as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// 1 to 5.
    pub score: u8,
    /// The comment, possibly empty.
    pub comment: String,
    /// RFC 3339 timestamp.
    pub rated_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_finished_statuses_are_closed_in_open311() {
        let closed: Vec<_> = TicketStatus::ALL
            .into_iter()
            .filter(|s| s.open311() == Open311Status::Closed)
            .collect();
        assert_eq!(
            closed,
            [
                TicketStatus::Completed,
                TicketStatus::Rejected,
                TicketStatus::Withdrawn
            ]
        );
    }

    #[test]
    fn final_statuses_cannot_be_left() {
        for next in TicketStatus::ALL {
            assert!(!TicketStatus::Rejected.can_move_to(next));
            assert!(!TicketStatus::Withdrawn.can_move_to(next));
        }
        assert!(TicketStatus::Completed.can_move_to(TicketStatus::InProgress));
        assert!(!TicketStatus::Received.can_move_to(TicketStatus::Completed));
    }

    #[test]
    fn wire_names_round_trip() {
        for status in TicketStatus::ALL {
            assert_eq!(TicketStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(TicketStatus::parse("open"), None);
    }
}

/// Where a ticket stands against its promised time. Unknown states from newer backends read
/// as `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    /// Open, and more than one working day before the promised time (or waiting for the
    /// citizen, which stops the clock).
    OnTime,
    /// Open, and the promised time falls on this working day or the next one.
    DueSoon,
    /// Open after the promised time.
    Overdue,
    /// Finished by the promised time.
    FinishedOnTime,
    /// Finished after the promised time.
    FinishedLate,
    /// A state this client does not know yet.
    #[serde(other)]
    Unknown,
}

impl DueState {
    /// The wire name, e.g. `due_soon`.
    pub fn as_str(self) -> &'static str {
        match self {
            DueState::OnTime => "on_time",
            DueState::DueSoon => "due_soon",
            DueState::Overdue => "overdue",
            DueState::FinishedOnTime => "finished_on_time",
            DueState::FinishedLate => "finished_late",
            DueState::Unknown => "unknown",
        }
    }
}
