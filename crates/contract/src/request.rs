//! Submitting a request (`POST /v1/requests`) and the receipt that comes back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Locale, TicketStatus};

/// Body of `POST /v1/requests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestSubmission {
    /// The service applied for.
    pub service_code: String,
    /// One answer per field code of the service's form.
    pub answers: BTreeMap<String, Answer>,
    /// Language the citizen wants to be contacted in; defaults to the negotiated one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    /// Someone filing on the applicant's behalf; the answers are still the applicant's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<crate::Agent>,
    /// How the citizen wants to be told of changes (one of `Meta.notifications`); its contact
    /// field must be answered. Absent: not at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify: Option<crate::NotifyChannel>,
}

/// One answer. Its JSON type follows the field's datatype: a string for text-like types,
/// dates and single choices, a number for `number`, a boolean for `boolean`, and an array of
/// keys for `multivaluelist`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// `boolean`.
    Bool(bool),
    /// `number`.
    Number(f64),
    /// Every text-like type and `singlevaluelist`.
    Text(String),
    /// `multivaluelist`.
    List(Vec<String>),
}

/// `201 Created` body of `POST /v1/requests`: what the citizen must keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Reference number, e.g. `BS-20261122-0042`.
    pub ticket: String,
    /// Secret needed to track the ticket; shown once, sent back in `X-Access-Code`.
    pub access_code: String,
    /// The service applied for.
    pub service_code: String,
    /// Always `received` for a new request.
    pub status: TicketStatus,
    /// RFC 3339 timestamp.
    pub submitted_at: String,
    /// RFC 3339 timestamp by which a result is promised (Open311 `expected_datetime`).
    pub expected_datetime: String,
}
