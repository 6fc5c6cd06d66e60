//! Small browser helpers shared by pages and the app's start: timers, secrets carried in the
//! address's fragment, page-wide classes and split modules' stylesheets. (Storage is in
//! `storage.rs`.)

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
    replace_address(&bare);
    Some(value)
}

/// Puts `url` in the address bar in place of the current address, keeping the history
/// entry's state (a kiosk's session stamp, see `kiosk::history_state`).
pub fn replace_address(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(url));
    }
}

/// Whether the page is visible (not a background tab); a page that cannot tell counts as
/// visible.
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Buzzes the phone `pattern` (milliseconds on, off, on…) where the browser allows it.
pub fn vibrate(pattern: &[u32]) {
    if let Some(window) = web_sys::window() {
        let pattern: js_sys::Array = pattern
            .iter()
            .map(|ms| wasm_bindgen::JsValue::from(*ms))
            .collect();
        let _ = window.navigator().vibrate_with_pattern(&pattern);
    }
}

/// A short two-tone chime, where the browser lets the page make a sound (after a gesture).
pub fn chime() {
    let Ok(context) = web_sys::AudioContext::new() else {
        return;
    };
    let start = context.current_time();
    for (i, frequency) in [880.0_f32, 660.0].into_iter().enumerate() {
        let (Ok(tone), Ok(gain)) = (context.create_oscillator(), context.create_gain()) else {
            return;
        };
        let at = start + 0.25 * i as f64;
        tone.frequency().set_value(frequency);
        gain.gain().set_value(0.2);
        let _ = tone.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&context.destination());
        let _ = tone.start_with_when(at);
        let _ = tone.stop_with_when(at + 0.2);
    }
    // Browsers allow few audio contexts at once: let this one go when the chime is over.
    leptos::prelude::set_timeout(
        move || {
            let _ = context.close();
        },
        std::time::Duration::from_secs(1),
    );
}

/// The class on `<html>` once the app runs: controls that do nothing without it are hidden
/// (not removed, so nothing moves) until then.
pub const LIVE_CLASS: &str = "app-live";

/// Adds or removes `class` on the document's root element (a page-wide display mode).
pub fn set_root_class(class: &str, on: bool) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = if on {
            root.class_list().add_1(class)
        } else {
            root.class_list().remove_1(class)
        };
    }
}

/// Adds the stylesheet at `href` (a split module's own, under `/style/split/`) to the page,
/// once, and waits until it has loaded or failed, so that nothing the module shows is seen
/// without its styles.
pub async fn add_stylesheet(href: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let selector = format!("link[href=\"{href}\"]");
    if document.query_selector(&selector).ok().flatten().is_some() {
        return;
    }
    let (Ok(link), Some(head)) = (document.create_element("link"), document.head()) else {
        return;
    };
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("href", href);
    let settled = js_sys::Promise::new(&mut |resolve, _| {
        for event in ["load", "error"] {
            let _ = link.add_event_listener_with_callback(event, &resolve);
        }
    });
    let _ = head.append_child(&link);
    let _ = JsFuture::from(settled).await;
}

/// The link (`<a href>`) a click landed on or inside, if any.
pub fn clicked_link(event: &web_sys::MouseEvent) -> Option<web_sys::HtmlAnchorElement> {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
}
