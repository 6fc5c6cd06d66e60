//! The bar charts of the statistics pages, drawn as SVG by [`crate::model::stats`]; each is
//! an image named by its caption and followed by a table of its data, so that a screen
//! reader reads the numbers instead of the picture.

use banshi_contract::{Locale, Stats};
use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::stats::{
    CHART_WIDTH, column_chart, month_label, one_decimal, percent, row_chart,
};

/// A chart: its caption, the drawing and the note that its data follows in a table.
#[component]
fn Chart(id: &'static str, caption: Key, height: u64, markup: String) -> impl IntoView {
    let title = format!("{id}-title");
    let note = format!("{id}-note");
    view! {
        <figure class="app-chart" id=id>
            <figcaption class="app-heading-m" id=title.clone()>{tr(caption)}</figcaption>
            <svg class="app-chart__image" viewBox=format!("0 0 {CHART_WIDTH} {height}") role="img"
                aria-labelledby=title aria-describedby=note.clone() inner_html=markup></svg>
            <p class="app-hint" id=note>{tr(Key::StatsChartTableNote)}</p>
        </figure>
    }
}

/// A chart's data: a table named by its caption, in a region that scrolls sideways on a
/// narrow screen (and takes focus, so a keyboard can scroll it); `{id}-data` is the table.
#[component]
fn DataTable(id: &'static str, caption: Key, head: AnyView, body: AnyView) -> impl IntoView {
    let caption_id = format!("{id}-table");
    let labelled_by = caption_id.clone();
    view! {
        <div class="app-table-scroll" role="region" aria-labelledby=labelled_by tabindex="0">
            <table class="app-table" id=format!("{id}-data")>
                <caption class="app-table__caption" id=caption_id>{tr(caption)}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// A month's name in a table: `2026年10月`, `Oct 2026`.
fn month_name(month: &str, locale: Locale) -> String {
    let (short, year) = month_label(month, true, locale);
    let year = year.unwrap_or_default();
    match locale {
        Locale::En => format!("{short} {year}"),
        _ => format!("{year}{short}"),
    }
}

/// Tickets filed each month: bars, then a table by month and category.
#[component]
pub fn MonthChart(stats: Stats) -> impl IntoView {
    let locale = use_lang().locale_untracked();
    let labels: Vec<_> = stats
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| month_label(&m.month, i == 0, locale))
        .collect();
    let values: Vec<u64> = stats.months.iter().map(|m| m.filed).collect();
    let (height, markup) = column_chart(&labels, &values);
    let header = stats
        .categories
        .iter()
        .map(|c| view! { <th scope="col">{c.name.clone()}</th> })
        .collect_view();
    let body = stats
        .months
        .iter()
        .map(|month| {
            view! {
                <tr>
                    <th scope="row">{month_name(&month.month, locale)}</th>
                    {month.by_category.iter().map(|n| view! { <td class="app-table__number">{n.to_string()}</td> }).collect_view()}
                    <td class="app-table__number">{month.filed.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let head = view! {
        <th scope="col">{tr(Key::StatsMonth)}</th>
        {header}
        <th scope="col">{tr(Key::StatsTotal)}</th>
    };
    view! {
        <Chart id="stats-months" caption=Key::StatsMonthsTitle height markup/>
        <DataTable id="stats-months" caption=Key::StatsMonthsTable head=head.into_any() body=body.into_any()/>
    }
}

/// Tickets filed by category: bars, then a table of each category's key figures.
#[component]
pub fn CategoryChart(stats: Stats) -> impl IntoView {
    let lang = use_lang();
    let labels: Vec<String> = stats.categories.iter().map(|c| c.name.clone()).collect();
    let values: Vec<u64> = stats.categories.iter().map(|c| c.figures.filed).collect();
    let (height, markup) = row_chart(&labels, &values);
    let none = move || lang.t(Key::StatsNoData).to_owned();
    let body = stats
        .categories
        .iter()
        .map(|category| {
            let figures = &category.figures;
            view! {
                <tr>
                    <th scope="row">{category.name.clone()}</th>
                    <td class="app-table__number">{figures.filed.to_string()}</td>
                    <td class="app-table__number">{figures.finished.to_string()}</td>
                    <td class="app-table__number">{percent(figures.on_time).unwrap_or_else(none)}</td>
                    <td class="app-table__number">{percent(figures.satisfied).unwrap_or_else(none)}</td>
                    <td class="app-table__number">{figures.median_working_days.map(one_decimal).unwrap_or_else(none)}</td>
                </tr>
            }
        })
        .collect_view();
    let head = [
        Key::StatsCategory,
        Key::StatsFiled,
        Key::StatsFinished,
        Key::StatsOnTime,
        Key::StatsSatisfied,
        Key::StatsMedian,
    ]
    .map(|key| view! { <th scope="col">{tr(key)}</th> })
    .collect_view();
    view! {
        <Chart id="stats-categories" caption=Key::StatsCategoriesTitle height markup/>
        <DataTable id="stats-categories" caption=Key::StatsCategoriesTable head=head.into_any() body=body.into_any()/>
    }
}
