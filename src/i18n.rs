//! The portal's messages in three locales, compiled from `locales/*.json` by `build.rs`, and
//! the rules for choosing and filling them in. The messages of split modules' pages
//! (`locales/staff/*.json`, `locales/hall/*.json`) are numbered at build time but fetched
//! with their module ([`load_messages`]), so that a first visit downloads only its own.

use std::sync::Mutex;

use banshi_contract::Locale;

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// The split modules' messages once fetched: per group of [`SPLIT_GROUPS`], per locale,
/// in key order (empty until fetched).
static SPLIT_TABLES: Mutex<Vec<Vec<Vec<&'static str>>>> = Mutex::new(Vec::new());

const LOCALES: [Locale; 3] = [Locale::ZhHans, Locale::ZhHant, Locale::En];

fn row(locale: Locale) -> usize {
    match locale {
        Locale::ZhHans => 0,
        Locale::ZhHant => 1,
        Locale::En => 2,
    }
}

/// The text of `key` in `locale` (in the browser, a split module's message before
/// [`load_messages`]: empty; the server has them all).
pub fn text(locale: Locale, key: Key) -> &'static str {
    let index = key as usize;
    if index < MAIN_KEYS {
        return TABLE[row(locale)][index];
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        GROUP_TABLE[row(locale)]
            .get(index - MAIN_KEYS)
            .copied()
            .unwrap_or("")
    }
    #[cfg(target_arch = "wasm32")]
    split_text(locale, index)
}

/// The text of split module message `index` in `locale`, once fetched.
#[cfg(target_arch = "wasm32")]
fn split_text(locale: Locale, index: usize) -> &'static str {
    let Some((group, (_, start, _))) = SPLIT_GROUPS
        .iter()
        .enumerate()
        .find(|(_, (_, start, len))| (*start..start + len).contains(&index))
    else {
        return "";
    };
    SPLIT_TABLES
        .lock()
        .ok()
        .and_then(|t| {
            t.get(group)
                .and_then(|g| g.get(row(locale)))
                .and_then(|r| r.get(index - start))
                .copied()
        })
        .unwrap_or("")
}

/// Fetches the messages of split module group `name` (`staff`, `hall`) in every locale from
/// `/locales/{name}/`, once; `false` if they could not be fetched or are not the ones this
/// build numbered.
pub async fn load_messages(name: &str) -> bool {
    let Some(group) = SPLIT_GROUPS.iter().position(|(n, _, _)| *n == name) else {
        return false;
    };
    let loaded = |group: usize| {
        SPLIT_TABLES
            .lock()
            .is_ok_and(|t| t.get(group).is_some_and(|g| g.len() == LOCALES.len()))
    };
    if loaded(group) {
        return true;
    }
    let expected = SPLIT_GROUPS[group].2;
    let mut rows = Vec::with_capacity(LOCALES.len());
    for locale in LOCALES {
        let url = format!("/locales/{name}/{}.json", locale.tag());
        let init = web_sys::RequestInit::new();
        let Ok(reply) = crate::api::fetch_text(&url, &init).await else {
            return false;
        };
        let Ok(table) =
            serde_json::from_str::<std::collections::BTreeMap<String, String>>(&reply.body)
        else {
            return false;
        };
        if reply.status != 200 || table.len() != expected {
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
    if let Ok(mut tables) = SPLIT_TABLES.lock() {
        if tables.len() < SPLIT_GROUPS.len() {
            tables.resize(SPLIT_GROUPS.len(), Vec::new());
        }
        tables[group] = rows;
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
