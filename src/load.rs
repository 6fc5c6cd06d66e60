//! Data a page loads from the backend: fetched again when what it depends on changes, the
//! last answer kept on screen until the next arrives, late answers to old questions dropped.

use banshi_contract::Locale;
use leptos::prelude::*;

use crate::api::{ApiError, ApiFuture};

/// The answer to a backend call that a page shows; `None` until the first one arrives.
#[derive(Debug)]
pub struct Load<T: 'static> {
    answer: RwSignal<Option<Result<T, ApiError>>, LocalStorage>,
    retry: RwSignal<u32>,
}

impl<T: 'static> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Load<T> {}

impl<T: Clone + 'static> Load<T> {
    /// Calls `fetch` now, and again whenever a signal it reads changes. A call still in
    /// flight when the next starts, or when the page goes away, is aborted.
    ///
    /// An answer that is there at once (one that came with a server-rendered page) is on
    /// screen from the first render, so hydration finds the markup the server wrote.
    pub fn new(fetch: impl Fn() -> ApiFuture<T> + 'static) -> Load<T> {
        let retry = RwSignal::new(0u32);
        let asked = StoredValue::new(0u32);
        let mut first = untrack(&fetch);
        let answer = RwSignal::new_local(ready_now(&mut first));
        if answer.with_untracked(Option::is_none) {
            finish_in_background(first, answer, asked, 0);
        }
        Effect::new(move |before: Option<()>| {
            retry.track();
            let pending = fetch();
            // The first run only subscribes: the constructor made the first call.
            if before.is_none() {
                return;
            }
            let question = asked.get_value().wrapping_add(1);
            asked.set_value(question);
            finish_in_background(pending, answer, asked, question);
        });
        Load { answer, retry }
    }

    /// The same call once per portal locale (zh-Hans, zh-Hant, en), for pages that show all
    /// three languages at once, such as posters.
    pub fn in_every_locale(
        fetch: impl Fn(Locale) -> ApiFuture<T> + Clone + 'static,
    ) -> [Load<T>; 3] {
        Locale::ALL.map(|locale| {
            let fetch = fetch.clone();
            Load::new(move || fetch(locale))
        })
    }

    /// The latest answer, tracked.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.answer.get()
    }

    /// The latest answer, untracked (for event handlers).
    pub fn get_untracked(&self) -> Option<Result<T, ApiError>> {
        self.answer.get_untracked()
    }

    /// Asks again, keeping the current answer until the new one arrives.
    pub fn refetch(&self) {
        self.retry.update(|n| *n = n.wrapping_add(1));
    }
}

/// The output of `future` if it is ready when polled now.
pub(crate) fn ready_now<F: Future + Unpin>(future: &mut F) -> Option<F::Output> {
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match std::pin::Pin::new(future).poll(&mut context) {
        std::task::Poll::Ready(output) => Some(output),
        std::task::Poll::Pending => None,
    }
}

/// Lets `pending` finish and shows its answer, unless a later question was asked by then.
/// (A server render never waits: it renders again once it has fetched what was missing.)
fn finish_in_background<T: 'static>(
    pending: ApiFuture<T>,
    answer: RwSignal<Option<Result<T, ApiError>>, LocalStorage>,
    asked: StoredValue<u32>,
    question: u32,
) {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async move {
        let result = pending.await;
        if asked.try_get_value() == Some(question) {
            answer.try_set(Some(result));
        }
    });
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (pending, answer, asked, question);
}
