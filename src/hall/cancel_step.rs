//! Giving something up behind a confirmation: a button, then a question with "yes" and
//! "no" (the number's page and the booking's page).

use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::tr;

/// The texts of a [`CancelStep`]: the first button, the question and the "yes" button ("no"
/// is always "不取消").
#[derive(Debug, Clone, Copy)]
pub struct CancelTexts {
    /// The first button.
    pub start: Key,
    /// The question asked next.
    pub ask: Key,
    /// The button that confirms.
    pub yes: Key,
}

/// A button that asks first; `confirmed` runs on "yes". `ask_id` names the question, which
/// labels the group of its two buttons.
#[component]
pub fn CancelStep(
    texts: CancelTexts,
    ask_id: &'static str,
    #[prop(into)] confirmed: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    move || {
        if asking.get() {
            view! {
                <div class="app-panel" role="group" aria-labelledby=ask_id>
                    <p class="app-body" id=ask_id>{tr(texts.ask)}</p>
                    <div class="app-button-group">
                        <button type="button" class="app-button app-button--warning" on:click=move |_| confirmed.run(())>
                            {tr(texts.yes)}
                        </button>
                        <button type="button" class="app-button app-button--secondary" on:click=move |_| asking.set(false)>
                            {tr(Key::QueueCancelNo)}
                        </button>
                    </div>
                </div>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class="app-button app-button--secondary" on:click=move |_| asking.set(true)>
                    {tr(texts.start)}
                </button>
            }
            .into_any()
        }
    }
}
