//! The page for each route. In a split build the pages a citizen lands on (home, tutorial)
//! are in the main WebAssembly module and the others come in modules fetched when first
//! needed: `category`, `request` (service guide, form, check answers, confirmation),
//! `tickets` (track, ticket), `scanner`, `hall` (the live hall and appointments), `stats` (`src/stats/`), `posters` (for staff) and
//! `staff` (`src/staff/`:
//! sign-in, accounts, audit log, kiosks). A first visit downloads
//! only what it displays; the modules of the pages one step away follow in the background.

use leptos::prelude::*;

use super::*;
use crate::nav::Route;
use crate::split::{ModuleMissing, split_point};

/// For each split module, `module: show, preload { pattern => page, … }`: a split point
/// `show(route)` that builds the page of any of the module's routes (one entry point per
/// module keeps the main module's loading code small), and its `preload` (see
/// [`split_point`]).
macro_rules! split_modules {
    ($($module:ident: $show:ident, $preload:ident { $($pattern:pat => $page:expr,)* })*) => {
        $(split_point! {
            fn $show(route: Route) -> AnyView, in $module, preload $preload {
                match route {
                    $($pattern => $page.into_any(),)*
                    #[allow(unreachable_patterns, reason = "the staff module takes every route it is given")]
                    _ => view! { <NotFoundPage/> }.into_any(),
                }
            }
        })*
    };
}

split_modules! {
    category: category_pages, preload_category {
        Route::Category(code) => view! { <CategoryPage code/> },
    }
    request: request_pages, preload_request {
        Route::Service(code) => view! { <ServicePage code/> },
        Route::Apply(code) => view! { <ApplyPage code/> },
        Route::Check(code) => view! { <CheckPage code/> },
        Route::Done(ticket) => view! { <DonePage ticket/> },
        Route::Report => view! { <OfferPage kind=banshi_contract::ServiceKind::Complaint about=String::new()/> },
        Route::GetHelp(about) => view! { <OfferPage kind=banshi_contract::ServiceKind::Assistance about/> },
    }
    tickets: ticket_pages, preload_tickets {
        Route::Track => view! { <TrackPage/> },
        Route::Ticket(ticket) => view! { <TicketPage ticket/> },
    }
    scanner: scanner_pages, preload_scanner {
        Route::Scan => view! { <ScanPage/> },
    }
    hall: hall_pages, preload_hall {
        Route::Hall(id) => view! { <crate::hall::HallPage id/> },
        Route::Queue { number, hall } => view! { <crate::hall::QueuePage number hall/> },
        Route::Board(id) => view! { <crate::hall::BoardPage id/> },
        Route::Book(id) => view! { <crate::booking::BookPage id/> },
        Route::Booking { reference, hall } => view! { <crate::booking::BookingPage reference hall/> },
        Route::CheckIn(id) => view! { <crate::booking::CheckInPage id/> },
    }
    stats: stats_pages, preload_stats {
        Route::Stats { from, to } => view! { <crate::stats::StatsPage from to/> },
    }
    posters: poster_pages, preload_posters {
        Route::Posters => view! { <PostersPage/> },
        Route::PosterSheet(category) => view! { <PosterSheetPage category/> },
        Route::Poster(id) => view! { <PosterPage id/> },
    }
    staff: staff_pages, preload_staff {
        route => crate::staff::page(route),
    }
}

split_point! {
    /// The fetch of the staff messages, whose decoding stays in the staff module.
    fn staff_messages() -> std::pin::Pin<Box<dyn Future<Output = bool>>>, in staff, preload preload_staff_messages {
        // The staff statistics page shows the hall figures, whose texts are the stats
        // module's.
        Box::pin(async {
            crate::i18n::load_messages("staff").await && crate::i18n::load_messages("stats").await
        })
    }
}

split_point! {
    /// The fetch of the statistics pages' own messages (the hall figures), with the stats
    /// module.
    fn stats_messages() -> std::pin::Pin<Box<dyn Future<Output = bool>>>, in stats, preload preload_stats_messages {
        Box::pin(crate::i18n::load_messages("stats"))
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

/// Fetches the code of the page for `route`, unless it is already here.
pub async fn load(route: &Route) -> Result<(), ModuleMissing> {
    let loaded = match route {
        Route::Category(_) => preload_category().await,
        Route::Service(_)
        | Route::Apply(_)
        | Route::Check(_)
        | Route::Done(_)
        | Route::Report
        | Route::GetHelp(_) => preload_request().await,
        Route::Track | Route::Ticket(_) => preload_tickets().await,
        Route::Scan => preload_scanner().await,
        Route::Stats { .. } => {
            return with_messages(preload_stats().await, stats_messages().await).await;
        }
        // The appointments (`src/booking/`) are in the hall's module: a module of their own
        // costs every first visit's loader about half a kilobyte.
        Route::Hall(_)
        | Route::Queue { .. }
        | Route::Board(_)
        | Route::Book(_)
        | Route::Booking { .. }
        | Route::CheckIn(_) => {
            return with_messages(preload_hall().await, hall_messages().await).await;
        }
        Route::Posters | Route::PosterSheet(_) | Route::Poster(_) => preload_posters().await,
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
        Route::Category(_) => ready_at_once(category_pages(route)),
        Route::Service(_)
        | Route::Apply(_)
        | Route::Check(_)
        | Route::Done(_)
        | Route::Report
        | Route::GetHelp(_) => ready_at_once(request_pages(route)),
        Route::Track | Route::Ticket(_) => ready_at_once(ticket_pages(route)),
        Route::Scan => ready_at_once(scanner_pages(route)),
        Route::Stats { .. } => ready_at_once(stats_pages(route)),
        Route::Hall(_)
        | Route::Queue { .. }
        | Route::Board(_)
        | Route::Book(_)
        | Route::Booking { .. }
        | Route::CheckIn(_) => ready_at_once(hall_pages(route)),
        Route::Posters | Route::PosterSheet(_) | Route::Poster(_) => {
            ready_at_once(poster_pages(route))
        }
        // Every other route is a staff page.
        staff => ready_at_once(staff_pages(staff)),
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
