//! Public statistics (`GET /v1/stats`, and per service and officer for staff at
//! `GET /v1/staff/stats`): the figures a service centre publishes, each defined here once, as
//! a fold over the facts of single tickets, so every backend computes them alike.

use serde::{Deserialize, Serialize};

/// Scores at or above this are satisfied (满意率: 基本满意, 满意, 非常满意).
pub const SATISFIED_FROM: u8 = 3;
/// Scores at or above this are good (好评率: 满意, 非常满意).
pub const GOOD_FROM: u8 = 4;
/// Scores at or below this are bad ratings, which open rework (差评).
pub const BAD_UP_TO: u8 = 2;
/// The longest period one answer covers, in months (counting both ends' months).
pub const MAX_MONTHS: u32 = 24;
/// Working days to finish above this are counted as this many (a year of working days).
pub const MAX_WORKING_DAYS: u32 = 250;

/// A share: `count` of `of`; no share at all when `of` is 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ratio {
    /// The tickets or ratings that meet the figure's condition.
    pub count: u64,
    /// The tickets or ratings it is taken of.
    pub of: u64,
}

impl Ratio {
    /// The share in per cent, or `None` with nothing to take it of.
    pub fn percent(self) -> Option<f64> {
        (self.of > 0).then(|| self.count as f64 * 100.0 / self.of as f64)
    }

    fn add(&mut self, counts: bool) {
        self.of += 1;
        self.count += u64::from(counts);
    }
}

/// What happened to the rework a bad rating opened, as far as the figures care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReworkOutcome {
    /// Its result was written by its deadline.
    OnTime,
    /// Its result was written after its deadline, or its deadline has passed without one.
    Late,
    /// Still within its deadline and without a result: counted once it is either.
    Pending,
}

/// A rating given in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingFacts {
    /// 1 to 5.
    pub score: u8,
    /// Ruled mistaken or malicious by a supervisor: kept, but out of every figure.
    pub ruled: bool,
    /// The rework a bad rating opened; `None` for other ratings (and for bad ratings a
    /// backend opened no rework for: they count as not reworked on time).
    pub rework: Option<ReworkOutcome>,
}

/// A ticket finished (办结: completed or rejected; a withdrawal is not) in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinishFacts {
    /// Finished by its promised time.
    pub on_time: bool,
    /// Working days from the day it was filed to the day it was finished (0: the same day).
    pub working_days: u32,
    /// The citizen rated it (at any time) and no ruling set the rating aside.
    pub rated: bool,
}

/// One ticket's part in the period's figures; each part is `None` when that event of the
/// ticket fell outside the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TicketFacts {
    /// Filed in the period: counts in the volume.
    pub filed: bool,
    /// Finished in the period.
    pub finished: Option<FinishFacts>,
    /// Rated in the period.
    pub rating: Option<RatingFacts>,
}

/// The figures of a period, for the whole centre or one category, service or officer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Tickets filed in the period.
    pub filed: u64,
    /// Tickets finished in the period (completed or rejected).
    pub finished: u64,
    /// 按时办结率: finished by the promised time, of the tickets finished.
    pub on_time: Ratio,
    /// 满意率: ratings of 3 to 5, of the ratings given (ruled ratings left out).
    pub satisfied: Ratio,
    /// 好评率: ratings of 4 or 5, of the ratings given (ruled ratings left out).
    pub good: Ratio,
    /// 主动评价率: finished tickets the citizen rated, of the tickets finished.
    pub rated: Ratio,
    /// 差评整改率: bad ratings whose rework's result was written by its deadline, of the
    /// bad ratings whose rework has a result or is past its deadline.
    pub reworked_on_time: Ratio,
    /// Bad ratings whose rework is still within its deadline without a result.
    pub rework_pending: u64,
    /// Ratings a supervisor ruled mistaken or malicious, left out of the figures.
    pub ruled_out: u64,
    /// The median of the working days to finish, of the tickets finished; `None` with none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_working_days: Option<f64>,
}

/// Folds [`TicketFacts`] into [`Figures`].
#[derive(Debug, Clone, Default)]
pub struct Tally {
    figures: Figures,
    /// Finished tickets by working days to finish, `[0 ..= MAX_WORKING_DAYS]`.
    days: Vec<u64>,
}

impl Tally {
    /// Counts one ticket.
    pub fn add(&mut self, ticket: &TicketFacts) {
        let figures = &mut self.figures;
        figures.filed += u64::from(ticket.filed);
        if let Some(finish) = ticket.finished {
            figures.finished += 1;
            figures.on_time.add(finish.on_time);
            figures.rated.add(finish.rated);
            let days = finish.working_days.min(MAX_WORKING_DAYS) as usize;
            if self.days.len() <= days {
                self.days.resize(days + 1, 0);
            }
            self.days[days] += 1;
        }
        if let Some(rating) = ticket.rating {
            if rating.ruled {
                figures.ruled_out += 1;
                return;
            }
            figures.satisfied.add(rating.score >= SATISFIED_FROM);
            figures.good.add(rating.score >= GOOD_FROM);
            if rating.score <= BAD_UP_TO {
                match rating.rework {
                    Some(ReworkOutcome::Pending) => figures.rework_pending += 1,
                    outcome => figures
                        .reworked_on_time
                        .add(outcome == Some(ReworkOutcome::OnTime)),
                }
            }
        }
    }

    /// The figures of every ticket added.
    pub fn figures(&self) -> Figures {
        Figures {
            median_working_days: median(&self.days),
            ..self.figures.clone()
        }
    }
}

/// Minutes of waiting above which a wait in a hall counts as long (the target the share of
/// long waits is taken against).
pub const WAIT_TARGET_MINUTES: u32 = 30;

/// One queue number's part in a period's hall figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VisitFacts {
    /// Minutes from taken to first called; `None` for a number never called.
    pub wait_minutes: Option<u32>,
    /// Called and did not come (过号).
    pub no_show: bool,
    /// The visit's rating, 1 to 5.
    pub rating: Option<u8>,
    /// Minutes between the wait the number was estimated to have and the wait it had.
    pub estimate_error_minutes: Option<u32>,
}

/// The figures of a hall's queue numbers over a period, for a line or a window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFigures {
    /// Numbers taken.
    pub taken: u64,
    /// Numbers called.
    pub called: u64,
    /// The mean wait from taken to called, in whole minutes, of the numbers called.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_wait_minutes: Option<u32>,
    /// The 90th percentile of those waits: nine in ten waited no longer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p90_wait_minutes: Option<u32>,
    /// Waits longer than the target, of the numbers called.
    pub over_target: Ratio,
    /// 过号: numbers that did not come when called, of the numbers called.
    pub no_shows: Ratio,
    /// Visit ratings of 3 to 5, of the visits rated.
    pub satisfied: Ratio,
    /// The estimate's mean error: the mean of the minutes between each number's estimated
    /// and real wait, of the numbers called that were given an estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate_error_minutes: Option<u32>,
}

/// Folds [`VisitFacts`] into [`QueueFigures`].
#[derive(Debug, Clone, Default)]
pub struct QueueTally {
    figures: QueueFigures,
    waits: Vec<u32>,
    errors: Vec<u32>,
}

impl QueueTally {
    /// Counts one number.
    pub fn add(&mut self, visit: &VisitFacts) {
        let figures = &mut self.figures;
        figures.taken += 1;
        if let Some(wait) = visit.wait_minutes {
            figures.called += 1;
            self.waits.push(wait);
            figures.over_target.add(wait > WAIT_TARGET_MINUTES);
            figures.no_shows.add(visit.no_show);
            if let Some(error) = visit.estimate_error_minutes {
                self.errors.push(error);
            }
        }
        if let Some(score) = visit.rating {
            figures.satisfied.add(score >= SATISFIED_FROM);
        }
    }

    /// The figures of every number added.
    pub fn figures(&self) -> QueueFigures {
        let mean = |values: &[u32]| {
            (!values.is_empty()).then(|| {
                let sum: u64 = values.iter().map(|v| u64::from(*v)).sum();
                ((sum + values.len() as u64 / 2) / values.len() as u64) as u32
            })
        };
        let mut sorted = self.waits.clone();
        sorted.sort_unstable();
        // The nearest-rank 90th percentile.
        let p90 = (!sorted.is_empty()).then(|| sorted[(sorted.len() * 9).div_ceil(10) - 1]);
        QueueFigures {
            average_wait_minutes: mean(&self.waits),
            p90_wait_minutes: p90,
            estimate_error_minutes: mean(&self.errors),
            ..self.figures.clone()
        }
    }
}

/// A line or a window of a hall and its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueGroup {
    /// The line's code (`A`) or the window's number (`3`).
    pub code: String,
    /// Its name in the asked locale.
    pub name: String,
    /// Its figures.
    pub figures: QueueFigures,
}

/// A hall's queues over the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallFigures {
    /// Hall id.
    pub hall: String,
    /// Its name.
    pub name: String,
    /// The wait target, in minutes, that `over_target` counts against.
    pub target_minutes: u32,
    /// The whole hall.
    pub overall: QueueFigures,
    /// Each line, in the hall's order, by the line a number was taken in.
    pub lines: Vec<QueueGroup>,
    /// Each window, by the window a number was last called to (staff only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<QueueGroup>,
}

/// The median of values given as counts by value; the mean of the middle two for an even
/// number of values.
fn median(counts: &[u64]) -> Option<f64> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return None;
    }
    // The values at the 1-based ranks ⌈n/2⌉ and ⌊n/2⌋+1 (the same one for odd n).
    let value_at = |rank: u64| {
        let mut seen = 0;
        counts
            .iter()
            .position(|&count| {
                seen += count;
                seen >= rank
            })
            .unwrap_or(0)
    };
    let low = value_at(total.div_ceil(2));
    let high = value_at(total / 2 + 1);
    Some((low + high) as f64 / 2.0)
}

/// The figures of one category, service or officer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsGroup {
    /// Its code (an officer's account name; empty for tickets no officer finished).
    pub code: String,
    /// Its name in the requested locale (an officer's display name).
    pub name: String,
    /// Its figures.
    pub figures: Figures,
}

/// Tickets filed in one month of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthVolume {
    /// `YYYY-MM`, centre time.
    pub month: String,
    /// Tickets filed in it.
    pub filed: u64,
    /// Of those, by category, in the order of [`Stats::categories`].
    pub by_category: Vec<u64>,
}

/// The answer of `GET /v1/stats`: the figures of a period of whole days, centre time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD` (included).
    pub to: String,
    /// When these figures were computed (RFC 3339); a backend may keep them for a while.
    pub generated_at: String,
    /// The whole centre's figures.
    pub overall: Figures,
    /// Each category's figures, in catalogue order.
    pub categories: Vec<StatsGroup>,
    /// Every month of the period, oldest first.
    pub months: Vec<MonthVolume>,
    /// Each service's figures (staff only; busiest first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<StatsGroup>,
    /// Each officer's figures, by the officer who finished the ticket, else its assignee
    /// (staff only; an officer sees their own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub officers: Vec<StatsGroup>,
    /// Each hall's queues, by the day a number was taken (with the `halls` module).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub halls: Vec<HallFigures>,
}

/// A period as asked for: whole days `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: Day,
    /// Last day.
    pub to: Day,
}

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    /// Year.
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31, valid for the month.
    pub day: u32,
}

impl Day {
    /// A `YYYY-MM-DD` date, checked against the calendar (29 February in leap years only).
    pub fn parse(text: &str) -> Option<Day> {
        let mut parts = text.split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(year) && digits(month) && digits(day)) {
            return None;
        }
        let day = Day {
            year: year.parse().ok()?,
            month: month.parse().ok()?,
            day: day.parse().ok()?,
        };
        ((1..=12).contains(&day.month)
            && (1..=days_in_month(day.year, day.month)).contains(&day.day))
        .then_some(day)
    }

    /// `YYYY-MM-DD`.
    pub fn text(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `YYYY-MM`.
    pub fn month_text(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// The first day of the month `months` before this one's (0: this month's first day).
    pub fn month_start_before(self, months: u32) -> Day {
        let index = self.year * 12 + self.month as i32 - 1 - months as i32;
        Day {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
            day: 1,
        }
    }

    /// The day after this one.
    pub fn next(self) -> Day {
        if self.day < days_in_month(self.year, self.month) {
            Day {
                day: self.day + 1,
                ..self
            }
        } else if self.month < 12 {
            Day {
                month: self.month + 1,
                day: 1,
                ..self
            }
        } else {
            Day {
                year: self.year + 1,
                month: 1,
                day: 1,
            }
        }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Why a period cannot be answered: each with the query parameter at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodProblem {
    /// `from` or `to` is not a `YYYY-MM-DD` date.
    NotADate(&'static str),
    /// `to` is before `from`.
    EndsBeforeStart,
    /// More months than [`MAX_MONTHS`].
    TooLong,
}

impl Period {
    /// The period of the query parameters `from` and `to`; without `from`, the
    /// [`MAX_MONTHS`]`/2` months up to `to` (the current month included); without `to`,
    /// up to `today`.
    ///
    /// # Errors
    /// What is wrong with the parameters.
    pub fn parse(
        from: Option<&str>,
        to: Option<&str>,
        today: Day,
    ) -> Result<Period, PeriodProblem> {
        let day = |text: Option<&str>, name| match text.map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(text) => Day::parse(text)
                .map(Some)
                .ok_or(PeriodProblem::NotADate(name)),
        };
        let (from, to) = (day(from, "from")?, day(to, "to")?);
        let to = to.unwrap_or(today);
        let from = from.unwrap_or_else(|| to.month_start_before(MAX_MONTHS / 2 - 1));
        if to < from {
            return Err(PeriodProblem::EndsBeforeStart);
        }
        let period = Period { from, to };
        if period.months().len() > MAX_MONTHS as usize {
            return Err(PeriodProblem::TooLong);
        }
        Ok(period)
    }

    /// Every month the period touches, `YYYY-MM`, oldest first.
    pub fn months(self) -> Vec<String> {
        let mut months = Vec::new();
        let mut month = self.from.month_start_before(0);
        while month <= self.to {
            months.push(month.month_text());
            month = Day {
                day: days_in_month(month.year, month.month),
                ..month
            }
            .next();
        }
        months
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished(on_time: bool, working_days: u32, rated: bool) -> TicketFacts {
        TicketFacts {
            filed: true,
            finished: Some(FinishFacts {
                on_time,
                working_days,
                rated,
            }),
            rating: None,
        }
    }

    fn rated(score: u8, ruled: bool, rework: Option<ReworkOutcome>) -> TicketFacts {
        TicketFacts {
            filed: false,
            finished: None,
            rating: Some(RatingFacts {
                score,
                ruled,
                rework,
            }),
        }
    }

    fn tally(tickets: &[TicketFacts]) -> Figures {
        let mut tally = Tally::default();
        for ticket in tickets {
            tally.add(ticket);
        }
        tally.figures()
    }

    #[test]
    fn on_time_rate_and_rated_share_are_of_the_tickets_finished_in_the_period() {
        let figures = tally(&[
            finished(true, 3, true),
            finished(true, 5, false),
            finished(false, 12, true),
            finished(true, 0, false),
            // Filed in the period, not yet finished: volume only.
            TicketFacts {
                filed: true,
                ..TicketFacts::default()
            },
        ]);
        assert_eq!(figures.filed, 5);
        assert_eq!(figures.finished, 4);
        assert_eq!(figures.on_time, Ratio { count: 3, of: 4 });
        assert_eq!(figures.on_time.percent(), Some(75.0));
        assert_eq!(figures.rated, Ratio { count: 2, of: 4 });
    }

    #[test]
    fn satisfaction_counts_three_to_five_and_good_four_to_five_without_ruled_ratings() {
        let figures = tally(&[
            rated(5, false, None),
            rated(4, false, None),
            rated(3, false, None),
            rated(2, false, Some(ReworkOutcome::OnTime)),
            rated(1, false, Some(ReworkOutcome::Late)),
            // Ruled malicious: out of every rating figure.
            rated(1, true, Some(ReworkOutcome::Late)),
        ]);
        assert_eq!(figures.satisfied, Ratio { count: 3, of: 5 });
        assert_eq!(figures.good, Ratio { count: 2, of: 5 });
        assert_eq!(figures.ruled_out, 1);
        assert_eq!(figures.satisfied.percent(), Some(60.0));
    }

    #[test]
    fn rework_rate_is_of_bad_ratings_fixed_or_past_due_and_leaves_pending_ones_aside() {
        let figures = tally(&[
            rated(2, false, Some(ReworkOutcome::OnTime)),
            rated(1, false, Some(ReworkOutcome::OnTime)),
            rated(1, false, Some(ReworkOutcome::Late)),
            rated(2, false, Some(ReworkOutcome::Pending)),
            // A bad rating without any rework has not been reworked on time.
            rated(2, false, None),
            // Good ratings open no rework.
            rated(5, false, None),
        ]);
        assert_eq!(figures.reworked_on_time, Ratio { count: 2, of: 4 });
        assert_eq!(figures.rework_pending, 1);
    }

    #[test]
    fn median_working_days_takes_the_middle_value_or_the_mean_of_the_middle_two() {
        let odd = tally(&[
            finished(true, 9, false),
            finished(true, 1, false),
            finished(true, 4, false),
        ]);
        assert_eq!(odd.median_working_days, Some(4.0));
        let even = tally(&[
            finished(true, 2, false),
            finished(true, 7, false),
            finished(true, 3, false),
            finished(true, 30, false),
        ]);
        assert_eq!(even.median_working_days, Some(5.0));
        let same_day = tally(&[finished(true, 0, false), finished(true, 0, false)]);
        assert_eq!(same_day.median_working_days, Some(0.0));
        // A ticket open for years counts as the cap, not as an allocation of its size.
        let long = tally(&[finished(false, u32::MAX, false)]);
        assert_eq!(long.median_working_days, Some(f64::from(MAX_WORKING_DAYS)));
    }

    #[test]
    fn an_empty_period_has_no_shares_rather_than_zero_or_a_hundred_per_cent() {
        let figures = tally(&[]);
        assert_eq!(figures.on_time.percent(), None);
        assert_eq!(figures.satisfied.percent(), None);
        assert_eq!(figures.median_working_days, None);
        let json = serde_json::to_value(&figures).expect("serialises");
        assert!(json.get("median_working_days").is_none());
    }

    #[test]
    fn periods_default_to_twelve_months_up_to_today_and_refuse_nonsense() {
        let today = Day::parse("2026-12-03").expect("a date");
        let period = Period::parse(None, None, today).expect("the default");
        assert_eq!(period.from.text(), "2026-01-01");
        assert_eq!(period.to.text(), "2026-12-03");
        assert_eq!(period.months().len(), 12);
        let march = Period::parse(Some("2025-12-15"), Some("2026-03-01"), today).expect("valid");
        assert_eq!(march.months(), ["2025-12", "2026-01", "2026-02", "2026-03"]);
        assert_eq!(
            Period::parse(Some("2026-02-30"), None, today),
            Err(PeriodProblem::NotADate("from"))
        );
        assert_eq!(
            Period::parse(None, Some("3 May"), today),
            Err(PeriodProblem::NotADate("to"))
        );
        assert_eq!(
            Period::parse(Some("2026-05-02"), Some("2026-05-01"), today),
            Err(PeriodProblem::EndsBeforeStart)
        );
        assert_eq!(
            Period::parse(Some("2024-01-01"), Some("2026-01-01"), today),
            Err(PeriodProblem::TooLong)
        );
        assert!(Period::parse(Some("2024-02-29"), Some("2026-01-31"), today).is_ok());
        assert_eq!(Day::parse("2025-02-29"), None);
        assert_eq!(
            Day::parse("2025-12-31").map(|d| d.next().text()).as_deref(),
            Some("2026-01-01")
        );
    }

    #[test]
    fn queue_figures_count_waits_no_shows_ratings_and_the_estimates_error() {
        let mut tally = QueueTally::default();
        for wait in 1..=10 {
            tally.add(&VisitFacts {
                wait_minutes: Some(wait * 5),
                no_show: wait == 3,
                rating: (wait <= 4).then_some(wait as u8 + 1),
                estimate_error_minutes: Some(wait),
            });
        }
        tally.add(&VisitFacts::default());
        let figures = tally.figures();
        assert_eq!((figures.taken, figures.called), (11, 10));
        assert_eq!(figures.average_wait_minutes, Some(28), "27.5 rounds up");
        assert_eq!(
            figures.p90_wait_minutes,
            Some(45),
            "nine in ten waited 45 or less"
        );
        assert_eq!(
            figures.over_target,
            Ratio { count: 4, of: 10 },
            "35 to 50 minutes"
        );
        assert_eq!(figures.no_shows, Ratio { count: 1, of: 10 });
        assert_eq!(
            figures.satisfied,
            Ratio { count: 3, of: 4 },
            "scores 2 to 5"
        );
        assert_eq!(figures.estimate_error_minutes, Some(6), "5.5 rounds up");
        assert_eq!(QueueTally::default().figures().p90_wait_minutes, None);
    }
}
