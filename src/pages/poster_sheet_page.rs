//! A printable A4 sheet of every tutorial poster of one category, for the hall's walls.

use banshi_contract::TutorialSummary;
use leptos::prelude::*;

use crate::api::{ApiError, Backend, TutorialFilter, use_backend};
use crate::components::tutorial_poster::SMALL_CM;
use crate::components::{ApiErrorView, Loading, PageHeading, PrintButton, TutorialPoster};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::model::number::format_decimal;
use crate::model::qr::scanning_distance_cm;

/// A poster's titles: zh-Hans, and zh-Hant and English where the backend has them.
type Titles = (
    TutorialSummary,
    Option<TutorialSummary>,
    Option<TutorialSummary>,
);

/// The same category's tutorials in all three languages, matched by id.
fn trilingual(
    answers: [Option<Result<Vec<TutorialSummary>, ApiError>>; 3],
) -> Option<Result<Vec<Titles>, ApiError>> {
    let [hans, hant, en] = answers;
    let (hans, hant, en) = match (hans?, hant?, en?) {
        (Ok(a), Ok(b), Ok(c)) => (a, b, c),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return Some(Err(e)),
    };
    let find =
        |list: &[TutorialSummary], t: &TutorialSummary| list.iter().find(|x| x.id == t.id).cloned();
    Some(Ok(hans
        .iter()
        .map(|t| (t.clone(), find(&hant, t), find(&en, t)))
        .collect()))
}

/// `/posters/{category}`.
#[component]
pub fn PosterSheetPage(category: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let lists = Load::in_every_locale(move |locale| {
        let filter = TutorialFilter {
            category: Some(category.clone()),
            ..TutorialFilter::default()
        };
        backend.tutorials(locale, filter)
    });
    let retry = move |_| lists.iter().for_each(Load::refetch);
    let heading = Signal::derive(move || lang.t(Key::PostersSheetTitle).to_owned());
    view! {
        <div class="app-no-print">
            <PageHeading text=heading/>
            <p class="app-body">{move || lang.t_with(Key::PostersSheetLead, &[("cm", &SMALL_CM.to_string()), ("m", &format_decimal(f64::from(scanning_distance_cm(SMALL_CM)) / 100.0))])}</p>
            <PrintButton/>
            <p class="app-body"><a href="/posters">{tr(Key::PostersBack)}</a></p>
        </div>
        {move || match trilingual(lists.map(|l| l.get())) {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(tutorials)) => view! {
                <div class="app-poster-sheet">
                    {tutorials.into_iter().map(|titles| view! { <TutorialPoster titles large=false/> }).collect_view()}
                </div>
            }.into_any(),
            Some(Err(error)) => view! { <ApiErrorView error retry/> }.into_any(),
        }}
    }
}
