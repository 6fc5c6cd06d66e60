//! `/staff/kiosks`: a supervisor makes a single-use enrolment link (and its QR code) for a
//! hall's terminal, sees the enrolled kiosks and revokes them.

use banshi_contract::staff::label_error;
use banshi_contract::{FieldErrorCode, KioskEnrolment, NewKioskEnrolment};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Backend, use_backend};
use crate::components::{ApiErrorView, ErrorSummary, Loading, PageHeading, QrImage, SummaryItem};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::model::format::local_minutes;

use super::form::{RevokeCell, TextInput, error_for, item, problem_items};
use super::frame::{SUPERVISORS, StaffFrame};

/// `/staff/kiosks`.
#[component]
pub fn StaffKiosksPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::StaffKiosksTitle).to_owned())/>
        <StaffFrame roles=SUPERVISORS page=move |_| view! { <Kiosks/> }/>
    }
}

/// The address a terminal opens to enrol: the code in the fragment, which no server sees.
fn enrolment_link(code: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}/kiosk/enrol#code={code}")
}

#[component]
fn Kiosks() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let halls = {
        let backend = backend.clone();
        Load::new(move || backend.halls(lang.locale()))
    };
    let kiosks = {
        let backend = backend.clone();
        Load::new(move || backend.kiosks(lang.locale()))
    };
    let hall = RwSignal::new(String::new());
    let label = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<SummaryItem>::new());
    let made = RwSignal::new(None::<KioskEnrolment>);
    let failed = RwSignal::new(None::<Key>);
    let on_submit = {
        let backend = backend.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let body = NewKioskEnrolment {
                hall_id: hall.get_untracked(),
                label: label.get_untracked().trim().to_owned(),
            };
            let mut problems = Vec::new();
            if body.hall_id.is_empty() {
                problems.push(item(
                    lang,
                    "hall",
                    "hall_id",
                    Key::StaffHall,
                    FieldErrorCode::Required,
                ));
            }
            if let Some(code) = label_error(&body.label) {
                problems.push(item(
                    lang,
                    "kiosk-label",
                    "label",
                    Key::StaffKioskLabel,
                    code,
                ));
            }
            let invalid = !problems.is_empty();
            items.set(problems);
            if invalid {
                return;
            }
            let backend = backend.clone();
            spawn_local(async move {
                match backend
                    .create_kiosk_enrolment(lang.locale_untracked(), body)
                    .await
                {
                    Ok(enrolment) => {
                        label.set(String::new());
                        made.set(Some(enrolment));
                    }
                    Err(error) => items.set(problem_items(
                        lang,
                        &error,
                        &[("hall_id", "hall"), ("label", "kiosk-label")],
                    )),
                }
            });
        }
    };
    view! {
        {move || made.get().map(|m| {
            let link = enrolment_link(&m.code);
            view! {
                <div class="app-inset" role="status">
                    <h2 class="app-heading-m">{tr(Key::StaffEnrolmentReady)}</h2>
                    <p class="app-body">{move || lang.t_with(Key::StaffEnrolmentNote, &[("until", &local_minutes(&m.expires_at))])}</p>
                    <QrImage payload=link.clone() label=Signal::derive(move || lang.t(Key::StaffEnrolmentQr).to_owned()) class="app-qr--carry"/>
                    <p class="app-body"><code id="enrolment-link">{link}</code></p>
                </div>
            }
        })}
        <h2 class="app-heading-m" id="new-kiosk">{tr(Key::StaffNewKiosk)}</h2>
        <ErrorSummary items/>
        <form class="app-form" novalidate on:submit=on_submit aria-labelledby="new-kiosk">
            {move || match halls.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Ok(list)) => {
                    let error = error_for(items, "hall");
                    view! {
                        <div class=move || if error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                            <label class="app-label" for="hall">{tr(Key::StaffHall)}</label>
                            {move || error.get().map(|m| view! { <p class="app-error-message" id="hall-error">{m}</p> })}
                            <select class="app-input" id="hall" name="hall" aria-describedby=move || error.get().is_some().then_some("hall-error")
                                on:change=move |e| hall.set(event_target_value(&e))>
                                <option value="" selected=true>{tr(Key::StaffChooseHall)}</option>
                                {list.into_iter().map(|h| view! { <option value=h.id.clone()>{h.name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                    }.into_any()
                }
                Some(Err(error)) => view! { <ApiErrorView error retry=move |_| halls.refetch()/> }.into_any(),
            }}
            <TextInput id="kiosk-label" label=Key::StaffKioskLabel hint=Key::StaffKioskLabelHint value=label error=error_for(items, "kiosk-label")/>
            <button type="submit" class="app-button">{tr(Key::StaffCreateEnrolment)}</button>
        </form>
        <h2 class="app-heading-m">{tr(Key::StaffEnrolledKiosks)}</h2>
        {move || failed.get().map(|key| view! { <p class="app-notice app-notice--error" role="alert">{tr(key)}</p> })}
        {move || match kiosks.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="app-body">{tr(Key::StaffNoKiosks)}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <table class="app-table">
                    <thead><tr>
                        <th scope="col">{tr(Key::StaffHall)}</th>
                        <th scope="col">{tr(Key::StaffKioskLabel)}</th>
                        <th scope="col">{tr(Key::StaffKioskEnrolledAt)}</th>
                        <th scope="col">{tr(Key::StaffState)}</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|k| {
                            let backend = backend.clone();
                            let (id, label) = (k.id, k.label.clone());
                            view! {
                                <tr>
                                    <td>{k.hall_id.clone()}</td>
                                    <td>{k.label.clone()}</td>
                                    <td>{local_minutes(&k.enrolled_at)}</td>
                                    <td><RevokeCell revoked_at=k.revoked_at label named=Key::StaffRevokeKioskNamed failed
                                        done=Callback::new(move |()| kiosks.refetch())
                                        revoke=move || {
                                            let pending = backend.revoke_kiosk(lang.locale_untracked(), id);
                                            Box::pin(async move { pending.await.map(drop) })
                                        }/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
            Some(Err(error)) => view! { <ApiErrorView error retry=move |_| kiosks.refetch()/> }.into_any(),
        }}
    }
}
