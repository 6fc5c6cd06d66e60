//! Service-centre time: timestamps in China Standard Time, ticket days, and promised dates
//! counted in working days.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveTime, SecondsFormat, Utc, Weekday};

/// UTC+8, the service centre's time zone.
pub fn centre_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| unreachable!("+8 h is a valid offset"))
}

/// Now, in service-centre time.
pub fn now() -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&centre_offset())
}

/// RFC 3339 with seconds and offset, e.g. `2026-11-22T09:30:00+08:00`.
pub fn rfc3339(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// `YYYYMMDD` of `at`.
pub fn day(at: DateTime<FixedOffset>) -> String {
    at.format("%Y%m%d").to_string()
}

/// When windows close on a working day.
const CLOSING: (u32, u32) = (17, 0);

fn is_working_day(weekday: Weekday) -> bool {
    !matches!(weekday, Weekday::Sat | Weekday::Sun)
}

/// The promised result time for a request made at `at`: closing time on the day `days`
/// working days later (public holidays are not modelled). With 0 days it is closing time today
/// if `at` is a working day before closing, otherwise the next working day.
pub fn expected(at: DateTime<FixedOffset>, days: u32) -> DateTime<FixedOffset> {
    let closing = NaiveTime::from_hms_opt(CLOSING.0, CLOSING.1, 0)
        .unwrap_or_else(|| unreachable!("17:00 is a valid time"));
    let mut date = at.date_naive();
    let mut remaining = days;
    if !is_working_day(date.weekday()) || at.time() >= closing {
        remaining = remaining.max(1);
    }
    while remaining > 0 {
        date += Duration::days(1);
        if is_working_day(date.weekday()) {
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
