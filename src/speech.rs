//! The browser's speech synthesis behind one small wrapper, for every page that speaks (the
//! calling board now, read-aloud later): whether a voice speaks a language, and speaking a
//! text in it. Browsers speak only after a gesture on the page, so pages start speech from
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
    let Some(synth) = synthesiser() else {
        return false;
    };
    let Some(voice) = voice_for(&synth, lang) else {
        return false;
    };
    let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(text) else {
        return false;
    };
    utterance.set_lang(lang);
    utterance.set_voice(Some(&voice));
    utterance.set_rate(rate);
    synth.speak(&utterance);
    true
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
