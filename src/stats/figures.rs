//! The key figures of a period, each with its value, what it is taken of and how it is
//! worked out.

use banshi_contract::Figures;
use banshi_contract::stats::Ratio;
use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::stats::{one_decimal, percent};

/// `figures` as a description list, `id` on the list.
#[component]
pub fn FigureList(figures: Figures, #[prop(into)] id: String) -> impl IntoView {
    let lang = use_lang();
    let tickets = move |ratio: Ratio| {
        move || {
            lang.t_with(
                Key::StatsShareOf,
                &[
                    ("count", &ratio.count.to_string()),
                    ("of", &ratio.of.to_string()),
                ],
            )
        }
    };
    let ratings = move |ratio: Ratio| {
        move || {
            lang.t_with(
                Key::StatsRatingsShareOf,
                &[
                    ("count", &ratio.count.to_string()),
                    ("of", &ratio.of.to_string()),
                ],
            )
        }
    };
    let (filed, finished) = (figures.filed.to_string(), figures.finished.to_string());
    let median = figures.median_working_days.map(one_decimal);
    let pending = figures.rework_pending;
    let ruled = figures.ruled_out;
    view! {
        <p class="app-body">
            {move || lang.t_with(Key::StatsVolume, &[("filed", &filed), ("finished", &finished)])}
        </p>
        <dl class="app-figures" id=id>
            <Figure name=Key::StatsOnTime how=Key::StatsOnTimeHow code="on-time"
                value=percent(figures.on_time) base=tickets(figures.on_time)()/>
            <Figure name=Key::StatsSatisfied how=Key::StatsSatisfiedHow code="satisfied"
                value=percent(figures.satisfied) base=ratings(figures.satisfied)()>
                {(ruled > 0).then(|| view! {
                    <p class="app-hint">{move || lang.t_with(Key::StatsRuledOut, &[("count", &ruled.to_string())])}</p>
                })}
            </Figure>
            <Figure name=Key::StatsGood how=Key::StatsGoodHow code="good"
                value=percent(figures.good) base=ratings(figures.good)()/>
            <Figure name=Key::StatsRated how=Key::StatsRatedHow code="rated"
                value=percent(figures.rated) base=tickets(figures.rated)()/>
            <Figure name=Key::StatsReworked how=Key::StatsReworkedHow code="reworked"
                value=percent(figures.reworked_on_time) base=ratings(figures.reworked_on_time)()>
                {(pending > 0).then(|| view! {
                    <p class="app-hint">{move || lang.t_with(Key::StatsPending, &[("count", &pending.to_string())])}</p>
                })}
            </Figure>
            <Figure name=Key::StatsMedian how=Key::StatsMedianHow code="median"
                value=median.map(|days| lang.t_with(Key::StatsMedianValue, &[("days", &days)]))
                base=String::new()/>
        </dl>
    }
}

/// One figure: its name, value (or "no data"), what it is taken of, how it is computed and
/// any further note.
#[component]
fn Figure(
    name: Key,
    how: Key,
    code: &'static str,
    value: Option<String>,
    base: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let has_value = value.is_some();
    view! {
        <div class="app-figure" data-figure=code>
            <dt class="app-figure__name">{tr(name)}</dt>
            <dd class="app-figure__value">{value.unwrap_or_else(|| tr(Key::StatsNoData)().to_owned())}</dd>
            {(has_value && !base.is_empty()).then(|| view! { <dd class="app-hint">{base}</dd> })}
            <dd class="app-figure__how">
                {tr(how)}
                {children.map(|c| c())}
            </dd>
        </div>
    }
}
