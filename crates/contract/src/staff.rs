//! The optional `staff` module: staff accounts and their roles, sign-in sessions, API tokens
//! for scripts, the audit log, kiosk enrolment, and the staff calls on tickets and queues.
//! A production backend may implement it or keep its own case system.

use serde::{Deserialize, Serialize};

use crate::{DueState, FieldErrorCode, TicketStatus};

/// Header that carries a session's CSRF token on every state-changing staff call.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// Header that carries an enrolled kiosk's device token.
pub const KIOSK_TOKEN_HEADER: &str = "X-Kiosk-Token";

/// What a staff account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Front desk: counters and the hall.
    Clerk,
    /// Back office: the cases of the categories assigned to them.
    Officer,
    /// Everything, plus accounts, complaints and the audit log.
    Supervisor,
}

impl StaffRole {
    /// Every role, least powerful first.
    pub const ALL: [StaffRole; 3] = [StaffRole::Clerk, StaffRole::Officer, StaffRole::Supervisor];

    /// The wire name, e.g. `officer`.
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Clerk => "clerk",
            StaffRole::Officer => "officer",
            StaffRole::Supervisor => "supervisor",
        }
    }

    /// The role of a wire name.
    pub fn from_name(name: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// `GET /v1/staff/accounts` item: a staff member's account. It never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    /// Sign-in name, unique; see [`account_name_error`].
    pub name: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// What the account may do.
    pub role: StaffRole,
    /// Category codes whose cases an officer handles; empty for other roles.
    #[serde(default)]
    pub categories: Vec<String>,
    /// A disabled account cannot sign in, and its sessions and tokens stop working.
    pub disabled: bool,
    /// The password is a one-time password that must be changed before anything else.
    pub must_change_password: bool,
    /// RFC 3339 timestamp of creation.
    pub created_at: String,
    /// RFC 3339 timestamp of the last successful sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sign_in_at: Option<String>,
}

/// Body of `POST /v1/staff/session`: signing in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// Sign-in name.
    pub name: String,
    /// Password.
    pub password: String,
}

/// `GET /v1/staff/session`, and the answer to signing in: who is signed in. The session
/// itself is an `HttpOnly` cookie; the CSRF token goes in [`CSRF_HEADER`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSession {
    /// The signed-in account.
    pub account: StaffAccount,
    /// To send in [`CSRF_HEADER`] with every state-changing call.
    pub csrf_token: String,
    /// Minutes without a call after which the session ends.
    pub idle_timeout_minutes: u32,
    /// Whether the backend runs in demo mode: cases can be demonstrated and a supervisor can
    /// reset the demo data.
    #[serde(default)]
    pub demo_mode: bool,
}

/// Body of `POST /v1/staff/password`: changing one's own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password now (the one-time password at first sign-in).
    pub current_password: String,
    /// The new password; see [`new_password_error`].
    pub new_password: String,
}

/// Body of `POST /v1/staff/accounts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    /// Sign-in name; see [`account_name_error`].
    pub name: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Role.
    pub role: StaffRole,
    /// Categories, for officers.
    #[serde(default)]
    pub categories: Vec<String>,
}

/// Body of `PATCH /v1/staff/accounts/{name}`: each member present is changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// New role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<StaffRole>,
    /// New categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// Disable (`true`) or enable (`false`) the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// The answer to creating an account or resetting its password: the one-time password,
/// shown once and never stored in the clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimePassword {
    /// The account, as it is now.
    pub account: StaffAccount,
    /// The password to hand over; it must be changed at first sign-in.
    pub one_time_password: String,
}

/// `GET /v1/staff/accounts/{name}/tokens` item: an API token for scripts. The secret itself
/// is shown once, when the token is made, and only its digest is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    /// Stable id.
    pub id: i64,
    /// What the token is for.
    pub label: String,
    /// RFC 3339 timestamp of creation.
    pub created_at: String,
    /// RFC 3339 timestamp of the last call made with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<String>,
    /// RFC 3339 timestamp of revocation; a revoked token is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

/// What a staff action was, in the audit log. Unknown actions from newer backends read as
/// `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// Signed in.
    SignIn,
    /// A sign-in was refused (wrong name or password, or a disabled account).
    SignInFailed,
    /// Signed out.
    SignOut,
    /// Changed their own password.
    PasswordChanged,
    /// Added an account.
    AccountAdded,
    /// Changed an account's role, categories, name or state.
    AccountChanged,
    /// Reset an account's password to a one-time password.
    PasswordReset,
    /// Made an API token.
    TokenCreated,
    /// Revoked an API token.
    TokenRevoked,
    /// Changed a ticket's status.
    StatusChanged,
    /// Called the next queue number.
    NumberCalled,
    /// Recalled, marked missed, started or finished serving, transferred or gave priority to a
    /// queue number at a window.
    NumberHandled,
    /// Paused a window or opened it again.
    WindowPaused,
    /// Made a kiosk enrolment link.
    KioskEnrolmentCreated,
    /// A device was enrolled as a kiosk.
    KioskEnrolled,
    /// Revoked a kiosk.
    KioskRevoked,
    /// Added a public or internal note to a case.
    NoteAdded,
    /// Assigned a case to an officer, or unassigned it.
    CaseAssigned,
    /// Issued a new access code for a ticket after checking the citizen's identity.
    AccessCodeReissued,
    /// Started a demonstration on a ticket (demo mode).
    DemonstrationStarted,
    /// Reset the demo data (demo mode).
    DemoDataReset,
    /// A helper was added to the list (帮办代办).
    HelperAdded,
    /// A helper's record was changed or set inactive.
    HelperChanged,
    /// A helper and a time were confirmed for an assistance ticket.
    HelpConfirmed,
    /// A step of the rework after a bad rating: verified, fixed or called back.
    ReworkStep,
    /// A bad rating was ruled mistaken or malicious (申诉复核).
    RatingRuled,
    /// Closed an appointment slot; its bookings were cancelled and told.
    SlotClosed,
    /// Granted or refused an appeal against a booking suspension.
    AppealDecided,
    /// An action this client does not know yet.
    #[serde(other)]
    Unknown,
}

impl AuditAction {
    /// Every known action, in the order of the list above.
    pub const ALL: [AuditAction; 28] = [
        AuditAction::SignIn,
        AuditAction::SignInFailed,
        AuditAction::SignOut,
        AuditAction::PasswordChanged,
        AuditAction::AccountAdded,
        AuditAction::AccountChanged,
        AuditAction::PasswordReset,
        AuditAction::TokenCreated,
        AuditAction::TokenRevoked,
        AuditAction::StatusChanged,
        AuditAction::NumberCalled,
        AuditAction::NumberHandled,
        AuditAction::WindowPaused,
        AuditAction::KioskEnrolmentCreated,
        AuditAction::KioskEnrolled,
        AuditAction::KioskRevoked,
        AuditAction::NoteAdded,
        AuditAction::CaseAssigned,
        AuditAction::AccessCodeReissued,
        AuditAction::DemonstrationStarted,
        AuditAction::DemoDataReset,
        AuditAction::HelperAdded,
        AuditAction::HelperChanged,
        AuditAction::HelpConfirmed,
        AuditAction::ReworkStep,
        AuditAction::RatingRuled,
        AuditAction::SlotClosed,
        AuditAction::AppealDecided,
    ];

    /// The wire name, e.g. `sign_in_failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignOut => "sign_out",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::AccountAdded => "account_added",
            AuditAction::AccountChanged => "account_changed",
            AuditAction::PasswordReset => "password_reset",
            AuditAction::TokenCreated => "token_created",
            AuditAction::TokenRevoked => "token_revoked",
            AuditAction::StatusChanged => "status_changed",
            AuditAction::NumberCalled => "number_called",
            AuditAction::NumberHandled => "number_handled",
            AuditAction::WindowPaused => "window_paused",
            AuditAction::KioskEnrolmentCreated => "kiosk_enrolment_created",
            AuditAction::KioskEnrolled => "kiosk_enrolled",
            AuditAction::KioskRevoked => "kiosk_revoked",
            AuditAction::NoteAdded => "note_added",
            AuditAction::CaseAssigned => "case_assigned",
            AuditAction::AccessCodeReissued => "access_code_reissued",
            AuditAction::DemonstrationStarted => "demonstration_started",
            AuditAction::DemoDataReset => "demo_data_reset",
            AuditAction::HelperAdded => "helper_added",
            AuditAction::HelperChanged => "helper_changed",
            AuditAction::HelpConfirmed => "help_confirmed",
            AuditAction::ReworkStep => "rework_step",
            AuditAction::RatingRuled => "rating_ruled",
            AuditAction::SlotClosed => "slot_closed",
            AuditAction::AppealDecided => "appeal_decided",
            AuditAction::Unknown => "unknown",
        }
    }

    /// The action of a wire name.
    pub fn from_name(name: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

/// `GET /v1/staff/audit` item: one staff action. The log is append-only: nothing in the API
/// edits or deletes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Increasing id; pass the last one as `before` for older entries.
    pub id: i64,
    /// RFC 3339 timestamp.
    pub at: String,
    /// The account that acted, or the name tried in a failed sign-in; absent for a device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// What was done.
    pub action: AuditAction,
    /// What it was done to: an account, a ticket, a queue line, a kiosk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Details, such as the new status or role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The client address the action came from.
    pub client: String,
}

/// Body of `POST /v1/staff/kiosk-enrolments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewKioskEnrolment {
    /// The hall the kiosk stands in.
    pub hall_id: String,
    /// Where in the hall, e.g. "by the entrance".
    pub label: String,
}

/// The answer to `POST /v1/staff/kiosk-enrolments`: a single-use code to open on the
/// terminal, as `/kiosk/enrol#code={code}` (in the fragment, so no server sees it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskEnrolment {
    /// The single-use enrolment code.
    pub code: String,
    /// The hall.
    pub hall_id: String,
    /// Where in the hall.
    pub label: String,
    /// RFC 3339 timestamp after which the code no longer works.
    pub expires_at: String,
}

/// Body of `POST /v1/kiosks`: a terminal enrols itself with an enrolment code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KioskEnrol {
    /// The code from the enrolment link.
    pub code: String,
}

/// `GET /v1/staff/kiosks` item, and `GET /v1/kiosk` for the kiosk itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kiosk {
    /// Stable id.
    pub id: i64,
    /// The hall.
    pub hall_id: String,
    /// Where in the hall.
    pub label: String,
    /// RFC 3339 timestamp of enrolment.
    pub enrolled_at: String,
    /// RFC 3339 timestamp of revocation; a revoked kiosk's token is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

/// The answer to `POST /v1/kiosks`: the device token, shown once, to keep on the terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolledKiosk {
    /// The kiosk.
    pub kiosk: Kiosk,
    /// To send in [`KIOSK_TOKEN_HEADER`]; long-lived until revoked.
    pub device_token: String,
}

/// Body of `POST /v1/staff/tickets/{ticket}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// The status to move to; must be allowed by [`TicketStatus::can_move_to`].
    pub status: TicketStatus,
    /// What to tell the citizen, shown in the history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For `needs_info` (and only for it, where it is required): what the citizen must
    /// supply, one item each, 1 to [`StatusChange::MAX_MISSING`] items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// The case's `version`, to make the change conditional (`409 case_changed` if someone
    /// else changed the case first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
}

impl StatusChange {
    /// Longest accepted note, in characters.
    pub const MAX_NOTE: usize = 500;
    /// Most missing items in one request for information.
    pub const MAX_MISSING: usize = 10;
    /// Longest missing item, in characters.
    pub const MAX_MISSING_ITEM: usize = 200;
}

/// `GET /v1/staff/tickets` item: one case in the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffTicket {
    /// Reference number.
    pub ticket: String,
    /// The service applied for.
    pub service_code: String,
    /// Its display name.
    pub service_name: String,
    /// The service's category.
    pub category: String,
    /// Current status.
    pub status: TicketStatus,
    /// RFC 3339 timestamp of submission.
    pub submitted_at: String,
    /// RFC 3339 timestamp of the last change.
    pub updated_at: String,
    /// RFC 3339 timestamp by which a result is promised.
    pub expected_datetime: String,
    /// Where the ticket stands against `expected_datetime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_state: Option<DueState>,
    /// The applicant's name, from the form's `name` contact field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant_name: Option<String>,
    /// The officer the case is assigned to (an account name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Whether the citizen has answered since staff last moved the case.
    #[serde(default)]
    pub citizen_replied: bool,
    /// The kind of the service applied for.
    #[serde(default)]
    pub kind: crate::ServiceKind,
    /// Whether someone filed it on the applicant's behalf.
    #[serde(default)]
    pub by_agent: bool,
}

/// `GET /v1/staff/tickets`: one page of the inbox, most recently changed first (soonest due
/// first under a `due` filter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxPage {
    /// At most `limit` tickets.
    pub tickets: Vec<StaffTicket>,
    /// Opaque token for the next page (pass it as `after` with the same filters); absent on
    /// the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Which deadline a `due` filter selects; both leave out tickets waiting for the citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueFilter {
    /// Open and due by the end of the next working day, not yet overdue.
    Soon,
    /// Open after the promised time.
    Overdue,
}

/// The query of `GET /v1/staff/tickets`; every member is optional and they combine with "and".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboxQuery {
    /// Only tickets in this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TicketStatus>,
    /// Only tickets of this category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Only tickets of this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Only tickets assigned to this account name; `none` for unassigned ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Only tickets due soon or overdue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<DueFilter>,
    /// Only tickets the citizen has answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replied: Option<bool>,
    /// Only tickets of this kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<crate::ServiceKind>,
    /// A reference number, the applicant's mobile number, or their full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Page size, 1 to [`InboxQuery::MAX_LIMIT`]; 50 if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The `next` token of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

impl InboxQuery {
    /// Largest page.
    pub const MAX_LIMIT: u32 = 200;
    /// Longest search term, in characters.
    pub const MAX_SEARCH: usize = 40;
    /// Value of `assignee` that selects unassigned tickets.
    pub const UNASSIGNED: &'static str = "none";
}

/// Shortest accepted password, in characters.
pub const MIN_PASSWORD: usize = 12;
/// Longest accepted password, in characters.
pub const MAX_PASSWORD: usize = 128;
/// Longest sign-in name.
pub const MAX_ACCOUNT_NAME: usize = 32;
/// Longest display name, kiosk label or token label.
pub const MAX_LABEL: usize = 60;

/// Why `name` cannot be a sign-in name: 2 to 32 of `a-z`, `0-9`, `.`, `_` and `-`,
/// starting with a letter or digit.
pub fn account_name_error(name: &str) -> Option<FieldErrorCode> {
    let fits = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
    if name.is_empty() {
        Some(FieldErrorCode::Required)
    } else if name.chars().count() < 2 {
        Some(FieldErrorCode::TooShort)
    } else if name.chars().count() > MAX_ACCOUNT_NAME {
        Some(FieldErrorCode::TooLong)
    } else if !name.chars().all(fits) || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        Some(FieldErrorCode::PatternMismatch)
    } else {
        None
    }
}

/// Why `password` cannot be the new password of account `name` whose password is now
/// `current`: too short or long, or guessable because it contains the name or repeats the
/// current password.
pub fn new_password_error(name: &str, current: &str, password: &str) -> Option<FieldErrorCode> {
    let length = password.chars().count();
    if password.is_empty() {
        Some(FieldErrorCode::Required)
    } else if length < MIN_PASSWORD {
        Some(FieldErrorCode::TooShort)
    } else if length > MAX_PASSWORD {
        Some(FieldErrorCode::TooLong)
    } else if password == current
        || (!name.is_empty() && password.to_lowercase().contains(&name.to_lowercase()))
        || password.chars().all(|c| password.starts_with(c))
    {
        Some(FieldErrorCode::TooWeak)
    } else {
        None
    }
}

/// Why `label` cannot be a display name or label: blank, or longer than [`MAX_LABEL`].
pub fn label_error(label: &str) -> Option<FieldErrorCode> {
    if label.trim().is_empty() {
        Some(FieldErrorCode::Required)
    } else if label.trim().chars().count() > MAX_LABEL {
        Some(FieldErrorCode::TooLong)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_are_short_lowercase_words() {
        assert_eq!(account_name_error("li.officer"), None);
        assert_eq!(account_name_error("w2"), None);
        assert_eq!(account_name_error(""), Some(FieldErrorCode::Required));
        assert_eq!(account_name_error("a"), Some(FieldErrorCode::TooShort));
        assert_eq!(
            account_name_error(&"a".repeat(33)),
            Some(FieldErrorCode::TooLong)
        );
        for bad in ["Li", "li officer", "-li", "李明"] {
            assert_eq!(
                account_name_error(bad),
                Some(FieldErrorCode::PatternMismatch),
                "{bad}"
            );
        }
    }

    #[test]
    fn new_passwords_must_be_long_and_not_guessable() {
        let ok = "correct horse battery";
        assert_eq!(new_password_error("li", "old-one-time", ok), None);
        assert_eq!(
            new_password_error("li", "x", "short"),
            Some(FieldErrorCode::TooShort)
        );
        assert_eq!(
            new_password_error("li", "x", &"ab".repeat(65)),
            Some(FieldErrorCode::TooLong)
        );
        assert_eq!(
            new_password_error("li.officer", "x", "LI.OFFICER-2026!"),
            Some(FieldErrorCode::TooWeak),
            "contains the name"
        );
        assert_eq!(
            new_password_error("li", ok, ok),
            Some(FieldErrorCode::TooWeak),
            "repeats the current password"
        );
        assert_eq!(
            new_password_error("li", "x", "aaaaaaaaaaaaaa"),
            Some(FieldErrorCode::TooWeak)
        );
        assert_eq!(
            new_password_error("li", "x", "密码密码密码密码密码密码"),
            None,
            "lengths count characters, not bytes"
        );
    }

    #[test]
    fn roles_and_actions_round_trip_their_wire_names() {
        for role in StaffRole::ALL {
            assert_eq!(StaffRole::from_name(role.as_str()), Some(role));
        }
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_name(action.as_str()), Some(action));
        }
    }
}
