//! A QR code drawn as SVG, with an accessible name saying what it opens. In a split build the
//! encoder is a module of its own (`qr_encoder`), preloaded from the pages that lead to one
//! showing a code, so those pages do not carry it.

use leptos::prelude::*;

use crate::model::qr::QrMatrix;
use crate::split::split_point;

split_point! {
    /// The SVG drawing of the code for `payload` (empty if it is too long for any QR code).
    pub(crate) fn qr_svg(payload: String) -> String, in qr_encoder, preload preload_qr_encoder {
        QrMatrix::encode(&payload).map(|m| m.svg()).unwrap_or_default()
    }
}

/// The code for `payload`; `label` is what assistive technology announces. `class` sets its
/// printed or on-screen size, which is kept while the drawing arrives.
#[component]
pub fn QrImage(
    payload: String,
    #[prop(into)] label: Signal<String>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let svg = RwSignal::new(String::new());
    leptos::task::spawn_local({
        let payload = payload.clone();
        async move {
            if let Ok(drawing) = qr_svg(payload).await {
                svg.try_set(drawing);
            }
        }
    });
    view! {
        <div class=format!("app-qr {class}") role="img" aria-label=move || label.get() data-payload=payload inner_html=move || svg.get()></div>
    }
}
