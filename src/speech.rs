//! The browser's speech synthesis behind one small wrapper, for every page that speaks (the
//! calling board, read-aloud): whether a voice speaks a language, speaking a text in it
//! (and hearing when it ends), pausing and resuming. Browsers speak only after a gesture on the page, so pages start speech from
//! a button. The end-to-end tests put a stand-in for `speechSynthesis` in its place
//! (`tests/e2e/speech.mjs`) that records what is said and in which language.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

use crate::model::queue::voice_matches;

/// The browser's synthesiser, where it has one.
fn synthesiser() -> Option<SpeechSynthesis> {
    let window = web_sys::window()?;
    // Some browsers have no `speechSynthesis` at all: look before calling its getter.
    js_sys::Reflect::has(&window, &"speechSynthesis".into())
        .ok()
        .filter(|has| *has)?;
    window.speech_synthesis().ok()
}

/// A voice for BCP 47 language `lang` (`zh-CN`, `en`, `yue-HK`), preferring a local one.
fn voice_for(synth: &SpeechSynthesis, lang: &str) -> Option<SpeechSynthesisVoice> {
    let voices: Vec<SpeechSynthesisVoice> = synth
        .get_voices()
        .iter()
        // Unchecked: a page's stand-in voices (in tests) are plain objects of the same shape.
        .map(|v| v.unchecked_into::<SpeechSynthesisVoice>())
        .filter(|v| voice_matches(&v.lang(), lang))
        .collect();
    voices
        .iter()
        .find(|v| v.local_service())
        .or(voices.first())
        .cloned()
}

/// Whether the browser has a voice for `lang`.
pub fn has_voice(lang: &str) -> bool {
    synthesiser().is_some_and(|s| voice_for(&s, lang).is_some())
}

/// Queues `text` to be spoken in `lang` at `rate` (1.0 is normal); false when there is no
/// voice for the language, so the page can say so instead of staying silent.
pub fn speak(text: &str, lang: &str, rate: f32) -> bool {
    utterance(text, lang, rate).is_some_and(|(synth, utterance)| {
        synth.speak(&utterance);
        true
    })
}

/// Like [`speak`], and calls `ended` once the text has been spoken, or stopped.
pub fn speak_then(text: &str, lang: &str, rate: f32, ended: impl FnOnce() + 'static) -> bool {
    let Some((synth, utterance)) = utterance(text, lang, rate) else {
        return false;
    };
    let ended = Closure::once_into_js(ended);
    utterance.set_onend(Some(ended.unchecked_ref()));
    synth.speak(&utterance);
    true
}

/// The synthesiser and an utterance of `text` in a voice for `lang`, if there is one.
fn utterance(
    text: &str,
    lang: &str,
    rate: f32,
) -> Option<(SpeechSynthesis, SpeechSynthesisUtterance)> {
    let synth = synthesiser()?;
    let voice = voice_for(&synth, lang)?;
    let utterance = SpeechSynthesisUtterance::new_with_text(text).ok()?;
    utterance.set_lang(lang);
    utterance.set_voice(Some(&voice));
    utterance.set_rate(rate);
    Some((synth, utterance))
}

/// Pauses speech where it is.
pub fn pause() {
    if let Some(synth) = synthesiser() {
        synth.pause();
    }
}

/// Resumes paused speech.
pub fn resume() {
    if let Some(synth) = synthesiser() {
        synth.resume();
    }
}

/// Stops speaking and forgets what is queued.
pub fn cancel() {
    if let Some(synth) = synthesiser() {
        synth.cancel();
    }
}

/// Calls `changed` whenever the browser's list of voices changes (it often arrives a moment
/// after the page loads).
pub fn on_voices_changed(changed: impl Fn() + 'static) {
    if let Some(synth) = synthesiser() {
        let callback = Closure::<dyn Fn()>::new(changed);
        synth.set_onvoiceschanged(Some(callback.as_ref().unchecked_ref()));
        // The page keeps listening as long as it lives; a new listener replaces this one.
        callback.forget();
    }
}
