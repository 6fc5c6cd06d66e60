//! Display rules for contract values: timestamps in the service centre's local time and
//! whether a ticket is on time. No date library: RFC 3339 is read directly.

use banshi_contract::validate::parse_date;
use banshi_contract::{Ticket, TicketStatus};

/// `2026-11-22T09:30:00+08:00` → `2026-11-22 09:30`, the time as the centre states it.
pub fn local_minutes(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time}"),
        _ => rfc3339.to_owned(),
    }
}

/// `2026-11-22T09:30:00+08:00` → `2026-11-22`.
pub fn local_date(rfc3339: &str) -> String {
    rfc3339.get(..10).unwrap_or(rfc3339).to_owned()
}

/// The day after a `YYYY-MM-DD` date, or `None` if it is not one.
pub fn next_day(date: &str) -> Option<String> {
    let (y, m, d) = parse_date(date)?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let (y, m, d) = if d < days {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    };
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Seconds since the Unix epoch for an RFC 3339 timestamp with seconds and an offset.
pub fn epoch_seconds(rfc3339: &str) -> Option<i64> {
    let (year, month, day) = parse_date(rfc3339.get(..10)?)?;
    let number = |range: std::ops::Range<usize>| rfc3339.get(range)?.parse::<i64>().ok();
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let rest = rfc3339
        .get(19..)?
        .trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (rest.get(1..3)?.parse::<i64>().ok()? * 3600
                + rest.get(4..6)?.parse::<i64>().ok()? * 60)
        }
    };
    let days = days_from_civil(i64::from(year), i64::from(month), i64::from(day));
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// The ISO weekday (1 is Monday) of a `YYYY-MM-DD` date, if it is one.
pub fn weekday(date: &str) -> Option<u8> {
    let (year, month, day) = parse_date(date)?;
    let days = days_from_civil(i64::from(year), i64::from(month), i64::from(day));
    // 1970-01-01 was a Thursday.
    u8::try_from((days + 3).rem_euclid(7) + 1).ok()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Whether a ticket keeps the promised date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    /// Still open and the promised time has not passed.
    Due,
    /// Still open, and promised by the end of the next working day.
    DueSoon,
    /// Still open after the promised time.
    Overdue,
    /// Finished by the promised time.
    OnTime,
    /// Finished after the promised time.
    Late,
}

/// Timeliness of `ticket` at `now` (seconds since the epoch): the backend's `due_state`,
/// which counts working days on its holiday calendar, where it sends one; else worked out
/// here. A ticket waiting for the citizen (`needs_info`) is never counted overdue.
pub fn timeliness(ticket: &Ticket, now: i64) -> Option<Timeliness> {
    use banshi_contract::DueState;
    match ticket.due_state {
        Some(DueState::OnTime) => return Some(Timeliness::Due),
        Some(DueState::DueSoon) => return Some(Timeliness::DueSoon),
        Some(DueState::Overdue) => return Some(Timeliness::Overdue),
        Some(DueState::FinishedOnTime) => return Some(Timeliness::OnTime),
        Some(DueState::FinishedLate) => return Some(Timeliness::Late),
        Some(DueState::Unknown) | None => {}
    }
    let expected = epoch_seconds(&ticket.expected_datetime)?;
    if ticket.status.open311() == banshi_contract::Open311Status::Closed {
        let finished = ticket
            .history
            .iter()
            .rev()
            .find(|h| h.status == ticket.status)?;
        return Some(if epoch_seconds(&finished.at)? <= expected {
            Timeliness::OnTime
        } else {
            Timeliness::Late
        });
    }
    if ticket.status == TicketStatus::NeedsInfo || now <= expected {
        Some(Timeliness::Due)
    } else {
        Some(Timeliness::Overdue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use banshi_contract::{HistoryEntry, Open311Status};

    #[test]
    fn timestamps_show_the_centres_own_clock() {
        assert_eq!(
            local_minutes("2026-11-22T09:30:00+08:00"),
            "2026-11-22 09:30"
        );
        assert_eq!(local_date("2026-11-22T09:30:00+08:00"), "2026-11-22");
    }

    #[test]
    fn epoch_seconds_honour_the_offset() {
        assert_eq!(epoch_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(epoch_seconds("1970-01-01T08:00:00+08:00"), Some(0));
        assert_eq!(
            epoch_seconds("2026-11-22T09:30:00+08:00"),
            Some(1_795_311_000)
        );
        assert_eq!(
            epoch_seconds("2000-02-29T12:00:00.250-05:00"),
            Some(951_843_600)
        );
        assert_eq!(epoch_seconds("yesterday"), None);
    }

    fn ticket(status: TicketStatus, finished_at: &str) -> Ticket {
        Ticket {
            ticket: "BS-20261122-0001".into(),
            service_code: "s".into(),
            service_name: "S".into(),
            status,
            open311_status: if status.open311() == Open311Status::Closed {
                Open311Status::Closed
            } else {
                Open311Status::Open
            },
            submitted_at: "2026-11-20T10:00:00+08:00".into(),
            updated_at: finished_at.into(),
            expected_datetime: "2026-11-23T17:00:00+08:00".into(),
            history: vec![HistoryEntry {
                status,
                at: finished_at.into(),
                note: None,
                missing: Vec::new(),
                replies: Vec::new(),
                help: None,
            }],
            can_rate: false,
            rating: None,
            rework: None,
            notify: None,
            due_state: None,
            send_back_until: None,
            send_backs_left: None,
            kind: banshi_contract::ServiceKind::Request,
            help: None,
        }
    }

    #[test]
    fn finished_tickets_are_judged_by_when_they_finished() {
        let on_time = ticket(TicketStatus::Completed, "2026-11-23T16:59:00+08:00");
        let late = ticket(TicketStatus::Completed, "2026-11-24T09:00:00+08:00");
        let now = epoch_seconds("2026-12-01T00:00:00+08:00").expect("valid");
        assert_eq!(timeliness(&on_time, now), Some(Timeliness::OnTime));
        assert_eq!(timeliness(&late, now), Some(Timeliness::Late));
    }

    #[test]
    fn open_tickets_become_overdue_unless_waiting_for_the_citizen() {
        let after = epoch_seconds("2026-11-24T09:00:00+08:00").expect("valid");
        let before = epoch_seconds("2026-11-23T09:00:00+08:00").expect("valid");
        let open = ticket(TicketStatus::InProgress, "2026-11-21T09:00:00+08:00");
        assert_eq!(timeliness(&open, before), Some(Timeliness::Due));
        assert_eq!(timeliness(&open, after), Some(Timeliness::Overdue));
        let waiting = ticket(TicketStatus::NeedsInfo, "2026-11-21T09:00:00+08:00");
        assert_eq!(timeliness(&waiting, after), Some(Timeliness::Due));
        // The backend's working-day verdict wins over the client's clock.
        let soon = Ticket {
            due_state: Some(banshi_contract::DueState::DueSoon),
            ..open.clone()
        };
        assert_eq!(timeliness(&soon, after), Some(Timeliness::DueSoon));
    }
}

/// A reference number or access code as typed, made ready to look up: full-width characters
/// from a Chinese input method become their ASCII forms, spaces go, letters are upper-cased.
/// `ｂｓ－２０２６１１２２－００４２` reads as `BS-20261122-0042`.
pub fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            other => other,
        })
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod code_tests {
    use super::{normalise_code, weekday};

    #[test]
    fn codes_typed_with_a_chinese_input_method_are_understood() {
        assert_eq!(
            normalise_code(" ｂｓ－２０２６１１２２－００４２ "),
            "BS-20261122-0042"
        );
        assert_eq!(normalise_code("k7m9　qx3d"), "K7M9QX3D");
        assert_eq!(normalise_code("BS-20261122-0042"), "BS-20261122-0042");
    }

    #[test]
    fn weekdays_of_dates() {
        assert_eq!(weekday("2026-12-07"), Some(1), "a Monday");
        assert_eq!(weekday("2026-12-13"), Some(7));
        assert_eq!(weekday("2024-02-29"), Some(4));
        assert_eq!(weekday("1970-01-01"), Some(4));
        assert_eq!(weekday("2026-13-01"), None);
        assert_eq!(weekday("soon"), None);
    }
}
