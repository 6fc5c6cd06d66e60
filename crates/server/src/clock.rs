//! Service-centre time: timestamps in China Standard Time, ticket days, and promised dates
//! counted in working days on the official holiday calendar (with its 调休 make-up days).

use std::collections::HashSet;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, Utc, Weekday,
};
use serde::Deserialize;

/// UTC+8, the service centre's time zone.
pub fn centre_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| unreachable!("+8 h is a valid offset"))
}

/// How far the server's clock is set from the machine's (`--pretend-now`), in milliseconds.
static SHIFT_MILLIS: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Sets the server's clock so that it reads `at` now and runs on from there: for
/// demonstrations (the morning rush at night) and for tests of what happens at a given hour.
pub fn pretend_now(at: DateTime<FixedOffset>) {
    let shift = at.with_timezone(&Utc) - Utc::now();
    SHIFT_MILLIS.store(
        shift.num_milliseconds(),
        std::sync::atomic::Ordering::Relaxed,
    );
}

/// Now, in service-centre time.
pub fn now() -> DateTime<FixedOffset> {
    let shift = SHIFT_MILLIS.load(std::sync::atomic::Ordering::Relaxed);
    (Utc::now() + Duration::milliseconds(shift)).with_timezone(&centre_offset())
}

/// RFC 3339 with seconds and offset, e.g. `2026-11-22T09:30:00+08:00`.
pub fn rfc3339(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// RFC 3339 with milliseconds, for the outbox's attempt times. It sorts with the whole
/// seconds of [`rfc3339`] in the same offset as the instants they name.
pub fn rfc3339_millis(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, false)
}

/// `YYYY-MM-DDTHH:MM` of `at`, the form of local times in the contract.
pub fn local_minutes(at: DateTime<FixedOffset>) -> String {
    at.format("%Y-%m-%dT%H:%M").to_string()
}

/// `YYYYMMDD` of `at`.
pub fn day(at: DateTime<FixedOffset>) -> String {
    at.format("%Y%m%d").to_string()
}

/// When windows close on a working day.
const CLOSING: (u32, u32) = (17, 0);

/// The holiday calendar that ships with the server: 2026 as published, 2027 provisional.
const DEFAULT_CALENDAR: &str = include_str!("../calendar/cn-holidays.json");

#[derive(Deserialize)]
struct CalendarFile {
    years: Vec<CalendarYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarYear {
    year: i32,
    provisional: bool,
    #[serde(default)]
    #[allow(dead_code, reason = "for the reader of the file")]
    source: String,
    /// Dates (`2026-10-01`) and inclusive ranges (`2026-10-01/2026-10-07`).
    days_off: Vec<String>,
    working_weekends: Vec<String>,
}

/// Which days the centre works: Monday to Friday, except public holidays, plus the weekend
/// days that the year's notice makes working days.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    days_off: HashSet<NaiveDate>,
    working_weekends: HashSet<NaiveDate>,
    years: Vec<(i32, bool)>,
}

fn dates(entry: &str) -> Result<Vec<NaiveDate>, String> {
    let parse = |d: &str| {
        NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| format!("{d:?} is not a date"))
    };
    let (first, last) = match entry.split_once('/') {
        Some((a, b)) => (parse(a)?, parse(b)?),
        None => (parse(entry)?, parse(entry)?),
    };
    if last < first || (last - first).num_days() > 31 {
        return Err(format!("{entry:?} is not a range of at most a month"));
    }
    Ok(first.iter_days().take_while(|d| *d <= last).collect())
}

impl Calendar {
    /// The calendar that ships with the server, with the years of `extra` (a file in the same
    /// format) replacing its own.
    ///
    /// # Errors
    /// If a file is not valid, with what is wrong.
    pub fn load(extra: Option<&str>) -> Result<Calendar, String> {
        let mut years: Vec<CalendarYear> = serde_json::from_str::<CalendarFile>(DEFAULT_CALENDAR)
            .map_err(|e| format!("built-in calendar: {e}"))?
            .years;
        if let Some(extra) = extra {
            let extra = serde_json::from_str::<CalendarFile>(extra).map_err(|e| e.to_string())?;
            years.retain(|y| !extra.years.iter().any(|e| e.year == y.year));
            years.extend(extra.years);
        }
        let mut calendar = Calendar::default();
        for year in years {
            for entry in &year.days_off {
                for date in dates(entry)? {
                    if date.year() != year.year {
                        return Err(format!("{date} is listed under {}", year.year));
                    }
                    calendar.days_off.insert(date);
                }
            }
            for entry in &year.working_weekends {
                for date in dates(entry)? {
                    if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                        return Err(format!("{date} is a working day anyway, not a weekend"));
                    }
                    calendar.working_weekends.insert(date);
                }
            }
            calendar.years.push((year.year, year.provisional));
        }
        calendar.years.sort_unstable();
        Ok(calendar)
    }

    /// Whether the centre works on `date`.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.working_weekends.contains(&date) {
            return true;
        }
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.days_off.contains(&date)
    }

    /// Whether `date` is a public holiday (a weekday or weekend day off by the calendar).
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.days_off.contains(&date)
    }

    /// Whether `date` is a weekend day worked in exchange for a holiday (调休).
    pub fn is_make_up_day(&self, date: NaiveDate) -> bool {
        self.working_weekends.contains(&date)
    }

    /// Whether `year`'s holidays are provisional (or not known at all: weekends only).
    pub fn is_provisional(&self, year: i32) -> bool {
        self.years
            .iter()
            .find(|(y, _)| *y == year)
            .is_none_or(|(_, provisional)| *provisional)
    }
}

/// Where a ticket stands at `now` against its promised time `expected`: finished (at
/// `finished`) on time or late; open and overdue; due soon when the promised day is today's
/// working day or the next; else on time. A ticket waiting for the citizen is never counted
/// overdue or due soon: the clock is theirs.
pub fn due_state(
    calendar: &Calendar,
    expected: DateTime<FixedOffset>,
    finished: Option<DateTime<FixedOffset>>,
    waiting_for_citizen: bool,
    now: DateTime<FixedOffset>,
) -> banshi_contract::DueState {
    use banshi_contract::DueState;
    if let Some(finished) = finished {
        return if finished <= expected {
            DueState::FinishedOnTime
        } else {
            DueState::FinishedLate
        };
    }
    if waiting_for_citizen {
        return DueState::OnTime;
    }
    if now > expected {
        return DueState::Overdue;
    }
    if expected < due_soon_before(calendar, now) {
        DueState::DueSoon
    } else {
        DueState::OnTime
    }
}

/// The end of the next working day after `now`'s day (midnight, centre time): an open ticket
/// promised before it is due soon.
pub fn due_soon_before(calendar: &Calendar, now: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    let today = now.with_timezone(&centre_offset()).date_naive();
    let mut next = today + Duration::days(1);
    while !calendar.is_working_day(next) && (next - today).num_days() < 60 {
        next += Duration::days(1);
    }
    (next + Duration::days(1))
        .and_time(NaiveTime::MIN)
        .and_local_timezone(centre_offset())
        .single()
        .unwrap_or(now)
}

/// The working days after `from` up to and including `to` (0 when `to` is not after
/// `from`), counting at most `cap`.
pub fn working_days_between(calendar: &Calendar, from: NaiveDate, to: NaiveDate, cap: u32) -> u32 {
    let mut days = 0;
    let mut date = from;
    while date < to && days < cap {
        date += Duration::days(1);
        if calendar.is_working_day(date) {
            days += 1;
        }
    }
    days
}

/// The promised result time for a request made at `at`: closing time on the day `days`
/// working days later on `calendar`. With 0 days it is closing time today if `at` is a
/// working day before closing, otherwise the next working day.
pub fn expected(
    calendar: &Calendar,
    at: DateTime<FixedOffset>,
    days: u32,
) -> DateTime<FixedOffset> {
    let closing = NaiveTime::from_hms_opt(CLOSING.0, CLOSING.1, 0)
        .unwrap_or_else(|| unreachable!("17:00 is a valid time"));
    let mut date = at.date_naive();
    let mut remaining = days;
    if !calendar.is_working_day(date) || at.time() >= closing {
        remaining = remaining.max(1);
    }
    while remaining > 0 {
        date += Duration::days(1);
        if calendar.is_working_day(date) {
            remaining -= 1;
        }
    }
    date.and_time(closing)
        .and_local_timezone(centre_offset())
        .single()
        .unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).expect("valid timestamp")
    }

    fn expected(at: DateTime<FixedOffset>, days: u32) -> DateTime<FixedOffset> {
        super::expected(&Calendar::load(None).expect("built-in calendar"), at, days)
    }

    #[test]
    fn due_states_turn_yellow_one_working_day_before_and_red_after() {
        use banshi_contract::DueState::*;
        let calendar = Calendar::load(None).expect("loads");
        let state = |expected: &str, finished: Option<&str>, waiting: bool, now: &str| {
            due_state(&calendar, at(expected), finished.map(at), waiting, at(now))
        };
        let promised = "2026-11-27T17:00:00+08:00"; // a Friday
        assert_eq!(
            state(promised, None, false, "2026-11-25T09:00:00+08:00"),
            OnTime
        );
        assert_eq!(
            state(promised, None, false, "2026-11-26T09:00:00+08:00"),
            DueSoon
        );
        assert_eq!(
            state(promised, None, false, "2026-11-27T16:59:00+08:00"),
            DueSoon
        );
        assert_eq!(
            state(promised, None, false, "2026-11-27T17:01:00+08:00"),
            Overdue
        );
        assert_eq!(
            state(promised, None, true, "2026-11-30T09:00:00+08:00"),
            OnTime
        );
        assert_eq!(
            state(
                promised,
                Some("2026-11-27T16:00:00+08:00"),
                false,
                "2026-12-01T09:00:00+08:00"
            ),
            FinishedOnTime
        );
        assert_eq!(
            state(
                promised,
                Some("2026-11-30T10:00:00+08:00"),
                false,
                "2026-12-01T09:00:00+08:00"
            ),
            FinishedLate
        );
        // Over a holiday: the working day after Wednesday 30 Sep is Thursday 8 Oct.
        assert_eq!(
            state(
                "2026-10-08T17:00:00+08:00",
                None,
                false,
                "2026-09-30T10:00:00+08:00"
            ),
            DueSoon
        );
        assert_eq!(
            state(
                "2026-10-09T17:00:00+08:00",
                None,
                false,
                "2026-09-30T10:00:00+08:00"
            ),
            OnTime
        );
    }

    #[test]
    fn the_2026_holidays_and_make_up_days_are_kept() {
        // Friday 13 Feb + 1 working day: Saturday 14 Feb is a make-up working day.
        assert_eq!(
            rfc3339(expected(at("2026-02-13T10:00:00+08:00"), 1)),
            "2026-02-14T17:00:00+08:00"
        );
        // + 2: the Spring Festival runs 15-23 Feb, so Tuesday 24 Feb.
        assert_eq!(
            rfc3339(expected(at("2026-02-13T10:00:00+08:00"), 2)),
            "2026-02-24T17:00:00+08:00"
        );
        // 30 Sep + 1: the National Day week ends 7 Oct; Thursday 8 Oct.
        assert_eq!(
            rfc3339(expected(at("2026-09-30T10:00:00+08:00"), 1)),
            "2026-10-08T17:00:00+08:00"
        );
        // An on-the-spot service asked on the make-up Sunday 20 Sep is due that day.
        assert_eq!(
            rfc3339(expected(at("2026-09-20T10:00:00+08:00"), 0)),
            "2026-09-20T17:00:00+08:00"
        );
        // New Year: Wednesday 31 Dec 2025 evening, 0 days: Sunday 4 Jan 2026 is worked.
        assert_eq!(
            rfc3339(expected(at("2025-12-31T18:00:00+08:00"), 0)),
            "2026-01-04T17:00:00+08:00"
        );
    }

    #[test]
    fn year_2027_is_provisional_and_an_operator_file_replaces_it() {
        let built_in = Calendar::load(None).expect("loads");
        assert!(!built_in.is_provisional(2026));
        assert!(built_in.is_provisional(2027));
        assert!(
            built_in.is_provisional(2030),
            "an unknown year has weekends only"
        );
        assert!(!built_in.is_working_day(NaiveDate::from_ymd_opt(2027, 2, 8).expect("date")));
        let published = r#"{"years":[{"year":2027,"provisional":false,"days_off":["2027-02-05/2027-02-11"],"working_weekends":["2027-02-20"]}]}"#;
        let extended = Calendar::load(Some(published)).expect("loads");
        assert!(!extended.is_provisional(2027));
        let day = |m, d| NaiveDate::from_ymd_opt(2027, m, d).expect("date");
        assert!(!extended.is_working_day(day(2, 10)));
        assert!(extended.is_working_day(day(2, 20)), "a make-up Saturday");
        assert!(
            extended.is_working_day(day(10, 1)),
            "the file replaced the whole year"
        );
        for bad in [
            r#"{"years":[{"year":2027,"provisional":false,"days_off":["2027-02-30"],"working_weekends":[]}]}"#,
            r#"{"years":[{"year":2027,"provisional":false,"days_off":["2026-12-31"],"working_weekends":[]}]}"#,
            r#"{"years":[{"year":2027,"provisional":false,"days_off":[],"working_weekends":["2027-02-22"]}]}"#,
            r#"{"years":[{"year":2027,"provisional":false,"days_off":["2027-03-01/2027-01-01"],"working_weekends":[]}]}"#,
        ] {
            assert!(Calendar::load(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn working_days_skip_weekends() {
        // Friday morning + 1 working day is Monday.
        assert_eq!(
            rfc3339(expected(at("2026-11-20T10:00:00+08:00"), 1)),
            "2026-11-23T17:00:00+08:00"
        );
        // Thursday + 5 working days is next Thursday.
        assert_eq!(
            rfc3339(expected(at("2026-11-19T10:00:00+08:00"), 5)),
            "2026-11-26T17:00:00+08:00"
        );
    }

    #[test]
    fn on_the_spot_services_are_due_today_unless_the_hall_is_closed() {
        assert_eq!(
            rfc3339(expected(at("2026-11-19T10:00:00+08:00"), 0)),
            "2026-11-19T17:00:00+08:00"
        );
        assert_eq!(
            rfc3339(expected(at("2026-11-19T18:00:00+08:00"), 0)),
            "2026-11-20T17:00:00+08:00"
        );
        assert_eq!(
            rfc3339(expected(at("2026-11-22T10:00:00+08:00"), 0)),
            "2026-11-23T17:00:00+08:00"
        );
    }

    #[test]
    fn ticket_days_are_local_to_the_centre() {
        let evening_utc = at("2026-11-22T17:30:00Z").with_timezone(&centre_offset());
        assert_eq!(day(evening_utc), "20261123");
    }
}
