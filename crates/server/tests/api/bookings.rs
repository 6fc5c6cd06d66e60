//! Appointments (预约): slots with places left, the SMS code, the last place of a slot taken
//! by many at once, check-in before walk-ins, SMS at three ahead and at the call, missed
//! bookings suspending a phone and the appeal that lifts it, and staff closing a slot.

use axum::http::StatusCode;
use banshi_contract::{
    Booking, BookingAppeal, BookingState, ErrorCode, FieldErrorCode, PhoneCodeSent, QueueNumber,
    SlotDays, StaffRole,
};
use portal_server::clock;
use serde_json::{Value, json};

use crate::support::{Reply, SmsGateway, TestApp};

/// An app with an SMS gateway configured that never answers (nothing delivers here: codes are
/// read from the outbox).
async fn app() -> TestApp {
    TestApp::with(|config| config.notify.sms_webhook = Some("http://127.0.0.1:9/sms".into())).await
}

async fn slots_of(app: &TestApp, line: &str) -> SlotDays {
    let reply = app
        .get(&format!("/api/v1/halls/main/lines/{line}/slots"))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    serde_json::from_slice(&reply.body).expect("slots")
}

async fn ask_code(app: &TestApp, phone: &str) -> Reply {
    app.post("/api/v1/halls/main/phone-codes")
        .json(&json!({ "phone": phone }))
        .send()
        .await
}

/// A code sent to `phone`, read from the outbox.
async fn code_for(app: &TestApp, phone: &str) -> String {
    let sent = ask_code(app, phone).await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.text());
    app.queued_code(phone)
}

async fn book(
    app: &TestApp,
    line: &str,
    date: &str,
    starts: &str,
    phone: &str,
    code: &str,
) -> Reply {
    app.post("/api/v1/halls/main/bookings")
        .json(
            &json!({ "line": line, "date": date, "starts": starts, "phone": phone, "code": code }),
        )
        .send()
        .await
}

fn booked(reply: &Reply) -> Booking {
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    serde_json::from_slice(&reply.body).expect("booking")
}

/// Books the first slot of the first bookable day of `line` for `phone`.
async fn book_first(app: &TestApp, line: &str, phone: &str) -> Booking {
    let days = slots_of(app, line).await;
    let (date, starts) = (&days.days[0].date, &days.days[0].slots[0].starts);
    let code = code_for(app, phone).await;
    booked(&book(app, line, date, starts, phone, &code).await)
}

/// Moves booking `reference` to today, starting `minutes` from now (as if its day came).
fn arrive(app: &TestApp, reference: &str, minutes: i64) {
    let start = clock::now() + chrono::Duration::minutes(minutes);
    app.poke(
        "UPDATE bookings SET day = ?2, slot_at = ?3 WHERE reference = ?1",
        (
            reference,
            start.format("%Y%m%d").to_string(),
            clock::rfc3339(start),
        ),
    );
}

async fn check_in(app: &TestApp, booking: &Booking) -> Reply {
    app.post(&format!(
        "/api/v1/halls/main/bookings/{}/check-in",
        booking.reference
    ))
    .header("x-queue-token", booking.token.as_deref().expect("token"))
    .send()
    .await
}

async fn take(app: &TestApp, line: &str, phone: &str) -> QueueNumber {
    let reply = app
        .post(&format!("/api/v1/halls/main/lines/{line}/numbers"))
        .json(&json!({ "phone": phone }))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    serde_json::from_slice(&reply.body).expect("number")
}

async fn call(app: &TestApp, window: u32) -> QueueNumber {
    let reply = app
        .post(&format!("/api/v1/staff/halls/main/windows/{window}/call"))
        .bearer(&app.staff_token)
        .json(&json!({}))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    serde_json::from_slice(&reply.body).expect("number")
}

#[tokio::test]
async fn a_citizen_books_a_slot_with_the_code_the_gateway_delivered_and_may_cancel_it() {
    let gateway = SmsGateway::start().await;
    let app = TestApp::with(|config| config.notify.sms_webhook = Some(gateway.url.clone())).await;
    app.deliver();
    let days = slots_of(&app, "B").await;
    assert_eq!(days.days.len(), 5, "five open days ahead");
    let today = clock::now().format("%Y-%m-%d").to_string();
    assert!(days.days.iter().all(|d| d.date > today), "never today");
    let first = &days.days[0];
    assert!(first.slots.iter().all(|s| s.capacity == 4 && s.left == 4));
    let phone = "13800001111";
    let sent: PhoneCodeSent =
        serde_json::from_slice(&ask_code(&app, phone).await.body).expect("sent");
    assert!(sent.expires_at > clock::rfc3339(clock::now()));
    let texts = gateway.wait_for(phone, "验证码").await;
    let code: String = texts[0]
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect();
    assert_eq!(code.len(), 6, "{texts:?}");
    let sent_code = code.clone();
    let again = ask_code(&app, phone).await;
    assert_eq!(
        again.problem_code(),
        Some(ErrorCode::RateLimited),
        "one code a minute"
    );
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = book(&app, "B", &first.date, "10:00", phone, wrong)
        .await
        .problem();
    assert_eq!(refused.errors[0].field, "code");
    assert_eq!(refused.errors[0].code, FieldErrorCode::Incorrect);
    assert!(
        refused.errors[0].message.contains("还可以再试 4 次"),
        "{:?}",
        refused.errors
    );
    let booking = booked(&book(&app, "B", &first.date, "10:00", phone, &code).await);
    assert_eq!(
        (
            booking.state,
            booking.phone_ending.as_str(),
            booking.starts.as_str(),
            booking.ends.as_str()
        ),
        (BookingState::Booked, "1111", "10:00", "11:00")
    );
    let left = |days: &SlotDays| {
        days.days[0]
            .slots
            .iter()
            .find(|s| s.starts == "10:00")
            .map(|s| s.left)
    };
    assert_eq!(left(&slots_of(&app, "B").await), Some(3));
    // The code is used up; a second booking the same day is refused even with a new code.
    assert_eq!(
        book(&app, "B", &first.date, "11:00", phone, &code)
            .await
            .problem()
            .errors[0]
            .code,
        FieldErrorCode::Expired
    );
    app.poke("DELETE FROM phone_codes", ());
    let code = code_for(&app, phone).await;
    let twice = book(&app, "A", &first.date, "11:00", phone, &code).await;
    assert_eq!(twice.problem_code(), Some(ErrorCode::AlreadyBooked));
    // Its holder reads it with the token; anyone else gets 404.
    let path = format!("/api/v1/halls/main/bookings/{}", booking.reference);
    let token = booking.token.clone().expect("token");
    let read = app.get(&path).header("x-queue-token", &token).send().await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json()["token"], Value::Null, "the token is given once");
    let guessed = app.get(&path).header("x-queue-token", "WRONG").send().await;
    assert_eq!(guessed.status, StatusCode::NOT_FOUND);
    let cancelled = app
        .post(&format!("{path}/cancellation"))
        .header("x-queue-token", &token)
        .send()
        .await;
    assert_eq!(cancelled.json()["state"], json!("cancelled"));
    assert_eq!(
        left(&slots_of(&app, "B").await),
        Some(4),
        "the place is free again"
    );
    // The code never appears in what the outbox keeps once it is sent.
    let conn = rusqlite::Connection::open(&app.state.config.database).expect("opens");
    let kept: String = conn
        .query_row(
            "SELECT facts FROM outbox WHERE kind = 'phone_code' AND sent_at IS NOT NULL
             ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("the sent code's row");
    assert!(!kept.contains(&sent_code), "{kept}");
}

#[tokio::test]
async fn many_booking_the_last_places_of_a_slot_at_once_get_exactly_its_capacity() {
    let app = app().await;
    let days = slots_of(&app, "C").await;
    let date = days.days[1].date.clone();
    assert_eq!(days.days[1].slots[0].capacity, 3);
    let phones: Vec<String> = (0..12).map(|n| format!("1390000{n:04}")).collect();
    let mut codes = Vec::new();
    for phone in &phones {
        codes.push(code_for(&app, phone).await);
    }
    let tries = phones.iter().zip(&codes).map(|(phone, code)| {
        let date = date.clone();
        let app = &app;
        async move { book(app, "C", &date, "09:00", phone, code).await }
    });
    let replies = futures_util::future::join_all(tries).await;
    let won = replies
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    let full = replies
        .iter()
        .filter(|r| r.problem_code() == Some(ErrorCode::SlotFull))
        .count();
    assert_eq!((won, full), (3, 9), "exactly the capacity");
    let after = slots_of(&app, "C").await;
    assert_eq!(after.days[1].slots[0].left, 0);
}

#[tokio::test]
async fn a_code_is_used_up_after_five_wrong_tries() {
    let app = app().await;
    let days = slots_of(&app, "A").await;
    let date = days.days[0].date.clone();
    let phone = "13700002222";
    let code = code_for(&app, phone).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let mut lefts = Vec::new();
    for _ in 0..5 {
        let refused = book(&app, "A", &date, "09:00", phone, wrong)
            .await
            .problem();
        lefts.push((refused.errors[0].code, refused.errors[0].message.clone()));
    }
    assert!(lefts[3].1.contains("还可以再试 1 次"), "{lefts:?}");
    assert_eq!(lefts[4].0, FieldErrorCode::Expired, "{lefts:?}");
    let late = book(&app, "A", &date, "09:00", phone, &code)
        .await
        .problem();
    assert_eq!(
        late.errors[0].code,
        FieldErrorCode::Expired,
        "the right code is too late"
    );
    // A phone gets five codes a day, a minute apart at least.
    for sent in 2..=5 {
        app.poke(
            "UPDATE phone_codes SET sent_at = '2000-01-01T00:00:00+08:00'",
            (),
        );
        assert_eq!(
            ask_code(&app, phone).await.status,
            StatusCode::ACCEPTED,
            "code {sent}"
        );
    }
    app.poke(
        "UPDATE phone_codes SET sent_at = '2000-01-01T00:00:00+08:00'",
        (),
    );
    let sixth = ask_code(&app, phone).await;
    assert_eq!(sixth.problem_code(), Some(ErrorCode::RateLimited));
    assert!(sixth.header("retry-after").parse::<u64>().expect("seconds") > 3600);
    let malformed = book(&app, "Z", "2020-01-01", "03:00", "123", "abc")
        .await
        .problem();
    let fields: Vec<&str> = malformed.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["line", "date", "phone", "code"]);
}

#[tokio::test]
async fn a_booking_checked_in_on_time_goes_before_earlier_walk_ins_and_sms_tell_three_ahead_and_the_call()
 {
    let gateway = SmsGateway::start().await;
    let app = TestApp::with(|config| config.notify.sms_webhook = Some(gateway.url.clone())).await;
    app.deliver();
    let walk_ins: Vec<String> = (1..=5).map(|n| format!("1360000000{n}")).collect();
    let mut numbers = Vec::new();
    for phone in &walk_ins {
        numbers.push(take(&app, "B", phone).await);
    }
    let booking = book_first(&app, "B", "13500009999").await;
    // Not yet: check-in opens 15 minutes before the slot.
    arrive(&app, &booking.reference, 30);
    assert_eq!(
        check_in(&app, &booking).await.problem_code(),
        Some(ErrorCode::CheckInNotAllowed)
    );
    arrive(&app, &booking.reference, 5);
    let reply = check_in(&app, &booking).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let mine: QueueNumber = serde_json::from_slice(&reply.body).expect("number");
    assert!(mine.booked);
    assert_eq!(mine.ahead, 0, "before the five who came earlier");
    // A second tap answers the same number.
    let again: QueueNumber =
        serde_json::from_slice(&check_in(&app, &booking).await.body).expect("number");
    assert_eq!(again.number, mine.number);
    // Its holder follows it with the booking's token.
    let token = booking.token.clone().expect("token");
    let followed = app
        .get(&format!("/api/v1/halls/main/numbers/{}", mine.number))
        .header("x-queue-token", &token)
        .send()
        .await;
    assert_eq!(followed.status, StatusCode::OK);
    let called = call(&app, 4).await;
    assert_eq!(called.number, mine.number, "the booking is called first");
    gateway
        .wait_for(
            "13500009999",
            &format!("请 {} 号到 4 号窗口办理", mine.number),
        )
        .await;
    // The fifth walk-in had four ahead when it came, five once the booking checked in; it
    // is told once, when three are ahead.
    let first_walk_in = call(&app, 4).await;
    assert_eq!(first_walk_in.number, numbers[0].number);
    let texts = gateway.wait_for(&walk_ins[4], "前面还有 3 人").await;
    assert_eq!(texts.len(), 1, "told once: {texts:?}");
    gateway.wait_for(&walk_ins[0], "号窗口办理").await;
    assert!(
        gateway.texts_to(&walk_ins[1]).is_empty(),
        "a number with few ahead when taken is not told three ahead"
    );
    let read: Booking = serde_json::from_slice(
        &app.get(&format!(
            "/api/v1/halls/main/bookings/{}",
            booking.reference
        ))
        .header("x-queue-token", &token)
        .send()
        .await
        .body,
    )
    .expect("booking");
    assert_eq!(
        (read.state, read.number),
        (BookingState::CheckedIn, Some(mine.number))
    );
}

#[tokio::test]
async fn a_late_arrival_joins_the_walk_ins_and_a_kiosk_checks_in_a_typed_code() {
    let app = app().await;
    take(&app, "A", "13600001234").await;
    let late = book_first(&app, "A", "13500001111").await;
    arrive(&app, &late.reference, -20);
    let number: QueueNumber =
        serde_json::from_slice(&check_in(&app, &late).await.body).expect("number");
    assert!(!number.booked);
    assert_eq!(number.ahead, 1, "behind the walk-in");
    // At an enrolled kiosk the code alone is enough; without the kiosk's token it is not.
    let boss = app.signed_in("nina", StaffRole::Supervisor, &[]).await;
    let link = app
        .post("/api/v1/staff/kiosk-enrolments")
        .session(&boss)
        .json(&json!({ "hall_id": "main", "label": "入口" }))
        .send()
        .await
        .json();
    let device = app
        .post("/api/v1/kiosks")
        .json(&json!({ "code": link["code"] }))
        .send()
        .await
        .json()["device_token"]
        .as_str()
        .expect("token")
        .to_owned();
    let typed = book_first(&app, "A", "13500002222").await;
    arrive(&app, &typed.reference, 0);
    let path = format!(
        "/api/v1/halls/main/bookings/{}/check-in",
        typed.reference.to_lowercase()
    );
    assert_eq!(app.post(&path).send().await.status, StatusCode::NOT_FOUND);
    let at_kiosk = app
        .post(&path)
        .header("x-kiosk-token", &device)
        .send()
        .await;
    assert_eq!(at_kiosk.status, StatusCode::CREATED, "{}", at_kiosk.text());
    let number: QueueNumber = serde_json::from_slice(&at_kiosk.body).expect("number");
    assert!(number.booked);
    assert_eq!(number.ahead, 0);
    // A booking whose day has passed can no longer be checked in or cancelled.
    let gone = book_first(&app, "A", "13500003333").await;
    arrive(&app, &gone.reference, -24 * 60);
    assert_eq!(
        check_in(&app, &gone).await.problem_code(),
        Some(ErrorCode::CheckInNotAllowed)
    );
    let cancel = app
        .post(&format!(
            "/api/v1/halls/main/bookings/{}/cancellation",
            gone.reference
        ))
        .header("x-queue-token", gone.token.as_deref().expect("token"))
        .send()
        .await;
    assert_eq!(cancel.problem_code(), Some(ErrorCode::CancelNotAllowed));
}

#[tokio::test]
async fn three_missed_bookings_suspend_a_phone_until_a_supervisor_grants_its_appeal() {
    let app = app().await;
    let phone = "13500004444";
    for (n, days_ago) in [3, 10, 20].into_iter().enumerate() {
        let at = clock::now() - chrono::Duration::days(days_ago);
        app.poke(
            "INSERT INTO bookings (reference, hall_id, line_code, day, starts, ends, slot_at,
                                   phone, locale, token_hash, booked_at)
             VALUES (?1, 'main', 'A', ?2, '10:00', '11:00', ?3, ?4, 'zh-Hans', 'x', ?3)",
            (
                format!("MISSED{n}"),
                at.format("%Y%m%d").to_string(),
                clock::rfc3339(at),
                phone,
            ),
        );
    }
    let sent: PhoneCodeSent =
        serde_json::from_slice(&ask_code(&app, phone).await.body).expect("sent");
    assert_eq!(sent.resend_after_seconds, 60);
    assert!(
        !String::from_utf8_lossy(&ask_code(&app, "13500004445").await.body).contains("suspend"),
        "the answer says nothing of the phone to whoever asks"
    );
    let code = app.queued_code(phone);
    let days = slots_of(&app, "A").await;
    let refused = book(&app, "A", &days.days[0].date, "09:00", phone, &code).await;
    assert_eq!(refused.problem_code(), Some(ErrorCode::BookingSuspended));
    let filed = app
        .post("/api/v1/halls/main/booking-appeals")
        .json(&json!({ "phone": phone, "code": code, "reason": "住院了，没能来" }))
        .send()
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text());
    let appeal: BookingAppeal = serde_json::from_slice(&filed.body).expect("appeal");
    assert_eq!((appeal.missed, appeal.phone_ending.as_str()), (3, "4444"));
    let clerk = app.token_for("wang", StaffRole::Clerk, &[]).await;
    let denied = app
        .get("/api/v1/staff/booking-appeals")
        .bearer(&clerk)
        .send()
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let listed: Vec<BookingAppeal> = serde_json::from_slice(
        &app.get("/api/v1/staff/booking-appeals")
            .bearer(&app.staff_token)
            .send()
            .await
            .body,
    )
    .expect("appeals");
    assert_eq!(listed[0].reason, "住院了，没能来");
    let granted = app
        .post(&format!("/api/v1/staff/booking-appeals/{}", appeal.id))
        .bearer(&app.staff_token)
        .json(&json!({ "grant": true }))
        .send()
        .await;
    assert_eq!(granted.json()["outcome"], json!("granted"));
    let twice = app
        .post(&format!("/api/v1/staff/booking-appeals/{}", appeal.id))
        .bearer(&app.staff_token)
        .json(&json!({ "grant": false }))
        .send()
        .await;
    assert_eq!(twice.problem_code(), Some(ErrorCode::TransitionNotAllowed));
    assert_eq!(
        app.audit_details("appeal_decided").await,
        [format!("{} granted", appeal.id)]
    );
    app.poke("DELETE FROM phone_codes", ());
    let code = code_for(&app, phone).await;
    booked(&book(&app, "A", &days.days[0].date, "09:00", phone, &code).await);
}

#[tokio::test]
async fn staff_close_a_slot_and_everyone_booked_in_it_is_told_by_sms() {
    let gateway = SmsGateway::start().await;
    let app = TestApp::with(|config| config.notify.sms_webhook = Some(gateway.url.clone())).await;
    app.deliver();
    let first = book_first(&app, "D", "13500005555").await;
    let second = book_first(&app, "D", "13500006666").await;
    let closure = json!({ "line": "D", "date": first.date, "starts": first.starts });
    let anonymous = app
        .post("/api/v1/staff/halls/main/slot-closures")
        .json(&closure)
        .send()
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let clerk = app.token_for("wang", StaffRole::Clerk, &[]).await;
    let closed = app
        .post("/api/v1/staff/halls/main/slot-closures")
        .bearer(&clerk)
        .json(&closure)
        .send()
        .await;
    assert_eq!(closed.json()["told"], json!(2), "{}", closed.text());
    for phone in ["13500005555", "13500006666"] {
        gateway.wait_for(phone, "时段已关闭").await;
    }
    let read: Booking = serde_json::from_slice(
        &app.get(&format!("/api/v1/halls/main/bookings/{}", second.reference))
            .header("x-queue-token", second.token.as_deref().expect("token"))
            .send()
            .await
            .body,
    )
    .expect("booking");
    assert_eq!(read.state, BookingState::Closed);
    let days = slots_of(&app, "D").await;
    let slot = &days.days[0].slots[0];
    assert!(slot.closed && slot.left == 0);
    let code = code_for(&app, "13500007777").await;
    let refused = book(&app, "D", &first.date, &first.starts, "13500007777", &code).await;
    assert_eq!(refused.problem_code(), Some(ErrorCode::SlotFull));
    assert_eq!(
        app.audit_details("slot_closed").await,
        [format!("D {} {} (2)", first.date, first.starts)]
    );
}

#[tokio::test]
async fn without_an_sms_gateway_nothing_can_be_booked_except_in_demo_mode_where_codes_are_logged() {
    let bare = TestApp::new().await;
    let slots = bare.get("/api/v1/halls/main/lines/A/slots").send().await;
    assert_eq!(
        slots.status,
        StatusCode::NOT_FOUND,
        "no phone could be confirmed"
    );
    let demo = TestApp::demo_with(|config| config.demo = true).await;
    let days = slots_of(&demo, "A").await;
    let sent = ask_code(&demo, "13800002468").await;
    assert_eq!(sent.status, StatusCode::ACCEPTED);
    let conn = rusqlite::Connection::open(&demo.state.config.database).expect("opens");
    let queued: u32 = conn
        .query_row(
            "SELECT count(*) FROM outbox WHERE kind = 'phone_code'",
            [],
            |r| r.get(0),
        )
        .expect("a count");
    assert_eq!(queued, 0, "no SMS is queued that no gateway could send");
    assert_eq!(days.days.len(), 5);
    // Numbers taken with a phone are not told by SMS either.
    take(&demo, "A", "13800002469").await;
    call(&demo, 1).await;
    let told: u32 = conn
        .query_row(
            "SELECT count(*) FROM outbox WHERE subject IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("a count");
    assert_eq!(told, 0);
}
