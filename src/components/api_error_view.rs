//! A failed load explained in the citizen's language, with a way to try again.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::Key;
use crate::lang::tr;

/// The message for a failed call, by kind.
pub fn api_error_key(error: &ApiError) -> Key {
    match error {
        ApiError::Network => Key::ErrorNetwork,
        ApiError::Problem(p) if p.status == 404 => Key::ErrorNotFound,
        ApiError::Problem(p) if p.status == 429 => Key::ErrorRateLimited,
        ApiError::Problem(p) if p.status >= 500 => Key::ErrorServer,
        ApiError::Status(s) if *s >= 500 => Key::ErrorServer,
        ApiError::Status(404) => Key::ErrorNotFound,
        _ => Key::ErrorUnexpected,
    }
}

/// Shows `error`; `retry` reloads what failed.
#[component]
pub fn ApiErrorView(error: ApiError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let key = api_error_key(&error);
    view! {
        <div class="app-notice app-notice--error" role="alert">
            <p>{tr(key)}</p>
            <button type="button" class="app-button app-button--secondary" on:click=move |_| retry.run(())>
                {tr(Key::CommonTryAgain)}
            </button>
        </div>
    }
}
