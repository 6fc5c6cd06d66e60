//! `/staff/password`: a staff member sets a password of their own, checked by the
//! contract's rules here and again by the backend. After a one-time password it is the only
//! page open to them.

use banshi_contract::PasswordChange;
use banshi_contract::staff::new_password_error;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Backend, use_backend};
use crate::components::{ApiErrorView, ErrorSummary, Loading, PageHeading, SummaryItem};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::nav::{Route, use_navigate};

use super::form::{TextInput, error_for, item, problem_items};
use super::frame::{signed_out, use_staff_session};

/// `/staff/password`.
#[component]
pub fn StaffPasswordPage() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let navigate = use_navigate();
    let session = use_staff_session(false);
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<SummaryItem>::new());
    let busy = RwSignal::new(false);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(Ok(signed_in)) = session.get_untracked() else {
            return;
        };
        let body = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        let mut problems = Vec::new();
        if body.current_password.is_empty() {
            problems.push(item(
                lang,
                "current-password",
                "current_password",
                Key::StaffCurrentPassword,
                banshi_contract::FieldErrorCode::Required,
            ));
        }
        if let Some(code) = new_password_error(
            &signed_in.account.name,
            &body.current_password,
            &body.new_password,
        ) {
            problems.push(item(
                lang,
                "new-password",
                "new_password",
                Key::StaffNewPassword,
                code,
            ));
        }
        let invalid = !problems.is_empty();
        items.set(problems);
        if invalid {
            return;
        }
        let (backend, navigate) = (backend.clone(), navigate.clone());
        busy.set(true);
        spawn_local(async move {
            match backend.change_password(lang.locale_untracked(), body).await {
                Ok(_) => navigate(Route::StaffHome),
                Err(error) => items.set(problem_items(
                    lang,
                    &error,
                    &[
                        ("current_password", "current-password"),
                        ("new_password", "new-password"),
                    ],
                )),
            }
            busy.set(false);
        });
    };
    view! {
        <ErrorSummary items/>
        <PageHeading text=Signal::derive(move || lang.t(Key::StaffPasswordTitle).to_owned())/>
        {move || match session.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(s)) => view! {
                {s.account.must_change_password.then(|| view! {
                    <p class="app-inset">{tr(Key::StaffMustChange)}</p>
                })}
                <form class="app-form" novalidate on:submit=on_submit.clone()>
                    <input type="hidden" name="username" autocomplete="username" value=s.account.name.clone()/>
                    <TextInput id="current-password" label=Key::StaffCurrentPassword value=current
                        error=error_for(items, "current-password") kind="password" autocomplete="current-password"/>
                    <TextInput id="new-password" label=Key::StaffNewPassword hint=Key::StaffNewPasswordHint value=new
                        error=error_for(items, "new-password") kind="password" autocomplete="new-password"/>
                    <button type="submit" class="app-button" disabled=move || busy.get()>{tr(Key::StaffPasswordSubmit)}</button>
                </form>
            }.into_any(),
            Some(Err(error)) if signed_out(&error) => view! { <Loading/> }.into_any(),
            Some(Err(error)) => view! { <ApiErrorView error retry=move |_| session.refetch()/> }.into_any(),
        }}
    }
}
