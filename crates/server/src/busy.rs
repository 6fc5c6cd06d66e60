//! Busy hours: how many numbers a hall usually issues in each opening hour of each weekday,
//! from its own past numbers, and the quietest hour left today, so citizens can come when
//! it is quiet.

use banshi_contract::{BusyDay, BusyHour, OpeningHours};
use chrono::NaiveDate;

/// Weeks of past numbers the averages are taken over.
pub const WEEKS: i64 = 8;

/// Numbers issued on one past day in one hour of the day (local), as the store counts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HourCount {
    /// The hall's day, `YYYYMMDD`.
    pub day: String,
    /// Hour of the day, 0–23.
    pub hour: u8,
    /// Numbers issued.
    pub numbers: u32,
}

/// Per weekday of `opening`, the average numbers issued in each of its opening hours over
/// the days of `counts` that had any numbers at all (a holiday is not a quiet day), each
/// day counted under the weekday whose hours it kept (`kept`: Monday's on a make-up working
/// day; `None` leaves a day out).
pub fn busy_days(
    opening: &[OpeningHours],
    counts: &[HourCount],
    kept: impl Fn(NaiveDate) -> Option<u8>,
) -> Vec<BusyDay> {
    let weekday_of = |day: &str| {
        NaiveDate::parse_from_str(day, "%Y%m%d")
            .ok()
            .and_then(&kept)
    };
    let mut days = Vec::new();
    for opening_hours in opening {
        let (Some(opens), Some(closes)) = (
            OpeningHours::minutes(&opening_hours.opens),
            OpeningHours::minutes(&opening_hours.closes),
        ) else {
            continue;
        };
        let weekday = opening_hours.weekday;
        let of_weekday: Vec<&HourCount> = counts
            .iter()
            .filter(|c| weekday_of(&c.day) == Some(weekday))
            .collect();
        let mut dates: Vec<&str> = of_weekday.iter().map(|c| c.day.as_str()).collect();
        dates.sort_unstable();
        dates.dedup();
        let open_days = dates.len().max(1) as u32;
        let hours = (opens / 60..closes.div_ceil(60))
            .map(|hour| {
                let total: u32 = of_weekday
                    .iter()
                    .filter(|c| u32::from(c.hour) == hour)
                    .map(|c| c.numbers)
                    .sum();
                BusyHour {
                    hour: hour as u8,
                    numbers: (total + open_days / 2) / open_days,
                }
            })
            .collect();
        days.push(BusyDay { weekday, hours });
    }
    days.sort_by_key(|d| d.weekday);
    days
}

/// The hour of `day` with the fewest numbers on average among those not yet over at
/// `minute` (local minutes after midnight); the earliest of equals.
pub fn quietest_hour(day: &BusyDay, minute: u32) -> Option<u8> {
    day.hours
        .iter()
        .filter(|h| (u32::from(h.hour) + 1) * 60 > minute)
        .min_by_key(|h| (h.numbers, h.hour))
        .map(|h| h.hour)
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;

    use super::*;

    fn count(day: &str, hour: u8, numbers: u32) -> HourCount {
        HourCount {
            day: day.into(),
            hour,
            numbers,
        }
    }

    fn calendar_weekday(date: NaiveDate) -> Option<u8> {
        Some(date.weekday().number_from_monday() as u8)
    }

    #[test]
    fn a_make_up_working_day_counts_as_the_monday_whose_hours_it_keeps() {
        // Saturday 28 November 2026, taken as a make-up day; Monday 30 November.
        let counts = [count("20261128", 9, 40), count("20261130", 9, 20)];
        let make_up = |date: NaiveDate| {
            if date.format("%Y%m%d").to_string() == "20261128" {
                Some(1)
            } else {
                calendar_weekday(date)
            }
        };
        let days = busy_days(&monday(), &counts, make_up);
        assert_eq!(days[0].hours[0].numbers, 30, "(40 + 20) / 2 Mondays");
    }

    fn monday() -> Vec<OpeningHours> {
        vec![OpeningHours {
            weekday: 1,
            opens: "09:00".into(),
            closes: "12:30".into(),
        }]
    }

    #[test]
    fn each_opening_hour_averages_the_days_that_had_numbers() {
        // Two Mondays (30 November and 7 December 2026) and a Tuesday.
        let counts = [
            count("20261130", 9, 10),
            count("20261130", 10, 30),
            count("20261207", 9, 20),
            count("20261207", 11, 5),
            count("20261201", 9, 99),
        ];
        let days = busy_days(&monday(), &counts, calendar_weekday);
        assert_eq!(days.len(), 1);
        let numbers: Vec<(u8, u32)> = days[0].hours.iter().map(|h| (h.hour, h.numbers)).collect();
        assert_eq!(
            numbers,
            [(9, 15), (10, 15), (11, 3), (12, 0)],
            "12:00–12:30 too"
        );
    }

    #[test]
    fn the_quietest_hour_is_one_still_to_come() {
        let counts = [
            count("20261130", 9, 2),
            count("20261130", 10, 30),
            count("20261130", 11, 8),
            count("20261130", 12, 8),
        ];
        let day = &busy_days(&monday(), &counts, calendar_weekday)[0];
        assert_eq!(quietest_hour(day, 8 * 60), Some(9));
        assert_eq!(
            quietest_hour(day, 10 * 60),
            Some(11),
            "9:00 is over; 11 before 12"
        );
        assert_eq!(quietest_hour(day, 13 * 60), None, "closed for the day");
    }

    #[test]
    fn the_demo_history_is_busiest_at_ten_and_three() {
        let halls = crate::seed::halls();
        let calendar = crate::clock::Calendar::load(None).expect("calendar");
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-03T12:00:00+08:00").expect("now");
        let numbers = crate::history::past_numbers(&halls, &calendar, now, WEEKS * 7, 7);
        let mut counts: Vec<HourCount> = Vec::new();
        for number in &numbers {
            let hour = number.issued_at[11..13].parse().expect("an hour");
            match counts
                .iter_mut()
                .find(|c| c.day == number.day && c.hour == hour)
            {
                Some(c) => c.numbers += 1,
                None => counts.push(count(&number.day, hour, 1)),
            }
        }
        let days = busy_days(&halls[0].opening, &counts, calendar_weekday);
        let wednesday = days
            .iter()
            .find(|d| d.weekday == 3)
            .expect("open on Wednesdays");
        let busiest = wednesday
            .hours
            .iter()
            .max_by_key(|h| h.numbers)
            .expect("hours");
        assert!([9, 10, 14, 15].contains(&busiest.hour), "{wednesday:?}");
        assert_eq!(
            quietest_hour(wednesday, 9 * 60).map(|h| h == 10 || h == 15),
            Some(false)
        );
    }
}
