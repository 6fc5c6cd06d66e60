//! Route targets, one per file; each is thin and leaves logic to `model`.

mod apply_page;
mod category_page;
mod check_page;
mod done_page;
mod home_page;
pub mod loader;
mod not_found_page;
mod offer_page;
mod page_load_failed_page;
mod poster_page;
mod poster_sheet_page;
mod posters_page;
mod scan_page;
mod service_page;
mod ticket_actions;
mod ticket_page;
mod track_page;
mod tutorial_page;

pub use apply_page::ApplyPage;
pub use category_page::CategoryPage;
pub use check_page::CheckPage;
pub use done_page::DonePage;
pub use home_page::HomePage;
pub use not_found_page::NotFoundPage;
pub use offer_page::OfferPage;
pub use page_load_failed_page::PageLoadFailedPage;
pub use poster_page::PosterPage;
pub use poster_sheet_page::PosterSheetPage;
pub use posters_page::PostersPage;
pub use scan_page::ScanPage;
pub use service_page::ServicePage;
pub use ticket_page::{TicketPage, status_key};
pub use track_page::TrackPage;
pub use tutorial_page::TutorialPage;
