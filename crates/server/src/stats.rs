//! The statistics of a period: each stored ticket's facts on the centre's calendar
//! ([`facts`]), tallied for the centre, each category, service and officer by the contract's
//! formulas ([`banshi_contract::stats`]), and kept while no ticket changes ([`Cache`]); and
//! each hall's queue figures from its numbers ([`hall_figures`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use banshi_contract::stats::{
    BAD_UP_TO, Day, FinishFacts, MAX_WORKING_DAYS, Period, QueueTally, RatingFacts, ReworkOutcome,
    Tally, TicketFacts, VisitFacts, WAIT_TARGET_MINUTES,
};
use banshi_contract::{HallFigures, Locale, MonthVolume, QueueGroup, Stats, StatsGroup};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use crate::catalogue::Catalogue;
use crate::clock::{self, Calendar};
use crate::store::StatsRow;

/// A calendar day of the contract's kind, from chrono's.
pub fn day_of(date: NaiveDate) -> Day {
    Day {
        year: date.year(),
        month: date.month(),
        day: date.day(),
    }
}

/// The centre-time instant of an RFC 3339 timestamp.
fn instant(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&clock::centre_offset()))
}

/// One ticket's part in `period`'s figures at `now`, with the month (`YYYY-MM`) it was filed
/// in when that is in the period.
pub fn facts(
    row: &StatsRow,
    period: Period,
    calendar: &Calendar,
    now: DateTime<FixedOffset>,
) -> (TicketFacts, Option<String>) {
    let in_period = |at: &DateTime<FixedOffset>| {
        let day = day_of(at.date_naive());
        period.from <= day && day <= period.to
    };
    let submitted = instant(&row.submitted_at);
    let filed = submitted.filter(in_period);
    let finished = row
        .finished_at
        .as_deref()
        .and_then(instant)
        .filter(|_| matches!(row.status.as_str(), "completed" | "rejected"))
        .filter(in_period)
        .map(|finished| FinishFacts {
            on_time: instant(&row.expected_at).is_some_and(|promised| finished <= promised),
            working_days: submitted.map_or(0, |submitted| {
                clock::working_days_between(
                    calendar,
                    submitted.date_naive(),
                    finished.date_naive(),
                    MAX_WORKING_DAYS,
                )
            }),
            rated: row.score.is_some() && !row.ruled,
        });
    let rating = match (row.score, row.rated_at.as_deref().and_then(instant)) {
        (Some(score), Some(rated)) if in_period(&rated) => Some(RatingFacts {
            score,
            ruled: row.ruled,
            rework: (score <= BAD_UP_TO)
                .then(|| rework_outcome(row, now))
                .flatten(),
        }),
        _ => None,
    };
    let month = filed.map(|at| day_of(at.date_naive()).month_text());
    (
        TicketFacts {
            filed: filed.is_some(),
            finished,
            rating,
        },
        month,
    )
}

fn rework_outcome(row: &StatsRow, now: DateTime<FixedOffset>) -> Option<ReworkOutcome> {
    let due = instant(row.rework_due.as_deref()?)?;
    Some(match row.rework_fixed.as_deref().and_then(instant) {
        Some(fixed) if fixed <= due => ReworkOutcome::OnTime,
        Some(_) => ReworkOutcome::Late,
        None if now > due => ReworkOutcome::Late,
        None => ReworkOutcome::Pending,
    })
}

/// A period's tallies, by every grouping the answers show.
#[derive(Debug, Clone)]
pub struct Computed {
    /// The period tallied.
    pub period: Period,
    generated_at: String,
    overall: Tally,
    categories: HashMap<String, Tally>,
    services: HashMap<String, Tally>,
    /// By account name ("" for tickets nobody finished): display name and tally.
    officers: BTreeMap<String, (String, Tally)>,
    /// Tickets filed, by month and category.
    volume: HashMap<(String, String), u64>,
}

/// Tallies `rows` for `period` at `now`.
pub fn compute(
    rows: &[StatsRow],
    period: Period,
    calendar: &Calendar,
    now: DateTime<FixedOffset>,
) -> Computed {
    let mut computed = Computed {
        period,
        generated_at: clock::rfc3339(now),
        overall: Tally::default(),
        categories: HashMap::new(),
        services: HashMap::new(),
        officers: BTreeMap::new(),
        volume: HashMap::new(),
    };
    for row in rows {
        let (ticket, month) = facts(row, period, calendar, now);
        computed.overall.add(&ticket);
        computed
            .categories
            .entry(row.category.clone())
            .or_default()
            .add(&ticket);
        computed
            .services
            .entry(row.service_code.clone())
            .or_default()
            .add(&ticket);
        let (name, display) = row.officer.clone().unwrap_or_default();
        computed
            .officers
            .entry(name)
            .or_insert_with(|| (display, Tally::default()))
            .1
            .add(&ticket);
        if let Some(month) = month {
            *computed
                .volume
                .entry((month, row.category.clone()))
                .or_default() += 1;
        }
    }
    computed
}

/// Each hall's queue figures from `rows` (numbers taken in the period), in `locale`; with
/// `windows`, each window's too (for staff).
pub fn hall_figures(
    halls: &[crate::seed::HallDoc],
    rows: &[crate::store::VisitRow],
    locale: Locale,
    windows: bool,
) -> Vec<HallFigures> {
    halls
        .iter()
        .map(|hall| {
            let mut overall = QueueTally::default();
            let mut lines: HashMap<&str, QueueTally> = HashMap::new();
            let mut by_window: HashMap<u32, QueueTally> = HashMap::new();
            for row in rows.iter().filter(|r| r.hall == hall.id) {
                let visit = VisitFacts {
                    wait_minutes: row.wait_minutes,
                    no_show: row.no_show,
                    rating: row.rating,
                    estimate_error_minutes: row
                        .wait_minutes
                        .zip(row.estimated_minutes)
                        .map(|(real, estimated)| real.abs_diff(estimated)),
                };
                overall.add(&visit);
                lines.entry(row.line.as_str()).or_default().add(&visit);
                if let Some(window) = row.window {
                    by_window.entry(window).or_default().add(&visit);
                }
            }
            let group = |code: String, name: &str, tally: Option<&QueueTally>| QueueGroup {
                code,
                name: name.to_owned(),
                figures: tally.map(QueueTally::figures).unwrap_or_default(),
            };
            HallFigures {
                hall: hall.id.clone(),
                name: hall.name.get(locale).to_owned(),
                target_minutes: WAIT_TARGET_MINUTES,
                overall: overall.figures(),
                lines: hall
                    .lines
                    .iter()
                    .map(|l| {
                        group(
                            l.code.clone(),
                            l.name.get(locale),
                            lines.get(l.code.as_str()),
                        )
                    })
                    .collect(),
                windows: if windows {
                    hall.windows
                        .iter()
                        .map(|w| {
                            group(
                                w.number.to_string(),
                                w.name.get(locale),
                                by_window.get(&w.number),
                            )
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

/// Who asks, and so which groups the answer has.
#[derive(Debug, Clone)]
pub enum Audience {
    /// Anyone: the centre and its categories.
    Public,
    /// Staff: also each service and officer; `officer` limits them to that officer and the
    /// services of `categories`.
    Staff {
        /// The one officer shown, for an officer.
        officer: Option<String>,
        /// The categories whose services are shown, for an officer.
        categories: Option<Vec<String>>,
    },
}

impl Computed {
    /// The contract's answer, in `locale`, for `audience`.
    pub fn answer(&self, catalogue: &Catalogue, locale: Locale, audience: &Audience) -> Stats {
        let mut categories: Vec<_> = catalogue.categories.iter().collect();
        categories.sort_by_key(|c| c.position);
        let figures_of = |tally: Option<&Tally>| tally.map(Tally::figures).unwrap_or_default();
        let months = self
            .period
            .months()
            .into_iter()
            .map(|month| {
                let by_category: Vec<u64> = categories
                    .iter()
                    .map(|c| {
                        self.volume
                            .get(&(month.clone(), c.code.clone()))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect();
                MonthVolume {
                    filed: by_category.iter().sum(),
                    month,
                    by_category,
                }
            })
            .collect();
        let (services, officers) = match audience {
            Audience::Public => (Vec::new(), Vec::new()),
            Audience::Staff {
                officer,
                categories: scope,
            } => (
                self.service_groups(catalogue, locale, scope.as_deref()),
                self.officer_groups(officer.as_deref()),
            ),
        };
        Stats {
            from: self.period.from.text(),
            to: self.period.to.text(),
            generated_at: self.generated_at.clone(),
            overall: self.overall.figures(),
            categories: categories
                .iter()
                .map(|c| StatsGroup {
                    code: c.code.clone(),
                    name: c.name.get(locale).to_owned(),
                    figures: figures_of(self.categories.get(&c.code)),
                })
                .collect(),
            months,
            services,
            officers,
            halls: Vec::new(),
        }
    }

    /// Each service with tickets in the period, busiest first.
    fn service_groups(
        &self,
        catalogue: &Catalogue,
        locale: Locale,
        categories: Option<&[String]>,
    ) -> Vec<StatsGroup> {
        let mut groups: Vec<StatsGroup> = self
            .services
            .iter()
            .filter(|(code, _)| {
                categories.is_none_or(|scope| {
                    catalogue
                        .service(code)
                        .is_some_and(|s| scope.contains(&s.category))
                })
            })
            .map(|(code, tally)| StatsGroup {
                code: code.clone(),
                name: catalogue
                    .service(code)
                    .map_or_else(|| code.clone(), |s| s.service_name.get(locale).to_owned()),
                figures: tally.figures(),
            })
            .collect();
        groups.sort_by(|a, b| {
            (b.figures.filed + b.figures.finished)
                .cmp(&(a.figures.filed + a.figures.finished))
                .then_with(|| a.code.cmp(&b.code))
        });
        groups
    }

    /// Each officer who finished tickets in the period, most first; tickets nobody finished
    /// last, under an empty code.
    fn officer_groups(&self, only: Option<&str>) -> Vec<StatsGroup> {
        let mut groups: Vec<StatsGroup> = self
            .officers
            .iter()
            .filter(|(name, _)| only.is_none_or(|only| only == name.as_str()))
            .map(|(name, (display, tally))| StatsGroup {
                code: name.clone(),
                name: display.clone(),
                figures: tally.figures(),
            })
            .collect();
        groups.sort_by(|a, b| {
            a.code
                .is_empty()
                .cmp(&b.code.is_empty())
                .then_with(|| b.figures.finished.cmp(&a.figures.finished))
                .then_with(|| a.code.cmp(&b.code))
        });
        groups
    }
}

/// How long computed figures are kept at most: rework deadlines pass with time alone.
const KEEP: Duration = Duration::from_secs(600);
/// How many periods are kept.
const KEPT_PERIODS: usize = 8;

/// A period's figures as computed at a version of the store, and when.
#[derive(Debug)]
struct Kept {
    period: Period,
    version: i64,
    at: Instant,
    computed: Arc<Computed>,
}

impl Kept {
    fn fresh(&self, version: i64) -> bool {
        self.version == version && self.at.elapsed() < KEEP
    }
}

/// Figures already computed, by period and the store's latest event when they were.
#[derive(Debug, Default)]
pub struct Cache {
    entries: Mutex<Vec<Kept>>,
}

impl Cache {
    /// The figures of `period` computed at `version`, if still fresh.
    pub fn get(&self, period: Period, version: i64) -> Option<Arc<Computed>> {
        let entries = self.entries.lock().ok()?;
        entries
            .iter()
            .find(|kept| kept.period == period && kept.fresh(version))
            .map(|kept| kept.computed.clone())
    }

    /// Keeps `computed`, the figures of `period` at `version`, in place of older ones.
    pub fn put(&self, period: Period, version: i64, computed: Arc<Computed>) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|kept| kept.period != period && kept.fresh(version));
            entries.truncate(KEPT_PERIODS - 1);
            entries.insert(
                0,
                Kept {
                    period,
                    version,
                    at: Instant::now(),
                    computed,
                },
            );
        }
    }
}

/// The `SQL` bounds of `period`: its first day, and the day after its last.
pub fn bounds(period: Period) -> (String, String) {
    (period.from.text(), period.to.next().text())
}

/// Today, centre time, as a contract day.
pub fn today(now: DateTime<FixedOffset>) -> Day {
    day_of(now.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).expect("a timestamp")
    }

    fn row(submitted: &str, expected: &str, finished: Option<&str>) -> StatsRow {
        StatsRow {
            category: "tax".into(),
            service_code: "tax-payment-certificate".into(),
            status: if finished.is_some() {
                "completed"
            } else {
                "in_progress"
            }
            .into(),
            submitted_at: submitted.into(),
            expected_at: expected.into(),
            finished_at: finished.map(Into::into),
            officer: Some(("officer.li".into(), "李明".into())),
            score: None,
            rated_at: None,
            ruled: false,
            rework_due: None,
            rework_fixed: None,
        }
    }

    fn period(from: &str, to: &str) -> Period {
        Period::parse(Some(from), Some(to), Day::parse(to).expect("a day")).expect("a period")
    }

    fn calendar() -> Calendar {
        Calendar::load(None).expect("the built-in calendar")
    }

    #[test]
    fn working_days_to_finish_skip_weekends_and_the_national_day_holiday() {
        // Filed on Tuesday 29 September 2026, finished on Friday 9 October: the 国庆 holiday
        // (1 to 7 October) is not working days; the make-up Saturday 10 October is after the
        // finish.
        let row = row(
            "2026-09-29T10:00:00+08:00",
            "2026-10-12T17:00:00+08:00",
            Some("2026-10-09T11:00:00+08:00"),
        );
        let now = at("2026-12-01T09:00:00+08:00");
        let (facts, month) = facts(&row, period("2026-09-01", "2026-10-31"), &calendar(), now);
        let finished = facts.finished.expect("finished in the period");
        assert!(finished.on_time);
        // 30 September, 8 and 9 October.
        assert_eq!(finished.working_days, 3);
        assert_eq!(month.as_deref(), Some("2026-09"));
        assert!(facts.filed);
    }

    #[test]
    fn each_fact_counts_in_the_period_its_own_event_fell_in() {
        let mut late = row(
            "2026-10-30T16:00:00+08:00",
            "2026-11-03T17:00:00+08:00",
            Some("2026-11-04T09:00:00+08:00"),
        );
        late.score = Some(2);
        late.rated_at = Some("2026-12-01T08:30:00+08:00".into());
        late.rework_due = Some("2026-12-20T17:00:00+08:00".into());
        let now = at("2026-12-02T09:00:00+08:00");
        // Filed in October only.
        let (october, month) = facts(&late, period("2026-10-01", "2026-10-31"), &calendar(), now);
        assert!(october.filed && october.finished.is_none() && october.rating.is_none());
        assert_eq!(month.as_deref(), Some("2026-10"));
        // Finished late in November; rated bad in December, its rework still within time.
        let (november, _) = facts(&late, period("2026-11-01", "2026-11-30"), &calendar(), now);
        assert_eq!(november.finished.map(|f| f.on_time), Some(false));
        assert_eq!(november.finished.map(|f| f.rated), Some(true));
        let (december, _) = facts(&late, period("2026-12-01", "2026-12-31"), &calendar(), now);
        assert_eq!(
            december.rating.and_then(|r| r.rework),
            Some(ReworkOutcome::Pending)
        );
        // A day is the centre's day: 23:30 UTC on 30 November is 1 December in the centre.
        let mut utc = late.clone();
        utc.rated_at = Some("2026-11-30T23:30:00Z".into());
        let (december, _) = facts(&utc, period("2026-12-01", "2026-12-31"), &calendar(), now);
        assert!(december.rating.is_some());
    }

    #[test]
    fn rework_is_on_time_late_or_pending_against_its_deadline() {
        let mut bad = row(
            "2026-10-01T10:00:00+08:00",
            "2026-10-20T17:00:00+08:00",
            Some("2026-10-10T10:00:00+08:00"),
        );
        bad.score = Some(1);
        bad.rated_at = Some("2026-10-11T10:00:00+08:00".into());
        bad.rework_due = Some("2026-11-01T17:00:00+08:00".into());
        let outcome = |fixed: Option<&str>, now: &str| {
            let mut row = bad.clone();
            row.rework_fixed = fixed.map(Into::into);
            facts(
                &row,
                period("2026-10-01", "2026-10-31"),
                &calendar(),
                at(now),
            )
            .0
            .rating
            .and_then(|r| r.rework)
        };
        let on_time = outcome(
            Some("2026-10-30T10:00:00+08:00"),
            "2026-12-01T09:00:00+08:00",
        );
        assert_eq!(on_time, Some(ReworkOutcome::OnTime));
        let late = outcome(
            Some("2026-11-02T10:00:00+08:00"),
            "2026-12-01T09:00:00+08:00",
        );
        assert_eq!(late, Some(ReworkOutcome::Late));
        let overdue = outcome(None, "2026-11-02T09:00:00+08:00");
        assert_eq!(overdue, Some(ReworkOutcome::Late));
        let pending = outcome(None, "2026-10-31T09:00:00+08:00");
        assert_eq!(pending, Some(ReworkOutcome::Pending));
    }

    #[test]
    fn withdrawn_tickets_are_not_finished_and_ruled_ratings_do_not_count_as_rated() {
        let mut withdrawn = row(
            "2026-10-01T10:00:00+08:00",
            "2026-10-20T17:00:00+08:00",
            Some("2026-10-02T10:00:00+08:00"),
        );
        withdrawn.status = "withdrawn".into();
        let now = at("2026-12-01T09:00:00+08:00");
        let october = period("2026-10-01", "2026-10-31");
        assert!(
            facts(&withdrawn, october, &calendar(), now)
                .0
                .finished
                .is_none()
        );
        let mut ruled = row(
            "2026-10-01T10:00:00+08:00",
            "2026-10-20T17:00:00+08:00",
            Some("2026-10-02T10:00:00+08:00"),
        );
        ruled.score = Some(1);
        ruled.rated_at = Some("2026-10-03T10:00:00+08:00".into());
        ruled.ruled = true;
        let (facts, _) = facts(&ruled, october, &calendar(), now);
        assert_eq!(facts.finished.map(|f| f.rated), Some(false));
        assert_eq!(facts.rating.map(|r| r.ruled), Some(true));
    }

    #[test]
    fn an_officer_sees_their_own_figures_and_the_services_of_their_categories() {
        let catalogue = crate::seed::catalogue();
        let tax = catalogue
            .services
            .iter()
            .find(|s| s.category == "tax")
            .expect("a tax service");
        let other = catalogue
            .services
            .iter()
            .find(|s| s.category != "tax")
            .expect("a service of another category");
        let mut mine = row(
            "2026-10-01T10:00:00+08:00",
            "2026-10-20T17:00:00+08:00",
            Some("2026-10-02T10:00:00+08:00"),
        );
        mine.service_code = tax.service_code.clone();
        let mut theirs = mine.clone();
        theirs.category = other.category.clone();
        theirs.service_code = other.service_code.clone();
        theirs.officer = Some(("officer.chen".into(), "陈".into()));
        let mut nobody = theirs.clone();
        nobody.officer = None;
        let october = period("2026-10-01", "2026-10-31");
        let computed = compute(
            &[mine, theirs, nobody],
            october,
            &calendar(),
            at("2026-12-01T09:00:00+08:00"),
        );
        let everyone = computed.answer(
            &catalogue,
            Locale::En,
            &Audience::Staff {
                officer: None,
                categories: None,
            },
        );
        assert_eq!(everyone.overall.finished, 3);
        let officers: Vec<_> = everyone.officers.iter().map(|g| g.code.as_str()).collect();
        assert_eq!(officers, ["officer.chen", "officer.li", ""]);
        assert_eq!(everyone.services.len(), 2);
        assert_eq!(
            everyone.services[0].code, other.service_code,
            "busiest first"
        );
        let li = computed.answer(
            &catalogue,
            Locale::En,
            &Audience::Staff {
                officer: Some("officer.li".into()),
                categories: Some(vec!["tax".into()]),
            },
        );
        assert_eq!(li.officers.len(), 1);
        assert_eq!(li.officers[0].name, "李明");
        assert_eq!(li.services.len(), 1);
        assert_eq!(li.services[0].code, tax.service_code);
        let public = computed.answer(&catalogue, Locale::En, &Audience::Public);
        assert!(public.services.is_empty() && public.officers.is_empty());
        assert_eq!(public.months.len(), 1);
        assert_eq!(public.months[0].filed, 3);
        assert_eq!(public.months[0].by_category.len(), public.categories.len());
        let tax_column = public
            .categories
            .iter()
            .position(|c| c.code == "tax")
            .expect("the tax category");
        assert_eq!(public.months[0].by_category[tax_column], 1);
    }
}
