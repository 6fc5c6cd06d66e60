//! The one door to a backend: the [`Backend`] trait speaks the contract in typed values, and
//! adapters implement it per protocol. Only this module knows URLs or HTTP.

mod http;
mod prefetched;

use std::future::Future;
use std::pin::Pin;

use banshi_contract::{
    Category, Locale, Problem, RatingSubmission, Receipt, RequestSubmission, Service,
    ServiceSummary, Ticket, Tutorial, TutorialSummary,
};
use leptos::prelude::*;

pub use http::HttpBackend;
pub(crate) use http::fetch_text;
pub use prefetched::{Prefetch, Prefetched};

/// A pending answer from the backend. Browser futures are not `Send`.
pub type ApiFuture<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// Why a call to the backend failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer: offline, the server unreachable, or the call was cancelled.
    Network,
    /// The backend answered with a problem body.
    Problem(Box<Problem>),
    /// The backend answered with an unexpected status and no problem body.
    Status(u16),
    /// The answer could not be read as the contract says.
    Decode,
}

impl ApiError {
    /// Whether trying again later may succeed (network trouble, overload, server errors).
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Network => true,
            ApiError::Problem(p) => p.status >= 500 || p.status == 429,
            ApiError::Status(s) => *s >= 500 || *s == 429,
            ApiError::Decode => false,
        }
    }
}

/// Filters for the tutorial list; each applies only when set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TutorialFilter {
    /// Category code.
    pub category: Option<String>,
    /// Service code the tutorials lead to.
    pub service: Option<String>,
    /// Search words.
    pub query: Option<String>,
}

/// The answer to a conditional ticket lookup.
#[derive(Debug, Clone, PartialEq)]
pub enum TicketFetch {
    /// The ticket, and the ETag to send next time.
    Fresh(Box<Ticket>, Option<String>),
    /// Unchanged since the ETag that was sent.
    Unchanged,
}

/// The contract, as the portal uses it: only the calls it makes, since each costs bundle size.
/// Content calls take the locale to ask for. (`GET /v1/meta` is for integrators' tools; the
/// portal takes its settings from `config.json`.)
pub trait Backend: Send + Sync {
    /// `GET /v1/categories`.
    fn categories(&self, locale: Locale) -> ApiFuture<Vec<Category>>;
    /// `GET /v1/services`.
    fn services(
        &self,
        locale: Locale,
        category: Option<String>,
        query: Option<String>,
    ) -> ApiFuture<Vec<ServiceSummary>>;
    /// `GET /v1/services/{code}`.
    fn service(&self, locale: Locale, code: String) -> ApiFuture<Service>;
    /// `GET /v1/tutorials`.
    fn tutorials(&self, locale: Locale, filter: TutorialFilter) -> ApiFuture<Vec<TutorialSummary>>;
    /// `GET /v1/tutorials/{id}`.
    fn tutorial(&self, locale: Locale, id: String) -> ApiFuture<Tutorial>;
    /// `POST /v1/requests` with an idempotency key.
    fn submit(
        &self,
        locale: Locale,
        key: String,
        submission: RequestSubmission,
    ) -> ApiFuture<Receipt>;
    /// `GET /v1/tickets/{ticket}`, conditional on `etag`.
    fn ticket(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        etag: Option<String>,
    ) -> ApiFuture<TicketFetch>;
    /// `POST /v1/tickets/{ticket}/rating`.
    fn rate(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        rating: RatingSubmission,
    ) -> ApiFuture<Ticket>;
}

/// The adapter this build talks through. Pages reach it as `impl Backend` through
/// [`use_backend`]: static dispatch, unlike `dyn Backend`, lets the split build keep each
/// call's JSON decoder in the module of the page that makes the call.
type PortalBackend = HttpBackend;

/// Makes `backend` the one components reach through [`use_backend`].
pub fn provide_backend(backend: PortalBackend) {
    provide_context(backend);
}

/// The backend provided by the app.
pub fn use_backend() -> impl Backend + Clone + 'static {
    expect_context::<PortalBackend>()
}
