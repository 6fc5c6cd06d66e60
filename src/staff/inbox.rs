//! The case inbox on `/staff`: officers' and supervisors' tickets, filtered by status,
//! category, deadline and replies, searched by reference number, mobile number or name, and
//! read a page at a time with the backend's `next` token.

use banshi_contract::{Category, DueFilter, DueState, InboxQuery, StaffTicket, TicketStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Backend, use_backend};
use crate::components::Loading;
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::format::local_minutes;
use crate::nav::Route;
use crate::pages::status_key;

use super::form::{KINDS, kind_key, staff_error_key};

/// The label and badge modifier of a due state; `None` for states without a badge.
pub fn due_badge(state: DueState) -> Option<(Key, &'static str)> {
    match state {
        DueState::DueSoon => Some((Key::StaffDueSoon, "app-due--soon")),
        DueState::Overdue => Some((Key::StaffDueOverdue, "app-due--overdue")),
        DueState::FinishedLate => Some((Key::StaffDueFinishedLate, "app-due--late")),
        DueState::OnTime => Some((Key::StaffDueOnTime, "app-due--on-time")),
        DueState::FinishedOnTime => Some((Key::StaffDueFinishedOnTime, "app-due--on-time")),
        DueState::Unknown => None,
    }
}

/// The inbox with its filters.
#[component]
pub fn Inbox() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let status = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let replied = RwSignal::new(false);
    let search = RwSignal::new(String::new());
    let categories = RwSignal::new(Vec::<Category>::new());
    let tickets = RwSignal::new(None::<Vec<StaffTicket>>);
    let next = RwSignal::new(None::<String>);
    let failed = RwSignal::new(None::<Key>);
    {
        let backend = backend.clone();
        spawn_local(async move {
            if let Ok(list) = backend.categories(lang.locale_untracked()).await {
                categories.set(list);
            }
        });
    }
    let query = move |after: Option<String>| InboxQuery {
        status: TicketStatus::parse(&status.get_untracked()),
        category: Some(category.get_untracked()).filter(|c| !c.is_empty()),
        due: match due.get_untracked().as_str() {
            "soon" => Some(DueFilter::Soon),
            "overdue" => Some(DueFilter::Overdue),
            _ => None,
        },
        replied: replied.get_untracked().then_some(true),
        kind: banshi_contract::ServiceKind::from_name(&kind.get_untracked()),
        q: Some(search.get_untracked().trim().to_owned()).filter(|q| !q.is_empty()),
        after,
        ..InboxQuery::default()
    };
    let read = move |after: Option<String>| {
        let backend = backend.clone();
        spawn_local(async move {
            let more = after.is_some();
            match backend
                .staff_tickets(lang.locale_untracked(), query(after))
                .await
            {
                Ok(page) => {
                    failed.set(None);
                    next.set(page.next);
                    tickets.update(|list| match list {
                        Some(list) if more => list.extend(page.tickets),
                        list => *list = Some(page.tickets),
                    });
                }
                Err(error) => failed.set(Some(staff_error_key(&error))),
            }
        });
    };
    read(None);
    let on_filter = {
        let read = read.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            read(None);
        }
    };
    let on_more = move |_| read(next.get_untracked());
    view! {
        <h2 class="app-heading-m">{tr(Key::StaffInboxTitle)}</h2>
        <form class="app-form app-filters" role="search" on:submit=on_filter>
            <div class="app-form-group">
                <label class="app-label" for="inbox-q">{tr(Key::StaffInboxSearch)}</label>
                <input class="app-input" id="inbox-q" name="q" type="search" autocomplete="off"
                    maxlength=InboxQuery::MAX_SEARCH.to_string()
                    prop:value=move || search.get() on:input=move |e| search.set(event_target_value(&e))/>
            </div>
            <div class="app-form-group">
                <label class="app-label" for="inbox-status">{tr(Key::StaffCaseStatus)}</label>
                <select class="app-input" id="inbox-status" name="status" on:change=move |e| status.set(event_target_value(&e))>
                    <option value="" selected=true>{tr(Key::StaffInboxAny)}</option>
                    {TicketStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str()>{tr(status_key(s))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="app-form-group">
                <label class="app-label" for="inbox-category">{tr(Key::StaffInboxCategory)}</label>
                <select class="app-input" id="inbox-category" name="category" on:change=move |e| category.set(event_target_value(&e))>
                    <option value="" selected=true>{tr(Key::StaffInboxAny)}</option>
                    {move || categories.get().into_iter().map(|c| view! {
                        <option value=c.code.clone()>{c.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="app-form-group">
                <label class="app-label" for="inbox-due">{tr(Key::StaffInboxDue)}</label>
                <select class="app-input" id="inbox-due" name="due" on:change=move |e| due.set(event_target_value(&e))>
                    <option value="" selected=true>{tr(Key::StaffInboxAny)}</option>
                    <option value="soon">{tr(Key::StaffInboxDueSoon)}</option>
                    <option value="overdue">{tr(Key::StaffDueOverdue)}</option>
                </select>
            </div>
            <div class="app-form-group">
                <label class="app-label" for="inbox-kind">{tr(Key::StaffInboxKind)}</label>
                <select class="app-input" id="inbox-kind" name="kind" on:change=move |e| kind.set(event_target_value(&e))>
                    <option value="" selected=true>{tr(Key::StaffInboxKindAny)}</option>
                    {KINDS.into_iter().map(|k| view! { <option value=k.as_str()>{tr(kind_key(k))}</option> }).collect_view()}
                </select>
            </div>
            <div class="app-choice">
                <input class="app-choice__input" type="checkbox" id="inbox-replied" name="replied"
                    prop:checked=move || replied.get() on:change=move |e| replied.set(event_target_checked(&e))/>
                <label class="app-choice__label" for="inbox-replied">{tr(Key::StaffInboxReplied)}</label>
            </div>
            <button type="submit" class="app-button app-button--secondary">{tr(Key::StaffFilterApply)}</button>
        </form>
        {move || failed.get().map(|key| view! { <p class="app-notice app-notice--error" role="alert">{tr(key)}</p> })}
        {move || match tickets.get() {
            None => view! { <Loading/> }.into_any(),
            Some(list) if list.is_empty() => view! { <p class="app-body" role="status">{tr(Key::StaffNoCases)}</p> }.into_any(),
            Some(list) => view! {
                <table class="app-table">
                    <caption class="app-visually-hidden">{tr(Key::StaffInboxTitle)}</caption>
                    <thead><tr>
                        <th scope="col">{tr(Key::StaffCaseNumber)}</th>
                        <th scope="col">{tr(Key::StaffCaseApplicant)}</th>
                        <th scope="col">{tr(Key::StaffCaseService)}</th>
                        <th scope="col">{tr(Key::StaffCaseStatus)}</th>
                        <th scope="col">{tr(Key::StaffCaseDue)}</th>
                        <th scope="col">{tr(Key::StaffCaseUpdated)}</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|t| { let href = Route::StaffCase(t.ticket.clone()).href(); view! {
                            <tr>
                                <td><a class="app-link" href=href>{t.ticket}</a></td>
                                <td>{t.applicant_name.unwrap_or_default()}</td>
                                <td>
                                    {t.service_name}
                                    {(t.kind != banshi_contract::ServiceKind::Request).then(|| view! { " " <span class="app-tag">{tr(kind_key(t.kind))}</span> })}
                                    {t.by_agent.then(|| view! { " " <span class="app-tag">{tr(Key::StaffInboxByAgent)}</span> })}
                                </td>
                                <td>
                                    {tr(status_key(t.status))}
                                    {t.citizen_replied.then(|| view! { <span class="app-tag">{tr(Key::StaffInboxReplied)}</span> })}
                                </td>
                                <td>
                                    {local_minutes(&t.expected_datetime)}
                                    {t.due_state.and_then(due_badge).map(|(key, modifier)| view! {
                                        <span class=format!("app-due {modifier}")>{tr(key)}</span>
                                    })}
                                </td>
                                <td>{local_minutes(&t.updated_at)}</td>
                            </tr>
                        }}).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
        {move || next.get().is_some().then(|| view! {
            <button type="button" class="app-button app-button--secondary" on:click=on_more.clone()>{tr(Key::StaffInboxMore)}</button>
        })}
    }
}
