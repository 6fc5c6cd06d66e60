//! `/kiosk/enrol#code=…`: the terminal that opens an enrolment link becomes one of a hall's
//! kiosks. The code is taken out of the address bar at once; the device token is kept in
//! this device's storage.

use banshi_contract::{EnrolledKiosk, KioskEnrol};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Backend, use_backend};
use crate::browser::take_fragment_value;
use crate::components::{Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};

use super::form::staff_error_key;

/// `/kiosk/enrol`.
#[component]
pub fn KioskEnrolPage() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let outcome = RwSignal::new(None::<Result<EnrolledKiosk, Key>>);
    match take_fragment_value("code") {
        Some(code) => spawn_local(async move {
            let result = backend
                .enrol_kiosk(lang.locale_untracked(), KioskEnrol { code })
                .await;
            outcome.set(Some(match result {
                Ok(enrolled) => {
                    crate::storage::save(crate::storage::KIOSK_KEY, &enrolled);
                    Ok(enrolled)
                }
                Err(error) => Err(match &error {
                    crate::api::ApiError::Problem(p) if p.status == 404 => Key::KioskEnrolInvalid,
                    other => staff_error_key(other),
                }),
            }));
        }),
        None => outcome.set(Some(Err(Key::KioskEnrolInvalid))),
    }
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::KioskEnrolTitle).to_owned())/>
        {move || match outcome.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(enrolled)) => view! {
                <div class="app-panel" role="status">
                    <p class="app-panel__body">{move || lang.t_with(Key::KioskEnrolDone, &[("hall", &enrolled.kiosk.hall_id), ("label", &enrolled.kiosk.label)])}</p>
                </div>
                <p class="app-body"><a href="/">{tr(Key::KioskEnrolStart)}</a></p>
            }.into_any(),
            Some(Err(key)) => view! { <p class="app-notice app-notice--error" role="alert">{tr(key)}</p> }.into_any(),
        }}
    }
}
