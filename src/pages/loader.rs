//! The page for each route. In a split build the pages a citizen lands on (home, tutorial)
//! are in the main WebAssembly module and the others come in modules fetched when first
//! needed: `category`, `request` (service guide, form, check answers, confirmation),
//! `tickets` (track, ticket), `scanner`, `stats` (`src/stats/`), `posters` (for staff) and
//! `staff` (`src/staff/`:
//! sign-in, accounts, audit log, kiosks). A first visit downloads
//! only what it displays; the modules of the pages one step away follow in the background.

use leptos::prelude::*;

use super::*;
use crate::nav::Route;
use crate::split::{ModuleMissing, split_point};

/// For each `module: show, preload, (args) => page`, a split point `show` that renders the
/// page and its `preload` (see [`split_point`]).
macro_rules! split_pages {
    ($($module:ident: $show:ident, $preload:ident, ($($arg:ident: $ty:ty),*) => $page:expr;)*) => {
        $(split_point! {
            fn $show($($arg: $ty),*) -> AnyView, in $module, preload $preload { $page.into_any() }
        })*
    };
}

split_pages! {
    category: category_page, preload_category, (code: String) => view! { <CategoryPage code/> };
    request: service_page, preload_service, (code: String) => view! { <ServicePage code/> };
    request: apply_page, preload_apply, (code: String) => view! { <ApplyPage code/> };
    request: check_page, preload_check, (code: String) => view! { <CheckPage code/> };
    request: done_page, preload_done, (ticket: String) => view! { <DonePage ticket/> };
    request: report_page, preload_report, () => view! { <OfferPage kind=banshi_contract::ServiceKind::Complaint about=String::new()/> };
    request: get_help_page, preload_get_help, (about: String) => view! { <OfferPage kind=banshi_contract::ServiceKind::Assistance about/> };
    tickets: track_page, preload_track, () => view! { <TrackPage/> };
    tickets: ticket_page, preload_ticket, (ticket: String) => view! { <TicketPage ticket/> };
    scanner: scan_page, preload_scan, () => view! { <ScanPage/> };
    hall: hall_page, preload_hall, (id: String) => view! { <crate::hall::HallPage id/> };
    hall: queue_page, preload_queue, (number: String, hall: String) => view! { <crate::hall::QueuePage number hall/> };
    hall: board_page, preload_board, (id: String) => view! { <crate::hall::BoardPage id/> };
    stats: stats_page, preload_stats, (from: String, to: String) => view! { <crate::stats::StatsPage from to/> };
    posters: posters_page, preload_posters, () => view! { <PostersPage/> };
    posters: poster_sheet_page, preload_poster_sheet, (category: String) => view! { <PosterSheetPage category/> };
    posters: poster_page, preload_poster, (id: String) => view! { <PosterPage id/> };
    staff: staff_page, preload_staff, (route: Route) => crate::staff::page(route);
}

split_point! {
    /// The fetch of the staff messages, whose decoding stays in the staff module.
    fn staff_messages() -> std::pin::Pin<Box<dyn Future<Output = bool>>>, in staff, preload preload_staff_messages {
        Box::pin(crate::i18n::load_messages("staff"))
    }
}

split_point! {
    /// The fetch of the live hall's messages, with the hall module.
    fn hall_messages() -> std::pin::Pin<Box<dyn Future<Output = bool>>>, in hall, preload preload_hall_messages {
        Box::pin(crate::i18n::load_messages("hall"))
    }
}

/// Loads a split module's message group after its code: `false` if either fails.
async fn with_messages(
    module: Result<(), leptos::wasm_split::SplitLoaderError>,
    messages: Result<std::pin::Pin<Box<dyn Future<Output = bool>>>, ModuleMissing>,
) -> Result<(), ModuleMissing> {
    let Ok(messages) = messages else {
        return Err(ModuleMissing);
    };
    if !messages.await {
        return Err(ModuleMissing);
    }
    module.map_err(ModuleMissing::from)
}

/// Fetches the code of the page for `route`, unless it is already here. (Each page has its
/// own preload function: the module is fetched once, but each page notes it is loaded.)
pub async fn load(route: &Route) -> Result<(), ModuleMissing> {
    let loaded = match route {
        Route::Category(_) => preload_category().await,
        Route::Service(_) => preload_service().await,
        Route::Apply(_) => preload_apply().await,
        Route::Check(_) => preload_check().await,
        Route::Done(_) => preload_done().await,
        Route::Report => preload_report().await,
        Route::GetHelp(_) => preload_get_help().await,
        Route::Track => preload_track().await,
        Route::Ticket(_) => preload_ticket().await,
        Route::Scan => preload_scan().await,
        Route::Stats { .. } => preload_stats().await,
        Route::Hall(_) => return with_messages(preload_hall().await, hall_messages().await).await,
        Route::Queue { .. } => {
            return with_messages(preload_queue().await, hall_messages().await).await;
        }
        Route::Board(_) => {
            return with_messages(preload_board().await, hall_messages().await).await;
        }
        Route::Posters => preload_posters().await,
        Route::PosterSheet(_) => preload_poster_sheet().await,
        Route::Poster(_) => preload_poster().await,
        Route::Home { .. } | Route::Tutorial(_) | Route::NotFound => Ok(()),
        // Every other route is a staff page.
        _ => return with_messages(preload_staff().await, staff_messages().await).await,
    };
    loaded.map_err(ModuleMissing::from)
}

/// The page for `route`, built at once; `None` if its code has not been [`load`]ed.
pub fn show(route: Route) -> Option<AnyView> {
    let split = match route {
        Route::Home { query } => return Some(view! { <HomePage query/> }.into_any()),
        Route::Tutorial(id) => return Some(view! { <TutorialPage id/> }.into_any()),
        Route::NotFound => return Some(view! { <NotFoundPage/> }.into_any()),
        Route::Category(code) => ready_at_once(category_page(code)),
        Route::Service(code) => ready_at_once(service_page(code)),
        Route::Apply(code) => ready_at_once(apply_page(code)),
        Route::Check(code) => ready_at_once(check_page(code)),
        Route::Done(ticket) => ready_at_once(done_page(ticket)),
        Route::Report => ready_at_once(report_page()),
        Route::GetHelp(about) => ready_at_once(get_help_page(about)),
        Route::Track => ready_at_once(track_page()),
        Route::Ticket(ticket) => ready_at_once(ticket_page(ticket)),
        Route::Scan => ready_at_once(scan_page()),
        Route::Stats { from, to } => ready_at_once(stats_page(from, to)),
        Route::Hall(id) => ready_at_once(hall_page(id)),
        Route::Queue { number, hall } => ready_at_once(queue_page(number, hall)),
        Route::Board(id) => ready_at_once(board_page(id)),
        Route::Posters => ready_at_once(posters_page()),
        Route::PosterSheet(category) => ready_at_once(poster_sheet_page(category)),
        Route::Poster(id) => ready_at_once(poster_page(id)),
        // Every other route is a staff page.
        staff => ready_at_once(staff_page(staff)),
    };
    split.and_then(Result::ok)
}

/// The output of `future` if it is ready on the first poll. A split page's future is, once
/// its module is loaded; polling it here builds the page synchronously, under the caller's
/// reactive owner.
fn ready_at_once<F: Future>(future: F) -> Option<F::Output> {
    crate::load::ready_now(&mut std::pin::pin!(future))
}

/// Fetches, one after another, the code of the pages a citizen can reach in one step from
/// `route`, so that the next page opens at once and the request flow keeps working if the
/// connection drops. Nothing is fetched when the browser asks to save data. Failures are
/// left for [`load`] to retry.
pub async fn preload_next(route: Route) {
    if saves_data() {
        return;
    }
    let next: &[Route] = match route {
        Route::Home { .. } => &[
            Route::Category(String::new()),
            Route::Service(String::new()),
            Route::Track,
        ],
        Route::Category(_) | Route::Tutorial(_) => &[Route::Service(String::new())],
        Route::Service(_)
        | Route::Apply(_)
        | Route::Check(_)
        | Route::Report
        | Route::GetHelp(_) => &[
            Route::Apply(String::new()),
            Route::Check(String::new()),
            Route::Done(String::new()),
        ],
        Route::Done(_) | Route::Track => &[Route::Ticket(String::new())],
        _ => &[],
    };
    for page in next {
        let _ = load(page).await;
    }
    // The confirmation and ticket pages draw a QR code.
    if matches!(
        route,
        Route::Check(_) | Route::Done(_) | Route::Track | Route::Ticket(_)
    ) {
        let _ = crate::components::qr_image::preload_qr_encoder().await;
    }
}

/// Whether the browser asks to save data (`navigator.connection.saveData`).
fn saves_data() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"connection".into()).ok())
        .filter(|c| c.is_object())
        .and_then(|c| js_sys::Reflect::get(&c, &"saveData".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}
