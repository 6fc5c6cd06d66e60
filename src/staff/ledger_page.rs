//! `/staff/bad-ratings`: the ledger of bad ratings (差评台账) with each one's rework, overdue
//! rework first; an officer sees the rework assigned to them, a supervisor all of it.

use banshi_contract::BadRating;
use leptos::prelude::*;

use crate::api::{Backend, use_backend};
use crate::components::score_key;
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::model::format::local_minutes;
use crate::nav::Route;

use super::case_page::CASE_HANDLERS;
use super::case_rework::{ruling_key, stage_key};
use super::frame::StaffFrame;

/// `/staff/bad-ratings`.
#[component]
pub fn StaffLedgerPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::StaffLedgerTitle).to_owned())/>
        <p class="app-body">{tr(Key::StaffLedgerIntro)}</p>
        <StaffFrame roles=CASE_HANDLERS page=move |_| view! { <Ledger/> }/>
    }
}

#[component]
fn Ledger() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let ledger = Load::new(move || backend.bad_ratings(lang.locale()));
    move || {
        match ledger.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => view! { <ApiErrorView error retry=move |_| ledger.refetch()/> }.into_any(),
        Some(Ok(ledger)) if ledger.items.is_empty() => {
            view! { <p class="app-body">{tr(Key::StaffLedgerEmpty)}</p> }.into_any()
        }
        Some(Ok(ledger)) => view! {
            <table class="app-table" id="bad-ratings">
                <thead><tr>
                    <th scope="col">{tr(Key::StaffLedgerTicket)}</th>
                    <th scope="col">{tr(Key::StaffLedgerRating)}</th>
                    <th scope="col">{tr(Key::StaffReworkStage)}</th>
                    <th scope="col">{tr(Key::StaffReworkDue)}</th>
                    <th scope="col">{tr(Key::StaffReworkOfficer)}</th>
                </tr></thead>
                <tbody>
                    {ledger.items.into_iter().map(|line| view! { <LedgerRow line/> }).collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
    }
    }
}

#[component]
fn LedgerRow(line: BadRating) -> impl IntoView {
    let lang = use_lang();
    let href = Route::StaffCase(line.ticket.clone()).href();
    let score = line.score;
    let rework = line.rework;
    view! {
        <tr>
            <td><a class="app-link" href=href>{line.ticket.clone()}</a><br/><span class="app-hint">{line.service_name.clone()}</span></td>
            <td>
                {move || lang.t(score_key(score))}
                <br/><span class="app-hint">{local_minutes(&line.rated_at)}</span>
                {(!line.comment.is_empty()).then(|| view! { <br/><span class="app-prewrap">{line.comment.clone()}</span> })}
            </td>
            <td>
                {tr(stage_key(rework.stage))}
                {rework.overdue.then(|| view! { " " <span class="app-due app-due--overdue">{tr(Key::StaffReworkOverdue)}</span> })}
                {line.ruling.map(|r| view! { <br/><span class="app-tag">{move || lang.t_with(Key::StaffLedgerRuled, &[("ruling", lang.t(ruling_key(r.ruling)))])}</span> })}
            </td>
            <td>{local_minutes(&rework.due_at)}</td>
            <td>{rework.officer.clone().unwrap_or_default()}</td>
        </tr>
    }
}
