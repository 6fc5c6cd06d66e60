//! The confirmation page: reference number, access code, what happens next and by when.

use leptos::prelude::*;

use crate::components::{CarryTicket, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::format::local_minutes;
use crate::my_tickets::use_my_tickets;

/// `/done/{ticket}`; the receipt comes from this device's remembered tickets.
#[component]
pub fn DonePage(ticket: String) -> impl IntoView {
    let lang = use_lang();
    let tickets = use_my_tickets();
    let saved = move || {
        tickets.with(|t| {
            t.0.iter()
                .find(|s| s.ticket.eq_ignore_ascii_case(&ticket))
                .cloned()
        })
    };
    view! {
        {move || match saved() {
            Some(saved) => {
                let expected = local_minutes(&saved.expected_datetime);
                view! {
                    <div class="app-panel">
                        <PageHeading text=Signal::derive(move || lang.t(Key::DoneTitle).to_owned())/>
                        <p class="app-panel__body">{tr(Key::DoneReference)}<br/><strong class="app-panel__ref">{saved.ticket.clone()}</strong></p>
                        <p class="app-panel__body">{tr(Key::DoneAccessCode)}<br/><strong class="app-panel__code">{saved.access_code.clone()}</strong></p>
                    </div>
                    <p class="app-body"><crate::kiosk::KioskText standard=Key::DoneKeepCode kiosk=Key::KioskDoneKeepCode/></p>
                    <h2 class="app-heading-l">{tr(Key::DoneNextTitle)}</h2>
                    <p class="app-body">{move || lang.t_with(Key::DoneNextBody, &[("date", &expected)])}</p>
                    <p class="app-body">{tr(Key::DoneRateLater)}</p>
                    <p class="app-body"><a href=format!("/track/{}", saved.ticket)>{tr(Key::DoneTrackLink)}</a></p>
                    <CarryTicket ticket=saved.ticket.clone() access_code=saved.access_code.clone()/>
                }.into_any()
            }
            None => view! {
                <PageHeading text=Signal::derive(move || lang.t(Key::DoneMissingTitle).to_owned())/>
                <p class="app-body">{tr(Key::DoneMissingBody)}</p>
                <p class="app-body"><a href="/track">{tr(Key::HomeTrackLink)}</a></p>
            }.into_any(),
        }}
    }
}
