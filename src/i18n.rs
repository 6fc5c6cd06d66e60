//! The portal's messages in three locales, compiled from `locales/*.json` by `build.rs`, and
//! the rules for choosing and filling them in. The staff pages' messages
//! (`locales/staff/*.json`) are numbered at build time but fetched with the staff module
//! ([`load_staff_messages`]), so that citizens never download them.

use std::sync::Mutex;

use banshi_contract::Locale;

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// The staff messages once fetched, per locale, in key order.
static STAFF_TABLE: Mutex<Vec<Vec<&'static str>>> = Mutex::new(Vec::new());

const LOCALES: [Locale; 3] = [Locale::ZhHans, Locale::ZhHant, Locale::En];

fn row(locale: Locale) -> usize {
    match locale {
        Locale::ZhHans => 0,
        Locale::ZhHant => 1,
        Locale::En => 2,
    }
}

/// The text of `key` in `locale` (a staff message before [`load_staff_messages`]: empty).
pub fn text(locale: Locale, key: Key) -> &'static str {
    let index = key as usize;
    if index < MAIN_KEYS {
        return TABLE[row(locale)][index];
    }
    STAFF_TABLE
        .lock()
        .ok()
        .and_then(|t| {
            t.get(row(locale))
                .and_then(|r| r.get(index - MAIN_KEYS))
                .copied()
        })
        .unwrap_or("")
}

/// Fetches the staff messages of every locale from `/locales/staff/`, once; `false` if they
/// could not be fetched or are not the ones this build numbered.
pub async fn load_staff_messages() -> bool {
    if STAFF_TABLE.lock().is_ok_and(|t| t.len() == LOCALES.len()) {
        return true;
    }
    let mut rows = Vec::with_capacity(LOCALES.len());
    for locale in LOCALES {
        let url = format!("/locales/staff/{}.json", locale.tag());
        let init = web_sys::RequestInit::new();
        let Ok(reply) = crate::api::fetch_text(&url, &init).await else {
            return false;
        };
        let Ok(table) =
            serde_json::from_str::<std::collections::BTreeMap<String, String>>(&reply.body)
        else {
            return false;
        };
        if reply.status != 200 || table.len() != STAFF_KEYS {
            return false;
        }
        // Kept for the life of the page, like the compiled-in messages.
        rows.push(
            table
                .into_values()
                .map(|t| &*Box::leak(t.into_boxed_str()))
                .collect(),
        );
    }
    if let Ok(mut table) = STAFF_TABLE.lock() {
        *table = rows;
    }
    true
}

/// Replaces each `{name}` in `template` with its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut filled = template.to_owned();
    for (name, value) in values {
        filled = filled.replace(&format!("{{{name}}}"), value);
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_names_the_app_in_its_own_script() {
        assert_eq!(text(Locale::ZhHans, Key::AppName), "办事");
        assert_eq!(text(Locale::ZhHant, Key::AppName), "辦事");
        assert_eq!(text(Locale::En, Key::AppName), "Banshi");
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(
            fill("{a} and {b}, {a}", &[("a", "1"), ("b", "2")]),
            "1 and 2, 1"
        );
    }
}
