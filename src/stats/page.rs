//! `/stats`: the centre's published figures over a period, each explained, with a chart of
//! the cases filed each month and one by category.

use banshi_contract::Stats;
use leptos::prelude::*;

use crate::api::{ApiError, Backend, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::model::format::local_minutes;
use crate::nav::{Route, use_navigate};

use super::{CategoryChart, FigureList, MonthChart, PeriodForm, period_items};

/// `Some(text)` unless it is blank.
pub fn given(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// `/stats?from=…&to=…`.
#[component]
pub fn StatsPage(from: String, to: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let navigate = use_navigate();
    let stats = {
        let (from, to) = (given(&from), given(&to));
        Load::new(move || backend.stats(lang.locale(), from.clone(), to.clone()))
    };
    let rejected = Signal::derive(move || match stats.get() {
        Some(Err(error)) => period_items(&error),
        _ => Vec::new(),
    });
    let show = move |(from, to): (String, String)| navigate(Route::Stats { from, to });
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::StatsTitle).to_owned())/>
        <p class="app-lead">{tr(Key::StatsIntro)}</p>
        <PeriodForm from to show rejected/>
        {move || match stats.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(stats)) => view! { <StatsBody stats/> }.into_any(),
            Some(Err(ApiError::Problem(problem))) if problem.status == 404 => view! {
                <p class="app-notice" id="stats-unavailable">{tr(Key::StatsUnavailable)}</p>
            }.into_any(),
            // The period's errors are in the form's summary.
            Some(Err(error)) if !period_items(&error).is_empty() => ().into_any(),
            Some(Err(error)) => view! { <ApiErrorView error retry=move |_| stats.refetch()/> }.into_any(),
        }}
    }
}

/// What a period's figures say: when, the key figures, the charts.
#[component]
pub fn StatsBody(stats: Stats) -> impl IntoView {
    let lang = use_lang();
    let (from, to) = (stats.from.clone(), stats.to.clone());
    let at = local_minutes(&stats.generated_at);
    view! {
        <section class="app-section" aria-labelledby="stats-figures-title">
            <h2 class="app-heading-l" id="stats-figures-title">{tr(Key::StatsFiguresTitle)}</h2>
            <p class="app-body" id="stats-period">
                <strong>{move || lang.t_with(Key::StatsPeriodShown, &[("from", &from), ("to", &to)])}</strong>
                " "
                <span class="app-hint-inline">{move || lang.t_with(Key::StatsGenerated, &[("at", &at)])}</span>
            </p>
            <FigureList figures=stats.overall.clone() id="stats-overall"/>
        </section>
        <section class="app-section">
            <MonthChart stats=stats.clone()/>
        </section>
        <section class="app-section">
            <CategoryChart stats=stats.clone()/>
        </section>
        <super::HallFiguresSection halls=stats.halls/>
    }
}
