//! `/staff/accounts`: supervisors see every account and add one; the new account's one-time
//! password is shown once, to hand over.

use banshi_contract::staff::{account_name_error, label_error};
use banshi_contract::{NewAccount, OneTimePassword, StaffRole};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Backend, use_backend};
use crate::components::{ApiErrorView, ErrorSummary, Loading, PageHeading, SummaryItem};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;

use super::account_page::{CategoryChoices, RoleChoices, category_error};
use super::form::{TextInput, error_for, item, problem_items, role_key};
use super::frame::{SUPERVISORS, StaffFrame};

/// `/staff/accounts`.
#[component]
pub fn StaffAccountsPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::StaffAccountsTitle).to_owned())/>
        <StaffFrame roles=SUPERVISORS page=move |_| view! { <Accounts/> }/>
    }
}

#[component]
fn Accounts() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let accounts = {
        let backend = backend.clone();
        Load::new(move || backend.staff_accounts(lang.locale()))
    };
    let name = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(StaffRole::Clerk);
    let categories = RwSignal::new(Vec::<String>::new());
    let items = RwSignal::new(Vec::<SummaryItem>::new());
    let added = RwSignal::new(None::<OneTimePassword>);
    let busy = RwSignal::new(false);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = NewAccount {
            name: name.get_untracked().trim().to_owned(),
            display_name: display_name.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            categories: categories.get_untracked(),
        };
        let mut problems = Vec::new();
        if let Some(code) = account_name_error(&body.name) {
            problems.push(item(lang, "name", "name", Key::StaffName, code));
        }
        if let Some(code) = label_error(&body.display_name) {
            problems.push(item(
                lang,
                "display-name",
                "display_name",
                Key::StaffDisplayName,
                code,
            ));
        }
        if let Some(code) = category_error(body.role, &body.categories) {
            problems.push(item(
                lang,
                "category-0",
                "categories",
                Key::StaffCategories,
                code,
            ));
        }
        let invalid = !problems.is_empty();
        items.set(problems);
        if invalid {
            return;
        }
        let backend = backend.clone();
        busy.set(true);
        spawn_local(async move {
            match backend.add_account(lang.locale_untracked(), body).await {
                Ok(made) => {
                    name.set(String::new());
                    display_name.set(String::new());
                    categories.set(Vec::new());
                    added.set(Some(made));
                    accounts.refetch();
                }
                Err(error) => items.set(problem_items(
                    lang,
                    &error,
                    &[
                        ("name", "name"),
                        ("display_name", "display-name"),
                        ("categories", "category-0"),
                    ],
                )),
            }
            busy.set(false);
        });
    };
    view! {
        {move || added.get().map(|made| view! {
            <div class="app-panel" role="status">
                <h2 class="app-heading-m">{move || lang.t_with(Key::StaffAccountAdded, &[("name", &made.account.name)])}</h2>
                <p class="app-panel__body">{tr(Key::StaffOneTimePassword)}</p>
                <p class="app-panel__code" id="one-time-password">{made.one_time_password.clone()}</p>
                <p class="app-panel__body">{tr(Key::StaffOneTimePasswordNote)}</p>
            </div>
        })}
        {move || match accounts.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(list)) => view! {
                <table class="app-table">
                    <caption class="app-visually-hidden">{tr(Key::StaffAccountsTitle)}</caption>
                    <thead><tr>
                        <th scope="col">{tr(Key::StaffName)}</th>
                        <th scope="col">{tr(Key::StaffDisplayName)}</th>
                        <th scope="col">{tr(Key::StaffRole)}</th>
                        <th scope="col">{tr(Key::StaffState)}</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|a| view! {
                            <tr>
                                <td><a href=format!("/staff/accounts/{}", a.name)>{a.name.clone()}</a></td>
                                <td>{a.display_name.clone()}</td>
                                <td>{tr(role_key(a.role))}</td>
                                <td>{tr(if a.disabled { Key::StaffDisabled } else if a.must_change_password { Key::StaffAwaitingFirstSignIn } else { Key::StaffActive })}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
            Some(Err(error)) => view! { <ApiErrorView error retry=move |_| accounts.refetch()/> }.into_any(),
        }}
        <h2 class="app-heading-m" id="add-account">{tr(Key::StaffAddAccount)}</h2>
        <ErrorSummary items/>
        <form class="app-form" novalidate on:submit=on_submit aria-labelledby="add-account">
            <TextInput id="name" label=Key::StaffName hint=Key::StaffNameHint value=name error=error_for(items, "name")/>
            <TextInput id="display-name" label=Key::StaffDisplayName value=display_name error=error_for(items, "display-name")/>
            <RoleChoices role/>
            <CategoryChoices role categories error=error_for(items, "category-0")/>
            <button type="submit" class="app-button" disabled=move || busy.get()>{tr(Key::StaffAddAccountSubmit)}</button>
        </form>
    }
}
