//! Appointments on the citizen's side, as plain types: what the booking form holds and what
//! is missing from it, the bookings held on this device, and the addresses that carry a
//! booking to a phone (its token in the fragment, never in a URL a server sees).

use banshi_contract::{FieldErrorCode, NewBooking, SlotDays};
use serde::{Deserialize, Serialize};

use super::route::percent_encode;

/// What a citizen has chosen and typed in the booking form, kept until the booking is made
/// so that a reload, going offline or a refused code loses nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookDraft {
    /// The chosen line's code.
    pub line: String,
    /// The chosen day, `YYYY-MM-DD`.
    pub date: String,
    /// The chosen slot's start, `HH:MM`.
    pub starts: String,
    /// The mobile number as typed.
    pub phone: String,
    /// The SMS code as typed.
    pub code: String,
}

impl BookDraft {
    /// Storage key.
    pub const KEY: &'static str = "book-slot";

    /// The problems that stop the code being sent, as (input id, error) pairs.
    pub fn phone_problems(&self) -> Vec<(&'static str, FieldErrorCode)> {
        let phone = self.phone.trim();
        if phone.is_empty() {
            vec![("book-phone", FieldErrorCode::Required)]
        } else if !super::queue::is_mobile(phone) {
            vec![("book-phone", FieldErrorCode::InvalidPhone)]
        } else {
            Vec::new()
        }
    }

    /// The problems that stop the booking, as (input id, error) pairs: a line, a day and a
    /// slot with places left in `slots` (when known), a mobile number and a six-digit code.
    pub fn problems(&self, slots: Option<&SlotDays>) -> Vec<(&'static str, FieldErrorCode)> {
        let mut problems = Vec::new();
        if self.line.is_empty() {
            problems.push(("book-line", FieldErrorCode::Required));
        }
        let day = slots.and_then(|s| s.days.iter().find(|d| d.date == self.date));
        if self.date.is_empty() || (slots.is_some() && day.is_none()) {
            problems.push(("book-date", FieldErrorCode::Required));
        } else {
            let open = day.is_none_or(|d| {
                d.slots
                    .iter()
                    .any(|s| s.starts == self.starts && s.left > 0)
            });
            if self.starts.is_empty() || !open {
                problems.push(("book-slot", FieldErrorCode::Required));
            }
        }
        problems.extend(self.phone_problems());
        let code = self.code.trim();
        if code.is_empty() {
            problems.push(("book-code", FieldErrorCode::Required));
        } else if !(code.len() == 6 && code.chars().all(|c| c.is_ascii_digit())) {
            problems.push(("book-code", FieldErrorCode::Incorrect));
        }
        problems
    }

    /// The booking it asks for.
    pub fn booking(&self) -> NewBooking {
        NewBooking {
            line: self.line.clone(),
            date: self.date.clone(),
            starts: self.starts.clone(),
            phone: self.phone.trim().to_owned(),
            code: self.code.trim().to_owned(),
        }
    }

    /// Chooses `line`, forgetting the day and slot chosen for another.
    pub fn choose_line(&mut self, line: &str) {
        if self.line != line {
            self.line = line.to_owned();
            self.date.clear();
            self.starts.clear();
        }
    }

    /// Chooses `date`, forgetting the slot chosen on another day.
    pub fn choose_date(&mut self, date: &str) {
        if self.date != date {
            self.date = date.to_owned();
            self.starts.clear();
        }
    }
}

/// A booking held on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedBooking {
    /// Hall id.
    pub hall: String,
    /// The booking's code.
    pub reference: String,
    /// Its token.
    pub token: String,
}

/// The bookings held on this device, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedBookings(pub Vec<SavedBooking>);

impl SavedBookings {
    /// Storage key.
    pub const KEY: &'static str = "bookings";
    /// The most kept.
    pub const MAX: usize = 10;

    /// Keeps `booking` first, once.
    pub fn remember(&mut self, booking: SavedBooking) {
        self.forget(&booking.hall, &booking.reference);
        self.0.insert(0, booking);
        self.0.truncate(Self::MAX);
    }

    /// Drops a booking.
    pub fn forget(&mut self, hall: &str, reference: &str) {
        self.0
            .retain(|b| !(b.hall == hall && b.reference.eq_ignore_ascii_case(reference)));
    }

    /// The booking `reference` of `hall` (any hall when `hall` is empty).
    pub fn find(&self, hall: &str, reference: &str) -> Option<&SavedBooking> {
        self.0.iter().find(|b| {
            (hall.is_empty() || b.hall == hall) && b.reference.eq_ignore_ascii_case(reference)
        })
    }
}

/// The path of a booking's page (the token stays out of it).
pub fn booking_path(hall: &str, reference: &str) -> String {
    format!(
        "/b/{}?hall={}",
        percent_encode(reference),
        percent_encode(hall)
    )
}

/// The address that opens a booking on another device or at a kiosk's scanner, its token in
/// the fragment.
pub fn booking_carry_url(origin: &str, hall: &str, reference: &str, token: &str) -> String {
    format!(
        "{origin}{}#token={}",
        booking_path(hall, reference),
        percent_encode(token)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use banshi_contract::{Slot, SlotDay};

    fn slots() -> SlotDays {
        let slot = |starts: &str, left| Slot {
            starts: starts.into(),
            ends: String::new(),
            capacity: 4,
            left,
            closed: false,
        };
        SlotDays {
            hall: "main".into(),
            line: "B".into(),
            days: vec![SlotDay {
                date: "2026-12-08".into(),
                slots: vec![slot("09:00", 2), slot("10:00", 0)],
            }],
            updated_at: String::new(),
        }
    }

    #[test]
    fn a_booking_needs_a_line_a_day_a_slot_with_room_a_mobile_and_a_six_digit_code() {
        let mut draft = BookDraft::default();
        let inputs = |d: &BookDraft, s| {
            d.problems(s)
                .into_iter()
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            inputs(&draft, None),
            ["book-line", "book-date", "book-phone", "book-code"]
        );
        draft.choose_line("B");
        draft.choose_date("2026-12-08");
        draft.starts = "10:00".into();
        draft.phone = "0571-12345678".into();
        draft.code = "12345".into();
        let days = slots();
        let problems = draft.problems(Some(&days));
        assert_eq!(
            problems,
            [
                ("book-slot", FieldErrorCode::Required),
                ("book-phone", FieldErrorCode::InvalidPhone),
                ("book-code", FieldErrorCode::Incorrect)
            ],
            "a full slot, a landline (no SMS) and a short code"
        );
        draft.starts = "09:00".into();
        draft.phone = " 13812345678 ".into();
        draft.code = "428913".into();
        assert_eq!(draft.problems(Some(&days)), []);
        assert_eq!(draft.booking().phone, "13812345678");
        // A day no longer offered (the page was left open overnight) must be chosen again.
        draft.date = "2026-12-07".into();
        assert_eq!(inputs(&draft, Some(&days)), ["book-date"]);
    }

    #[test]
    fn choosing_another_line_or_day_forgets_the_slot_chosen_before() {
        let mut draft = BookDraft {
            line: "B".into(),
            date: "2026-12-08".into(),
            starts: "09:00".into(),
            ..BookDraft::default()
        };
        draft.choose_date("2026-12-08");
        assert_eq!(draft.starts, "09:00", "the same day keeps it");
        draft.choose_date("2026-12-09");
        assert_eq!(draft.starts, "");
        draft.date = "2026-12-08".into();
        draft.choose_line("A");
        assert_eq!((draft.date.as_str(), draft.starts.as_str()), ("", ""));
    }

    #[test]
    fn bookings_are_held_newest_first_and_carried_with_the_token_in_the_fragment() {
        let mut held = SavedBookings::default();
        for reference in ["AAAA2222", "BBBB3333", "AAAA2222"] {
            held.remember(SavedBooking {
                hall: "main".into(),
                reference: reference.into(),
                token: format!("t-{reference}"),
            });
        }
        let order: Vec<&str> = held.0.iter().map(|b| b.reference.as_str()).collect();
        assert_eq!(order, ["AAAA2222", "BBBB3333"]);
        assert!(held.find("", "aaaa2222").is_some());
        held.forget("main", "AAAA2222");
        assert!(held.find("main", "AAAA2222").is_none());
        assert_eq!(
            booking_carry_url("https://banshi.example", "main", "K7M2QX9A", "T0K+N"),
            "https://banshi.example/b/K7M2QX9A?hall=main#token=T0K%2BN"
        );
    }
}
