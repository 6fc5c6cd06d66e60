//! The page's `h1`: it sets `document.title` and, after an in-app navigation, takes focus so
//! screen-reader users hear where they arrived.

use std::sync::atomic::{AtomicBool, Ordering};

use leptos::html::H1;
use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::use_lang;

/// Whether a heading has been shown since the app started; the first one does not steal focus.
static SHOWN_BEFORE: AtomicBool = AtomicBool::new(false);

/// Where a server render keeps the title of the page it rendered.
#[derive(Debug, Clone, Default)]
pub struct DocumentTitle(std::sync::Arc<std::sync::Mutex<String>>);

impl DocumentTitle {
    fn set(&self, title: String) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = title;
    }

    /// The title of the last page heading rendered.
    pub fn get(&self) -> String {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The page heading. `text` is reactive so the title follows language changes.
#[component]
pub fn PageHeading(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let heading = NodeRef::<H1>::new();
    let title = move || format!("{} – {}", text.get(), lang.t(Key::AppName));
    // A server render writes the title into the page's `<title>`.
    if let Some(document_title) = use_context::<DocumentTitle>() {
        document_title.set(untrack(title));
    }
    Effect::new(move |_| {
        let title = title();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&title);
        }
    });
    Effect::new(move |_| {
        if let Some(h1) = heading.get()
            && SHOWN_BEFORE.swap(true, Ordering::Relaxed)
        {
            let _ = h1.focus();
        }
    });
    view! { <h1 class="app-heading-xl" tabindex="-1" node_ref=heading>{move || text.get()}</h1> }
}
