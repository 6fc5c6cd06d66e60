//! `localStorage` as typed values: drafts, remembered tickets and settings. Storage may be
//! missing (private mode) or full; then values simply are not kept.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Prefix of every key this app writes.
const PREFIX: &str = "banshi.";

fn storage() -> Option<web_sys::Storage> {
    // Rendering on a server: no device, nothing remembered.
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    web_sys::window()?.local_storage().ok()?
}

/// The value stored under `key`, if present and readable.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(&format!("{PREFIX}{key}")).ok()??;
    serde_json::from_str(&text).ok()
}

/// Stores `value` under `key`; returns whether it was kept.
pub fn save<T: Serialize>(key: &str, value: &T) -> bool {
    let Ok(text) = serde_json::to_string(value) else {
        return false;
    };
    storage().is_some_and(|s| s.set_item(&format!("{PREFIX}{key}"), &text).is_ok())
}

/// The yes-or-no stored under `key` (as `1` or `0`, without a JSON decoder).
pub fn flag(key: &str) -> Option<bool> {
    let text = storage()?.get_item(&format!("{PREFIX}{key}")).ok()??;
    Some(text == "1")
}

/// Stores a yes-or-no under `key`.
pub fn set_flag(key: &str, on: bool) {
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("{PREFIX}{key}"), if on { "1" } else { "0" });
    }
}

/// Removes `key`.
pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{PREFIX}{key}"));
    }
}

/// Key of the draft for a service.
pub fn draft_key(service_code: &str) -> String {
    format!("draft.{service_code}")
}

/// Key of the remembered tickets.
pub const TICKETS_KEY: &str = "tickets";

/// Key of the chosen locale.
pub const LOCALE_KEY: &str = "locale";

/// Key of the device's elder-mode choice (a [`flag`]).
pub const ELDER_KEY: &str = "elder";

/// Key of this device's kiosk enrolment (`EnrolledKiosk`).
pub const KIOSK_KEY: &str = "kiosk";
