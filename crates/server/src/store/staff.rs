//! Staff accounts, their sessions and API tokens, kiosks, and the append-only audit log.
//! Secrets arrive here already hashed: the store never sees a password or a token.

use banshi_contract::{
    AccountChange, ApiToken, AuditAction, AuditEntry, Kiosk, StaffAccount, StaffRole,
};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Store, StoreError, StoreResult};

/// One line for the audit log, written in the same transaction as what it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// RFC 3339 timestamp.
    pub at: String,
    /// The account that acted, or the name tried.
    pub actor: Option<String>,
    /// What was done.
    pub action: AuditAction,
    /// What it was done to.
    pub target: Option<String>,
    /// Details.
    pub detail: Option<String>,
    /// Client address.
    pub client: String,
}

/// An account with what only the server may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    /// Row id.
    pub id: i64,
    /// The account as the contract shows it.
    pub account: StaffAccount,
    /// The argon2id PHC string.
    pub password_hash: String,
}

/// A stored session, found by the digest of its cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// Its account.
    pub account: AccountRow,
    /// The CSRF token that goes with it.
    pub csrf_token: String,
    /// RFC 3339 timestamp of the last call.
    pub last_seen_at: String,
}

/// A new account, its password already hashed.
#[derive(Debug, Clone)]
pub struct NewAccountRow {
    /// Sign-in name.
    pub name: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: StaffRole,
    /// Categories, for officers.
    pub categories: Vec<String>,
    /// The argon2id PHC string.
    pub password_hash: String,
    /// Whether the password is one-time.
    pub must_change_password: bool,
}

/// Which audit entries to read, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this actor.
    pub actor: Option<String>,
    /// Only this action.
    pub action: Option<AuditAction>,
    /// Only entries at or after this RFC 3339 time.
    pub since: Option<String>,
    /// Only entries before this RFC 3339 time.
    pub until: Option<String>,
    /// Only entries with a smaller id (the next page).
    pub before: Option<i64>,
    /// At most this many.
    pub limit: u32,
}

const ACCOUNT_COLUMNS: &str = "a.id, a.name, a.display_name, a.role, a.categories, a.disabled,
     a.must_change_password, a.created_at, a.last_sign_in_at, a.password_hash";

fn account_row(r: &Row<'_>) -> rusqlite::Result<(i64, StaffAccountParts, String)> {
    Ok((
        r.get(0)?,
        StaffAccountParts {
            name: r.get(1)?,
            display_name: r.get(2)?,
            role: r.get(3)?,
            categories: r.get(4)?,
            disabled: r.get(5)?,
            must_change_password: r.get(6)?,
            created_at: r.get(7)?,
            last_sign_in_at: r.get(8)?,
        },
        r.get(9)?,
    ))
}

/// An account's columns as SQLite holds them.
struct StaffAccountParts {
    name: String,
    display_name: String,
    role: String,
    categories: String,
    disabled: bool,
    must_change_password: bool,
    created_at: String,
    last_sign_in_at: Option<String>,
}

fn account_from(parts: (i64, StaffAccountParts, String)) -> StoreResult<AccountRow> {
    let (id, p, password_hash) = parts;
    let role = StaffRole::from_name(&p.role).ok_or_else(|| StoreError::Corrupt(p.role.clone()))?;
    let categories = serde_json::from_str(&p.categories)
        .map_err(|e| StoreError::Corrupt(format!("categories of {}: {e}", p.name)))?;
    Ok(AccountRow {
        id,
        account: StaffAccount {
            name: p.name,
            display_name: p.display_name,
            role,
            categories,
            disabled: p.disabled,
            must_change_password: p.must_change_password,
            created_at: p.created_at,
            last_sign_in_at: p.last_sign_in_at,
        },
        password_hash,
    })
}

fn find_account(conn: &Connection, name: &str) -> StoreResult<Option<AccountRow>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM staff_accounts a WHERE a.name = ?1");
    conn.prepare_cached(&sql)?
        .query_row([name], account_row)
        .optional()?
        .map(account_from)
        .transpose()
}

fn account_by_id(conn: &Connection, id: i64) -> StoreResult<AccountRow> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM staff_accounts a WHERE a.id = ?1");
    account_from(conn.prepare_cached(&sql)?.query_row([id], account_row)?)
}

/// Appends `record` to the audit log.
pub(super) fn append_audit(conn: &Connection, record: &AuditRecord) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, action, target, detail, client)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        record.at,
        record.actor,
        record.action.as_str(),
        record.target,
        record.detail,
        record.client
    ])?;
    Ok(())
}

fn end_sessions(
    conn: &Connection,
    account_id: i64,
    now: &str,
    keep: Option<&str>,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE staff_sessions SET ended_at = ?2
         WHERE account_id = ?1 AND ended_at IS NULL AND id_hash IS NOT ?3",
        params![account_id, now, keep],
    )?;
    Ok(())
}

fn token_from(r: &Row<'_>) -> rusqlite::Result<ApiToken> {
    Ok(ApiToken {
        id: r.get(0)?,
        label: r.get(1)?,
        created_at: r.get(2)?,
        last_used_at: r.get(3)?,
        revoked_at: r.get(4)?,
    })
}

fn kiosk_from(r: &Row<'_>) -> rusqlite::Result<Kiosk> {
    Ok(Kiosk {
        id: r.get(0)?,
        hall_id: r.get(1)?,
        label: r.get(2)?,
        enrolled_at: r.get(3)?,
        revoked_at: r.get(4)?,
    })
}

/// Runs `update` (which sets `revoked_at = ?2` on live row `?1` and returns it) and audits
/// it; `NotFound` if no live row has that id.
fn revoke<T>(
    conn: &Connection,
    update: &str,
    id: i64,
    audit: &AuditRecord,
    row: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> StoreResult<T> {
    let revoked = conn
        .query_row(update, params![id, audit.at], row)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    append_audit(conn, audit)?;
    Ok(revoked)
}

pub(super) fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

impl Store {
    /// Adds an account; `NameTaken` if the name is in use.
    pub async fn add_account(
        &self,
        new: NewAccountRow,
        now: String,
        audit: Option<AuditRecord>,
    ) -> StoreResult<StaffAccount> {
        self.write(move |conn| {
            let categories = serde_json::to_string(&new.categories)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let id: i64 = conn
                .query_row(
                    "INSERT INTO staff_accounts (name, display_name, role, categories,
                         password_hash, must_change_password, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                    params![
                        new.name,
                        new.display_name,
                        new.role.as_str(),
                        categories,
                        new.password_hash,
                        new.must_change_password,
                        now
                    ],
                    |r| r.get(0),
                )
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        StoreError::NameTaken
                    } else {
                        e.into()
                    }
                })?;
            if let Some(audit) = &audit {
                append_audit(conn, audit)?;
            }
            Ok(account_by_id(conn, id)?.account)
        })
        .await
    }

    /// Creates a demo account, or gives an existing one this role and password and enables
    /// it, ending its sessions; the password is not one-time. `audit` records it.
    pub async fn ensure_demo_account(
        &self,
        new: NewAccountRow,
        audit: AuditRecord,
    ) -> StoreResult<()> {
        let now = audit.at.clone();
        self.write(move |conn| {
            let categories = serde_json::to_string(&new.categories)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            conn.execute(
                "INSERT INTO staff_accounts (name, display_name, role, categories,
                     password_hash, must_change_password, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)
                 ON CONFLICT (name) DO UPDATE SET role = ?3, password_hash = ?5,
                     must_change_password = 0, disabled = 0",
                params![
                    new.name,
                    new.display_name,
                    new.role.as_str(),
                    categories,
                    new.password_hash,
                    now
                ],
            )?;
            if let Some(row) = find_account(conn, &new.name)? {
                end_sessions(conn, row.id, &now, None)?;
            }
            append_audit(conn, &audit)?;
            Ok(())
        })
        .await
    }

    /// The account called `name`, with its password hash.
    pub async fn account(&self, name: String) -> StoreResult<Option<AccountRow>> {
        self.read(move |conn| find_account(conn, &name)).await
    }

    /// Every account, by name.
    pub async fn accounts(&self) -> StoreResult<Vec<StaffAccount>> {
        self.read(|conn| {
            let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM staff_accounts a ORDER BY a.name");
            let mut statement = conn.prepare_cached(&sql)?;
            let rows = statement.query_map([], account_row)?;
            rows.map(|row| Ok(account_from(row?)?.account)).collect()
        })
        .await
    }

    /// Applies `change` to the account `name`; disabling it ends its sessions. A change that
    /// would leave no enabled supervisor is `LastSupervisor` (checked inside the write, so
    /// two supervisors demoting each other at once cannot both succeed).
    pub async fn change_account(
        &self,
        name: String,
        change: AccountChange,
        audit: AuditRecord,
    ) -> StoreResult<StaffAccount> {
        self.write(move |conn| {
            let row = find_account(conn, &name)?.ok_or(StoreError::NotFound)?;
            let categories = change
                .categories
                .map(|c| serde_json::to_string(&c))
                .transpose()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            conn.execute(
                "UPDATE staff_accounts SET display_name = coalesce(?2, display_name),
                     role = coalesce(?3, role), categories = coalesce(?4, categories),
                     disabled = coalesce(?5, disabled)
                 WHERE id = ?1",
                params![
                    row.id,
                    change.display_name,
                    change.role.map(StaffRole::as_str),
                    categories,
                    change.disabled
                ],
            )?;
            if change.disabled == Some(true) {
                end_sessions(conn, row.id, &audit.at, None)?;
            }
            let supervisors: i64 = conn.query_row(
                "SELECT count(*) FROM staff_accounts WHERE role = 'supervisor' AND disabled = 0",
                [],
                |r| r.get(0),
            )?;
            if supervisors == 0 {
                return Err(StoreError::LastSupervisor);
            }
            append_audit(conn, &audit)?;
            Ok(account_by_id(conn, row.id)?.account)
        })
        .await
    }

    /// Sets the password of account `id`. Every session but `keep` ends; a one-time password
    /// (a reset) also revokes the account's API tokens.
    pub async fn set_password(
        &self,
        id: i64,
        password_hash: String,
        must_change_password: bool,
        keep: Option<String>,
        audit: AuditRecord,
    ) -> StoreResult<StaffAccount> {
        self.write(move |conn| {
            conn.execute(
                "UPDATE staff_accounts SET password_hash = ?2, must_change_password = ?3
                 WHERE id = ?1",
                params![id, password_hash, must_change_password],
            )?;
            end_sessions(conn, id, &audit.at, keep.as_deref())?;
            if must_change_password {
                // A reset is for an account that may be in the wrong hands: its scripts stop too.
                conn.execute(
                    "UPDATE api_tokens SET revoked_at = ?2 WHERE account_id = ?1 AND revoked_at IS NULL",
                    params![id, audit.at],
                )?;
            }
            append_audit(conn, &audit)?;
            Ok(account_by_id(conn, id)?.account)
        })
        .await
    }

    /// Starts a session for account `id`, keyed by the digest of its cookie.
    pub async fn start_session(
        &self,
        id: i64,
        id_hash: String,
        csrf_token: String,
        audit: AuditRecord,
    ) -> StoreResult<StaffAccount> {
        self.write(move |conn| {
            conn.execute(
                "INSERT INTO staff_sessions (id_hash, account_id, csrf_token, created_at,
                     last_seen_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                params![id_hash, id, csrf_token, audit.at],
            )?;
            conn.execute(
                "UPDATE staff_accounts SET last_sign_in_at = ?2 WHERE id = ?1",
                params![id, audit.at],
            )?;
            append_audit(conn, &audit)?;
            Ok(account_by_id(conn, id)?.account)
        })
        .await
    }

    /// The live (not ended) session whose cookie digests to `id_hash`.
    pub async fn session(&self, id_hash: String) -> StoreResult<Option<SessionRow>> {
        self.read(move |conn| {
            let found: Option<(i64, String, String)> = conn
                .prepare_cached(
                    "SELECT account_id, csrf_token, last_seen_at FROM staff_sessions
                     WHERE id_hash = ?1 AND ended_at IS NULL",
                )?
                .query_row([id_hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            found
                .map(|(account_id, csrf_token, last_seen_at)| {
                    Ok(SessionRow {
                        account: account_by_id(conn, account_id)?,
                        csrf_token,
                        last_seen_at,
                    })
                })
                .transpose()
        })
        .await
    }

    /// Notes a call on the session `id_hash`, which keeps it from going idle.
    pub async fn touch_session(&self, id_hash: String, now: String) -> StoreResult<()> {
        self.write(move |conn| {
            conn.execute(
                "UPDATE staff_sessions SET last_seen_at = ?2 WHERE id_hash = ?1",
                params![id_hash, now],
            )?;
            Ok(())
        })
        .await
    }

    /// Ends the session `id_hash`, as at sign-out or after it went idle; `audit` records why.
    pub async fn end_session(
        &self,
        id_hash: String,
        at: String,
        audit: Option<AuditRecord>,
    ) -> StoreResult<()> {
        self.write(move |conn| {
            conn.execute(
                "UPDATE staff_sessions SET ended_at = ?2 WHERE id_hash = ?1 AND ended_at IS NULL",
                params![id_hash, at],
            )?;
            if let Some(audit) = &audit {
                append_audit(conn, audit)?;
            }
            Ok(())
        })
        .await
    }

    /// Appends `record` to the audit log on its own.
    pub async fn audit(&self, record: AuditRecord) -> StoreResult<()> {
        self.write(move |conn| append_audit(conn, &record)).await
    }

    /// Audit entries matching `filter`, newest first.
    pub async fn audit_entries(&self, filter: AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT id, at, actor, action, target, detail, client FROM audit_log
                 WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2)
                   AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4)
                   AND (?5 IS NULL OR id < ?5)
                 ORDER BY id DESC LIMIT ?6",
            )?;
            let rows = statement.query_map(
                params![
                    filter.actor,
                    filter.action.map(AuditAction::as_str),
                    filter.since,
                    filter.until,
                    filter.before,
                    filter.limit
                ],
                |r| {
                    let action: String = r.get(3)?;
                    Ok(AuditEntry {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        actor: r.get(2)?,
                        action: AuditAction::from_name(&action).unwrap_or(AuditAction::Unknown),
                        target: r.get(4)?,
                        detail: r.get(5)?,
                        client: r.get(6)?,
                    })
                },
            )?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    /// Makes an API token for the account `name`, keyed by the digest of its secret.
    pub async fn add_token(
        &self,
        name: String,
        label: String,
        secret_hash: String,
        audit: AuditRecord,
    ) -> StoreResult<ApiToken> {
        self.write(move |conn| {
            let row = find_account(conn, &name)?.ok_or(StoreError::NotFound)?;
            let token = conn.query_row(
                "INSERT INTO api_tokens (account_id, secret_hash, label, created_at)
                 VALUES (?1, ?2, ?3, ?4)
                 RETURNING id, label, created_at, last_used_at, revoked_at",
                params![row.id, secret_hash, label, audit.at],
                token_from,
            )?;
            append_audit(conn, &audit)?;
            Ok(token)
        })
        .await
    }

    /// The account of the live token whose secret digests to `secret_hash`, the token's id
    /// and when it was last used.
    pub async fn token_account(
        &self,
        secret_hash: String,
    ) -> StoreResult<Option<(AccountRow, i64, Option<String>)>> {
        self.read(move |conn| {
            let found: Option<(i64, i64, Option<String>)> = conn
                .prepare_cached(
                    "SELECT id, account_id, last_used_at FROM api_tokens
                     WHERE secret_hash = ?1 AND revoked_at IS NULL",
                )?
                .query_row([secret_hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            found
                .map(|(id, account_id, last_used)| {
                    Ok((account_by_id(conn, account_id)?, id, last_used))
                })
                .transpose()
        })
        .await
    }

    /// Notes that token `id` was used at `now`.
    pub async fn touch_token(&self, id: i64, now: String) -> StoreResult<()> {
        self.write(move |conn| {
            conn.execute(
                "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            Ok(())
        })
        .await
    }

    /// The tokens of the account `name`, newest first; `NotFound` for an unknown account.
    pub async fn tokens(&self, name: String) -> StoreResult<Vec<ApiToken>> {
        self.read(move |conn| {
            let row = find_account(conn, &name)?.ok_or(StoreError::NotFound)?;
            let mut statement = conn.prepare_cached(
                "SELECT id, label, created_at, last_used_at, revoked_at FROM api_tokens
                 WHERE account_id = ?1 ORDER BY id DESC",
            )?;
            let rows = statement.query_map([row.id], token_from)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    /// Revokes token `id`; `NotFound` if there is no such live token.
    pub async fn revoke_token(&self, id: i64, audit: AuditRecord) -> StoreResult<ApiToken> {
        self.write(move |conn| {
            revoke(
                conn,
                "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL
                 RETURNING id, label, created_at, last_used_at, revoked_at",
                id,
                &audit,
                token_from,
            )
        })
        .await
    }

    /// Stores a kiosk enrolment code's digest, usable once until `expires_at`.
    pub async fn add_kiosk_enrolment(
        &self,
        code_hash: String,
        hall: String,
        label: String,
        expires_at: String,
        audit: AuditRecord,
    ) -> StoreResult<()> {
        self.write(move |conn| {
            conn.execute(
                "INSERT INTO kiosk_enrolments (code_hash, hall_id, label, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![code_hash, hall, label, audit.at, expires_at],
            )?;
            append_audit(conn, &audit)?;
            Ok(())
        })
        .await
    }

    /// Uses the enrolment code that digests to `code_hash` (once, before it expires) to
    /// enrol a kiosk with the device token digest `token_hash`; `NotFound` otherwise.
    pub async fn enrol_kiosk(
        &self,
        code_hash: String,
        token_hash: String,
        mut audit: AuditRecord,
    ) -> StoreResult<Kiosk> {
        self.write(move |conn| {
            let (hall, label): (String, String) = conn
                .query_row(
                    "UPDATE kiosk_enrolments SET used_at = ?2
                     WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2
                     RETURNING hall_id, label",
                    params![code_hash, audit.at],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(StoreError::NotFound)?;
            let kiosk = conn.query_row(
                "INSERT INTO kiosks (hall_id, label, token_hash, enrolled_at) VALUES (?1, ?2, ?3, ?4)
                 RETURNING id, hall_id, label, enrolled_at, revoked_at",
                params![hall, label, token_hash, audit.at],
                kiosk_from,
            )?;
            audit.target = Some(format!("kiosk {} ({} · {})", kiosk.id, kiosk.hall_id, kiosk.label));
            append_audit(conn, &audit)?;
            Ok(kiosk)
        })
        .await
    }

    /// Every kiosk, newest first.
    pub async fn kiosks(&self) -> StoreResult<Vec<Kiosk>> {
        self.read(|conn| {
            let mut statement = conn.prepare_cached(
                "SELECT id, hall_id, label, enrolled_at, revoked_at FROM kiosks ORDER BY id DESC",
            )?;
            let rows = statement.query_map([], kiosk_from)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    /// The live kiosk whose device token digests to `token_hash`.
    pub async fn kiosk_by_token(&self, token_hash: String) -> StoreResult<Option<Kiosk>> {
        self.read(move |conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT id, hall_id, label, enrolled_at, revoked_at FROM kiosks
                     WHERE token_hash = ?1 AND revoked_at IS NULL",
                )?
                .query_row([token_hash], kiosk_from)
                .optional()?)
        })
        .await
    }

    /// Revokes kiosk `id`; `NotFound` if there is no such live kiosk.
    pub async fn revoke_kiosk(&self, id: i64, audit: AuditRecord) -> StoreResult<Kiosk> {
        self.write(move |conn| {
            revoke(
                conn,
                "UPDATE kiosks SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL
                 RETURNING id, hall_id, label, enrolled_at, revoked_at",
                id,
                &audit,
                kiosk_from,
            )
        })
        .await
    }
}

/// The id of the account named `name`, if there is one.
pub(super) fn account_id(conn: &Connection, name: Option<&str>) -> StoreResult<Option<i64>> {
    let Some(name) = name else { return Ok(None) };
    Ok(conn
        .query_row(
            "SELECT id FROM staff_accounts WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?)
}
