//! `/board` and `/board/{id}`: the calling board on a hall's TV, public and read-only. The
//! number just called and its window in large type, the last eight calls, each line's
//! waiting count. Each call flashes (for deaf visitors) and, once sound is enabled with one
//! press (browsers allow speech only after a gesture), is spoken in each of the voices
//! `config.json` lists (`board_voices`; default Mandarin, then English). Where the browser
//! has no voice for one of them, the board says so on screen. It follows the hall's
//! stream, reconnecting by itself.

use banshi_contract::Hall;
use leptos::prelude::*;

use crate::api::{Backend, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::config::AppConfig;
use crate::i18n::{Key, fill, text};
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::model::hall::window_name;
use crate::model::queue::{calls_to_announce, spoken_number, voice_locale};

/// Class on the document's root while the board is on screen: no header or footer.
const BOARD_MODE: &str = "app-board-mode";
/// Most calls announced at once (after an outage, the latest ones).
const MOST_ANNOUNCED: usize = 3;

/// `/board` (`id` empty: the backend's first hall) and `/board/{id}`.
#[component]
pub fn BoardPage(id: String) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let halls = Load::new(move || backend.halls(lang.locale()));
    Effect::new(|_| crate::browser::set_root_class(BOARD_MODE, true));
    on_cleanup(|| {
        crate::browser::set_root_class(BOARD_MODE, false);
        crate::speech::cancel();
    });
    move || match halls.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => {
            view! { <ApiErrorView error retry=move |_| halls.refetch()/> }.into_any()
        }
        Some(Ok(list)) => match list.into_iter().find(|h| id.is_empty() || h.id == id) {
            Some(hall) => view! { <Board hall/> }.into_any(),
            None => view! { <crate::pages::NotFoundPage/> }.into_any(),
        },
    }
}

#[component]
fn Board(hall: Hall) -> impl IntoView {
    let lang = use_lang();
    let voices = expect_context::<AppConfig>().board_voices;
    let shown = RwSignal::new(hall.clone());
    let streaming = RwSignal::new(false);
    let sound = RwSignal::new(false);
    let missing_voices = RwSignal::new(Vec::<String>::new());
    let flash = RwSignal::new(0u32);
    let announced = RwSignal::new(None::<String>);
    let check_voices = {
        let voices = voices.clone();
        move || {
            let missing: Vec<String> = voices
                .iter()
                .filter(|v| !crate::speech::has_voice(v))
                .cloned()
                .collect();
            missing_voices.try_set(missing);
        }
    };
    let apply = {
        let voices = voices.clone();
        move |fresh: Hall| {
            let (new, mark) =
                calls_to_announce(announced.get_untracked().as_deref(), &fresh, MOST_ANNOUNCED);
            announced.try_set(mark);
            for call in &new {
                flash.try_update(|n| *n += 1);
                if sound.get_untracked() {
                    for voice in &voices {
                        let words = text(voice_locale(voice), Key::BoardSay);
                        let window = call.window.map(|w| w.to_string()).unwrap_or_default();
                        let said = fill(
                            words,
                            &[
                                ("number", &spoken_number(&call.number)),
                                ("window", &window),
                            ],
                        );
                        crate::speech::speak(&said, voice, 0.9);
                    }
                }
            }
            shown.try_set(fresh);
        }
    };
    super::live::follow_hall(hall.id.clone(), streaming, apply);
    // "Reconnecting" only once the board has been connected (not while it first connects).
    let connected_before = RwSignal::new(false);
    Effect::new(move |_| {
        if streaming.get() {
            connected_before.set(true);
        }
    });
    // The flash lasts a few seconds after each call.
    let flashing = RwSignal::new(false);
    Effect::new(move |_| {
        if flash.get() > 0 {
            flashing.set(true);
            set_timeout(
                move || {
                    flashing.try_set(false);
                },
                std::time::Duration::from_secs(3),
            );
        }
    });
    let enable = {
        let check_voices = check_voices.clone();
        move |_| {
            sound.set(true);
            check_voices();
            // The list of voices often arrives a moment after the page asks for it.
            crate::speech::on_voices_changed(check_voices.clone());
        }
    };
    let name = hall.name.clone();
    view! {
        <div class=move || if flashing.get() { "app-board app-board--flash" } else { "app-board" } id="board">
            <PageHeading text=Signal::derive(move || lang.t_with(Key::BoardTitle, &[("hall", &name)]))/>
            {move || (connected_before.get() && !streaming.get()).then(|| view! { <p class="app-board__offline" role="status">{tr(Key::BoardReconnecting)}</p> })}
            {move || {
                let hall = shown.get();
                let latest = hall.calls.first().cloned();
                match latest {
                    Some(call) => {
                        let window = call.window.map(|w| window_name(&hall, w)).unwrap_or_default();
                        view! {
                            <p class="app-board__latest" id="board-latest" aria-live="polite">
                                <span class="app-board__number">{call.number.clone()}</span>
                                <span aria-hidden="true">" → "</span>
                                <span class="app-visually-hidden">" "</span>
                                <span class="app-board__window">{window}</span>
                            </p>
                        }.into_any()
                    }
                    None => view! { <p class="app-board__latest" id="board-latest">{tr(Key::HallNoCalls)}</p> }.into_any(),
                }
            }}
            <div class="app-board__columns">
                <section aria-labelledby="board-calls-title">
                    <h2 class="app-heading-l" id="board-calls-title">{tr(Key::HallCalls)}</h2>
                    <table class="app-table app-board__table" id="board-calls">
                        <thead><tr><th scope="col">{tr(Key::BoardNumber)}</th><th scope="col">{tr(Key::HallWindows)}</th></tr></thead>
                        <tbody>
                            {move || { let hall = shown.get(); hall.calls.iter().map(|call| {
                                let window = call.window.map(|w| window_name(&hall, w)).unwrap_or_default();
                                view! { <tr><td>{call.number.clone()}</td><td>{window}</td></tr> }
                            }).collect_view() }}
                        </tbody>
                    </table>
                </section>
                <section aria-labelledby="board-lines-title">
                    <h2 class="app-heading-l" id="board-lines-title">{tr(Key::HallLines)}</h2>
                    <table class="app-table app-board__table" id="board-lines">
                        <thead><tr><th scope="col">{tr(Key::HallLine)}</th><th scope="col">{tr(Key::HallWaiting)}</th></tr></thead>
                        <tbody>
                            {move || shown.get().lines.into_iter().map(|line| view! {
                                <tr><th scope="row">{crate::model::hall::line_label(&line)}</th><td class="app-table__number">{line.waiting.to_string()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            </div>
            <div class="app-board__sound">
                {move || if sound.get() {
                    view! { <p class="app-hint" id="board-sound-on">{tr(Key::BoardSoundOn)}</p> }.into_any()
                } else {
                    view! {
                        <button type="button" class="app-button" id="board-enable-sound" on:click=enable.clone()>
                            {tr(Key::BoardEnableSound)}
                        </button>
                    }.into_any()
                }}
                {move || {
                    let missing = missing_voices.get();
                    (sound.get() && !missing.is_empty()).then(|| view! {
                        <p class="app-notice" role="status" id="board-no-voice">
                            {move || lang.t_with(Key::BoardNoVoice, &[("languages", &missing.join(", "))])}
                        </p>
                    })
                }}
            </div>
        </div>
    }
}
