//! A service's guide (办事指南): who may apply, what to bring, how it goes, how long, the fee,
//! the legal basis and where to go, with tutorials that may answer the question first.

use banshi_contract::Service;
use leptos::prelude::*;

use crate::aids::CardText;
use crate::api::{Backend, TutorialFilter, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;

/// `/s/{code}`.
#[component]
pub fn ServicePage(code: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let loaded = Load::new(move || {
        let locale = lang.locale();
        let service = backend.service(locale, code.clone());
        let tutorials = backend.tutorials(
            locale,
            TutorialFilter {
                service: Some(code.clone()),
                ..Default::default()
            },
        );
        Box::pin(async move { Ok((service.await?, tutorials.await?)) })
    });
    move || match loaded.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok((service, tutorials))) => view! { <Guide service tutorials/> }.into_any(),
        Some(Err(error)) => {
            view! { <ApiErrorView error retry=move |_| loaded.refetch()/> }.into_any()
        }
    }
}

#[component]
fn Guide(service: Service, tutorials: Vec<banshi_contract::TutorialSummary>) -> impl IntoView {
    let lang = use_lang();
    let name = service.summary.service_name.clone();
    let guide = service.guide;
    let days = guide.time_limit_days;
    let start = format!("/s/{}/apply", service.summary.service_code);
    let card = CardText {
        ticket: false,
        lines: vec![name.clone()],
        status: None,
    };
    let get_help = (service.summary.kind == banshi_contract::ServiceKind::Request).then(|| {
        let href = crate::nav::Route::GetHelp(service.summary.service_code.clone()).href();
        view! { <p class="app-body"><a href=href>{tr(Key::ServiceGetHelp)}</a></p> }
    });
    view! {
        <PageHeading text=Signal::derive(move || name.clone())/>
        <p class="app-lead" data-read>{service.summary.description}</p>
        <crate::aids::PageAids card/>
        {(!tutorials.is_empty()).then(|| view! {
            <aside class="app-inset" aria-labelledby="may-answer">
                <h2 id="may-answer" class="app-heading-m">{tr(Key::ServiceMayAnswer)}</h2>
                <ul class="app-list">
                    {tutorials.into_iter().map(|t| view! { <li><a href=format!("/t/{}", t.id)>{t.title}</a></li> }).collect_view()}
                </ul>
            </aside>
        })}
        <dl class="app-summary-list" data-read>
            <div class="app-summary-list__row">
                <dt>{tr(Key::ServiceTimeLimit)}</dt>
                <dd>{move || if days == 0 { lang.t(Key::ServiceOnTheSpot).to_owned() } else { lang.t_with(Key::ServiceWorkingDays, &[("days", &days.to_string())]) }}</dd>
            </div>
            <div class="app-summary-list__row"><dt>{tr(Key::ServiceFee)}</dt><dd>{guide.fee.clone()}</dd></div>
        </dl>
        <h2 class="app-heading-l" data-read>{tr(Key::ServiceConditions)}</h2>
        <ul class="app-list app-list--bullet" data-read>{guide.conditions.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
        <h2 class="app-heading-l" data-read>{tr(Key::ServiceMaterials)}</h2>
        <ul class="app-list app-list--bullet" data-read>
            {guide.materials.into_iter().map(|m| {
                let copies = m.copies.to_string();
                let original = m.original;
                view! {
                    <li>{m.name} " "
                        <span class="app-hint-inline">{move || lang.t_with(if original { Key::ServiceCopiesOriginal } else { Key::ServiceCopies }, &[("copies", &copies)])}</span>
                        {m.note.map(|n| view! { <br/><span class="app-hint-inline">{n}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
        <h2 class="app-heading-l" data-read>{tr(Key::ServiceSteps)}</h2>
        <ol class="app-list app-list--number">{guide.steps.into_iter().map(|s| view! { <li data-read>{s}</li> }).collect_view()}</ol>
        <a href=start.clone() class="app-button app-button--start">{tr(Key::ServiceStart)}</a>
        {get_help}
        <h2 class="app-heading-l">{tr(Key::ServicePlaces)}</h2>
        {guide.places.into_iter().map(|p| view! {
            <div class="app-place" data-read>
                <h3 class="app-heading-s">{p.name}</h3>
                <p class="app-body">{p.address}<br/>{p.hours}<br/><a href=format!("tel:{}", p.phone)>{p.phone.clone()}</a></p>
            </div>
        }).collect_view()}
        <h2 class="app-heading-l">{tr(Key::ServiceLegalBasis)}</h2>
        <ul class="app-list app-list--bullet">{guide.legal_basis.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
    }
}
