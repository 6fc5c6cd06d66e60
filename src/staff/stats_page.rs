//! `/staff/stats`: the public statistics per service and per officer, for officers (their
//! own line and their categories' services) and supervisors, each table downloadable as CSV.

use banshi_contract::{Stats, StatsGroup};
use leptos::prelude::*;

use crate::api::{Backend, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{Lang, tr, use_lang};
use crate::load::Load;
use crate::model::stats::{CSV_COLUMNS, csv_href, group_csv, one_decimal, percent};
use crate::nav::{Route, use_navigate};
use crate::stats::{FigureList, PeriodForm, given, period_items};

use super::case_page::CASE_HANDLERS;
use super::frame::StaffFrame;

/// `/staff/stats?from=…&to=…`.
#[component]
pub fn StaffStatsPage(from: String, to: String) -> impl IntoView {
    let lang = use_lang();
    let public = Route::Stats {
        from: from.clone(),
        to: to.clone(),
    }
    .href();
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::StaffStatsTitle).to_owned())/>
        <p class="app-body">{tr(Key::StaffStatsIntro)}</p>
        <p class="app-body"><a class="app-link" href=public>{tr(Key::StaffStatsPublicLink)}</a></p>
        <StaffFrame roles=CASE_HANDLERS page=move |_| {
            let (from, to) = (from.clone(), to.clone());
            view! { <Figures from to/> }
        }/>
    }
}

#[component]
fn Figures(from: String, to: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let navigate = use_navigate();
    let stats = {
        let (from, to) = (given(&from), given(&to));
        Load::new(move || backend.staff_stats(lang.locale(), from.clone(), to.clone()))
    };
    let rejected = Signal::derive(move || match stats.get() {
        Some(Err(error)) => period_items(&error),
        _ => Vec::new(),
    });
    let show = move |(from, to): (String, String)| navigate(Route::StaffStats { from, to });
    view! {
        <PeriodForm from to show rejected/>
        {move || match stats.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(stats)) => view! { <Tables stats/> }.into_any(),
            Some(Err(error)) if !period_items(&error).is_empty() => ().into_any(),
            Some(Err(error)) => view! { <ApiErrorView error retry=move |_| stats.refetch()/> }.into_any(),
        }}
    }
}

/// The CSV header line, with `name` for the first column.
fn csv_headers(lang: Lang, name: Key) -> [&'static str; CSV_COLUMNS] {
    [
        name,
        Key::StaffStatsColCode,
        Key::StaffStatsColFiled,
        Key::StaffStatsColFinished,
        Key::StaffStatsColOnTime,
        Key::StaffStatsColMedian,
        Key::StaffStatsColRatings,
        Key::StaffStatsColSatisfied,
        Key::StaffStatsColGood,
        Key::StaffStatsColRated,
        Key::StaffStatsColBadDue,
        Key::StaffStatsColReworked,
        Key::StaffStatsColPending,
        Key::StaffStatsColRuled,
    ]
    .map(|key| lang.t(key))
}

#[component]
fn Tables(stats: Stats) -> impl IntoView {
    let lang = use_lang();
    let period = format!("{}_{}", stats.from, stats.to);
    view! {
        <section class="app-section" aria-labelledby="stats-figures-title">
            <h2 class="app-heading-l" id="stats-figures-title">{tr(Key::StatsFiguresTitle)}</h2>
            <p class="app-body" id="stats-period">
                <strong>{
                    let (from, to) = (stats.from.clone(), stats.to.clone());
                    move || lang.t_with(Key::StatsPeriodShown, &[("from", &from), ("to", &to)])
                }</strong>
            </p>
            <FigureList figures=stats.overall.clone() id="stats-overall"/>
        </section>
        <GroupTable id="stats-services" title=Key::StaffStatsServices name=Key::StaffStatsService
            export=Key::StaffStatsExportServices file=format!("banshi-stats-services-{period}.csv")
            groups=stats.services.clone()/>
        <GroupTable id="stats-officers" title=Key::StaffStatsOfficers name=Key::StaffStatsOfficer
            export=Key::StaffStatsExportOfficers file=format!("banshi-stats-officers-{period}.csv")
            groups=stats.officers/>
        <crate::stats::HallFiguresSection halls=stats.halls/>
    }
}

/// One table of groups with its CSV download.
#[component]
fn GroupTable(
    id: &'static str,
    title: Key,
    name: Key,
    export: Key,
    file: String,
    groups: Vec<StatsGroup>,
) -> impl IntoView {
    let lang = use_lang();
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    if groups.is_empty() {
        return view! {
            <section class="app-section" aria-labelledby=labelled_by>
                <h2 class="app-heading-l" id=title_id>{tr(title)}</h2>
                <p class="app-body">{tr(Key::StaffStatsEmpty)}</p>
            </section>
        }
        .into_any();
    }
    let href = {
        let groups = groups.clone();
        move || {
            let headers = csv_headers(lang, name);
            csv_href(&group_csv(&headers, &groups, lang.t(Key::StaffStatsNobody)))
        }
    };
    let none = move || lang.t(Key::StatsNoData).to_owned();
    let rows = groups
        .into_iter()
        .map(|group| {
            let figures = group.figures;
            let label = if group.code.is_empty() && group.name.is_empty() {
                lang.t(Key::StaffStatsNobody).to_owned()
            } else {
                group.name
            };
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td class="app-table__number">{figures.filed.to_string()}</td>
                    <td class="app-table__number">{figures.finished.to_string()}</td>
                    <td class="app-table__number">{percent(figures.on_time).unwrap_or_else(none)}</td>
                    <td class="app-table__number">{figures.median_working_days.map(one_decimal).unwrap_or_else(none)}</td>
                    <td class="app-table__number">{percent(figures.satisfied).unwrap_or_else(none)}</td>
                    <td class="app-table__number">{percent(figures.good).unwrap_or_else(none)}</td>
                    <td class="app-table__number">{percent(figures.rated).unwrap_or_else(none)}</td>
                    <td class="app-table__number">{percent(figures.reworked_on_time).unwrap_or_else(none)}</td>
                </tr>
            }
        })
        .collect_view();
    let region_labelled_by = title_id.clone();
    view! {
        <section class="app-section" aria-labelledby=labelled_by>
            <h2 class="app-heading-l" id=title_id>{tr(title)}</h2>
            <p class="app-body">
                <a class="app-button app-button--secondary" id=format!("{id}-csv") download=file href=href>{tr(export)}</a>
            </p>
            <div class="app-table-scroll" role="region" aria-labelledby=region_labelled_by tabindex="0">
                <table class="app-table" id=id>
                    <thead><tr>
                        <th scope="col">{tr(name)}</th>
                        <th scope="col">{tr(Key::StatsFiled)}</th>
                        <th scope="col">{tr(Key::StatsFinished)}</th>
                        <th scope="col">{tr(Key::StatsOnTime)}</th>
                        <th scope="col">{tr(Key::StatsMedian)}</th>
                        <th scope="col">{tr(Key::StatsSatisfied)}</th>
                        <th scope="col">{tr(Key::StatsGood)}</th>
                        <th scope="col">{tr(Key::StatsRated)}</th>
                        <th scope="col">{tr(Key::StatsReworked)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
