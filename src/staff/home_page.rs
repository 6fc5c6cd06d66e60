//! `/staff`: the staff start page: what the account may do, and for case handlers the
//! most recently changed cases they can see.

use banshi_contract::StaffRole;
use leptos::prelude::*;

use crate::api::{Backend, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::model::format::local_minutes;
use crate::pages::status_key;

use super::frame::{ANY_ROLE, StaffFrame};

/// `/staff`.
#[component]
pub fn StaffHomePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::StaffHomeTitle).to_owned())/>
        <StaffFrame roles=ANY_ROLE page=move |session| {
            let handles_cases = session.account.role != StaffRole::Clerk;
            view! {
                <p class="app-body">{tr(match session.account.role {
                    StaffRole::Clerk => Key::StaffHomeClerk,
                    StaffRole::Officer => Key::StaffHomeOfficer,
                    StaffRole::Supervisor => Key::StaffHomeSupervisor,
                })}</p>
                {handles_cases.then(|| view! { <RecentCases/> })}
            }
        }/>
    }
}

#[component]
fn RecentCases() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let tickets = Load::new(move || backend.staff_tickets(lang.locale()));
    view! {
        <h2 class="app-heading-m">{tr(Key::StaffRecentCases)}</h2>
        {move || match tickets.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="app-body">{tr(Key::StaffNoCases)}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <table class="app-table">
                    <thead><tr>
                        <th scope="col">{tr(Key::StaffCaseNumber)}</th>
                        <th scope="col">{tr(Key::StaffCaseService)}</th>
                        <th scope="col">{tr(Key::StaffCaseStatus)}</th>
                        <th scope="col">{tr(Key::StaffCaseUpdated)}</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|t| view! {
                            <tr>
                                <td>{t.ticket}</td>
                                <td>{t.service_name}</td>
                                <td>{tr(status_key(t.status))}</td>
                                <td>{local_minutes(&t.updated_at)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
            Some(Err(error)) => view! { <ApiErrorView error retry=move |_| tickets.refetch()/> }.into_any(),
        }}
    }
}
