//! `/staff`: the staff start page: what the account may do, and for case handlers the
//! inbox of the cases they can see.

use banshi_contract::StaffRole;
use leptos::prelude::*;

use crate::components::PageHeading;
use crate::i18n::Key;
use crate::lang::{tr, use_lang};

use super::frame::{ANY_ROLE, StaffFrame};
use super::inbox::Inbox;

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
                {handles_cases.then(|| view! { <Inbox/> })}
            }
        }/>
    }
}
