//! Database migrations, applied in order at start-up; `PRAGMA user_version` records progress.

use rusqlite::Connection;

/// Each entry moves the schema one version forward. Never edit a released entry; append.
const MIGRATIONS: &[&str] = &[
    r#"
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
"#,
    r#"
CREATE TABLE staff_accounts (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('clerk', 'officer', 'supervisor')),
    categories           TEXT NOT NULL DEFAULT '[]',
    password_hash        TEXT NOT NULL,
    must_change_password INTEGER NOT NULL,
    disabled             INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    last_sign_in_at      TEXT
);
CREATE TABLE staff_sessions (
    id_hash      TEXT PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES staff_accounts(id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at     TEXT
);
CREATE INDEX staff_sessions_by_account ON staff_sessions(account_id);
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES staff_accounts(id),
    secret_hash  TEXT NOT NULL UNIQUE,
    label        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_by_account ON api_tokens(account_id);
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT,
    client TEXT NOT NULL
);
CREATE INDEX audit_by_actor ON audit_log(actor, id);
CREATE INDEX audit_by_action ON audit_log(action, id);
CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE kiosk_enrolments (
    code_hash  TEXT PRIMARY KEY,
    hall_id    TEXT NOT NULL REFERENCES halls(id),
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE TABLE kiosks (
    id          INTEGER PRIMARY KEY,
    hall_id     TEXT NOT NULL REFERENCES halls(id),
    label       TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    enrolled_at TEXT NOT NULL,
    revoked_at  TEXT
);
"#,
    // The case workbench: contact columns for search, the category and the latest event's id
    // (`activity`) on the ticket itself so that every inbox order is an index walk, and
    // who did what in the history.
    r#"
ALTER TABLE tickets ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN applicant_name TEXT;
ALTER TABLE tickets ADD COLUMN applicant_phone TEXT;
ALTER TABLE tickets ADD COLUMN applicant_email TEXT;
ALTER TABLE tickets ADD COLUMN assignee_id INTEGER REFERENCES staff_accounts(id);
ALTER TABLE tickets ADD COLUMN citizen_replied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN activity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN finished_at TEXT;
UPDATE tickets SET
    finished_at = (SELECT max(at) FROM ticket_events
                   WHERE ticket_id = tickets.id AND status = tickets.status)
WHERE status IN ('completed', 'rejected', 'withdrawn');
UPDATE tickets SET
    category = coalesce((SELECT category FROM services WHERE code = tickets.service_code), ''),
    activity = coalesce((SELECT max(id) FROM ticket_events WHERE ticket_id = tickets.id), 0);
ALTER TABLE ticket_events ADD COLUMN author_id INTEGER REFERENCES staff_accounts(id);
DROP INDEX tickets_by_update;
CREATE INDEX tickets_inbox ON tickets(activity);
CREATE INDEX tickets_inbox_status ON tickets(status, activity);
CREATE INDEX tickets_inbox_category ON tickets(category, activity);
CREATE INDEX tickets_inbox_service ON tickets(service_code, activity);
CREATE INDEX tickets_inbox_assignee ON tickets(assignee_id, activity);
CREATE INDEX tickets_inbox_replied ON tickets(citizen_replied, activity);
CREATE INDEX tickets_by_phone ON tickets(applicant_phone, activity);
CREATE INDEX tickets_by_name ON tickets(applicant_name, activity);
CREATE INDEX tickets_open_by_due ON tickets(expected_at, id)
    WHERE status IN ('received', 'accepted', 'in_progress');
"#,
    r#"
ALTER TABLE ticket_events ADD COLUMN kind TEXT NOT NULL DEFAULT 'status';
ALTER TABLE ticket_events ADD COLUMN missing TEXT;
ALTER TABLE ticket_events ADD COLUMN replies TEXT;
ALTER TABLE ticket_events ADD COLUMN assignee_id INTEGER REFERENCES staff_accounts(id);
"#,
    // Kinds of ticket (a complaint or a request for help is the supervisors' work), filing on
    // someone's behalf, and assisted service: the helpers and the help confirmed with them.
    r#"
ALTER TABLE tickets ADD COLUMN kind TEXT NOT NULL DEFAULT 'request';
ALTER TABLE tickets ADD COLUMN agent TEXT;
UPDATE tickets SET kind = coalesce(
    (SELECT json_extract(doc, '$.kind') FROM services WHERE code = tickets.service_code),
    'request');
CREATE INDEX tickets_inbox_kind ON tickets(kind, activity);
CREATE TABLE helpers (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL,
    phone  TEXT NOT NULL,
    note   TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1
);
ALTER TABLE ticket_events ADD COLUMN helper_id INTEGER REFERENCES helpers(id);
ALTER TABLE ticket_events ADD COLUMN help_at TEXT;
"#,
    // Closing the loop: how the citizen wants to be told, the outbox of notifications,
    // rework after a bad rating and supervisors' rulings on ratings.
    r#"
ALTER TABLE tickets ADD COLUMN notify TEXT;
ALTER TABLE ratings ADD COLUMN ruling TEXT;
ALTER TABLE ratings ADD COLUMN ruling_reason TEXT;
ALTER TABLE ratings ADD COLUMN ruled_by INTEGER REFERENCES staff_accounts(id);
ALTER TABLE ratings ADD COLUMN ruled_at TEXT;
CREATE TABLE rework (
    ticket_id     INTEGER PRIMARY KEY REFERENCES tickets(id),
    officer_id    INTEGER REFERENCES staff_accounts(id),
    stage         TEXT NOT NULL,
    opened_at     TEXT NOT NULL,
    due_at        TEXT NOT NULL,
    finding       TEXT,
    result        TEXT,
    fixed_at      TEXT,
    satisfaction  INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    callback_note TEXT,
    closed_at     TEXT
);
CREATE INDEX rework_open ON rework(due_at) WHERE stage IN ('verifying', 'fixing');
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    channel    TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    locale     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    facts      TEXT NOT NULL,
    queued_at  TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    TEXT,
    sent_at    TEXT,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox(next_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_by_ticket ON outbox(ticket_id, id);
"#,
    // The live hall: where each queue number is in its life (waiting, called, serving,
    // served, missed, returned, transferred, cancelled).
    r#"
ALTER TABLE queue_numbers ADD COLUMN state TEXT NOT NULL DEFAULT 'waiting';
ALTER TABLE queue_numbers ADD COLUMN token_hash TEXT;
ALTER TABLE queue_numbers ADD COLUMN phone TEXT;
ALTER TABLE queue_numbers ADD COLUMN kiosk_id INTEGER REFERENCES kiosks(id);
ALTER TABLE queue_numbers ADD COLUMN window INTEGER;
ALTER TABLE queue_numbers ADD COLUMN ended_at TEXT;
ALTER TABLE queue_numbers ADD COLUMN queue_key TEXT NOT NULL DEFAULT '';
ALTER TABLE queue_numbers ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE queue_numbers ADD COLUMN recalls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE queue_numbers ADD COLUMN last_called_at TEXT;
ALTER TABLE queue_numbers ADD COLUMN missed_at TEXT;
ALTER TABLE queue_numbers ADD COLUMN serving_at TEXT;
ALTER TABLE queue_numbers ADD COLUMN to_line TEXT;
UPDATE queue_numbers SET state = 'called', last_called_at = called_at WHERE called_at IS NOT NULL;
UPDATE queue_numbers SET queue_key = issued_at;
CREATE INDEX queue_numbers_queued ON queue_numbers(hall_id, day, state, priority, queue_key);
-- One number at a time per phone and line: two takes at once cannot both win.
CREATE UNIQUE INDEX queue_numbers_one_per_phone ON queue_numbers(hall_id, line_code, day, phone)
    WHERE phone IS NOT NULL AND state NOT IN ('served', 'cancelled');
"#,
    // The counter console and the visit: a window paused by its clerk, and the citizen's
    // rating of a visit (one per number, apart from tickets' ratings).
    r#"
ALTER TABLE queue_numbers ADD COLUMN rating INTEGER;
ALTER TABLE queue_numbers ADD COLUMN rating_comment TEXT;
ALTER TABLE queue_numbers ADD COLUMN rated_at TEXT;
CREATE TABLE hall_windows (
    hall_id    TEXT NOT NULL,
    number     INTEGER NOT NULL,
    paused     INTEGER NOT NULL DEFAULT 0,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (hall_id, number)
);
"#,
    // Honest waits: the estimate a number was given when taken (likeliest, low, high, in
    // minutes), kept to compare with the wait it had.
    r#"
ALTER TABLE queue_numbers ADD COLUMN estimated_wait INTEGER;
ALTER TABLE queue_numbers ADD COLUMN estimated_low INTEGER;
ALTER TABLE queue_numbers ADD COLUMN estimated_high INTEGER;
"#,
    // Appointments (预约): bookings of hour slots per line, slots closed by staff, the SMS
    // codes that confirm a phone, appeals against a suspension for missed bookings; queue
    // numbers told by SMS at three ahead and when called; and an outbox whose messages may be
    // about a queue number or a booking rather than a ticket (`subject`).
    r#"
CREATE TABLE bookings (
    id         INTEGER PRIMARY KEY,
    reference  TEXT NOT NULL UNIQUE,
    hall_id    TEXT NOT NULL,
    line_code  TEXT NOT NULL,
    day        TEXT NOT NULL,
    starts     TEXT NOT NULL,
    ends       TEXT NOT NULL,
    slot_at    TEXT NOT NULL,
    phone      TEXT NOT NULL,
    locale     TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'booked',
    booked_at  TEXT NOT NULL,
    ended_at   TEXT,
    number_seq INTEGER
);
CREATE INDEX bookings_by_slot ON bookings(hall_id, line_code, day, starts);
CREATE INDEX bookings_by_phone ON bookings(phone, slot_at);
-- One booking per phone and day: two bookings at once cannot both win.
CREATE UNIQUE INDEX bookings_one_per_phone_day ON bookings(phone, day)
    WHERE state NOT IN ('cancelled', 'closed');
CREATE TABLE closed_slots (
    hall_id   TEXT NOT NULL,
    line_code TEXT NOT NULL,
    day       TEXT NOT NULL,
    starts    TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    PRIMARY KEY (hall_id, line_code, day, starts)
);
CREATE TABLE phone_codes (
    phone       TEXT PRIMARY KEY,
    code_hash   TEXT NOT NULL,
    sent_at     TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    -- Codes sent since `sends_since` (at most a day ago): a phone gets a few a day.
    sends       INTEGER NOT NULL DEFAULT 1,
    sends_since TEXT NOT NULL
);
CREATE TABLE booking_appeals (
    id              INTEGER PRIMARY KEY,
    phone           TEXT NOT NULL,
    reason          TEXT NOT NULL,
    missed          INTEGER NOT NULL,
    suspended_until TEXT NOT NULL,
    filed_at        TEXT NOT NULL,
    outcome         TEXT NOT NULL DEFAULT 'pending',
    decided_at      TEXT,
    decided_by      INTEGER REFERENCES staff_accounts(id)
);
CREATE INDEX booking_appeals_by_phone ON booking_appeals(phone, outcome);
ALTER TABLE queue_numbers ADD COLUMN booking_id INTEGER REFERENCES bookings(id);
ALTER TABLE queue_numbers ADD COLUMN notify_phone TEXT;
ALTER TABLE queue_numbers ADD COLUMN locale TEXT;
ALTER TABLE queue_numbers ADD COLUMN soon_told INTEGER NOT NULL DEFAULT 0;
CREATE TABLE outbox_v2 (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER REFERENCES tickets(id),
    subject    TEXT,
    channel    TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    locale     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    facts      TEXT NOT NULL,
    queued_at  TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    TEXT,
    sent_at    TEXT,
    last_error TEXT,
    CHECK (ticket_id IS NOT NULL OR subject IS NOT NULL)
);
INSERT INTO outbox_v2 (id, ticket_id, channel, recipient, locale, kind, facts, queued_at,
                       attempts, next_at, sent_at, last_error)
    SELECT id, ticket_id, channel, recipient, locale, kind, facts, queued_at, attempts, next_at,
           sent_at, last_error
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(next_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_by_ticket ON outbox(ticket_id, id);
"#,
];

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
