// A stand-in for the browser's speech synthesis, which headless Chromium lacks (as the
// scanner's tests stand in for the camera): it offers the voices a test names and records
// each utterance's text and language in `window.spoken`. Every page that speaks
// (`src/speech.rs`) is tested through it. An utterance lasts until the test says it is done
// (`finishSpeaking`) or the page cancels it; either fires its `end` event, as browsers do.

/** Installs the stand-in in `page` before any of its scripts run. */
export async function standInForSpeech(page, voices = [{ lang: 'zh-CN', name: 'Tingting' }, { lang: 'en-US', name: 'Samantha' }]) {
  await page.addInitScript((offered) => {
    window.spoken = [];
    window.speechCalls = [];
    let current = null;
    const end = () => { const u = current; current = null; if (u && u.onend) u.onend({}); };
    window.finishSpeaking = end;
    class Utterance {
      constructor(text) { this.text = text; this.lang = ''; this.rate = 1; this.voice = null; }
    }
    const synth = {
      onvoiceschanged: null,
      speaking: false,
      pending: false,
      paused: false,
      getVoices: () => offered.map((v) => ({ ...v, voiceURI: v.name, localService: true, default: false })),
      speak(u) { window.spoken.push({ text: u.text, lang: u.lang, voice: u.voice ? u.voice.lang : null, rate: u.rate }); current = u; },
      cancel() { window.speechCalls.push('cancel'); end(); },
      pause() { window.speechCalls.push('pause'); this.paused = true; },
      resume() { window.speechCalls.push('resume'); this.paused = false; },
      addEventListener() {},
      removeEventListener() {},
    };
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    window.SpeechSynthesisUtterance = Utterance;
  }, voices);
}

/** What `page` has said so far. */
export const spoken = (page) => page.evaluate(() => window.spoken);

/** Ends the utterance being spoken, as if the voice had read it to the end. */
export const finishSpeaking = (page) => page.evaluate(() => window.finishSpeaking());
