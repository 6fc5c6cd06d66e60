//! One category: its services and its tutorials.

use leptos::prelude::*;
use leptos_router::components::A;

use super::param;
use crate::api::{TutorialFilter, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};

/// `/c/{code}`.
#[component]
pub fn CategoryPage() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let code = param("code");
    let loaded = LocalResource::new(move || {
        let (backend, locale, code) = (backend.clone(), lang.locale(), code());
        async move {
            let categories = backend.categories(locale).await?;
            let services = backend.services(locale, Some(code.clone()), None).await?;
            let tutorials = backend
                .tutorials(
                    locale,
                    TutorialFilter {
                        category: Some(code.clone()),
                        ..Default::default()
                    },
                )
                .await?;
            Ok((
                categories.into_iter().find(|c| c.code == code),
                services,
                tutorials,
            ))
        }
    });
    view! {
        <Transition fallback=Loading>
            {move || loaded.get().map(|result| match result {
                Ok((Some(category), services, tutorials)) => view! {
                    <PageHeading text=Signal::derive(move || category.name.clone())/>
                    <p class="app-lead">{category.description.clone()}</p>
                    <section class="app-section" aria-labelledby="services-title">
                        <h2 id="services-title" class="app-heading-l">{tr(Key::CategoryServices)}</h2>
                        <ul class="app-list">
                            {services.into_iter().map(|s| view! {
                                <li><A href=format!("/s/{}", s.service_code)>{s.service_name}</A>
                                    <p class="app-hint">{s.description}</p></li>
                            }).collect_view()}
                        </ul>
                    </section>
                    <section class="app-section" aria-labelledby="tutorials-title">
                        <h2 id="tutorials-title" class="app-heading-l">{tr(Key::CategoryTutorials)}</h2>
                        <ul class="app-list">
                            {tutorials.into_iter().map(|t| view! {
                                <li><A href=format!("/t/{}", t.id)>{t.title}</A></li>
                            }).collect_view()}
                        </ul>
                    </section>
                }.into_any(),
                Ok((None, _, _)) => view! { <super::NotFoundPage/> }.into_any(),
                Err(error) => view! { <ApiErrorView error retry=move |_| loaded.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}
