//! What the staff forms share: a labelled text input with hint and inline error, the
//! contract's field rules worded in the page's language, and staff problems as error-summary
//! items.

use banshi_contract::{Datatype, ErrorCode, Field, FieldErrorCode};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::SummaryItem;
use crate::components::api_error_view::api_error_key;
use crate::i18n::Key;
use crate::lang::Lang;

pub use crate::components::error_for;

/// A single-line input with label, optional hint and inline error.
#[component]
pub fn TextInput(
    id: &'static str,
    label: Key,
    #[prop(optional)] hint: Option<Key>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(
        hint.is_some().then(|| hint_id.clone()),
        error_id.clone(),
        error,
    );
    let lang = crate::lang::use_lang();
    view! {
        <div class=move || if error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
            <label class="app-label" for=id>{move || lang.t(label)}</label>
            {hint.map(|h| view! { <div class="app-hint" id=hint_id.clone()>{move || lang.t(h)}</div> })}
            {move || error.get().map(|m| view! { <p class="app-error-message" id=error_id.clone()>{m}</p> })}
            <input class="app-input" id=id name=id type=kind autocomplete=autocomplete spellcheck="false"
                aria-describedby=described aria-invalid=move || error.get().is_some().then_some("true")
                prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))/>
        </div>
    }
}

/// The `aria-describedby` of an input: its hint (if any) and, while shown, its error.
pub fn described_by(
    hint_id: Option<String>,
    error_id: String,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
    move || {
        let ids: Vec<&str> = hint_id
            .iter()
            .map(String::as_str)
            .chain(error.get().is_some().then_some(error_id.as_str()))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A checkbox that confirms something the text `hint_id` explains, with its error from
/// `items` (for target `id`) above it.
#[component]
pub fn ConfirmBox(
    id: &'static str,
    label: Key,
    hint_id: &'static str,
    checked: RwSignal<bool>,
    items: RwSignal<Vec<SummaryItem>>,
) -> impl IntoView {
    let error = error_for(items, id);
    let error_id = format!("{id}-error");
    let described = described_by(Some(hint_id.to_owned()), error_id.clone(), error);
    view! {
        <div class=move || if error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
            {move || error.get().map(|m| view! { <p class="app-error-message" id=error_id.clone()>{m}</p> })}
            <div class="app-choice">
                <input class="app-choice__input" type="checkbox" id=id name=id aria-describedby=described
                    prop:checked=move || checked.get() on:change=move |e| checked.set(event_target_checked(&e))/>
                <label class="app-choice__label" for=id>{crate::lang::tr(label)}</label>
            </div>
        </div>
    }
}

/// The contract's rules for a staff body member, as a form field labelled `label`, so its
/// errors read like every other form error.
pub fn field(code: &str, label: &str) -> Field {
    use banshi_contract::staff::{MAX_ACCOUNT_NAME, MAX_LABEL, MAX_PASSWORD, MIN_PASSWORD};
    let count = |n: usize| u32::try_from(n).ok();
    let (min_length, max_length) = match code {
        "name" => (count(2), count(MAX_ACCOUNT_NAME)),
        "new_password" => (count(MIN_PASSWORD), count(MAX_PASSWORD)),
        "display_name" | "label" => (None, count(MAX_LABEL)),
        "helper.name" => (None, count(banshi_contract::HelperRecord::MAX_NAME)),
        "helper.note" => (None, count(banshi_contract::HelperRecord::MAX_NOTE)),
        "note" | "text" => (None, count(banshi_contract::StatusChange::MAX_NOTE)),
        "missing" => (None, count(banshi_contract::StatusChange::MAX_MISSING_ITEM)),
        _ => (None, None),
    };
    Field {
        code: code.to_owned(),
        datatype: Datatype::String,
        required: true,
        label: label.to_owned(),
        hint: None,
        min_length,
        max_length,
        min: None,
        max: None,
        pattern: None,
        values: Vec::new(),
        contact: None,
    }
}

/// An error-summary item for input `target`, checked against `code`'s rules.
pub fn item(
    lang: Lang,
    target: &str,
    code: &str,
    label: Key,
    error: FieldErrorCode,
) -> SummaryItem {
    let field = field(code, lang.t(label));
    SummaryItem {
        target: Some(target.to_owned()),
        message: crate::field_errors::message(lang.locale_untracked(), error, &field),
    }
}

/// The message key for a failed staff call that is not about one field.
pub fn staff_error_key(error: &ApiError) -> Key {
    match error {
        ApiError::Problem(p) => match p.code {
            ErrorCode::SignInFailed => Key::StaffSignInFailed,
            ErrorCode::Unauthorized => Key::StaffSignedOut,
            ErrorCode::Forbidden => Key::StaffForbidden,
            ErrorCode::CsrfTokenInvalid => Key::StaffReload,
            ErrorCode::NameTaken => Key::StaffNameTaken,
            ErrorCode::PasswordChangeRequired => Key::StaffMustChange,
            _ => api_error_key(error),
        },
        other => api_error_key(other),
    }
}

/// Summary items for a failed staff call: one per field error the backend named (with
/// `targets` mapping body members to input ids), else one for the whole call.
pub fn problem_items(
    lang: Lang,
    error: &ApiError,
    targets: &[(&str, &'static str)],
) -> Vec<SummaryItem> {
    if let ApiError::Problem(p) = error
        && !p.errors.is_empty()
    {
        return p
            .errors
            .iter()
            .map(|e| SummaryItem {
                target: targets
                    .iter()
                    .find(|(member, _)| *member == e.field)
                    .map(|(_, id)| (*id).to_owned()),
                message: e.message.clone(),
            })
            .collect();
    }
    vec![SummaryItem {
        target: None,
        message: lang.t(staff_error_key(error)).to_owned(),
    }]
}

/// The label of a role.
/// The label of a kind of ticket.
pub fn kind_key(kind: banshi_contract::ServiceKind) -> Key {
    match kind {
        banshi_contract::ServiceKind::Request => Key::StaffKindRequest,
        banshi_contract::ServiceKind::Complaint => Key::StaffKindComplaint,
        banshi_contract::ServiceKind::Assistance => Key::StaffKindAssistance,
        banshi_contract::ServiceKind::Unknown => Key::StaffKindUnknown,
    }
}

/// The kinds a ticket can be of, in the order staff choose them.
pub const KINDS: [banshi_contract::ServiceKind; 3] = [
    banshi_contract::ServiceKind::Request,
    banshi_contract::ServiceKind::Complaint,
    banshi_contract::ServiceKind::Assistance,
];

pub fn role_key(role: banshi_contract::StaffRole) -> Key {
    match role {
        banshi_contract::StaffRole::Clerk => Key::StaffRoleClerk,
        banshi_contract::StaffRole::Officer => Key::StaffRoleOfficer,
        banshi_contract::StaffRole::Supervisor => Key::StaffRoleSupervisor,
    }
}

/// A table cell with when a token or kiosk was revoked, or else a button named by
/// `named` (a key with a `{label}`) that revokes it: `revoke` makes the call, then the cell
/// clears `failed` and runs `done`, or puts the failure in `failed`.
#[component]
pub fn RevokeCell<F>(
    revoked_at: Option<String>,
    label: String,
    named: Key,
    revoke: F,
    failed: RwSignal<Option<Key>>,
    done: Callback<()>,
) -> impl IntoView
where
    F: Fn() -> crate::api::ApiFuture<()> + Send + Sync + 'static,
{
    let lang = crate::lang::use_lang();
    match revoked_at {
        Some(at) => {
            let at = crate::model::format::local_minutes(&at);
            view! { <span>{move || lang.t_with(Key::StaffRevokedAt, &[("at", &at)])}</span> }
                .into_any()
        }
        None => view! {
            <button type="button" class="app-button app-button--secondary"
                aria-label=move || lang.t_with(named, &[("label", &label)])
                on:click=move |_| {
                    let pending = revoke();
                    leptos::task::spawn_local(async move {
                        match pending.await {
                            Ok(()) => {
                                failed.set(None);
                                done.run(());
                            }
                            Err(error) => failed.set(Some(staff_error_key(&error))),
                        }
                    });
                }>{move || lang.t(Key::StaffRevoke)}</button>
        }
        .into_any(),
    }
}
