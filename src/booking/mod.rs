//! Appointments (预约): booking a slot `/book` ([`BookPage`]), a booking's page
//! `/b/{reference}` ([`BookingPage`]) and a kiosk's check-in by typed code `/check-in`
//! ([`CheckInPage`]). They are in the `hall` split module, with its message group: a module
//! of their own would keep 25 KB brotli out of the hall page's first visit, but costs every
//! citizen's first visit (home, tutorials) about half a kilobyte of loader, which its budget
//! does not have.

mod book_page;
mod booking_page;
mod check_in_page;

pub use book_page::BookPage;
pub use booking_page::BookingPage;
pub use check_in_page::CheckInPage;
