//! A synthetic past for demonstrations and benchmarks: tickets across every service over
//! the year before today, with realistic statuses, histories, applicants and ratings. The
//! same seed gives the same history.

use banshi_contract::example::example_answers;
use banshi_contract::{Answer, ContactRole, Locale, TicketStatus};
use chrono::{DateTime, Duration, FixedOffset};

use crate::catalogue::Catalogue;
use crate::clock::{self, Calendar};
use crate::codes;

/// One made-up ticket, ready for the store.
#[derive(Debug, Clone)]
pub struct PastTicket {
    /// `YYYYMMDD` of submission, for the day's numbering.
    pub day: String,
    /// Service applied for.
    pub service_code: String,
    /// Its category.
    pub category: String,
    /// Its kind.
    pub kind: banshi_contract::ServiceKind,
    /// Answers as JSON.
    pub answers_json: String,
    /// Locale tag.
    pub locale: &'static str,
    /// Digest of an access code nobody knows.
    pub access_hash: String,
    /// RFC 3339.
    pub submitted_at: String,
    /// RFC 3339.
    pub expected_at: String,
    /// Status steps after `received` (which is at `submitted_at`), oldest first.
    pub steps: Vec<(TicketStatus, String)>,
    /// Applicant's name.
    pub name: String,
    /// Applicant's mobile number, digits only.
    pub phone: String,
    /// Score and time, for rated tickets.
    pub rating: Option<(u8, String)>,
    /// The rework a bad rating opened.
    pub rework: Option<PastRework>,
    /// A supervisor's reason for ruling the rating mistaken.
    pub ruled_mistaken: Option<&'static str>,
}

/// The rework of a made-up bad rating.
#[derive(Debug, Clone)]
pub struct PastRework {
    /// `verifying`, `fixing`, `call_back` or `closed`.
    pub stage: &'static str,
    /// RFC 3339, when the rating was given.
    pub opened_at: String,
    /// RFC 3339.
    pub due_at: String,
    /// The officer's finding, once verified.
    pub finding: Option<&'static str>,
    /// The result, once fixed, and when (RFC 3339).
    pub fixed: Option<(&'static str, String)>,
    /// The citizen's satisfaction with the rework, once called back.
    pub satisfaction: Option<u8>,
}

/// A small, fast, deterministic generator (xorshift64*); not for secrets.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// Below `n` from the high bits, which xorshift64* mixes best; for rolls whose low bits
    /// follow the rolls made just before.
    fn roll(&mut self, n: u64) -> u64 {
        ((self.next() >> 32) * n.max(1)) >> 32
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "文", "华", "玉兰", "海燕", "志强",
    "晓东", "婷", "雪梅", "国庆", "红梅", "子涵", "浩然", "欣怡", "宇轩", "一诺", "梓萱",
];

/// What officers found when they looked into a bad rating (demo data, as staff write it).
const FINDINGS: &[&str] = &[
    "经核实，市民反映的等候时间过长属实，当日窗口人手不足",
    "经核实，首次办理时未一次性告知所需材料，导致市民多跑一次",
    "经核实，窗口人员解释政策不够耐心细致",
    "经核实，办理结果邮寄延误，快递未按约定时间送达",
];

/// What they did about it.
const RESULTS: &[&str] = &[
    "已电话向市民致歉，并调整高峰时段窗口排班，增开一个综合窗口",
    "已向市民致歉并一次性告知完整材料清单，办事指南已同步更新",
    "已对相关窗口人员开展服务规范培训，并由科室负责人回访致歉",
    "已为市民重新办理并改为当场领取，同时更换了合作快递",
];

/// Why a supervisor ruled a bad rating mistaken.
const RULING_REASONS: &[&str] = &[
    "经复核，市民评价针对的是其他部门的服务，不属本事项",
    "经复核，市民来电说明误点了“非常不满意”，对办理结果满意",
];

/// Where a finished past ticket ended, by share in ten thousand.
const OUTCOMES: &[(u64, TicketStatus)] = &[
    (8_200, TicketStatus::Completed),
    (600, TicketStatus::Rejected),
    (400, TicketStatus::Withdrawn),
    (300, TicketStatus::InProgress),
    (200, TicketStatus::NeedsInfo),
    (150, TicketStatus::Accepted),
    (150, TicketStatus::Received),
];

/// `count` tickets spread over the 365 days before `now`, the `index`-th of them built from
/// `seed`; `secret` makes their access codes unguessable.
#[allow(missing_debug_implementations)]
pub struct History<'a> {
    catalogue: &'a Catalogue,
    calendar: &'a Calendar,
    now: DateTime<FixedOffset>,
    count: u64,
    dice: Dice,
    secret: String,
    templates: Vec<Template>,
}

/// What every ticket of one service starts from: example answers and its contact fields.
struct Template {
    service: usize,
    answers: std::collections::BTreeMap<String, Answer>,
    name_field: Option<String>,
    phone_field: Option<String>,
}

impl<'a> History<'a> {
    /// A history of `count` tickets before `now`.
    pub fn new(
        catalogue: &'a Catalogue,
        calendar: &'a Calendar,
        now: DateTime<FixedOffset>,
        count: u64,
        seed: u64,
        secret: String,
    ) -> History<'a> {
        let templates = catalogue
            .services
            .iter()
            .enumerate()
            .map(|(service, s)| {
                let fields = s.fields(Locale::ZhHans);
                let role = |r: ContactRole| {
                    fields
                        .iter()
                        .find(|f| f.contact == Some(r))
                        .map(|f| f.code.clone())
                };
                Template {
                    service,
                    answers: example_answers(&fields),
                    name_field: role(ContactRole::Name),
                    phone_field: role(ContactRole::Phone),
                }
            })
            .collect();
        History {
            catalogue,
            calendar,
            now,
            count,
            dice: Dice(seed | 1),
            secret,
            templates,
        }
    }

    /// The `index`-th ticket, in submission order.
    pub fn ticket(&mut self, index: u64) -> PastTicket {
        let dice = &mut self.dice;
        let template = dice.pick(&self.templates);
        let service = &self.catalogue.services[template.service];
        // Spread evenly over the year, during office hours.
        let days_ago = 365 - (index * 365 / self.count.max(1)).min(364);
        let day = (self.now - Duration::days(days_ago as i64)).date_naive();
        let at = day
            .and_hms_opt(
                9 + dice.below(8) as u32,
                dice.below(60) as u32,
                dice.below(60) as u32,
            )
            .and_then(|t| t.and_local_timezone(clock::centre_offset()).single())
            .unwrap_or(self.now);
        let expected = clock::expected(self.calendar, at, service.guide.time_limit_days);
        let name = format!("{}{}", dice.pick(SURNAMES), dice.pick(GIVEN));
        let phone = format!("1{}{:09}", 3 + dice.below(7), dice.below(1_000_000_000));
        let mut answers = template.answers.clone();
        if let Some(field) = &template.name_field {
            answers.insert(field.clone(), Answer::Text(name.clone()));
        }
        if let Some(field) = &template.phone_field {
            answers.insert(field.clone(), Answer::Text(phone.clone()));
        }
        let mut roll = dice.below(10_000);
        let outcome = OUTCOMES
            .iter()
            .find(|(share, _)| {
                let hit = roll < *share;
                roll = roll.saturating_sub(*share);
                hit
            })
            .map_or(TicketStatus::Completed, |(_, s)| *s);
        let path: &[TicketStatus] = match outcome {
            TicketStatus::Received => &[],
            TicketStatus::Accepted => &[TicketStatus::Accepted],
            TicketStatus::InProgress => &[TicketStatus::Accepted, TicketStatus::InProgress],
            TicketStatus::NeedsInfo => &[
                TicketStatus::Accepted,
                TicketStatus::InProgress,
                TicketStatus::NeedsInfo,
            ],
            TicketStatus::Rejected => &[TicketStatus::Rejected],
            TicketStatus::Withdrawn => &[TicketStatus::Accepted, TicketStatus::Withdrawn],
            TicketStatus::Completed => &[
                TicketStatus::Accepted,
                TicketStatus::InProgress,
                TicketStatus::Completed,
            ],
        };
        // Steps an hour or more apart; one case in twenty finishes after its promised time.
        let span = (expected - at).num_minutes().max(60);
        let late = dice.below(20) == 0;
        let mut step_at = at;
        let steps = path
            .iter()
            .enumerate()
            .map(|(i, status)| {
                let share = (i as i64 + 1) * span / (path.len() as i64 + 1);
                let jitter = dice.below(50) as i64;
                step_at = (at + Duration::minutes(share + jitter)).max(step_at);
                if late && *status == TicketStatus::Completed {
                    step_at = expected + Duration::hours(2 + dice.below(48) as i64);
                }
                let capped = step_at.min(self.now - Duration::minutes(1));
                (*status, clock::rfc3339(capped))
            })
            .collect::<Vec<_>>();
        let finished = steps
            .last()
            .map_or(at, |(_, t)| DateTime::parse_from_rfc3339(t).unwrap_or(at));
        let rating = (outcome == TicketStatus::Completed && dice.below(10) < 6).then(|| {
            let score = match dice.below(100) {
                0..=1 => 1,
                2..=3 => 2,
                4..=9 => 3,
                10..=29 => 4,
                _ => 5,
            };
            let rated = (finished + Duration::hours(1 + dice.below(72) as i64))
                .min(self.now - Duration::minutes(1));
            (score, clock::rfc3339(rated))
        });
        let rework = rating
            .as_ref()
            .filter(|(score, _)| *score <= banshi_contract::stats::BAD_UP_TO)
            .map(|(_, rated)| past_rework(&mut self.dice, self.calendar, self.now, rated));
        let dice = &mut self.dice;
        let ruled_mistaken =
            (rework.is_some() && dice.roll(8) == 0).then(|| *dice.pick(RULING_REASONS));
        PastTicket {
            day: clock::day(at),
            service_code: service.service_code.clone(),
            category: service.category.clone(),
            kind: service.kind,
            answers_json: serde_json::to_string(&answers).unwrap_or_else(|_| "{}".into()),
            locale: match dice.below(20) {
                0 => "en",
                1 => "zh-Hant",
                _ => "zh-Hans",
            },
            access_hash: codes::digest(&format!("{}-{index}", self.secret)),
            submitted_at: clock::rfc3339(at),
            expected_at: clock::rfc3339(expected),
            steps,
            name,
            phone,
            rating,
            rework,
            ruled_mistaken,
        }
    }
}

/// The rework of a bad rating given at `rated` (RFC 3339): most fixed within their 15
/// working days, some late, the newest still under way.
fn past_rework(
    dice: &mut Dice,
    calendar: &Calendar,
    now: DateTime<FixedOffset>,
    rated: &str,
) -> PastRework {
    let opened = DateTime::parse_from_rfc3339(rated).unwrap_or(now);
    let due = clock::expected(calendar, opened, banshi_contract::ReworkStep::DEFAULT_DAYS);
    let span = (due - opened).num_minutes().max(60);
    let finding = *dice.pick(FINDINGS);
    let result = RESULTS[FINDINGS.iter().position(|f| *f == finding).unwrap_or(0)];
    let roll = dice.roll(20);
    let fixed_at = match roll {
        // Late: a day or a few after the deadline.
        0..=1 => due + Duration::hours(20 + dice.below(96) as i64),
        // Not yet fixed.
        2 => now + Duration::days(1),
        _ => opened + Duration::minutes(span / 5 + dice.below(span as u64 * 3 / 5) as i64),
    };
    let satisfaction = match dice.roll(10) {
        0 => None,
        1..=2 => Some(3),
        3..=6 => Some(4),
        _ => Some(5),
    };
    let rework = |stage, finding, fixed, satisfaction| PastRework {
        stage,
        opened_at: rated.to_owned(),
        due_at: clock::rfc3339(due),
        finding,
        fixed,
        satisfaction,
    };
    if fixed_at >= now {
        let stage = if dice.roll(2) == 0 {
            "verifying"
        } else {
            "fixing"
        };
        let finding = (stage == "fixing").then_some(finding);
        return rework(stage, finding, None, None);
    }
    let fixed = Some((result, clock::rfc3339(fixed_at)));
    match satisfaction {
        Some(score) => rework("closed", Some(finding), fixed, Some(score)),
        None => rework("call_back", Some(finding), fixed, None),
    }
}

/// One made-up queue number of a past day, ready for the store.
#[derive(Debug, Clone)]
pub struct PastNumber {
    /// Hall id.
    pub hall: String,
    /// Line code.
    pub line: String,
    /// The hall's day, `YYYYMMDD`.
    pub day: String,
    /// Sequence of the day in the line.
    pub seq: i64,
    /// RFC 3339.
    pub issued_at: String,
    /// When it was called, and to which window; none for a number cancelled while waiting.
    pub called: Option<(String, u32)>,
    /// `served`, `missed` or `cancelled`.
    pub state: &'static str,
    /// When it was served or given up.
    pub ended_at: String,
}

/// Queue numbers of every working day in the `days` before `now` for each line of `halls`:
/// busier in the late morning and mid-afternoon and on Mondays, most served, some missed or
/// given up, each called to one of the windows that serve its line.
pub fn past_numbers(
    halls: &[crate::seed::HallDoc],
    calendar: &Calendar,
    now: DateTime<FixedOffset>,
    days: i64,
    seed: u64,
) -> Vec<PastNumber> {
    let mut dice = Dice(seed | 1);
    let mut numbers = Vec::new();
    for hall in halls {
        let zone = crate::hall::zone(hall);
        let today = crate::hall::local_date(zone, now);
        for back in (1..=days).rev() {
            let date = today - Duration::days(back);
            let Some(hours) = crate::hall::hours_on(&hall.opening, calendar, date) else {
                continue;
            };
            let (Some(opens), Some(closes)) = (
                banshi_contract::OpeningHours::minutes(&hours.opens),
                banshi_contract::OpeningHours::minutes(&hours.closes),
            ) else {
                continue;
            };
            for line in &hall.lines {
                let windows: Vec<u32> = hall
                    .windows
                    .iter()
                    .filter(|w| w.lines.contains(&line.code))
                    .map(|w| w.number)
                    .collect();
                let monday = chrono::Datelike::weekday(&date) == chrono::Weekday::Mon;
                let count = (closes - opens) / line.minutes_per_person.max(1) * 2 / 3
                    + if monday { 12 } else { 0 }
                    + dice.roll(10) as u32;
                // Arrivals bunch at 10:00 and 15:00: each is one of two draws, the nearer one.
                let mut minutes: Vec<u32> = (0..count)
                    .map(|_| {
                        let spread = u64::from(closes - opens - 1);
                        let (a, b) = (dice.roll(spread) as u32, dice.roll(spread) as u32);
                        let peak = |m: u32| {
                            let at = opens + m;
                            at.abs_diff(600).min(at.abs_diff(900))
                        };
                        opens + if peak(a) <= peak(b) { a } else { b }
                    })
                    .collect();
                minutes.sort_unstable();
                let mut free_at = opens;
                for (i, minute) in minutes.into_iter().enumerate() {
                    let at = |m: u32| {
                        date.and_hms_opt(m / 60 % 24, m % 60, (m * 37 + i as u32) % 60)
                            .and_then(|t| t.and_local_timezone(zone).single())
                            .map_or_else(
                                || clock::rfc3339(now),
                                |t| clock::rfc3339(t.with_timezone(&clock::centre_offset())),
                            )
                    };
                    let roll = dice.roll(100);
                    let service = line.minutes_per_person / 2
                        + dice.roll(u64::from(line.minutes_per_person) + 1) as u32;
                    let called_minute = free_at.max(minute + 1);
                    let window = windows
                        .get(dice.roll(windows.len() as u64) as usize)
                        .copied()
                        .unwrap_or(1);
                    let (state, called, ended) = match roll {
                        0..=2 => ("cancelled", None, minute + 5),
                        3..=7 => ("missed", Some(called_minute), called_minute + 3),
                        _ => ("served", Some(called_minute), called_minute + service),
                    };
                    if called.is_some() {
                        free_at = called_minute + if state == "served" { service / 2 } else { 1 };
                    }
                    numbers.push(PastNumber {
                        hall: hall.id.clone(),
                        line: line.code.clone(),
                        day: date.format("%Y%m%d").to_string(),
                        seq: i as i64 + 1,
                        issued_at: at(minute),
                        called: called.map(|m| (at(m), window)),
                        state,
                        ended_at: at(ended),
                    });
                }
            }
        }
    }
    numbers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_numbers_follow_the_halls_days_hours_and_windows() {
        let halls = crate::seed::halls();
        let calendar = Calendar::load(None).expect("calendar");
        let now = DateTime::parse_from_rfc3339("2026-12-03T12:00:00+08:00").expect("now");
        let numbers = past_numbers(&halls, &calendar, now, 90, 7);
        assert!(numbers.len() > 10_000, "{}", numbers.len());
        let hall = &halls[0];
        let local = |at: &str| {
            DateTime::parse_from_rfc3339(at)
                .expect("a timestamp")
                .with_timezone(&crate::hall::zone(hall))
        };
        for number in &numbers {
            let issued = local(&number.issued_at);
            let date = issued.date_naive();
            let hours = crate::hall::hours_on(&hall.opening, &calendar, date)
                .unwrap_or_else(|| panic!("{} is issued on a closed day", number.issued_at));
            let minute = chrono::Timelike::hour(&issued) * 60 + chrono::Timelike::minute(&issued);
            assert!(
                hours.contains(minute),
                "{} outside {hours:?}",
                number.issued_at
            );
            assert_eq!(date.format("%Y%m%d").to_string(), number.day);
            if let Some((called, window)) = &number.called {
                assert!(local(called) > issued, "called after it was taken");
                let serves = hall
                    .windows
                    .iter()
                    .any(|w| w.number == *window && w.lines.contains(&number.line));
                assert!(serves, "window {window} serves line {}", number.line);
            }
        }
        // No numbers on National Day; most are served.
        assert!(!numbers.iter().any(|n| n.day == "20261001"));
        let served = numbers.iter().filter(|n| n.state == "served").count();
        let share = served * 100 / numbers.len();
        assert!((85..=95).contains(&share), "{share}% served");
        // Each line's day counts from 1 without gaps.
        let first_day: Vec<&PastNumber> = numbers
            .iter()
            .filter(|n| n.line == "A" && n.day == numbers[0].day)
            .collect();
        assert!(
            first_day
                .iter()
                .enumerate()
                .all(|(i, n)| n.seq == i as i64 + 1)
        );
    }
}
