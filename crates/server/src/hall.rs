//! A hall's own time: its days in its time zone (numbers restart at its midnight) and its
//! opening hours on the holiday calendar (holidays closed, make-up working days open with
//! Monday's hours), and the checks a hall's definition must pass at start-up.

use banshi_contract::OpeningHours;
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Timelike};
use chrono_tz::Tz;

use crate::clock::Calendar;
use crate::seed::HallDoc;

/// The time zone of `hall`, or the centre's if it names none that exists (start-up refuses
/// such halls, see [`problems`]).
pub fn zone(hall: &HallDoc) -> Tz {
    hall.time_zone.parse().unwrap_or(chrono_tz::Asia::Shanghai)
}

/// The hall's local date at `now`.
pub fn local_date<Z: TimeZone>(zone: Tz, now: DateTime<Z>) -> NaiveDate {
    now.with_timezone(&zone).date_naive()
}

/// `YYYYMMDD` of the hall's local date at `now`: the day its numbers count from 1.
pub fn day<Z: TimeZone>(zone: Tz, now: DateTime<Z>) -> String {
    local_date(zone, now).format("%Y%m%d").to_string()
}

/// The hours the hall keeps on `date`: none on a public holiday, Monday's on a make-up
/// working day, else those of its weekday.
pub fn hours_on<'a>(
    opening: &'a [OpeningHours],
    calendar: &Calendar,
    date: NaiveDate,
) -> Option<&'a OpeningHours> {
    if calendar.is_holiday(date) {
        return None;
    }
    let weekday = if calendar.is_make_up_day(date) {
        1
    } else {
        date.weekday().number_from_monday() as u8
    };
    opening.iter().find(|h| h.weekday == weekday)
}

/// Whether the hall is open at `now`.
pub fn is_open<Z: TimeZone>(hall: &HallDoc, calendar: &Calendar, now: DateTime<Z>) -> bool {
    let local = now.with_timezone(&zone(hall));
    let minute = local.hour() * 60 + local.minute();
    hours_on(&hall.opening, calendar, local.date_naive()).is_some_and(|h| h.contains(minute))
}

/// What is wrong with `hall`'s definition: an unknown time zone, hours that are not times
/// or close before they open, a weekday twice, or a window serving a line the hall lacks.
pub fn problems(hall: &HallDoc) -> Vec<String> {
    let mut problems = Vec::new();
    if hall.time_zone.parse::<Tz>().is_err() {
        problems.push(format!(
            "hall {}: unknown time zone {:?}",
            hall.id, hall.time_zone
        ));
    }
    for (i, hours) in hall.opening.iter().enumerate() {
        let span = (
            OpeningHours::minutes(&hours.opens),
            OpeningHours::minutes(&hours.closes),
        );
        if !(1..=7).contains(&hours.weekday) {
            problems.push(format!(
                "hall {}: weekday {} is not 1 to 7",
                hall.id, hours.weekday
            ));
        }
        if !matches!(span, (Some(opens), Some(closes)) if opens < closes) {
            problems.push(format!(
                "hall {}: {}–{} is not a span of the day",
                hall.id, hours.opens, hours.closes
            ));
        }
        if hall.opening[..i].iter().any(|h| h.weekday == hours.weekday) {
            problems.push(format!("hall {}: weekday {} twice", hall.id, hours.weekday));
        }
    }
    for window in &hall.windows {
        for line in &window.lines {
            if !hall.lines.iter().any(|l| &l.code == line) {
                problems.push(format!(
                    "hall {}: window {} serves unknown line {line}",
                    hall.id, window.number
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hall() -> HallDoc {
        crate::seed::halls().remove(0)
    }

    fn at(text: &str) -> DateTime<chrono::FixedOffset> {
        DateTime::parse_from_rfc3339(text).expect("a timestamp")
    }

    fn calendar() -> Calendar {
        Calendar::load(None).expect("the built-in calendar")
    }

    #[test]
    fn the_demo_hall_is_valid() {
        for hall in crate::seed::halls() {
            assert_eq!(problems(&hall), Vec::<String>::new());
            assert!(!hall.windows.is_empty());
            for line in &hall.lines {
                assert!(
                    hall.windows.iter().any(|w| w.lines.contains(&line.code)),
                    "some window serves line {}",
                    line.code
                );
            }
        }
    }

    #[test]
    fn saturday_mornings_are_open_and_afternoons_and_sundays_closed() {
        let (hall, calendar) = (hall(), calendar());
        // Saturday 28 November 2026, an ordinary Saturday.
        assert!(is_open(&hall, &calendar, at("2026-11-28T10:30:00+08:00")));
        assert!(!is_open(&hall, &calendar, at("2026-11-28T12:00:00+08:00")));
        assert!(
            !is_open(&hall, &calendar, at("2026-11-29T10:30:00+08:00")),
            "Sunday"
        );
        assert!(
            is_open(&hall, &calendar, at("2026-11-30T16:59:00+08:00")),
            "Monday"
        );
        assert!(!is_open(&hall, &calendar, at("2026-11-30T17:00:00+08:00")));
        assert!(!is_open(&hall, &calendar, at("2026-11-30T08:59:00+08:00")));
    }

    #[test]
    fn holidays_close_the_hall_and_make_up_days_open_it_all_day() {
        let (hall, calendar) = (hall(), calendar());
        // Thursday 1 October 2026, National Day.
        assert!(!is_open(&hall, &calendar, at("2026-10-01T10:00:00+08:00")));
        // Saturday 10 October 2026 is worked for the holiday: Monday's hours, afternoon too.
        assert!(is_open(&hall, &calendar, at("2026-10-10T15:00:00+08:00")));
        // Sunday 20 September 2026 likewise.
        assert!(is_open(&hall, &calendar, at("2026-09-20T09:00:00+08:00")));
    }

    #[test]
    fn numbers_restart_at_the_halls_midnight_not_the_servers() {
        let shanghai = zone(&hall());
        // 16:30 UTC on 3 December is 00:30 on 4 December in Shanghai.
        let late = at("2026-12-03T16:30:00Z");
        assert_eq!(day(shanghai, late), "20261204");
        assert_eq!(day(chrono_tz::UTC, late), "20261203");
        assert_eq!(day(shanghai, at("2026-12-03T15:59:59Z")), "20261203");
        // Hours are the hall's local hours: 09:30 in Ürümqi is 11:30 in Shanghai.
        let mut urumqi = hall();
        urumqi.time_zone = "Asia/Urumqi".into();
        assert!(is_open(&urumqi, &calendar(), at("2026-12-03T03:30:00Z")));
        assert!(
            !is_open(&urumqi, &calendar(), at("2026-12-03T02:30:00Z")),
            "08:30 there"
        );
    }

    #[test]
    fn a_broken_hall_is_refused_with_what_is_wrong() {
        let mut broken = hall();
        broken.time_zone = "Mars/Olympus".into();
        broken.opening[0].closes = "08:00".into();
        broken.opening[1].weekday = 1;
        broken.windows[0].lines.push("Z".into());
        let problems = problems(&broken);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("Mars/Olympus"));
        assert!(problems.iter().any(|p| p.contains("unknown line Z")));
    }
}
