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
    pub fn new(fetch: impl Fn() -> ApiFuture<T> + 'static) -> Load<T> {
        let answer = RwSignal::new_local(None);
        let retry = RwSignal::new(0u32);
        let asked = StoredValue::new(0u32);
        Effect::new(move |_| {
            retry.track();
            let pending = fetch();
            let question = asked.get_value().wrapping_add(1);
            asked.set_value(question);
            wasm_bindgen_futures::spawn_local(async move {
                let result = pending.await;
                if asked.try_get_value() == Some(question) {
                    answer.try_set(Some(result));
                }
            });
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

    /// Asks again, keeping the current answer until the new one arrives.
    pub fn refetch(&self) {
        self.retry.update(|n| *n = n.wrapping_add(1));
    }
}
