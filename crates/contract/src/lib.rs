//! The JSON contract between the Banshi portal and any backend: plain serde types plus the
//! validation rules that client and server share. No I/O, no dependency beyond serde.
//!
//! `docs/contract.md` describes the same contract for integrators; the two change together.

pub mod appointments;
pub mod assist;
pub mod case;
pub mod catalogue;
pub mod example;
pub mod followup;
pub mod halls;
pub mod locale;
pub mod pattern;
pub mod problem;
pub mod request;
pub mod staff;
pub mod stats;
pub mod ticket;
pub mod validate;

pub use appointments::{
    AppealDecision, AppealOutcome, AppealSubmission, Booking, BookingAppeal, BookingState,
    ClosedSlot, NewBooking, PHONE_CODE_ATTEMPTS, PHONE_CODES_PER_DAY, PhoneCodeRequest,
    PhoneCodeSent, Slot, SlotClosure, SlotDay, SlotDays,
};
pub use assist::{
    Agent, AgentRelationship, ConfirmedHelp, HelpConfirmation, Helper, HelperRecord, ServiceKind,
};
pub use case::{
    AccessCodeReissue, Assignable, Assignment, CaseAnswer, CaseEvent, CaseEventKind, CaseNote,
    DemoReset, Demonstration, NewAccessCode, NoteTemplate, StaffCase,
};
pub use catalogue::{
    Category, ContactRole, Datatype, Field, FieldOption, Guide, Material, Meta, Place, Service,
    ServiceSummary, SupportContacts, Tutorial, TutorialStep, TutorialSummary,
};
pub use followup::{
    BadRating, BadRatingLedger, CitizenRework, DeliveryState, MessageKind, NotifyChannel,
    OutboundMessage, RatingRuling, RecordedRuling, ReworkAction, ReworkRating, ReworkStage,
    ReworkStep, RulingKind, StaffRework,
};
pub use halls::{
    BusyDay, BusyHour, BusyHours, CallNext, ClerkAction, ClerkActionKind, Hall, HallCall,
    HallWindow, OpeningHours, QUEUE_TOKEN_HEADER, QueueLine, QueueNumber, QueueNumberState,
    TakeNumber, WaitRange, WindowPause,
};
pub use locale::Locale;
pub use problem::{ErrorCode, FieldError, FieldErrorCode, Problem};
pub use request::{Answer, Receipt, RequestSubmission};
pub use staff::{
    AccountChange, ApiToken, AuditAction, AuditEntry, CSRF_HEADER, DueFilter, EnrolledKiosk,
    InboxPage, InboxQuery, KIOSK_TOKEN_HEADER, Kiosk, KioskEnrol, KioskEnrolment, NewAccount,
    NewKioskEnrolment, OneTimePassword, PasswordChange, SignIn, StaffAccount, StaffRole,
    StaffSession, StaffTicket, StatusChange,
};
pub use stats::{
    Figures, HallFigures, MonthVolume, QueueFigures, QueueGroup, Ratio, Stats, StatsGroup,
};
pub use ticket::{
    DueState, HistoryEntry, InfoReply, Open311Status, Rating, RatingSubmission, SendBack, Ticket,
    TicketStatus, Withdrawal,
};

/// The contract version this crate describes, as reported by `GET /v1/meta`.
pub const CONTRACT_VERSION: &str = "1.1";

/// Header that carries a ticket's access code. Never put the code in a URL.
pub const ACCESS_CODE_HEADER: &str = "X-Access-Code";

/// Header that makes `POST /v1/requests` safe to retry.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// Media type of every error body (RFC 9457).
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";
