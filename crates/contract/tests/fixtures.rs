//! Every example in `docs/contract.md` is also a fixture here: each must read into its contract
//! type and write back to the same JSON, so the documentation cannot drift from the types.

use std::path::Path;

use banshi_contract::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn round_trip<T: Serialize + DeserializeOwned>(name: &str) -> T {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let original: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
    let typed: T = serde_json::from_value(original.clone())
        .unwrap_or_else(|e| panic!("{name} does not fit its type: {e}"));
    let written = serde_json::to_value(&typed).expect("serialises");
    assert_eq!(written, original, "{name} changes on a round trip");
    typed
}

#[test]
fn catalogue_examples_round_trip() {
    let meta: Meta = round_trip("meta.json");
    assert_eq!(meta.contract_version, CONTRACT_VERSION);
    round_trip::<Vec<Category>>("categories.json");
    round_trip::<Vec<ServiceSummary>>("services.json");
    let service: Service = round_trip("service.json");
    assert!(
        service
            .fields
            .iter()
            .any(|f| f.datatype == Datatype::Singlevaluelist)
    );
    round_trip::<Vec<TutorialSummary>>("tutorials.json");
    round_trip::<Tutorial>("tutorial.json");
}

#[test]
fn request_and_ticket_examples_round_trip() {
    let request: RequestSubmission = round_trip("request.json");
    assert!(
        request
            .answers
            .values()
            .any(|a| matches!(a, Answer::List(_)))
    );
    assert!(
        request
            .answers
            .values()
            .any(|a| matches!(a, Answer::Bool(_)))
    );
    assert!(
        request
            .answers
            .values()
            .any(|a| matches!(a, Answer::Number(_)))
    );
    let service: Service = round_trip("service.json");
    assert_eq!(request.service_code, service.summary.service_code);
    assert_eq!(
        validate::validate_answers(&service.fields, &request.answers),
        [],
        "the documented request is a valid answer to the documented form"
    );
    let receipt: Receipt = round_trip("receipt.json");
    assert_eq!(receipt.status, TicketStatus::Received);
    let ticket: Ticket = round_trip("ticket.json");
    assert_eq!(ticket.open311_status, ticket.status.open311());
    round_trip::<RatingSubmission>("rating.json");
    let send_back: SendBack = round_trip("send-back.json");
    assert!((1..=SendBack::MAX_REASON).contains(&send_back.reason.chars().count()));
    assert!(
        ticket
            .send_backs_left
            .is_some_and(|left| left <= SendBack::MAX)
    );
    assert!(ticket.send_back_until.as_deref() > Some(ticket.updated_at.as_str()));
    let withdrawal: Withdrawal = round_trip("withdrawal.json");
    assert!((1..=Withdrawal::MAX_REASON).contains(&withdrawal.reason.chars().count()));
}

#[test]
fn appointment_examples_round_trip() {
    let days: SlotDays = round_trip("slot-days.json");
    assert!(days.days[0].slots.iter().all(|s| s.left <= s.capacity));
    assert!(
        days.days[0]
            .slots
            .iter()
            .filter(|s| s.closed)
            .all(|s| s.left == 0)
    );
    round_trip::<PhoneCodeRequest>("phone-code-request.json");
    round_trip::<PhoneCodeSent>("phone-code-sent.json");
    let asked: NewBooking = round_trip("new-booking.json");
    let booking: Booking = round_trip("booking.json");
    assert_eq!(
        (&booking.date, &booking.starts),
        (&asked.date, &asked.starts)
    );
    assert!(
        booking.token.is_some(),
        "the token comes with the booking, once"
    );
    assert!(booking.check_in_from < booking.check_in_until);
    let checked_in: Booking = round_trip("booking-checked-in.json");
    assert_eq!(
        (checked_in.state, checked_in.token.is_none()),
        (BookingState::CheckedIn, true)
    );
    round_trip::<AppealSubmission>("appeal-submission.json");
    let appeals: Vec<BookingAppeal> = round_trip("booking-appeals.json");
    assert_eq!(appeals[0].outcome, AppealOutcome::Pending);
    round_trip::<AppealDecision>("appeal-decision.json");
    round_trip::<SlotClosure>("slot-closure.json");
    round_trip::<ClosedSlot>("closed-slot.json");
}

#[test]
fn module_staff_and_error_examples_round_trip() {
    round_trip::<Vec<Hall>>("halls.json");
    let busy: BusyHours = round_trip("busy-hours.json");
    let today = busy
        .days
        .iter()
        .find(|d| Some(d.weekday) == busy.today)
        .expect("today is one of the days");
    // At 10:15 the 9 o'clock hour is over: the quietest left is 11:00–12:00.
    let now_hour: u8 = busy.updated_at[11..13].parse().expect("an hour");
    let quietest = today
        .hours
        .iter()
        .filter(|h| h.hour >= now_hour)
        .min_by_key(|h| h.numbers)
        .map(|h| h.hour);
    assert_eq!(quietest, busy.quietest_today);
    let issued: QueueNumber = round_trip("queue-number.json");
    assert!(
        issued.token.is_some(),
        "the token comes with the number, once"
    );
    let called: QueueNumber = round_trip("queue-number-called.json");
    assert_eq!(
        (called.state, called.window, called.token),
        (QueueNumberState::Called, Some(3), None)
    );
    let call: CallNext = round_trip("call-next.json");
    assert_eq!(call.lines, ["A", "D"]);
    let action: ClerkAction = round_trip("clerk-action.json");
    assert!(action.applies_to(QueueNumberState::Serving));
    assert_eq!(action.next_state(), QueueNumberState::Transferred);
    let rated: QueueNumber = round_trip("queue-number-rated.json");
    assert_eq!(
        (rated.state, rated.rating),
        (QueueNumberState::Served, Some(5))
    );
    let pause: WindowPause = round_trip("window-pause.json");
    assert!(pause.paused);
    let taken: TakeNumber = round_trip("take-number.json");
    assert!(taken.phone.is_some());
    round_trip::<StatusChange>("status-change.json");
    let asked: StatusChange = round_trip("status-change-needs-info.json");
    assert_eq!(asked.status, TicketStatus::NeedsInfo);
    assert!((1..=StatusChange::MAX_MISSING).contains(&asked.missing.len()));
    round_trip::<InboxPage>("staff-tickets.json");
    let problem: Problem = round_trip("problem.json");
    assert_eq!(problem.status, problem.code.http_status());
    assert!(problem.errors.len() >= 2);
}

#[test]
fn staff_module_examples_round_trip() {
    use banshi_contract::staff::{
        MIN_PASSWORD, account_name_error, label_error, new_password_error,
    };

    let sign_in: SignIn = round_trip("sign-in.json");
    assert_eq!(account_name_error(&sign_in.name), None);
    let session: StaffSession = round_trip("staff-session.json");
    assert_eq!(session.account.name, sign_in.name);
    assert!(!session.account.must_change_password && !session.account.disabled);
    assert_eq!(session.account.role, StaffRole::Officer);
    assert!(!session.account.categories.is_empty());
    assert!(!session.csrf_token.is_empty());

    let accounts: Vec<StaffAccount> = round_trip("staff-accounts.json");
    assert!(
        accounts.windows(2).all(|w| w[0].name < w[1].name),
        "accounts are listed by name"
    );
    assert!(accounts.iter().any(|a| a.name == session.account.name));
    for account in &accounts {
        assert_eq!(account_name_error(&account.name), None, "{}", account.name);
        assert_eq!(label_error(&account.display_name), None);
        assert_eq!(
            account.categories.is_empty(),
            account.role != StaffRole::Officer,
            "only officers have categories"
        );
    }
    for role in StaffRole::ALL {
        assert!(accounts.iter().any(|a| a.role == role), "{role:?}");
    }

    let new: NewAccount = round_trip("new-account.json");
    assert_eq!(account_name_error(&new.name), None);
    assert_eq!(label_error(&new.display_name), None);
    let created: OneTimePassword = round_trip("one-time-password.json");
    assert_eq!(
        (&created.account.name, &created.account.display_name),
        (&new.name, &new.display_name)
    );
    assert_eq!(created.account.categories, new.categories);
    assert!(created.account.must_change_password);
    assert_eq!(created.account.last_sign_in_at, None);

    let change: PasswordChange = round_trip("password-change.json");
    assert_eq!(change.current_password, created.one_time_password);
    assert_eq!(
        new_password_error(
            &created.account.name,
            &change.current_password,
            &change.new_password
        ),
        None,
        "the documented new password is accepted"
    );
    assert!(change.new_password.chars().count() >= MIN_PASSWORD);

    let account_change: AccountChange = round_trip("account-change.json");
    assert!(account_change.role.is_some() && account_change.disabled.is_none());

    let tokens: Vec<ApiToken> = round_trip("api-tokens.json");
    assert!(tokens.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    assert!(tokens.iter().any(|t| t.revoked_at.is_some()));
    assert!(tokens.iter().any(|t| t.revoked_at.is_none()));

    let audit: Vec<AuditEntry> = round_trip("audit-entries.json");
    assert!(
        audit
            .windows(2)
            .all(|w| w[0].id > w[1].id && w[0].at > w[1].at),
        "newest first"
    );
    assert!(audit.iter().all(|e| e.action != AuditAction::Unknown));
    assert!(
        audit
            .iter()
            .any(|e| e.action == AuditAction::KioskEnrolled && e.actor.is_none()),
        "a device has no actor"
    );

    let asked: NewKioskEnrolment = round_trip("new-kiosk-enrolment.json");
    let enrolment: KioskEnrolment = round_trip("kiosk-enrolment.json");
    assert_eq!(
        (&enrolment.hall_id, &enrolment.label),
        (&asked.hall_id, &asked.label)
    );
    let halls: Vec<Hall> = round_trip("halls.json");
    assert!(halls.iter().any(|h| h.id == asked.hall_id));
    let enrol: KioskEnrol = round_trip("kiosk-enrol.json");
    assert_eq!(enrol.code, enrolment.code);
    let enrolled: EnrolledKiosk = round_trip("enrolled-kiosk.json");
    assert!(enrolled.device_token.starts_with("bsk_"));
    assert_eq!(enrolled.kiosk.label, enrolment.label);
    assert_eq!(enrolled.kiosk.revoked_at, None);
    let kiosks: Vec<Kiosk> = round_trip("kiosks.json");
    assert_eq!(kiosks.first(), Some(&enrolled.kiosk), "newest first");
    assert!(kiosks.iter().any(|k| k.revoked_at.is_some()));
}

#[test]
fn case_examples_round_trip() {
    let case: StaffCase = round_trip("staff-case.json");
    let asked: StatusChange = round_trip("status-change-needs-info.json");
    let last = case.events.last().expect("events");
    assert_eq!(
        (last.status, &last.missing, &last.note),
        (asked.status, &asked.missing, &asked.note),
        "the case shows the documented request for information"
    );
    assert_eq!(case.summary.status, asked.status);
    assert!(case.version > asked.version.expect("a version"));
    assert!(
        case.moves
            .iter()
            .all(|m| case.summary.status.can_move_to(*m)),
        "only moves the life cycle allows"
    );
    assert!(
        case.templates
            .iter()
            .all(|t| case.moves.contains(&t.status))
    );
    assert!(
        case.events
            .iter()
            .any(|e| e.kind == CaseEventKind::InternalNote),
        "internal notes are shown to staff"
    );
    let note: CaseNote = round_trip("case-note.json");
    assert!(!note.public);
    let assignment: Assignment = round_trip("assignment.json");
    assert!(
        case.assignable
            .iter()
            .any(|a| Some(&a.name) == assignment.assignee.as_ref())
    );
    let reissue: AccessCodeReissue = round_trip("access-code-reissue.json");
    assert!(reissue.identity_checked);
    let code: NewAccessCode = round_trip("new-access-code.json");
    assert_eq!(code.ticket, case.summary.ticket);
    let demonstration: Demonstration = round_trip("demonstration.json");
    assert!(
        (1..=Demonstration::MAX_INTERVAL).contains(&demonstration.interval_seconds.unwrap_or(0))
    );
    round_trip::<DemoReset>("demo-reset.json");
    let reply: InfoReply = round_trip("info-reply.json");
    assert_eq!(
        reply.answers.len(),
        asked.missing.len(),
        "one answer per item asked for"
    );
}

#[test]
fn assist_examples_round_trip() {
    let services: Vec<ServiceSummary> = round_trip("services.json");
    assert!(services.iter().any(|s| s.kind == ServiceKind::Complaint));
    let filed: RequestSubmission = round_trip("request-by-agent.json");
    let agent = filed.agent.expect("an agent");
    assert!(agent.problems().is_empty(), "the documented agent is valid");
    let case: StaffCase = round_trip("staff-case.json");
    assert!(case.summary.by_agent);
    assert_eq!(case.agent.as_ref(), Some(&agent));
    let page: InboxPage = round_trip("staff-tickets.json");
    assert!(
        page.tickets
            .iter()
            .any(|t| t.kind == ServiceKind::Complaint)
    );
    let helpers: Vec<Helper> = round_trip("helpers.json");
    let record: HelperRecord = round_trip("helper-record.json");
    assert!(record.name.chars().count() <= HelperRecord::MAX_NAME);
    let confirmation: HelpConfirmation = round_trip("help-confirmation.json");
    assert!(
        helpers
            .iter()
            .any(|h| h.id == confirmation.helper && h.active),
        "help is confirmed with an active helper"
    );
    let ticket: Ticket = round_trip("ticket-help.json");
    assert_eq!(ticket.kind, ServiceKind::Assistance);
    let help = ticket.help.expect("confirmed help");
    assert_eq!(help.at, confirmation.at);
    assert!(helpers.iter().any(|h| h.name == help.helper));
    assert_eq!(
        ticket.history.last().and_then(|h| h.help.as_ref()),
        Some(&help),
        "the history shows the confirmation"
    );
}

#[test]
fn unknown_error_codes_from_newer_backends_are_tolerated() {
    let problem: Problem = serde_json::from_str(
        r#"{"type":"about:blank","title":"x","status":418,"code":"teapot","errors":[{"field":"f","code":"too_blue","message":"m"}]}"#,
    )
    .expect("reads");
    assert_eq!(problem.code, ErrorCode::Unknown);
    assert_eq!(problem.errors[0].code, FieldErrorCode::Unknown);
}

#[test]
fn docs_examples_equal_the_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let docs = std::fs::read_to_string(root.join("docs/contract.md")).expect("docs/contract.md");
    let mut documented = Vec::new();
    let mut rest = docs.as_str();
    while let Some(start) = rest.find("```json fixture=") {
        let after = &rest[start + "```json fixture=".len()..];
        let (name, body) = after.split_once('\n').expect("a fence line");
        let end = body.find("\n```").expect("a closing fence");
        let example: Value = serde_json::from_str(&body[..end])
            .unwrap_or_else(|e| panic!("the {name} example in the docs is not JSON: {e}"));
        let fixture: Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("crates/contract/tests/fixtures").join(name))
                .unwrap_or_else(|e| panic!("{name}: {e}")),
        )
        .expect("fixture is JSON");
        assert_eq!(
            example, fixture,
            "docs/contract.md shows a different {name}"
        );
        documented.push(name.to_owned());
        rest = &body[end..];
    }
    let mut fixtures: Vec<String> = std::fs::read_dir(root.join("crates/contract/tests/fixtures"))
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    fixtures.sort();
    documented.sort();
    assert_eq!(documented, fixtures, "every fixture is documented once");
}

#[test]
fn closing_the_loop_examples_round_trip() {
    let ticket: Ticket = round_trip("ticket-rework.json");
    let rework = ticket.rework.expect("rework");
    assert_eq!(rework.stage, ReworkStage::CallBack);
    assert!(rework.can_rate);
    assert_eq!(
        ticket.status,
        TicketStatus::Completed,
        "a bad rating keeps the status"
    );
    assert_eq!(ticket.notify, Some(NotifyChannel::Email));
    let step: ReworkStep = round_trip("rework-step.json");
    assert!(step.problems().is_empty());
    let ruling: RatingRuling = round_trip("rating-ruling.json");
    assert!(ruling.problems().is_empty());
    let ledger: BadRatingLedger = round_trip("bad-ratings.json");
    assert!(ledger.items[0].rework.overdue);
    assert!(ledger.items[1].ruling.is_some());
    let messages: Vec<OutboundMessage> = round_trip("outbound-messages.json");
    assert_eq!(messages[1].state, DeliveryState::Pending);
    let meta: Meta = round_trip("meta.json");
    assert_eq!(meta.notifications, [NotifyChannel::Email]);
    let request: RequestSubmission = round_trip("request.json");
    assert_eq!(request.notify, Some(NotifyChannel::Email));
}

#[test]
fn statistics_examples_round_trip_and_add_up() {
    let public: Stats = round_trip("stats.json");
    assert!(public.services.is_empty() && public.officers.is_empty());
    let filed: u64 = public.months.iter().map(|m| m.filed).sum();
    assert_eq!(
        filed, public.overall.filed,
        "the months add up to the period"
    );
    for month in &public.months {
        assert_eq!(month.by_category.len(), public.categories.len());
        assert_eq!(month.by_category.iter().sum::<u64>(), month.filed);
    }
    let by_category: u64 = public.categories.iter().map(|c| c.figures.filed).sum();
    assert_eq!(by_category, public.overall.filed);
    let on_time = public.overall.on_time.percent().expect("tickets finished");
    assert!((on_time - 95.17).abs() < 0.01, "{on_time}");
    for hall in &public.halls {
        let taken: u64 = hall.lines.iter().map(|l| l.figures.taken).sum();
        let called: u64 = hall.lines.iter().map(|l| l.figures.called).sum();
        assert_eq!((taken, called), (hall.overall.taken, hall.overall.called));
        assert!(hall.windows.is_empty(), "windows are for staff");
    }
    let staff: Stats = round_trip("staff-stats.json");
    assert_eq!(staff.officers.last().map(|o| o.code.as_str()), Some(""));
    assert!(!staff.services.is_empty());
}
