// A stand-in for the browser's speech synthesis, which headless Chromium lacks (as the
// scanner's tests stand in for the camera): it offers the voices a test names and records
// each utterance's text and language in `window.spoken`. Every page that speaks
// (`src/speech.rs`) is tested through it.

/** Installs the stand-in in `page` before any of its scripts run. */
export async function standInForSpeech(page, voices = [{ lang: 'zh-CN', name: 'Tingting' }, { lang: 'en-US', name: 'Samantha' }]) {
  await page.addInitScript((offered) => {
    window.spoken = [];
    class Utterance {
      constructor(text) { this.text = text; this.lang = ''; this.rate = 1; this.voice = null; }
    }
    const synth = {
      onvoiceschanged: null,
      speaking: false,
      pending: false,
      paused: false,
      getVoices: () => offered.map((v) => ({ ...v, voiceURI: v.name, localService: true, default: false })),
      speak(u) { window.spoken.push({ text: u.text, lang: u.lang, voice: u.voice ? u.voice.lang : null, rate: u.rate }); },
      cancel() {},
      pause() {},
      resume() {},
      addEventListener() {},
      removeEventListener() {},
    };
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    window.SpeechSynthesisUtterance = Utterance;
  }, voices);
}

/** What `page` has said so far. */
export const spoken = (page) => page.evaluate(() => window.spoken);
