//! Kiosk mode on terminals enrolled as a hall's kiosks. The enrolment lives in this device's
//! storage (a [`crate::storage::DEVICE_KEYS`] entry), so a phone opening the same portal is
//! never a kiosk. This part, in the main module, tells whether the device is a kiosk, stamps
//! each history entry with the visitor session it belongs to (the shell's inline script
//! leaves a stale one for the home page), and on a kiosk fetches the `kiosk` split module:
//! the idle watch, the wipe and the shared-terminal bar ([`guard`]).

mod guard;

use leptos::prelude::*;

use crate::config::AppConfig;
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

/// Whether the kiosk's guard and texts are here: false on any other device.
#[derive(Debug, Clone, Copy)]
struct KioskReady(RwSignal<bool>);

split_point! {
    /// Starts the guard (the kiosk module's entry point).
    fn mount_guard(lang: Lang, idle_seconds: u32, warning_seconds: u32) -> (), in kiosk, preload preload_kiosk {
        guard::mount(lang, idle_seconds, warning_seconds)
    }
}

split_point! {
    /// The fetch of the kiosk's texts, with its module.
    fn kiosk_messages() -> std::pin::Pin<Box<dyn Future<Output = bool>>>, in kiosk, preload preload_kiosk_messages {
        Box::pin(crate::i18n::load_messages("kiosk"))
    }
}

/// On a kiosk, once the app runs: marks the page as a kiosk's and starts the guard.
pub fn provide_kiosk(config: &AppConfig, lang: Lang) {
    let ready = RwSignal::new(false);
    provide_context(KioskReady(ready));
    let (idle, warning) = (config.kiosk_idle_seconds, config.kiosk_warning_seconds);
    Effect::new(move |_| {
        if !is_kiosk() {
            return;
        }
        crate::browser::set_root_class(KIOSK_CLASS, true);
        leptos::task::spawn_local(async move {
            let module =
                crate::pages::loader::with_messages(preload_kiosk().await, kiosk_messages().await)
                    .await;
            if module.is_ok() && mount_guard(lang, idle, warning).await.is_ok() {
                ready.set(true);
            }
        });
    });
}

/// Whether this page is on a kiosk whose guard runs (reactive; false while rendering).
pub fn use_kiosk() -> Signal<bool> {
    use_context::<KioskReady>().map_or(Signal::from(false), |k| k.0.into())
}

/// `standard`, or on a kiosk `kiosk` (a text of the kiosk group) in its place.
#[component]
pub fn KioskText(standard: Key, kiosk: Key) -> impl IntoView {
    let lang = use_lang();
    let on = use_kiosk();
    move || lang.t(if on.get() { kiosk } else { standard })
}

/// On a kiosk, the button that prints the page as an 80 mm receipt (nothing elsewhere).
#[component]
pub fn PrintReceipt() -> impl IntoView {
    let lang = use_lang();
    let on = use_kiosk();
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
