//! The language switch shown on every page: each language named in itself.

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
                    type="button"
                    class="app-language-switch__button"
                    lang=locale.tag()
                    aria-pressed=move || (lang.locale() == locale).to_string()
                    on:click=move |_| lang.set(locale)
                >
                    {text(locale, name)}
                </button>
            </li>
        }
    };
    view! {
        <nav class="app-language-switch" aria-label=tr(Key::LanguageSwitchLabel)>
            <ul class="app-language-switch__list">
                {button(Locale::ZhHans, Key::LanguageZhHans)}
                {button(Locale::ZhHant, Key::LanguageZhHant)}
                {button(Locale::En, Key::LanguageEn)}
            </ul>
        </nav>
    }
}
