//! Filing on someone else's behalf (代办): the agent's questions as form fields, kept in the
//! same draft as the applicant's answers under codes no service uses (`agent-…`), checked with
//! the field rules and read back into the contract's [`Agent`].

use banshi_contract::{
    Agent, AgentRelationship, Answer, Datatype, Field, FieldOption, validate::Invalid,
};

use super::draft::Draft;

/// The checkbox "I am filing for someone else".
pub const ON: &str = "agent-on";
const NAME: &str = "agent-name";
const PHONE: &str = "agent-phone";
const RELATIONSHIP: &str = "agent-relationship";
const AUTHORISATION: &str = "agent-authorisation";

/// The texts of the agent's questions, in the page's language.
#[derive(Debug)]
pub struct AgentTexts<'a> {
    /// The checkbox that opens the questions.
    pub on: &'a str,
    /// The agent's name.
    pub name: &'a str,
    /// The agent's phone.
    pub phone: &'a str,
    /// How they are related.
    pub relationship: &'a str,
    /// The name of each relationship, in [`AgentRelationship::ALL`] order.
    pub relationships: [&'a str; 5],
    /// The declaration that written authorisation exists.
    pub authorisation: &'a str,
    /// Help under the declaration.
    pub authorisation_hint: &'a str,
}

fn field(code: &str, datatype: Datatype, label: &str) -> Field {
    Field {
        code: code.to_owned(),
        datatype,
        required: true,
        label: label.to_owned(),
        hint: None,
        min_length: None,
        max_length: None,
        min: None,
        max: None,
        pattern: None,
        values: Vec::new(),
        contact: None,
    }
}

/// The checkbox that opens the agent's questions.
pub fn toggle(texts: &AgentTexts) -> Field {
    Field {
        required: false,
        ..field(ON, Datatype::Boolean, texts.on)
    }
}

/// The agent's questions, in order.
pub fn fields(texts: &AgentTexts) -> Vec<Field> {
    vec![
        Field {
            max_length: Some(Agent::MAX_NAME as u32),
            ..field(NAME, Datatype::String, texts.name)
        },
        field(PHONE, Datatype::Phone, texts.phone),
        Field {
            values: AgentRelationship::ALL
                .iter()
                .zip(texts.relationships)
                .map(|(r, name)| FieldOption {
                    key: r.as_str().to_owned(),
                    name: name.to_owned(),
                })
                .collect(),
            ..field(RELATIONSHIP, Datatype::Singlevaluelist, texts.relationship)
        },
        Field {
            hint: Some(texts.authorisation_hint.to_owned()),
            ..field(AUTHORISATION, Datatype::Boolean, texts.authorisation)
        },
    ]
}

/// The draft code of a contract member named in a server error (`agent.name`), if it is one.
pub fn draft_code(member: &str) -> Option<String> {
    member
        .strip_prefix("agent.")
        .map(|name| format!("agent-{name}"))
}

impl Draft {
    /// Whether the citizen says they are filing for someone else.
    pub fn by_agent(&self) -> bool {
        self.flag(ON)
    }

    /// The agent's questions if the citizen is filing for someone else, else none.
    pub fn agent_fields(&self, texts: &AgentTexts) -> Vec<Field> {
        if self.by_agent() {
            fields(texts)
        } else {
            Vec::new()
        }
    }

    /// The agent to submit: `None` unless the citizen is filing for someone else and every
    /// question is answered well.
    pub fn agent(&self, texts: &AgentTexts) -> Option<Agent> {
        let fields = self.agent_fields(texts);
        if fields.is_empty() || !self.problems(&fields).is_empty() {
            return None;
        }
        let relationship = match self.answer(&fields[2]) {
            Ok(Some(Answer::Text(key))) => AgentRelationship::ALL
                .into_iter()
                .find(|r| r.as_str() == key)?,
            _ => return None,
        };
        Some(Agent {
            name: self.text(NAME).trim().to_owned(),
            phone: self.text(PHONE).trim().to_owned(),
            relationship,
            authorisation: self.flag(AUTHORISATION),
        })
    }

    /// The problems with the agent's answers, in order; none when not filing for someone.
    pub fn agent_problems(&self, texts: &AgentTexts) -> Vec<Invalid> {
        self.problems(&self.agent_fields(texts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use banshi_contract::FieldErrorCode;

    const TEXTS: AgentTexts = AgentTexts {
        on: "on",
        name: "name",
        phone: "phone",
        relationship: "relationship",
        relationships: ["a", "b", "c", "d", "e"],
        authorisation: "auth",
        authorisation_hint: "hint",
    };

    #[test]
    fn no_agent_unless_the_citizen_says_so() {
        let mut draft = Draft::new("s");
        draft.set_text(NAME, "王小明".into());
        assert!(draft.agent_problems(&TEXTS).is_empty());
        assert_eq!(draft.agent(&TEXTS), None);
    }

    #[test]
    fn a_filled_agent_becomes_the_contract_agent() {
        let mut draft = Draft::new("s");
        draft.set_flag(ON, true);
        let codes: Vec<(String, FieldErrorCode)> = draft
            .agent_problems(&TEXTS)
            .into_iter()
            .map(|i| (i.field, i.code))
            .collect();
        assert_eq!(
            codes.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(),
            [NAME, PHONE, RELATIONSHIP, AUTHORISATION]
        );
        draft.set_text(NAME, " 王小明 ".into());
        draft.set_text(PHONE, "138 0013 8000".into());
        draft.set_text(RELATIONSHIP, "community_worker".into());
        draft.set_flag(AUTHORISATION, true);
        let agent = draft.agent(&TEXTS).expect("an agent");
        assert_eq!(agent.name, "王小明");
        assert_eq!(agent.relationship, AgentRelationship::CommunityWorker);
        assert!(agent.problems().is_empty(), "the server accepts it too");
        draft.set_flag(ON, false);
        assert_eq!(draft.agent(&TEXTS), None, "unticking drops the agent");
    }

    #[test]
    fn server_errors_name_the_draft_codes() {
        assert_eq!(draft_code("agent.phone").as_deref(), Some(PHONE));
        assert_eq!(draft_code("answers.phone"), None);
    }
}
