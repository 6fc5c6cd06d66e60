//! A QR code drawn as SVG, with an accessible name saying what it opens. In a split build the
//! encoder is a module of its own (`qr_encoder`), fetched with the other modules after the
//! first page, so the pages that show a code do not carry it.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::model::qr::QrMatrix;

/// The encoder's module could not be fetched.
#[derive(Debug, Clone, Copy)]
pub struct EncoderMissing;

impl From<SplitLoaderError> for EncoderMissing {
    fn from(_: SplitLoaderError) -> Self {
        EncoderMissing
    }
}

/// The SVG drawing of the code for `payload` (empty if it is too long for any QR code).
#[cfg(portal_split)]
#[leptos::wasm_split::wasm_split(
    qr_encoder,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(preload_qr_encoder)
)]
pub(crate) fn qr_svg(payload: String) -> Result<String, EncoderMissing> {
    Ok(QrMatrix::encode(&payload)
        .map(|m| m.svg())
        .unwrap_or_default())
}

#[cfg(not(portal_split))]
pub(crate) async fn qr_svg(payload: String) -> Result<String, EncoderMissing> {
    Ok(QrMatrix::encode(&payload)
        .map(|m| m.svg())
        .unwrap_or_default())
}

/// Fetches the encoder ahead of need.
#[cfg(not(portal_split))]
pub(crate) async fn preload_qr_encoder() -> Result<(), SplitLoaderError> {
    Ok(())
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
