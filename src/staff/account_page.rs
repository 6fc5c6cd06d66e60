//! `/staff/accounts/{name}`: a supervisor changes an account's name, role and categories,
//! disables or enables it, resets its password to a one-time password, and revokes its API
//! tokens. Also the role and category choices the add form uses.

use banshi_contract::staff::label_error;
use banshi_contract::{AccountChange, FieldErrorCode, OneTimePassword, StaffAccount, StaffRole};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Backend, use_backend};
use crate::components::{ApiErrorView, ErrorSummary, Loading, PageHeading, SummaryItem};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::model::format::local_minutes;

use super::form::{RevokeCell, TextInput, error_for, item, problem_items, role_key};
use super::frame::{SUPERVISORS, StaffFrame};

/// What is wrong with `categories` for `role`: an officer needs at least one.
pub fn category_error(role: StaffRole, categories: &[String]) -> Option<FieldErrorCode> {
    (role == StaffRole::Officer && categories.is_empty()).then_some(FieldErrorCode::Required)
}

/// Radio buttons for the role.
#[component]
pub fn RoleChoices(role: RwSignal<StaffRole>) -> impl IntoView {
    view! {
        <div class="app-form-group">
            <fieldset class="app-fieldset">
                <legend class="app-label">{tr(Key::StaffRole)}</legend>
                <div class="app-choices">
                    {StaffRole::ALL.into_iter().map(|r| {
                        let id = format!("role-{}", r.as_str());
                        view! {
                            <div class="app-choice">
                                <input class="app-choice__input" type="radio" name="role" id=id.clone() value=r.as_str()
                                    prop:checked=move || role.get() == r on:change=move |_| role.set(r)/>
                                <label class="app-choice__label" for=id>{tr(role_key(r))}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// Checkboxes for an officer's categories; hidden for other roles.
#[component]
pub fn CategoryChoices(
    role: RwSignal<StaffRole>,
    categories: RwSignal<Vec<String>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let all = Load::new(move || backend.categories(lang.locale()));
    move || {
        (role.get() == StaffRole::Officer).then(|| match all.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(list)) => view! {
                <div class=move || if error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                    <fieldset class="app-fieldset" aria-describedby=move || error.get().is_some().then_some("categories-error")>
                        <legend class="app-label">{tr(Key::StaffCategories)}</legend>
                        {move || error.get().map(|m| view! { <p class="app-error-message" id="categories-error">{m}</p> })}
                        <div class="app-choices">
                            {list.into_iter().enumerate().map(|(i, c)| {
                                let id = format!("category-{i}");
                                let code = c.code.clone();
                                let checked = { let code = code.clone(); move || categories.with(|l| l.contains(&code)) };
                                view! {
                                    <div class="app-choice">
                                        <input class="app-choice__input" type="checkbox" name="categories" id=id.clone() value=code.clone()
                                            prop:checked=checked
                                            on:change=move |e| {
                                                let on = event_target_checked(&e);
                                                categories.update(|l| {
                                                    l.retain(|x| x != &code);
                                                    if on { l.push(code.clone()); }
                                                });
                                            }/>
                                        <label class="app-choice__label" for=id>{c.name.clone()}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                </div>
            }.into_any(),
            Some(Err(error)) => view! { <ApiErrorView error retry=move |_| all.refetch()/> }.into_any(),
        })
    }
}

/// `/staff/accounts/{name}`.
#[component]
pub fn StaffAccountPage(name: String) -> impl IntoView {
    let lang = use_lang();
    let heading = name.clone();
    view! {
        <PageHeading text=Signal::derive(move || lang.t_with(Key::StaffAccountTitle, &[("name", &heading)]))/>
        <StaffFrame roles=SUPERVISORS page=move |_| view! { <Account name=name.clone()/> }/>
    }
}

#[component]
fn Account(name: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let accounts = {
        let backend = backend.clone();
        Load::new(move || backend.staff_accounts(lang.locale()))
    };
    let found = move || {
        accounts
            .get()
            .map(|r| r.map(|list| list.into_iter().find(|a| a.name == name)))
    };
    // What the last action said outlives the forms, which are rebuilt from the fresh account.
    let notes = Notes {
        items: RwSignal::new(Vec::new()),
        saved: RwSignal::new(None),
        reset: RwSignal::new(None),
    };
    move || match found() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(Some(account))) => {
            view! { <AccountForms account notes on_change=move || accounts.refetch()/> }.into_any()
        }
        Some(Ok(None)) => view! { <p class="app-body">{tr(Key::ErrorNotFound)}</p> }.into_any(),
        Some(Err(error)) => {
            view! { <ApiErrorView error retry=move |_| accounts.refetch()/> }.into_any()
        }
    }
}

/// The outcome of the last action on the account page.
#[derive(Debug, Clone, Copy)]
struct Notes {
    /// Problems to list in the error summary.
    items: RwSignal<Vec<SummaryItem>>,
    /// What was saved.
    saved: RwSignal<Option<Key>>,
    /// A one-time password just made, shown once.
    reset: RwSignal<Option<OneTimePassword>>,
}

#[component]
fn AccountForms(
    account: StaffAccount,
    notes: Notes,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let name = account.name.clone();
    let display_name = RwSignal::new(account.display_name.clone());
    let role = RwSignal::new(account.role);
    let categories = RwSignal::new(account.categories.clone());
    let Notes {
        items,
        saved,
        reset,
    } = notes;
    let send = {
        let (backend, name, on_change) = (backend.clone(), name.clone(), on_change.clone());
        move |change: AccountChange, done: Key| {
            let (backend, name, on_change) = (backend.clone(), name.clone(), on_change.clone());
            spawn_local(async move {
                match backend
                    .change_account(lang.locale_untracked(), name, change)
                    .await
                {
                    Ok(_) => {
                        items.set(Vec::new());
                        reset.set(None);
                        saved.set(Some(done));
                        on_change();
                    }
                    Err(error) => items.set(problem_items(
                        lang,
                        &error,
                        &[
                            ("display_name", "display-name"),
                            ("categories", "category-0"),
                        ],
                    )),
                }
            });
        }
    };
    let on_save = {
        let send = send.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let change = AccountChange {
                display_name: Some(display_name.get_untracked().trim().to_owned()),
                role: Some(role.get_untracked()),
                categories: Some(categories.get_untracked()),
                disabled: None,
            };
            let mut problems = Vec::new();
            if let Some(code) = label_error(change.display_name.as_deref().unwrap_or_default()) {
                problems.push(item(
                    lang,
                    "display-name",
                    "display_name",
                    Key::StaffDisplayName,
                    code,
                ));
            }
            if let Some(code) = category_error(role.get_untracked(), &categories.get_untracked()) {
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
            if !invalid {
                send(change, Key::StaffSaved);
            }
        }
    };
    let disabled = account.disabled;
    let toggle = {
        let send = send.clone();
        move |_| {
            let change = AccountChange {
                disabled: Some(!disabled),
                ..AccountChange::default()
            };
            send(
                change,
                if disabled {
                    Key::StaffEnabledNow
                } else {
                    Key::StaffDisabledNow
                },
            );
        }
    };
    let on_reset = {
        let (backend, name) = (backend.clone(), name.clone());
        move |_| {
            let (backend, name, on_change) = (backend.clone(), name.clone(), on_change.clone());
            spawn_local(async move {
                match backend.reset_password(lang.locale_untracked(), name).await {
                    Ok(made) => {
                        items.set(Vec::new());
                        saved.set(None);
                        reset.set(Some(made));
                        on_change();
                    }
                    Err(error) => items.set(problem_items(lang, &error, &[])),
                }
            });
        }
    };
    let last = account
        .last_sign_in_at
        .as_deref()
        .map(local_minutes)
        .unwrap_or_default();
    view! {
        <ErrorSummary items/>
        {move || saved.get().map(|key| view! { <p class="app-inset" role="status">{tr(key)}</p> })}
        {move || reset.get().map(|made| view! {
            <div class="app-panel" role="status">
                <p class="app-panel__body">{tr(Key::StaffOneTimePassword)}</p>
                <p class="app-panel__code" id="one-time-password">{made.one_time_password.clone()}</p>
                <p class="app-panel__body">{tr(Key::StaffOneTimePasswordNote)}</p>
            </div>
        })}
        <dl class="app-summary-list">
            <div class="app-summary-list__row">
                <dt>{tr(Key::StaffState)}</dt>
                <dd>{tr(if account.disabled { Key::StaffDisabled } else if account.must_change_password { Key::StaffAwaitingFirstSignIn } else { Key::StaffActive })}</dd>
            </div>
            <div class="app-summary-list__row">
                <dt>{tr(Key::StaffLastSignIn)}</dt>
                <dd>{last}</dd>
            </div>
        </dl>
        <form class="app-form" novalidate on:submit=on_save>
            <TextInput id="display-name" label=Key::StaffDisplayName value=display_name error=error_for(items, "display-name")/>
            <RoleChoices role/>
            <CategoryChoices role categories error=error_for(items, "category-0")/>
            <button type="submit" class="app-button">{tr(Key::StaffSave)}</button>
        </form>
        <h2 class="app-heading-m">{tr(Key::StaffAccess)}</h2>
        <p class="app-body">
            <button type="button" class="app-button app-button--secondary" on:click=toggle>
                {tr(if account.disabled { Key::StaffEnable } else { Key::StaffDisable })}
            </button>
            " "
            <button type="button" class="app-button app-button--secondary" on:click=on_reset>{tr(Key::StaffResetPassword)}</button>
        </p>
        <Tokens name=account.name.clone()/>
    }
}

#[component]
fn Tokens(name: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let tokens = {
        let backend = backend.clone();
        Load::new(move || backend.account_tokens(lang.locale(), name.clone()))
    };
    let failed = RwSignal::new(None::<Key>);
    view! {
        <h2 class="app-heading-m">{tr(Key::StaffTokens)}</h2>
        <p class="app-hint">{tr(Key::StaffTokensHint)}</p>
        {move || failed.get().map(|key| view! { <p class="app-notice app-notice--error" role="alert">{tr(key)}</p> })}
        {move || match tokens.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="app-body">{tr(Key::StaffNoTokens)}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <table class="app-table">
                    <thead><tr>
                        <th scope="col">{tr(Key::StaffTokenLabel)}</th>
                        <th scope="col">{tr(Key::StaffTokenCreated)}</th>
                        <th scope="col">{tr(Key::StaffTokenUsed)}</th>
                        <th scope="col">{tr(Key::StaffState)}</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|t| {
                            let backend = backend.clone();
                            let id = t.id;
                            let label = t.label.clone();
                            view! {
                                <tr>
                                    <td>{t.label.clone()}</td>
                                    <td>{local_minutes(&t.created_at)}</td>
                                    <td>{t.last_used_at.as_deref().map(local_minutes).unwrap_or_default()}</td>
                                    <td><RevokeCell revoked_at=t.revoked_at label named=Key::StaffRevokeTokenNamed failed
                                        done=Callback::new(move |()| tokens.refetch())
                                        revoke=move || {
                                            let pending = backend.revoke_token(lang.locale_untracked(), id);
                                            Box::pin(async move { pending.await.map(drop) })
                                        }/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
            Some(Err(error)) => view! { <ApiErrorView error retry=move |_| tokens.refetch()/> }.into_any(),
        }}
    }
}
