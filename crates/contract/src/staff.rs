//! Staff-only resources, behind a bearer token: moving tickets along and listing them.

use serde::{Deserialize, Serialize};

use crate::TicketStatus;

/// Body of `POST /v1/staff/tickets/{ticket}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// The status to move to; must be allowed by [`TicketStatus::can_move_to`].
    pub status: TicketStatus,
    /// What to tell the citizen, shown in the history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl StatusChange {
    /// Longest accepted note, in characters.
    pub const MAX_NOTE: usize = 500;
}

/// `GET /v1/staff/tickets` item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffTicket {
    /// Reference number.
    pub ticket: String,
    /// The service applied for.
    pub service_code: String,
    /// Its display name.
    pub service_name: String,
    /// Current status.
    pub status: TicketStatus,
    /// RFC 3339 timestamp of submission.
    pub submitted_at: String,
    /// RFC 3339 timestamp of the last change.
    pub updated_at: String,
}
