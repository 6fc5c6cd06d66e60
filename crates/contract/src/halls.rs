//! The optional `halls` module: live queue status and remote queue numbers.

use serde::{Deserialize, Serialize};

/// `GET /v1/halls` item and `GET /v1/halls/{id}`: a service hall and its queues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hall {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Street address.
    pub address: String,
    /// Opening hours, free text.
    pub hours: String,
    /// The queues, one per group of windows.
    pub lines: Vec<QueueLine>,
    /// RFC 3339 timestamp of this snapshot.
    pub updated_at: String,
}

/// One queue in a hall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLine {
    /// Code, also the letter prefix of its numbers, e.g. `A`.
    pub code: String,
    /// What the line serves.
    pub name: String,
    /// Number being served now, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now_serving: Option<String>,
    /// People waiting.
    pub waiting: u32,
    /// Average minutes one person takes at the windows of this line.
    pub minutes_per_person: u32,
}

/// `201 Created` body of `POST /v1/halls/{id}/lines/{line}/numbers`: a remote queue number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueNumber {
    /// The number to wait for, e.g. `A023`.
    pub number: String,
    /// Hall id.
    pub hall: String,
    /// Line code.
    pub line: String,
    /// People ahead.
    pub ahead: u32,
    /// Estimated minutes until called.
    pub estimated_wait_minutes: u32,
    /// RFC 3339 timestamp.
    pub issued_at: String,
}
