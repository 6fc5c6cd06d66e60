//! Compiles `locales/*.json` into a typed message table: one `Key` variant per message and a
//! static array per locale. A key missing from any locale, an empty text, or a placeholder
//! that differs between locales fails the build, so no page can show a raw key.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const LOCALES: [&str; 3] = ["zh-Hans", "zh-Hant", "en"];

fn main() {
    println!("cargo::rerun-if-changed=locales");
    let mut tables: Vec<BTreeMap<String, String>> = Vec::new();
    for locale in LOCALES {
        let path = Path::new("locales").join(format!("{locale}.json"));
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
            theirs, keys,
            "locales/{locale}.json must have exactly the keys of zh-Hans.json"
        );
        for (key, text) in table {
            assert!(
                !text.trim().is_empty(),
                "locales/{locale}.json: {key} is empty"
            );
            assert_eq!(
                placeholders(text),
                placeholders(&tables[0][key]),
                "locales/{locale}.json: {key} has different placeholders"
            );
        }
    }
    let mut out = String::from("/// A user-visible message; its text lives in `locales/*.json`.\n");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum Key {\n");
    for key in &keys {
        let _ = writeln!(out, "    /// `{key}`\n    {},", variant(key));
    }
    out.push_str("}\n\n");
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
