//! Field error messages in the citizen's language, chosen from the machine code so client
//! checks and server verdicts read the same.

use banshi_contract::{Datatype, Field, FieldErrorCode, Locale};

use crate::i18n::{Key, fill, text};
use crate::model::number::format_decimal;

/// The message for `code` on `field`, naming the field by its label.
pub fn message(locale: Locale, code: FieldErrorCode, field: &Field) -> String {
    use FieldErrorCode::*;
    let key = match code {
        Required if field.datatype.is_list() => Key::FieldErrorRequiredChoice,
        Required if field.datatype == Datatype::Boolean => Key::FieldErrorRequiredConfirm,
        Required => Key::FieldErrorRequired,
        WrongType | Unknown | UnknownField => Key::FieldErrorInvalid,
        TooShort => Key::FieldErrorTooShort,
        TooLong => Key::FieldErrorTooLong,
        TooSmall => Key::FieldErrorTooSmall,
        TooLarge => Key::FieldErrorTooLarge,
        NotANumber => Key::FieldErrorNotANumber,
        InvalidDate => Key::FieldErrorDate,
        InvalidDatetime => Key::FieldErrorDatetime,
        InvalidPhone => Key::FieldErrorPhone,
        InvalidEmail => Key::FieldErrorEmail,
        InvalidIdNumber => Key::FieldErrorIdNumber,
        PatternMismatch => Key::FieldErrorPattern,
        NotAnOption => Key::FieldErrorNotAnOption,
        TooWeak => Key::FieldErrorTooWeak,
        Incorrect => Key::FieldErrorIncorrect,
        Expired => Key::FieldErrorExpired,
    };
    let number = |n: Option<f64>| n.map(format_decimal).unwrap_or_default();
    let count = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    let max_length = field
        .max_length
        .or(Some(if field.datatype == Datatype::Text {
            banshi_contract::validate::DEFAULT_MAX_TEXT
        } else {
            banshi_contract::validate::DEFAULT_MAX_STRING
        }));
    fill(
        text(locale, key),
        &[
            ("label", &field.label),
            ("min", &number(field.min)),
            ("max", &number(field.max)),
            ("min_length", &count(field.min_length)),
            ("max_length", &count(max_length)),
        ],
    )
}
