//! Honest waits: a range of minutes until a number is called, from what its line has done
//! lately (service times, the windows open to it, its no-shows and its rate of calls), in
//! place of one optimistic `ahead × minutes_per_person`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Served numbers whose service time the estimate reads, at most.
pub const SERVICE_SAMPLE: usize = 30;
/// Minutes of today's calls whose rate cross-checks the estimate.
pub const CALL_WINDOW_MINUTES: f64 = 30.0;
/// Calls in that window the cross-check needs at least.
const MIN_CALLS: u32 = 3;
/// Served numbers the service time needs at least; with fewer the line's nominal minutes
/// per person stand in.
const MIN_SERVICE_SAMPLE: usize = 5;
/// Calls the no-show rate needs at least; with fewer it is taken as none.
const MIN_CALLED: u32 = 20;

/// What a line has done lately, read from its numbers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineRecent {
    /// Minutes at a window of its latest served numbers, at most [`SERVICE_SAMPLE`].
    pub service_minutes: Vec<f64>,
    /// Numbers of the line called over the recent days.
    pub called: u32,
    /// Of those, the ones that did not come (过号).
    pub no_shows: u32,
    /// Calls of the line in the last [`CALL_WINDOW_MINUTES`] today.
    pub recent_calls: u32,
    /// Windows open to the line now (serving it and not paused).
    pub windows: u32,
    /// Minutes each window of the line has spent so far on the number it serves now.
    pub serving_for: Vec<f64>,
}

/// The slow-changing part of [`LineRecent`]: a line's last 30 days.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineHistory {
    /// Minutes at a window of its latest served numbers, at most [`SERVICE_SAMPLE`].
    pub service_minutes: Vec<f64>,
    /// Numbers of the line called.
    pub called: u32,
    /// Of those, the ones that never came to a window.
    pub no_shows: u32,
}

/// A line of a hall on a day: hall id, line code, `YYYYMMDD`.
pub type LineDay = (String, String, String);

/// Each line's [`LineHistory`], kept a minute: read on every hall change and every look at a
/// number, it changes only as numbers are served.
#[derive(Debug, Default)]
pub struct HistoryCache {
    kept: std::sync::Mutex<HashMap<LineDay, (Instant, LineHistory)>>,
}

impl HistoryCache {
    /// How long a line's history is kept.
    pub const KEEP: Duration = Duration::from_secs(60);

    /// The history of `(hall, line, day)` if read less than [`Self::KEEP`] ago.
    pub fn get(&self, key: &LineDay) -> Option<LineHistory> {
        let kept = self.kept.lock().ok()?;
        kept.get(key)
            .filter(|(at, _)| at.elapsed() < Self::KEEP)
            .map(|(_, history)| history.clone())
    }

    /// Keeps `history` for `key` (and forgets other days' lines).
    pub fn put(&self, key: LineDay, history: LineHistory) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.retain(|(_, _, day), _| *day == key.2);
            kept.insert(key, (Instant::now(), history));
        }
    }
}

/// A wait, in whole minutes: the likeliest and the range it falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// The likeliest wait (also the contract's old `estimated_wait_minutes`).
    pub minutes: u32,
    /// The shortest likely wait.
    pub low: u32,
    /// The longest likely wait.
    pub high: u32,
}

/// The middle of `values` (none: `None`).
fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    (n > 0).then(|| (sorted[(n - 1) / 2] + sorted[n / 2]) / 2.0)
}

/// The wait of a number with `ahead` people before it in a line that has done `recent`
/// (`nominal` minutes per person where the line has too little history):
/// - by service: the people ahead who will come (one minus the no-show rate), times the
///   median service time, over the windows open to the line, plus what remains of the
///   service at the window that frees first when every window is busy;
/// - by calls: the people ahead, and half a turn for one's own call, over today's recent
///   rate of calls.
///
/// The likeliest wait is the mean of the two (the first alone without recent calls); the
/// range runs from the lower less a fifth to the higher plus a quarter and one more
/// person's turn at the line's pace (the service time over the windows).
pub fn estimate(ahead: u32, recent: &LineRecent, nominal: u32) -> Estimate {
    let service = if recent.service_minutes.len() >= MIN_SERVICE_SAMPLE {
        median(&recent.service_minutes).unwrap_or(f64::from(nominal))
    } else {
        f64::from(nominal)
    };
    let no_show = if recent.called >= MIN_CALLED {
        f64::from(recent.no_shows.min(recent.called)) / f64::from(recent.called)
    } else {
        0.0
    };
    let windows = recent.windows.max(1);
    let first_free = if recent.serving_for.len() as u32 >= windows {
        recent
            .serving_for
            .iter()
            .map(|spent| (service - spent).max(0.0))
            .fold(f64::INFINITY, f64::min)
    } else {
        0.0
    };
    let coming = f64::from(ahead) * (1.0 - no_show);
    let by_service = first_free.min(service) + coming * service / f64::from(windows);
    let by_calls = (recent.recent_calls >= MIN_CALLS)
        .then(|| (f64::from(ahead) + 0.5) * CALL_WINDOW_MINUTES / f64::from(recent.recent_calls));
    let (likeliest, lower, higher) = match by_calls {
        Some(by_calls) => (
            (by_service + by_calls) / 2.0,
            by_service.min(by_calls),
            by_service.max(by_calls),
        ),
        None => (by_service, by_service, by_service),
    };
    let minutes = likeliest.round() as u32;
    // One more person's turn at the line's pace: the call may wait for a window to free.
    let slot = service / f64::from(windows);
    Estimate {
        minutes,
        low: ((lower * 0.8).floor() as u32).min(minutes),
        high: ((higher * 1.25 + slot).ceil() as u32).max(minutes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(service: &[f64], windows: u32) -> LineRecent {
        LineRecent {
            service_minutes: service.to_vec(),
            windows,
            ..LineRecent::default()
        }
    }

    #[test]
    fn the_windows_open_to_a_line_share_its_queue() {
        let one = estimate(6, &line(&[10.0; 10], 1), 6);
        let three = estimate(6, &line(&[10.0; 10], 3), 6);
        assert_eq!(one.minutes, 60);
        assert_eq!(three.minutes, 20);
        assert!(one.low <= one.minutes && one.minutes <= one.high);
    }

    #[test]
    fn too_little_history_falls_back_to_the_nominal_time() {
        assert_eq!(estimate(4, &line(&[30.0; 4], 1), 6).minutes, 24);
        assert_eq!(estimate(4, &line(&[30.0; 5], 1), 6).minutes, 120);
    }

    #[test]
    fn no_shows_shorten_the_wait_once_there_are_enough_calls() {
        let mut recent = line(&[10.0; 10], 1);
        recent.called = 100;
        recent.no_shows = 20;
        assert_eq!(estimate(10, &recent, 10).minutes, 80);
        recent.called = 10;
        recent.no_shows = 2;
        assert_eq!(
            estimate(10, &recent, 10).minutes,
            100,
            "ten calls say too little"
        );
    }

    #[test]
    fn busy_windows_add_what_remains_of_their_service() {
        let mut recent = line(&[10.0; 10], 2);
        recent.serving_for = vec![7.0, 2.0];
        assert_eq!(estimate(0, &recent, 10).minutes, 3, "the first frees in 3");
        recent.serving_for = vec![7.0];
        assert_eq!(estimate(0, &recent, 10).minutes, 0, "a window is free");
    }

    #[test]
    fn the_rate_of_calls_widens_the_range_and_moves_the_likeliest_wait() {
        let mut recent = line(&[10.0; 10], 1);
        recent.recent_calls = 6;
        // By service 50 minutes; by calls (6 in 30 minutes) 5.5 turns of 5 minutes, 27.5.
        let wait = estimate(5, &recent, 10);
        assert_eq!(wait.minutes, 39);
        assert_eq!(
            (wait.low, wait.high),
            (22, 73),
            "27.5 less a fifth; 50 and a quarter, and ten minutes for a window to free"
        );
    }

    /// The demo's numbers of one line on one day, in minutes since the epoch.
    struct Replayed {
        issued: f64,
        called: Option<f64>,
        ended: f64,
        state: &'static str,
    }

    /// Replays every demo number: what each estimate said when it was taken, against when
    /// it was called. Returns the mean absolute error of `estimate` and of
    /// `ahead × minutes_per_person`, and the share of waits within the range.
    fn replay() -> (f64, f64, f64) {
        let halls = crate::seed::halls();
        let calendar = crate::clock::Calendar::load(None).expect("calendar");
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-03T12:00:00+08:00").expect("now");
        let numbers = crate::history::past_numbers(&halls, &calendar, now, 60, 7);
        let minute = |at: &str| {
            chrono::DateTime::parse_from_rfc3339(at)
                .expect("a timestamp")
                .timestamp() as f64
                / 60.0
        };
        let (mut ours, mut naive, mut within, mut count) = (0.0, 0.0, 0usize, 0usize);
        let hall = &halls[0];
        for line in &hall.lines {
            let windows = hall
                .windows
                .iter()
                .filter(|w| w.lines.contains(&line.code))
                .count() as u32;
            let of_line: Vec<Replayed> = numbers
                .iter()
                .filter(|n| n.hall == hall.id && n.line == line.code)
                .map(|n| Replayed {
                    issued: minute(&n.issued_at),
                    called: n.called.as_ref().map(|(at, _)| minute(at)),
                    ended: minute(&n.ended_at),
                    state: n.state,
                })
                .collect();
            for (i, number) in of_line.iter().enumerate() {
                let Some(called) = number.called else {
                    continue;
                };
                let t = number.issued;
                let before = &of_line[..i];
                let ahead = before
                    .iter()
                    .filter(|n| {
                        let still_queued = n.called.map_or(n.ended > t, |c| c > t);
                        n.issued > t - 600.0 && still_queued
                    })
                    .count() as u32;
                let mut recent = LineRecent {
                    windows,
                    ..LineRecent::default()
                };
                for n in before.iter().rev() {
                    let served_before = n.state == "served" && n.ended <= t;
                    if served_before && recent.service_minutes.len() < SERVICE_SAMPLE {
                        let called = n.called.unwrap_or(n.ended);
                        recent.service_minutes.push(n.ended - called);
                    }
                    if let Some(c) = n.called.filter(|c| *c <= t) {
                        recent.called += 1;
                        recent.no_shows += u32::from(n.state == "missed");
                        if c > t - CALL_WINDOW_MINUTES {
                            recent.recent_calls += 1;
                        }
                        if n.state == "served" && n.ended > t {
                            recent.serving_for.push(t - c);
                        }
                    }
                }
                let actual = called - t;
                let wait = estimate(ahead, &recent, line.minutes_per_person);
                ours += (f64::from(wait.minutes) - actual).abs();
                naive += (f64::from(ahead * line.minutes_per_person) - actual).abs();
                within += usize::from(
                    f64::from(wait.low) - 1.0 <= actual && actual <= f64::from(wait.high) + 1.0,
                );
                count += 1;
            }
        }
        assert!(count > 1000, "{count} waits replayed");
        let count = count as f64;
        (ours / count, naive / count, within as f64 / count)
    }

    #[test]
    fn on_the_demo_history_the_estimate_beats_ahead_times_minutes_per_person() {
        let (ours, naive, within) = replay();
        println!(
            "mean absolute error: estimate {ours:.1} min, ahead × minutes per person \
             {naive:.1} min; {:.0} % of waits within the range",
            within * 100.0
        );
        assert!(ours < naive * 0.75, "estimate {ours:.1}, naive {naive:.1}");
        assert!(within > 0.9, "{:.0} % within the range", within * 100.0);
    }
}
