//! Appointments (预约), in the `booking` split module, so that a citizen who only follows the
//! hall does not download them: booking a slot `/book` ([`BookPage`]), a booking's page
//! `/b/{reference}` ([`BookingPage`]) and a kiosk's check-in by typed code `/check-in`
//! ([`CheckInPage`]). Their texts are the `hall` message group's.

mod book_page;
mod booking_page;
mod check_in_page;

pub use book_page::BookPage;
pub use booking_page::BookingPage;
pub use check_in_page::CheckInPage;
