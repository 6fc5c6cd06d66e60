//! The command line (clap): `serve` (the default) with its settings and their `BANSHI_*`
//! environment fallbacks, `staff add` and `staff token`, and `prerender`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use banshi_contract::StaffRole;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Everything the server can be told at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// SQLite database file; created and seeded if missing.
    pub database: PathBuf,
    /// Built SPA (`dist/`) to serve, with `index.html` for client routes.
    pub dist: Option<PathBuf>,
    /// Ticket lookups a client may make at once.
    pub lookup_burst: u32,
    /// Ticket lookups a client regains per minute.
    pub lookups_per_minute: u32,
    /// Whether to take the client address from `X-Forwarded-For` (behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// Largest accepted request body in bytes.
    pub max_body_bytes: usize,
    /// A staff session ends after this long without a call.
    pub staff_idle: Duration,
    /// Mark the session cookie `Secure` on every answer (behind an HTTPS proxy).
    pub secure_cookies: bool,
    /// Sign-in attempts one account may take at once, and regains per hour.
    pub sign_ins_per_account: (u32, u32),
    /// Sign-in attempts one client address may take at once, and regains per hour.
    pub sign_ins_per_client: (u32, u32),
    /// Demo mode: one staff account per role, with fresh passwords printed at start-up.
    pub demo: bool,
    /// A holiday calendar file whose years replace the built-in ones.
    pub holidays: Option<PathBuf>,
    /// Working days the rework of a bad rating is given.
    pub rework_days: u32,
    /// How citizens are told of changes.
    pub notify: NotifyConfig,
    /// Queue numbers one phone may take at once, and regains per hour (a hall's Wi-Fi puts
    /// many phones behind one address, so remote numbers are limited per phone).
    pub numbers_per_phone: (u32, u32),
    /// Queue numbers one enrolled kiosk may issue at once, and regains per hour.
    pub numbers_per_kiosk: (u32, u32),
    /// How long a missed number (过号) may come back.
    pub missed_grace: Duration,
    /// The least time between two calls of one number.
    pub recall_gap: Duration,
    /// The rules of appointments (预约).
    pub appointments: AppointmentRules,
}

/// When a booking can be checked in and cancelled, and when missed bookings suspend a phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppointmentRules {
    /// Minutes before a slot starts that check-in opens.
    pub check_in_before: u32,
    /// Minutes after a slot starts that check-in still puts the number before walk-ins.
    pub check_in_after: u32,
    /// Minutes before a slot starts that it can still be cancelled.
    pub cancel_before: u32,
    /// Missed bookings within `missed_days` that suspend a phone.
    pub missed_limit: u32,
    /// Days the missed bookings are counted over.
    pub missed_days: u32,
    /// Days a suspension lasts, from the booking that caused it.
    pub suspend_days: u32,
}

impl Default for AppointmentRules {
    fn default() -> AppointmentRules {
        AppointmentRules {
            check_in_before: 15,
            check_in_after: 10,
            cancel_before: 120,
            missed_limit: 3,
            missed_days: 30,
            suspend_days: 30,
        }
    }
}

/// Where notifications go, and how their delivery is retried.
#[derive(Debug, Clone)]
pub struct NotifyConfig {
    /// The mail server, e.g. `smtp://127.0.0.1:2525` or `smtps://user:pass@mail.example`;
    /// without one, e-mail is not offered.
    pub smtp_url: Option<String>,
    /// The sender of e-mail.
    pub mail_from: String,
    /// The SMS gateway's webhook (an HTTP POST of JSON per message); without one, SMS is not
    /// offered.
    pub sms_webhook: Option<String>,
    /// The portal's public address, for the tracking link in messages; by default the
    /// address the server listens on.
    pub public_url: Option<String>,
    /// The wait before the second attempt; it doubles with each failure up to `retry_max`.
    pub retry_base: Duration,
    /// The longest wait between attempts.
    pub retry_max: Duration,
    /// How long one attempt may take before it counts as failed.
    pub attempt_timeout: Duration,
}

impl NotifyConfig {
    /// The channels the server can send through.
    pub fn channels(&self) -> Vec<banshi_contract::NotifyChannel> {
        let mut channels = Vec::new();
        if self.smtp_url.is_some() {
            channels.push(banshi_contract::NotifyChannel::Email);
        }
        if self.sms_webhook.is_some() {
            channels.push(banshi_contract::NotifyChannel::Sms);
        }
        channels
    }
}

impl Default for NotifyConfig {
    fn default() -> NotifyConfig {
        NotifyConfig {
            smtp_url: None,
            mail_from: "Banshi <noreply@banshi.localhost>".into(),
            sms_webhook: None,
            public_url: None,
            retry_base: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
            attempt_timeout: Duration::from_secs(10),
        }
    }
}

impl Config {
    /// Defaults for tests and embedding: loopback, a database path, no static files.
    pub fn for_database(database: PathBuf) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database,
            dist: None,
            lookup_burst: 30,
            lookups_per_minute: 60,
            trust_forwarded_for: false,
            max_body_bytes: 64 * 1024,
            staff_idle: Duration::from_secs(30 * 60),
            secure_cookies: false,
            sign_ins_per_account: (5, 20),
            sign_ins_per_client: (20, 120),
            demo: false,
            holidays: None,
            rework_days: banshi_contract::ReworkStep::DEFAULT_DAYS,
            notify: NotifyConfig::default(),
            numbers_per_phone: (3, 10),
            numbers_per_kiosk: (60, 1_200),
            missed_grace: Duration::from_secs(30 * 60),
            recall_gap: Duration::from_secs(
                banshi_contract::ClerkAction::RECALL_GAP_SECONDS as u64,
            ),
            appointments: AppointmentRules::default(),
        }
    }
}

/// `portal-server`: the Banshi reference backend (axum + SQLite).
#[derive(Debug, Parser)]
#[command(
    name = "portal-server",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do; without one, `serve`.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The settings of `serve`, when no command is named.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the contract under /api/v1 and the built SPA (the default).
    Serve(ServeArgs),
    /// Manage staff accounts in the database.
    Staff {
        /// What to do with staff accounts.
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Render the landing pages into a built dist/ from any backend, for static hosting.
    ///
    /// Pages are rendered in dist/config.json's default_locale. Writes index.html (home), and
    /// t/ID.html, T/ID.html, c/CODE.html and s/CODE.html, each with .br and .gz twins; the app
    /// shell for every other address becomes shell.html.
    Prerender(PrerenderArgs),
    /// Add a year of synthetic past tickets (statuses, histories, applicants, ratings) to
    /// the database, for demonstrations and benchmarks.
    History {
        /// How many tickets.
        #[arg(long, default_value_t = 3_000)]
        tickets: u64,
        /// Seed of the made-up data; the same seed gives the same history.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        #[command(flatten)]
        database: DatabaseArg,
    },
}

/// `portal-server staff …`.
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add an account and print its one-time password, which must be changed at first
    /// sign-in.
    Add {
        /// Sign-in name: 2 to 32 of a-z, 0-9, '.', '_' and '-'.
        name: String,
        /// What the account may do.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Name shown to colleagues (default: the sign-in name).
        #[arg(long)]
        display_name: Option<String>,
        /// A category whose cases an officer handles; repeat for several.
        #[arg(long = "category")]
        categories: Vec<String>,
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// Make an API token for scripts, with the account's role, and print it once.
    Token {
        /// The account's sign-in name.
        name: String,
        /// What the token is for.
        #[arg(long, default_value = "script")]
        label: String,
        #[command(flatten)]
        database: DatabaseArg,
    },
}

/// A role on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// Counters and the hall.
    Clerk,
    /// Cases of the categories assigned.
    Officer,
    /// Everything, plus accounts and the audit log.
    Supervisor,
}

impl From<RoleArg> for StaffRole {
    fn from(role: RoleArg) -> StaffRole {
        match role {
            RoleArg::Clerk => StaffRole::Clerk,
            RoleArg::Officer => StaffRole::Officer,
            RoleArg::Supervisor => StaffRole::Supervisor,
        }
    }
}

/// The database a command works on.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArg {
    /// SQLite file, created and seeded if new.
    #[arg(long, env = "BANSHI_DATABASE", default_value = "banshi.sqlite3")]
    pub database: PathBuf,
}

/// `portal-server prerender`.
#[derive(Debug, Clone, Args)]
pub struct PrerenderArgs {
    /// The contract root to read from, the part before /v1 (e.g. https://hall.example/api).
    #[arg(long)]
    pub api: String,
    /// The built SPA to write into.
    #[arg(long, default_value = "dist")]
    pub dist: PathBuf,
}

/// `portal-server serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "BANSHI_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub database: DatabaseArg,
    /// Built SPA to serve (default ./dist when it has an index.html).
    #[arg(long, env = "BANSHI_DIST")]
    pub dist: Option<PathBuf>,
    /// Ticket lookups a client may make at once.
    #[arg(long, default_value_t = 30)]
    pub lookup_burst: u32,
    /// Ticket lookups a client regains per minute.
    #[arg(long, default_value_t = 60)]
    pub lookups_per_minute: u32,
    /// Take the client address from the last X-Forwarded-For hop (only behind a trusted proxy
    /// that appends it).
    #[arg(long, env = "BANSHI_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// Minutes without a call after which a staff session ends.
    #[arg(long, env = "BANSHI_STAFF_IDLE_MINUTES", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub staff_idle_minutes: u32,
    /// Mark the staff session cookie Secure (set it when an HTTPS proxy is in front).
    #[arg(long, env = "BANSHI_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Demo mode: seed one staff account per role, give each a fresh password at every
    /// start, and print them. Never in production.
    #[arg(long, env = "BANSHI_DEMO")]
    pub demo: bool,
    /// Holiday calendar file (the format of crates/server/calendar/cn-holidays.json); its
    /// years replace the built-in ones, e.g. when the State Council publishes next year's.
    #[arg(long, env = "BANSHI_HOLIDAYS")]
    pub holidays: Option<PathBuf>,
    /// Working days the rework of a bad rating (差评整改) is given.
    #[arg(long, env = "BANSHI_REWORK_DAYS", default_value_t = banshi_contract::ReworkStep::DEFAULT_DAYS,
          value_parser = clap::value_parser!(u32).range(1..=60))]
    pub rework_days: u32,
    /// Mail server for notifications, e.g. smtp://127.0.0.1:2525 (plain), smtp://host?tls=required
    /// (STARTTLS) or smtps://user:password@host (TLS); without it e-mail is not offered.
    #[arg(long, env = "BANSHI_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Sender of notification e-mail.
    #[arg(
        long,
        env = "BANSHI_MAIL_FROM",
        default_value = "Banshi <noreply@banshi.localhost>"
    )]
    pub mail_from: String,
    /// SMS gateway webhook: each text message is POSTed to it as JSON; without it SMS is not
    /// offered.
    #[arg(long, env = "BANSHI_SMS_WEBHOOK")]
    pub sms_webhook: Option<String>,
    /// The portal's public address, for the tracking link in notifications (default: the
    /// listening address).
    #[arg(long, env = "BANSHI_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Seconds before a failed notification is tried again; the wait doubles with each
    /// failure, up to an hour.
    #[arg(long, env = "BANSHI_NOTIFY_RETRY_SECONDS", default_value_t = 30.0)]
    pub notify_retry_seconds: f64,
    /// Seconds one delivery attempt may take before it counts as failed.
    #[arg(long, env = "BANSHI_NOTIFY_TIMEOUT_SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    pub notify_timeout_seconds: u64,
    /// Queue numbers one phone may take per hour (3 of them at once).
    #[arg(long, env = "BANSHI_NUMBERS_PER_PHONE_HOUR", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub numbers_per_phone_hour: u32,
    /// Queue numbers one enrolled kiosk may issue per hour (60 of them at once).
    #[arg(long, env = "BANSHI_NUMBERS_PER_KIOSK_HOUR", default_value_t = 1_200,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub numbers_per_kiosk_hour: u32,
    /// Minutes in which a missed queue number (过号) may come back.
    #[arg(long, env = "BANSHI_MISSED_GRACE_MINUTES", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(0..=480))]
    pub missed_grace_minutes: u64,
    /// Minutes before a booked slot starts that its check-in opens.
    #[arg(long, env = "BANSHI_CHECK_IN_BEFORE_MINUTES", default_value_t = 15,
          value_parser = clap::value_parser!(u32).range(0..=240))]
    pub check_in_before_minutes: u32,
    /// Minutes after a booked slot starts that a check-in is still served before walk-ins
    /// (later, it joins the walk-in queue).
    #[arg(long, env = "BANSHI_CHECK_IN_AFTER_MINUTES", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(0..=240))]
    pub check_in_after_minutes: u32,
    /// Minutes before a booked slot starts that it can still be cancelled.
    #[arg(long, env = "BANSHI_CANCEL_BEFORE_MINUTES", default_value_t = 120,
          value_parser = clap::value_parser!(u32).range(0..=10_080))]
    pub cancel_before_minutes: u32,
    /// Missed bookings that suspend a phone from booking (0: never).
    #[arg(long, env = "BANSHI_MISSED_BOOKINGS_LIMIT", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(0..=100))]
    pub missed_bookings_limit: u32,
    /// Days over which missed bookings are counted.
    #[arg(long, env = "BANSHI_MISSED_BOOKINGS_DAYS", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=365))]
    pub missed_bookings_days: u32,
    /// Days a suspension lasts.
    #[arg(long, env = "BANSHI_SUSPEND_DAYS", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=365))]
    pub suspend_days: u32,
    /// Start the server's clock at this instant (RFC 3339) and run it on from there, for
    /// demonstrations and tests of a given hour. Never in production.
    #[arg(long, env = "BANSHI_PRETEND_NOW")]
    pub pretend_now: Option<String>,
}

impl ServeArgs {
    /// The server's settings.
    pub fn config(self) -> Config {
        let mut config = Config::for_database(self.database.database);
        config.listen = self.listen;
        config.dist = self
            .dist
            .or_else(|| Some(PathBuf::from("dist")).filter(|d| d.join("index.html").is_file()));
        config.lookup_burst = self.lookup_burst;
        config.lookups_per_minute = self.lookups_per_minute;
        config.trust_forwarded_for = self.trust_forwarded_for;
        config.staff_idle = Duration::from_secs(u64::from(self.staff_idle_minutes) * 60);
        config.secure_cookies = self.secure_cookies;
        config.numbers_per_phone = (3, self.numbers_per_phone_hour);
        config.numbers_per_kiosk = (60, self.numbers_per_kiosk_hour);
        config.missed_grace = Duration::from_secs(self.missed_grace_minutes * 60);
        config.demo = self.demo;
        config.appointments = AppointmentRules {
            check_in_before: self.check_in_before_minutes,
            check_in_after: self.check_in_after_minutes,
            cancel_before: self.cancel_before_minutes,
            missed_limit: self.missed_bookings_limit,
            missed_days: self.missed_bookings_days,
            suspend_days: self.suspend_days,
        };
        config.holidays = self.holidays;
        config.rework_days = self.rework_days;
        config.notify = NotifyConfig {
            smtp_url: self.smtp_url,
            mail_from: self.mail_from,
            sms_webhook: self.sms_webhook,
            public_url: self
                .public_url
                .map(|url| url.trim_end_matches('/').to_owned()),
            retry_base: Duration::from_secs_f64(self.notify_retry_seconds.clamp(0.01, 3600.0)),
            attempt_timeout: Duration::from_secs(self.notify_timeout_seconds),
            ..NotifyConfig::default()
        };
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("portal-server").chain(args.iter().copied()))
    }

    #[test]
    fn serve_is_the_default_and_takes_the_same_flags() {
        let bare = parse(&["--listen", "0.0.0.0:9000", "--demo"]).expect("parses");
        assert!(bare.command.is_none());
        let config = bare.serve.config();
        assert_eq!(config.listen.port(), 9000);
        assert!(config.demo);
        let Some(Command::Serve(named)) = parse(&["serve", "--staff-idle-minutes", "5"])
            .expect("parses")
            .command
        else {
            panic!("serve parses as serve");
        };
        assert_eq!(named.config().staff_idle, Duration::from_secs(300));
    }

    #[test]
    fn staff_commands_need_a_role_and_reject_unknown_ones() {
        let cli = parse(&[
            "staff",
            "add",
            "li.officer",
            "--role",
            "officer",
            "--category",
            "tax",
        ])
        .expect("parses");
        let Some(Command::Staff {
            command:
                StaffCommand::Add {
                    name,
                    role,
                    categories,
                    ..
                },
        }) = cli.command
        else {
            panic!("staff add parses");
        };
        assert_eq!(
            (name.as_str(), StaffRole::from(role)),
            ("li.officer", StaffRole::Officer)
        );
        assert_eq!(categories, ["tax"]);
        assert!(
            parse(&["staff", "add", "x1"]).is_err(),
            "--role is required"
        );
        assert!(parse(&["staff", "add", "x1", "--role", "admin"]).is_err());
        assert!(parse(&["--staff-idle-minutes", "0"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
    }
}
