//! `/staff/helpers`: supervisors keep the list of helpers for assisted service (帮办代办),
//! add one, and set one inactive or active again. Helpers are records, not accounts.

use banshi_contract::{Helper, HelperRecord};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Backend, use_backend};
use crate::components::{ApiErrorView, ErrorSummary, Loading, PageHeading, SummaryItem};
use crate::i18n::Key;
use crate::lang::{Lang, tr, use_lang};
use crate::load::Load;

use super::form::{TextInput, error_for, item, problem_items, staff_error_key};
use super::frame::{SUPERVISORS, StaffFrame};

/// `/staff/helpers`.
#[component]
pub fn StaffHelpersPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::StaffHelpersTitle).to_owned())/>
        <p class="app-body">{tr(Key::StaffHelpersIntro)}</p>
        <StaffFrame roles=SUPERVISORS page=move |_| view! { <Helpers/> }/>
    }
}

/// The problems with a new helper's record, by the contract's rules, as the server checks them.
fn record_problems(lang: Lang, record: &HelperRecord) -> Vec<SummaryItem> {
    record
        .problems()
        .into_iter()
        .map(|i| {
            let (target, label) = match i.field.as_str() {
                "name" => ("helper-name", Key::StaffHelpersName),
                "phone" => ("helper-phone", Key::StaffHelpersPhone),
                _ => ("helper-note", Key::StaffHelpersNote),
            };
            item(lang, target, &format!("helper.{}", i.field), label, i.code)
        })
        .collect()
}

#[component]
fn Helpers() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let helpers = {
        let backend = backend.clone();
        Load::new(move || backend.helpers(lang.locale()))
    };
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<SummaryItem>::new());
    let done = RwSignal::new(None::<String>);
    let failed = RwSignal::new(None::<Key>);
    let on_submit = {
        let backend = backend.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let record = HelperRecord {
                name: name.get_untracked().trim().to_owned(),
                phone: phone.get_untracked().trim().to_owned(),
                note: note.get_untracked().trim().to_owned(),
                active: true,
            };
            let problems = record_problems(lang, &record);
            done.set(None);
            if !problems.is_empty() {
                items.set(problems);
                return;
            }
            items.set(Vec::new());
            let backend = backend.clone();
            spawn_local(async move {
                match backend.add_helper(lang.locale_untracked(), record).await {
                    Ok(added) => {
                        name.set(String::new());
                        phone.set(String::new());
                        note.set(String::new());
                        done.set(Some(
                            lang.t_with(Key::StaffHelpersAdded, &[("name", &added.name)]),
                        ));
                        helpers.refetch();
                    }
                    Err(error) => items.set(problem_items(
                        lang,
                        &error,
                        &[
                            ("name", "helper-name"),
                            ("phone", "helper-phone"),
                            ("note", "helper-note"),
                        ],
                    )),
                }
            });
        }
    };
    let switch = move |helper: Helper| {
        let backend = backend.clone();
        move |_| {
            let record = HelperRecord {
                name: helper.name.clone(),
                phone: helper.phone.clone(),
                note: helper.note.clone(),
                active: !helper.active,
            };
            let pending = backend.change_helper(lang.locale_untracked(), helper.id, record);
            spawn_local(async move {
                match pending.await {
                    Ok(changed) => {
                        failed.set(None);
                        done.set(Some(
                            lang.t_with(Key::StaffHelpersChanged, &[("name", &changed.name)]),
                        ));
                        helpers.refetch();
                    }
                    Err(error) => failed.set(Some(staff_error_key(&error))),
                }
            });
        }
    };
    view! {
        {move || done.get().map(|message| view! { <p class="app-inset" role="status">{message}</p> })}
        {move || failed.get().map(|key| view! { <p class="app-notice app-notice--error" role="alert">{tr(key)}</p> })}
        {move || match helpers.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="app-body">{tr(Key::StaffHelpersEmpty)}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <table class="app-table" id="helpers">
                    <caption class="app-visually-hidden">{tr(Key::StaffHelpersTitle)}</caption>
                    <thead><tr>
                        <th scope="col">{tr(Key::StaffHelpersName)}</th>
                        <th scope="col">{tr(Key::StaffHelpersPhone)}</th>
                        <th scope="col">{tr(Key::StaffHelpersNote)}</th>
                        <th scope="col">{tr(Key::StaffHelpersState)}</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|h| {
                            let action = if h.active { Key::StaffHelpersDeactivate } else { Key::StaffHelpersActivate };
                            let state = if h.active { Key::StaffHelpersActive } else { Key::StaffHelpersInactive };
                            let who = h.name.clone();
                            view! {
                                <tr>
                                    <td>{h.name.clone()}</td>
                                    <td>{h.phone.clone()}</td>
                                    <td>{h.note.clone()}</td>
                                    <td>
                                        {tr(state)} " "
                                        <button type="button" class="app-button app-button--secondary" on:click=switch.clone()(h)>
                                            {move || lang.t_with(action, &[("name", &who)])}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
            Some(Err(error)) => view! { <ApiErrorView error retry=move |_| helpers.refetch()/> }.into_any(),
        }}
        <h2 class="app-heading-m" id="add-helper">{tr(Key::StaffHelpersAddHeading)}</h2>
        <ErrorSummary items/>
        <form class="app-form" novalidate on:submit=on_submit aria-labelledby="add-helper">
            <TextInput id="helper-name" label=Key::StaffHelpersName value=name error=error_for(items, "helper-name") autocomplete="name"/>
            <TextInput id="helper-phone" label=Key::StaffHelpersPhone value=phone error=error_for(items, "helper-phone") kind="tel"/>
            <TextInput id="helper-note" label=Key::StaffHelpersNote hint=Key::StaffHelpersNoteHint value=note error=error_for(items, "helper-note")/>
            <button type="submit" class="app-button">{tr(Key::StaffHelpersAdd)}</button>
        </form>
    }
}
