//! Aids on the pages citizens read (tutorials, service guides, tickets): read-aloud
//! (语音阅读) and a card in very large type to show staff at a window, for deaf and
//! hard-of-hearing citizens. A page carries only the two buttons ([`PageAids`]); the aids
//! and their texts come in a split module (`aids`), fetched on the first press, and are
//! mounted beside the buttons under a root of their own.

mod reader;
mod staff_card;

use std::cell::RefCell;

use leptos::prelude::*;

use crate::config::AppConfig;
use crate::i18n::Key;
use crate::lang::{Lang, tr, use_lang};
use crate::split::{ModuleMissing, split_point};

/// Which aid a button opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aid {
    /// Read the page aloud, passage by passage.
    ReadAloud,
    /// Show staff what the citizen wants, full screen.
    StaffCard,
}

/// What the card for staff says: the task the citizen wants done, or their ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct CardText {
    /// Whether it is a ticket (else a task to do).
    pub ticket: bool,
    /// The lines in very large type: the task's name, or the ticket's number and service.
    pub lines: Vec<String>,
    /// A status to show under them, in the page's language.
    pub status: Option<Key>,
}

/// The id of the element the open aid is mounted in.
const MOUNT_ID: &str = "app-aid";
/// The id of the message said when the aids cannot be fetched.
const FAILED_ID: &str = "app-aid-failed";

thread_local! {
    /// Closes the open aid (stops speech, unmounts it); set by the aids module.
    static CLOSE: RefCell<Option<Box<dyn FnOnce()>>> = const { RefCell::new(None) };
}

/// Closes the open aid, if any.
pub fn close() {
    if let Some(close) = CLOSE.with(|c| c.borrow_mut().take()) {
        close();
    }
}

split_point! {
    /// Fetches the aids' texts and mounts `aid` in the page (the aids module's entry point);
    /// the future says whether it could.
    fn open_aid(aid: Aid, card: CardText, lang: Lang, region: Option<String>) -> std::pin::Pin<Box<dyn Future<Output = bool>>>, in aids, preload preload_aids {
        Box::pin(async move {
            crate::browser::add_stylesheet("/style/split/aids.css").await;
            let texts = crate::i18n::load_messages("aids").await;
            if texts {
                mount(aid, card, lang, region);
            }
            texts
        })
    }
}

/// The buttons that open read-aloud and the card for staff, and the place they open in.
#[component]
pub fn PageAids(card: CardText) -> impl IntoView {
    let lang = use_lang();
    let region = expect_context::<AppConfig>().centre_region;
    // The page is leaving: so is whatever aid it opened (speech stops).
    on_cleanup(close);
    let open = move |aid: Aid| {
        let (card, region) = (card.clone(), region.clone());
        leptos::task::spawn_local(async move {
            let opened = match open_aid(aid, card, lang, region).await {
                Ok(opening) => opening.await,
                Err(ModuleMissing) => false,
            };
            say_failed(if opened {
                ""
            } else {
                lang.t(Key::AidsUnavailable)
            });
        });
    };
    view! {
        <div class="app-aids app-no-print">
            <div class="app-button-group">
                <button type="button" class="app-button app-button--secondary" id="app-aid-read" on:click={
                    let open = open.clone();
                    move |_| open(Aid::ReadAloud)
                }>
                    {tr(Key::AidsReadAloud)}
                </button>
                <button type="button" class="app-button app-button--secondary" id="app-aid-card" on:click=move |_| open(Aid::StaffCard)>
                    {tr(Key::AidsShowStaff)}
                </button>
            </div>
            <p class="app-error-message" id=FAILED_ID role="status"></p>
            <div id=MOUNT_ID></div>
        </div>
    }
}

/// Puts `text` in the failure message (empty: none).
fn say_failed(text: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(FAILED_ID))
    {
        element.set_text_content(Some(text));
    }
}

/// Closes any open aid and mounts `aid` under a root of its own, with the page's language.
fn mount(aid: Aid, card: CardText, lang: Lang, region: Option<String>) {
    close();
    let Some(parent) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(MOUNT_ID))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    else {
        return;
    };
    let handle = leptos::mount::mount_to(parent, move || {
        provide_context(lang);
        match aid {
            Aid::ReadAloud => view! { <reader::Reader region/> }.into_any(),
            Aid::StaffCard => view! { <staff_card::StaffCard card/> }.into_any(),
        }
    });
    CLOSE.with(|c| {
        *c.borrow_mut() = Some(Box::new(move || {
            crate::speech::cancel();
            drop(handle);
        }));
    });
}

/// Closes the open aid `aid` once the event being handled is done (an aid closing itself
/// must not unmount the view whose handler is running), and puts focus back on its button.
fn close_soon(aid: Aid) {
    set_timeout(
        move || {
            close();
            crate::components::focus_field(match aid {
                Aid::ReadAloud => "app-aid-read",
                Aid::StaffCard => "app-aid-card",
            });
        },
        std::time::Duration::ZERO,
    );
}
