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
        }
    }
}
