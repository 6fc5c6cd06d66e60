//! Example answers that satisfy a form: for demonstrations at the front desk, benchmarks and
//! tests. They are plausible but fictitious (the identity number is the standard's sample).

use std::collections::BTreeMap;

use crate::pattern::Pattern;
use crate::{Answer, Datatype, Field};

/// A valid answer for every required field of `fields`.
pub fn example_answers(fields: &[Field]) -> BTreeMap<String, Answer> {
    fields
        .iter()
        .filter(|f| f.required)
        .map(|f| (f.code.clone(), example_answer(f)))
        .collect()
}

/// A valid answer to `field`.
pub fn example_answer(field: &Field) -> Answer {
    let text = |base: &str| {
        if let Some(pattern) = field
            .pattern
            .as_deref()
            .and_then(|p| Pattern::parse(p).ok())
        {
            return pattern.example();
        }
        let mut text: String = base
            .chars()
            .take(field.max_length.unwrap_or(u32::MAX) as usize)
            .collect();
        while (text.chars().count() as u32) < field.min_length.unwrap_or(0) {
            text.push('办');
        }
        text
    };
    match field.datatype {
        Datatype::String => Answer::Text(text("李华")),
        Datatype::Text => Answer::Text(text("材料已备齐，希望尽快办理。")),
        Datatype::Number => Answer::Number(match (field.min, field.max) {
            (Some(min), _) => min,
            (None, Some(max)) => max.min(1.0),
            (None, None) => 1.0,
        }),
        Datatype::Date => Answer::Text("2026-03-15".into()),
        Datatype::Datetime => Answer::Text("2026-03-16T09:30".into()),
        Datatype::Phone => Answer::Text("13812345678".into()),
        Datatype::Email => Answer::Text("li.hua@example.cn".into()),
        Datatype::IdNumber => Answer::Text("11010519491231002X".into()),
        Datatype::Singlevaluelist => Answer::Text(
            field
                .values
                .first()
                .map(|v| v.key.clone())
                .unwrap_or_default(),
        ),
        Datatype::Multivaluelist => {
            Answer::List(field.values.iter().take(1).map(|v| v.key.clone()).collect())
        }
        Datatype::Boolean => Answer::Bool(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldOption;
    use crate::validate::validate_answers;

    #[test]
    fn example_answers_pass_validation_for_every_datatype_and_limit() {
        use Datatype::*;
        let mut fields = Vec::new();
        for (i, datatype) in [
            String,
            Text,
            Number,
            Date,
            Datetime,
            Phone,
            Email,
            IdNumber,
            Singlevaluelist,
            Multivaluelist,
            Boolean,
        ]
        .into_iter()
        .enumerate()
        {
            fields.push(Field {
                code: format!("f{i}"),
                datatype,
                required: true,
                label: "F".into(),
                hint: None,
                min_length: (datatype == String).then_some(5),
                max_length: (datatype == Text).then_some(4),
                min: (datatype == Number).then_some(18.0),
                max: (datatype == Number).then_some(120.0),
                pattern: None,
                values: if datatype.is_list() {
                    vec![FieldOption {
                        key: "k".into(),
                        name: "K".into(),
                    }]
                } else {
                    vec![]
                },
                contact: None,
            });
        }
        fields.push(Field {
            code: "plate".into(),
            pattern: Some("[京沪][A-Z]\\d{5}".into()),
            ..fields[0].clone()
        });
        assert_eq!(validate_answers(&fields, &example_answers(&fields)), vec![]);
    }
}
