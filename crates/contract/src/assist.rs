//! What a citizen files besides a plain request: the kind of a service, filing on someone
//! else's behalf (an agent, 代办), and assisted service (帮办): the helpers supervisors keep
//! and the help they confirm.

use serde::{Deserialize, Serialize};

use crate::FieldErrorCode;
use crate::validate::{Invalid, is_phone};

/// What filing a service starts. Backends that predate kinds send none: a `request`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// An application handled by the officers of the service's category.
    #[default]
    Request,
    /// Something that could not be done (办不成事) or went wrong; handled by supervisors.
    /// The portal's footer link opens the first service of this kind.
    Complaint,
    /// A request for assisted or proxy service (帮办代办); handled by supervisors, who
    /// confirm a helper and a time. Every guide offers the first service of this kind.
    Assistance,
    /// A kind this client does not know yet.
    #[serde(other)]
    Unknown,
}

impl ServiceKind {
    /// The wire name, e.g. `complaint`.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceKind::Request => "request",
            ServiceKind::Complaint => "complaint",
            ServiceKind::Assistance => "assistance",
            ServiceKind::Unknown => "unknown",
        }
    }

    /// The kind of a wire name.
    pub fn from_name(name: &str) -> Option<ServiceKind> {
        [
            ServiceKind::Request,
            ServiceKind::Complaint,
            ServiceKind::Assistance,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

/// Code of the list field through which a complaint or assistance form names the service it
/// is about; its values are the catalogue's services, and `?service={code}` on the form's
/// address chooses one.
pub const SERVICE_FIELD: &str = "service";

/// Someone filing a request on the applicant's behalf (代办), part of
/// [`crate::RequestSubmission`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// The agent's full name, 1 to [`Agent::MAX_NAME`] characters.
    pub name: String,
    /// The agent's mobile or landline number.
    pub phone: String,
    /// How the agent is related to the applicant.
    pub relationship: AgentRelationship,
    /// The agent declares that the applicant's written authorisation (委托书) exists and will
    /// be shown; must be `true`.
    pub authorisation: bool,
}

impl Agent {
    /// Longest accepted name, in characters.
    pub const MAX_NAME: usize = 50;

    /// Every problem with this agent, as `agent.{member}` fields, in member order.
    pub fn problems(&self) -> Vec<Invalid> {
        let mut invalid = person_problems("agent.", &self.name, Agent::MAX_NAME, &self.phone);
        let mut add = |member: &str, code| {
            invalid.push(Invalid {
                field: format!("agent.{member}"),
                code,
            });
        };
        if self.relationship == AgentRelationship::Unknown {
            add("relationship", FieldErrorCode::NotAnOption);
        }
        if !self.authorisation {
            add("authorisation", FieldErrorCode::Required);
        }
        invalid
    }
}

/// The problems with a person's `name` (1 to `max_name` characters, trimmed) and `phone` (a
/// mainland number), as fields `{prefix}name` and `{prefix}phone`.
fn person_problems(prefix: &str, name: &str, max_name: usize, phone: &str) -> Vec<Invalid> {
    let mut invalid = Vec::new();
    let name = name.trim().chars().count();
    let name_problem = if name == 0 {
        Some(FieldErrorCode::Required)
    } else {
        (name > max_name).then_some(FieldErrorCode::TooLong)
    };
    let phone = phone.trim();
    let phone_problem = if phone.is_empty() {
        Some(FieldErrorCode::Required)
    } else {
        (!is_phone(phone)).then_some(FieldErrorCode::InvalidPhone)
    };
    for (member, code) in [("name", name_problem), ("phone", phone_problem)] {
        if let Some(code) = code {
            invalid.push(Invalid {
                field: format!("{prefix}{member}"),
                code,
            });
        }
    }
    invalid
}

/// How an agent is related to the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentRelationship {
    /// Spouse, child, parent or another relative.
    Family,
    /// A friend or neighbour.
    Friend,
    /// A volunteer.
    Volunteer,
    /// A community or village worker (网格员, 社区工作者).
    CommunityWorker,
    /// Someone else.
    Other,
    /// A relationship this client does not know yet.
    #[serde(other)]
    Unknown,
}

impl AgentRelationship {
    /// Every relationship a citizen can choose, in display order.
    pub const ALL: [AgentRelationship; 5] = [
        AgentRelationship::Family,
        AgentRelationship::Friend,
        AgentRelationship::Volunteer,
        AgentRelationship::CommunityWorker,
        AgentRelationship::Other,
    ];

    /// The wire name, e.g. `community_worker`.
    pub fn as_str(self) -> &'static str {
        match self {
            AgentRelationship::Family => "family",
            AgentRelationship::Friend => "friend",
            AgentRelationship::Volunteer => "volunteer",
            AgentRelationship::CommunityWorker => "community_worker",
            AgentRelationship::Other => "other",
            AgentRelationship::Unknown => "unknown",
        }
    }
}

/// `GET /v1/staff/helpers` item: a person who helps citizens (a volunteer or staff member),
/// kept as a record, not an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Helper {
    /// Stable id.
    pub id: i64,
    /// Full name, as the citizen will see it.
    pub name: String,
    /// Telephone number, for staff.
    pub phone: String,
    /// What they can do, when they are free, which languages they speak.
    #[serde(default)]
    pub note: String,
    /// Whether help can be confirmed with them.
    pub active: bool,
}

/// Body of `POST /v1/staff/helpers` (a new helper) and `PATCH /v1/staff/helpers/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelperRecord {
    /// 1 to [`HelperRecord::MAX_NAME`] characters.
    pub name: String,
    /// A mobile or landline number.
    pub phone: String,
    /// At most [`HelperRecord::MAX_NOTE`] characters.
    #[serde(default)]
    pub note: String,
    /// Whether help can be confirmed with them; a new helper is active unless this is `false`.
    #[serde(default = "active_by_default")]
    pub active: bool,
}

fn active_by_default() -> bool {
    true
}

impl HelperRecord {
    /// Longest accepted name, in characters.
    pub const MAX_NAME: usize = 50;
    /// Longest accepted note, in characters.
    pub const MAX_NOTE: usize = 200;

    /// Every problem with this record, as fields `name`, `phone` and `note`, in that order.
    pub fn problems(&self) -> Vec<Invalid> {
        let mut invalid = person_problems("", &self.name, HelperRecord::MAX_NAME, &self.phone);
        if self.note.trim().chars().count() > HelperRecord::MAX_NOTE {
            invalid.push(Invalid {
                field: "note".to_owned(),
                code: FieldErrorCode::TooLong,
            });
        }
        invalid
    }
}

/// Body of `POST /v1/staff/tickets/{ticket}/help`: a supervisor confirms who will help with an
/// assistance ticket, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpConfirmation {
    /// The helper's id; an active helper.
    pub helper: i64,
    /// `YYYY-MM-DDTHH:MM`, the centre's local time, not in the past.
    pub at: String,
    /// Where to meet or what to bring, shown to the citizen; at most
    /// [`HelpConfirmation::MAX_NOTE`] characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The case's `version`, if the caller wants a stale view refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
}

impl HelpConfirmation {
    /// Longest accepted note, in characters.
    pub const MAX_NOTE: usize = 500;
}

/// Confirmed help, as the citizen sees it on the ticket and in its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmedHelp {
    /// The helper's name.
    pub helper: String,
    /// `YYYY-MM-DDTHH:MM`, the centre's local time.
    pub at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent() -> Agent {
        Agent {
            name: "王小明".into(),
            phone: "13800138000".into(),
            relationship: AgentRelationship::Family,
            authorisation: true,
        }
    }

    #[test]
    fn a_complete_agent_has_no_problems() {
        assert!(agent().problems().is_empty());
    }

    #[test]
    fn each_agent_member_is_checked() {
        let bad = Agent {
            name: " ".into(),
            phone: "12".into(),
            relationship: AgentRelationship::Unknown,
            authorisation: false,
        };
        let fields: Vec<(String, FieldErrorCode)> = bad
            .problems()
            .into_iter()
            .map(|i| (i.field, i.code))
            .collect();
        assert_eq!(
            fields,
            [
                ("agent.name".to_owned(), FieldErrorCode::Required),
                ("agent.phone".to_owned(), FieldErrorCode::InvalidPhone),
                ("agent.relationship".to_owned(), FieldErrorCode::NotAnOption),
                ("agent.authorisation".to_owned(), FieldErrorCode::Required),
            ]
        );
        let long = Agent {
            name: "名".repeat(51),
            ..agent()
        };
        assert_eq!(long.problems()[0].code, FieldErrorCode::TooLong);
    }

    #[test]
    fn kinds_from_older_and_newer_backends_read_safely() {
        let kind: ServiceKind = serde_json::from_str("\"hotline\"").expect("reads");
        assert_eq!(kind, ServiceKind::Unknown);
        assert_eq!(
            ServiceKind::from_name("complaint"),
            Some(ServiceKind::Complaint)
        );
        assert_eq!(ServiceKind::from_name("unknown"), None);
    }
}
