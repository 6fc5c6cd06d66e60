//! "Continue on your phone": a QR code that opens this ticket on another device, so a citizen
//! at a shared kiosk can take it home. The access code rides in the URL fragment, which
//! browsers never send to a server. A kiosk also offers to print it as a receipt.

use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::qr::ticket_url;

use super::QrImage;

/// The carry-it-home code for `ticket`.
#[component]
pub fn CarryTicket(ticket: String, access_code: String) -> impl IntoView {
    let lang = use_lang();
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let payload = ticket_url(&origin, &ticket, &access_code);
    view! {
        <section class="app-carry" aria-labelledby="carry-title">
            <h2 id="carry-title" class="app-heading-m">{tr(Key::CarryTitle)}</h2>
            <p class="app-body">{tr(Key::CarryBody)}</p>
            <QrImage payload label=Signal::derive(move || lang.t(Key::CarryQrLabel).to_owned()) class="app-qr--carry"/>
            <crate::kiosk::PrintReceipt/>
        </section>
    }
}
