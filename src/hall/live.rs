//! Following a hall live, for every page that shows one (status, a queue number, the
//! calling board, the counter console): its event stream, connected again with back-off
//! whenever it ends (a network or server restart), and polling while there is no stream.
//! Each stream starts with the whole snapshot, so a page is in step again as soon as it
//! reconnects, without a reload.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use banshi_contract::Hall;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Backend, StreamEnd, use_backend};
use crate::lang::use_lang;

/// How often a page asks again where the backend does not stream, or the stream is down.
pub const POLL: Duration = Duration::from_secs(30);
/// The longest wait before connecting the stream again.
const MAX_RECONNECT: Duration = Duration::from_secs(30);

/// Calls `apply` with each snapshot of hall `id` for as long as the current reactive owner
/// lives; `streaming` says whether the stream is connected (else the page polls every
/// [`POLL`]). Runs in the browser only, and again when the language changes.
pub fn follow_hall(id: String, streaming: RwSignal<bool>, apply: impl Fn(Hall) + Clone + 'static) {
    let lang = use_lang();
    let backend = use_backend();
    let current = Rc::new(RefCell::new(None::<web_sys::AbortController>));
    {
        let (backend, id, current, apply) =
            (backend.clone(), id.clone(), current.clone(), apply.clone());
        Effect::new(move || {
            let locale = lang.locale();
            let controller = web_sys::AbortController::new().ok();
            let signal = controller.as_ref().map(web_sys::AbortController::signal);
            if let Some(previous) = current.replace(controller) {
                previous.abort();
            }
            let (backend, id, apply) = (backend.clone(), id.clone(), apply.clone());
            spawn_local(async move {
                let mut wait = Duration::from_secs(1);
                loop {
                    let apply = apply.clone();
                    let on_hall = Box::new(move |fresh: Hall| {
                        streaming.try_set(true);
                        apply(fresh);
                    });
                    let end = backend
                        .watch_hall(locale, id.clone(), signal.clone(), on_hall)
                        .await;
                    if signal.as_ref().is_some_and(|s| s.aborted())
                        || streaming.try_set(false).is_some()
                    {
                        break;
                    }
                    match end {
                        Ok(StreamEnd::Closed) => wait = Duration::from_secs(1),
                        Err(e) if e.is_retryable() => wait = (wait * 2).min(MAX_RECONNECT),
                        Ok(StreamEnd::Unsupported) | Err(_) => break,
                    }
                    crate::browser::sleep(wait).await;
                }
            });
        });
    }
    let current = send_wrapper::SendWrapper::new(current);
    let poll = set_interval_with_handle(
        move || {
            if streaming.get_untracked() || !crate::browser::page_visible() {
                return;
            }
            let (backend, id, apply) = (backend.clone(), id.clone(), apply.clone());
            spawn_local(async move {
                if let Ok(halls) = backend.halls(lang.locale_untracked()).await
                    && let Some(fresh) = halls.into_iter().find(|h| h.id == id)
                {
                    apply(fresh);
                }
            });
        },
        POLL,
    )
    .ok();
    on_cleanup(move || {
        if let Some(poll) = poll {
            poll.clear();
        }
        if let Some(controller) = current.take().borrow_mut().take() {
            controller.abort();
        }
    });
}
