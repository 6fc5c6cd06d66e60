//! A QR code drawn as SVG, with an accessible name saying what it opens.

use leptos::prelude::*;

use crate::model::qr::QrMatrix;

/// The code for `payload`; `label` is what assistive technology announces. `class` sets its
/// printed or on-screen size.
#[component]
pub fn QrImage(
    payload: String,
    #[prop(into)] label: Signal<String>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let svg = QrMatrix::encode(&payload)
        .map(|m| m.svg())
        .unwrap_or_default();
    view! {
        <div class=format!("app-qr {class}") role="img" aria-label=move || label.get() data-payload=payload inner_html=svg></div>
    }
}
