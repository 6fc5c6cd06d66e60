//! Reusable pieces of pages, one component per file.

pub mod api_error_view;
mod error_summary;
pub mod field_input;
mod language_switch;
mod layout;
mod loading;
mod page_heading;

pub use api_error_view::ApiErrorView;
pub use error_summary::{ErrorSummary, SummaryItem};
pub use field_input::FieldInput;
pub use language_switch::LanguageSwitch;
pub use layout::Layout;
pub use loading::Loading;
pub use page_heading::PageHeading;
