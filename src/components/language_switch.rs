//! The language switch shown on every page: each language named in itself. It is a form, so
//! it works before the app has started (or without JavaScript): the server remembers the
//! choice and answers in it. Once the app runs, the switch is in-app.

use banshi_contract::Locale;
use leptos::prelude::*;

use crate::i18n::{Key, text};
use crate::lang::{tr, use_lang};

/// Buttons for the three locales; the current one is marked pressed.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let button = move |locale: Locale, name: Key| {
        view! {
            <li>
                <button
                    type="submit"
                    name="lang"
                    value=locale.tag()
                    class="app-language-switch__button"
                    lang=locale.tag()
                    aria-pressed=move || (lang.locale() == locale).to_string()
                    on:click=move |event| {
                        event.prevent_default();
                        lang.set(locale);
                    }
                >
                    {text(locale, name)}
                </button>
            </li>
        }
    };
    view! {
        <nav class="app-language-switch" aria-label=tr(Key::LanguageSwitchLabel)>
            <form method="get">
                <ul class="app-language-switch__list">
                    {button(Locale::ZhHans, Key::LanguageZhHans)}
                    {button(Locale::ZhHant, Key::LanguageZhHant)}
                    {button(Locale::En, Key::LanguageEn)}
                </ul>
            </form>
        </nav>
    }
}
