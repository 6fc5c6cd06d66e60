//! The helpers supervisors keep for assisted service (帮办代办): records of people, not
//! accounts. Each change is audited in its own transaction.

use banshi_contract::{Helper, HelperRecord};
use rusqlite::{Connection, OptionalExtension, params};

use super::{AuditRecord, Store, StoreError, StoreResult};

const COLUMNS: &str = "SELECT id, name, phone, note, active FROM helpers";

fn helper_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Helper> {
    Ok(Helper {
        id: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        note: r.get(3)?,
        active: r.get(4)?,
    })
}

/// Every helper, active ones first, then by name.
pub(super) fn all(conn: &Connection) -> StoreResult<Vec<Helper>> {
    let mut statement =
        conn.prepare_cached(&format!("{COLUMNS} ORDER BY active DESC, name, id"))?;
    let rows = statement
        .query_map([], helper_from)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn one(conn: &Connection, id: i64) -> StoreResult<Helper> {
    conn.query_row(&format!("{COLUMNS} WHERE id = ?1"), [id], helper_from)
        .optional()?
        .ok_or(StoreError::NotFound)
}

impl Store {
    /// Every helper, active ones first.
    pub async fn helpers(&self) -> StoreResult<Vec<Helper>> {
        self.read_staff(all).await
    }

    /// Adds a helper (a checked record), audited with `audit` (its target is filled in).
    pub async fn add_helper(
        &self,
        record: HelperRecord,
        mut audit: AuditRecord,
    ) -> StoreResult<Helper> {
        self.write(move |conn| {
            conn.execute(
                "INSERT INTO helpers (name, phone, note, active) VALUES (?1, ?2, ?3, ?4)",
                params![record.name, record.phone, record.note, record.active],
            )?;
            let id = conn.last_insert_rowid();
            audit.target = Some(id.to_string());
            super::staff::append_audit(conn, &audit)?;
            one(conn, id)
        })
        .await
    }

    /// Replaces helper `id`'s record, audited with `audit`.
    pub async fn change_helper(
        &self,
        id: i64,
        record: HelperRecord,
        audit: AuditRecord,
    ) -> StoreResult<Helper> {
        self.write(move |conn| {
            let changed = conn.execute(
                "UPDATE helpers SET name = ?2, phone = ?3, note = ?4, active = ?5 WHERE id = ?1",
                params![id, record.name, record.phone, record.note, record.active],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            super::staff::append_audit(conn, &audit)?;
            one(conn, id)
        })
        .await
    }
}
