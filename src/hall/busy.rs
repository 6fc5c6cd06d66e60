//! The hall's busy hours on its page: the numbers usually taken in each opening hour of a
//! weekday as a bar chart (SVG, named by its caption) with the same figures in a table, and
//! the quietest hour left today, so that citizens can come when it is quiet.

use banshi_contract::{BusyDay, BusyHours};
use leptos::prelude::*;

use crate::api::{ApiError, Backend, use_backend};
use crate::components::ApiErrorView;
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::model::stats::{CHART_WIDTH, column_chart};

use super::status_page::WEEKDAYS;

/// `9` as `9:00`.
fn hour_label(hour: u8) -> String {
    format!("{hour}:00")
}

/// The busy-hours section of hall `hall` (nothing while it loads, or from a backend without
/// them: the live queue above is what the page is for).
#[component]
pub fn BusyHoursSection(hall: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let busy = Load::new(move || backend.busy_hours(lang.locale(), hall.clone()));
    // A backend without busy hours (before contract 1.1) answers 404: nothing to show.
    let absent = |error: &ApiError| match error {
        ApiError::Problem(problem) => problem.status == 404,
        ApiError::Status(status) => *status == 404,
        _ => false,
    };
    move || match busy.get() {
        None => ().into_any(),
        Some(Err(error)) if absent(&error) => ().into_any(),
        Some(Err(error)) => view! {
            <section class="app-section" id="busy-hours">
                <h2 class="app-heading-l">{tr(Key::BusyTitle)}</h2>
                <ApiErrorView error retry=move |_| busy.refetch()/>
            </section>
        }
        .into_any(),
        Some(Ok(busy)) if busy.days.is_empty() => ().into_any(),
        Some(Ok(busy)) => view! { <BusyChart busy/> }.into_any(),
    }
}

/// The chart and table of one weekday, chosen from the hall's (today's first).
#[component]
fn BusyChart(busy: BusyHours) -> impl IntoView {
    let lang = use_lang();
    let first = busy
        .today
        .filter(|today| busy.days.iter().any(|d| d.weekday == *today))
        .unwrap_or(busy.days[0].weekday);
    let chosen = RwSignal::new(first);
    let days = StoredValue::new(busy.days.clone());
    let weekday_name = move |weekday: u8| {
        WEEKDAYS
            .get(usize::from(weekday.saturating_sub(1)))
            .map_or("", |key| lang.t(*key))
    };
    let quietest = busy.quietest_today.map(|hour| {
        let (from, to) = (hour_label(hour), hour_label(hour + 1));
        view! {
            <p class="app-body" id="busy-quietest">
                <strong>{move || lang.t_with(Key::BusyQuietestToday, &[("from", &from), ("to", &to)])}</strong>
            </p>
        }
    });
    let weeks = busy.weeks.to_string();
    let options = busy
        .days
        .iter()
        .map(|day| {
            let weekday = day.weekday;
            view! {
                <option value=weekday.to_string() selected=weekday == first>
                    {move || weekday_name(weekday)}
                </option>
            }
        })
        .collect_view();
    let shown =
        move || days.with_value(|days| days.iter().find(|d| d.weekday == chosen.get()).cloned());
    view! {
        <section class="app-section" aria-labelledby="busy-title" id="busy-hours">
            <h2 class="app-heading-l" id="busy-title">{tr(Key::BusyTitle)}</h2>
            {quietest}
            <p class="app-body">{move || lang.t_with(Key::BusyLead, &[("weeks", &weeks)])}</p>
            <div class="app-form-group">
                <label class="app-label" for="busy-weekday">{tr(Key::BusyWeekday)}</label>
                <select class="app-input app-input--short" id="busy-weekday" on:change=move |event| {
                    if let Ok(weekday) = event_target_value(&event).parse() {
                        chosen.set(weekday);
                    }
                }>
                    {options}
                </select>
            </div>
            {move || shown().map(|day| {
                let weekday = weekday_name(day.weekday).to_owned();
                view! { <DayChart day weekday/> }
            })}
        </section>
    }
}

/// One weekday's hours: the chart, then its table.
#[component]
fn DayChart(day: BusyDay, weekday: String) -> impl IntoView {
    let lang = use_lang();
    let labels: Vec<(String, Option<String>)> = day
        .hours
        .iter()
        .map(|h| (hour_label(h.hour), None))
        .collect();
    let values: Vec<u64> = day.hours.iter().map(|h| u64::from(h.numbers)).collect();
    let (height, markup) = column_chart(&labels, &values);
    let caption = lang.t_with(Key::BusyCaption, &[("weekday", &weekday)]);
    let rows = day
        .hours
        .iter()
        .map(|h| {
            view! {
                <tr>
                    <th scope="row">{format!("{}–{}", hour_label(h.hour), hour_label(h.hour + 1))}</th>
                    <td class="app-table__number">{h.numbers.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="app-chart" id="busy-chart">
            <figcaption class="app-heading-m" id="busy-chart-title">{caption.clone()}</figcaption>
            <svg class="app-chart__image" viewBox=format!("0 0 {CHART_WIDTH} {height}") role="img"
                aria-labelledby="busy-chart-title" aria-describedby="busy-chart-note" inner_html=markup></svg>
            <p class="app-hint" id="busy-chart-note">{tr(Key::StatsChartTableNote)}</p>
        </figure>
        <div class="app-table-scroll" role="region" aria-labelledby="busy-table-caption" tabindex="0">
            <table class="app-table" id="busy-data">
                <caption class="app-table__caption" id="busy-table-caption">{caption}</caption>
                <thead><tr>
                    <th scope="col">{tr(Key::BusyHour)}</th>
                    <th scope="col">{tr(Key::BusyNumbers)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
