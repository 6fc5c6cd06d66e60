//! `/staff/login`: staff sign in with name and password. A wrong name and a wrong password
//! get the same message; a one-time password leads on to changing it.

use banshi_contract::SignIn;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Backend, use_backend};
use crate::components::{ErrorSummary, PageHeading, SummaryItem};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::nav::{Route, use_navigate};

use super::form::{TextInput, error_for, item, problem_items};

/// `/staff/login`.
#[component]
pub fn StaffLoginPage() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<SummaryItem>::new());
    let busy = RwSignal::new(false);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = SignIn {
            name: name.get_untracked().trim().to_lowercase(),
            password: password.get_untracked(),
        };
        let mut problems = Vec::new();
        if body.name.is_empty() {
            problems.push(item(
                lang,
                "name",
                "name",
                Key::StaffName,
                banshi_contract::FieldErrorCode::Required,
            ));
        }
        if body.password.is_empty() {
            problems.push(item(
                lang,
                "password",
                "password",
                Key::StaffPassword,
                banshi_contract::FieldErrorCode::Required,
            ));
        }
        items.set(problems);
        if !items.get_untracked().is_empty() {
            return;
        }
        let (backend, navigate) = (backend.clone(), navigate.clone());
        busy.set(true);
        spawn_local(async move {
            match backend.sign_in(lang.locale_untracked(), body).await {
                Ok(session) => {
                    password.set(String::new());
                    navigate(if session.account.must_change_password {
                        Route::StaffPassword
                    } else {
                        Route::StaffHome
                    });
                }
                Err(error) => {
                    password.set(String::new());
                    items.set(problem_items(lang, &error, &[]));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <ErrorSummary items/>
        <PageHeading text=Signal::derive(move || lang.t(Key::StaffLoginTitle).to_owned())/>
        <p class="app-body">{tr(Key::StaffLoginLead)}</p>
        <form class="app-form" novalidate on:submit=on_submit>
            <TextInput id="name" label=Key::StaffName value=name error=error_for(items, "name") autocomplete="username"/>
            <TextInput id="password" label=Key::StaffPassword value=password error=error_for(items, "password")
                kind="password" autocomplete="current-password"/>
            <button type="submit" class="app-button" disabled=move || busy.get()>{tr(Key::StaffSignIn)}</button>
        </form>
    }
}
