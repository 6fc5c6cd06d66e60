//! Banshi portal: the Leptos single-page app citizens use. `model` holds the logic as plain,
//! natively tested types; the pages arrive on top of it.

pub mod i18n;
pub mod model;

pub use banshi_contract as contract;
