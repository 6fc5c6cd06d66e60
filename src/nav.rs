//! In-app navigation: the current [`Route`] as a signal, kept in step with the address bar
//! through the History API. Same-origin links are followed without reloading the page.

use leptos::prelude::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen::{JsCast, closure::Closure};

pub use crate::model::route::Route;

/// The current route, shared through context.
#[derive(Debug, Clone, Copy)]
struct CurrentRoute(RwSignal<Route>);

/// Starts at `initial` (in the browser, [`location_route`]) and, in the browser, keeps the
/// route current on link clicks and on the back and forward buttons.
pub fn provide_router(initial: Route) {
    let route = RwSignal::new(initial);
    provide_context(CurrentRoute(route));
    #[cfg(target_arch = "wasm32")]
    follow_the_address_bar(route);
}

/// Listens for link clicks and history moves.
#[cfg(target_arch = "wasm32")]
fn follow_the_address_bar(route: RwSignal<Route>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_pop = Closure::<dyn Fn()>::new(move || route.set(location_route()));
    let _ = window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    on_pop.forget();
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |e| follow_link(e, route));
    if let Some(document) = window.document() {
        let _ =
            document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    }
    on_click.forget();
}

/// The current route.
pub fn use_route() -> Signal<Route> {
    expect_context::<CurrentRoute>().0.into()
}

/// A function that goes to a route as if a link to it had been followed.
pub fn use_navigate() -> impl Fn(Route) + Clone + 'static {
    let current = expect_context::<CurrentRoute>().0;
    move |route: Route| push(&route.href(), current)
}

/// A function that goes to a route in place of the current address, so that Back skips
/// the page that sent the visitor on (a staff page that needs a sign-in, say).
pub fn use_redirect() -> impl Fn(Route) + Clone + 'static {
    let current = expect_context::<CurrentRoute>().0;
    move |route: Route| {
        crate::browser::replace_address(&route.href());
        current.set(location_route());
    }
}

/// A function that opens a same-origin address (path, query and fragment) in-app, as if a
/// link to it had been followed.
pub fn use_open_href() -> impl Fn(&str) + Clone + 'static {
    let current = expect_context::<CurrentRoute>().0;
    move |href: &str| push(href, current)
}

/// Adds `href` to the session history, shows it from the top, and updates the route.
fn push(href: &str, current: RwSignal<Route>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(&crate::kiosk::history_state(), "", Some(href));
    }
    window.scroll_to_with_x_and_y(0.0, 0.0);
    current.set(location_route());
}

/// The route of the address bar.
pub fn location_route() -> Route {
    let location = web_sys::window().map(|w| w.location());
    let path = location.as_ref().and_then(|l| l.pathname().ok());
    let search = location.as_ref().and_then(|l| l.search().ok());
    Route::parse(&path.unwrap_or_default(), &search.unwrap_or_default())
}

/// Follows a plain left click on a same-origin link in-app; leaves everything else (new tab,
/// downloads, other sites, in-page `#` links) to the browser.
#[cfg(target_arch = "wasm32")]
fn follow_link(event: web_sys::MouseEvent, current: RwSignal<Route>) {
    if event.default_prevented()
        || event.button() != 0
        || event.ctrl_key()
        || event.meta_key()
        || event.shift_key()
        || event.alt_key()
    {
        return;
    }
    let Some(anchor) = crate::browser::clicked_link(&event) else {
        return;
    };
    let raw = anchor.get_attribute("href").unwrap_or_default();
    let origin = web_sys::window().and_then(|w| w.location().origin().ok());
    if raw.starts_with('#')
        || !anchor.target().is_empty()
        || anchor.has_attribute("download")
        || Some(anchor.origin()) != origin
    {
        return;
    }
    event.prevent_default();
    push(
        &format!("{}{}{}", anchor.pathname(), anchor.search(), anchor.hash()),
        current,
    );
}
