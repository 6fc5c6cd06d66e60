//! The live hall: `/hall` and `/hall/{id}` ([`HallPage`]: each line's queue, the windows
//! serving it, the latest calls, its busy hours and taking a number), a number's page `/q/{number}`
//! ([`QueuePage`]) and the calling board `/board` ([`BoardPage`]), all following the hall's
//! event stream (`live.rs`, polled where the backend has none); and appointments: booking a
//! slot `/book` ([`BookPage`]), a booking's page `/b/{reference}` ([`BookingPage`]) and a
//! kiosk's check-in by typed code `/check-in` ([`CheckInPage`]). All are in the `hall` split
//! module.

mod board_page;
mod book_page;
mod booking_page;
mod busy;
mod check_in_page;
mod live;
mod queue_page;
mod status_page;
mod take_form;

pub use board_page::BoardPage;
pub use book_page::BookPage;
pub use booking_page::BookingPage;
pub use check_in_page::CheckInPage;
pub use live::follow_hall;
pub use queue_page::QueuePage;
pub use status_page::HallPage;

/// The token of the number or booking a page is about: carried in the address's fragment
/// (taken out of the address bar at once), else `held` on this device; read in the browser
/// only, so it is `None` until then.
fn page_token(
    held: impl Fn() -> Option<String> + 'static,
) -> leptos::prelude::RwSignal<Option<Option<String>>> {
    use leptos::prelude::*;
    let token = RwSignal::new(None::<Option<String>>);
    Effect::new(move |_| {
        let carried = crate::browser::take_fragment_value("token");
        token.set(Some(carried.or_else(&held)));
    });
    token
}
