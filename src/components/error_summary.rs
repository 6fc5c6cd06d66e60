//! The GOV.UK error summary: a box at the top of the form that takes focus, says there is a
//! problem, and links to each field with its message.

use leptos::html::Div;
use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::tr;

/// One entry: the id of the input to focus and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryItem {
    /// Element id of the field's input; `None` for problems not tied to a field.
    pub target: Option<String>,
    /// Localised message.
    pub message: String,
}

/// The message among `items` for the input `target`, as a signal.
pub fn error_for(
    items: RwSignal<Vec<SummaryItem>>,
    target: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        items
            .get()
            .into_iter()
            .find(|i| i.target.as_deref() == Some(target))
            .map(|i| i.message)
    })
}

/// Moves focus to the input with `id` and brings its label into view.
pub fn focus_field(id: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(element) = document.get_element_by_id(id) {
        use wasm_bindgen::JsCast;
        if let Ok(input) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = input.focus();
            input.scroll_into_view_with_bool(true);
        }
    }
}

/// Shown when `items` is not empty; takes focus each time it appears or its entries change
/// (not when the signal merely fires again: a form's summary is recomputed on every
/// keystroke, and focus must stay in the field being corrected).
#[component]
pub fn ErrorSummary(#[prop(into)] items: Signal<Vec<SummaryItem>>) -> impl IntoView {
    let items = Memo::new(move |_| items.get());
    let summary = NodeRef::<Div>::new();
    Effect::new(move |_| {
        if !items.get().is_empty()
            && let Some(element) = summary.get()
        {
            let _ = element.focus();
        }
    });
    view! {
        <Show when=move || !items.get().is_empty()>
            <div class="app-error-summary" tabindex="-1" node_ref=summary aria-labelledby="error-summary-title">
                <div role="alert">
                    <h2 class="app-error-summary__title" id="error-summary-title">{tr(Key::ErrorSummaryTitle)}</h2>
                    <ul class="app-error-summary__list">
                        {move || {
                            items
                                .get()
                                .into_iter()
                                .map(|item| match item.target {
                                    Some(target) => {
                                        let href = format!("#{target}");
                                        view! {
                                            <li>
                                                <a href=href on:click=move |event| {
                                                    event.prevent_default();
                                                    focus_field(&target);
                                                }>{item.message}</a>
                                            </li>
                                        }
                                            .into_any()
                                    }
                                    None => view! { <li>{item.message}</li> }.into_any(),
                                })
                                .collect_view()
                        }}
                    </ul>
                </div>
            </div>
        </Show>
    }
}
