//! Tickets submitted or looked up on this device, as app-wide state kept in `localStorage`:
//! `provide_my_tickets` / `use_my_tickets`.

use leptos::prelude::*;

use crate::model::saved::SavedTickets;
use crate::storage;

/// The remembered tickets.
#[derive(Debug, Clone, Copy)]
struct MyTickets(RwSignal<SavedTickets>);

/// Loads the remembered tickets and saves every change back. When hydrating a page the
/// server rendered (which knows nothing of this device), they are read only after
/// hydration, so the first render matches the server's markup.
pub fn provide_my_tickets(hydrating: bool) {
    let stored = || storage::load::<SavedTickets>(storage::TICKETS_KEY).unwrap_or_default();
    let tickets = RwSignal::new(if hydrating {
        SavedTickets::default()
    } else {
        stored()
    });
    Effect::new(move |before: Option<()>| {
        if hydrating && before.is_none() {
            tickets.set(stored());
            return;
        }
        tickets.with(|t| storage::save(storage::TICKETS_KEY, t));
    });
    provide_context(MyTickets(tickets));
}

/// The remembered tickets, newest first.
pub fn use_my_tickets() -> RwSignal<SavedTickets> {
    expect_context::<MyTickets>().0
}
