//! The live hall: `/hall` and `/hall/{id}` ([`HallPage`]: each line's queue, the windows
//! serving it, the latest calls, its busy hours and taking a number), a number's page `/q/{number}`
//! ([`QueuePage`]) and the calling board `/board` ([`BoardPage`]), all following the hall's
//! event stream (`live.rs`, polled where the backend has none), all in the `hall` split
//! module. Appointments are `crate::booking`, a module of their own.

mod board_page;
mod busy;
mod cancel_step;
mod live;
mod queue_page;
mod status_page;
mod take_form;

pub use board_page::BoardPage;
pub use cancel_step::{CancelStep, CancelTexts};
pub use live::follow_hall;
pub use queue_page::QueuePage;
pub use status_page::{HallPage, WEEKDAYS};

/// The token of the number or booking a page is about: carried in the address's fragment
/// (taken out of the address bar at once), else `held` on this device; read in the browser
/// only, so it is `None` until then.
pub(crate) fn page_token(
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
