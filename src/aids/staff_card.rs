//! Show it to staff (for deaf and hard-of-hearing citizens): a full-screen card in very
//! large type with the task the citizen wants done, or their ticket's number and status, to
//! hold up at a window. A modal `<dialog>`: the page behind it is inert, Escape closes it.

use leptos::html::Dialog;
use leptos::prelude::*;

use super::{Aid, CardText};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};

/// The card, opened at once.
#[component]
pub fn StaffCard(card: CardText) -> impl IntoView {
    let lang = use_lang();
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            let _ = dialog.show_modal();
        }
    });
    let heading = if card.ticket {
        Key::StaffCardTicket
    } else {
        Key::StaffCardTask
    };
    view! {
        <dialog class="app-staff-card" aria-labelledby="staff-card-title" node_ref=dialog
            on:close=move |_| super::close_soon(Aid::StaffCard)>
            <h2 class="app-staff-card__heading" id="staff-card-title">{tr(heading)}</h2>
            {card.lines.into_iter().map(|line| view! { <p class="app-staff-card__line">{line}</p> }).collect_view()}
            {card.status.map(|key| view! { <p class="app-staff-card__status">{move || lang.t(key)}</p> })}
            <p class="app-staff-card__note">{tr(Key::StaffCardNote)}</p>
            <form method="dialog">
                <button type="submit" class="app-button app-staff-card__close">{tr(Key::StaffCardClose)}</button>
            </form>
        </dialog>
    }
}
