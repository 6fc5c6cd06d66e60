//! What shows while content is on its way; announced politely, never a blank page.

use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::tr;

/// A loading line for `Suspense` and `Transition` fallbacks.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="app-loading" role="status">{tr(Key::CommonLoading)}</p> }
}
