//! Appointments (预约), plain and tested natively: which days and hours of a hall can be
//! booked, when a booking can be checked in and cancelled, and when missed bookings suspend
//! a phone.

use banshi_contract::{OpeningHours, SlotDays};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::clock::Calendar;
use crate::config::AppointmentRules;

/// The days a slot can be booked on, seen from `today`: the next [`SlotDays::DAYS_AHEAD`]
/// days the hall opens (its holiday calendar applied), with their hours.
pub fn bookable_days<'a>(
    opening: &'a [OpeningHours],
    calendar: &Calendar,
    today: NaiveDate,
) -> Vec<(NaiveDate, &'a OpeningHours)> {
    let mut days = Vec::new();
    let mut date = today;
    // Three weeks is more than enough to find five open days, even across the Spring Festival.
    for _ in 0..21 {
        date = date.succ_opt().unwrap_or(date);
        if let Some(hours) = crate::hall::hours_on(opening, calendar, date) {
            days.push((date, hours));
            if days.len() == SlotDays::DAYS_AHEAD as usize {
                break;
            }
        }
    }
    days
}

/// The slots of a day's hours, `(starts, ends)` as `HH:MM`: one per hour from opening, the
/// last one cut at closing, and none shorter than half an hour.
pub fn slots(hours: &OpeningHours) -> Vec<(String, String)> {
    let (Some(opens), Some(closes)) = (
        OpeningHours::minutes(&hours.opens),
        OpeningHours::minutes(&hours.closes),
    ) else {
        return Vec::new();
    };
    let clock = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
    (opens..closes)
        .step_by(60)
        .map(|start| (start, (start + 60).min(closes)))
        .filter(|(start, end)| end - start >= 30)
        .map(|(start, end)| (clock(start), clock(end)))
        .collect()
}

/// Places left in a slot of `capacity` with `booked` bookings held (none when closed).
pub fn places_left(capacity: u32, booked: u32, closed: bool) -> u32 {
    if closed {
        0
    } else {
        capacity.saturating_sub(booked)
    }
}

/// The instant a slot starts: `starts` (`HH:MM`) on `date` in the hall's `zone`.
pub fn slot_start(zone: Tz, date: NaiveDate, starts: &str) -> Option<DateTime<FixedOffset>> {
    let minute = OpeningHours::minutes(starts)?;
    let local = date.and_hms_opt(minute / 60, minute % 60, 0)?;
    let at = zone.from_local_datetime(&local).earliest()?;
    Some(at.with_timezone(&crate::clock::centre_offset()))
}

/// The moments of a booking's life, from its slot's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingTimes {
    /// Check-in opens.
    pub check_in_from: DateTime<FixedOffset>,
    /// Check-in after this joins the walk-in queue (and a booking never checked in by then
    /// is missed).
    pub check_in_until: DateTime<FixedOffset>,
    /// The last moment to cancel.
    pub cancel_until: DateTime<FixedOffset>,
}

impl BookingTimes {
    /// The times of a slot starting at `start` under `rules`.
    pub fn new(start: DateTime<FixedOffset>, rules: &AppointmentRules) -> BookingTimes {
        let minutes = |m: u32| Duration::minutes(i64::from(m));
        BookingTimes {
            check_in_from: start - minutes(rules.check_in_before),
            check_in_until: start + minutes(rules.check_in_after),
            cancel_until: start - minutes(rules.cancel_before),
        }
    }

    /// What a check-in at `now` does.
    pub fn check_in(&self, now: DateTime<FixedOffset>) -> CheckIn {
        if now < self.check_in_from {
            CheckIn::TooEarly
        } else if now <= self.check_in_until {
            CheckIn::OnTime
        } else {
            CheckIn::Late
        }
    }
}

/// What a check-in does, by when it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckIn {
    /// Before the window: refused.
    TooEarly,
    /// Within the window: a number served before walk-ins.
    OnTime,
    /// After it: a number in the walk-in queue.
    Late,
}

/// Until when a phone may not book, given the slot starts of the bookings it missed (any
/// order) and `now`: the end of a suspension that `rules.missed_limit` misses within
/// `rules.missed_days` began at the last of them; none if no suspension is running.
pub fn suspended_until(
    missed: &[DateTime<FixedOffset>],
    now: DateTime<FixedOffset>,
    rules: &AppointmentRules,
) -> Option<DateTime<FixedOffset>> {
    let limit = rules.missed_limit as usize;
    if limit == 0 {
        return None;
    }
    let mut missed = missed.to_vec();
    missed.sort();
    let span = Duration::days(i64::from(rules.missed_days));
    missed
        .windows(limit)
        .filter(|w| w[limit - 1] - w[0] < span)
        .map(|w| w[limit - 1] + Duration::days(i64::from(rules.suspend_days)))
        .filter(|until| *until > now)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).expect("a time")
    }

    fn hours(weekday: u8, opens: &str, closes: &str) -> OpeningHours {
        OpeningHours {
            weekday,
            opens: opens.into(),
            closes: closes.into(),
        }
    }

    #[test]
    fn a_day_has_one_slot_per_opening_hour_and_a_short_last_one_only_if_half_an_hour() {
        let slots = slots(&hours(1, "09:00", "12:30"));
        let starts: Vec<&str> = slots.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(starts, ["09:00", "10:00", "11:00", "12:00"]);
        assert_eq!(slots[3].1, "12:30");
        assert_eq!(super::slots(&hours(1, "09:00", "10:20")).len(), 1);
        assert!(super::slots(&hours(1, "nine", "10:00")).is_empty());
    }

    #[test]
    fn bookable_days_start_tomorrow_and_skip_days_the_hall_is_closed() {
        let calendar = Calendar::load(None).expect("the built-in calendar");
        let opening: Vec<OpeningHours> = (1..=5).map(|d| hours(d, "09:00", "17:00")).collect();
        // Wednesday 2026-09-30: National Day's week (10-01 to 10-07) is off and Saturday
        // 10-10 is a make-up working day with Monday's hours.
        let today = NaiveDate::from_ymd_opt(2026, 9, 30).expect("a date");
        let days: Vec<String> = bookable_days(&opening, &calendar, today)
            .iter()
            .map(|(d, h)| format!("{d} {}", h.weekday))
            .collect();
        assert_eq!(
            days,
            [
                "2026-10-08 4",
                "2026-10-09 5",
                "2026-10-10 1",
                "2026-10-12 1",
                "2026-10-13 2"
            ],
            "today is never bookable; holidays are skipped"
        );
    }

    #[test]
    fn a_slot_takes_its_capacity_and_no_more_and_none_once_closed() {
        assert_eq!(places_left(4, 0, false), 4);
        assert_eq!(places_left(4, 3, false), 1);
        assert_eq!(places_left(4, 4, false), 0);
        assert_eq!(places_left(4, 6, false), 0, "never below zero");
        assert_eq!(places_left(4, 0, true), 0);
    }

    #[test]
    fn check_in_opens_before_the_slot_and_turns_late_after_its_window() {
        let rules = AppointmentRules::default();
        let start = at("2026-12-08T10:00:00+08:00");
        let times = BookingTimes::new(start, &rules);
        assert_eq!(
            times.check_in(at("2026-12-08T09:44:59+08:00")),
            CheckIn::TooEarly
        );
        assert_eq!(
            times.check_in(at("2026-12-08T09:45:00+08:00")),
            CheckIn::OnTime
        );
        assert_eq!(
            times.check_in(at("2026-12-08T10:10:00+08:00")),
            CheckIn::OnTime
        );
        assert_eq!(
            times.check_in(at("2026-12-08T10:10:01+08:00")),
            CheckIn::Late
        );
        assert_eq!(times.cancel_until, at("2026-12-08T08:00:00+08:00"));
        let wider = AppointmentRules {
            check_in_before: 30,
            check_in_after: 0,
            ..rules
        };
        let times = BookingTimes::new(start, &wider);
        assert_eq!(
            times.check_in(at("2026-12-08T09:30:00+08:00")),
            CheckIn::OnTime
        );
        assert_eq!(
            times.check_in(at("2026-12-08T10:00:01+08:00")),
            CheckIn::Late
        );
    }

    #[test]
    fn three_missed_bookings_within_thirty_days_suspend_for_thirty_days_from_the_third() {
        let rules = AppointmentRules::default();
        let missed = [
            at("2026-11-02T09:00:00+08:00"),
            at("2026-11-20T09:00:00+08:00"),
            at("2026-11-10T09:00:00+08:00"),
        ];
        let now = at("2026-11-25T12:00:00+08:00");
        assert_eq!(
            suspended_until(&missed, now, &rules),
            Some(at("2026-12-20T09:00:00+08:00"))
        );
        assert_eq!(
            suspended_until(&missed[..2], now, &rules),
            None,
            "two misses"
        );
        // Spread over more than 30 days: no suspension.
        let spread = [missed[0], missed[1], at("2026-12-03T09:00:00+08:00")];
        assert_eq!(suspended_until(&spread, now, &rules), None);
        // Over once its 30 days have passed.
        assert_eq!(
            suspended_until(&missed, at("2026-12-20T09:00:01+08:00"), &rules),
            None
        );
        let lenient = AppointmentRules {
            missed_limit: 0,
            ..rules
        };
        assert_eq!(suspended_until(&missed, now, &lenient), None, "rule off");
    }
}
