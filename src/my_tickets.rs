//! Tickets submitted or looked up on this device, as app-wide state kept in `localStorage`:
//! `provide_my_tickets` / `use_my_tickets`.

use leptos::prelude::*;

use crate::model::saved::SavedTickets;
use crate::storage;

/// The remembered tickets.
#[derive(Debug, Clone, Copy)]
struct MyTickets(RwSignal<SavedTickets>);

/// Loads the remembered tickets and saves every change back.
pub fn provide_my_tickets() {
    let tickets =
        RwSignal::new(storage::load::<SavedTickets>(storage::TICKETS_KEY).unwrap_or_default());
    Effect::new(move |_| {
        tickets.with(|t| storage::save(storage::TICKETS_KEY, t));
    });
    provide_context(MyTickets(tickets));
}

/// The remembered tickets, newest first.
pub fn use_my_tickets() -> RwSignal<SavedTickets> {
    expect_context::<MyTickets>().0
}
