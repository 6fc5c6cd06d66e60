//! Read-aloud's course through a page (语音阅读): which passage is being read, what play,
//! pause, previous and next do, and the voice for the page's language.

use banshi_contract::Locale;

/// The speaking rate in elder mode (1.0 is the voice's normal rate).
pub const ELDER_RATE: f32 = 0.8;

/// Where a reading of a page's passages stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    count: usize,
    current: usize,
    state: ReadingState,
}

/// Whether the reader is speaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadingState {
    /// Speaking the current passage.
    Speaking,
    /// Paused in the current passage.
    Paused,
    /// Past the last passage.
    Finished,
}

impl Reading {
    /// A reading of `count` passages from the first; `None` when there is nothing to read.
    pub fn start(count: usize) -> Option<Reading> {
        (count > 0).then_some(Reading {
            count,
            current: 0,
            state: ReadingState::Speaking,
        })
    }

    /// The passage being read (0-based).
    pub fn current(self) -> usize {
        self.current
    }

    /// How many passages there are.
    pub fn count(self) -> usize {
        self.count
    }

    /// Whether it is speaking, paused or done.
    pub fn state(self) -> ReadingState {
        self.state
    }

    /// The current passage was read to its end: on to the next, or finished after the
    /// last. Returns whether there is a passage to speak now.
    pub fn passage_ended(&mut self) -> bool {
        if self.current + 1 < self.count {
            self.current += 1;
            true
        } else {
            self.state = ReadingState::Finished;
            false
        }
    }

    /// Skips to the next passage, if there is one; reading goes on from there.
    pub fn skip_forward(&mut self) -> bool {
        if self.current + 1 < self.count {
            self.current += 1;
            self.state = ReadingState::Speaking;
            true
        } else {
            false
        }
    }

    /// Goes back a passage (or to the start of the first); reading goes on from there.
    pub fn skip_back(&mut self) {
        self.current = self.current.saturating_sub(1);
        self.state = ReadingState::Speaking;
    }

    /// Pauses, resumes, or after the last passage starts again from the first. Returns the
    /// new state.
    pub fn play_or_pause(&mut self) -> ReadingState {
        self.state = match self.state {
            ReadingState::Speaking => ReadingState::Paused,
            ReadingState::Paused => ReadingState::Speaking,
            ReadingState::Finished => {
                self.current = 0;
                ReadingState::Speaking
            }
        };
        self.state
    }
}

/// The voice language for reading a page in `locale`: Mandarin for Simplified Chinese; for
/// Traditional Chinese a Hong Kong voice where the centre is in Hong Kong or Macau
/// (`region`, from `config.json`), else a Taiwan one; English for English.
pub fn reading_voice(locale: Locale, region: Option<&str>) -> &'static str {
    match locale {
        Locale::ZhHans => "zh-CN",
        Locale::ZhHant => match region.map(str::to_ascii_uppercase).as_deref() {
            Some("HK" | "MO") => "zh-HK",
            _ => "zh-TW",
        },
        Locale::En => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_goes_through_each_passage_and_finishes() {
        assert_eq!(Reading::start(0), None);
        let mut reading = Reading::start(3).expect("passages");
        assert_eq!(
            (reading.current(), reading.state()),
            (0, ReadingState::Speaking)
        );
        assert!(reading.passage_ended());
        assert!(reading.passage_ended());
        assert_eq!(reading.current(), 2);
        assert!(!reading.passage_ended(), "nothing after the last");
        assert_eq!(reading.state(), ReadingState::Finished);
        assert_eq!(reading.play_or_pause(), ReadingState::Speaking);
        assert_eq!(reading.current(), 0, "play after the end starts again");
    }

    #[test]
    fn previous_and_next_stay_within_the_page_and_resume_speaking() {
        let mut reading = Reading::start(2).expect("passages");
        reading.skip_back();
        assert_eq!(reading.current(), 0);
        assert_eq!(reading.play_or_pause(), ReadingState::Paused);
        assert!(reading.skip_forward());
        assert_eq!(
            (reading.current(), reading.state()),
            (1, ReadingState::Speaking)
        );
        assert!(!reading.skip_forward(), "no passage after the last");
        assert_eq!(reading.current(), 1);
        assert_eq!(reading.play_or_pause(), ReadingState::Paused);
        assert_eq!(reading.play_or_pause(), ReadingState::Speaking);
    }

    #[test]
    fn each_language_is_read_in_its_own_voice() {
        assert_eq!(reading_voice(Locale::ZhHans, Some("HK")), "zh-CN");
        assert_eq!(reading_voice(Locale::ZhHant, None), "zh-TW");
        assert_eq!(reading_voice(Locale::ZhHant, Some("hk")), "zh-HK");
        assert_eq!(reading_voice(Locale::ZhHant, Some("MO")), "zh-HK");
        assert_eq!(reading_voice(Locale::En, Some("HK")), "en");
    }
}
