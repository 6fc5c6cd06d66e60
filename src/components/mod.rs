//! Reusable pieces of pages, one component per file.

pub mod api_error_view;
mod carry_ticket;
mod elder_switch;
mod error_summary;
pub mod field_input;
mod language_switch;
mod layout;
mod loading;
mod page_heading;
mod print_button;
pub mod qr_image;
mod reply_list;
mod score_form;
pub mod tutorial_poster;

pub use api_error_view::ApiErrorView;
pub use carry_ticket::CarryTicket;
pub use elder_switch::ElderSwitch;
pub use error_summary::{ErrorSummary, SummaryItem, error_for, focus_field};
pub use field_input::FieldInput;
pub use language_switch::LanguageSwitch;
pub use layout::Layout;
pub use loading::Loading;
pub use page_heading::{DocumentTitle, PageHeading};
pub use print_button::PrintButton;
pub use qr_image::QrImage;
pub use reply_list::ReplyList;
pub use score_form::{RatingTexts, ScoreForm, score_key};
pub use tutorial_poster::TutorialPoster;
