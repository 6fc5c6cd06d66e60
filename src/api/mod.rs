//! The one door to a backend: the [`Backend`] trait speaks the contract in typed values, and
//! adapters implement it per protocol. Only this module knows URLs or HTTP.

mod follow;
mod http;
mod prefetched;
pub mod sse;

use std::future::Future;
use std::pin::Pin;

use banshi_contract::{
    AccessCodeReissue, Assignment, CaseNote, DemoReset, Demonstration, InfoReply, NewAccessCode,
    SendBack, StaffCase, StatusChange, Withdrawal,
};
use banshi_contract::{
    AccountChange, ApiToken, AuditEntry, BusyHours, Category, EnrolledKiosk, Hall, InboxPage,
    InboxQuery, Kiosk, KioskEnrol, KioskEnrolment, Locale, NewAccount, NewKioskEnrolment,
    OneTimePassword, PasswordChange, Problem, QueueNumber, RatingSubmission, Receipt,
    RequestSubmission, Service, ServiceSummary, SignIn, StaffAccount, StaffSession, Ticket,
    Tutorial, TutorialSummary,
};
use banshi_contract::{
    AppealSubmission, Booking, BookingAppeal, NewBooking, PhoneCodeSent, SlotClosure, SlotDays,
};
use leptos::prelude::*;

pub use follow::keep_streaming;
pub(crate) use http::fetch_text;
pub use http::{HttpBackend, StreamEnd};
pub use prefetched::{Prefetch, Prefetched};

/// A pending answer from the backend. Browser futures are not `Send`.
pub type ApiFuture<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// Why a call to the backend failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer: offline, the server unreachable, or the call was cancelled.
    Network,
    /// The backend answered with a problem body.
    Problem(Box<Problem>),
    /// The backend answered with an unexpected status and no problem body.
    Status(u16),
    /// The answer could not be read as the contract says.
    Decode,
}

impl ApiError {
    /// Whether trying again later may succeed (network trouble, overload, server errors).
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Network => true,
            ApiError::Problem(p) => p.status >= 500 || p.status == 429,
            ApiError::Status(s) => *s >= 500 || *s == 429,
            ApiError::Decode => false,
        }
    }
}

/// Filters for the tutorial list; each applies only when set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TutorialFilter {
    /// Category code.
    pub category: Option<String>,
    /// Service code the tutorials lead to.
    pub service: Option<String>,
    /// Search words.
    pub query: Option<String>,
}

/// Filters for the audit log; each applies only when set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Account name.
    pub actor: Option<String>,
    /// Action wire name.
    pub action: Option<String>,
    /// RFC 3339 start, inclusive.
    pub since: Option<String>,
    /// RFC 3339 end, exclusive.
    pub until: Option<String>,
    /// Only entries older than this id.
    pub before: Option<i64>,
}

/// What shows a check-in is allowed: the booking's own token (its holder, or its QR code
/// scanned) or an enrolled kiosk's (the booking's code typed there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckInCredential {
    /// The booking's token.
    Booking(String),
    /// The kiosk's device token.
    Kiosk(String),
}

/// What the holder of a queue number does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberAction {
    /// Give it up.
    Cancel,
    /// Come back after missing the call (within the grace window).
    Return,
}

/// The answer to a conditional ticket lookup.
#[derive(Debug, Clone, PartialEq)]
pub enum TicketFetch {
    /// The ticket, and the ETag to send next time.
    Fresh(Box<Ticket>, Option<String>),
    /// Unchanged since the ETag that was sent.
    Unchanged,
}

/// The contract, as the portal uses it: only the calls it makes, since each costs bundle size.
/// Content calls take the locale to ask for. (The portal takes its settings from
/// `config.json`; of `GET /v1/meta` it reads only what the backend can do, such as the
/// notification channels it offers.)
pub trait Backend: Send + Sync {
    /// `GET /v1/meta`.
    fn meta(&self, locale: Locale) -> ApiFuture<banshi_contract::Meta>;
    /// `GET /v1/categories`.
    fn categories(&self, locale: Locale) -> ApiFuture<Vec<Category>>;
    /// `GET /v1/services`.
    fn services(
        &self,
        locale: Locale,
        category: Option<String>,
        query: Option<String>,
    ) -> ApiFuture<Vec<ServiceSummary>>;
    /// `GET /v1/services/{code}`.
    fn service(&self, locale: Locale, code: String) -> ApiFuture<Service>;
    /// `GET /v1/tutorials`.
    fn tutorials(&self, locale: Locale, filter: TutorialFilter) -> ApiFuture<Vec<TutorialSummary>>;
    /// `GET /v1/tutorials/{id}`.
    fn tutorial(&self, locale: Locale, id: String) -> ApiFuture<Tutorial>;
    /// `POST /v1/requests` with an idempotency key.
    fn submit(
        &self,
        locale: Locale,
        key: String,
        submission: RequestSubmission,
    ) -> ApiFuture<Receipt>;
    /// `GET /v1/tickets/{ticket}`, conditional on `etag`.
    fn ticket(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        etag: Option<String>,
    ) -> ApiFuture<TicketFetch>;
    /// `GET /v1/tickets/{ticket}/events`: calls `on_ticket` with the ticket at once and after
    /// each change, until the stream ends or `abort` fires. `Unsupported` where the backend
    /// has no stream (then poll [`Backend::ticket`]).
    fn watch_ticket(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        abort: Option<web_sys::AbortSignal>,
        on_ticket: Box<dyn Fn(Ticket)>,
    ) -> ApiFuture<StreamEnd>;
    /// `POST /v1/tickets/{ticket}/rating`.
    fn rate(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        rating: RatingSubmission,
    ) -> ApiFuture<Ticket>;
    /// `POST /v1/tickets/{ticket}/rework/rating`: the citizen's satisfaction with the rework.
    fn rate_rework(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        rating: RatingSubmission,
    ) -> ApiFuture<Ticket>;
    /// `POST /v1/tickets/{ticket}/reply`.
    fn reply(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        body: InfoReply,
    ) -> ApiFuture<Ticket>;
    /// `POST /v1/tickets/{ticket}/withdrawal`.
    fn withdraw(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        body: Withdrawal,
    ) -> ApiFuture<Ticket>;
    /// `POST /v1/tickets/{ticket}/send-back`.
    fn send_back(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        body: SendBack,
    ) -> ApiFuture<Ticket>;
    /// `GET /v1/halls`.
    fn halls(&self, locale: Locale) -> ApiFuture<Vec<Hall>>;
    /// `GET /v1/halls/{id}/busy-hours`.
    fn busy_hours(&self, locale: Locale, hall: String) -> ApiFuture<BusyHours>;
    /// `GET /v1/halls/{id}/events`: calls `on_hall` with the hall at once and after each
    /// change, until the stream ends or `abort` fires. `Unsupported` where the backend has
    /// no stream (then poll [`Backend::halls`]).
    fn watch_hall(
        &self,
        locale: Locale,
        id: String,
        abort: Option<web_sys::AbortSignal>,
        on_hall: Box<dyn Fn(Hall)>,
    ) -> ApiFuture<StreamEnd>;
    /// `POST /v1/halls/{id}/lines/{line}/numbers`: a number taken with `phone`, or at this
    /// kiosk with its `kiosk_token` (then no phone is needed).
    fn take_number(
        &self,
        locale: Locale,
        hall: String,
        line: String,
        phone: Option<String>,
        kiosk_token: Option<String>,
    ) -> ApiFuture<QueueNumber>;
    /// `GET /v1/halls/{id}/numbers/{number}` with the number's token.
    fn queue_number(
        &self,
        locale: Locale,
        hall: String,
        number: String,
        token: String,
    ) -> ApiFuture<QueueNumber>;
    /// `POST /v1/halls/{id}/numbers/{number}/{action}` with the number's token: the holder
    /// gives it up (`cancellation`) or comes back after missing it (`return`).
    fn number_action(
        &self,
        locale: Locale,
        hall: String,
        number: String,
        token: String,
        action: NumberAction,
    ) -> ApiFuture<QueueNumber>;
    /// `GET /v1/halls/{id}/lines/{line}/slots`: the line's bookable slots.
    fn slots(&self, locale: Locale, hall: String, line: String) -> ApiFuture<SlotDays>;
    /// `POST /v1/halls/{id}/phone-codes`: a code sent by SMS to `phone`.
    fn send_phone_code(
        &self,
        locale: Locale,
        hall: String,
        phone: String,
    ) -> ApiFuture<PhoneCodeSent>;
    /// `POST /v1/halls/{id}/bookings`.
    fn book(&self, locale: Locale, hall: String, booking: NewBooking) -> ApiFuture<Booking>;
    /// `GET /v1/halls/{id}/bookings/{reference}` with the booking's token.
    fn booking(
        &self,
        locale: Locale,
        hall: String,
        reference: String,
        token: String,
    ) -> ApiFuture<Booking>;
    /// `POST /v1/halls/{id}/bookings/{reference}/cancellation` with the booking's token.
    fn cancel_booking(
        &self,
        locale: Locale,
        hall: String,
        reference: String,
        token: String,
    ) -> ApiFuture<Booking>;
    /// `POST /v1/halls/{id}/bookings/{reference}/check-in`, with the booking's token or,
    /// at an enrolled kiosk, the kiosk's.
    fn check_in(
        &self,
        locale: Locale,
        hall: String,
        reference: String,
        credential: CheckInCredential,
    ) -> ApiFuture<QueueNumber>;
    /// `POST /v1/halls/{id}/booking-appeals`.
    fn appeal(
        &self,
        locale: Locale,
        hall: String,
        appeal: AppealSubmission,
    ) -> ApiFuture<BookingAppeal>;
    /// `POST /v1/halls/{id}/numbers/{number}/rating`: the visit's rating.
    fn rate_visit(
        &self,
        locale: Locale,
        hall: String,
        number: String,
        token: String,
        rating: RatingSubmission,
    ) -> ApiFuture<QueueNumber>;

    // The staff module. The session is a cookie; the backend keeps the CSRF token of the
    // last session it saw and sends it with every state-changing staff call.

    /// `GET /v1/staff/session`.
    fn staff_session(&self, locale: Locale) -> ApiFuture<StaffSession>;
    /// `POST /v1/staff/session`.
    fn sign_in(&self, locale: Locale, body: SignIn) -> ApiFuture<StaffSession>;
    /// `DELETE /v1/staff/session`.
    fn sign_out(&self, locale: Locale) -> ApiFuture<()>;
    /// `POST /v1/staff/password`.
    fn change_password(&self, locale: Locale, body: PasswordChange) -> ApiFuture<StaffSession>;
    /// `GET /v1/staff/tickets`.
    fn staff_tickets(&self, locale: Locale, query: InboxQuery) -> ApiFuture<InboxPage>;
    /// `GET /v1/staff/tickets/{ticket}`.
    fn staff_case(&self, locale: Locale, ticket: String) -> ApiFuture<StaffCase>;
    /// `POST /v1/staff/tickets/{ticket}/status`.
    fn change_status(
        &self,
        locale: Locale,
        ticket: String,
        body: StatusChange,
    ) -> ApiFuture<StaffCase>;
    /// `POST /v1/staff/tickets/{ticket}/notes`.
    fn add_note(&self, locale: Locale, ticket: String, body: CaseNote) -> ApiFuture<StaffCase>;
    /// `POST /v1/staff/tickets/{ticket}/assignment`.
    fn assign(&self, locale: Locale, ticket: String, body: Assignment) -> ApiFuture<StaffCase>;
    /// `POST /v1/staff/tickets/{ticket}/access-code`.
    fn reissue_access_code(
        &self,
        locale: Locale,
        ticket: String,
        body: AccessCodeReissue,
    ) -> ApiFuture<NewAccessCode>;
    /// `POST /v1/staff/tickets/{ticket}/demonstration`.
    fn demonstrate(
        &self,
        locale: Locale,
        ticket: String,
        body: Demonstration,
    ) -> ApiFuture<StaffCase>;
    /// `POST /v1/staff/demo/reset`.
    fn reset_demo(&self, locale: Locale) -> ApiFuture<DemoReset>;
    /// `GET /v1/staff/accounts`.
    fn staff_accounts(&self, locale: Locale) -> ApiFuture<Vec<StaffAccount>>;
    /// `POST /v1/staff/accounts`.
    fn add_account(&self, locale: Locale, body: NewAccount) -> ApiFuture<OneTimePassword>;
    /// `PATCH /v1/staff/accounts/{name}`.
    fn change_account(
        &self,
        locale: Locale,
        name: String,
        body: AccountChange,
    ) -> ApiFuture<StaffAccount>;
    /// `POST /v1/staff/accounts/{name}/password-reset`.
    fn reset_password(&self, locale: Locale, name: String) -> ApiFuture<OneTimePassword>;
    /// `GET /v1/staff/accounts/{name}/tokens`.
    fn account_tokens(&self, locale: Locale, name: String) -> ApiFuture<Vec<ApiToken>>;
    /// `POST /v1/staff/tokens/{id}/revoke`.
    fn revoke_token(&self, locale: Locale, id: i64) -> ApiFuture<ApiToken>;
    /// `GET /v1/staff/audit`.
    fn audit(&self, locale: Locale, query: AuditQuery) -> ApiFuture<Vec<AuditEntry>>;
    /// `POST /v1/staff/kiosk-enrolments`.
    fn create_kiosk_enrolment(
        &self,
        locale: Locale,
        body: NewKioskEnrolment,
    ) -> ApiFuture<KioskEnrolment>;
    /// `GET /v1/staff/kiosks`.
    fn kiosks(&self, locale: Locale) -> ApiFuture<Vec<Kiosk>>;
    /// `POST /v1/staff/tickets/{ticket}/help`.
    fn confirm_help(
        &self,
        locale: Locale,
        ticket: String,
        body: banshi_contract::HelpConfirmation,
    ) -> ApiFuture<StaffCase>;
    /// `POST /v1/staff/tickets/{ticket}/rework`.
    fn rework_step(
        &self,
        locale: Locale,
        ticket: String,
        body: banshi_contract::ReworkStep,
    ) -> ApiFuture<StaffCase>;
    /// `POST /v1/staff/tickets/{ticket}/rating/ruling`.
    fn rule_rating(
        &self,
        locale: Locale,
        ticket: String,
        body: banshi_contract::RatingRuling,
    ) -> ApiFuture<StaffCase>;
    /// `GET /v1/staff/bad-ratings`.
    fn bad_ratings(&self, locale: Locale) -> ApiFuture<banshi_contract::BadRatingLedger>;
    /// `GET /v1/stats`, for the days `from` to `to` (`YYYY-MM-DD`; the backend's default
    /// for either left out).
    fn stats(
        &self,
        locale: Locale,
        from: Option<String>,
        to: Option<String>,
    ) -> ApiFuture<banshi_contract::Stats>;
    /// `GET /v1/staff/stats`: the same, per service and officer.
    fn staff_stats(
        &self,
        locale: Locale,
        from: Option<String>,
        to: Option<String>,
    ) -> ApiFuture<banshi_contract::Stats>;
    /// `GET /v1/staff/helpers`.
    fn helpers(&self, locale: Locale) -> ApiFuture<Vec<banshi_contract::Helper>>;
    /// `POST /v1/staff/helpers`.
    fn add_helper(
        &self,
        locale: Locale,
        body: banshi_contract::HelperRecord,
    ) -> ApiFuture<banshi_contract::Helper>;
    /// `PATCH /v1/staff/helpers/{id}`.
    fn change_helper(
        &self,
        locale: Locale,
        id: i64,
        body: banshi_contract::HelperRecord,
    ) -> ApiFuture<banshi_contract::Helper>;
    /// `POST /v1/staff/kiosks/{id}/revoke`.
    fn revoke_kiosk(&self, locale: Locale, id: i64) -> ApiFuture<Kiosk>;
    /// `POST /v1/staff/halls/{id}/windows/{window}/call`: the next number to `window`.
    fn call_next(
        &self,
        locale: Locale,
        hall: String,
        window: u32,
        lines: Vec<String>,
    ) -> ApiFuture<QueueNumber>;
    /// `POST /v1/staff/halls/{id}/numbers/{number}`: a clerk's action on a number.
    fn clerk_action(
        &self,
        locale: Locale,
        hall: String,
        number: String,
        action: banshi_contract::ClerkAction,
    ) -> ApiFuture<QueueNumber>;
    /// `GET /v1/staff/halls/{id}/numbers/{number}`.
    fn staff_number(&self, locale: Locale, hall: String, number: String) -> ApiFuture<QueueNumber>;
    /// `POST /v1/staff/halls/{id}/windows/{window}/pause`.
    fn pause_window(
        &self,
        locale: Locale,
        hall: String,
        window: u32,
        paused: bool,
    ) -> ApiFuture<banshi_contract::WindowPause>;
    /// `GET /v1/staff/booking-appeals`.
    fn booking_appeals(&self, locale: Locale) -> ApiFuture<Vec<BookingAppeal>>;
    /// `POST /v1/staff/booking-appeals/{id}`.
    fn decide_appeal(&self, locale: Locale, id: u64, grant: bool) -> ApiFuture<BookingAppeal>;
    /// `POST /v1/staff/halls/{id}/slot-closures`.
    fn close_slot(
        &self,
        locale: Locale,
        hall: String,
        slot: SlotClosure,
    ) -> ApiFuture<banshi_contract::ClosedSlot>;
    /// `POST /v1/kiosks`: this device enrols as a kiosk.
    fn enrol_kiosk(&self, locale: Locale, body: KioskEnrol) -> ApiFuture<EnrolledKiosk>;
}

/// The adapter this build talks through. Pages reach it as `impl Backend` through
/// [`use_backend`]: static dispatch, unlike `dyn Backend`, lets the split build keep each
/// call's JSON decoder in the module of the page that makes the call.
type PortalBackend = HttpBackend;

/// Makes `backend` the one components reach through [`use_backend`].
pub fn provide_backend(backend: PortalBackend) {
    provide_context(backend);
}

/// The backend provided by the app.
pub fn use_backend() -> impl Backend + Clone + 'static {
    expect_context::<PortalBackend>()
}
