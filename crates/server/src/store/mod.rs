//! All SQL of the reference server. A pool of read connections serves queries; one writer
//! thread owns the only write connection and commits concurrent writes together (group
//! commit), so `synchronous=FULL` costs one fsync per batch rather than per request.

mod bookings;
mod cases;
mod catalogue;
mod followup;
mod halls;
mod helpers;
mod outbox;
mod schema;
mod staff;
mod stats;
mod tickets;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use bookings::{
    CODE_MINUTES, CODE_RESEND_SECONDS, CodeRefused, CodeSent, Confirmed, NewBookingRow,
    StoredAppeal, StoredBooking,
};
pub use cases::{CaseChange, CaseGuard, StoredCase, StoredEvent};
pub use followup::{StoredBadRating, StoredRework, StoredRuling};
pub use halls::{
    ActionTimes, EstimatedWait, LineState, NumberKey, RecentCall, StoredNumber, Taker, VisitRow,
    WindowState, hall_notice,
};
pub use outbox::{HallFacts, HallMessage, MessageFacts, QueuedMessage, message_id};
pub use staff::{AccountRow, AuditFilter, AuditRecord, NewAccountRow, SessionRow};
pub use stats::StatsRow;
pub use tickets::{
    AssigneeFilter, Contacts, InboxFilter, InboxPosition, InboxRow, InboxSearch, NewRequest,
    NewSendBack, StoredTicket, SubmitOutcome,
};

/// Something the store could not do.
#[derive(Debug)]
pub enum StoreError {
    /// No such row, or the access code does not match.
    NotFound,
    /// The idempotency key was used with a different body.
    IdempotencyKeyReused,
    /// The status move is not allowed by the life cycle.
    TransitionNotAllowed,
    /// The ticket cannot be rated now.
    RatingNotAllowed,
    /// The window is paused.
    WindowPaused,
    /// Nobody is waiting in the queue line.
    QueueEmpty,
    /// The case changed since the version the change was made against.
    CaseChanged,
    /// The ticket is not waiting for the citizen.
    ReplyNotAllowed,
    /// The ticket is finished and cannot be withdrawn.
    WithdrawalNotAllowed,
    /// The ticket has no result to send back, or was sent back as often as allowed.
    SendBackNotAllowed,
    /// The result is too old to be sent back.
    SendBackClosed,
    /// The ticket is not an unfinished assistance ticket.
    HelpNotAllowed,
    /// No rework task, or the step does not follow its stage.
    ReworkNotAllowed,
    /// No bad rating to rule on, or it was ruled on already.
    RulingNotAllowed,
    /// A reply has another number of answers than the items asked for (this many).
    ReplyCount(usize),
    /// The account cannot take the case (disabled, a clerk, or another category's officer).
    NotAssignable,
    /// A staff account of that name exists.
    NameTaken,
    /// The phone has a number in the line already that is not served or cancelled.
    NumberAlreadyTaken,
    /// The number was recalled as often as allowed, or called too recently.
    RecallNotAllowed,
    /// The slot is full or closed.
    SlotFull,
    /// The phone holds a booking that day.
    AlreadyBooked,
    /// The phone is suspended from booking.
    BookingSuspended,
    /// The booking can no longer be cancelled.
    CancelNotAllowed,
    /// The booking cannot be checked in now.
    CheckInNotAllowed,
    /// The change would leave no enabled supervisor.
    LastSupervisor,
    /// The writer thread has stopped; the server is shutting down.
    Unavailable,
    /// A staff query ran past its time limit and was stopped.
    TimedOut,
    /// SQLite failed.
    Sqlite(rusqlite::Error),
    /// A stored document failed to parse.
    Corrupt(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Sqlite(e) => write!(f, "sqlite: {e}"),
            StoreError::Corrupt(what) => write!(f, "corrupt stored document: {what}"),
            other => write!(f, "{other:?}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// Result of a store call.
pub type StoreResult<T> = Result<T, StoreError>;

type Reply = Box<dyn FnOnce(StoreResult<()>) + Send>;
type Job = Box<dyn FnOnce(&Connection) -> Reply + Send>;

/// Most writes committed in one transaction.
const MAX_BATCH: usize = 256;
/// Read connections kept open.
const MAX_IDLE_READERS: usize = 16;
/// Change notices kept for a slow listener before it is told it lagged.
const CHANGES_KEPT: usize = 1024;
/// Longest a staff query may run before it is stopped.
pub const STAFF_QUERY_TIME_LIMIT: Duration = Duration::from_secs(2);
/// SQLite steps between checks of a staff query's time limit.
const STEPS_PER_CHECK: i32 = 4_000;
/// How long a staff query pauses at each check while citizens' lookups are in flight, so that
/// a long one takes a small share of the CPU from them rather than a whole core.
const STAFF_PAUSE: Duration = Duration::from_micros(200);
/// How long a staff query waits before it starts while citizens' lookups are in flight.
const STAFF_BACKOFF: Duration = Duration::from_millis(5);

/// Handle to the SQLite database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    readers: Mutex<Vec<Connection>>,
    /// Staff queries' own connections, at most `staff_slots` in use at once, so that however
    /// heavy the staff's searches, citizens' lookups keep the rest of the machine.
    staff_readers: Mutex<Vec<Connection>>,
    staff_slots: tokio::sync::Semaphore,
    /// Citizens' lookups in flight; while there are any, staff queries give way.
    citizen_reads: std::sync::atomic::AtomicUsize,
    writer: Mutex<mpsc::Sender<Job>>,
    /// The reference number of every ticket a committed write changed, for live pages.
    changes: tokio::sync::broadcast::Sender<String>,
}

/// Staff queries that may run at once: half the cores, at least one.
fn staff_slots() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.inner.path)
            .finish_non_exhaustive()
    }
}

fn open(path: &Path, read_only: bool) -> rusqlite::Result<Connection> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    if !read_only {
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")?;
    }
    Ok(conn)
}

impl Store {
    /// Opens (creating if needed) the database at `path`, applies migrations and starts the
    /// writer thread.
    pub fn open(path: &Path) -> StoreResult<Store> {
        let mut conn = open(path, false)?;
        schema::migrate(&mut conn)?;
        let (sender, receiver) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run_writer(conn, receiver))
            .map_err(|e| StoreError::Corrupt(format!("cannot start writer thread: {e}")))?;
        Ok(Store {
            inner: Arc::new(Inner {
                path: path.to_owned(),
                readers: Mutex::new(Vec::new()),
                staff_readers: Mutex::new(Vec::new()),
                staff_slots: tokio::sync::Semaphore::new(staff_slots()),
                citizen_reads: std::sync::atomic::AtomicUsize::new(0),
                changes: tokio::sync::broadcast::channel(CHANGES_KEPT).0,
                writer: Mutex::new(sender),
            }),
        })
    }

    /// Runs `query` on a read connection, off the async runtime.
    async fn read<T, F>(&self, query: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || with_reader(&inner.readers, &inner.path, query))
            .await
            .map_err(|_| StoreError::Unavailable)?
    }

    /// Like [`Store::read`], for a citizen's lookup: staff queries give way while it runs.
    async fn read_citizen<T, F>(&self, query: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    {
        let _reading = CitizenRead::start(self.inner.clone());
        self.read(query).await
    }

    /// Whether citizens' lookups are in flight.
    fn citizens_waiting(&self) -> bool {
        self.inner
            .citizen_reads
            .load(std::sync::atomic::Ordering::Relaxed)
            > 0
    }

    /// Notices of committed changes: each is a ticket's reference number.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<String> {
        self.inner.changes.subscribe()
    }

    /// Tells listeners that `ticket` changed (after the change is committed).
    fn changed(&self, ticket: &str) {
        // No listener is not an error.
        let _ = self.inner.changes.send(ticket.to_owned());
    }

    /// Runs a staff `query` on the staff pool: it waits for one of the pool's slots, and is
    /// stopped with `TimedOut` after [`STAFF_QUERY_TIME_LIMIT`].
    async fn read_staff<T, F>(&self, query: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    {
        // Staff give way to citizens: a query waits a moment while lookups are in flight, so
        // that however many staff calls arrive, citizens keep most of the machine.
        if self.citizens_waiting() {
            tokio::time::sleep(STAFF_BACKOFF).await;
        }
        let _slot = self
            .inner
            .staff_slots
            .acquire()
            .await
            .map_err(|_| StoreError::Unavailable)?;
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let watched = inner.clone();
            with_reader(&inner.staff_readers, &inner.path, |conn| {
                let mut deadline = std::time::Instant::now() + STAFF_QUERY_TIME_LIMIT;
                conn.progress_handler(
                    STEPS_PER_CHECK,
                    Some(move || {
                        if std::time::Instant::now() > deadline {
                            return true;
                        }
                        let busy = watched
                            .citizen_reads
                            .load(std::sync::atomic::Ordering::Relaxed);
                        if busy > 0 {
                            // Time given to citizens does not count against the limit.
                            std::thread::sleep(STAFF_PAUSE);
                            deadline += STAFF_PAUSE;
                        }
                        false
                    }),
                );
                let result = query(conn).map_err(|e| match e {
                    StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
                        if f.code == rusqlite::ErrorCode::OperationInterrupted =>
                    {
                        StoreError::TimedOut
                    }
                    other => other,
                });
                conn.progress_handler(0, None::<fn() -> bool>);
                result
            })
        })
        .await
        .map_err(|_| StoreError::Unavailable)?
    }

    /// Runs `change` on the writer connection inside the current batch's transaction; the
    /// result is returned only once the batch is durably committed.
    async fn write<T, F>(&self, change: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    {
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let result = in_savepoint(conn, change);
            Box::new(move |committed: StoreResult<()>| {
                let _ = sender.send(committed.and(result));
            })
        });
        self.inner
            .writer
            .lock()
            .map_err(|_| StoreError::Unavailable)?
            .send(job)
            .map_err(|_| StoreError::Unavailable)?;
        receiver.await.map_err(|_| StoreError::Unavailable)?
    }
}

/// A citizen's lookup in flight, counted while it lives.
struct CitizenRead(Arc<Inner>);

impl CitizenRead {
    fn start(inner: Arc<Inner>) -> CitizenRead {
        inner
            .citizen_reads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        CitizenRead(inner)
    }
}

impl Drop for CitizenRead {
    fn drop(&mut self) {
        self.0
            .citizen_reads
            .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Runs `query` on a connection from `pool` (opening one if none is idle) and puts it back.
fn with_reader<T>(
    pool: &Mutex<Vec<Connection>>,
    path: &Path,
    query: impl FnOnce(&Connection) -> StoreResult<T>,
) -> StoreResult<T> {
    let pooled = pool.lock().map_err(|_| StoreError::Unavailable)?.pop();
    let conn = match pooled {
        Some(conn) => conn,
        None => open(path, true)?,
    };
    let result = query(&conn);
    let mut idle = pool.lock().map_err(|_| StoreError::Unavailable)?;
    if idle.len() < MAX_IDLE_READERS {
        idle.push(conn);
    }
    result
}

/// Runs one job in a savepoint so that its failure leaves the rest of the batch intact.
fn in_savepoint<T>(
    conn: &Connection,
    change: impl FnOnce(&Connection) -> StoreResult<T>,
) -> StoreResult<T> {
    conn.execute_batch("SAVEPOINT job")?;
    let result = change(conn);
    let end = if result.is_ok() {
        "RELEASE job"
    } else {
        "ROLLBACK TO job; RELEASE job"
    };
    conn.execute_batch(end)?;
    result
}

/// The writer loop: waits for one job, takes whatever else is queued, commits them as one
/// transaction, then answers each.
fn run_writer(conn: Connection, jobs: mpsc::Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
            // Dropping the jobs drops their reply channels; callers see `Unavailable`.
            tracing::error!(error = %e, "cannot begin write transaction");
            drop(batch);
            continue;
        }
        let replies: Vec<Reply> = batch.into_iter().map(|job| job(&conn)).collect();
        let committed = conn.execute_batch("COMMIT").map_err(StoreError::from);
        if let Err(e) = &committed {
            tracing::error!(error = %e, "write batch failed to commit");
            let _ = conn.execute_batch("ROLLBACK");
        }
        let outcome = committed.as_ref().map(|_| ()).map_err(|e| e.to_string());
        for reply in replies {
            reply(outcome.clone().map_err(StoreError::Corrupt));
        }
    }
}
