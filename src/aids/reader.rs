//! Read-aloud (语音阅读): the page's passages (its `h1` and every element marked
//! `data-read` in the main region) spoken one after another in the page's language, the one
//! being read highlighted and scrolled into view, with play, pause, previous and next. Slower
//! in elder mode. Where the browser has no voice for the language, it says so.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::reading::{ELDER_RATE, Reading, ReadingState, reading_voice};

/// The class that highlights the passage being read.
const READING_CLASS: &str = "app-reading";

/// What the reader needs between events: its passages, where it is, and which utterance is
/// the current one (an utterance stopped by a skip still reports its end).
#[derive(Clone, Copy)]
struct Reader {
    passages: StoredValue<Vec<web_sys::HtmlElement>, LocalStorage>,
    reading: RwSignal<Option<Reading>>,
    utterance: StoredValue<u32>,
    voice: &'static str,
    rate: f32,
}

impl Reader {
    /// Speaks the current passage, highlighted, after stopping whatever was being said.
    fn speak(self) {
        let Some(reading) = self.reading.get_untracked() else {
            return;
        };
        // The utterance being stopped is no longer the current one before it reports its
        // end; a paused synthesiser would keep the next passage waiting too.
        let id = self.utterance.get_value() + 1;
        self.utterance.set_value(id);
        crate::speech::cancel();
        crate::speech::resume();
        let text = self.passages.with_value(|all| {
            for (i, passage) in all.iter().enumerate() {
                let _ = passage
                    .class_list()
                    .toggle_with_force(READING_CLASS, i == reading.current());
            }
            all.get(reading.current()).map(|p| {
                p.scroll_into_view_with_bool(false);
                p.inner_text()
            })
        });
        let Some(text) = text else {
            return;
        };
        crate::speech::speak_then(&text, self.voice, self.rate, move || {
            if self.utterance.try_get_value() != Some(id) {
                return;
            }
            let mut more = false;
            self.reading.update(|r| {
                if let Some(r) = r {
                    more = r.passage_ended();
                }
            });
            if more {
                self.speak();
            } else {
                self.unhighlight();
            }
        });
    }

    /// Takes the highlight off every passage.
    fn unhighlight(self) {
        self.passages.with_value(|all| {
            for passage in all {
                let _ = passage.class_list().remove_1(READING_CLASS);
            }
        });
    }

    /// Applies a control's change to the reading, then speaks, pauses or resumes.
    fn control(self, change: impl FnOnce(&mut Reading) -> bool) {
        let mut speak = false;
        self.reading.update(|r| {
            if let Some(r) = r {
                speak = change(r);
            }
        });
        if speak {
            self.speak();
        }
    }
}

/// The passages of the page: its `h1`, then each `data-read` element, in document order.
fn passages() -> Vec<web_sys::HtmlElement> {
    let Some(list) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all("main h1, main [data-read]").ok())
    else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// The reader's controls, which start reading at once.
#[component]
pub fn Reader(region: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let voice = reading_voice(lang.locale_untracked(), region.as_deref());
    let rate = if crate::elder::is_on() {
        ELDER_RATE
    } else {
        1.0
    };
    let found = passages();
    let reader = Reader {
        reading: RwSignal::new(Reading::start(found.len())),
        passages: StoredValue::new_local(found),
        utterance: StoredValue::new(0),
        voice,
        rate,
    };
    // Voices often arrive a moment after the page: start once there is one.
    let has_voice = RwSignal::new(crate::speech::has_voice(voice));
    if has_voice.get_untracked() {
        reader.speak();
    } else {
        crate::speech::on_voices_changed(move || {
            if !has_voice.get_untracked() && crate::speech::has_voice(voice) {
                has_voice.try_set(true);
                reader.speak();
            }
        });
    }
    on_cleanup(move || reader.unhighlight());

    let status = move || {
        if !has_voice.get() {
            return lang.t(Key::ReaderNoVoice).to_owned();
        }
        let Some(reading) = reader.reading.get() else {
            return lang.t(Key::ReaderNothing).to_owned();
        };
        let (n, total) = (
            (reading.current() + 1).to_string(),
            reading.count().to_string(),
        );
        let key = match reading.state() {
            ReadingState::Speaking => Key::ReaderReading,
            ReadingState::Paused => Key::ReaderPaused,
            ReadingState::Finished => Key::ReaderFinished,
        };
        lang.t_with(key, &[("n", &n), ("total", &total)])
    };
    let speaking = move || {
        reader
            .reading
            .get()
            .is_some_and(|r| r.state() == ReadingState::Speaking)
    };
    let play_or_pause = move |_| {
        let mut resume = false;
        reader.control(|r| {
            let before = r.state();
            let now = r.play_or_pause();
            resume = before == ReadingState::Paused;
            now == ReadingState::Speaking && before == ReadingState::Finished
        });
        match reader.reading.get_untracked().map(Reading::state) {
            Some(ReadingState::Paused) => crate::speech::pause(),
            Some(ReadingState::Speaking) if resume => crate::speech::resume(),
            _ => {}
        }
    };
    view! {
        <section class="app-reader" aria-label=tr(Key::ReaderTitle)>
            <p class="app-reader__status" role="status">{status}</p>
            <div class="app-button-group" hidden=move || !has_voice.get() || reader.reading.get().is_none()>
                <button type="button" class="app-button app-button--secondary" on:click=move |_| reader.control(|r| { r.skip_back(); true })>
                    {tr(Key::ReaderPrevious)}
                </button>
                <button type="button" class="app-button" on:click=play_or_pause>
                    {move || if speaking() { lang.t(Key::ReaderPause) } else { lang.t(Key::ReaderPlay) }}
                </button>
                <button type="button" class="app-button app-button--secondary" on:click=move |_| reader.control(Reading::skip_forward)>
                    {tr(Key::ReaderNext)}
                </button>
            </div>
            <button type="button" class="app-button app-button--secondary" on:click=move |_| super::close_soon(super::Aid::ReadAloud)>
                {tr(Key::ReaderStop)}
            </button>
        </section>
    }
}
