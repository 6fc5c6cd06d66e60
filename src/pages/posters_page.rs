//! For hall staff: which tutorial posters to print, by category.

use leptos::prelude::*;

use crate::api::{Backend, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;

/// `/posters`: a link to each category's printable sheet.
#[component]
pub fn PostersPage() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let categories = Load::new(move || backend.categories(lang.locale()));
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::PostersTitle).to_owned())/>
        <p class="app-lead">{tr(Key::PostersLead)}</p>
        <p class="app-body">{tr(Key::PostersSizeRule)}</p>
        {move || match categories.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="app-list">
                    {list.into_iter().map(|c| {
                        let count = c.tutorial_count.to_string();
                        view! {
                            <li>
                                <a href=format!("/posters/{}", c.code)>{c.name.clone()}</a>
                                " "
                                <span class="app-hint">{move || lang.t_with(Key::PostersCount, &[("count", &count)])}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
            Some(Err(error)) => view! { <ApiErrorView error retry=move |_| categories.refetch()/> }.into_any(),
        }}
    }
}
