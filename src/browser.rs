//! Small browser helpers shared by pages and the app's start: timers and the like. (Storage
//! is in `storage.rs`.)

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
