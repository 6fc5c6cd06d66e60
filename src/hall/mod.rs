//! The live hall, as citizens see it: `/hall` and `/hall/{id}` ([`HallPage`], in the `hall`
//! split module): each line's queue, the windows serving it and the latest calls, updated
//! from the hall's event stream (polled where the backend has none).

mod status_page;

pub use status_page::HallPage;
