//! The optional appointments part of the halls module (预约): bookable slots per line, the
//! SMS code that confirms a phone, bookings with their check-in window, appeals against a
//! suspension for no-shows, and slots closed by staff.

use serde::{Deserialize, Serialize};

/// `GET /v1/halls/{id}/lines/{line}/slots`: the slots of a line that can be booked, one day
/// per working day from tomorrow on, up to [`SlotDays::DAYS_AHEAD`] working days ahead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotDays {
    /// Hall id.
    pub hall: String,
    /// Line code.
    pub line: String,
    /// The bookable days, in order.
    pub days: Vec<SlotDay>,
    /// RFC 3339 timestamp of this answer: when `left` was true.
    pub updated_at: String,
}

impl SlotDays {
    /// The most working days ahead a slot can be booked.
    pub const DAYS_AHEAD: u32 = 5;
}

/// The slots of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotDay {
    /// The hall's local date, `YYYY-MM-DD`.
    pub date: String,
    /// Its slots, one per opening hour, in order.
    pub slots: Vec<Slot>,
}

/// One slot: an hour of a day at one line, with room for `capacity` bookings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    /// Local time it starts, `HH:MM`.
    pub starts: String,
    /// Local time it ends, `HH:MM`.
    pub ends: String,
    /// Bookings it takes.
    pub capacity: u32,
    /// Places still free (0 when full or closed).
    pub left: u32,
    /// Closed by staff: not bookable, and its bookings were cancelled and told.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
}

/// Body of `POST /v1/halls/{id}/phone-codes`: send a code by SMS to confirm a phone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneCodeRequest {
    /// The citizen's mobile number.
    pub phone: String,
}

/// `202 Accepted` body of `POST /v1/halls/{id}/phone-codes`: the code is on its way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneCodeSent {
    /// RFC 3339: the code works until then.
    pub expires_at: String,
    /// Seconds before another code can be asked for.
    pub resend_after_seconds: u32,
}

/// The most codes one phone is sent in a day.
pub const PHONE_CODES_PER_DAY: u32 = 5;

/// The most wrong tries of one SMS code before it stops working.
pub const PHONE_CODE_ATTEMPTS: u32 = 5;

/// Body of `POST /v1/halls/{id}/bookings`: book a slot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBooking {
    /// Line code.
    pub line: String,
    /// The slot's date, `YYYY-MM-DD`.
    pub date: String,
    /// The slot's start, `HH:MM`.
    pub starts: String,
    /// The citizen's mobile number: one booking per phone and day.
    pub phone: String,
    /// The code sent to that phone.
    pub code: String,
}

/// Where a booking is in its life.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingState {
    /// Booked; not yet checked in.
    #[default]
    Booked,
    /// Checked in within its window: its queue number is served before walk-ins.
    CheckedIn,
    /// Checked in after its window: its number joined the walk-in queue.
    Late,
    /// Cancelled by the citizen.
    Cancelled,
    /// Its slot was closed by staff; the citizen was told by SMS.
    Closed,
    /// Its check-in window passed without a check-in (counts towards a suspension).
    Missed,
    /// A state this client does not know.
    #[serde(other)]
    Unknown,
}

/// A booking, as its holder sees it (`GET /v1/halls/{id}/bookings/{reference}` with
/// `X-Queue-Token`) and as `POST /v1/halls/{id}/bookings` answers (with `token`, once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    /// The booking code to type at a kiosk, e.g. `K7M2QX9A`.
    pub reference: String,
    /// Hall id.
    pub hall: String,
    /// Line code.
    pub line: String,
    /// The slot's date, `YYYY-MM-DD`.
    pub date: String,
    /// The slot's start, `HH:MM`.
    pub starts: String,
    /// The slot's end, `HH:MM`.
    pub ends: String,
    /// Where it is in its life.
    pub state: BookingState,
    /// RFC 3339: check-in opens.
    pub check_in_from: String,
    /// RFC 3339: check-in after this joins the walk-in queue.
    pub check_in_until: String,
    /// RFC 3339: the last moment it can be cancelled.
    pub cancel_until: String,
    /// The last four digits of the phone it was booked with.
    pub phone_ending: String,
    /// The queue number it became, once checked in; its token is the booking's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The secret that shows the booking (and its queue number) is yours: only in the answer
    /// that makes it. Like a queue number's token, never in a URL a server sees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// Body of `POST /v1/halls/{id}/booking-appeals`: a suspended phone asks a supervisor to
/// lift the suspension.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppealSubmission {
    /// The suspended phone.
    pub phone: String,
    /// The code sent to it.
    pub code: String,
    /// Why the bookings were missed (1–500 characters).
    pub reason: String,
}

impl AppealSubmission {
    /// The longest reason, in characters.
    pub const MAX_REASON: usize = 500;
}

/// What a supervisor decided on an appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealOutcome {
    /// Not decided yet.
    Pending,
    /// The suspension is lifted and the no-shows before it are forgiven.
    Granted,
    /// The suspension stands.
    Refused,
    /// An outcome this client does not know.
    #[serde(other)]
    Unknown,
}

/// An appeal against a suspension, as filed (`201`) and as supervisors list them
/// (`GET /v1/staff/booking-appeals`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingAppeal {
    /// Id.
    pub id: u64,
    /// The last four digits of the phone.
    pub phone_ending: String,
    /// The citizen's reason.
    pub reason: String,
    /// Bookings missed in the rule's window when it was filed.
    pub missed: u32,
    /// RFC 3339: the suspension's end when it was filed.
    pub suspended_until: String,
    /// RFC 3339.
    pub filed_at: String,
    /// The decision.
    pub outcome: AppealOutcome,
    /// RFC 3339, once decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
}

/// Body of `POST /v1/staff/booking-appeals/{id}`: a supervisor's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppealDecision {
    /// `true` lifts the suspension.
    pub grant: bool,
}

/// Body of `POST /v1/staff/halls/{id}/slot-closures`: staff close a slot; everyone booked in
/// it is told by SMS.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotClosure {
    /// Line code.
    pub line: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub starts: String,
}

/// Answer of `POST /v1/staff/halls/{id}/slot-closures`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedSlot {
    /// Bookings cancelled, each told by SMS.
    pub told: u32,
}
