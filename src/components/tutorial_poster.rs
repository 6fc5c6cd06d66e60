//! One printed tutorial poster: the QR code, the title in zh-Hans, zh-Hant and English, the
//! short address under it for people who cannot scan, and how far away it scans from.

use banshi_contract::TutorialSummary;
use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::number::format_decimal;
use crate::model::qr::{scanning_distance_cm, tutorial_url};

use super::QrImage;

/// Printed width of the code on a single poster, in centimetres (as `style/qr.css` sets it).
pub const LARGE_CM: u32 = 12;
/// Printed width of the code on a sheet of four posters, in centimetres.
pub const SMALL_CM: u32 = 6;

/// The poster for one tutorial; `titles` holds it in zh-Hans and, when the backend has them,
/// zh-Hant and English.
#[component]
pub fn TutorialPoster(
    titles: (
        TutorialSummary,
        Option<TutorialSummary>,
        Option<TutorialSummary>,
    ),
    large: bool,
) -> impl IntoView {
    let lang = use_lang();
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let (hans, hant, en) = titles;
    let payload = tutorial_url(&origin, &hans.id);
    let short = format!(
        "{}/t/{}",
        origin
            .trim_start_matches("https://")
            .trim_start_matches("http://"),
        hans.id
    );
    let side_cm = if large { LARGE_CM } else { SMALL_CM };
    let size = side_cm.to_string();
    let metres = format_decimal(f64::from(scanning_distance_cm(side_cm)) / 100.0);
    let label = {
        let title = hans.title.clone();
        Signal::derive(move || lang.t_with(Key::PosterQrLabel, &[("title", &title)]))
    };
    let class = if large {
        "app-poster app-poster--large"
    } else {
        "app-poster"
    };
    view! {
        <article class=class>
            <h2 class="app-poster__title" lang="zh-Hans">{hans.title.clone()}</h2>
            {hant.map(|t| view! { <p class="app-poster__title-alt" lang="zh-Hant">{t.title}</p> })}
            {en.map(|t| view! { <p class="app-poster__title-alt" lang="en">{t.title}</p> })}
            <QrImage payload label class=if large { "app-qr--poster-large" } else { "app-qr--poster" }/>
            <p class="app-poster__scan">{move || lang.t(Key::PosterScan)}</p>
            <p class="app-poster__url">{short}</p>
            <p class="app-poster__size">{move || lang.t_with(Key::PosterSize, &[("cm", &size), ("m", &metres)])}</p>
            {(!large).then(|| view! {
                <p class="app-no-print"><a href=format!("/t/{}/poster", hans.id)>{tr(Key::PostersSingleLink)}</a></p>
            })}
        </article>
    }
}
