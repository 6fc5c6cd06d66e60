//! Any address the portal does not know.

use leptos::prelude::*;

use crate::components::PageHeading;
use crate::i18n::Key;
use crate::lang::{tr, use_lang};

/// "Page not found", with a way home.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::NotFoundTitle).to_owned())/>
        <p class="app-body">{tr(Key::NotFoundBody)}</p>
        <p class="app-body"><a href="/">{tr(Key::NotFoundHome)}</a></p>
    }
}
