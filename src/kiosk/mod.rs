//! Kiosk mode on terminals enrolled as a hall's kiosks. The enrolment lives in this device's
//! storage (a [`crate::storage::DEVICE_KEYS`] entry), so a phone opening the same portal is
//! never a kiosk. This part, in the main module, tells whether the device is a kiosk, stamps
//! each history entry with the visitor session it belongs to (the shell's inline script
//! leaves a stale one for the home page), and on a kiosk fetches the `kiosk` split module:
//! the idle watch, the wipe and the shared-terminal bar ([`guard`]).

mod guard;

use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::{Lang, use_lang};
use crate::split::split_point;
use crate::storage;

/// The class on `<html>` of a kiosk, once its guard runs.
pub const KIOSK_CLASS: &str = "app-kiosk";

/// Whether this device is enrolled as a kiosk.
pub fn is_kiosk() -> bool {
    storage::text(storage::KIOSK_KEY).is_some()
}

/// The current visitor session of a kiosk (`0` before the first wipe).
fn session() -> String {
    storage::text(storage::KIOSK_SESSION_KEY).unwrap_or_else(|| "0".to_owned())
}

/// The state to give a new history entry: on a kiosk, the visitor session it belongs to,
/// so that Back after a wipe never shows it again.
pub fn history_state() -> wasm_bindgen::JsValue {
    if is_kiosk() {
        wasm_bindgen::JsValue::from_str(&session())
    } else {
        wasm_bindgen::JsValue::NULL
    }
}

split_point! {
    /// Fetches the kiosk's texts and starts its guard (the kiosk module's entry point).
    fn open_guard(lang: Lang, idle_seconds: u32, warning_seconds: u32) -> std::pin::Pin<Box<dyn Future<Output = ()>>>, in kiosk, preload preload_kiosk {
        Box::pin(async move {
            crate::browser::add_stylesheet("/style/split/kiosk.css").await;
            if crate::i18n::load_messages("kiosk").await {
                guard::mount(lang, idle_seconds, warning_seconds);
            }
        })
    }
}

/// On a kiosk, once the app runs: marks the page as a kiosk's and starts the guard, which
/// asks after `idle` seconds without a touch and wipes after `warning` more (`config.json`'s
/// `kiosk_idle_seconds`, `kiosk_warning_seconds`).
pub fn start(lang: Lang, (idle, warning): (u32, u32)) {
    if !is_kiosk() {
        return;
    }
    crate::browser::set_root_class(KIOSK_CLASS, true);
    leptos::task::spawn_local(async move {
        if let Ok(opening) = open_guard(lang, idle, warning).await {
            opening.await;
        }
    });
}

/// Whether this page is on a kiosk and the kiosk's texts are here: false while rendering,
/// set once the page is in the browser (so a page the server rendered hydrates as it was).
fn on_kiosk() -> ReadSignal<bool> {
    let (on, set_on) = signal(false);
    Effect::new(move |_| {
        if is_kiosk() {
            leptos::task::spawn_local(async move {
                if crate::i18n::load_messages("kiosk").await {
                    set_on.try_set(true);
                }
            });
        }
    });
    on
}

/// `standard`, or on a kiosk `kiosk` (a text of the kiosk group) in its place.
#[component]
pub fn KioskText(standard: Key, kiosk: Key) -> impl IntoView {
    let lang = use_lang();
    let on = on_kiosk();
    move || lang.t(if on.get() { kiosk } else { standard })
}

/// On a kiosk, the button that prints the page as an 80 mm receipt (nothing elsewhere).
#[component]
pub fn PrintReceipt() -> impl IntoView {
    let lang = use_lang();
    let on = on_kiosk();
    let print = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    move || {
        on.get().then(|| {
            view! {
                <p class="app-no-print">
                    <button type="button" class="app-button app-button--secondary" id="kiosk-print" on:click=print>
                        {move || lang.t(Key::KioskPrintReceipt)}
                    </button>
                </p>
            }
        })
    }
}
