//! One category: its services and its tutorials.

use leptos::prelude::*;

use crate::api::{Backend, TutorialFilter, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;

/// `/c/{code}`.
#[component]
pub fn CategoryPage(code: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let loaded = Load::new(move || {
        let (locale, code) = (lang.locale(), code.clone());
        let categories = backend.categories(locale);
        let services = backend.services(locale, Some(code.clone()), None);
        let tutorials = backend.tutorials(
            locale,
            TutorialFilter {
                category: Some(code.clone()),
                ..Default::default()
            },
        );
        Box::pin(async move {
            let categories = categories.await?;
            Ok((
                categories.into_iter().find(|c| c.code == code),
                services.await?,
                tutorials.await?,
            ))
        })
    });
    view! {
            {move || match loaded.get() {
                None => view! { <Loading/> }.into_any(),
                Some(result) => match result {
                Ok((Some(category), services, tutorials)) => view! {
                    <PageHeading text=Signal::derive(move || category.name.clone())/>
                    <p class="app-lead">{category.description.clone()}</p>
                    <section class="app-section" aria-labelledby="services-title">
                        <h2 id="services-title" class="app-heading-l">{tr(Key::CategoryServices)}</h2>
                        <ul class="app-list">
                            {services.into_iter().map(|s| view! {
                                <li><a href=format!("/s/{}", s.service_code)>{s.service_name}</a>
                                    <p class="app-hint">{s.description}</p></li>
                            }).collect_view()}
                        </ul>
                    </section>
                    <section class="app-section" aria-labelledby="tutorials-title">
                        <h2 id="tutorials-title" class="app-heading-l">{tr(Key::CategoryTutorials)}</h2>
                        <ul class="app-list">
                            {tutorials.into_iter().map(|t| view! {
                                <li><a href=format!("/t/{}", t.id)>{t.title}</a></li>
                            }).collect_view()}
                        </ul>
                    </section>
                }.into_any(),
                Ok((None, _, _)) => view! { <super::NotFoundPage/> }.into_any(),
                Err(error) => view! { <ApiErrorView error retry=move |_| loaded.refetch()/> }.into_any(),
            }}}
    }
}
