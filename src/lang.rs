//! The chosen locale as app-wide reactive state: `provide_lang` / `use_lang`. Changing it
//! re-renders every message, updates `<html lang>` and is remembered on this device.

use banshi_contract::Locale;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{Key, fill, text};
use crate::storage;

/// The current locale and message lookup.
#[derive(Debug, Clone, Copy)]
pub struct Lang {
    locale: RwSignal<Locale>,
}

impl Lang {
    /// The current locale (reactive).
    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    /// The current locale, without subscribing (for event handlers and tasks).
    pub fn locale_untracked(self) -> Locale {
        self.locale.get_untracked()
    }

    /// The message for `key` in the current locale (reactive).
    pub fn t(self, key: Key) -> &'static str {
        text(self.locale.get(), key)
    }

    /// The message for `key` with its `{placeholders}` filled (reactive).
    pub fn t_with(self, key: Key, values: &[(&str, &str)]) -> String {
        fill(self.t(key), values)
    }

    /// Switches locale and remembers the choice.
    pub fn set(self, locale: Locale) {
        storage::save(storage::LOCALE_KEY, &locale);
        self.locale.set(locale);
    }
}

/// The locale to start in: the remembered choice, else the browser's languages, else the
/// configured default.
pub fn initial_locale(default: Locale) -> Locale {
    if let Some(saved) = storage::load::<Locale>(storage::LOCALE_KEY) {
        return saved;
    }
    let languages = web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_string())
                .collect::<Vec<_>>()
                .join(",")
        });
    languages
        .as_deref()
        .and_then(Locale::negotiate)
        .unwrap_or(default)
}

/// The cookie that carries the chosen locale to a server that renders pages, so that the
/// first HTML of the next visit is already in this language.
pub const LOCALE_COOKIE: &str = "banshi_locale";

/// The `Set-Cookie`/`document.cookie` value that remembers `locale` for a year; `secure`
/// when the portal is served over HTTPS.
pub fn locale_cookie(locale: Locale, secure: bool) -> String {
    format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        locale.tag(),
        if secure { "; Secure" } else { "" }
    )
}

/// Makes the locale available to every component and keeps `<html lang>` and the locale
/// cookie in step.
pub fn provide_lang(initial: Locale) -> Lang {
    let lang = Lang {
        locale: RwSignal::new(initial),
    };
    Effect::new(move |_| {
        let locale = lang.locale.get();
        let Some(window) = web_sys::window() else {
            return;
        };
        let Some(document) = window.document() else {
            return;
        };
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", locale.tag());
        }
        let secure = window.location().protocol().is_ok_and(|p| p == "https:");
        if let Ok(document) = document.dyn_into::<web_sys::HtmlDocument>() {
            let _ = document.set_cookie(&locale_cookie(locale, secure));
        }
    });
    provide_context(lang);
    lang
}

/// The app's locale state.
pub fn use_lang() -> Lang {
    expect_context::<Lang>()
}

/// Shorthand for a reactive message: `{tr(Key::HomeTitle)}` in a view.
pub fn tr(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || lang.t(key)
}
