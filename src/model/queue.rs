//! Queue numbers on this device and what their pages announce: the numbers a citizen holds
//! (`SavedNumbers`), the addresses that carry one to another device, when a number's page
//! speaks up (three ahead, called), which of a hall's calls a calling board announces, and
//! how a number is spelled out for a voice.

use banshi_contract::{FieldErrorCode, Hall, HallCall, Locale, QueueNumber, QueueNumberState};
use serde::{Deserialize, Serialize};

use super::route::percent_encode;

/// Most numbers remembered; older ones are forgotten first.
pub const MAX_SAVED: usize = 10;

/// How many ahead makes a waiting number's page tell its holder to come to the hall.
pub const NEAR: u32 = 3;

/// One number held on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedNumber {
    /// Hall id.
    pub hall: String,
    /// The number, e.g. `A018`.
    pub number: String,
    /// Its token: the secret that shows it is ours.
    pub token: String,
    /// RFC 3339 time it was issued (numbers restart each day).
    pub issued_at: String,
}

/// The numbers held on this device, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedNumbers(pub Vec<SavedNumber>);

impl SavedNumbers {
    /// Storage key.
    pub const KEY: &'static str = "queue-numbers";

    /// Remembers `number`, replacing an older entry for the same hall and number.
    pub fn remember(&mut self, number: SavedNumber) {
        self.forget(&number.hall, &number.number);
        self.0.insert(0, number);
        self.0.truncate(MAX_SAVED);
    }

    /// Forgets `number` of `hall`.
    pub fn forget(&mut self, hall: &str, number: &str) {
        self.0
            .retain(|n| !(n.hall == hall && n.number.eq_ignore_ascii_case(number)));
    }

    /// The entry for `number` (of `hall`, or of any hall when `hall` is empty).
    pub fn find(&self, hall: &str, number: &str) -> Option<&SavedNumber> {
        self.0
            .iter()
            .find(|n| (hall.is_empty() || n.hall == hall) && n.number.eq_ignore_ascii_case(number))
    }
}

/// The path of a number's page (the token stays out of it).
pub fn queue_path(hall: &str, number: &str) -> String {
    format!(
        "/q/{}?hall={}",
        percent_encode(number),
        percent_encode(hall)
    )
}

/// The address that opens a number on another device, its token in the fragment, which
/// browsers never send to a server.
pub fn carry_url(origin: &str, hall: &str, number: &str, token: &str) -> String {
    format!(
        "{origin}{}#token={}",
        queue_path(hall, number),
        percent_encode(token)
    )
}

/// What a citizen has chosen and typed in the take-a-number form, kept until a number is
/// taken so that a reload or a failed call loses nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakeDraft {
    /// The chosen line's code.
    pub line: String,
    /// The mobile number as typed.
    pub phone: String,
}

impl TakeDraft {
    /// Storage key.
    pub const KEY: &'static str = "take-number";

    /// The draft's problems, as (input id, error) pairs: a line must be chosen, and a phone
    /// (unless at a kiosk) must be a mainland mobile, which an SMS can reach.
    pub fn problems(&self, at_kiosk: bool) -> Vec<(&'static str, FieldErrorCode)> {
        let mut problems = Vec::new();
        if self.line.is_empty() {
            problems.push(("take-line", FieldErrorCode::Required));
        }
        let phone = self.phone.trim();
        if !at_kiosk && phone.is_empty() {
            problems.push(("take-phone", FieldErrorCode::Required));
        } else if !phone.is_empty() && !is_mobile(phone) {
            problems.push(("take-phone", FieldErrorCode::InvalidPhone));
        }
        problems
    }
}

/// Whether `phone` is a mainland mobile number (a landline gets no SMS).
pub fn is_mobile(phone: &str) -> bool {
    banshi_contract::validate::is_phone(phone) && !phone.starts_with('0')
}

/// What a number's page tells its holder when the number changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Announcement {
    /// Waiting, with this many ahead (at most [`NEAR`]): time to come.
    Near(u32),
    /// Called (or called again) to this window.
    Called(Option<u32>),
    /// Called and not there: missed (过号).
    Missed,
}

/// The announcement for a number that was `before` and is `now`; none on the first look
/// (what is on screen then is read as the page), nor when nothing worth a sound changed.
pub fn announcement(before: Option<&QueueNumber>, now: &QueueNumber) -> Option<Announcement> {
    let before = before?;
    match now.state {
        QueueNumberState::Called
            if before.state != QueueNumberState::Called || now.recalls > before.recalls =>
        {
            Some(Announcement::Called(now.window))
        }
        QueueNumberState::Missed if before.state != QueueNumberState::Missed => {
            Some(Announcement::Missed)
        }
        state
            if state.is_queued()
                && now.ahead <= NEAR
                && (!before.state.is_queued() || before.ahead > NEAR) =>
        {
            Some(Announcement::Near(now.ahead))
        }
        _ => None,
    }
}

/// The calls of `fresh` to announce on a board that has announced everything up to
/// `announced_up_to` (the `at` of the newest call announced, empty when there was none;
/// `None` before the first snapshot, when nothing already on the board is announced),
/// oldest first, at most `most`. Returns them with the new mark.
pub fn calls_to_announce(
    announced_up_to: Option<&str>,
    fresh: &Hall,
    most: usize,
) -> (Vec<HallCall>, Option<String>) {
    let newest = fresh
        .calls
        .iter()
        .map(|c| c.at.as_str())
        .max()
        .map(str::to_owned);
    let Some(mark) = announced_up_to else {
        // Seen: an empty mark when nothing has been called yet today.
        return (Vec::new(), Some(newest.unwrap_or_default()));
    };
    let mut new: Vec<HallCall> = fresh
        .calls
        .iter()
        .filter(|c| c.at.as_str() > mark)
        .cloned()
        .collect();
    new.sort_by(|a, b| a.at.cmp(&b.at));
    let skip = new.len().saturating_sub(most);
    let new: Vec<HallCall> = new.into_iter().skip(skip).collect();
    let mark = newest
        .filter(|n| n.as_str() > mark)
        .or(Some(mark.to_owned()));
    (new, mark)
}

/// A number spelled out for a voice, one sign at a time (`A018` → `A 0 1 8`), so that it
/// is read as 零一八, not as eighteen.
pub fn spoken_number(number: &str) -> String {
    let signs: Vec<String> = number.chars().map(String::from).collect();
    signs.join(" ")
}

/// The locale whose words suit a voice of BCP 47 `tag`: Traditional Chinese for Taiwan, Hong
/// Kong, Macau and Cantonese voices, Simplified for other Chinese ones, else English.
pub fn voice_locale(tag: &str) -> Locale {
    let tag = tag.to_ascii_lowercase();
    if tag.starts_with("yue")
        || ["zh-tw", "zh-hk", "zh-mo", "zh-hant"]
            .iter()
            .any(|t| tag.starts_with(t))
    {
        Locale::ZhHant
    } else if tag.starts_with("zh") || tag.starts_with("cmn") {
        Locale::ZhHans
    } else {
        Locale::En
    }
}

/// Whether a voice of language `voice` speaks `wanted` (both BCP 47): the same language
/// and, where `wanted` names one, the same region (`zh-HK` is not `zh-CN`).
pub fn voice_matches(voice: &str, wanted: &str) -> bool {
    let norm = |t: &str| t.replace('_', "-").to_ascii_lowercase();
    let (voice, wanted) = (norm(voice), norm(wanted));
    voice == wanted || voice.starts_with(&format!("{wanted}-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(state: QueueNumberState, ahead: u32, recalls: u32) -> QueueNumber {
        QueueNumber {
            number: "A018".into(),
            hall: "main".into(),
            line: "A".into(),
            ahead,
            estimated_wait_minutes: ahead * 6,
            wait: None,
            updated_at: None,
            issued_at: "2026-12-07T09:00:00+08:00".into(),
            state,
            window: (state == QueueNumberState::Called).then_some(3),
            priority: false,
            booked: false,
            recalls,
            rating: None,
            token: None,
        }
    }

    #[test]
    fn a_number_speaks_up_at_three_ahead_when_called_and_when_missed() {
        use QueueNumberState::*;
        let first = number(Waiting, 2, 0);
        assert_eq!(announcement(None, &first), None, "not on the first look");
        assert_eq!(
            announcement(Some(&number(Waiting, 4, 0)), &number(Waiting, 3, 0)),
            Some(Announcement::Near(3))
        );
        assert_eq!(
            announcement(Some(&number(Waiting, 3, 0)), &number(Waiting, 2, 0)),
            None,
            "once"
        );
        assert_eq!(
            announcement(Some(&number(Waiting, 0, 0)), &number(Called, 0, 0)),
            Some(Announcement::Called(Some(3)))
        );
        assert_eq!(
            announcement(Some(&number(Called, 0, 0)), &number(Called, 0, 1)),
            Some(Announcement::Called(Some(3))),
            "a recall"
        );
        assert_eq!(
            announcement(Some(&number(Called, 0, 1)), &number(Called, 0, 1)),
            None
        );
        assert_eq!(
            announcement(Some(&number(Called, 0, 0)), &number(Missed, 0, 0)),
            Some(Announcement::Missed)
        );
        assert_eq!(
            announcement(Some(&number(Missed, 0, 0)), &number(Returned, 2, 0)),
            Some(Announcement::Near(2)),
            "back in the queue, near the front"
        );
    }

    fn call(number: &str, at: &str) -> HallCall {
        HallCall {
            number: number.into(),
            line: "A".into(),
            window: Some(1),
            at: at.into(),
        }
    }

    #[test]
    fn a_board_announces_only_calls_newer_than_the_last_it_announced() {
        let mut hall: Hall = serde_json::from_str::<Vec<Hall>>(include_str!(
            "../../crates/contract/tests/fixtures/halls.json"
        ))
        .expect("fixture")
        .remove(0);
        hall.calls = vec![call("A002", "10:02"), call("A001", "10:01")];
        let (new, mark) = calls_to_announce(None, &hall, 3);
        assert!(
            new.is_empty(),
            "what is on the board at first is not announced"
        );
        assert_eq!(mark.as_deref(), Some("10:02"));
        hall.calls.insert(0, call("A003", "10:03"));
        hall.calls.insert(0, call("A001", "10:04"));
        let (new, mark) = calls_to_announce(mark.as_deref(), &hall, 3);
        let numbers: Vec<&str> = new.iter().map(|c| c.number.as_str()).collect();
        assert_eq!(numbers, ["A003", "A001"], "oldest first, a recall included");
        assert_eq!(mark.as_deref(), Some("10:04"));
        let (new, _) = calls_to_announce(mark.as_deref(), &hall, 3);
        assert!(new.is_empty(), "nothing twice");
        for (i, at) in ["10:05", "10:06", "10:07", "10:08"].iter().enumerate() {
            hall.calls.insert(0, call(&format!("B00{i}"), at));
        }
        let (new, _) = calls_to_announce(Some("10:04"), &hall, 3);
        let numbers: Vec<&str> = new.iter().map(|c| c.number.as_str()).collect();
        assert_eq!(
            numbers,
            ["B001", "B002", "B003"],
            "after an outage, the latest few"
        );
        // A board that opens before the day's first call announces that call.
        let first_call = hall.calls.pop().expect("a call");
        hall.calls.clear();
        let (new, mark) = calls_to_announce(None, &hall, 3);
        assert!(new.is_empty());
        hall.calls.push(first_call);
        let (new, _) = calls_to_announce(mark.as_deref(), &hall, 3);
        assert_eq!(new.len(), 1, "the first call of the day");
    }

    #[test]
    fn numbers_are_spelled_out_and_voices_pick_their_words() {
        assert_eq!(spoken_number("A018"), "A 0 1 8");
        assert_eq!(voice_locale("zh-CN"), Locale::ZhHans);
        assert_eq!(voice_locale("zh-HK"), Locale::ZhHant);
        assert_eq!(voice_locale("yue-HK"), Locale::ZhHant);
        assert_eq!(voice_locale("zh-TW"), Locale::ZhHant);
        assert_eq!(voice_locale("en-GB"), Locale::En);
        assert!(voice_matches("zh-CN", "zh-CN"));
        assert!(voice_matches("en-US", "en"));
        assert!(voice_matches("zh_CN", "zh-cn"));
        assert!(!voice_matches("zh-HK", "zh-CN"));
        assert!(!voice_matches("en-US", "zh"));
    }

    #[test]
    fn a_number_needs_a_line_and_a_mobile_except_at_a_kiosk() {
        let draft = |line: &str, phone: &str| TakeDraft {
            line: line.into(),
            phone: phone.into(),
        };
        assert_eq!(
            draft("", "").problems(false),
            [
                ("take-line", FieldErrorCode::Required),
                ("take-phone", FieldErrorCode::Required)
            ]
        );
        assert!(draft("A", "138 1234 5678").problems(false).is_empty());
        assert!(
            draft("A", "").problems(true).is_empty(),
            "a kiosk needs no phone"
        );
        assert_eq!(
            draft("A", "0571-12345678").problems(false),
            [("take-phone", FieldErrorCode::InvalidPhone)],
            "a landline gets no SMS"
        );
        assert_eq!(
            draft("A", "1381234567").problems(true),
            [("take-phone", FieldErrorCode::InvalidPhone)]
        );
    }

    #[test]
    fn numbers_held_here_are_found_by_number_and_carried_in_the_fragment() {
        let mut saved = SavedNumbers::default();
        let held = |number: &str| SavedNumber {
            hall: "main".into(),
            number: number.into(),
            token: format!("tok-{number}"),
            issued_at: "2026-12-07T09:00:00+08:00".into(),
        };
        saved.remember(held("A018"));
        saved.remember(held("B002"));
        saved.remember(held("A018"));
        assert_eq!(saved.0.len(), 2);
        assert_eq!(saved.0[0].number, "A018");
        assert_eq!(
            saved.find("", "a018").map(|n| n.token.as_str()),
            Some("tok-A018")
        );
        assert_eq!(saved.find("other", "A018"), None);
        saved.forget("main", "A018");
        assert_eq!(saved.find("main", "A018"), None);
        assert_eq!(queue_path("main", "A018"), "/q/A018?hall=main");
        assert_eq!(
            carry_url("https://hall.example", "main", "A018", "ab+c"),
            "https://hall.example/q/A018?hall=main#token=ab%2Bc"
        );
    }
}
