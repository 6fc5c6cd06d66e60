//! The frame of every signed-in staff page: it reads the session, sends a visitor who is not
//! signed in to the sign-in page (and one with a one-time password to change it), and above
//! the page shows who is signed in, the staff menu for their role and a sign-out button.

use banshi_contract::{StaffRole, StaffSession};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Backend, use_backend};
use crate::components::{ApiErrorView, Loading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::nav::{Route, use_navigate, use_redirect};

use super::form::role_key;

/// Whether a failed call means nobody is signed in (or the session has ended).
pub fn signed_out(error: &ApiError) -> bool {
    matches!(error, ApiError::Problem(p) if p.status == 401)
}

/// The staff session, read once; a visitor who is not signed in is sent to sign in, and with
/// `to_password` one whose one-time password is still to be changed is sent to change it.
pub fn use_staff_session(to_password: bool) -> Load<StaffSession> {
    let lang = use_lang();
    let backend = use_backend();
    let redirect = use_redirect();
    let session = Load::new(move || backend.staff_session(lang.locale()));
    Effect::new(move |_| match session.get() {
        Some(Err(error)) if signed_out(&error) => redirect(Route::StaffLogin),
        Some(Ok(s)) if to_password && s.account.must_change_password => {
            redirect(Route::StaffPassword)
        }
        _ => {}
    });
    session
}

/// Shows `page` with the session once it is known; `roles` are the roles the page is for.
#[component]
pub fn StaffFrame<V, F>(roles: &'static [StaffRole], page: F) -> impl IntoView
where
    V: IntoView + 'static,
    F: Fn(StaffSession) -> V + Clone + Send + Sync + 'static,
{
    let lang = use_lang();
    let backend = use_backend();
    let navigate = use_navigate();
    let session = use_staff_session(true);
    let sign_out = move |_| {
        let (backend, navigate) = (backend.clone(), navigate.clone());
        spawn_local(async move {
            let _ = backend.sign_out(lang.locale_untracked()).await;
            navigate(Route::StaffLogin);
        });
    };
    move || match session.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(s)) if s.account.must_change_password => view! { <Loading/> }.into_any(),
        Some(Ok(s)) => {
            let supervisor = s.account.role == StaffRole::Supervisor;
            let role = role_key(s.account.role);
            let who = s.account.display_name.clone();
            let allowed = roles.contains(&s.account.role);
            let sign_out = sign_out.clone();
            let page = page.clone();
            view! {
                <nav class="app-staff-bar" aria-label=move || lang.t(Key::StaffMenu)>
                    <p class="app-body">
                        {move || lang.t_with(Key::StaffSignedInAs, &[("name", &who), ("role", lang.t(role))])}
                    </p>
                    <ul class="app-staff-bar__links">
                        <li><a href="/staff">{tr(Key::StaffHomeTitle)}</a></li>
                        {COUNTER_ROLES.contains(&s.account.role).then(|| view! {
                            <li><a href="/staff/counter">{tr(Key::StaffCounterTitle)}</a></li>
                            <li><a href="/staff/appointments">{tr(Key::StaffAppointmentsTitle)}</a></li>
                        })}
                        {(s.account.role != banshi_contract::StaffRole::Clerk).then(|| view! {
                            <li><a href="/staff/bad-ratings">{tr(Key::StaffLedgerLink)}</a></li>
                            <li><a href="/staff/stats">{tr(Key::StaffStatsLink)}</a></li>
                        })}
                        {supervisor.then(|| view! {
                            <li><a href="/staff/accounts">{tr(Key::StaffAccountsTitle)}</a></li>
                            <li><a href="/staff/audit">{tr(Key::StaffAuditTitle)}</a></li>
                            <li><a href="/staff/kiosks">{tr(Key::StaffKiosksTitle)}</a></li>
                            <li><a href="/staff/helpers">{tr(Key::StaffHelpersTitle)}</a></li>
                        })}
                        <li><a href="/posters">{tr(Key::StaffPosters)}</a></li>
                        <li><a href="/staff/password">{tr(Key::StaffPasswordTitle)}</a></li>
                    </ul>
                    <button type="button" class="app-button app-button--secondary" on:click=sign_out>
                        {tr(Key::StaffSignOut)}
                    </button>
                </nav>
                {if allowed {
                    page(s).into_any()
                } else {
                    view! { <p class="app-notice app-notice--error" role="alert">{tr(Key::StaffForbidden)}</p> }.into_any()
                }}
            }
            .into_any()
        }
        Some(Err(error)) if signed_out(&error) => view! { <Loading/> }.into_any(),
        Some(Err(error)) => {
            view! { <ApiErrorView error retry=move |_| session.refetch()/> }.into_any()
        }
    }
}

/// Every role.
pub const ANY_ROLE: &[StaffRole] = &StaffRole::ALL;
/// Those who work at a counter: clerks and supervisors.
pub const COUNTER_ROLES: &[StaffRole] = &[StaffRole::Clerk, StaffRole::Supervisor];
/// Supervisors only.
pub const SUPERVISORS: &[StaffRole] = &[StaffRole::Supervisor];
