//! Elder mode (长辈版): larger type and targets, stronger contrast and no motion, switched on
//! any page and remembered on the device and in a cookie, so that a server that renders
//! pages paints the next one in it. The mode is the class on `<html>` and nothing else: its
//! styles, and the texts that differ by mode (shown by class), follow it without any
//! reactive state, so the switch costs landing pages next to no code.

use crate::storage;

/// The class on `<html>` that turns elder mode's styles on.
pub const ELDER_CLASS: &str = "app-elder";

/// The cookie that tells a rendering server the device is in elder mode.
pub const ELDER_COOKIE: &str = "banshi_elder";

/// The words that ask for elder mode when typed into the portal's search box.
const ASKING_WORDS: [&str; 9] = [
    "长辈版",
    "关怀版",
    "亲情版",
    "关爱版",
    "老年模式",
    "長輩版",
    "關懷版",
    "親情版",
    "關愛版",
];

/// English searches that ask for elder mode (the whole query, any case).
const ASKING_PHRASES: [&str; 3] = ["senior mode", "elder mode", "larger text"];

/// Whether a search for `query` is a citizen looking for elder mode.
pub fn asks_for_elder(query: &str) -> bool {
    let query = query.trim();
    ASKING_WORDS.iter().any(|word| query.contains(word))
        || ASKING_PHRASES.iter().any(|p| query.eq_ignore_ascii_case(p))
}

/// The `Set-Cookie`/`document.cookie` value that remembers elder mode for a year, or
/// forgets it; `secure` when the portal is served over HTTPS.
pub fn elder_cookie(on: bool, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    if on {
        format!("{ELDER_COOKIE}=1; Path=/; Max-Age=31536000; SameSite=Lax{secure}")
    } else {
        format!("{ELDER_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax{secure}")
    }
}

/// Whether a cookie value says elder mode.
pub fn is_elder_cookie(value: &str) -> bool {
    value == "1"
}

/// Elder mode for a page a server renders (from the visitor's cookie), in the render's
/// context.
#[derive(Debug, Clone, Copy)]
pub struct RenderedElder(pub bool);

/// Whether elder mode is on now: the class on `<html>` in a browser, the visitor's cookie
/// on a server. Not reactive: a page that arranges itself by mode reads it when it is built.
pub fn is_on() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .is_some_and(|root| root.class_list().contains(ELDER_CLASS))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        leptos::prelude::use_context::<RenderedElder>().is_some_and(|e| e.0)
    }
}

/// Switches elder mode and remembers the choice on this device.
pub fn set(on: bool) {
    storage::set_flag(storage::ELDER_KEY, on);
    show(on);
}

/// Puts the page in elder mode, or out of it, as remembered on this device (a rendered page
/// arrives as its cookie said; the cookie is renewed, or put back if it was lost).
pub fn restore() {
    if let Some(on) = storage::flag(storage::ELDER_KEY) {
        show(on);
    }
}

/// Sets the class on `<html>` and the cookie.
fn show(on: bool) {
    crate::browser::set_root_class(ELDER_CLASS, on);
    let Some(window) = web_sys::window() else {
        return;
    };
    let secure = window.location().protocol().is_ok_and(|p| p == "https:");
    if let Some(document) = window.document() {
        use wasm_bindgen::JsCast;
        if let Ok(document) = document.dyn_into::<web_sys::HtmlDocument>() {
            let _ = document.set_cookie(&elder_cookie(on, secure));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_citizens_search_for_ask_for_elder_mode() {
        for query in [
            "长辈版",
            " 关怀版 ",
            "亲情版",
            "关爱版",
            "老年模式",
            "長輩版",
            "关怀版入口",
            "Senior mode",
        ] {
            assert!(asks_for_elder(query), "{query}");
        }
        for query in ["", "   ", "社保", "长辈", "elder", "营业执照"] {
            assert!(!asks_for_elder(query), "{query}");
        }
    }

    #[test]
    fn the_cookie_is_kept_for_a_year_or_removed() {
        assert_eq!(
            elder_cookie(true, false),
            "banshi_elder=1; Path=/; Max-Age=31536000; SameSite=Lax"
        );
        assert!(elder_cookie(false, true).contains("Max-Age=0"));
        assert!(elder_cookie(false, true).ends_with("; Secure"));
        assert!(is_elder_cookie("1") && !is_elder_cookie("0") && !is_elder_cookie(""));
    }
}
