//! Banshi portal: the Leptos single-page app. Its pages arrive with the SPA work; this crate already shares the contract types with the server.
pub use banshi_contract as contract;
