//! A citizen's half-filled request form: raw inputs as typed, kept across reloads, turned into
//! contract answers and validated with the same rules as the server.

use std::collections::BTreeMap;

use banshi_contract::validate::{Invalid, validate_answer};
use banshi_contract::{Answer, Datatype, Field, FieldErrorCode};
use serde::{Deserialize, Serialize};

use super::number::parse_decimal;

/// What has been typed into one service's form so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The service the form belongs to.
    pub service_code: String,
    /// Raw inputs by field code: text as typed, chosen keys, or a tick.
    pub inputs: BTreeMap<String, Answer>,
    /// Key of the submission attempt, kept until it succeeds so retries never duplicate.
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

impl Draft {
    /// An empty draft for `service_code`.
    pub fn new(service_code: &str) -> Draft {
        Draft {
            service_code: service_code.to_owned(),
            ..Draft::default()
        }
    }

    /// The text typed into a field, or "".
    pub fn text(&self, code: &str) -> String {
        match self.inputs.get(code) {
            Some(Answer::Text(t)) => t.clone(),
            Some(Answer::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    }

    /// Whether a checkbox is ticked.
    pub fn flag(&self, code: &str) -> bool {
        matches!(self.inputs.get(code), Some(Answer::Bool(true)))
    }

    /// The keys chosen in a multiple-choice field.
    pub fn choices(&self, code: &str) -> Vec<String> {
        match self.inputs.get(code) {
            Some(Answer::List(keys)) => keys.clone(),
            _ => Vec::new(),
        }
    }

    /// Records typed text.
    pub fn set_text(&mut self, code: &str, text: String) {
        self.inputs.insert(code.to_owned(), Answer::Text(text));
        self.idempotency_key = None;
    }

    /// Records a tick or untick.
    pub fn set_flag(&mut self, code: &str, on: bool) {
        self.inputs.insert(code.to_owned(), Answer::Bool(on));
        self.idempotency_key = None;
    }

    /// Adds or removes one key of a multiple-choice field, keeping the options' order.
    pub fn toggle_choice(&mut self, field: &Field, key: &str, on: bool) {
        let mut chosen = self.choices(&field.code);
        chosen.retain(|k| k != key);
        if on {
            chosen.push(key.to_owned());
        }
        chosen.sort_by_key(|k| field.values.iter().position(|v| &v.key == k));
        self.inputs.insert(field.code.clone(), Answer::List(chosen));
        self.idempotency_key = None;
    }

    /// The contract answer for one field: numbers parsed, text trimmed, blanks left out.
    /// `Err` when the input cannot be read as the field's type.
    pub fn answer(&self, field: &Field) -> Result<Option<Answer>, FieldErrorCode> {
        let Some(input) = self.inputs.get(&field.code) else {
            return Ok(None);
        };
        Ok(match (field.datatype, input) {
            (_, Answer::Text(t)) if t.trim().is_empty() => None,
            (Datatype::Number, Answer::Text(t)) => {
                let n = parse_decimal(t).ok_or(FieldErrorCode::NotANumber)?;
                Some(Answer::Number(n))
            }
            (Datatype::Datetime, Answer::Text(t)) => {
                Some(Answer::Text(t.trim().replacen(' ', "T", 1)))
            }
            (Datatype::Boolean, Answer::Bool(false)) => None,
            (Datatype::Multivaluelist, Answer::List(l)) if l.is_empty() => None,
            (_, Answer::Text(t)) => Some(Answer::Text(t.trim().to_owned())),
            (_, other) => Some(other.clone()),
        })
    }

    /// Checks one field as the server will.
    pub fn check(&self, field: &Field) -> Result<(), FieldErrorCode> {
        validate_answer(field, self.answer(field)?.as_ref())
    }

    /// Every invalid field, in form order.
    pub fn problems(&self, fields: &[Field]) -> Vec<Invalid> {
        fields
            .iter()
            .filter_map(|f| {
                self.check(f).err().map(|code| Invalid {
                    field: f.code.clone(),
                    code,
                })
            })
            .collect()
    }

    /// The answers to submit: only fields of the form, blanks left out.
    pub fn answers(&self, fields: &[Field]) -> BTreeMap<String, Answer> {
        fields
            .iter()
            .filter_map(|f| self.answer(f).ok().flatten().map(|a| (f.code.clone(), a)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use banshi_contract::FieldOption;

    fn field(code: &str, datatype: Datatype, required: bool) -> Field {
        Field {
            code: code.into(),
            datatype,
            required,
            label: code.into(),
            hint: None,
            min_length: None,
            max_length: None,
            min: None,
            max: Some(100.0),
            pattern: None,
            values: ["a", "b", "c"]
                .map(|k| FieldOption {
                    key: k.into(),
                    name: k.into(),
                })
                .to_vec(),
            contact: None,
        }
    }

    #[test]
    fn numbers_typed_with_separators_or_full_width_marks_are_read() {
        let f = field("n", Datatype::Number, true);
        let mut draft = Draft::new("s");
        draft.set_text("n", " 1,000 ".into());
        assert_eq!(draft.answer(&f), Ok(Some(Answer::Number(1000.0))));
        draft.set_text("n", "12．5".into());
        assert_eq!(draft.answer(&f), Ok(Some(Answer::Number(12.5))));
        draft.set_text("n", "twelve".into());
        assert_eq!(draft.check(&f), Err(FieldErrorCode::NotANumber));
        draft.set_text("n", "101".into());
        assert_eq!(draft.check(&f), Err(FieldErrorCode::TooLarge));
    }

    #[test]
    fn blank_and_unticked_inputs_are_not_answers() {
        let fields = [
            field("t", Datatype::String, false),
            field("b", Datatype::Boolean, false),
        ];
        let mut draft = Draft::new("s");
        draft.set_text("t", "   ".into());
        draft.set_flag("b", false);
        assert!(draft.answers(&fields).is_empty());
        assert!(draft.problems(&fields).is_empty());
    }

    #[test]
    fn choices_keep_the_order_of_the_options() {
        let f = field("m", Datatype::Multivaluelist, true);
        let mut draft = Draft::new("s");
        draft.toggle_choice(&f, "c", true);
        draft.toggle_choice(&f, "a", true);
        assert_eq!(draft.choices("m"), ["a", "c"]);
        draft.toggle_choice(&f, "a", false);
        assert_eq!(draft.answer(&f), Ok(Some(Answer::List(vec!["c".into()]))));
    }

    #[test]
    fn required_problems_are_listed_in_form_order() {
        let fields = [
            field("x", Datatype::String, true),
            field("y", Datatype::Phone, true),
        ];
        let mut draft = Draft::new("s");
        draft.set_text("y", "123".into());
        let codes: Vec<_> = draft
            .problems(&fields)
            .into_iter()
            .map(|i| (i.field, i.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("x".into(), FieldErrorCode::Required),
                ("y".into(), FieldErrorCode::InvalidPhone)
            ]
        );
    }

    #[test]
    fn editing_after_a_failed_submission_starts_a_new_attempt() {
        let mut draft = Draft::new("s");
        draft.idempotency_key = Some("k1".into());
        draft.set_text("x", "changed".into());
        assert_eq!(
            draft.idempotency_key, None,
            "a changed body must not reuse the old key"
        );
    }

    #[test]
    fn a_draft_survives_a_round_trip_through_storage() {
        let mut draft = Draft::new("s");
        draft.set_text("name", "王小明".into());
        draft.set_flag("ok", true);
        draft.idempotency_key = Some("key".into());
        let stored = serde_json::to_string(&draft).expect("serialises");
        assert_eq!(
            serde_json::from_str::<Draft>(&stored).expect("reads"),
            draft
        );
    }
}
