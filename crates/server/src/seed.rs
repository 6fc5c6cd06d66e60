//! The demo content a fresh database is filled with: the catalogue files and the demo hall,
//! compiled into the binary so that one command starts a realistic portal.

use crate::catalogue::{Catalogue, Text};
use serde::Deserialize;

/// Every catalogue file in `seed/` except `halls.json` and `demo-staff.json`, by name (see `build.rs`).
const CATALOGUE_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/seed_files.rs"));

const HALLS_FILE: &str = include_str!("../seed/halls.json");

/// A hall as stored.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct HallDoc {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: Text,
    /// Address.
    pub address: Text,
    /// Opening hours, in words (for clients of contract 1.0).
    pub hours: Text,
    /// IANA time zone of its hours, days and daily numbering.
    #[serde(default = "centre_time_zone")]
    pub time_zone: String,
    /// Hours per weekday; a weekday not listed is closed.
    #[serde(default)]
    pub opening: Vec<banshi_contract::OpeningHours>,
    /// Its windows.
    #[serde(default)]
    pub windows: Vec<WindowDoc>,
    /// Queue lines.
    pub lines: Vec<LineDoc>,
}

/// The zone of halls stored before halls had one: the centre's.
fn centre_time_zone() -> String {
    "Asia/Shanghai".to_owned()
}

/// A window (counter) as stored.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct WindowDoc {
    /// Its number.
    pub number: u32,
    /// Its name.
    pub name: Text,
    /// Codes of the lines it serves.
    pub lines: Vec<String>,
}

/// A queue line as stored.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct LineDoc {
    /// Code and number prefix.
    pub code: String,
    /// What it serves.
    pub name: Text,
    /// Average handling time.
    pub minutes_per_person: u32,
    /// Bookings each hour's appointment slot takes (0: the line takes no bookings).
    #[serde(default = "default_slot_capacity")]
    pub slot_capacity: u32,
}

/// Slot capacity of lines stored before appointments.
fn default_slot_capacity() -> u32 {
    4
}

#[derive(Deserialize)]
struct HallsFile {
    halls: Vec<HallDoc>,
}

/// The demo catalogue, merged from every seed file.
///
/// # Panics
/// If a seed file is not valid; the seed tests make sure it is.
pub fn catalogue() -> Catalogue {
    let mut merged = Catalogue::default();
    for (name, json) in CATALOGUE_FILES.iter().copied() {
        let part: Catalogue = serde_json::from_str(json)
            .unwrap_or_else(|e| panic!("seed file {name} is invalid: {e}"));
        merged.categories.extend(part.categories);
        merged.services.extend(part.services);
        merged.tutorials.extend(part.tutorials);
    }
    merged.categories.sort_by_key(|c| c.position);
    let position = |code: &str| merged.categories.iter().position(|c| c.code == code);
    let mut services = std::mem::take(&mut merged.services);
    services.sort_by_key(|s| position(&s.category));
    let mut tutorials = std::mem::take(&mut merged.tutorials);
    tutorials.sort_by_key(|t| position(&t.category));
    merged.services = services;
    merged.tutorials = tutorials;
    merged.fill_service_lists();
    merged
}

/// The demo halls.
///
/// # Panics
/// If the halls seed file is not valid; the seed tests make sure it is.
pub fn halls() -> Vec<HallDoc> {
    serde_json::from_str::<HallsFile>(HALLS_FILE)
        .unwrap_or_else(|e| panic!("seed file halls.json is invalid: {e}"))
        .halls
}

/// A demo staff account, seeded in demo mode.
#[derive(Debug, Clone, Deserialize)]
pub struct DemoAccount {
    /// Sign-in name.
    pub name: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: banshi_contract::StaffRole,
    /// Categories, for the officer.
    pub categories: Vec<String>,
}

#[derive(Deserialize)]
struct DemoStaffFile {
    accounts: Vec<DemoAccount>,
    #[serde(default)]
    helpers: Vec<banshi_contract::HelperRecord>,
}

fn demo_staff() -> DemoStaffFile {
    serde_json::from_str::<DemoStaffFile>(include_str!("../seed/demo-staff.json"))
        .unwrap_or_else(|e| panic!("seed file demo-staff.json is invalid: {e}"))
}

/// The demo helpers for assisted service, added to a demo database that has none.
///
/// # Panics
/// If `demo-staff.json` is not valid; the seed tests make sure it is.
pub fn demo_helpers() -> Vec<banshi_contract::HelperRecord> {
    demo_staff().helpers
}

/// The demo staff accounts: one per role.
///
/// # Panics
/// If `demo-staff.json` is not valid; the seed tests make sure it is.
pub fn demo_accounts() -> Vec<DemoAccount> {
    demo_staff().accounts
}
