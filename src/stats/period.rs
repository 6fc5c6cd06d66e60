//! The period form of the statistics pages: two dates, checked by the contract's rules
//! before anything is fetched, and the backend's errors on them shown the same way.

use banshi_contract::stats::{MAX_MONTHS, PeriodProblem};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::{ErrorSummary, SummaryItem};
use crate::i18n::Key;
use crate::lang::{Lang, tr, use_lang};
use crate::model::stats::{period_input, period_problem};

fn problem_text(lang: Lang, problem: PeriodProblem) -> String {
    match problem {
        PeriodProblem::NotADate("to") => lang.t(Key::StatsToInvalid).to_owned(),
        PeriodProblem::NotADate(_) => lang.t(Key::StatsFromInvalid).to_owned(),
        PeriodProblem::EndsBeforeStart => lang.t(Key::StatsEndsBeforeStart).to_owned(),
        PeriodProblem::TooLong => {
            lang.t_with(Key::StatsTooLong, &[("months", &MAX_MONTHS.to_string())])
        }
    }
}

/// The backend's field errors on the period, as error-summary items on its inputs.
pub fn period_items(error: &ApiError) -> Vec<SummaryItem> {
    match error {
        ApiError::Problem(problem) if problem.status == 422 => problem
            .errors
            .iter()
            .map(|e| SummaryItem {
                target: Some(period_input(&e.field).to_owned()),
                message: e.message.clone(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The form: `from` and `to` as in the address; `show` is asked to show a checked period;
/// `rejected` holds the backend's errors on the one shown.
#[component]
pub fn PeriodForm(
    from: String,
    to: String,
    #[prop(into)] show: Callback<(String, String)>,
    #[prop(into)] rejected: Signal<Vec<SummaryItem>>,
) -> impl IntoView {
    let lang = use_lang();
    let from_typed = RwSignal::new(from.clone());
    let to_typed = RwSignal::new(to.clone());
    let checked = RwSignal::new(Vec::<SummaryItem>::new());
    let items = Signal::derive(move || {
        let checked = checked.get();
        if checked.is_empty() {
            rejected.get()
        } else {
            checked
        }
    });
    let error_for = move |id: &'static str| {
        Signal::derive(move || {
            items
                .get()
                .into_iter()
                .find(|i| i.target.as_deref() == Some(id))
                .map(|i| i.message)
        })
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (from, to) = (from_typed.get_untracked(), to_typed.get_untracked());
        match period_problem(&from, &to) {
            Some((id, problem)) => checked.set(vec![SummaryItem {
                target: Some(id.to_owned()),
                message: problem_text(lang, problem),
            }]),
            None => {
                checked.set(Vec::new());
                show.run((from.trim().to_owned(), to.trim().to_owned()));
            }
        }
    };
    view! {
        <ErrorSummary items/>
        <form class="app-form app-period" novalidate on:submit=on_submit>
            <fieldset class="app-fieldset" aria-describedby="stats-period-hint">
                <legend class="app-label">{tr(Key::StatsPeriodLegend)}</legend>
                <div class="app-hint" id="stats-period-hint">{tr(Key::StatsPeriodHint)}</div>
                <div class="app-period__days">
                    <DayInput id="stats-from" label=Key::StatsFrom value=from_typed error=error_for("stats-from")/>
                    <DayInput id="stats-to" label=Key::StatsTo value=to_typed error=error_for("stats-to")/>
                </div>
            </fieldset>
            <button type="submit" class="app-button">{tr(Key::StatsShow)}</button>
        </form>
    }
}

#[component]
fn DayInput(
    id: &'static str,
    label: Key,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    let initial = value.get_untracked();
    view! {
        <div class=move || if error.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
            <label class="app-label" for=id>{tr(label)}</label>
            {move || error.get().map(|m| view! {
                <p class="app-error-message" id=error_id.clone()>
                    <span class="app-visually-hidden">{tr(Key::ErrorPrefix)}</span>{m}
                </p>
            })}
            <input class="app-input app-input--date" id=id name=id type="date" value=initial
                aria-describedby=described
                on:input=move |e| value.set(event_target_value(&e))/>
        </div>
    }
}
