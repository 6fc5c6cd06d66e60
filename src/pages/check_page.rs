//! Check your answers: each answer with a change link, then submission. A submission that
//! fails keeps the draft and its idempotency key, so "try again" can never file twice.

use banshi_contract::{Answer, Datatype, Field, NotifyChannel, RequestSubmission, Service};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::apply_page::{agent_texts, all_fields, stored_draft, summary_items};
use crate::api::{ApiError, Backend, use_backend};
use crate::components::{ApiErrorView, ErrorSummary, Loading, PageHeading, SummaryItem};
use crate::field_errors;
use crate::i18n::Key;
use crate::lang::{Lang, tr, use_lang};
use crate::load::Load;
use crate::model::draft::Draft;
use crate::model::notify;
use crate::model::saved::SavedTicket;
use crate::my_tickets::use_my_tickets;
use crate::nav::{Route, use_navigate};
use crate::storage;

/// `/s/{code}/check`.
#[component]
pub fn CheckPage(code: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let meta_backend = backend.clone();
    let service = Load::new(move || backend.service(lang.locale(), code.clone()));
    // What the backend can do; without an answer the page offers no notifications.
    let meta = Load::new(move || meta_backend.meta(lang.locale()));
    move || match service.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(service)) => {
            let channels = Signal::derive(move || {
                meta.get()
                    .and_then(Result::ok)
                    .map(|m| m.notifications)
                    .unwrap_or_default()
            });
            view! { <CheckAnswers service channels/> }.into_any()
        }
        Some(Err(error)) => {
            view! { <ApiErrorView error retry=move |_| service.refetch()/> }.into_any()
        }
    }
}

/// How an answer reads back to the citizen.
fn shown(lang: Lang, field: &Field, draft: &Draft) -> String {
    match (field.datatype, draft.answer(field)) {
        (_, Ok(None)) => lang.t(Key::CheckNotAnswered).to_owned(),
        (Datatype::Boolean, Ok(Some(Answer::Bool(on)))) => lang
            .t(if on { Key::CommonYes } else { Key::CommonNo })
            .to_owned(),
        (_, Ok(Some(Answer::Text(key)))) if field.datatype.is_list() => field
            .values
            .iter()
            .find(|v| v.key == key)
            .map_or(key, |v| v.name.clone()),
        (_, Ok(Some(Answer::List(keys)))) => keys
            .iter()
            .filter_map(|k| {
                field
                    .values
                    .iter()
                    .find(|v| &v.key == k)
                    .map(|v| v.name.clone())
            })
            .collect::<Vec<_>>()
            .join(lang.t(Key::CommonListSeparator)),
        (_, Ok(Some(Answer::Text(text)))) => text,
        (_, Ok(Some(Answer::Number(n)))) => n.to_string(),
        (_, Ok(Some(Answer::Bool(_)))) | (_, Err(_)) => draft.text(&field.code),
    }
}

/// A fresh random idempotency key (128 bits, hex).
fn new_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[component]
fn CheckAnswers(service: Service, channels: Signal<Vec<NotifyChannel>>) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let navigate = use_navigate();
    let tickets = use_my_tickets();
    let code = service.summary.service_code.clone();
    let draft = stored_draft(&code);
    let fields = StoredValue::new(service.fields.clone());
    let name = service.summary.service_name.clone();
    let submitting = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let server_items = RwSignal::new(Vec::<SummaryItem>::new());
    let offered = Signal::derive(move || notify::offered(&fields.get_value(), &channels.get()));
    let local_items = Signal::derive(move || {
        let all = draft.with(|d| all_fields(lang, &fields.get_value(), d));
        let problems = draft.with(|d| d.problems(&all));
        let mut items = summary_items(lang, &all, &problems);
        let blank = draft.with(|d| {
            let fields = fields.get_value();
            notify::blank_contact(d, &fields, notify::chosen(d, &offered.get())).map(|f| f.contact)
        });
        if let Some(contact) = blank {
            let key = if contact == Some(banshi_contract::ContactRole::Phone) {
                Key::NotifyNeedsPhone
            } else {
                Key::NotifyNeedsEmail
            };
            // The contact field is on the form; its row below links to it.
            items.push(SummaryItem {
                target: None,
                message: lang.t(key).to_owned(),
            });
        }
        items
    });
    let items = Signal::derive(move || {
        let mut all = local_items.get();
        all.extend(server_items.get());
        all
    });
    let apply_path = format!("/s/{code}/apply");

    let submit = {
        let (code, name) = (code.clone(), name.clone());
        move || {
            if submitting.get_untracked() || !local_items.get_untracked().is_empty() {
                return;
            }
            let key = draft
                .with_untracked(|d| d.idempotency_key.clone())
                .unwrap_or_else(new_key);
            draft.update(|d| d.idempotency_key = Some(key.clone()));
            let answers = draft.with_untracked(|d| d.answers(&fields.get_value()));
            let submission = RequestSubmission {
                notify: draft.with_untracked(|d| notify::chosen(d, &offered.get_untracked())),
                service_code: code.clone(),
                answers,
                locale: Some(lang.locale()),
                agent: draft.with_untracked(|d| d.agent(&agent_texts(lang))),
            };
            let (backend, navigate, name, code) = (
                backend.clone(),
                navigate.clone(),
                name.clone(),
                code.clone(),
            );
            submitting.set(true);
            failure.set(None);
            server_items.set(Vec::new());
            spawn_local(async move {
                match backend
                    .submit(lang.locale_untracked(), key, submission)
                    .await
                {
                    Ok(receipt) => {
                        tickets.update(|t| {
                            t.remember(SavedTicket {
                                ticket: receipt.ticket.clone(),
                                access_code: receipt.access_code.clone(),
                                service_name: name,
                                submitted_at: receipt.submitted_at.clone(),
                                expected_datetime: receipt.expected_datetime.clone(),
                            })
                        });
                        storage::remove(&storage::draft_key(&code));
                        navigate(Route::Done(receipt.ticket.clone()));
                    }
                    Err(ApiError::Problem(problem)) if !problem.errors.is_empty() => {
                        let locale = lang.locale_untracked();
                        let list = problem
                            .errors
                            .iter()
                            .map(|e| SummaryItem {
                                target: None,
                                message: draft
                                    .with_untracked(|d| all_fields(lang, &fields.get_value(), d))
                                    .iter()
                                    .find(|f| {
                                        f.code == e.field
                                            || crate::model::agent::draft_code(&e.field).as_deref()
                                                == Some(f.code.as_str())
                                    })
                                    .map_or_else(
                                        || e.message.clone(),
                                        |f| field_errors::message(locale, e.code, f),
                                    ),
                            })
                            .collect();
                        server_items.set(list);
                    }
                    Err(error) => failure.set(Some(error)),
                }
                submitting.set(false);
            });
        }
    };
    let retry = {
        let submit = submit.clone();
        Callback::new(move |_| submit())
    };

    view! {
        <ErrorSummary items/>
        <PageHeading text=Signal::derive(move || lang.t(Key::CheckTitle).to_owned())/>
        <p class="app-lead">{name.clone()}</p>
        <dl class="app-summary-list">
            {service.fields.iter().map(|field| {
                view! { <AnswerRow field=field.clone() draft apply_path=apply_path.clone()/> }
            }).collect_view()}
        </dl>
        {move || {
            let agent = draft.with(|d| d.agent_fields(&agent_texts(lang)));
            (!agent.is_empty()).then(|| view! {
                <h2 class="app-heading-m">{tr(Key::CheckAgentHeading)}</h2>
                <dl class="app-summary-list">
                    {agent.into_iter().map(|field| view! { <AnswerRow field draft apply_path=apply_path.clone()/> }).collect_view()}
                </dl>
            })
        }}
        {move || failure.get().map(|error| view! {
            <div class="app-notice app-notice--error" role="alert">
                <p>{tr(Key::CheckKeptNote)}</p>
                <ApiErrorView error retry/>
            </div>
        })}
        {move || {
            let offered = offered.get();
            (!offered.is_empty()).then(|| view! { <NotifyChoice offered draft/> })
        }}
        <h2 class="app-heading-m">{tr(Key::CheckDeclarationTitle)}</h2>
        <p class="app-body">{tr(Key::CheckDeclaration)}</p>
        <button type="button" class="app-button" disabled=move || submitting.get() on:click={let submit = submit.clone(); move |_| submit()}>
            {move || lang.t(if submitting.get() { Key::CheckSubmitting } else { Key::CheckSubmit })}
        </button>
    }
}

/// One answer as the citizen gave it, with a link back to its question on `apply_path`.
#[component]
fn AnswerRow(field: Field, draft: RwSignal<Draft>, apply_path: String) -> impl IntoView {
    let lang = use_lang();
    let change = format!(
        "{apply_path}#{}",
        crate::components::field_input::input_id(&field.code)
    );
    let label = field.label.clone();
    view! {
        <div class="app-summary-list__row">
            <dt class="app-summary-list__key">{label.clone()}</dt>
            <dd class="app-summary-list__value">{move || draft.with(|d| shown(lang, &field, d))}</dd>
            <dd class="app-summary-list__actions">
                <a href=change>{tr(Key::CheckChange)}<span class="app-visually-hidden">" " {label}</span></a>
            </dd>
        </div>
    }
}

/// How the citizen wants to be told of progress: each channel the form can offer, or none;
/// kept in the draft like an answer.
#[component]
fn NotifyChoice(offered: Vec<NotifyChannel>, draft: RwSignal<Draft>) -> impl IntoView {
    let lang = use_lang();
    let current = move || draft.with(|d| d.text(notify::DRAFT_KEY));
    let choice = move |value: &'static str, key: Key| {
        let id = format!("notify-{value}");
        view! {
            <div class="app-choice">
                <input class="app-choice__input" type="radio" name="notify" id=id.clone() value=value
                    prop:checked=move || current() == value || (value == "none" && NotifyChannel::from_name(&current()).is_none())
                    on:change=move |_| draft.update(|d| d.set_text(notify::DRAFT_KEY, value.to_owned()))/>
                <label class="app-choice__label" for=id>{move || lang.t(key)}</label>
            </div>
        }
    };
    view! {
        <h2 class="app-heading-m">{tr(Key::NotifyHeading)}</h2>
        <div class="app-form-group">
            <fieldset class="app-fieldset" aria-describedby="notify-hint">
                <legend class="app-label">{tr(Key::NotifyQuestion)}</legend>
                <p class="app-hint" id="notify-hint">{tr(Key::NotifyHint)}</p>
                {offered.into_iter().map(|channel| match channel {
                    NotifyChannel::Sms => choice("sms", Key::NotifySms).into_any(),
                    _ => choice("email", Key::NotifyEmail).into_any(),
                }).collect_view()}
                {choice("none", Key::NotifyNone)}
            </fieldset>
        </div>
    }
}
