//! What the command line does to staff accounts (`staff add`, `staff token`) and demo mode's
//! accounts, through the same store calls and rules as the API.

use banshi_contract::staff::{account_name_error, label_error};
use banshi_contract::{AuditAction, StaffRole};

use crate::store::{AuditRecord, NewAccountRow};
use crate::{AppState, auth, clock, codes, seed};

/// How the command line appears in the audit log.
const COMMAND_LINE: &str = "command line";

fn record(action: AuditAction, target: &str, detail: Option<String>) -> AuditRecord {
    AuditRecord {
        at: clock::rfc3339(clock::now()),
        actor: None,
        action,
        target: Some(target.to_owned()),
        detail,
        client: COMMAND_LINE.to_owned(),
    }
}

/// Adds an account and returns its one-time password.
pub async fn add_account(
    state: &AppState,
    name: &str,
    role: StaffRole,
    display_name: Option<String>,
    categories: Vec<String>,
) -> Result<String, String> {
    if let Some(code) = account_name_error(name) {
        return Err(format!(
            "{name:?} cannot be a sign-in name ({})",
            code.as_str()
        ));
    }
    let display_name = display_name.unwrap_or_else(|| name.to_owned());
    if let Some(code) = label_error(&display_name) {
        return Err(format!(
            "the display name is not usable ({})",
            code.as_str()
        ));
    }
    if let Some(unknown) = categories
        .iter()
        .find(|c| !state.catalogue.categories.iter().any(|k| &k.code == *c))
    {
        return Err(format!("there is no category {unknown:?}"));
    }
    if role == StaffRole::Officer && categories.is_empty() {
        return Err("an officer needs at least one --category".into());
    }
    let password = auth::one_time_password().map_err(|e| format!("{:?}", e.code))?;
    let password_hash = auth::hash_password(&password)?;
    let detail = format!("role={}", role.as_str());
    let new = NewAccountRow {
        name: name.to_owned(),
        display_name,
        role,
        categories: if role == StaffRole::Officer {
            categories
        } else {
            Vec::new()
        },
        password_hash,
        must_change_password: true,
    };
    let audit = record(AuditAction::AccountAdded, name, Some(detail));
    state
        .store
        .add_account(new, clock::rfc3339(clock::now()), Some(audit))
        .await
        .map_err(|e| match e {
            crate::store::StoreError::NameTaken => format!("an account called {name} exists"),
            other => other.to_string(),
        })?;
    Ok(password)
}

/// Makes an API token for the account `name` and returns its secret.
pub async fn new_token(state: &AppState, name: &str, label: &str) -> Result<String, String> {
    if let Some(code) = label_error(label) {
        return Err(format!("the label is not usable ({})", code.as_str()));
    }
    let secret = auth::new_secret(auth::API_TOKEN_PREFIX).map_err(|e| format!("{:?}", e.code))?;
    let audit = record(
        AuditAction::TokenCreated,
        name,
        Some(label.trim().to_owned()),
    );
    state
        .store
        .add_token(
            name.to_owned(),
            label.trim().to_owned(),
            codes::digest(&secret),
            audit,
        )
        .await
        .map_err(|e| match e {
            crate::store::StoreError::NotFound => format!("there is no account called {name}"),
            other => other.to_string(),
        })?;
    Ok(secret)
}

/// Demo mode: makes sure each demo account exists, enabled, with a fresh password (not
/// one-time); returns (account, password) to print.
pub async fn demo_accounts(state: &AppState) -> Result<Vec<(seed::DemoAccount, String)>, String> {
    let mut out = Vec::new();
    for demo in seed::demo_accounts() {
        let password = auth::one_time_password().map_err(|e| format!("{:?}", e.code))?;
        let new = NewAccountRow {
            name: demo.name.clone(),
            display_name: demo.display_name.clone(),
            role: demo.role,
            categories: demo.categories.clone(),
            password_hash: auth::hash_password(&password)?,
            must_change_password: false,
        };
        let audit = AuditRecord {
            client: "demo mode".to_owned(),
            ..record(
                AuditAction::PasswordReset,
                &demo.name,
                Some("demo mode".to_owned()),
            )
        };
        state
            .store
            .ensure_demo_account(new, audit)
            .await
            .map_err(|e| e.to_string())?;
        out.push((demo, password));
    }
    demo_helpers(state).await?;
    Ok(out)
}

/// Demo mode: the demo helpers, if the list is empty.
async fn demo_helpers(state: &AppState) -> Result<(), String> {
    if !state
        .store
        .helpers()
        .await
        .map_err(|e| e.to_string())?
        .is_empty()
    {
        return Ok(());
    }
    for helper in seed::demo_helpers() {
        let audit = AuditRecord {
            client: "demo mode".to_owned(),
            ..record(AuditAction::HelperAdded, "", Some(helper.name.clone()))
        };
        state
            .store
            .add_helper(helper, audit)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Tickets written per transaction while adding a synthetic history.
const HISTORY_CHUNK: u64 = 20_000;

/// Synthetic past tickets a demo database starts with, so the inbox is not empty.
pub const DEMO_HISTORY: u64 = 3_000;

/// Past days of queue numbers a demo database starts with.
pub const DEMO_NUMBER_DAYS: i64 = 90;

/// Adds the demo database's year of synthetic history, and its halls' last months of
/// queue numbers.
pub async fn add_demo_history(state: &AppState) -> Result<(), String> {
    add_history(state, DEMO_HISTORY, 2026).await?;
    let numbers = crate::history::past_numbers(
        &state.halls,
        &state.calendar,
        clock::now(),
        DEMO_NUMBER_DAYS,
        2026,
    );
    state
        .store
        .insert_past_numbers(numbers)
        .await
        .map_err(|e| e.to_string())
}

/// Adds `count` synthetic past tickets from `seed` (see [`crate::history`]), then refreshes
/// the planner's statistics.
pub async fn add_history(state: &AppState, count: u64, seed: u64) -> Result<(), String> {
    let secret = codes::new_access_code().map_err(|e| e.to_string())?
        + &codes::new_access_code().map_err(|e| e.to_string())?;
    let mut history = crate::history::History::new(
        &state.catalogue,
        &state.calendar,
        clock::now(),
        count,
        seed,
        secret,
    );
    let mut index = 0;
    while index < count {
        let end = (index + HISTORY_CHUNK).min(count);
        let chunk = (index..end).map(|i| history.ticket(i)).collect();
        state
            .store
            .insert_history(chunk)
            .await
            .map_err(|e| e.to_string())?;
        index = end;
    }
    state.store.analyse().await.map_err(|e| e.to_string())
}
