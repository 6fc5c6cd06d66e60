//! Database migrations, applied in order at start-up; `PRAGMA user_version` records progress.

use rusqlite::Connection;

/// Each entry moves the schema one version forward. Never edit a released entry; append.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE categories (
    code     TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    doc      TEXT NOT NULL
);
CREATE TABLE services (
    code     TEXT PRIMARY KEY,
    category TEXT NOT NULL REFERENCES categories(code),
    position INTEGER NOT NULL,
    doc      TEXT NOT NULL
);
CREATE TABLE tutorials (
    id           TEXT PRIMARY KEY,
    category     TEXT NOT NULL REFERENCES categories(code),
    service_code TEXT REFERENCES services(code),
    position     INTEGER NOT NULL,
    doc          TEXT NOT NULL
);
CREATE TABLE tickets (
    id           INTEGER PRIMARY KEY,
    ticket       TEXT NOT NULL UNIQUE,
    access_hash  TEXT NOT NULL,
    service_code TEXT NOT NULL REFERENCES services(code),
    status       TEXT NOT NULL,
    answers      TEXT NOT NULL,
    locale       TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    expected_at  TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tickets_by_update ON tickets(updated_at DESC);
CREATE TABLE ticket_events (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    status    TEXT NOT NULL,
    note      TEXT,
    at        TEXT NOT NULL
);
CREATE INDEX ticket_events_by_ticket ON ticket_events(ticket_id, id);
CREATE TABLE ratings (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
    score     INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment   TEXT NOT NULL,
    rated_at  TEXT NOT NULL
);
CREATE TABLE ticket_days (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
CREATE TABLE idempotency (
    key         TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    response    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX idempotency_by_age ON idempotency(created_at);
CREATE TABLE halls (
    id  TEXT PRIMARY KEY,
    doc TEXT NOT NULL
);
CREATE TABLE queue_numbers (
    hall_id   TEXT NOT NULL REFERENCES halls(id),
    line_code TEXT NOT NULL,
    day       TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    issued_at TEXT NOT NULL,
    called_at TEXT,
    PRIMARY KEY (hall_id, line_code, day, seq)
);
"#];

/// Brings the schema up to date in one transaction.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    let current: usize = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (version, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", version + 1))?;
    }
    tx.commit()
}
