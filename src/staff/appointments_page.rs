//! `/staff/appointments`: clerks and supervisors close an appointment slot (a window falls
//! ill, the hall closes early), and everyone booked in it is told by SMS; supervisors decide
//! the appeals of phones suspended for missed bookings.

use banshi_contract::{AppealOutcome, BookingAppeal, Hall, SlotClosure, SlotDays, StaffRole};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Backend, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::model::format::local_minutes;

use super::form::staff_error_key;
use super::frame::{COUNTER_ROLES, StaffFrame};

/// `/staff/appointments`.
#[component]
pub fn StaffAppointmentsPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::StaffAppointmentsTitle).to_owned())/>
        <StaffFrame roles=COUNTER_ROLES page=move |session| {
            let supervisor = session.account.role == StaffRole::Supervisor;
            view! {
                <CloseSlots/>
                {supervisor.then(|| view! { <Appeals/> })}
            }
        }/>
    }
}

/// Choosing a slot of a line and closing it.
#[component]
fn CloseSlots() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let halls = {
        let backend = backend.clone();
        Load::new(move || backend.halls(lang.locale()))
    };
    move || match halls.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => {
            view! { <ApiErrorView error retry=move |_| halls.refetch()/> }.into_any()
        }
        Some(Ok(list)) => match list.into_iter().next() {
            Some(hall) => view! { <CloseSlotForm hall/> }.into_any(),
            None => ().into_any(),
        },
    }
}

#[component]
fn CloseSlotForm(hall: Hall) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let line = RwSignal::new(
        hall.lines
            .first()
            .map(|l| l.code.clone())
            .unwrap_or_default(),
    );
    let hall_id = StoredValue::new(hall.id.clone());
    let slots = {
        let backend = backend.clone();
        Load::new(move || backend.slots(lang.locale(), hall_id.get_value(), line.get()))
    };
    let said = RwSignal::new(None::<String>);
    let failed = RwSignal::new(None::<Key>);
    let close = Callback::new(move |(date, starts): (String, String)| {
        let backend = backend.clone();
        let slot = SlotClosure {
            line: line.get_untracked(),
            date: date.clone(),
            starts: starts.clone(),
        };
        spawn_local(async move {
            match backend
                .close_slot(lang.locale_untracked(), hall_id.get_value(), slot)
                .await
            {
                Ok(closed) => {
                    failed.try_set(None);
                    said.try_set(Some(lang.t_with(
                        Key::StaffSlotClosedDone,
                        &[
                            ("date", &date),
                            ("starts", &starts),
                            ("told", &closed.told.to_string()),
                        ],
                    )));
                    slots.refetch();
                }
                Err(error) => {
                    failed.try_set(Some(staff_error_key(&error)));
                }
            }
        });
    });
    let options = hall
        .lines
        .iter()
        .map(
            |l| view! { <option value=l.code.clone()>{crate::model::hall::line_label(l)}</option> },
        )
        .collect_view();
    view! {
        <section class="app-section" aria-labelledby="close-slots-title">
            <h2 class="app-heading-l" id="close-slots-title">{tr(Key::StaffSlotsTitle)}</h2>
            <p class="app-body">{tr(Key::StaffSlotsIntro)}</p>
            <div class="app-form-group">
                <label class="app-label" for="slots-line">{tr(Key::HallLine)}</label>
                <select class="app-select" id="slots-line" prop:value=move || line.get()
                    on:change=move |e| line.set(event_target_value(&e))>{options}</select>
            </div>
            <div role="status" id="slots-said">
                {move || said.get().map(|text| view! { <p class="app-panel">{text}</p> })}
            </div>
            {move || failed.get().map(|key| view! { <p class="app-notice app-notice--error" role="alert">{tr(key)}</p> })}
            {move || match slots.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(ApiError::Problem(p))) if p.status == 404 => view! {
                    <p class="app-body">{tr(Key::StaffSlotsNone)}</p>
                }.into_any(),
                Some(Err(error)) => view! { <ApiErrorView error retry=move |_| slots.refetch()/> }.into_any(),
                Some(Ok(days)) => view! { <SlotTable days close/> }.into_any(),
            }}
        </section>
    }
}

/// Each bookable day's slots with their bookings, and a button to close each open one.
#[component]
fn SlotTable(days: SlotDays, close: Callback<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let asking = RwSignal::new(None::<(String, String)>);
    days.days
        .into_iter()
        .map(|day| {
            let date = day.date.clone();
            let rows = day
                .slots
                .into_iter()
                .map(|slot| {
                    let key = (date.clone(), slot.starts.clone());
                    let named = format!("{} {}–{}", date, slot.starts, slot.ends);
                    let booked = slot.capacity - slot.left.min(slot.capacity);
                    let booked = if slot.closed { 0 } else { booked };
                    let action = if slot.closed {
                        view! { <span>{tr(Key::StaffSlotClosed)}</span> }.into_any()
                    } else {
                        let (ask, confirm) = (key.clone(), key.clone());
                        let (named_ask, named_yes) = (named.clone(), named.clone());
                        view! {
                            {move || if asking.get().as_ref() == Some(&ask) {
                                let confirm = confirm.clone();
                                let named = named_yes.clone();
                                view! {
                                    <button type="button" class="app-button app-button--warning"
                                        aria-label=move || lang.t_with(Key::StaffSlotCloseYesNamed, &[("slot", &named)])
                                        on:click=move |_| { asking.set(None); close.run(confirm.clone()); }>
                                        {tr(Key::StaffSlotCloseYes)}
                                    </button>
                                    " "
                                    <button type="button" class="app-button app-button--secondary" on:click=move |_| asking.set(None)>
                                        {tr(Key::StaffSlotCloseNo)}
                                    </button>
                                }.into_any()
                            } else {
                                let ask = ask.clone();
                                let named = named_ask.clone();
                                view! {
                                    <button type="button" class="app-button app-button--secondary"
                                        aria-label=move || lang.t_with(Key::StaffSlotCloseNamed, &[("slot", &named)])
                                        on:click=move |_| asking.set(Some(ask.clone()))>
                                        {tr(Key::StaffSlotClose)}
                                    </button>
                                }.into_any()
                            }}
                        }
                        .into_any()
                    };
                    view! {
                        <tr>
                            <th scope="row">{format!("{}–{}", slot.starts, slot.ends)}</th>
                            <td>{format!("{booked} / {}", slot.capacity)}</td>
                            <td>{action}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="app-table">
                    <caption class="app-table__caption">{date.clone()}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr(Key::StaffSlotTime)}</th>
                            <th scope="col">{tr(Key::StaffSlotBooked)}</th>
                            <th scope="col">{tr(Key::StaffSlotAction)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
        .collect_view()
}

/// The appeals of suspended phones, pending first, each decided once.
#[component]
fn Appeals() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let appeals = {
        let backend = backend.clone();
        Load::new(move || backend.booking_appeals(lang.locale()))
    };
    let failed = RwSignal::new(None::<Key>);
    let decide = Callback::new(move |(id, grant): (u64, bool)| {
        let backend = backend.clone();
        spawn_local(async move {
            match backend
                .decide_appeal(lang.locale_untracked(), id, grant)
                .await
            {
                Ok(_) => {
                    failed.try_set(None);
                    appeals.refetch();
                }
                Err(error) => {
                    failed.try_set(Some(staff_error_key(&error)));
                }
            }
        });
    });
    view! {
        <section class="app-section" aria-labelledby="appeals-title">
            <h2 class="app-heading-l" id="appeals-title">{tr(Key::StaffAppealsTitle)}</h2>
            <p class="app-body">{tr(Key::StaffAppealsIntro)}</p>
            {move || failed.get().map(|key| view! { <p class="app-notice app-notice--error" role="alert">{tr(key)}</p> })}
            {move || match appeals.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ApiErrorView error retry=move |_| appeals.refetch()/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="app-body">{tr(Key::StaffAppealsNone)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="app-table" id="appeals">
                        <caption class="app-visually-hidden">{tr(Key::StaffAppealsTitle)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{tr(Key::StaffAppealsPhone)}</th>
                                <th scope="col">{tr(Key::StaffAppealsMissed)}</th>
                                <th scope="col">{tr(Key::StaffAppealsReason)}</th>
                                <th scope="col">{tr(Key::StaffAppealsFiled)}</th>
                                <th scope="col">{tr(Key::StaffAppealsOutcome)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|appeal| view! { <AppealRow appeal decide/> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn AppealRow(appeal: BookingAppeal, decide: Callback<(u64, bool)>) -> impl IntoView {
    let lang = use_lang();
    let id = appeal.id;
    let ending = appeal.phone_ending.clone();
    let (ending_grant, ending_refuse) = (ending.clone(), ending.clone());
    let outcome = match appeal.outcome {
        AppealOutcome::Pending => view! {
            <button type="button" class="app-button"
                aria-label=move || lang.t_with(Key::StaffAppealGrantNamed, &[("ending", &ending_grant)])
                on:click=move |_| decide.run((id, true))>{tr(Key::StaffAppealGrant)}</button>
            " "
            <button type="button" class="app-button app-button--secondary"
                aria-label=move || lang.t_with(Key::StaffAppealRefuseNamed, &[("ending", &ending_refuse)])
                on:click=move |_| decide.run((id, false))>{tr(Key::StaffAppealRefuse)}</button>
        }
        .into_any(),
        AppealOutcome::Granted => view! { <span>{tr(Key::StaffAppealGranted)}</span> }.into_any(),
        _ => view! { <span>{tr(Key::StaffAppealRefused)}</span> }.into_any(),
    };
    let suspended = local_minutes(&appeal.suspended_until);
    view! {
        <tr>
            <td>{move || lang.t_with(Key::StaffPhoneEnding, &[("ending", &ending)])}</td>
            <td>{move || lang.t_with(Key::StaffAppealsMissedUntil, &[("missed", &appeal.missed.to_string()), ("until", &suspended)])}</td>
            <td>{appeal.reason.clone()}</td>
            <td>{local_minutes(&appeal.filed_at)}</td>
            <td>{outcome}</td>
        </tr>
    }
}
