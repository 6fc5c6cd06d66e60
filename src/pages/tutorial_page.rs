//! A step-by-step tutorial, the page a hall QR code opens (`/t/{id}`), with a way to start
//! the request it leads to, read-aloud and a card to show staff.

use leptos::prelude::*;

use crate::aids::{CardText, PageAids};
use crate::api::{Backend, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;

/// `/t/{id}`; ids are matched in any case, as QR payloads may be upper-cased.
#[component]
pub fn TutorialPage(id: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let loaded = Load::new(move || backend.tutorial(lang.locale(), id.clone()));
    move || match loaded.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(tutorial)) => {
            let title = tutorial.summary.title.clone();
            let minutes = tutorial.summary.duration_minutes.to_string();
            let card = CardText {
                ticket: false,
                lines: vec![title.clone()],
                status: None,
            };
            view! {
                        <PageHeading text=Signal::derive(move || title.clone())/>
                        <p class="app-lead" data-read>{tutorial.summary.summary.clone()}</p>
                        <p class="app-body">{move || lang.t_with(Key::TutorialDuration, &[("minutes", &minutes)])}</p>
                        <PageAids card/>
                        {(!tutorial.materials.is_empty()).then(|| view! {
                            <div data-read>
                                <h2 class="app-heading-l">{tr(Key::TutorialMaterials)}</h2>
                                <ul class="app-list app-list--bullet">
                                    {tutorial.materials.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}
                                </ul>
                            </div>
                        })}
                        <h2 class="app-heading-l">{tr(Key::TutorialSteps)}</h2>
                        <ol class="app-steps">
                            {tutorial.steps.iter().map(|s| view! {
                                <li class="app-steps__item" data-read>
                                    <h3 class="app-heading-s">{s.title.clone()}</h3>
                                    <p class="app-body">{s.body.clone()}</p>
                                </li>
                            }).collect_view()}
                        </ol>
                        {(!tutorial.tips.is_empty()).then(|| view! {
                            <div class="app-inset" data-read>
                                <h2 class="app-heading-m">{tr(Key::TutorialTips)}</h2>
                                <ul class="app-list app-list--bullet">
                                    {tutorial.tips.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}
                                </ul>
                            </div>
                        })}
                        {tutorial.summary.service_code.clone().map(|code| view! {
                            <a href=format!("/s/{code}/apply") class="app-button app-button--start">
                                {tr(Key::TutorialStart)}
                            </a>
                            <p class="app-body"><a href=format!("/s/{code}")>{tr(Key::TutorialGuideLink)}</a></p>
                        })}
                    }.into_any()
        }
        Some(Err(error)) => {
            view! { <ApiErrorView error retry=move |_| loaded.refetch()/> }.into_any()
        }
    }
}
