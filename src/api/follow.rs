//! Keeping an event stream open for as long as a page shows it: connected again with
//! back-off whenever it ends (a network or server restart), given up where the backend has
//! no stream or refuses it (the page polls then), and reopened in the new language when the
//! language changes. The ticket page and every live hall page use it.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use banshi_contract::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{ApiFuture, StreamEnd};
use crate::lang::use_lang;

/// The longest wait before connecting a stream again.
const MAX_RECONNECT: Duration = Duration::from_secs(30);

/// Keeps the stream `open(locale, abort)` opens going while the current reactive owner
/// lives. The events' handler (inside `open`) sets `streaming` when one arrives; this sets it
/// back when the stream ends. Runs in the browser only (an effect).
pub fn keep_streaming<F>(streaming: RwSignal<bool>, open: F)
where
    F: Fn(Locale, Option<web_sys::AbortSignal>) -> ApiFuture<StreamEnd> + Clone + 'static,
{
    let lang = use_lang();
    // The open stream's controller: aborted when the language changes and when the page goes.
    let current = Rc::new(RefCell::new(None::<web_sys::AbortController>));
    {
        let current = current.clone();
        Effect::new(move || {
            let locale = lang.locale();
            let controller = web_sys::AbortController::new().ok();
            let signal = controller.as_ref().map(web_sys::AbortController::signal);
            if let Some(previous) = current.replace(controller) {
                previous.abort();
            }
            let open = open.clone();
            spawn_local(async move {
                let mut wait = Duration::from_secs(1);
                loop {
                    let end = open(locale, signal.clone()).await;
                    // An aborted stream leaves the flag to the one that replaced it.
                    if signal.as_ref().is_some_and(|s| s.aborted())
                        || streaming.try_set(false).is_some()
                    {
                        break;
                    }
                    match end {
                        Ok(StreamEnd::Closed) => wait = Duration::from_secs(1),
                        Err(e) if e.is_retryable() => wait = (wait * 2).min(MAX_RECONNECT),
                        // No stream here, or it was refused: polling carries on.
                        Ok(StreamEnd::Unsupported) | Err(_) => break,
                    }
                    crate::browser::sleep(wait).await;
                }
            });
        });
    }
    let current = send_wrapper::SendWrapper::new(current);
    on_cleanup(move || {
        if let Some(controller) = current.take().borrow_mut().take() {
            controller.abort();
        }
    });
}
