//! The elder-mode switch in every page's header: "长辈版" in standard mode, "标准版" in elder
//! mode (both texts are there; the mode's class shows one). Like the language switch it is
//! a form, so it works before the app has started: the server remembers the choice in its
//! cookie and answers in it.

use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::tr;

/// A button that turns elder mode on or off.
#[component]
pub fn ElderSwitch() -> impl IntoView {
    let value = if crate::elder::is_on() { "off" } else { "on" };
    view! {
        <form method="get" class="app-elder-switch">
            <button
                type="submit"
                name="elder"
                value=value
                class="app-elder-switch__button"
                on:click=move |event| {
                    event.prevent_default();
                    crate::elder::set(!crate::elder::is_on());
                }
            >
                <span class="app-standard-only">{tr(Key::ElderSwitchOn)}</span>
                <span class="app-elder-only">{tr(Key::ElderSwitchOff)}</span>
            </button>
        </form>
    }
}
