//! Compiles `locales/*.json` into a typed message table: one `Key` variant per message and a
//! static array per locale. A key missing from any locale, an empty text, or a placeholder
//! that differs between locales fails the build, so no page can show a raw key.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const LOCALES: [&str; 3] = ["zh-Hans", "zh-Hant", "en"];

/// Reads and checks the three locale files of `dir`: the same keys in each, no empty text,
/// the same placeholders as zh-Hans.
fn read_tables(dir: &Path) -> Vec<BTreeMap<String, String>> {
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut tables: Vec<BTreeMap<String, String>> = Vec::new();
    for locale in LOCALES {
        let path = dir.join(format!("{locale}.json"));
        println!("cargo::rerun-if-changed={}", path.display());
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let table: BTreeMap<String, String> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        tables.push(table);
    }
    let keys: Vec<&String> = tables[0].keys().collect();
    for (locale, table) in LOCALES.iter().zip(&tables) {
        let theirs: Vec<&String> = table.keys().collect();
        assert_eq!(
            theirs,
            keys,
            "{}/{locale}.json must have exactly the keys of zh-Hans.json",
            dir.display()
        );
        for (key, text) in table {
            assert!(
                !text.trim().is_empty(),
                "{}/{locale}.json: {key} is empty",
                dir.display()
            );
            assert_eq!(
                placeholders(text),
                placeholders(&tables[0][key]),
                "{}/{locale}.json: {key} has different placeholders",
                dir.display()
            );
        }
    }
    tables
}

/// The split modules whose pages' messages are fetched with them rather than compiled in:
/// each is a folder `locales/{name}/` that Trunk copies into `dist/locales/{name}/`.
const SPLIT_GROUPS: [&str; 5] = ["staff", "hall", "aids", "kiosk", "stats"];

fn main() {
    // Messages of the main module, compiled in; those of the split modules' pages, in
    // `locales/{group}/`, are only numbered here: each module fetches its texts (the same
    // files, copied into `dist/`), so citizens download them only with the pages.
    let tables = read_tables(Path::new("locales"));
    let groups: Vec<Vec<BTreeMap<String, String>>> = SPLIT_GROUPS
        .iter()
        .map(|g| read_tables(&Path::new("locales").join(g)))
        .collect();
    let keys: Vec<&String> = tables[0].keys().collect();
    let mut all: Vec<&String> = keys.clone();
    for (name, group) in SPLIT_GROUPS.iter().zip(&groups) {
        for key in group[0].keys() {
            assert!(
                !all.contains(&key),
                "{key} of locales/{name}/ is also in locales/ or another group"
            );
            all.push(key);
        }
    }
    let mut out = String::from("/// A user-visible message; its text lives in `locales/*.json`.\n");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum Key {\n");
    for key in &all {
        let _ = writeln!(out, "    /// `{key}`\n    {},", variant(key));
    }
    out.push_str("}\n\n");
    let _ = writeln!(
        out,
        "/// Keys compiled in; the rest are the split modules'.\npub const MAIN_KEYS: usize = {};",
        keys.len()
    );
    out.push_str(
        "/// The split modules' message groups: name, first key and number of keys.\n\
         pub const SPLIT_GROUPS: [(&str, usize, usize); ",
    );
    let _ = write!(out, "{}] = [", SPLIT_GROUPS.len());
    let mut start = keys.len();
    for (name, group) in SPLIT_GROUPS.iter().zip(&groups) {
        let _ = write!(out, "({name:?}, {start}, {}), ", group[0].len());
        start += group[0].len();
    }
    out.push_str("];\n");
    let _ = writeln!(
        out,
        "static TABLE: [[&str; {}]; {}] = [",
        keys.len(),
        LOCALES.len()
    );
    for table in &tables {
        out.push_str("    [\n");
        for text in table.values() {
            let _ = writeln!(out, "        {text:?},");
        }
        out.push_str("    ],\n");
    }
    out.push_str("];\n");
    // The server renders pages natively, split modules' pages too: there every group is
    // compiled in, after the main keys and in group order.
    let group_keys: usize = groups.iter().map(|g| g[0].len()).sum();
    let _ = writeln!(
        out,
        "/// Every split module's messages, compiled in for the server's rendering.\n\
         #[cfg(not(target_arch = \"wasm32\"))]\n\
         static GROUP_TABLE: [[&str; {group_keys}]; {}] = [",
        LOCALES.len()
    );
    for locale in 0..LOCALES.len() {
        out.push_str("    [\n");
        for group in &groups {
            for text in group[locale].values() {
                let _ = writeln!(out, "        {text:?},");
            }
        }
        out.push_str("    ],\n");
    }
    out.push_str("];\n");
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("messages.rs");
    std::fs::write(target, out).expect("writes the message table");
}

/// `home.search_label` → `HomeSearchLabel`.
fn variant(key: &str) -> String {
    key.split(['.', '_', '-'])
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The `{name}` placeholders of a text, sorted.
fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect();
    found.sort();
    found
}
