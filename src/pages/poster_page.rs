//! One tutorial's printable poster: a large QR code, the title in the hall's three
//! languages, and the short address for people who cannot scan.

use banshi_contract::Locale;
use leptos::prelude::*;

use crate::api::{Backend, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading, TutorialPoster};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;

use super::poster_sheet_page::print;

/// `/t/{id}/poster`.
#[component]
pub fn PosterPage(id: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let load = |locale: Locale| {
        let (backend, id) = (backend.clone(), id.clone());
        Load::new(move || backend.tutorial(locale, id.clone()))
    };
    let versions = [load(Locale::ZhHans), load(Locale::ZhHant), load(Locale::En)];
    let retry = move |_| versions.iter().for_each(Load::refetch);
    let heading = Signal::derive(move || lang.t(Key::PosterTitle).to_owned());
    view! {
        <div class="app-no-print">
            <PageHeading text=heading/>
            <button type="button" class="app-button" on:click=move |_| print()>{tr(Key::PostersPrint)}</button>
        </div>
        {move || match versions.map(|v| v.get()) {
            [Some(Ok(hans)), Some(Ok(hant)), Some(Ok(en))] => {
                let titles = (hans.summary, Some(hant.summary), Some(en.summary));
                view! { <TutorialPoster titles large=true/> }.into_any()
            }
            [Some(Err(error)), ..] | [_, Some(Err(error)), _] | [.., Some(Err(error))] => {
                view! { <ApiErrorView error retry/> }.into_any()
            }
            _ => view! { <Loading/> }.into_any(),
        }}
    }
}
