//! The Banshi reference backend: the contract under `/api/v1` on SQLite, plus the built SPA.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it without a socket.

pub mod admin;
pub mod appointments;
pub mod auth;
pub mod busy;
pub mod catalogue;
pub mod clock;
pub mod codes;
pub mod config;
pub mod error;
pub mod estimate;
pub mod extract;
pub mod hall;
pub mod hall_feed;
pub mod history;
pub mod messages;
pub mod outbox;
pub mod prerender;
pub mod ratelimit;
mod render;
mod routes;
pub mod seed;
pub mod stats;
pub mod store;
mod web;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;

pub use config::Config;

use crate::catalogue::Catalogue;
use crate::ratelimit::RateLimiter;
use crate::seed::HallDoc;
use crate::store::Store;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The catalogue, loaded from the database at start-up.
    pub catalogue: Arc<Catalogue>,
    /// The halls of the queue module.
    pub halls: Arc<Vec<HallDoc>>,
    /// Settings.
    pub config: Arc<Config>,
    /// Working days, for promised dates.
    pub calendar: Arc<clock::Calendar>,
    /// Limits ticket lookups per client.
    pub lookups: Arc<RateLimiter>,
    /// Limits staff sign-in attempts per client.
    pub sign_ins_by_client: Arc<RateLimiter>,
    /// Limits staff sign-in attempts per account name, whoever tries.
    pub sign_ins_by_name: Arc<RateLimiter<String>>,
    /// Limits remote queue numbers per phone.
    pub numbers_by_phone: Arc<RateLimiter<String>>,
    /// Limits queue numbers per enrolled kiosk.
    pub numbers_by_kiosk: Arc<RateLimiter<i64>>,
    /// Limits SMS codes asked for per client address.
    pub codes_by_client: Arc<RateLimiter>,
    /// Signs the inbox's paging tokens; new at every start, so old tokens stop working.
    pub paging_key: Arc<[u8; 32]>,
    /// Statistics already computed.
    pub stats: Arc<stats::Cache>,
    /// Each line's recent past, for wait estimates, kept a minute.
    pub line_histories: Arc<estimate::HistoryCache>,
    /// Each hall's shared snapshots for its event streams.
    pub hall_feeds: hall_feed::HallFeeds,
    /// Tickets on which a demonstration is playing (demo mode).
    pub demonstrations: Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
}

impl AppState {
    /// Opens the database, seeds it with the demo catalogue if it is new, and loads the
    /// catalogue into memory.
    pub async fn open(config: Config) -> Result<AppState, store::StoreError> {
        AppState::open_with_seed(config, seed::catalogue(), seed::halls()).await
    }

    /// Like [`AppState::open`], seeding a new database with `catalogue` and `halls` instead.
    pub async fn open_with_seed(
        config: Config,
        catalogue: Catalogue,
        halls: Vec<HallDoc>,
    ) -> Result<AppState, store::StoreError> {
        let extra = config
            .holidays
            .as_ref()
            .map(|path| {
                std::fs::read_to_string(path)
                    .map_err(|e| store::StoreError::Corrupt(format!("{}: {e}", path.display())))
            })
            .transpose()?;
        let calendar = clock::Calendar::load(extra.as_deref())
            .map_err(|e| store::StoreError::Corrupt(format!("holiday calendar: {e}")))?;
        let store = Store::open(&config.database)?;
        if store.seed_if_empty(catalogue, halls).await? {
            tracing::info!("seeded an empty database with the demo catalogue");
        }
        let cutoff = clock::rfc3339(clock::now() - chrono::Duration::hours(24));
        store.purge_idempotency(cutoff).await?;
        let catalogue = Arc::new(store.load_catalogue().await?);
        let halls = store.load_halls().await?;
        let problems: Vec<String> = halls.iter().flat_map(hall::problems).collect();
        if !problems.is_empty() {
            return Err(store::StoreError::Corrupt(problems.join("; ")));
        }
        let halls = Arc::new(halls);
        let lookups = Arc::new(RateLimiter::new(
            config.lookup_burst,
            config.lookups_per_minute,
        ));
        let (burst, per_hour) = config.sign_ins_per_client;
        let sign_ins_by_client = Arc::new(RateLimiter::per_hour(burst, per_hour));
        let (burst, per_hour) = config.sign_ins_per_account;
        let sign_ins_by_name = Arc::new(RateLimiter::per_hour(burst, per_hour));
        let (burst, per_hour) = config.numbers_per_phone;
        let numbers_by_phone = Arc::new(RateLimiter::per_hour(burst, per_hour));
        let (burst, per_hour) = config.numbers_per_kiosk;
        let numbers_by_kiosk = Arc::new(RateLimiter::per_hour(burst, per_hour));
        let mut paging_key = [0u8; 32];
        getrandom::fill(&mut paging_key)
            .map_err(|e| store::StoreError::Corrupt(format!("no randomness: {e}")))?;
        Ok(AppState {
            paging_key: Arc::new(paging_key),
            demonstrations: Arc::default(),
            hall_feeds: hall_feed::HallFeeds::default(),
            stats: Arc::default(),
            line_histories: Arc::default(),
            store,
            catalogue,
            halls,
            config: Arc::new(config),
            calendar: Arc::new(calendar),
            lookups,
            sign_ins_by_client,
            sign_ins_by_name,
            numbers_by_phone,
            numbers_by_kiosk,
            codes_by_client: Arc::new(RateLimiter::per_hour(20, 60)),
        })
    }
}

/// The whole HTTP application: `/api/v1/...` plus, when configured, the SPA.
pub fn app(state: AppState) -> Router {
    let api = routes::router()
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(axum::middleware::from_fn(error::render_problems));
    let dist = state.config.dist.clone();
    let api = Router::new().nest("/api", api);
    // Pages are rendered from the API's own answers, asked in-process.
    let pages = dist.map(|dist| web::Pages::new(dist, api.clone().with_state(state.clone())));
    web::with_static_files(api, pages).with_state(state)
}
