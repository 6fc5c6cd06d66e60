//! The validation rules for request answers, shared by the portal (as the citizen types) and
//! the server (as the last word), so both report the same field error codes.

use std::collections::BTreeMap;

use crate::pattern::Pattern;
use crate::{Answer, Datatype, Field, FieldErrorCode};

/// Longest `string` answer when the field sets no `max_length`.
pub const DEFAULT_MAX_STRING: u32 = 200;
/// Longest `text` answer when the field sets no `max_length`.
pub const DEFAULT_MAX_TEXT: u32 = 2000;

/// One invalid answer, before it is given a localised message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The field's code.
    pub field: String,
    /// Why it is invalid.
    pub code: FieldErrorCode,
}

/// Checks every answer against the form, in form order, then reports answers to fields the
/// form does not have. An empty result means the submission is valid.
pub fn validate_answers(fields: &[Field], answers: &BTreeMap<String, Answer>) -> Vec<Invalid> {
    let mut invalid: Vec<Invalid> = fields
        .iter()
        .filter_map(|field| {
            validate_answer(field, answers.get(&field.code))
                .err()
                .map(|code| Invalid {
                    field: field.code.clone(),
                    code,
                })
        })
        .collect();
    invalid.extend(
        answers
            .keys()
            .filter(|code| !fields.iter().any(|f| &f.code == *code))
            .map(|code| Invalid {
                field: code.clone(),
                code: FieldErrorCode::UnknownField,
            }),
    );
    invalid
}

/// Checks one answer against its field. `None` means the citizen gave no answer.
///
/// A blank string or an empty list counts as no answer. A required `boolean` must be `true`:
/// it is a declaration the citizen has to confirm.
pub fn validate_answer(field: &Field, answer: Option<&Answer>) -> Result<(), FieldErrorCode> {
    let answer = match answer {
        None => None,
        Some(Answer::Text(s)) if s.trim().is_empty() => None,
        Some(Answer::List(l)) if l.is_empty() => None,
        Some(Answer::Bool(false)) if field.datatype == Datatype::Boolean => None,
        Some(a) => Some(a),
    };
    let Some(answer) = answer else {
        return if field.required {
            Err(FieldErrorCode::Required)
        } else {
            Ok(())
        };
    };
    match (field.datatype, answer) {
        (Datatype::String | Datatype::Text, Answer::Text(s)) => check_text(field, s.trim()),
        (Datatype::Number, Answer::Number(n)) => check_number(field, *n),
        (Datatype::Date, Answer::Text(s)) => is_date(s.trim())
            .then_some(())
            .ok_or(FieldErrorCode::InvalidDate),
        (Datatype::Datetime, Answer::Text(s)) => is_datetime(s.trim())
            .then_some(())
            .ok_or(FieldErrorCode::InvalidDatetime),
        (Datatype::Phone, Answer::Text(s)) => is_phone(s)
            .then_some(())
            .ok_or(FieldErrorCode::InvalidPhone),
        (Datatype::Email, Answer::Text(s)) => is_email(s.trim())
            .then_some(())
            .ok_or(FieldErrorCode::InvalidEmail),
        (Datatype::IdNumber, Answer::Text(s)) => is_id_number(s.trim())
            .then_some(())
            .ok_or(FieldErrorCode::InvalidIdNumber),
        (Datatype::Singlevaluelist, Answer::Text(key)) => has_option(field, key)
            .then_some(())
            .ok_or(FieldErrorCode::NotAnOption),
        (Datatype::Multivaluelist, Answer::List(keys)) => {
            let distinct = keys.iter().enumerate().all(|(i, k)| !keys[..i].contains(k));
            (distinct && keys.iter().all(|k| has_option(field, k)))
                .then_some(())
                .ok_or(FieldErrorCode::NotAnOption)
        }
        (Datatype::Boolean, Answer::Bool(_)) => Ok(()),
        _ => Err(FieldErrorCode::WrongType),
    }
}

fn check_text(field: &Field, text: &str) -> Result<(), FieldErrorCode> {
    let length = text.chars().count() as u32;
    let default_max = if field.datatype == Datatype::Text {
        DEFAULT_MAX_TEXT
    } else {
        DEFAULT_MAX_STRING
    };
    if length < field.min_length.unwrap_or(0) {
        return Err(FieldErrorCode::TooShort);
    }
    if length > field.max_length.unwrap_or(default_max) {
        return Err(FieldErrorCode::TooLong);
    }
    if let Some(pattern) = field
        .pattern
        .as_deref()
        .and_then(|p| Pattern::parse(p).ok())
        && !pattern.is_match(text)
    {
        return Err(FieldErrorCode::PatternMismatch);
    }
    Ok(())
}

fn check_number(field: &Field, n: f64) -> Result<(), FieldErrorCode> {
    if !n.is_finite() {
        return Err(FieldErrorCode::NotANumber);
    }
    if field.min.is_some_and(|min| n < min) {
        return Err(FieldErrorCode::TooSmall);
    }
    if field.max.is_some_and(|max| n > max) {
        return Err(FieldErrorCode::TooLarge);
    }
    Ok(())
}

fn has_option(field: &Field, key: &str) -> bool {
    field.values.iter().any(|v| v.key == key)
}

fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Days in a month of the proleptic Gregorian calendar.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// Parses `YYYY-MM-DD` into (year, month, day) if it is a real calendar date.
pub fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?);
    (year >= 1000 && day >= 1 && day <= days_in_month(year, month)).then_some((year, month, day))
}

/// Whether `s` is a real `YYYY-MM-DD` date.
pub fn is_date(s: &str) -> bool {
    parse_date(s).is_some()
}

/// Whether `s` is a real `YYYY-MM-DDTHH:MM` (optionally `:SS`) local date and time.
pub fn is_datetime(s: &str) -> bool {
    let Some((date, time)) = s.split_once(['T', ' ']) else {
        return false;
    };
    if !is_date(date) {
        return false;
    }
    let parts: Vec<&str> = time.split(':').collect();
    let ok = |p: &str, max: u32| p.len() == 2 && digits(p).is_some_and(|v| v <= max);
    match parts.as_slice() {
        [h, m] => ok(h, 23) && ok(m, 59),
        [h, m, sec] => ok(h, 23) && ok(m, 59) && ok(sec, 59),
        _ => false,
    }
}

/// Whether `s` is a mainland mobile (`13812345678`, optionally `+86`) or a landline with
/// area code (`0571-12345678`). Spaces and hyphens between digit groups are ignored.
pub fn is_phone(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let compact = compact.strip_prefix("+86").unwrap_or(&compact);
    if !compact.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let b = compact.as_bytes();
    let mobile = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    let landline = (10..=12).contains(&b.len()) && b[0] == b'0' && b[1] != b'0';
    mobile || landline
}

/// Whether `s` looks like a deliverable e-mail address: one `@`, a non-empty local part, and
/// a domain of dot-separated labels of ASCII letters, digits and hyphens, or of non-ASCII
/// characters for internationalised names (`例子.中国`). Checking that non-ASCII characters are
/// letters would need Unicode tables in the WASM bundle; the mail server has the last word.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| {
                c.is_ascii_alphanumeric() || c == '-' || !(c.is_ascii() || c.is_whitespace())
            })
    };
    s.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && !local.contains(['@', ' ', '"', '\\', ',', ';', '<', '>'])
        && domain.contains('.')
        && domain.split('.').all(label_ok)
}

/// Whether `s` is an 18-character PRC resident identity number (GB 11643-1999): 17 digits
/// with a real birth date at positions 7–14, then an ISO 7064 MOD 11-2 check character.
pub fn is_id_number(s: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let birth = format!("{}-{}-{}", &s[6..10], &s[10..12], &s[12..14]);
    if parse_date(&birth).is_none_or(|(year, _, _)| year < 1900) {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    b[17].to_ascii_uppercase() == CHECK[(sum % 11) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldOption;

    fn field(datatype: Datatype) -> Field {
        Field {
            code: "f".into(),
            datatype,
            required: true,
            label: "F".into(),
            hint: None,
            min_length: None,
            max_length: None,
            min: None,
            max: None,
            pattern: None,
            values: vec![
                FieldOption {
                    key: "a".into(),
                    name: "A".into(),
                },
                FieldOption {
                    key: "b".into(),
                    name: "B".into(),
                },
            ],
            contact: None,
        }
    }

    fn text(s: &str) -> Answer {
        Answer::Text(s.into())
    }

    #[test]
    fn identity_numbers_need_a_valid_checksum_and_birth_date() {
        assert!(is_id_number("11010519491231002X"));
        assert!(is_id_number("11010519491231002x"));
        assert!(
            !is_id_number("440524188001010014"),
            "valid checksum, but born before 1900"
        );
        assert!(!is_id_number("110105194912310021"), "wrong check character");
        assert!(!is_id_number("110105194902300026"), "30 February");
        assert!(!is_id_number("11010519491231002"), "17 characters");
    }

    #[test]
    fn phones_accept_mobiles_and_landlines_only() {
        for ok in [
            "13812345678",
            "+86 138 1234 5678",
            "0571-12345678",
            "010-1234567",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in ["12812345678", "1381234567", "12345", "0012345678", "abc"] {
            assert!(!is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn emails_and_dates_are_checked_for_shape_and_reality() {
        assert!(is_email("li.ming@example.cn"));
        assert!(!is_email("li.ming@example"));
        assert!(!is_email("li ming@example.cn"));
        assert!(is_email("li@例子.中国"));
        assert!(!is_email("li@exa mple.cn"));
        assert!(!is_email("li@ex_ample.cn"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2023-2-01"));
        assert!(is_datetime("2026-11-22T09:30"));
        assert!(!is_datetime("2026-11-22T24:00"));
    }

    #[test]
    fn blank_required_answers_are_reported_as_required() {
        let f = field(Datatype::String);
        assert_eq!(validate_answer(&f, None), Err(FieldErrorCode::Required));
        assert_eq!(
            validate_answer(&f, Some(&text("   "))),
            Err(FieldErrorCode::Required)
        );
        let optional = Field {
            required: false,
            ..f
        };
        assert_eq!(validate_answer(&optional, None), Ok(()));
    }

    #[test]
    fn a_required_declaration_must_be_confirmed() {
        let f = field(Datatype::Boolean);
        assert_eq!(
            validate_answer(&f, Some(&Answer::Bool(false))),
            Err(FieldErrorCode::Required)
        );
        assert_eq!(validate_answer(&f, Some(&Answer::Bool(true))), Ok(()));
        assert_eq!(
            validate_answer(&f, Some(&text("yes"))),
            Err(FieldErrorCode::WrongType)
        );
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let f = Field {
            min_length: Some(2),
            max_length: Some(3),
            ..field(Datatype::String)
        };
        assert_eq!(
            validate_answer(&f, Some(&text("王"))),
            Err(FieldErrorCode::TooShort)
        );
        assert_eq!(validate_answer(&f, Some(&text("王小明"))), Ok(()));
        assert_eq!(
            validate_answer(&f, Some(&text("欧阳小明"))),
            Err(FieldErrorCode::TooLong)
        );
    }

    #[test]
    fn numbers_respect_their_bounds() {
        let f = Field {
            min: Some(1.0),
            max: Some(10.0),
            ..field(Datatype::Number)
        };
        assert_eq!(
            validate_answer(&f, Some(&Answer::Number(0.5))),
            Err(FieldErrorCode::TooSmall)
        );
        assert_eq!(
            validate_answer(&f, Some(&Answer::Number(11.0))),
            Err(FieldErrorCode::TooLarge)
        );
        assert_eq!(
            validate_answer(&f, Some(&text("5"))),
            Err(FieldErrorCode::WrongType)
        );
        assert_eq!(validate_answer(&f, Some(&Answer::Number(5.0))), Ok(()));
    }

    #[test]
    fn list_answers_must_be_distinct_known_options() {
        let single = field(Datatype::Singlevaluelist);
        assert_eq!(validate_answer(&single, Some(&text("a"))), Ok(()));
        assert_eq!(
            validate_answer(&single, Some(&text("z"))),
            Err(FieldErrorCode::NotAnOption)
        );
        let multi = field(Datatype::Multivaluelist);
        let list = |keys: &[&str]| Answer::List(keys.iter().map(|k| k.to_string()).collect());
        assert_eq!(validate_answer(&multi, Some(&list(&["a", "b"]))), Ok(()));
        assert_eq!(
            validate_answer(&multi, Some(&list(&["a", "a"]))),
            Err(FieldErrorCode::NotAnOption)
        );
        assert_eq!(
            validate_answer(&multi, Some(&list(&[]))),
            Err(FieldErrorCode::Required)
        );
    }

    #[test]
    fn patterns_apply_to_trimmed_strings() {
        let f = Field {
            pattern: Some(r"\d{12}".into()),
            ..field(Datatype::String)
        };
        assert_eq!(validate_answer(&f, Some(&text(" 123456789012 "))), Ok(()));
        assert_eq!(
            validate_answer(&f, Some(&text("12345678901A"))),
            Err(FieldErrorCode::PatternMismatch)
        );
    }

    #[test]
    fn answers_to_unknown_fields_are_reported_after_form_fields() {
        let fields = vec![field(Datatype::String)];
        let answers = BTreeMap::from([("zzz".to_string(), text("x"))]);
        let invalid = validate_answers(&fields, &answers);
        assert_eq!(
            invalid,
            vec![
                Invalid {
                    field: "f".into(),
                    code: FieldErrorCode::Required
                },
                Invalid {
                    field: "zzz".into(),
                    code: FieldErrorCode::UnknownField
                },
            ]
        );
    }
}
