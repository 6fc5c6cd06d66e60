//! The optional `halls` module: halls with their windows, time zone and opening hours,
//! live queue status, remote queue numbers and the life of a number.

use serde::{Deserialize, Serialize};

/// `GET /v1/halls` item and `GET /v1/halls/{id}`: a service hall and its queues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hall {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Street address.
    pub address: String,
    /// Opening hours, free text (older clients show this; see `opening`).
    pub hours: String,
    /// The hall's time zone (IANA, e.g. `Asia/Shanghai`): its opening hours, its days and
    /// the daily restart of its numbers are in this zone.
    #[serde(default)]
    pub time_zone: String,
    /// Opening hours per weekday; a weekday not listed is closed. Public holidays close the
    /// hall and a make-up working day (调休) opens it with Monday's hours.
    #[serde(default)]
    pub opening: Vec<OpeningHours>,
    /// Whether the hall is open at `updated_at`, on its holiday calendar.
    #[serde(default)]
    pub open_now: bool,
    /// The windows (counters) and the lines each serves.
    #[serde(default)]
    pub windows: Vec<HallWindow>,
    /// The queues, one per group of windows.
    pub lines: Vec<QueueLine>,
    /// Today's latest calls and recalls, newest first, at most [`Hall::RECENT_CALLS`]: what a
    /// calling board shows and announces.
    #[serde(default)]
    pub calls: Vec<HallCall>,
    /// RFC 3339 timestamp of this snapshot.
    pub updated_at: String,
}

impl Hall {
    /// How many recent calls a hall lists.
    pub const RECENT_CALLS: usize = 8;
}

/// A number called (or recalled) to a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallCall {
    /// The number, e.g. `A018`.
    pub number: String,
    /// The line it is called from.
    pub line: String,
    /// The window it is called to; none when called from a line rather than a window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<u32>,
    /// RFC 3339, with milliseconds: when it was called last.
    pub at: String,
}

/// The hours of one weekday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours {
    /// ISO weekday: 1 is Monday, 7 is Sunday.
    pub weekday: u8,
    /// Local time the doors open, `HH:MM`.
    pub opens: String,
    /// Local time they close, `HH:MM`; the last number is taken before it.
    pub closes: String,
}

impl OpeningHours {
    /// Minutes after midnight of `HH:MM`, or `None` if it is not a time of day.
    pub fn minutes(time: &str) -> Option<u32> {
        let (hours, minutes) = time.split_once(':')?;
        if hours.len() != 2 || minutes.len() != 2 {
            return None;
        }
        let (hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
        (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
    }

    /// Whether `minute` (after midnight, local) is within these hours.
    pub fn contains(&self, minute: u32) -> bool {
        match (Self::minutes(&self.opens), Self::minutes(&self.closes)) {
            (Some(opens), Some(closes)) => opens <= minute && minute < closes,
            _ => false,
        }
    }
}

/// A window (counter) of a hall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallWindow {
    /// Its number, as on the sign above it and in calls ("3号窗口").
    pub number: u32,
    /// Its name, e.g. `3号窗口`.
    pub name: String,
    /// Codes of the lines it can serve.
    pub lines: Vec<String>,
    /// Paused by its clerk (暂停服务): no numbers are called to it until it resumes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paused: bool,
    /// The number called to it or being served there now, e.g. `A018`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// Whether `now` is being served (rather than called and on the way).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub serving: bool,
}

/// Body of `POST /v1/staff/halls/{id}/windows/{window}/pause`: pause a window or resume it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowPause {
    /// `true` pauses the window, `false` opens it again.
    pub paused: bool,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Body of `POST /v1/staff/halls/{id}/windows/{window}/call`: the lines the clerk serves now
/// (empty: every line of the window).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallNext {
    /// Line codes.
    #[serde(default)]
    pub lines: Vec<String>,
}

/// What a clerk does with a queue number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClerkActionKind {
    /// Call it again at its window (at most three times, a minute apart).
    Recall,
    /// It did not come (过号).
    Missed,
    /// It came: start serving.
    Serve,
    /// Done.
    Finish,
    /// Send it to another line (`line`), to its front or its back (`front`).
    Transfer,
    /// Give a waiting number priority (绿色通道).
    Priority,
    /// An action this backend does not know.
    #[serde(other)]
    Unknown,
}

/// Body of `POST /v1/staff/halls/{id}/numbers/{number}`: a clerk's action on a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClerkAction {
    /// What to do.
    pub action: ClerkActionKind,
    /// For `transfer`: the line to send it to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    /// For `transfer`: to the front of that line rather than its back.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub front: bool,
}

impl ClerkAction {
    /// The most times a number is recalled.
    pub const MAX_RECALLS: u32 = 3;
    /// Seconds between two calls of the same number, at least.
    pub const RECALL_GAP_SECONDS: i64 = 60;

    /// The state the action moves a number to.
    pub fn next_state(&self) -> QueueNumberState {
        match self.action {
            ClerkActionKind::Recall => QueueNumberState::Called,
            ClerkActionKind::Missed => QueueNumberState::Missed,
            ClerkActionKind::Serve => QueueNumberState::Serving,
            ClerkActionKind::Finish => QueueNumberState::Served,
            ClerkActionKind::Transfer => QueueNumberState::Transferred,
            ClerkActionKind::Priority => QueueNumberState::Waiting,
            ClerkActionKind::Unknown => QueueNumberState::Unknown,
        }
    }

    /// Whether the action applies to a number in `state` (priority: any queued number).
    pub fn applies_to(&self, state: QueueNumberState) -> bool {
        match self.action {
            ClerkActionKind::Priority => state.is_queued(),
            ClerkActionKind::Unknown => false,
            _ => state.can_move_to(self.next_state()),
        }
    }
}

/// Where a queue number is in its life.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueNumberState {
    /// In the queue.
    #[default]
    Waiting,
    /// Called to a window, not yet there.
    Called,
    /// At the window.
    Serving,
    /// Done (final).
    Served,
    /// Called and did not come (过号); may return within the grace window.
    Missed,
    /// Back after being missed: in the queue again, three places back.
    Returned,
    /// Sent to another line by a clerk: in that line's queue.
    Transferred,
    /// Given up by the citizen, or not returned in time (final).
    Cancelled,
    /// A state this client does not know.
    #[serde(other)]
    Unknown,
}

impl QueueNumberState {
    /// Every known state, in life order.
    pub const ALL: [QueueNumberState; 8] = [
        QueueNumberState::Waiting,
        QueueNumberState::Called,
        QueueNumberState::Serving,
        QueueNumberState::Served,
        QueueNumberState::Missed,
        QueueNumberState::Returned,
        QueueNumberState::Transferred,
        QueueNumberState::Cancelled,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            QueueNumberState::Waiting => "waiting",
            QueueNumberState::Called => "called",
            QueueNumberState::Serving => "serving",
            QueueNumberState::Served => "served",
            QueueNumberState::Missed => "missed",
            QueueNumberState::Returned => "returned",
            QueueNumberState::Transferred => "transferred",
            QueueNumberState::Cancelled => "cancelled",
            QueueNumberState::Unknown => "unknown",
        }
    }

    /// The state of a wire name.
    pub fn from_name(name: &str) -> Option<QueueNumberState> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether a number in this state is in its line's queue, waiting to be called.
    pub fn is_queued(self) -> bool {
        matches!(
            self,
            QueueNumberState::Waiting | QueueNumberState::Returned | QueueNumberState::Transferred
        )
    }

    /// Whether the number's life is over.
    pub fn is_final(self) -> bool {
        matches!(self, QueueNumberState::Served | QueueNumberState::Cancelled)
    }

    /// Whether a number may go from this state to `next`. A recall keeps a called number
    /// called; a missed number that does not return is cancelled.
    pub fn can_move_to(self, next: QueueNumberState) -> bool {
        use QueueNumberState::*;
        match self {
            Waiting | Returned | Transferred => matches!(next, Called | Cancelled),
            Called => matches!(next, Called | Serving | Missed | Cancelled),
            Serving => matches!(next, Served | Transferred),
            Missed => matches!(next, Returned | Cancelled),
            Served | Cancelled | Unknown => false,
        }
    }
}

/// One queue in a hall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLine {
    /// Code, also the letter prefix of its numbers, e.g. `A`.
    pub code: String,
    /// What the line serves.
    pub name: String,
    /// Number being served now, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now_serving: Option<String>,
    /// People waiting.
    pub waiting: u32,
    /// Average minutes one person takes at the windows of this line.
    pub minutes_per_person: u32,
    /// How long a number taken now would likely wait, from what the line has done lately;
    /// none from a backend that does not estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<WaitRange>,
}

/// A wait in whole minutes, as a range: the backend's published error, not one optimistic
/// number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitRange {
    /// The shortest likely wait.
    pub low_minutes: u32,
    /// The longest likely wait.
    pub high_minutes: u32,
}

/// `GET /v1/halls/{id}/busy-hours`: how busy the hall usually is in each opening hour, from
/// its own past numbers, so that citizens can come when it is quiet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusyHours {
    /// Hall id.
    pub hall: String,
    /// Weeks of past numbers averaged.
    pub weeks: u32,
    /// Each weekday the hall opens, in ISO order.
    pub days: Vec<BusyDay>,
    /// The ISO weekday whose hours the hall keeps today (Monday's on a make-up working day);
    /// none on a holiday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub today: Option<u8>,
    /// The hour left today with the fewest numbers on average (`14` for 14:00–15:00).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quietest_today: Option<u8>,
    /// RFC 3339 timestamp of this answer.
    pub updated_at: String,
}

/// The usual numbers of one weekday, hour by hour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusyDay {
    /// ISO weekday: 1 is Monday.
    pub weekday: u8,
    /// Its opening hours, in order.
    pub hours: Vec<BusyHour>,
}

/// The usual numbers of one hour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusyHour {
    /// Hour of the day, local: `9` is 9:00–10:00.
    pub hour: u8,
    /// Numbers taken in that hour on an average day.
    pub numbers: u32,
}

/// Header that carries a queue number's token. The token is a secret like an access code:
/// never put it in a URL a server sees (the portal carries it in the fragment).
pub const QUEUE_TOKEN_HEADER: &str = "X-Queue-Token";

/// Body of `POST /v1/halls/{id}/lines/{line}/numbers`: a phone number for a number taken
/// remotely (one number per phone and line at a time); a kiosk sends none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TakeNumber {
    /// The citizen's mobile number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// `201 Created` body of `POST /v1/halls/{id}/lines/{line}/numbers` and the answer of
/// `GET /v1/halls/{id}/numbers/{number}`: a queue number and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueNumber {
    /// The number to wait for, e.g. `A023`.
    pub number: String,
    /// Hall id.
    pub hall: String,
    /// Line code.
    pub line: String,
    /// People ahead.
    pub ahead: u32,
    /// The likeliest minutes until called (for clients of contract 1.0; see `wait`).
    pub estimated_wait_minutes: u32,
    /// The range the wait until called likely falls in, while the number is queued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<WaitRange>,
    /// RFC 3339 timestamp of this answer: when `ahead` and `wait` were true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// RFC 3339 timestamp.
    pub issued_at: String,
    /// Where it is in its life.
    #[serde(default)]
    pub state: QueueNumberState,
    /// The window it was called to, once called.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<u32>,
    /// Given priority by a clerk (绿色通道: the elderly, disabled or pregnant): called before
    /// the rest of its line.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub priority: bool,
    /// Checked in from a booking within its window (预约): called before walk-ins.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub booked: bool,
    /// Times it was called again at its window (at most [`ClerkAction::MAX_RECALLS`]).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub recalls: u32,
    /// The visit's rating (1–5), once the citizen has given it after being served: one
    /// rating per visit, counted apart from tickets' ratings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// The secret that shows this number is yours: only in the answer that issues it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use QueueNumberState::*;

    #[test]
    fn a_number_goes_from_the_queue_to_a_window_and_ends_served_or_cancelled() {
        let happy = [Waiting, Called, Serving, Served];
        assert!(happy.windows(2).all(|w| w[0].can_move_to(w[1])));
        let missed = [
            Waiting,
            Called,
            Missed,
            Returned,
            Called,
            Serving,
            Transferred,
            Called,
        ];
        assert!(
            missed.windows(2).all(|w| w[0].can_move_to(w[1])),
            "{missed:?}"
        );
        assert!(Called.can_move_to(Called), "a recall");
        assert!(Missed.can_move_to(Cancelled), "not back in time");
        for state in QueueNumberState::ALL {
            assert_eq!(QueueNumberState::from_name(state.as_str()), Some(state));
            if state.is_final() {
                assert!(QueueNumberState::ALL.iter().all(|n| !state.can_move_to(*n)));
            }
        }
        assert!(!Waiting.can_move_to(Served), "served without being called");
        assert!(!Missed.can_move_to(Called), "a missed number returns first");
        assert!(
            !Serving.can_move_to(Missed),
            "someone at the window is not missed"
        );
        let queued: Vec<_> = QueueNumberState::ALL
            .into_iter()
            .filter(|s| s.is_queued())
            .collect();
        assert_eq!(queued, [Waiting, Returned, Transferred]);
    }

    #[test]
    fn clerk_actions_apply_only_where_the_life_of_a_number_allows() {
        let action = |action| ClerkAction {
            action,
            line: None,
            front: false,
        };
        assert!(action(ClerkActionKind::Recall).applies_to(Called));
        assert!(!action(ClerkActionKind::Recall).applies_to(Serving));
        assert!(action(ClerkActionKind::Serve).applies_to(Called));
        assert!(
            !action(ClerkActionKind::Finish).applies_to(Called),
            "serve first"
        );
        assert!(action(ClerkActionKind::Transfer).applies_to(Serving));
        assert!(action(ClerkActionKind::Missed).applies_to(Called));
        assert!(!action(ClerkActionKind::Missed).applies_to(Waiting));
        assert!(action(ClerkActionKind::Priority).applies_to(Returned));
        assert!(!action(ClerkActionKind::Priority).applies_to(Called));
        assert!(!action(ClerkActionKind::Unknown).applies_to(Waiting));
    }

    #[test]
    fn opening_hours_include_the_opening_minute_and_exclude_the_closing_one() {
        let saturday = OpeningHours {
            weekday: 6,
            opens: "09:00".into(),
            closes: "12:00".into(),
        };
        assert!(saturday.contains(9 * 60));
        assert!(saturday.contains(11 * 60 + 59));
        assert!(!saturday.contains(12 * 60));
        assert!(!saturday.contains(8 * 60 + 59));
        assert_eq!(OpeningHours::minutes("17:30"), Some(1050));
        for bad in ["9:00", "24:00", "12:60", "noon", "12-00"] {
            assert_eq!(OpeningHours::minutes(bad), None, "{bad}");
        }
    }
}
