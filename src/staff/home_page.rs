//! `/staff`: the staff start page: what the account may do, for case handlers the inbox of
//! the cases they can see and, for a supervisor of a portal in demo mode, the demo data reset.

use banshi_contract::StaffRole;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Backend, use_backend};
use crate::components::{ErrorSummary, SummaryItem};

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
            let resets = session.demo_mode && session.account.role == StaffRole::Supervisor;
            // A new generation of the inbox after a reset reads it afresh.
            let generation = RwSignal::new(0u32);
            view! {
                <p class="app-body">{tr(match session.account.role {
                    StaffRole::Clerk => Key::StaffHomeClerk,
                    StaffRole::Officer => Key::StaffHomeOfficer,
                    StaffRole::Supervisor => Key::StaffHomeSupervisor,
                })}</p>
                {resets.then(|| view! { <DemoReset on_reset=move || generation.update(|g| *g += 1)/> })}
                {handles_cases.then_some(move || { generation.track(); view! { <Inbox/> } })}
            }
        }/>
    }
}

/// The demo data reset, behind a confirmation box.
#[component]
fn DemoReset(on_reset: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let confirmed = RwSignal::new(false);
    let items = RwSignal::new(Vec::<SummaryItem>::new());
    let done = RwSignal::new(None::<String>);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        done.set(None);
        if !confirmed.get_untracked() {
            items.set(vec![SummaryItem {
                target: Some("demo-confirm".to_owned()),
                message: lang.t(Key::StaffDemoConfirmRequired).to_owned(),
            }]);
            return;
        }
        let pending = backend.reset_demo(lang.locale_untracked());
        let on_reset = on_reset.clone();
        spawn_local(async move {
            match pending.await {
                Ok(reset) => {
                    items.set(Vec::new());
                    confirmed.set(false);
                    let count = reset.tickets.to_string();
                    done.set(Some(lang.t_with(Key::StaffDemoDone, &[("count", &count)])));
                    on_reset();
                }
                Err(error) => items.set(super::form::problem_items(lang, &error, &[])),
            }
        });
    };
    view! {
        <h2 class="app-heading-m">{tr(Key::StaffDemoTitle)}</h2>
        <ErrorSummary items/>
        {move || done.get().map(|message| view! { <p class="app-inset" role="status">{message}</p> })}
        <p class="app-body" id="demo-hint">{tr(Key::StaffDemoHint)}</p>
        <form class="app-form" novalidate on:submit=on_submit>
            <super::form::ConfirmBox id="demo-confirm" label=Key::StaffDemoConfirm hint_id="demo-hint" checked=confirmed items/>
            <button type="submit" class="app-button app-button--warning">{tr(Key::StaffDemoReset)}</button>
        </form>
    }
}
