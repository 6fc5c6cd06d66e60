//! Shown when the code of a page could not be fetched, typically because the device went
//! offline before the page was first opened.

use leptos::prelude::*;

use crate::components::PageHeading;
use crate::i18n::Key;
use crate::lang::{tr, use_lang};

/// "This page could not be opened", with a way to try again; nothing typed is lost.
#[component]
pub fn PageLoadFailedPage(#[prop(into)] retry: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::PageLoadTitle).to_owned())/>
        <div class="app-notice app-notice--error" role="alert">
            <p>{tr(Key::PageLoadBody)}</p>
            <button type="button" class="app-button" on:click=move |_| retry.run(())>
                {tr(Key::CommonTryAgain)}
            </button>
        </div>
    }
}
