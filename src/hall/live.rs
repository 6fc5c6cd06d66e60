//! Following a hall live, for every page that shows one (status, a queue number, the
//! calling board, the counter console): its event stream, kept open by
//! [`keep_streaming`], and polling while there is no stream. Each stream starts with the
//! whole snapshot, so a page is in step again as soon as it reconnects, without a reload.

use std::time::Duration;

use banshi_contract::Hall;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Backend, keep_streaming, use_backend};
use crate::lang::use_lang;

/// How often a page asks again where the backend does not stream, or the stream is down.
pub const POLL: Duration = Duration::from_secs(30);

/// Calls `apply` with each snapshot of hall `id` for as long as the current reactive owner
/// lives; `streaming` says whether the stream is connected (else the page polls every
/// [`POLL`]).
pub fn follow_hall(id: String, streaming: RwSignal<bool>, apply: impl Fn(Hall) + Clone + 'static) {
    let lang = use_lang();
    let backend = use_backend();
    {
        let (backend, id, apply) = (backend.clone(), id.clone(), apply.clone());
        keep_streaming(streaming, move |locale, abort| {
            let apply = apply.clone();
            let on_hall = Box::new(move |fresh: Hall| {
                streaming.try_set(true);
                apply(fresh);
            });
            backend.watch_hall(locale, id.clone(), abort, on_hall)
        });
    }
    let poll = set_interval_with_handle(
        move || {
            // A page that is gone (its interval not yet cleared) asks nothing.
            if streaming.try_get_untracked() != Some(false) || !crate::browser::page_visible() {
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
    });
}
