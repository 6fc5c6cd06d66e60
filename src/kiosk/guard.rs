//! The kiosk's guard (split module `kiosk`): a bar under the header that says the terminal
//! is shared, with a button to end the visit; after a while without a touch, a dialog that
//! counts down and then [`wipe`]s every trace of the visitor; links that would leave the
//! portal (other sites, `tel:`) are not followed but offered as a QR code for a phone.

use std::cell::Cell;
use std::rc::Rc;

use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::components::QrImage;
use crate::i18n::Key;
use crate::lang::{Lang, tr, use_lang};
use crate::storage;

/// Set in `sessionStorage` by a wipe: the page is a new visitor's, untouched so far, and
/// needs no wiping until someone uses it.
const FRESH_KEY: &str = "banshi.kiosk-fresh";

/// What counts as someone using the kiosk.
const ACTIVITY: [&str; 6] = [
    "pointerdown",
    "keydown",
    "input",
    "wheel",
    "touchstart",
    "scroll",
];

/// Mounts the guard after the page's header (after the body's end if there is none).
pub fn mount(lang: Lang, idle_seconds: u32, warning_seconds: u32) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(root) = document.create_element("div") else {
        return;
    };
    root.set_class_name("app-kiosk-guard app-no-print");
    let placed = document
        .query_selector(".app-header")
        .ok()
        .flatten()
        .map(|header| header.after_with_node_1(&root).is_ok());
    if placed != Some(true)
        && let Some(body) = document.body()
    {
        let _ = body.append_child(&root);
    }
    let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    let handle = leptos::mount::mount_to(root, move || {
        provide_context(lang);
        view! { <Guard idle_seconds warning_seconds/> }
    });
    // The guard lasts as long as the page.
    handle.forget();
}

/// Removes every trace of the visitor and opens the home page for the next one: storage
/// but the device's own keys, the language and elder-mode cookies, and (through the new
/// session stamp) every history entry of this visit.
pub fn wipe() {
    crate::speech::cancel();
    storage::wipe_visitor_data();
    if let Some(document) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    {
        for cookie in [crate::lang::LOCALE_COOKIE, crate::elder::ELDER_COOKIE] {
            let _ = document.set_cookie(&format!("{cookie}=; Path=/; Max-Age=0; SameSite=Lax"));
        }
    }
    let next = storage::text(storage::KIOSK_SESSION_KEY)
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(0)
        + 1;
    storage::set_text(storage::KIOSK_SESSION_KEY, &next.to_string());
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(Some(session)) = window.session_storage() {
        let _ = session.set_item(FRESH_KEY, "1");
    }
    let _ = window.location().replace("/");
}

/// Milliseconds since the epoch, on the clock that timers follow.
fn now() -> f64 {
    js_sys::Date::now()
}

/// The bar, the idle dialog and the blocked-link notice.
#[component]
fn Guard(idle_seconds: u32, warning_seconds: u32) -> impl IntoView {
    let lang = use_lang();
    let last_use = Rc::new(Cell::new(now()));
    // A page opened by a wipe waits for someone; any other (a reload mid-visit) may hold
    // a visitor's data already.
    let fresh = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item(FRESH_KEY).ok().flatten())
        .is_some();
    let used = Rc::new(Cell::new(!fresh));
    // Seconds left before the wipe while the dialog is open.
    let left = RwSignal::new(None::<u32>);
    let deadline = Rc::new(Cell::new(0.0));
    let dialog = NodeRef::<Dialog>::new();
    let blocked = RwSignal::new(None::<String>);

    listen_for_use(last_use.clone(), used.clone(), left);
    block_leaving_links(blocked);

    let tick = {
        let (last_use, deadline) = (last_use.clone(), deadline.clone());
        move || {
            let now = now();
            // Listening to the page read aloud is using it.
            if web_sys::window()
                .and_then(|w| w.speech_synthesis().ok())
                .is_some_and(|s| s.speaking())
            {
                last_use.set(now);
            }
            match left.get_untracked() {
                None if used.get() && now - last_use.get() >= f64::from(idle_seconds) * 1000.0 => {
                    deadline.set(now + f64::from(warning_seconds) * 1000.0);
                    left.set(Some(warning_seconds));
                    if let Some(dialog) = dialog.get_untracked() {
                        let _ = dialog.show_modal();
                    }
                }
                None => {}
                Some(_) => {
                    let seconds = ((deadline.get() - now) / 1000.0).ceil();
                    if seconds <= 0.0 {
                        wipe();
                    } else {
                        left.set(Some(seconds as u32));
                    }
                }
            }
        }
    };
    if let Ok(interval) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
        on_cleanup(move || interval.clear());
    }

    let carry_on = move || {
        last_use.set(now());
        left.set(None);
    };
    view! {
        <div class="app-width-container app-kiosk-bar">
            <p class="app-body">{tr(Key::KioskShared)}</p>
            <button type="button" class="app-button app-button--secondary" id="kiosk-end" on:click=|_| wipe()>
                {tr(Key::KioskEnd)}
            </button>
        </div>
        {move || blocked.get().map(|href| view! {
            <div class="app-width-container app-kiosk-blocked" role="alert" id="kiosk-blocked" tabindex="-1">
                <p class="app-body">{tr(Key::KioskLinkBlocked)}</p>
                <QrImage payload=href label=Signal::derive(move || lang.t(Key::KioskLinkQr).to_owned()) class="app-qr--carry"/>
                <button type="button" class="app-button app-button--secondary" on:click=move |_| blocked.set(None)>
                    {tr(Key::KioskLinkClose)}
                </button>
            </div>
        })}
        <dialog class="app-kiosk-dialog" node_ref=dialog aria-labelledby="kiosk-idle-title"
            aria-describedby="kiosk-idle-body" on:close=move |_| carry_on()>
            <h2 class="app-heading-l" id="kiosk-idle-title">{tr(Key::KioskIdleTitle)}</h2>
            <p class="app-body" id="kiosk-idle-body">
                {move || lang.t_with(Key::KioskIdleBody, &[("seconds", &left.get().unwrap_or(warning_seconds).to_string())])}
            </p>
            <form method="dialog" class="app-button-group">
                <button type="submit" class="app-button" id="kiosk-continue">{tr(Key::KioskContinue)}</button>
                <button type="button" class="app-button app-button--secondary" on:click=|_| wipe()>
                    {tr(Key::KioskEndNow)}
                </button>
            </form>
        </dialog>
    }
}

/// Notes each use of the page (not while the dialog asks whether anyone is there).
fn listen_for_use(last_use: Rc<Cell<f64>>, used: Rc<Cell<bool>>, left: RwSignal<Option<u32>>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let on_use = Closure::<dyn Fn()>::new(move || {
        if left.get_untracked().is_none() {
            last_use.set(now());
            if !used.replace(true)
                && let Some(session) =
                    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
            {
                let _ = session.remove_item(FRESH_KEY);
            }
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_capture(true);
    options.set_passive(true);
    for event in ACTIVITY {
        let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
            event,
            on_use.as_ref().unchecked_ref(),
            &options,
        );
    }
    on_use.forget();
}

/// Stops links to other sites and schemes, and says so with a QR code of where they lead.
fn block_leaving_links(blocked: RwSignal<Option<String>>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let on_click =
        Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |event: web_sys::MouseEvent| {
            let Some(anchor) = crate::browser::clicked_link(&event) else {
                return;
            };
            if anchor.origin() == origin && anchor.protocol().starts_with("http") {
                return;
            }
            event.prevent_default();
            event.stop_immediate_propagation();
            blocked.set(Some(anchor.href()));
            set_timeout(
                || crate::components::focus_field("kiosk-blocked"),
                std::time::Duration::ZERO,
            );
        });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_capture(true);
    let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
        "click",
        on_click.as_ref().unchecked_ref(),
        &options,
    );
    on_click.forget();
}
