//! `/staff/audit`: supervisors read the audit log, newest first, filtered by account,
//! action and dates (the centre's days), and page back through older entries.

use banshi_contract::{AuditAction, AuditEntry};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{AuditQuery, Backend, use_backend};
use crate::components::{Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::format::{local_minutes, next_day};

use super::form::staff_error_key;
use super::frame::{SUPERVISORS, StaffFrame};

/// Entries read per page.
const PAGE: usize = 50;

/// The label of an action.
pub fn action_key(action: AuditAction) -> Key {
    use AuditAction::*;
    match action {
        SignIn => Key::StaffActionSignIn,
        SignInFailed => Key::StaffActionSignInFailed,
        SignOut => Key::StaffActionSignOut,
        PasswordChanged => Key::StaffActionPasswordChanged,
        AccountAdded => Key::StaffActionAccountAdded,
        AccountChanged => Key::StaffActionAccountChanged,
        PasswordReset => Key::StaffActionPasswordReset,
        TokenCreated => Key::StaffActionTokenCreated,
        TokenRevoked => Key::StaffActionTokenRevoked,
        StatusChanged => Key::StaffActionStatusChanged,
        NumberCalled => Key::StaffActionNumberCalled,
        NumberHandled => Key::StaffActionNumberHandled,
        WindowPaused => Key::StaffActionWindowPaused,
        KioskEnrolmentCreated => Key::StaffActionKioskEnrolmentCreated,
        KioskEnrolled => Key::StaffActionKioskEnrolled,
        KioskRevoked => Key::StaffActionKioskRevoked,
        NoteAdded => Key::StaffActionNoteAdded,
        CaseAssigned => Key::StaffActionCaseAssigned,
        AccessCodeReissued => Key::StaffActionAccessCodeReissued,
        DemonstrationStarted => Key::StaffActionDemonstrationStarted,
        DemoDataReset => Key::StaffActionDemoDataReset,
        HelperAdded => Key::StaffActionHelperAdded,
        HelperChanged => Key::StaffActionHelperChanged,
        HelpConfirmed => Key::StaffActionHelpConfirmed,
        ReworkStep => Key::StaffActionReworkStep,
        RatingRuled => Key::StaffActionRatingRuled,
        SlotClosed => Key::StaffActionSlotClosed,
        AppealDecided => Key::StaffActionAppealDecided,
        Unknown => Key::StaffActionUnknown,
    }
}

/// `/staff/audit`.
#[component]
pub fn StaffAuditPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::StaffAuditTitle).to_owned())/>
        <StaffFrame roles=SUPERVISORS page=move |_| view! { <Audit/> }/>
    }
}

#[component]
fn Audit() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let actor = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let since = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let entries = RwSignal::new(None::<Vec<AuditEntry>>);
    let more = RwSignal::new(false);
    let failed = RwSignal::new(None::<Key>);
    let query = move |before: Option<i64>| AuditQuery {
        actor: Some(actor.get_untracked()),
        action: Some(action.get_untracked()),
        since: Some(since.get_untracked())
            .filter(|d| !d.is_empty())
            .map(|d| format!("{d}T00:00:00+08:00")),
        until: next_day(&until.get_untracked()).map(|d| format!("{d}T00:00:00+08:00")),
        before,
    };
    let read = move |before: Option<i64>| {
        let backend = backend.clone();
        spawn_local(async move {
            match backend.audit(lang.locale_untracked(), query(before)).await {
                Ok(page) => {
                    more.set(page.len() >= PAGE);
                    failed.set(None);
                    entries.update(|e| match (e, before) {
                        (Some(list), Some(_)) => list.extend(page),
                        (e, _) => *e = Some(page),
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
    let older = move |_| {
        let last = entries.with_untracked(|e| e.as_ref().and_then(|l| l.last().map(|x| x.id)));
        read(last);
    };
    view! {
        <form class="app-form app-filters" on:submit=on_filter>
            <div class="app-form-group">
                <label class="app-label" for="actor">{tr(Key::StaffFilterActor)}</label>
                <input class="app-input" id="actor" name="actor" type="text" autocomplete="off"
                    prop:value=move || actor.get() on:input=move |e| actor.set(event_target_value(&e))/>
            </div>
            <div class="app-form-group">
                <label class="app-label" for="action">{tr(Key::StaffFilterAction)}</label>
                <select class="app-input" id="action" name="action" on:change=move |e| action.set(event_target_value(&e))>
                    <option value="" selected=true>{tr(Key::StaffFilterAll)}</option>
                    {AuditAction::ALL.into_iter().map(|a| view! {
                        <option value=a.as_str()>{tr(action_key(a))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="app-form-group">
                <label class="app-label" for="since">{tr(Key::StaffFilterSince)}</label>
                <input class="app-input" id="since" name="since" type="date"
                    prop:value=move || since.get() on:input=move |e| since.set(event_target_value(&e))/>
            </div>
            <div class="app-form-group">
                <label class="app-label" for="until">{tr(Key::StaffFilterUntil)}</label>
                <input class="app-input" id="until" name="until" type="date"
                    prop:value=move || until.get() on:input=move |e| until.set(event_target_value(&e))/>
            </div>
            <button type="submit" class="app-button app-button--secondary">{tr(Key::StaffFilterApply)}</button>
        </form>
        {move || failed.get().map(|key| view! { <p class="app-notice app-notice--error" role="alert">{tr(key)}</p> })}
        {move || match entries.get() {
            None => view! { <Loading/> }.into_any(),
            Some(list) if list.is_empty() => view! { <p class="app-body" role="status">{tr(Key::StaffAuditEmpty)}</p> }.into_any(),
            Some(list) => view! {
                <table class="app-table" aria-live="polite">
                    <caption class="app-visually-hidden">{tr(Key::StaffAuditTitle)}</caption>
                    <thead><tr>
                        <th scope="col">{tr(Key::StaffAuditAt)}</th>
                        <th scope="col">{tr(Key::StaffAuditActor)}</th>
                        <th scope="col">{tr(Key::StaffAuditAction)}</th>
                        <th scope="col">{tr(Key::StaffAuditTarget)}</th>
                        <th scope="col">{tr(Key::StaffAuditClient)}</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|e| view! {
                            <tr>
                                <td>{local_minutes(&e.at)}</td>
                                <td>{e.actor.unwrap_or_default()}</td>
                                <td>{tr(action_key(e.action))}</td>
                                <td>{[e.target, e.detail].into_iter().flatten().collect::<Vec<_>>().join(" · ")}</td>
                                <td>{e.client}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
        {move || more.get().then(|| view! {
            <button type="button" class="app-button app-button--secondary" on:click=older.clone()>{tr(Key::StaffAuditOlder)}</button>
        })}
    }
}
