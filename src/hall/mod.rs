//! The live hall: `/hall` and `/hall/{id}` ([`HallPage`]: each line's queue, the windows
//! serving it, the latest calls, its busy hours and taking a number), a number's page `/q/{number}`
//! ([`QueuePage`]) and the calling board `/board` ([`BoardPage`]), all in the `hall` split
//! module and all following the hall's event stream (`live.rs`, polled where the backend
//! has none).

mod board_page;
mod busy;
mod live;
mod queue_page;
mod status_page;
mod take_form;

pub use board_page::BoardPage;
pub use live::follow_hall;
pub use queue_page::QueuePage;
pub use status_page::HallPage;
