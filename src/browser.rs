//! Small browser helpers shared by pages and the app's start: timers, and secrets carried
//! in the address's fragment. (Storage is in `storage.rs`.)

use wasm_bindgen_futures::JsFuture;

/// Waits `duration` on the browser's timer.
pub async fn sleep(duration: std::time::Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                duration.as_millis() as i32,
            );
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The value of `name` in the address's fragment (`#name=value`), taken out of the address
/// bar and history at once so that it is never bookmarked, shared or sent on. Other
/// fragments, such as the skip link's `#main`, are left alone.
pub fn take_fragment_value(name: &str) -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    // Printed QR codes carry upper-case addresses (`#CODE=…`): the name matches in any case.
    let carried = hash.trim_start_matches('#');
    let value = carried
        .get(..name.len())
        .filter(|prefix| prefix.eq_ignore_ascii_case(name))
        .and_then(|_| carried[name.len()..].strip_prefix('='))
        .filter(|v| !v.is_empty())?
        .to_owned();
    let bare = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&bare));
    }
    Some(value)
}

/// Whether the page is visible (not a background tab); a page that cannot tell counts as
/// visible.
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}
