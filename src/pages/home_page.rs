//! The start page: the common tasks first (track a ticket, take a queue number, get help,
//! scan a code, tickets from this device), then search across services and tutorials, and
//! the categories. A search for 长辈版 and its other names offers elder mode.

use leptos::prelude::*;

use crate::api::{Backend, TutorialFilter, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::elder::asks_for_elder;
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::model::format::local_date;
use crate::model::queue::{SavedNumbers, queue_path};
use crate::my_tickets::use_my_tickets;
use crate::nav::{Route, use_navigate};

/// `/`, and `/?q=words` for search results.
#[component]
pub fn HomePage(query: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let offers_elder = asks_for_elder(&query);
    let typed = RwSignal::new(query.clone());
    let navigate = use_navigate();
    let on_search = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        navigate(Route::Home {
            query: typed.get_untracked().trim().to_owned(),
        });
    };

    let categories = {
        let backend = backend.clone();
        Load::new(move || backend.categories(lang.locale()))
    };
    let results = Load::new(move || {
        let locale = lang.locale();
        let q = query.trim().to_owned();
        if q.is_empty() {
            return Box::pin(async { Ok(None) });
        }
        let services = backend.services(locale, None, Some(q.clone()));
        let tutorials = backend.tutorials(
            locale,
            TutorialFilter {
                query: Some(q),
                ..Default::default()
            },
        );
        Box::pin(async move { Ok(Some((services.await?, tutorials.await?))) })
    });
    let tickets = use_my_tickets();
    // Queue numbers held here, read after the first render (the server knows none of them).
    let numbers = RwSignal::new(SavedNumbers::default());
    Effect::new(move |_| numbers.set(crate::storage::load(SavedNumbers::KEY).unwrap_or_default()));

    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::HomeTitle).to_owned())/>
        <p class="app-lead">{tr(Key::HomeLead)}</p>
        <section class="app-section" aria-labelledby="quick-title">
            <h2 id="quick-title" class="app-heading-l">{tr(Key::HomeQuickTitle)}</h2>
            <ul class="app-list">
                <li><a href="/track">{tr(Key::HomeTrackLink)}</a></li>
                <li><a href="/hall">{tr(Key::HomeHallLink)}</a></li>
                <li><a href="/get-help">{tr(Key::HomeHelpLink)}</a></li>
                <li><a href="/scan">{tr(Key::HomeScanLink)}</a></li>
            </ul>
            <Show when=move || !tickets.get().0.is_empty() || !numbers.get().0.is_empty()>
                <h3 class="app-heading-m">{tr(Key::HomeMyTickets)}</h3>
                <ul class="app-list">
                    {move || numbers.get().0.into_iter().map(|n| {
                        let (href, issued, number) = (queue_path(&n.hall, &n.number), local_date(&n.issued_at), n.number);
                        view! {
                            <li>
                                <a href=href>{move || lang.t_with(Key::HomeMyNumber, &[("number", &number)])}</a>
                                " · " {issued}
                            </li>
                        }
                    }).collect_view()}
                    {move || tickets.get().0.into_iter().map(|t| view! {
                        <li>
                            <a href=format!("/track/{}", t.ticket)>{t.ticket.clone()}</a>
                            " · " {t.service_name.clone()} " · " {local_date(&t.submitted_at)}
                        </li>
                    }).collect_view()}
                </ul>
            </Show>
        </section>

        <form class="app-search" role="search" on:submit=on_search>
            <label class="app-label" for="search">{tr(Key::HomeSearchLabel)}</label>
            <div class="app-hint" id="search-hint">{tr(Key::HomeSearchHint)}</div>
            <div class="app-search__row">
                <input class="app-input" id="search" name="q" type="search" aria-describedby="search-hint"
                    prop:value=move || typed.get() on:input=move |e| typed.set(event_target_value(&e))/>
                <button class="app-button" type="submit">{tr(Key::HomeSearchButton)}</button>
            </div>
        </form>
        {offers_elder.then(|| view! {
            <section class="app-inset" aria-labelledby="elder-offer-title">
                <h2 id="elder-offer-title" class="app-heading-m">{tr(Key::ElderOfferTitle)}</h2>
                <p class="app-standard-only">{tr(Key::ElderOfferBody)}</p>
                <p class="app-elder-only" id="elder-offer-done" tabindex="-1">{tr(Key::ElderOfferOn)}</p>
                <button type="button" class="app-button app-standard-only"
                    on:click=move |_| {
                        crate::elder::set(true);
                        // The button goes: focus moves to the words that say it is done.
                        crate::components::focus_field("elder-offer-done");
                    }>
                    {tr(Key::ElderOfferButton)}
                </button>
            </section>
        })}

        {move || match results.get() {
                None => view! { <Loading/> }.into_any(),
                Some(found) => match found {
                Ok(None) => ().into_any(),
                Ok(Some((services, tutorials))) => {
                    let count = (services.len() + tutorials.len()).to_string();
                    view! {
                    <section class="app-section" aria-labelledby="results-title">
                        // Announced when it changes, and still a heading to move by.
                        <div role="status">
                            <h2 id="results-title" class="app-heading-l">
                                {move || lang.t_with(Key::HomeResultsTitle, &[("count", &count)])}
                            </h2>
                        </div>
                        <ul class="app-list">
                            {tutorials.into_iter().map(|t| view! {
                                <li><a href=format!("/t/{}", t.id)>{t.title}</a>
                                    <span class="app-tag">{tr(Key::CommonTutorial)}</span></li>
                            }).collect_view()}
                            {services.into_iter().map(|s| view! {
                                <li><a href=format!("/s/{}", s.service_code)>{s.service_name}</a></li>
                            }).collect_view()}
                        </ul>
                    </section>
                }.into_any()
                }
                Err(error) => view! { <ApiErrorView error retry=move |_| results.refetch()/> }.into_any(),
            }}}


        <section class="app-section" aria-labelledby="categories-title">
            <h2 id="categories-title" class="app-heading-l">{tr(Key::HomeCategoriesTitle)}</h2>
            {move || match categories.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Ok(list)) => view! {
                        <ul class="app-cards">
                            {list.into_iter().map(|c| view! {
                                <li class="app-card">
                                    <a href=format!("/c/{}", c.code) class="app-card__link">{c.name}</a>
                                    <p class="app-card__text">{c.description}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Some(Err(error)) => view! { <ApiErrorView error retry=move |_| categories.refetch()/> }.into_any(),
            }}
        </section>
    }
}
