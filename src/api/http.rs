//! The contract over HTTP with JSON, via the browser's `fetch`. In-flight calls are aborted
//! when the reactive owner that started them is cleaned up (the page was left).
//!
//! One non-generic [`exchange`] does all the HTTP; the per-type part is only the JSON
//! decoding, which keeps the WASM small.

use std::future::Future;
use std::pin::Pin;

use std::sync::{Arc, Mutex};

use banshi_contract::{
    ACCESS_CODE_HEADER, AccountChange, ApiToken, AuditEntry, BusyHours, CSRF_HEADER, DueFilter,
    EnrolledKiosk, Hall, IDEMPOTENCY_KEY_HEADER, InboxPage, InboxQuery, KIOSK_TOKEN_HEADER, Kiosk,
    KioskEnrol, KioskEnrolment, Locale, NewAccount, NewKioskEnrolment, OneTimePassword,
    PasswordChange, Problem, QUEUE_TOKEN_HEADER, QueueNumber, RatingSubmission, RequestSubmission,
    SignIn, StaffAccount, StaffSession, TakeNumber, Ticket,
};
use banshi_contract::{
    AccessCodeReissue, Assignment, CaseNote, DemoReset, Demonstration, InfoReply, NewAccessCode,
    SendBack, StaffCase, StatusChange, Withdrawal,
};
use banshi_contract::{
    AppealSubmission, Booking, BookingAppeal, NewBooking, PhoneCodeRequest, PhoneCodeSent,
    SlotClosure, SlotDays,
};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::{
    ApiError, ApiFuture, AuditQuery, Backend, CheckInCredential, NumberAction, Prefetched,
    TicketFetch, TutorialFilter,
};
use crate::model::route::percent_encode;

/// A backend reached at `base`, e.g. `/api` or `https://hall.example/api`.
#[derive(Debug, Clone)]
pub struct HttpBackend {
    base: String,
    /// Answers that came with a server-rendered page.
    prefetched: Prefetched,
    /// The CSRF token of the staff session last seen.
    csrf: Arc<Mutex<String>>,
}

impl HttpBackend {
    /// A backend whose contract root (the part before `/v1`) is `base`.
    pub fn new(base: &str) -> HttpBackend {
        HttpBackend::with_prefetched(base, Prefetched::default())
    }

    /// A backend at `base` that first answers content calls from `prefetched`. Natively
    /// (server rendering) it answers only from there and notes what was missing.
    pub fn with_prefetched(base: &str, prefetched: Prefetched) -> HttpBackend {
        HttpBackend {
            base: base.trim_end_matches('/').to_owned(),
            prefetched,
            csrf: Arc::default(),
        }
    }

    fn url(&self, path: &str, query: &[(&str, Option<String>)]) -> String {
        let mut url = format!("{}/v1/{path}", self.base);
        let mut separator = '?';
        for (name, value) in query {
            if let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) {
                url.push(separator);
                url.push_str(name);
                url.push('=');
                url.push_str(&percent_encode(value.trim()));
                separator = '&';
            }
        }
        url
    }

    /// The URL of today's number `number` of `hall`, with `rest` after it.
    fn number_url(&self, hall: &str, number: &str, rest: &str) -> String {
        self.item_url(
            "halls",
            hall,
            &format!("/numbers/{}{rest}", percent_encode(number)),
        )
    }

    /// The staff URL of today's number `number` of `hall`.
    fn staff_number_url(&self, hall: &str, number: &str) -> String {
        self.url(
            &format!(
                "staff/halls/{}/numbers/{}",
                percent_encode(hall),
                percent_encode(number)
            ),
            &[],
        )
    }

    /// The URL of a resource named by one user-supplied path segment.
    fn item_url(&self, collection: &str, item: &str, rest: &str) -> String {
        self.url(&format!("{collection}/{}{rest}", percent_encode(item)), &[])
    }
}

/// One HTTP call to make.
struct Call<'a> {
    method: &'static str,
    url: &'a str,
    locale: Locale,
    headers: &'a [(&'static str, &'a str)],
    /// A JSON body.
    body: Option<String>,
    /// Cancels the call.
    abort: Option<web_sys::AbortSignal>,
}

/// What came back from one HTTP call.
#[derive(Debug)]
pub(crate) struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `ETag` header, if any.
    pub etag: Option<String>,
    /// The body as text.
    pub body: String,
}

/// A signal that aborts a call when the current reactive owner is cleaned up: the page was
/// left, or what the call was for changed.
fn abort_on_cleanup() -> Option<web_sys::AbortSignal> {
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    let controller = SendWrapper::new(controller);
    on_cleanup(move || controller.abort());
    Some(signal)
}

/// Makes `call` with `fetch`.
async fn exchange(call: Call<'_>) -> Result<Reply, ApiError> {
    let init = web_sys::RequestInit::new();
    init.set_method(call.method);
    let headers = web_sys::Headers::new().map_err(|_| ApiError::Network)?;
    let mut all = vec![("Accept-Language", call.locale.tag())];
    all.extend_from_slice(call.headers);
    if call.body.is_some() {
        all.push(("Content-Type", "application/json"));
    }
    for (name, value) in all {
        headers.set(name, value).map_err(|_| ApiError::Network)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &call.body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_signal(call.abort.as_ref());
    fetch_text(call.url, &init).await
}

/// Fetches `url` and reads the whole body as text; any failure to get an answer is
/// [`ApiError::Network`].
pub(crate) async fn fetch_text(url: &str, init: &web_sys::RequestInit) -> Result<Reply, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .and_then(JsCast::dyn_into)
        .map_err(|_| ApiError::Network)?;
    let text = response.text().map_err(|_| ApiError::Network)?;
    let body = JsFuture::from(text)
        .await
        .map_err(|_| ApiError::Network)?
        .as_string()
        .unwrap_or_default();
    Ok(Reply {
        status: response.status(),
        etag: response.headers().get("etag").ok().flatten(),
        body,
    })
}

/// How a ticket's event stream ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamEnd {
    /// The server closed it (or the page aborted it); connect again.
    Closed,
    /// The backend has no event stream here: poll instead.
    Unsupported,
}

/// Reads `GET {url}` as a server-sent event stream with `fetch`, calling `on_event` with
/// each event's name and data as it arrives.
pub(crate) async fn read_event_stream(
    url: &str,
    locale: Locale,
    headers: &[(&'static str, &str)],
    abort: Option<&web_sys::AbortSignal>,
    on_event: &dyn Fn(super::sse::StreamEvent),
) -> Result<StreamEnd, ApiError> {
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    let sent = web_sys::Headers::new().map_err(|_| ApiError::Network)?;
    sent.set("Accept", "text/event-stream")
        .map_err(|_| ApiError::Network)?;
    sent.set("Accept-Language", locale.tag())
        .map_err(|_| ApiError::Network)?;
    for (name, value) in headers {
        sent.set(name, value).map_err(|_| ApiError::Network)?;
    }
    init.set_headers(&sent);
    init.set_signal(abort);
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .and_then(JsCast::dyn_into)
        .map_err(|_| ApiError::Network)?;
    let is_stream = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .is_some_and(|t| t.starts_with("text/event-stream"));
    if matches!(response.status(), 404 | 405 | 406 | 501) {
        return Ok(StreamEnd::Unsupported);
    }
    if !response.ok() {
        let body = match response.text() {
            Ok(text) => JsFuture::from(text).await.ok().and_then(|t| t.as_string()),
            Err(_) => None,
        };
        return Err(problem(Reply {
            status: response.status(),
            etag: None,
            body: body.unwrap_or_default(),
        }));
    }
    if !is_stream {
        return Ok(StreamEnd::Unsupported);
    }
    let Some(body) = response.body() else {
        return Ok(StreamEnd::Unsupported);
    };
    let reader: web_sys::ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|_| ApiError::Network)?;
    let mut parser = super::sse::EventParser::default();
    loop {
        let Ok(chunk) = JsFuture::from(reader.read()).await else {
            return Ok(StreamEnd::Closed);
        };
        let done = js_sys::Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(StreamEnd::Closed);
        }
        let bytes = js_sys::Reflect::get(&chunk, &JsValue::from_str("value"))
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
            .map(|v| v.to_vec())
            .unwrap_or_default();
        for event in parser.push(&bytes) {
            on_event(event);
        }
    }
}

/// The typed answer of a successful reply, or the error it carries.
fn decode<T: DeserializeOwned>(reply: Reply) -> Result<T, ApiError> {
    if (200..300).contains(&reply.status) {
        serde_json::from_str(&reply.body).map_err(|_| ApiError::Decode)
    } else {
        Err(problem(reply))
    }
}

/// The problem body of a failed reply, or its bare status.
fn problem(reply: Reply) -> ApiError {
    match serde_json::from_str::<Problem>(&reply.body) {
        Ok(problem) => ApiError::Problem(Box::new(problem)),
        Err(_) => ApiError::Status(reply.status),
    }
}

type ReplyFuture = Pin<Box<dyn Future<Output = Result<Reply, ApiError>>>>;

/// Starts a `GET`.
fn send(url: String, locale: Locale, headers: Vec<(&'static str, String)>) -> ReplyFuture {
    let abort = abort_on_cleanup();
    Box::pin(async move {
        let headers: Vec<(&'static str, &str)> =
            headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        exchange(Call {
            method: "GET",
            url: &url,
            locale,
            headers: &headers,
            body: None,
            abort,
        })
        .await
    })
}

/// Starts a `POST` of `body`.
fn post(url: String, locale: Locale, header: (&'static str, String), body: String) -> ReplyFuture {
    send_with("POST", url, locale, header, Some(body))
}

/// Starts a `POST` of `body` with no header of its own.
fn post_json(url: String, locale: Locale, body: String) -> ReplyFuture {
    let abort = abort_on_cleanup();
    Box::pin(async move {
        exchange(Call {
            method: "POST",
            url: &url,
            locale,
            headers: &[],
            body: Some(body),
            abort,
        })
        .await
    })
}

/// A call with one header of its own, such as a secret that shows the caller holds it.
fn send_with(
    method: &'static str,
    url: String,
    locale: Locale,
    header: (&'static str, String),
    body: Option<String>,
) -> ReplyFuture {
    let abort = abort_on_cleanup();
    Box::pin(async move {
        exchange(Call {
            method,
            url: &url,
            locale,
            headers: &[(header.0, header.1.as_str())],
            body,
            abort,
        })
        .await
    })
}

/// Decodes the reply of `pending` as `T`.
fn typed<T: DeserializeOwned + 'static>(pending: ReplyFuture) -> ApiFuture<T> {
    Box::pin(async move { decode(pending.await?) })
}

impl HttpBackend {
    /// Starts a content `GET`. The locale rides in the URL as well as in Accept-Language
    /// (`locale=`, which backends ignore), so that anything keyed by URL alone, such as the
    /// answers embedded in a server-rendered page or a shared cache, never mixes languages.
    /// An answer that came with the page is used instead of asking.
    fn get<T: DeserializeOwned + 'static>(&self, mut url: String, locale: Locale) -> ApiFuture<T> {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str("locale=");
        url.push_str(locale.tag());
        if let Some(answer) = self.prefetched.take(&url) {
            let reply = Reply {
                status: answer.status,
                etag: None,
                body: answer.body,
            };
            return Box::pin(async move { decode(reply) });
        }
        fetch_or_wait(url, locale)
    }
}

/// In the browser: fetches `url`.
#[cfg(target_arch = "wasm32")]
fn fetch_or_wait<T: DeserializeOwned + 'static>(url: String, locale: Locale) -> ApiFuture<T> {
    typed(send(url, locale, Vec::new()))
}

/// When rendering on a server, nothing is fetched: the page shows what it shows while
/// loading, and the renderer, which has noted the URL, fetches it and renders again.
#[cfg(not(target_arch = "wasm32"))]
fn fetch_or_wait<T: DeserializeOwned + 'static>(_url: String, _locale: Locale) -> ApiFuture<T> {
    Box::pin(std::future::pending())
}

impl HttpBackend {
    /// A staff call: `GET` as is, anything else with the session's CSRF token.
    fn staff_call(
        &self,
        method: &'static str,
        url: String,
        locale: Locale,
        body: Option<String>,
    ) -> ReplyFuture {
        let abort = abort_on_cleanup();
        let csrf = self.csrf.lock().map(|t| t.clone()).unwrap_or_default();
        Box::pin(async move {
            let headers: &[(&'static str, &str)] = if method == "GET" {
                &[]
            } else {
                &[(CSRF_HEADER, &csrf)]
            };
            exchange(Call {
                method,
                url: &url,
                locale,
                headers,
                body,
                abort,
            })
            .await
        })
    }

    /// A staff call answered by a session, whose CSRF token is kept for the next calls.
    fn session_call(
        &self,
        method: &'static str,
        url: String,
        locale: Locale,
        body: Option<String>,
    ) -> ApiFuture<StaffSession> {
        let pending = self.staff_call(method, url, locale, body);
        let csrf = self.csrf.clone();
        Box::pin(async move {
            let session: StaffSession = decode(pending.await?)?;
            if let Ok(mut kept) = csrf.lock() {
                kept.clone_from(&session.csrf_token);
            }
            Ok(session)
        })
    }
}

/// Serialises a request body; contract types always serialise.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

impl Backend for HttpBackend {
    fn meta(&self, locale: Locale) -> ApiFuture<banshi_contract::Meta> {
        self.get(self.url("meta", &[]), locale)
    }

    fn categories(&self, locale: Locale) -> ApiFuture<Vec<banshi_contract::Category>> {
        self.get(self.url("categories", &[]), locale)
    }

    fn services(
        &self,
        locale: Locale,
        category: Option<String>,
        query: Option<String>,
    ) -> ApiFuture<Vec<banshi_contract::ServiceSummary>> {
        self.get(
            self.url("services", &[("category", category), ("q", query)]),
            locale,
        )
    }

    fn service(&self, locale: Locale, code: String) -> ApiFuture<banshi_contract::Service> {
        self.get(self.item_url("services", &code, ""), locale)
    }

    fn tutorials(
        &self,
        locale: Locale,
        filter: TutorialFilter,
    ) -> ApiFuture<Vec<banshi_contract::TutorialSummary>> {
        let url = self.url(
            "tutorials",
            &[
                ("category", filter.category),
                ("service", filter.service),
                ("q", filter.query),
            ],
        );
        self.get(url, locale)
    }

    fn tutorial(&self, locale: Locale, id: String) -> ApiFuture<banshi_contract::Tutorial> {
        self.get(self.item_url("tutorials", &id, ""), locale)
    }

    fn submit(
        &self,
        locale: Locale,
        key: String,
        submission: RequestSubmission,
    ) -> ApiFuture<banshi_contract::Receipt> {
        let url = self.url("requests", &[]);
        typed(post(
            url,
            locale,
            (IDEMPOTENCY_KEY_HEADER, key),
            json(&submission),
        ))
    }

    fn ticket(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        etag: Option<String>,
    ) -> ApiFuture<TicketFetch> {
        let mut headers = vec![(ACCESS_CODE_HEADER, access_code)];
        if let Some(etag) = etag {
            headers.push(("If-None-Match", etag));
        }
        let pending = send(self.item_url("tickets", &ticket, ""), locale, headers);
        Box::pin(async move {
            let mut reply = pending.await?;
            if reply.status == 304 {
                return Ok(TicketFetch::Unchanged);
            }
            let etag = reply.etag.take();
            Ok(TicketFetch::Fresh(Box::new(decode(reply)?), etag))
        })
    }

    fn watch_ticket(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        abort: Option<web_sys::AbortSignal>,
        on_ticket: Box<dyn Fn(Ticket)>,
    ) -> ApiFuture<StreamEnd> {
        let url = self.item_url("tickets", &ticket, "/events");
        Box::pin(async move {
            read_event_stream(
                &url,
                locale,
                &[(ACCESS_CODE_HEADER, access_code.as_str())],
                abort.as_ref(),
                &|event| {
                    if event.name == "ticket"
                        && let Ok(ticket) = serde_json::from_str::<Ticket>(&event.data)
                    {
                        on_ticket(ticket);
                    }
                },
            )
            .await
        })
    }

    fn reply(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        body: InfoReply,
    ) -> ApiFuture<banshi_contract::Ticket> {
        let url = self.item_url("tickets", &ticket, "/reply");
        typed(post(
            url,
            locale,
            (ACCESS_CODE_HEADER, access_code),
            json(&body),
        ))
    }

    fn withdraw(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        body: Withdrawal,
    ) -> ApiFuture<banshi_contract::Ticket> {
        let url = self.item_url("tickets", &ticket, "/withdrawal");
        typed(post(
            url,
            locale,
            (ACCESS_CODE_HEADER, access_code),
            json(&body),
        ))
    }

    fn send_back(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        body: SendBack,
    ) -> ApiFuture<banshi_contract::Ticket> {
        let url = self.item_url("tickets", &ticket, "/send-back");
        typed(post(
            url,
            locale,
            (ACCESS_CODE_HEADER, access_code),
            json(&body),
        ))
    }

    fn rate(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        rating: RatingSubmission,
    ) -> ApiFuture<banshi_contract::Ticket> {
        let url = self.item_url("tickets", &ticket, "/rating");
        typed(post(
            url,
            locale,
            (ACCESS_CODE_HEADER, access_code),
            json(&rating),
        ))
    }

    fn halls(&self, locale: Locale) -> ApiFuture<Vec<Hall>> {
        self.get(self.url("halls", &[]), locale)
    }

    fn busy_hours(&self, locale: Locale, hall: String) -> ApiFuture<BusyHours> {
        self.get(self.item_url("halls", &hall, "/busy-hours"), locale)
    }

    fn watch_hall(
        &self,
        locale: Locale,
        id: String,
        abort: Option<web_sys::AbortSignal>,
        on_hall: Box<dyn Fn(Hall)>,
    ) -> ApiFuture<StreamEnd> {
        let url = self.item_url("halls", &id, "/events");
        Box::pin(async move {
            read_event_stream(&url, locale, &[], abort.as_ref(), &|event| {
                if event.name == "hall"
                    && let Ok(hall) = serde_json::from_str::<Hall>(&event.data)
                {
                    on_hall(hall);
                }
            })
            .await
        })
    }

    fn take_number(
        &self,
        locale: Locale,
        hall: String,
        line: String,
        phone: Option<String>,
        kiosk_token: Option<String>,
    ) -> ApiFuture<QueueNumber> {
        let url = self.item_url(
            "halls",
            &hall,
            &format!("/lines/{}/numbers", percent_encode(&line)),
        );
        let body = json(&TakeNumber { phone });
        typed(send_with(
            "POST",
            url,
            locale,
            (KIOSK_TOKEN_HEADER, kiosk_token.unwrap_or_default()),
            Some(body),
        ))
    }

    fn queue_number(
        &self,
        locale: Locale,
        hall: String,
        number: String,
        token: String,
    ) -> ApiFuture<QueueNumber> {
        let url = self.number_url(&hall, &number, "");
        typed(send(url, locale, vec![(QUEUE_TOKEN_HEADER, token)]))
    }

    fn number_action(
        &self,
        locale: Locale,
        hall: String,
        number: String,
        token: String,
        action: NumberAction,
    ) -> ApiFuture<QueueNumber> {
        let rest = match action {
            NumberAction::Cancel => "/cancellation",
            NumberAction::Return => "/return",
        };
        let url = self.number_url(&hall, &number, rest);
        typed(post(
            url,
            locale,
            (QUEUE_TOKEN_HEADER, token),
            String::new(),
        ))
    }

    fn slots(&self, locale: Locale, hall: String, line: String) -> ApiFuture<SlotDays> {
        let url = self.item_url(
            "halls",
            &hall,
            &format!("/lines/{}/slots", percent_encode(&line)),
        );
        typed(send(url, locale, Vec::new()))
    }

    fn send_phone_code(
        &self,
        locale: Locale,
        hall: String,
        phone: String,
    ) -> ApiFuture<PhoneCodeSent> {
        let url = self.item_url("halls", &hall, "/phone-codes");
        let body = json(&PhoneCodeRequest { phone });
        typed(post_json(url, locale, body))
    }

    fn book(&self, locale: Locale, hall: String, booking: NewBooking) -> ApiFuture<Booking> {
        let url = self.item_url("halls", &hall, "/bookings");
        typed(post_json(url, locale, json(&booking)))
    }

    fn booking(
        &self,
        locale: Locale,
        hall: String,
        reference: String,
        token: String,
    ) -> ApiFuture<Booking> {
        let url = self.item_url(
            "halls",
            &hall,
            &format!("/bookings/{}", percent_encode(&reference)),
        );
        typed(send(url, locale, vec![(QUEUE_TOKEN_HEADER, token)]))
    }

    fn cancel_booking(
        &self,
        locale: Locale,
        hall: String,
        reference: String,
        token: String,
    ) -> ApiFuture<Booking> {
        let url = self.item_url(
            "halls",
            &hall,
            &format!("/bookings/{}/cancellation", percent_encode(&reference)),
        );
        typed(post(
            url,
            locale,
            (QUEUE_TOKEN_HEADER, token),
            String::new(),
        ))
    }

    fn check_in(
        &self,
        locale: Locale,
        hall: String,
        reference: String,
        credential: CheckInCredential,
    ) -> ApiFuture<QueueNumber> {
        let url = self.item_url(
            "halls",
            &hall,
            &format!("/bookings/{}/check-in", percent_encode(&reference)),
        );
        let header = match credential {
            CheckInCredential::Booking(token) => (QUEUE_TOKEN_HEADER, token),
            CheckInCredential::Kiosk(token) => (KIOSK_TOKEN_HEADER, token),
        };
        typed(post(url, locale, header, String::new()))
    }

    fn appeal(
        &self,
        locale: Locale,
        hall: String,
        appeal: AppealSubmission,
    ) -> ApiFuture<BookingAppeal> {
        let url = self.item_url("halls", &hall, "/booking-appeals");
        typed(post_json(url, locale, json(&appeal)))
    }

    fn rate_visit(
        &self,
        locale: Locale,
        hall: String,
        number: String,
        token: String,
        rating: RatingSubmission,
    ) -> ApiFuture<QueueNumber> {
        let url = self.number_url(&hall, &number, "/rating");
        typed(post(
            url,
            locale,
            (QUEUE_TOKEN_HEADER, token),
            json(&rating),
        ))
    }

    fn staff_session(&self, locale: Locale) -> ApiFuture<StaffSession> {
        self.session_call("GET", self.url("staff/session", &[]), locale, None)
    }

    fn sign_in(&self, locale: Locale, body: SignIn) -> ApiFuture<StaffSession> {
        self.session_call(
            "POST",
            self.url("staff/session", &[]),
            locale,
            Some(json(&body)),
        )
    }

    fn sign_out(&self, locale: Locale) -> ApiFuture<()> {
        let pending = self.staff_call("DELETE", self.url("staff/session", &[]), locale, None);
        let csrf = self.csrf.clone();
        Box::pin(async move {
            let reply = pending.await?;
            if !(200..300).contains(&reply.status) {
                return Err(problem(reply));
            }
            if let Ok(mut kept) = csrf.lock() {
                kept.clear();
            }
            Ok(())
        })
    }

    fn change_password(&self, locale: Locale, body: PasswordChange) -> ApiFuture<StaffSession> {
        self.session_call(
            "POST",
            self.url("staff/password", &[]),
            locale,
            Some(json(&body)),
        )
    }

    fn staff_tickets(&self, locale: Locale, query: InboxQuery) -> ApiFuture<InboxPage> {
        let url = self.url(
            "staff/tickets",
            &[
                ("status", query.status.map(|s| s.as_str().to_owned())),
                ("category", query.category),
                ("service", query.service),
                ("assignee", query.assignee),
                (
                    "due",
                    query.due.map(|d| match d {
                        DueFilter::Soon => "soon".to_owned(),
                        DueFilter::Overdue => "overdue".to_owned(),
                    }),
                ),
                ("replied", query.replied.map(|r| r.to_string())),
                ("kind", query.kind.map(|k| k.as_str().to_owned())),
                ("q", query.q),
                ("limit", query.limit.map(|l| l.to_string())),
                ("after", query.after),
            ],
        );
        typed(self.staff_call("GET", url, locale, None))
    }

    fn staff_case(&self, locale: Locale, ticket: String) -> ApiFuture<StaffCase> {
        let url = self.item_url("staff/tickets", &ticket, "");
        typed(self.staff_call("GET", url, locale, None))
    }

    fn change_status(
        &self,
        locale: Locale,
        ticket: String,
        body: StatusChange,
    ) -> ApiFuture<StaffCase> {
        let url = self.item_url("staff/tickets", &ticket, "/status");
        typed(self.staff_call("POST", url, locale, Some(json(&body))))
    }

    fn add_note(&self, locale: Locale, ticket: String, body: CaseNote) -> ApiFuture<StaffCase> {
        let url = self.item_url("staff/tickets", &ticket, "/notes");
        typed(self.staff_call("POST", url, locale, Some(json(&body))))
    }

    fn assign(&self, locale: Locale, ticket: String, body: Assignment) -> ApiFuture<StaffCase> {
        let url = self.item_url("staff/tickets", &ticket, "/assignment");
        typed(self.staff_call("POST", url, locale, Some(json(&body))))
    }

    fn reissue_access_code(
        &self,
        locale: Locale,
        ticket: String,
        body: AccessCodeReissue,
    ) -> ApiFuture<NewAccessCode> {
        let url = self.item_url("staff/tickets", &ticket, "/access-code");
        typed(self.staff_call("POST", url, locale, Some(json(&body))))
    }

    fn demonstrate(
        &self,
        locale: Locale,
        ticket: String,
        body: Demonstration,
    ) -> ApiFuture<StaffCase> {
        let url = self.item_url("staff/tickets", &ticket, "/demonstration");
        typed(self.staff_call("POST", url, locale, Some(json(&body))))
    }

    fn reset_demo(&self, locale: Locale) -> ApiFuture<DemoReset> {
        typed(self.staff_call("POST", self.url("staff/demo/reset", &[]), locale, None))
    }

    fn staff_accounts(&self, locale: Locale) -> ApiFuture<Vec<StaffAccount>> {
        typed(self.staff_call("GET", self.url("staff/accounts", &[]), locale, None))
    }

    fn add_account(&self, locale: Locale, body: NewAccount) -> ApiFuture<OneTimePassword> {
        typed(self.staff_call(
            "POST",
            self.url("staff/accounts", &[]),
            locale,
            Some(json(&body)),
        ))
    }

    fn change_account(
        &self,
        locale: Locale,
        name: String,
        body: AccountChange,
    ) -> ApiFuture<StaffAccount> {
        let url = self.item_url("staff/accounts", &name, "");
        typed(self.staff_call("PATCH", url, locale, Some(json(&body))))
    }

    fn reset_password(&self, locale: Locale, name: String) -> ApiFuture<OneTimePassword> {
        let url = self.item_url("staff/accounts", &name, "/password-reset");
        typed(self.staff_call("POST", url, locale, None))
    }

    fn account_tokens(&self, locale: Locale, name: String) -> ApiFuture<Vec<ApiToken>> {
        let url = self.item_url("staff/accounts", &name, "/tokens");
        typed(self.staff_call("GET", url, locale, None))
    }

    fn revoke_token(&self, locale: Locale, id: i64) -> ApiFuture<ApiToken> {
        let url = self.url(&format!("staff/tokens/{id}/revoke"), &[]);
        typed(self.staff_call("POST", url, locale, None))
    }

    fn audit(&self, locale: Locale, query: AuditQuery) -> ApiFuture<Vec<AuditEntry>> {
        let url = self.url(
            "staff/audit",
            &[
                ("actor", query.actor),
                ("action", query.action),
                ("since", query.since),
                ("until", query.until),
                ("before", query.before.map(|b| b.to_string())),
            ],
        );
        typed(self.staff_call("GET", url, locale, None))
    }

    fn create_kiosk_enrolment(
        &self,
        locale: Locale,
        body: NewKioskEnrolment,
    ) -> ApiFuture<KioskEnrolment> {
        typed(self.staff_call(
            "POST",
            self.url("staff/kiosk-enrolments", &[]),
            locale,
            Some(json(&body)),
        ))
    }

    fn kiosks(&self, locale: Locale) -> ApiFuture<Vec<Kiosk>> {
        typed(self.staff_call("GET", self.url("staff/kiosks", &[]), locale, None))
    }

    fn rate_rework(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        rating: RatingSubmission,
    ) -> ApiFuture<banshi_contract::Ticket> {
        let url = self.item_url("tickets", &ticket, "/rework/rating");
        typed(post(
            url,
            locale,
            (ACCESS_CODE_HEADER, access_code),
            json(&rating),
        ))
    }

    fn rework_step(
        &self,
        locale: Locale,
        ticket: String,
        body: banshi_contract::ReworkStep,
    ) -> ApiFuture<StaffCase> {
        let url = self.item_url("staff/tickets", &ticket, "/rework");
        typed(self.staff_call("POST", url, locale, Some(json(&body))))
    }

    fn rule_rating(
        &self,
        locale: Locale,
        ticket: String,
        body: banshi_contract::RatingRuling,
    ) -> ApiFuture<StaffCase> {
        let url = self.item_url("staff/tickets", &ticket, "/rating/ruling");
        typed(self.staff_call("POST", url, locale, Some(json(&body))))
    }

    fn bad_ratings(&self, locale: Locale) -> ApiFuture<banshi_contract::BadRatingLedger> {
        typed(self.staff_call("GET", self.url("staff/bad-ratings", &[]), locale, None))
    }

    fn stats(
        &self,
        locale: Locale,
        from: Option<String>,
        to: Option<String>,
    ) -> ApiFuture<banshi_contract::Stats> {
        self.get(self.url("stats", &[("from", from), ("to", to)]), locale)
    }

    fn staff_stats(
        &self,
        locale: Locale,
        from: Option<String>,
        to: Option<String>,
    ) -> ApiFuture<banshi_contract::Stats> {
        let url = self.url("staff/stats", &[("from", from), ("to", to)]);
        typed(self.staff_call("GET", url, locale, None))
    }

    fn confirm_help(
        &self,
        locale: Locale,
        ticket: String,
        body: banshi_contract::HelpConfirmation,
    ) -> ApiFuture<StaffCase> {
        let url = self.item_url("staff/tickets", &ticket, "/help");
        typed(self.staff_call("POST", url, locale, Some(json(&body))))
    }

    fn helpers(&self, locale: Locale) -> ApiFuture<Vec<banshi_contract::Helper>> {
        typed(self.staff_call("GET", self.url("staff/helpers", &[]), locale, None))
    }

    fn add_helper(
        &self,
        locale: Locale,
        body: banshi_contract::HelperRecord,
    ) -> ApiFuture<banshi_contract::Helper> {
        let url = self.url("staff/helpers", &[]);
        typed(self.staff_call("POST", url, locale, Some(json(&body))))
    }

    fn change_helper(
        &self,
        locale: Locale,
        id: i64,
        body: banshi_contract::HelperRecord,
    ) -> ApiFuture<banshi_contract::Helper> {
        let url = self.url(&format!("staff/helpers/{id}"), &[]);
        typed(self.staff_call("PATCH", url, locale, Some(json(&body))))
    }

    fn revoke_kiosk(&self, locale: Locale, id: i64) -> ApiFuture<Kiosk> {
        let url = self.url(&format!("staff/kiosks/{id}/revoke"), &[]);
        typed(self.staff_call("POST", url, locale, None))
    }

    fn call_next(
        &self,
        locale: Locale,
        hall: String,
        window: u32,
        lines: Vec<String>,
    ) -> ApiFuture<QueueNumber> {
        let url = self.url(
            &format!(
                "staff/halls/{}/windows/{window}/call",
                percent_encode(&hall)
            ),
            &[],
        );
        let body = json(&banshi_contract::CallNext { lines });
        typed(self.staff_call("POST", url, locale, Some(body)))
    }

    fn clerk_action(
        &self,
        locale: Locale,
        hall: String,
        number: String,
        action: banshi_contract::ClerkAction,
    ) -> ApiFuture<QueueNumber> {
        let url = self.staff_number_url(&hall, &number);
        typed(self.staff_call("POST", url, locale, Some(json(&action))))
    }

    fn staff_number(&self, locale: Locale, hall: String, number: String) -> ApiFuture<QueueNumber> {
        let url = self.staff_number_url(&hall, &number);
        typed(self.staff_call("GET", url, locale, None))
    }

    fn pause_window(
        &self,
        locale: Locale,
        hall: String,
        window: u32,
        paused: bool,
    ) -> ApiFuture<banshi_contract::WindowPause> {
        let url = self.url(
            &format!(
                "staff/halls/{}/windows/{window}/pause",
                percent_encode(&hall)
            ),
            &[],
        );
        let body = json(&banshi_contract::WindowPause { paused });
        typed(self.staff_call("POST", url, locale, Some(body)))
    }

    fn booking_appeals(&self, locale: Locale) -> ApiFuture<Vec<BookingAppeal>> {
        typed(self.staff_call("GET", self.url("staff/booking-appeals", &[]), locale, None))
    }

    fn decide_appeal(&self, locale: Locale, id: u64, grant: bool) -> ApiFuture<BookingAppeal> {
        let url = self.url(&format!("staff/booking-appeals/{id}"), &[]);
        let body = json(&banshi_contract::AppealDecision { grant });
        typed(self.staff_call("POST", url, locale, Some(body)))
    }

    fn close_slot(
        &self,
        locale: Locale,
        hall: String,
        slot: SlotClosure,
    ) -> ApiFuture<banshi_contract::ClosedSlot> {
        let url = self.url(
            &format!("staff/halls/{}/slot-closures", percent_encode(&hall)),
            &[],
        );
        typed(self.staff_call("POST", url, locale, Some(json(&slot))))
    }

    fn enrol_kiosk(&self, locale: Locale, body: KioskEnrol) -> ApiFuture<EnrolledKiosk> {
        typed(self.staff_call("POST", self.url("kiosks", &[]), locale, Some(json(&body))))
    }
}
