//! One tutorial's printable poster: a large QR code, the title in the hall's three
//! languages, and the short address for people who cannot scan.

use leptos::prelude::*;

use crate::api::{Backend, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading, PrintButton, TutorialPoster};
use crate::i18n::Key;
use crate::lang::use_lang;
use crate::load::Load;

/// `/t/{id}/poster`.
#[component]
pub fn PosterPage(id: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let versions = Load::in_every_locale(move |locale| backend.tutorial(locale, id.clone()));
    let retry = move |_| versions.iter().for_each(Load::refetch);
    let heading = Signal::derive(move || lang.t(Key::PosterTitle).to_owned());
    view! {
        <div class="app-no-print">
            <PageHeading text=heading/>
            <PrintButton/>
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
