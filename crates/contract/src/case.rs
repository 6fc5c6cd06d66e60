//! One case as staff handle it: the full view with answers, history and internal notes, and
//! the changes officers make to it (notes, assignment, a new access code, a demonstration).

use serde::{Deserialize, Serialize};

use crate::{Locale, Rating, StaffTicket, TicketStatus};

/// `GET /v1/staff/tickets/{ticket}`: everything staff may know of one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCase {
    /// The same summary the inbox shows.
    #[serde(flatten)]
    pub summary: StaffTicket,
    /// Changes with every event on the case, internal ones included; send it back with a
    /// change so that it is refused (`409 case_changed`) if someone else moved first.
    pub version: u64,
    /// The language the citizen filed in; note templates are in it, and so should notes be.
    pub locale: Locale,
    /// The applicant's mobile number, from the form's `phone` contact field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant_phone: Option<String>,
    /// The applicant's e-mail address, from the form's `email` contact field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant_email: Option<String>,
    /// The form's answers in form order, labelled and worded in the caller's language.
    pub answers: Vec<CaseAnswer>,
    /// Everything that happened to the case, oldest first.
    pub events: Vec<CaseEvent>,
    /// The statuses the case may move to now.
    pub moves: Vec<TicketStatus>,
    /// Ready-made notes for those moves, in the citizen's language.
    pub templates: Vec<NoteTemplate>,
    /// Accounts the case may be assigned to.
    pub assignable: Vec<Assignable>,
    /// The citizen's rating, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    /// Whether `POST …/demonstration` would be accepted now (a backend in demo mode, an
    /// unfinished case, no demonstration running).
    #[serde(default)]
    pub can_demonstrate: bool,
    /// Who filed it on the applicant's behalf, if anyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<crate::Agent>,
    /// For an `assistance` case: the help last confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<crate::ConfirmedHelp>,
    /// For an `assistance` case: the active helpers one may be confirmed with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub helpers: Vec<crate::Helper>,
    /// The rework a bad rating opened, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rework: Option<crate::StaffRework>,
    /// A supervisor's ruling on the rating (申诉复核), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruling: Option<crate::RecordedRuling>,
    /// How the citizen chose to be told of changes; absent for "not at all".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify: Option<crate::NotifyChannel>,
    /// The notifications sent or waiting to be sent, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<crate::OutboundMessage>,
}

/// One answer of the form, as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseAnswer {
    /// The field's code.
    pub code: String,
    /// The question.
    pub label: String,
    /// The answer, worded (choice labels rather than keys, "yes" rather than `true`).
    pub value: String,
}

/// What a case event was. Unknown kinds from newer backends read as `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseEventKind {
    /// A status change (the citizen sees it).
    Status,
    /// A note to the citizen without a status change (the citizen sees it).
    PublicNote,
    /// A note among staff; never sent to a citizen.
    InternalNote,
    /// The case was assigned to an officer, or unassigned.
    Assigned,
    /// A new access code was issued; the old one stopped working.
    AccessCodeReissued,
    /// The citizen answered a request for information (the citizen sees it).
    CitizenReply,
    /// The citizen sent the result back to be done again (the citizen sees it).
    SendBack,
    /// A supervisor confirmed a helper and a time (the citizen sees it).
    HelpConfirmed,
    /// The citizen's rating (a bad one opens a rework task).
    Rated,
    /// A step of the rework after a bad rating: `note` is the finding (staff only) or the
    /// result (the citizen sees it on the ticket).
    Rework,
    /// A supervisor ruled the rating mistaken or malicious.
    RatingRuled,
    /// A kind this client does not know yet.
    #[serde(other)]
    Unknown,
}

/// One event in a case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEvent {
    /// What happened.
    pub kind: CaseEventKind,
    /// RFC 3339 timestamp.
    pub at: String,
    /// The case's status after the event.
    pub status: TicketStatus,
    /// The staff member who acted (display name); absent for the citizen or the system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The note's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For a move to `needs_info`: what the citizen was asked for; for a citizen's reply,
    /// what they answered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// For a citizen's reply: the answer to each item of `missing`, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<String>,
    /// For `assigned`: the account the case went to; absent when it was unassigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// For `help_confirmed`: who will help, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<crate::ConfirmedHelp>,
}

/// A ready-made note for a move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteTemplate {
    /// The move it suits.
    pub status: TicketStatus,
    /// The note.
    pub text: String,
}

/// An account a case can be assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignable {
    /// Account name.
    pub name: String,
    /// Name shown to people.
    pub display_name: String,
}

/// Body of `POST /v1/staff/tickets/{ticket}/notes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseNote {
    /// The note, 1 to [`CaseNote::MAX_TEXT`] characters.
    pub text: String,
    /// `true`: the citizen sees it on the ticket page; `false`: staff only.
    pub public: bool,
    /// The case's `version`, to make the note conditional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
}

impl CaseNote {
    /// Longest accepted note, in characters.
    pub const MAX_TEXT: usize = 500;
}

/// Body of `POST /v1/staff/tickets/{ticket}/assignment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// One of the case's `assignable` account names; absent to unassign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// The case's `version`, to make the change conditional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
}

/// Body of `POST /v1/staff/tickets/{ticket}/access-code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessCodeReissue {
    /// Must be `true`: the officer has checked the citizen's identity (ID card against the
    /// applicant's name and phone) before asking.
    pub identity_checked: bool,
}

/// `200` body of `POST /v1/staff/tickets/{ticket}/access-code`: shown once, to be handed to
/// the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccessCode {
    /// Reference number.
    pub ticket: String,
    /// The new code; the old one no longer opens the ticket.
    pub access_code: String,
}

/// Body of `POST /v1/staff/tickets/{ticket}/demonstration` (demo mode only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demonstration {
    /// Seconds between steps, 1 to [`Demonstration::MAX_INTERVAL`]; 5 if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_seconds: Option<u32>,
}

impl Demonstration {
    /// Longest pause between steps.
    pub const MAX_INTERVAL: u32 = 30;
    /// Pause between steps when none is given.
    pub const DEFAULT_INTERVAL: u32 = 5;
}

/// `200` body of `POST /v1/staff/demo/reset` (demo mode only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoReset {
    /// Tickets in the database afterwards (the fresh synthetic history).
    pub tickets: u64,
}
