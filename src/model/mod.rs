//! Plain types holding the portal's logic, tested natively: drafts and their validation,
//! remembered tickets, and display formatting. Nothing here touches the DOM or HTTP.

pub mod agent;
pub mod booking;
pub mod citizen_text;
pub mod counter;
pub mod draft;
pub mod format;
pub mod hall;
pub mod notify;
pub mod number;
pub mod qr;
pub mod queue;
pub mod reading;
pub mod route;
pub mod saved;
pub mod scanned;
pub mod stats;
