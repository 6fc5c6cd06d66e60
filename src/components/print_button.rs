//! The button that opens the browser's print dialog, for the poster pages.

use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::tr;

/// "Print".
#[component]
pub fn PrintButton() -> impl IntoView {
    let print = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! { <button type="button" class="app-button" on:click=print>{tr(Key::PostersPrint)}</button> }
}
