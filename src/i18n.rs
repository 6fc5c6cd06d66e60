//! The portal's messages in three locales, compiled from `locales/*.json` by `build.rs`, and
//! the rules for choosing and filling them in.

use banshi_contract::Locale;

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// The text of `key` in `locale`.
pub fn text(locale: Locale, key: Key) -> &'static str {
    let row = match locale {
        Locale::ZhHans => 0,
        Locale::ZhHant => 1,
        Locale::En => 2,
    };
    TABLE[row][key as usize]
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
