//! `localStorage` as typed values: drafts, remembered tickets and settings. Storage may be
//! missing (private mode) or full; then values simply are not kept. Every key is the
//! citizen's, and a kiosk's wipe removes it, unless it is one of the [`DEVICE_KEYS`].

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

/// The text stored under `key` as it is (no JSON decoding).
pub fn text(key: &str) -> Option<String> {
    storage()?.get_item(&format!("{PREFIX}{key}")).ok()?
}

/// Stores `text` under `key` as it is.
pub fn set_text(key: &str, text: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("{PREFIX}{key}"), text);
    }
}

/// The yes-or-no stored under `key` (as `1` or `0`, without a JSON decoder).
pub fn flag(key: &str) -> Option<bool> {
    Some(text(key)? == "1")
}

/// Stores a yes-or-no under `key`.
pub fn set_flag(key: &str, on: bool) {
    set_text(key, if on { "1" } else { "0" });
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

/// Key of the number of a kiosk's current visitor session (a `u64`, one more after each
/// wipe), stamped on the history entries the session makes.
pub const KIOSK_SESSION_KEY: &str = "kiosk-session";

/// The keys that belong to the device, not to whoever is using it: the kiosk's enrolment
/// and session, and a counter's window. A new kind of citizen data needs no entry anywhere
/// to be wiped; only device data must be listed here to survive.
pub const DEVICE_KEYS: [&str; 3] = [
    KIOSK_KEY,
    KIOSK_SESSION_KEY,
    crate::model::counter::Desk::KEY,
];

/// Removes everything this app stored for its visitor: every key but the [`DEVICE_KEYS`],
/// and the whole of `sessionStorage`.
pub fn wipe_visitor_data() {
    if let Some(s) = storage() {
        let keys: Vec<String> = (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|key| {
                key.strip_prefix(PREFIX)
                    .is_some_and(|name| !DEVICE_KEYS.contains(&name))
            })
            .collect();
        for key in keys {
            let _ = s.remove_item(&key);
        }
    }
    if let Some(session) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = session.clear();
    }
}
