//! Compiles every catalogue file in `seed/` into the binary: writes a list of
//! `(file name, include_str!(…))` pairs, so adding a category is adding a file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=seed");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("seed");
    let mut names: Vec<String> = std::fs::read_dir(&seed)
        .expect("crates/server/seed exists")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json") && name != "halls.json" && name != "demo-staff.json")
        .collect();
    names.sort();
    let mut out = String::from("&[\n");
    for name in &names {
        let path = seed.join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push(']');
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("seed_files.rs");
    std::fs::write(target, out).expect("writes the seed file list");
}
