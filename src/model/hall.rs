//! The hall status page's plain logic: which windows serve a line, how a call reads, the
//! wait a new number faces, and which of the hall's snapshots is the newest.

use banshi_contract::{Hall, HallWindow, QueueLine, QueueNumber};

/// The windows of `hall` that serve `line`, in number order.
pub fn windows_for<'a>(hall: &'a Hall, line: &str) -> Vec<&'a HallWindow> {
    let mut windows: Vec<&HallWindow> = hall
        .windows
        .iter()
        .filter(|w| w.lines.iter().any(|l| l == line))
        .collect();
    windows.sort_by_key(|w| w.number);
    windows
}

/// The name of window `number` (`3号窗口`), or the number alone if the hall lists no such
/// window.
pub fn window_name(hall: &Hall, number: u32) -> String {
    hall.windows
        .iter()
        .find(|w| w.number == number)
        .map_or_else(|| number.to_string(), |w| w.name.clone())
}

/// How a line is named to people: its letter, then what it serves (`A 税务与社保`).
pub fn line_label(line: &QueueLine) -> String {
    format!("{} {}", line.code, line.name)
}

/// The minutes a number taken now in `line` likely waits, shortest and longest: the
/// backend's estimate, or, from a backend that gives none, everyone waiting at the line's
/// minutes per person.
pub fn line_wait(line: &QueueLine) -> (u32, u32) {
    line.wait.map_or_else(
        || {
            let minutes = line.waiting.saturating_mul(line.minutes_per_person);
            (minutes, minutes)
        },
        |w| (w.low_minutes, w.high_minutes),
    )
}

/// The minutes `number` likely waits until called, shortest and longest (its old single
/// estimate, from a backend that gives no range).
pub fn number_wait(number: &QueueNumber) -> (u32, u32) {
    number.wait.map_or(
        (number.estimated_wait_minutes, number.estimated_wait_minutes),
        |w| (w.low_minutes, w.high_minutes),
    )
}

/// Whether `fresh` should replace `shown`: a snapshot taken no earlier (an answer that
/// arrives late from a slow request must not undo a newer one from the stream).
pub fn is_newer(shown: Option<&Hall>, fresh: &Hall) -> bool {
    shown.is_none_or(|shown| fresh.updated_at >= shown.updated_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hall() -> Hall {
        serde_json::from_str::<Vec<Hall>>(include_str!(
            "../../crates/contract/tests/fixtures/halls.json"
        ))
        .expect("the fixture")
        .remove(0)
    }

    #[test]
    fn a_line_lists_the_windows_that_serve_it() {
        let hall = hall();
        let names: Vec<&str> = windows_for(&hall, "A")
            .iter()
            .map(|w| w.name.as_str())
            .collect();
        assert_eq!(names, ["1号窗口", "2号窗口"]);
        assert!(windows_for(&hall, "Z").is_empty());
        assert_eq!(window_name(&hall, 3), "3号窗口");
        assert_eq!(window_name(&hall, 9), "9");
    }

    #[test]
    fn a_wait_is_the_backends_range_or_everyone_waiting_at_the_nominal_pace() {
        let mut hall = hall();
        assert_eq!(line_wait(&hall.lines[0]), (8, 15), "the backend's range");
        hall.lines[0].wait = None;
        assert_eq!(
            line_wait(&hall.lines[0]),
            (5 * 6, 5 * 6),
            "a backend without one"
        );
        assert_eq!(line_wait(&hall.lines[1]), (0, 0));
    }

    #[test]
    fn a_late_answer_does_not_replace_a_newer_snapshot() {
        let newer = hall();
        let mut older = hall();
        older.updated_at = "2026-11-22T10:14:00+08:00".into();
        assert!(is_newer(None, &older));
        assert!(!is_newer(Some(&newer), &older));
        assert!(is_newer(Some(&older), &newer));
        assert!(is_newer(Some(&newer), &newer));
    }
}
