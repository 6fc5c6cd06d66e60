//! How a citizen chooses to be told of changes to a ticket: the channels a form can offer
//! (the backend sends through them and the form asks for their contact), and the choice
//! kept in the draft beside the answers.

use banshi_contract::{Field, NotifyChannel};

use super::draft::Draft;

/// The draft input that holds the choice; not a field code of any form.
pub const DRAFT_KEY: &str = "notify-channel";

/// The channels to offer on a form of `fields`, in the backend's order: those it sends
/// through (`backend`) whose contact field the form has.
pub fn offered(fields: &[Field], backend: &[NotifyChannel]) -> Vec<NotifyChannel> {
    backend
        .iter()
        .copied()
        .filter(|channel| {
            channel
                .contact()
                .is_some_and(|role| fields.iter().any(|f| f.contact == Some(role)))
        })
        .collect()
}

/// The choice in `draft`, if it is one of `offered`.
pub fn chosen(draft: &Draft, offered: &[NotifyChannel]) -> Option<NotifyChannel> {
    NotifyChannel::from_name(&draft.text(DRAFT_KEY)).filter(|c| offered.contains(c))
}

/// The contact field the chosen channel needs, when it is left blank.
pub fn blank_contact<'a>(
    draft: &Draft,
    fields: &'a [Field],
    chosen: Option<NotifyChannel>,
) -> Option<&'a Field> {
    let role = chosen?.contact()?;
    fields
        .iter()
        .find(|f| f.contact == Some(role))
        .filter(|f| draft.text(&f.code).trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use banshi_contract::{ContactRole, Datatype};

    fn field(code: &str, contact: Option<ContactRole>) -> Field {
        Field {
            code: code.into(),
            datatype: Datatype::String,
            required: false,
            label: code.into(),
            hint: None,
            min_length: None,
            max_length: None,
            min: None,
            max: None,
            pattern: None,
            values: Vec::new(),
            contact,
        }
    }

    #[test]
    fn only_channels_the_backend_sends_and_the_form_asks_for_are_offered() {
        let with_email = [
            field("mobile", Some(ContactRole::Phone)),
            field("mail", Some(ContactRole::Email)),
        ];
        let phone_only = [field("mobile", Some(ContactRole::Phone))];
        let both = [NotifyChannel::Email, NotifyChannel::Sms];
        assert_eq!(offered(&with_email, &both), both);
        assert_eq!(offered(&phone_only, &both), [NotifyChannel::Sms]);
        assert!(offered(&phone_only, &[NotifyChannel::Email]).is_empty());
        assert!(offered(&with_email, &[]).is_empty());
    }

    #[test]
    fn a_choice_needs_its_contact_answered() {
        let fields = [field("mail", Some(ContactRole::Email))];
        let mut draft = Draft::new("s");
        draft.set_text(DRAFT_KEY, "email".into());
        let choice = chosen(&draft, &[NotifyChannel::Email]);
        assert_eq!(choice, Some(NotifyChannel::Email));
        assert_eq!(
            blank_contact(&draft, &fields, choice).map(|f| f.code.as_str()),
            Some("mail")
        );
        draft.set_text("mail", "a@example.cn".into());
        assert!(blank_contact(&draft, &fields, choice).is_none());
        // A choice the backend no longer offers counts as none.
        assert_eq!(chosen(&draft, &[NotifyChannel::Sms]), None);
    }
}
