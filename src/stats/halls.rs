//! The hall figures on the statistics pages: per hall, a table of its lines (and, for staff,
//! its windows) with the waits, long waits, no-shows, visit ratings and the wait estimate's
//! mean error. Their texts are the `stats` message group's.

use banshi_contract::{HallFigures, QueueFigures, QueueGroup};
use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::{Lang, tr, use_lang};
use crate::model::stats::percent;

/// Every hall's figures (nothing from a backend without halls).
#[component]
pub fn HallFiguresSection(halls: Vec<HallFigures>) -> impl IntoView {
    let lang = use_lang();
    (!halls.is_empty()).then(|| {
        let target = halls[0].target_minutes.to_string();
        let tables = halls
            .into_iter()
            .map(|hall| {
                let name = hall.name.clone();
                let windows = (!hall.windows.is_empty()).then(|| {
                    view! {
                        <QueueTable id=format!("hall-{}-windows", hall.hall) hall=name.clone()
                            caption=Key::HallstatsWindowsCaption label=Key::HallstatsWindow
                            groups=hall.windows.clone() overall=None with_code=false/>
                    }
                });
                view! {
                    <QueueTable id=format!("hall-{}-lines", hall.hall) hall=name
                        caption=Key::HallstatsLinesCaption label=Key::HallstatsLine
                        groups=hall.lines overall=Some(hall.overall) with_code=true/>
                    {windows}
                }
            })
            .collect_view();
        view! {
            <section class="app-section" aria-labelledby="hall-stats-title" id="hall-stats">
                <h2 class="app-heading-l" id="hall-stats-title">{tr(Key::HallstatsTitle)}</h2>
                <p class="app-body">{move || lang.t_with(Key::HallstatsLead, &[("target", &target)])}</p>
                {tables}
            </section>
        }
    })
}

/// `minutes` as it reads in a cell, or the no-data mark.
fn minutes_text(lang: Lang, minutes: Option<u32>) -> String {
    minutes.map_or_else(
        || lang.t(Key::StatsNoData).to_owned(),
        |m| lang.t_with(Key::HallstatsMinutes, &[("minutes", &m.to_string())]),
    )
}

/// Cell `column` (0 to 6) of a row's figures, as it reads.
fn cell(lang: Lang, figures: &QueueFigures, column: usize) -> String {
    let share = |ratio| percent(ratio).unwrap_or_else(|| lang.t(Key::StatsNoData).to_owned());
    match column {
        0 => figures.taken.to_string(),
        1 => minutes_text(lang, figures.average_wait_minutes),
        2 => minutes_text(lang, figures.p90_wait_minutes),
        3 => share(figures.over_target),
        4 => share(figures.no_shows),
        5 => share(figures.satisfied),
        _ => minutes_text(lang, figures.estimate_error_minutes),
    }
}

/// One table: a row per line or window (named with its code first, `A 税务与社保`, where
/// `with_code`), and the hall's own row under them where given.
#[component]
fn QueueTable(
    id: String,
    hall: String,
    caption: Key,
    label: Key,
    groups: Vec<QueueGroup>,
    overall: Option<QueueFigures>,
    with_code: bool,
) -> impl IntoView {
    let lang = use_lang();
    let caption_id = format!("{id}-caption");
    let labelled_by = caption_id.clone();
    let row = move |name: String, figures: QueueFigures| {
        let figures = StoredValue::new(figures);
        view! {
            <tr>
                <th scope="row">{name}</th>
                {(0..7)
                    .map(|i| view! {
                        <td class="app-table__number">{move || figures.with_value(|f| cell(lang, f, i))}</td>
                    })
                    .collect_view()}
            </tr>
        }
    };
    let rows = groups
        .into_iter()
        .map(|g| {
            let name = if with_code {
                format!("{} {}", g.code, g.name)
            } else {
                g.name
            };
            row(name, g.figures)
        })
        .collect_view();
    let all = overall.map(|figures| row(lang.t(Key::HallstatsAll).to_owned(), figures));
    let heads = [
        Key::HallstatsTaken,
        Key::HallstatsAverage,
        Key::HallstatsP90,
        Key::HallstatsOverTarget,
        Key::HallstatsNoShows,
        Key::HallstatsSatisfied,
        Key::HallstatsEstimateError,
    ]
    .into_iter()
    .map(|key| view! { <th scope="col">{tr(key)}</th> })
    .collect_view();
    view! {
        <div class="app-table-scroll" role="region" aria-labelledby=labelled_by tabindex="0">
            <table class="app-table" id=id>
                <caption class="app-table__caption" id=caption_id>
                    {move || lang.t_with(caption, &[("hall", &hall)])}
                </caption>
                <thead><tr><th scope="col">{tr(label)}</th>{heads}</tr></thead>
                <tbody>{rows}{all}</tbody>
            </table>
        </div>
    }
}
