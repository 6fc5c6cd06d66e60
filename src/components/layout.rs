//! The frame of every page: skip link, header with the centre's name and the elder-mode and
//! language switches, the main region, and a footer with the hotline.

use leptos::prelude::*;

use crate::config::AppConfig;
use crate::i18n::Key;
use crate::lang::{tr, use_lang};

use super::{ElderSwitch, LanguageSwitch};

/// Wraps the routed page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    let config = expect_context::<AppConfig>();
    let centre = config.centre_name.clone();
    let name = move || {
        centre.as_ref().map_or_else(
            || lang.t(Key::AppCentreName).to_owned(),
            |c| c.get(lang.locale()).to_owned(),
        )
    };
    let hotline = config.hotline.clone().unwrap_or_else(|| "12345".to_owned());
    view! {
        <a class="app-skip-link" href="#main">{tr(Key::LayoutSkipLink)}</a>
        <header class="app-header">
            <div class="app-width-container app-header__inner">
                <a href="/" class="app-header__name">{name}</a>
                <div class="app-header__switches">
                    <ElderSwitch/>
                    <LanguageSwitch/>
                </div>
            </div>
        </header>
        <main id="main" class="app-width-container app-main" tabindex="-1">
            {children()}
        </main>
        <footer class="app-footer">
            <div class="app-width-container">
                <p>{move || lang.t_with(Key::LayoutHotline, &[("phone", &hotline)])}</p>
                <p><a href="/report">{tr(Key::LayoutReportLink)}</a></p>
                <p><a href="/hall">{tr(Key::HallTitle)}</a></p>
                <p><a href="/stats">{tr(Key::LayoutStatsLink)}</a></p>
                <p><a href="/staff">{tr(Key::LayoutStaffEntrance)}</a></p>
            </div>
        </footer>
    }
}
