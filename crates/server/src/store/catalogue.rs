//! Catalogue and hall documents: seeding an empty database and loading them at start-up.

use rusqlite::{Connection, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Store, StoreError, StoreResult};
use crate::catalogue::Catalogue;
use crate::seed::HallDoc;

fn to_json(doc: &impl Serialize) -> StoreResult<String> {
    serde_json::to_string(doc).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_json<T: DeserializeOwned>(json: &str) -> StoreResult<T> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn all_docs<T: DeserializeOwned>(conn: &Connection, sql: &str) -> StoreResult<Vec<T>> {
    let mut statement = conn.prepare(sql)?;
    let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|row| from_json(&row?)).collect()
}

impl Store {
    /// Fills an empty catalogue with `catalogue` and `halls`; returns whether it did. A
    /// database that already has categories is left alone.
    pub async fn seed_if_empty(
        &self,
        catalogue: Catalogue,
        halls: Vec<HallDoc>,
    ) -> StoreResult<bool> {
        self.write(move |conn| {
            let existing: i64 =
                conn.query_row("SELECT count(*) FROM categories", [], |r| r.get(0))?;
            if existing > 0 {
                return Ok(false);
            }
            for c in &catalogue.categories {
                conn.execute(
                    "INSERT INTO categories (code, position, doc) VALUES (?1, ?2, ?3)",
                    params![c.code, c.position, to_json(c)?],
                )?;
            }
            for (position, s) in catalogue.services.iter().enumerate() {
                conn.execute(
                    "INSERT INTO services (code, category, position, doc) VALUES (?1, ?2, ?3, ?4)",
                    params![s.service_code, s.category, position, to_json(s)?],
                )?;
            }
            for (position, t) in catalogue.tutorials.iter().enumerate() {
                conn.execute(
                    "INSERT INTO tutorials (id, category, service_code, position, doc)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![t.id, t.category, t.service_code, position, to_json(t)?],
                )?;
            }
            for h in &halls {
                conn.execute(
                    "INSERT INTO halls (id, doc) VALUES (?1, ?2)",
                    params![h.id, to_json(h)?],
                )?;
            }
            Ok(true)
        })
        .await
    }

    /// The whole catalogue, in display order.
    pub async fn load_catalogue(&self) -> StoreResult<Catalogue> {
        self.read(|conn| {
            Ok(Catalogue {
                categories: all_docs(conn, "SELECT doc FROM categories ORDER BY position")?,
                services: all_docs(conn, "SELECT doc FROM services ORDER BY position")?,
                tutorials: all_docs(conn, "SELECT doc FROM tutorials ORDER BY position")?,
            })
        })
        .await
    }

    /// Every hall with its lines.
    pub async fn load_halls(&self) -> StoreResult<Vec<HallDoc>> {
        self.read(|conn| all_docs(conn, "SELECT doc FROM halls ORDER BY id"))
            .await
    }
}
