//! Server-sent event streams. `GET /v1/tickets/{ticket}/events`: a ticket's changes, for
//! clients that read it with `fetch` so the access code stays in a header.
//! `GET /v1/halls/{id}/events`: a hall's public snapshot each time its queues change. The
//! first event is the state as it is; each later one follows a change; a comment every
//! 15 s keeps proxies from closing a quiet stream, and the server ends it after 10 minutes,
//! when the client simply reconnects.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::{broadcast, mpsc};

use super::tickets::{credentials, ticket_view};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ClientIp, RequestLocale};

/// Longest a stream stays open.
const STREAM_LIFETIME: Duration = Duration::from_secs(600);
/// Quiet time after which a keep-alive comment is sent.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The `ticket` event: the ticket's contract view as JSON.
fn ticket_event(view: &banshi_contract::Ticket) -> Option<Event> {
    Event::default().event("ticket").json_data(view).ok()
}

pub async fn ticket_events(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    client: ClientIp,
    Path(ticket): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (ticket, access_hash) = credentials(&state, client, &ticket, &headers)?;
    // Subscribe before the first read, so that no change can fall between the two.
    let mut changes = state.store.subscribe();
    let stored = state
        .store
        .ticket(ticket.clone(), access_hash.clone())
        .await?;
    let mut version = stored.version;
    let first = ticket_event(&ticket_view(&state, stored, locale));
    let (sender, receiver) = mpsc::channel::<Event>(8);
    tokio::spawn(async move {
        if let Some(first) = first
            && sender.send(first).await.is_err()
        {
            return;
        }
        let deadline = tokio::time::sleep(STREAM_LIFETIME);
        tokio::pin!(deadline);
        loop {
            let changed = tokio::select! {
                () = &mut deadline => break,
                () = sender.closed() => break,
                changed = changes.recv() => changed,
            };
            match changed {
                Ok(number) if number != ticket => continue,
                // Missed notifications: read the ticket anyway.
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => break,
            }
            // A new access code ends the old one's stream.
            let Ok(stored) = state
                .store
                .ticket(ticket.clone(), access_hash.clone())
                .await
            else {
                break;
            };
            if stored.version == version {
                continue;
            }
            version = stored.version;
            let Some(event) = ticket_event(&ticket_view(&state, stored, locale)) else {
                break;
            };
            if sender.send(event).await.is_err() {
                break;
            }
        }
    });
    Ok(event_response(receiver, "private, no-store"))
}

/// The stream of the events `receiver` gets, with keep-alive comments, `cache_control`, and
/// word to buffering proxies (nginx) to pass each event on at once.
fn event_response(mut receiver: mpsc::Receiver<Event>, cache_control: &'static str) -> Response {
    let stream = futures_util::stream::poll_fn(move |cx| {
        receiver.poll_recv(cx).map(|e| e.map(Ok::<_, Infallible>))
    });
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

/// `GET /v1/halls/{id}/events`: the hall's public snapshot at once and after each change a
/// visitor would see, from the hall's shared feed (one snapshot per change for every
/// stream); a stream that falls behind gets the newest snapshot, not every one between.
pub async fn hall_events(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let hall = super::halls::find_hall(&state, &id)?;
    let mut feed = state.hall_feeds.subscribe(&state, hall, locale).await?;
    let (sender, receiver) = mpsc::channel::<Event>(2);
    tokio::spawn(async move {
        let deadline = tokio::time::sleep(STREAM_LIFETIME);
        tokio::pin!(deadline);
        loop {
            let snapshot = feed.borrow_and_update().clone();
            if sender
                .send(Event::default().event("hall").data(&*snapshot))
                .await
                .is_err()
            {
                break;
            }
            tokio::select! {
                () = &mut deadline => break,
                () = sender.closed() => break,
                changed = feed.changed() => if changed.is_err() { break },
            }
        }
    });
    Ok(event_response(receiver, "no-store"))
}
