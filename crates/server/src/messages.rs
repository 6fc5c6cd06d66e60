//! Every message the server itself writes, in the three locales: problem titles and details,
//! field error messages and history notes. Clients should choose their own wording from the
//! machine codes; these are for clients that show what the server says.

use banshi_contract::{ErrorCode, Field, FieldErrorCode, Locale, TicketStatus};

/// Picks the text for `locale` from a (Simplified, Traditional, English) triple.
fn pick(locale: Locale, [hans, hant, en]: [&str; 3]) -> &str {
    match locale {
        Locale::ZhHans => hans,
        Locale::ZhHant => hant,
        Locale::En => en,
    }
}

/// Short summary of a problem type.
pub fn title(code: ErrorCode, locale: Locale) -> &'static str {
    use ErrorCode::*;
    pick(
        locale,
        match code {
            MalformedBody => [
                "请求内容格式有误",
                "請求內容格式有誤",
                "The request body is malformed",
            ],
            BadParameter => [
                "请求参数有误",
                "請求參數有誤",
                "A request parameter is invalid",
            ],
            IdempotencyKeyMissing => [
                "缺少 Idempotency-Key 请求头",
                "缺少 Idempotency-Key 請求標頭",
                "The Idempotency-Key header is missing",
            ],
            AccessCodeRequired => ["需要查询码", "需要查詢碼", "An access code is required"],
            Unauthorized => ["未获授权", "未獲授權", "Not authorised"],
            SignInFailed => [
                "账号或密码不正确",
                "帳號或密碼不正確",
                "The name or password is not right",
            ],
            Forbidden => [
                "无权进行此操作",
                "無權進行此操作",
                "Not allowed for this role",
            ],
            CsrfTokenInvalid => [
                "请求缺少有效的防伪令牌",
                "請求缺少有效的防偽權杖",
                "The CSRF token is missing or wrong",
            ],
            PasswordChangeRequired => [
                "请先修改一次性密码",
                "請先修改一次性密碼",
                "Change the one-time password first",
            ],
            NameTaken => ["该账号名已被使用", "該帳號名已被使用", "That name is taken"],
            NotFound => ["未找到", "找不到", "Not found"],
            MethodNotAllowed => ["不支持该请求方法", "不支援該請求方法", "Method not allowed"],
            RatingNotAllowed => [
                "现在不能评价",
                "現在不能評價",
                "This ticket cannot be rated now",
            ],
            TransitionNotAllowed => [
                "不能变更为该状态",
                "不能變更為該狀態",
                "That status change is not allowed",
            ],
            QueueEmpty => ["当前无人排队", "目前無人排隊", "Nobody is waiting"],
            CaseChanged => [
                "办件已被他人更新",
                "辦件已被他人更新",
                "Someone else changed this case",
            ],
            DemonstrationRunning => [
                "演示正在进行",
                "演示正在進行",
                "A demonstration is already running",
            ],
            ReplyNotAllowed => [
                "现在无需补充",
                "現在無需補充",
                "Nothing is being asked for now",
            ],
            WithdrawalNotAllowed => [
                "该办件不能撤回",
                "該辦件不能撤回",
                "This ticket cannot be withdrawn",
            ],
            SendBackNotAllowed => [
                "该办件不能发回",
                "該辦件不能發回",
                "This ticket cannot be sent back",
            ],
            SendBackClosed => [
                "发回期限已过",
                "發回期限已過",
                "The time to send it back has passed",
            ],
            HelpNotAllowed => [
                "不能为该办件确认帮办",
                "不能為該辦件確認幫辦",
                "Help cannot be confirmed for this ticket",
            ],
            ReworkNotAllowed => [
                "整改任务不能进行这一步",
                "整改任務不能進行這一步",
                "The rework cannot take this step",
            ],
            RulingNotAllowed => [
                "不能对该评价作出复核",
                "不能對該評價作出複核",
                "This rating cannot be ruled on",
            ],
            NumberAlreadyTaken => [
                "该手机号已在本队列取号",
                "該手機號已在本隊列取號",
                "This phone already has a number in this line",
            ],
            RecallNotAllowed => [
                "现在不能再次叫这个号",
                "現在不能再次叫這個號",
                "This number cannot be called again now",
            ],
            WindowPaused => ["窗口已暂停服务", "窗口已暫停服務", "The window is paused"],
            SlotFull => ["该时段已约满", "該時段已約滿", "This slot is full"],
            AlreadyBooked => [
                "该手机号当天已有预约",
                "該手機號當天已有預約",
                "This phone has a booking that day",
            ],
            BookingSuspended => [
                "该手机号暂时不能预约",
                "該手機號暫時不能預約",
                "This phone cannot book for now",
            ],
            CancelNotAllowed => [
                "该预约不能再取消",
                "該預約不能再取消",
                "This booking can no longer be cancelled",
            ],
            CheckInNotAllowed => [
                "现在不能签到",
                "現在不能簽到",
                "This booking cannot be checked in now",
            ],
            PayloadTooLarge => [
                "请求内容过大",
                "請求內容過大",
                "The request body is too large",
            ],
            UnsupportedMediaType => [
                "请求内容类型不受支持",
                "請求內容類型不受支援",
                "Unsupported media type",
            ],
            ValidationFailed => [
                "请检查填写的内容",
                "請檢查填寫的內容",
                "Some answers need correcting",
            ],
            IdempotencyKeyReused => [
                "Idempotency-Key 已用于另一份申请",
                "Idempotency-Key 已用於另一份申請",
                "The Idempotency-Key was used for a different request",
            ],
            RateLimited => ["请求过于频繁", "請求過於頻繁", "Too many requests"],
            Internal | Unknown => [
                "服务器出错了",
                "伺服器出錯了",
                "Something went wrong on the server",
            ],
            Unavailable => [
                "服务暂时不可用",
                "服務暫時無法使用",
                "The service is temporarily unavailable",
            ],
        },
    )
}

/// Explanation of a problem occurrence, telling the reader what to do next.
pub fn detail(code: ErrorCode, locale: Locale) -> &'static str {
    use ErrorCode::*;
    pick(
        locale,
        match code {
            MalformedBody => [
                "请求内容不是所需格式的 JSON。",
                "請求內容不是所需格式的 JSON。",
                "The body is not JSON of the expected shape.",
            ],
            BadParameter => [
                "请检查地址中的参数。",
                "請檢查網址中的參數。",
                "Check the parameters in the address.",
            ],
            IdempotencyKeyMissing => [
                "提交申请时须附带唯一的 Idempotency-Key，以便安全重试。",
                "提交申請時須附帶唯一的 Idempotency-Key，以便安全重試。",
                "Send a unique Idempotency-Key with each submission so it can be retried safely.",
            ],
            AccessCodeRequired => [
                "请同时提供受理编号和查询码。",
                "請同時提供受理編號和查詢碼。",
                "Give both the reference number and the access code.",
            ],
            Unauthorized => [
                "请重新登录，或使用有效的 API 令牌。",
                "請重新登入，或使用有效的 API 權杖。",
                "Sign in again, or use a valid API token.",
            ],
            SignInFailed => [
                "请检查账号名和密码后重试；多次失败后须稍候再试。",
                "請檢查帳號名和密碼後重試；多次失敗後須稍候再試。",
                "Check the name and password and try again; after several failures, wait a while.",
            ],
            Forbidden => [
                "您的账号角色不能进行此操作，如需要请联系主管。",
                "您的帳號角色不能進行此操作，如需要請聯絡主管。",
                "Your account's role cannot do this; ask a supervisor if you need to.",
            ],
            CsrfTokenInvalid => [
                "请刷新页面后重试。",
                "請重新整理頁面後重試。",
                "Reload the page and try again.",
            ],
            PasswordChangeRequired => [
                "首次登录须设置自己的密码，之后才能继续。",
                "首次登入須設定自己的密碼，之後才能繼續。",
                "Set a password of your own before going on.",
            ],
            NameTaken => [
                "请换一个账号名。",
                "請換一個帳號名。",
                "Choose another name.",
            ],
            NotFound => [
                "请检查编号和查询码是否正确。",
                "請檢查編號和查詢碼是否正確。",
                "Check that the number and access code are right.",
            ],
            MethodNotAllowed => [
                "该地址不支持此请求方法。",
                "該網址不支援此請求方法。",
                "This address does not accept that method.",
            ],
            RatingNotAllowed => [
                "办结后才能评价，且每件只能评价一次。",
                "辦結後才能評價，且每件只能評價一次。",
                "A ticket can be rated once, after it is finished.",
            ],
            TransitionNotAllowed => [
                "办件当前状态不能直接变更为该状态。",
                "辦件目前狀態不能直接變更為該狀態。",
                "The ticket cannot move to that status from where it is.",
            ],
            QueueEmpty => [
                "该队列当前没有等候的号码。",
                "該佇列目前沒有等候的號碼。",
                "There is no waiting number in this line.",
            ],
            CaseChanged => [
                "您打开办件后，他人已作出更新。请查看最新情况后再操作，您填写的内容已保留。",
                "您開啟辦件後，他人已作出更新。請查看最新情況後再操作，您填寫的內容已保留。",
                "Someone changed the case after you opened it. Check what changed, then try again; what you typed is kept.",
            ],
            DemonstrationRunning => [
                "该办件正在演示，请等演示结束。",
                "該辦件正在演示，請等演示結束。",
                "This ticket is being demonstrated; wait until the demonstration ends.",
            ],
            SendBackNotAllowed => [
                "只有已办结或不予受理的办件可以发回，且每件最多发回 3 次。如仍有异议，请拨打 12345。",
                "只有已辦結或不予受理的辦件可以發回，且每件最多發回 3 次。如仍有異議，請撥打 12345。",
                "Only a completed or rejected ticket can be sent back, at most 3 times. If you still disagree, call 12345.",
            ],
            SendBackClosed => [
                "结果公布 15 天后不能再发回。如仍有异议，请拨打 12345。",
                "結果公布 15 天後不能再發回。如仍有異議，請撥打 12345。",
                "A result can be sent back within 15 days of it. If you still disagree, call 12345.",
            ],
            HelpNotAllowed => [
                "只有尚未办结的帮办代办申请可以确认帮办人员和时间。",
                "只有尚未辦結的幫辦代辦申請可以確認幫辦人員和時間。",
                "A helper and a time can be confirmed only for an assistance request that is not finished.",
            ],
            ReworkNotAllowed => [
                "该办件没有整改任务，或整改已进入其他环节。整改依次为核实、整改、回访。请刷新页面查看。",
                "該辦件沒有整改任務，或整改已進入其他環節。整改依次為核實、整改、回訪。請重新整理頁面查看。",
                "The ticket has no rework, or the rework is at another stage: it goes verify, fix, call back. Reload the page to see.",
            ],
            RulingNotAllowed => [
                "只有差评可以复核，且每条评价只复核一次。",
                "只有差評可以複核，且每條評價只複核一次。",
                "Only a bad rating can be ruled on, and only once.",
            ],
            NumberAlreadyTaken => [
                "同一手机号在同一队列同一时间只能有一个号。请使用已取的号，或先取消它再重新取号。",
                "同一手機號在同一隊列同一時間只能有一個號。請使用已取的號，或先取消它再重新取號。",
                "A phone can hold one number per line at a time. Use the number you have, or cancel it first.",
            ],
            RecallNotAllowed => [
                "一个号最多重呼三次，两次呼叫至少间隔一分钟。可以标记为过号。",
                "一個號最多重呼三次，兩次呼叫至少間隔一分鐘。可以標記為過號。",
                "A number is recalled at most three times, at least a minute apart. You can mark it missed.",
            ],
            SlotFull => [
                "该时段的名额已满或已关闭，请选择其他时段。",
                "該時段的名額已滿或已關閉，請選擇其他時段。",
                "This slot has no place left, or it was closed. Choose another slot.",
            ],
            AlreadyBooked => [
                "同一手机号每天只能预约一次。如需改时间，请先取消原预约。",
                "同一手機號每天只能預約一次。如需改時間，請先取消原預約。",
                "A phone can hold one booking a day. To change the time, cancel the booking first.",
            ],
            BookingSuspended => [
                "该手机号多次预约未到，暂时不能预约。可以现场取号，或提出申诉。",
                "該手機號多次預約未到，暫時不能預約。可以現場取號，或提出申訴。",
                "This phone missed several bookings and cannot book for now. Take a number in the hall, or appeal.",
            ],
            CancelNotAllowed => [
                "预约时段开始前 2 小时内，或已签到、已取消的预约，不能再取消。",
                "預約時段開始前 2 小時內，或已簽到、已取消的預約，不能再取消。",
                "A booking cannot be cancelled within 2 hours of its slot, or once checked in or cancelled.",
            ],
            CheckInNotAllowed => [
                "签到在预约时段开始前 15 分钟开放，只限预约当天。已取消或已关闭的预约不能签到。",
                "簽到在預約時段開始前 15 分鐘開放，只限預約當天。已取消或已關閉的預約不能簽到。",
                "Check-in opens 15 minutes before the slot, on its day only. A cancelled or closed booking cannot check in.",
            ],
            WindowPaused => [
                "该窗口已暂停服务，恢复服务后才能叫号。",
                "該窗口已暫停服務，恢復服務後才能叫號。",
                "The window is paused; open it again to call a number to it.",
            ],
            WithdrawalNotAllowed => [
                "该办件已办结或已撤回，不能再撤回。",
                "該辦件已辦結或已撤回，不能再撤回。",
                "The ticket is finished or withdrawn already, so it cannot be withdrawn.",
            ],
            ReplyNotAllowed => [
                "该办件目前没有需要您补充的内容，可能已有新的进展。请刷新页面查看。",
                "該辦件目前沒有需要您補充的內容，可能已有新的進展。請重新整理頁面查看。",
                "This ticket is not waiting for anything from you; it may have moved on. Reload the page to see.",
            ],
            PayloadTooLarge => [
                "请缩短填写的内容后再试。",
                "請縮短填寫的內容後再試。",
                "Shorten the answers and try again.",
            ],
            UnsupportedMediaType => [
                "请以 application/json 发送。",
                "請以 application/json 傳送。",
                "Send the body as application/json.",
            ],
            ValidationFailed => [
                "请按提示修改标出的内容后再提交。",
                "請按提示修改標出的內容後再提交。",
                "Correct the answers marked below and submit again.",
            ],
            IdempotencyKeyReused => [
                "同一个 Idempotency-Key 只能用于同一份申请内容。",
                "同一個 Idempotency-Key 只能用於同一份申請內容。",
                "Use a new Idempotency-Key for a different request.",
            ],
            RateLimited => [
                "请稍后再试。",
                "請稍後再試。",
                "Wait a moment and try again.",
            ],
            Internal | Unknown => [
                "您填写的内容没有丢失，请稍后重试；如仍有问题请拨打 12345。",
                "您填寫的內容沒有遺失，請稍後重試；如仍有問題請撥打 12345。",
                "Nothing you entered was lost. Try again later, or call 12345 if it keeps happening.",
            ],
            Unavailable => ["请稍后重试。", "請稍後重試。", "Try again in a moment."],
        },
    )
}

/// Message shown beside an invalid field, naming it by its label.
pub fn field_message(
    code: FieldErrorCode,
    field: Option<&Field>,
    field_code: &str,
    locale: Locale,
) -> String {
    use FieldErrorCode::*;
    let label = field.map_or(field_code, |f| f.label.as_str());
    let number = |n: Option<f64>| n.map_or(String::new(), |n| format!("{n}"));
    let count = |n: Option<u32>| n.map_or(String::new(), |n| n.to_string());
    let (min_len, max_len) = (
        count(field.and_then(|f| f.min_length)),
        count(
            field
                .and_then(|f| f.max_length)
                .or(Some(match field.map(|f| f.datatype) {
                    Some(banshi_contract::Datatype::Text) => {
                        banshi_contract::validate::DEFAULT_MAX_TEXT
                    }
                    _ => banshi_contract::validate::DEFAULT_MAX_STRING,
                })),
        ),
    );
    let (min, max) = (
        number(field.and_then(|f| f.min)),
        number(field.and_then(|f| f.max)),
    );
    match (code, locale) {
        (Required, Locale::ZhHans) => format!("请填写“{label}”"),
        (Required, Locale::ZhHant) => format!("請填寫「{label}」"),
        (Required, Locale::En) => format!("Enter {label}"),
        (WrongType, Locale::ZhHans) => format!("“{label}”的内容类型不对"),
        (WrongType, Locale::ZhHant) => format!("「{label}」的內容類型不對"),
        (WrongType, Locale::En) => format!("{label} has the wrong kind of answer"),
        (TooShort, Locale::ZhHans) => format!("“{label}”至少要 {min_len} 个字"),
        (TooShort, Locale::ZhHant) => format!("「{label}」至少要 {min_len} 個字"),
        (TooShort, Locale::En) => format!("{label} must be at least {min_len} characters"),
        (TooLong, Locale::ZhHans) => format!("“{label}”不能超过 {max_len} 个字"),
        (TooLong, Locale::ZhHant) => format!("「{label}」不能超過 {max_len} 個字"),
        (TooLong, Locale::En) => format!("{label} must be {max_len} characters or fewer"),
        (TooSmall, Locale::ZhHans) => format!("“{label}”不能小于 {min}"),
        (TooSmall, Locale::ZhHant) => format!("「{label}」不能小於 {min}"),
        (TooSmall, Locale::En) => format!("{label} must be {min} or more"),
        (TooLarge, Locale::ZhHans) => format!("“{label}”不能大于 {max}"),
        (TooLarge, Locale::ZhHant) => format!("「{label}」不能大於 {max}"),
        (TooLarge, Locale::En) => format!("{label} must be {max} or less"),
        (NotANumber, Locale::ZhHans) => format!("“{label}”须为数字"),
        (NotANumber, Locale::ZhHant) => format!("「{label}」須為數字"),
        (NotANumber, Locale::En) => format!("{label} must be a number"),
        (InvalidDate, Locale::ZhHans) => format!("“{label}”须为真实日期，如 2026-03-15"),
        (InvalidDate, Locale::ZhHant) => format!("「{label}」須為真實日期，如 2026-03-15"),
        (InvalidDate, Locale::En) => format!("{label} must be a real date, like 2026-03-15"),
        (InvalidDatetime, Locale::ZhHans) => {
            format!("“{label}”须为真实的日期和时间，如 2026-03-15 09:30")
        }
        (InvalidDatetime, Locale::ZhHant) => {
            format!("「{label}」須為真實的日期和時間，如 2026-03-15 09:30")
        }
        (InvalidDatetime, Locale::En) => {
            format!("{label} must be a real date and time, like 2026-03-15 09:30")
        }
        (InvalidPhone, Locale::ZhHans) => {
            format!("“{label}”须为手机号（如 13812345678）或带区号的固话（如 0571-12345678）")
        }
        (InvalidPhone, Locale::ZhHant) => {
            format!("「{label}」須為手機號（如 13812345678）或帶區號的市話（如 0571-12345678）")
        }
        (InvalidPhone, Locale::En) => format!(
            "{label} must be a mobile number like 13812345678 or a landline like 0571-12345678"
        ),
        (InvalidEmail, Locale::ZhHans) => format!("“{label}”须为电子邮箱地址，如 name@example.com"),
        (InvalidEmail, Locale::ZhHant) => {
            format!("「{label}」須為電子郵件地址，如 name@example.com")
        }
        (InvalidEmail, Locale::En) => {
            format!("{label} must be an email address, like name@example.com")
        }
        (InvalidIdNumber, Locale::ZhHans) => {
            format!("“{label}”须为 18 位居民身份证号码，请核对每一位")
        }
        (InvalidIdNumber, Locale::ZhHant) => {
            format!("「{label}」須為 18 位居民身分證號碼，請核對每一位")
        }
        (InvalidIdNumber, Locale::En) => {
            format!("{label} must be an 18-character resident ID number; check each character")
        }
        (PatternMismatch, Locale::ZhHans) => format!("“{label}”的格式不对，请按提示填写"),
        (PatternMismatch, Locale::ZhHant) => format!("「{label}」的格式不對，請按提示填寫"),
        (PatternMismatch, Locale::En) => {
            format!("{label} is not in the right format; follow the hint")
        }
        (NotAnOption, Locale::ZhHans) => format!("请从列出的选项中选择“{label}”"),
        (NotAnOption, Locale::ZhHant) => format!("請從列出的選項中選擇「{label}」"),
        (NotAnOption, Locale::En) => format!("Select {label} from the options listed"),
        (UnknownField, Locale::ZhHans) => format!("该申请没有“{label}”这一项"),
        (UnknownField, Locale::ZhHant) => format!("該申請沒有「{label}」這一項"),
        (UnknownField, Locale::En) => format!("This form has no field called {label}"),
        (TooWeak, Locale::ZhHans) => {
            format!("“{label}”太容易猜到：不能包含账号名，不能与原密码相同，也不能是同一个字符重复")
        }
        (TooWeak, Locale::ZhHant) => {
            format!(
                "「{label}」太容易猜到：不能包含帳號名，不能與原密碼相同，也不能是同一個字元重複"
            )
        }
        (TooWeak, Locale::En) => format!(
            "{label} is too easy to guess: it must not contain the account name, repeat the current password or repeat one character"
        ),
        (Incorrect, Locale::ZhHans) => format!("“{label}”不正确"),
        (Incorrect, Locale::ZhHant) => format!("「{label}」不正確"),
        (Incorrect, Locale::En) => format!("{label} is not right"),
        (Expired, Locale::ZhHans) => format!("“{label}”已失效，请重新获取"),
        (Expired, Locale::ZhHant) => format!("「{label}」已失效，請重新取得"),
        (Expired, Locale::En) => format!("The {label} no longer works: ask for a new one"),
        (Unknown, Locale::ZhHans) => format!("“{label}”有误"),
        (Unknown, Locale::ZhHant) => format!("「{label}」有誤"),
        (Unknown, Locale::En) => format!("{label} is not valid"),
    }
}

/// A body member that is not a form field (rating score and comment, staff note), described
/// as a field so that its errors read like form errors.
pub fn body_field(code: &str, locale: Locale) -> Field {
    use banshi_contract::Datatype::{Number, String, Text};
    use banshi_contract::staff::{MAX_ACCOUNT_NAME, MAX_LABEL, MAX_PASSWORD, MIN_PASSWORD};
    let (datatype, min, max, min_length, max_length) = match code {
        "score" => (Number, Some(1.0), Some(5.0), None, None),
        "comment" | "note" | "text" | "answers" | "reason" => (Text, None, None, None, Some(500)),
        "missing" => (Text, None, Some(10.0), None, Some(200)),
        "interval_seconds" => (Number, Some(1.0), Some(30.0), None, None),
        "name" => (String, None, None, Some(2), Some(MAX_ACCOUNT_NAME)),
        "agent.name" | "helper.name" => (String, None, None, None, Some(50)),
        "helper.note" => (Text, None, None, None, Some(200)),
        "rework.note" => (Text, None, None, None, Some(1000)),
        "ruling.reason" => (Text, None, None, None, Some(500)),
        "satisfaction" => (Number, Some(1.0), Some(5.0), None, None),
        "new_password" => (String, None, None, Some(MIN_PASSWORD), Some(MAX_PASSWORD)),
        "display_name" | "label" => (String, None, None, None, Some(MAX_LABEL)),
        _ => (String, None, None, None, None),
    };
    let as_count = |n: Option<usize>| n.and_then(|n| u32::try_from(n).ok());
    Field {
        code: code.to_owned(),
        datatype,
        required: true,
        label: body_field_label(code, locale).to_owned(),
        hint: None,
        min_length: as_count(min_length),
        max_length: as_count(max_length),
        min,
        max,
        pattern: None,
        values: Vec::new(),
        contact: None,
    }
}

/// A `validation_failed` entry for body member `code`, worded like a form error.
pub fn body_error(
    code: &str,
    error: FieldErrorCode,
    locale: Locale,
) -> banshi_contract::FieldError {
    body_error_as(code, code, error, locale)
}

/// Like [`body_error`] for member `code`, worded and limited as the body field `like` (a
/// helper's `name` is worded as `helper.name`, not as an account name).
pub fn body_error_as(
    code: &str,
    like: &str,
    error: FieldErrorCode,
    locale: Locale,
) -> banshi_contract::FieldError {
    let field = body_field(like, locale);
    banshi_contract::FieldError {
        field: code.to_owned(),
        code: error,
        message: field_message(error, Some(&field), code, locale),
    }
}

/// Labels for body fields that are not form fields (ratings, staff notes, staff accounts).
pub fn body_field_label(code: &str, locale: Locale) -> &'static str {
    match code {
        "score" => pick(locale, ["评价等级", "評價等級", "rating"]),
        "comment" => pick(locale, ["评价内容", "評價內容", "comment"]),
        "note" => pick(locale, ["备注", "備註", "note"]),
        "rework.note" => pick(
            locale,
            [
                "核实情况或整改结果",
                "核實情況或整改結果",
                "finding or result",
            ],
        ),
        "satisfaction" => pick(
            locale,
            ["回访满意度", "回訪滿意度", "satisfaction with the rework"],
        ),
        "ruling" => pick(locale, ["复核结论", "複核結論", "ruling"]),
        "ruling.reason" => pick(locale, ["复核理由", "複核理由", "reason for the ruling"]),
        "notify" => pick(locale, ["通知方式", "通知方式", "how to be told"]),
        "service_code" => pick(locale, ["事项", "事項", "service"]),
        "name" => pick(locale, ["账号名", "帳號名", "name"]),
        "password" | "current_password" => pick(locale, ["密码", "密碼", "password"]),
        "new_password" => pick(locale, ["新密码", "新密碼", "new password"]),
        "display_name" => pick(locale, ["姓名", "姓名", "display name"]),
        "role" => pick(locale, ["角色", "角色", "role"]),
        "categories" => pick(locale, ["负责类别", "負責類別", "categories"]),
        "label" => pick(locale, ["位置说明", "位置說明", "label"]),
        "hall_id" => pick(locale, ["大厅", "大廳", "hall"]),
        "category" => pick(locale, ["类别", "類別", "category"]),
        "service" => pick(locale, ["事项", "事項", "service"]),
        "assignee" => pick(locale, ["承办人", "承辦人", "assigned officer"]),
        "kind" => pick(locale, ["类型", "類型", "kind"]),
        "q" => pick(locale, ["搜索内容", "搜尋內容", "search"]),
        "limit" => pick(locale, ["每页条数", "每頁筆數", "page size"]),
        "after" => pick(locale, ["翻页标记", "翻頁標記", "page token"]),
        "missing" => pick(locale, ["需补充的材料", "需補充的材料", "missing items"]),
        "answers" => pick(locale, ["补充内容", "補充內容", "answers"]),
        "reason" => pick(locale, ["撤回原因", "撤回原因", "reason"]),
        "text" => pick(locale, ["备注内容", "備註內容", "note"]),
        "version" => pick(locale, ["办件版本", "辦件版本", "case version"]),
        "identity_checked" => pick(locale, ["身份核验", "身份核驗", "identity check"]),
        "interval_seconds" => pick(locale, ["演示间隔", "演示間隔", "demonstration interval"]),
        "agent.name" => pick(locale, ["代办人姓名", "代辦人姓名", "agent's name"]),
        "agent.phone" => pick(locale, ["代办人电话", "代辦人電話", "agent's phone number"]),
        "agent.relationship" => pick(locale, ["与申请人的关系", "與申請人的關係", "relationship"]),
        "agent.authorisation" => pick(
            locale,
            ["委托书声明", "委託書聲明", "authorisation declaration"],
        ),
        "helper.name" => pick(locale, ["帮办人员姓名", "幫辦人員姓名", "helper's name"]),
        "helper.phone" => pick(
            locale,
            ["帮办人员电话", "幫辦人員電話", "helper's phone number"],
        ),
        "helper.note" => pick(locale, ["说明", "說明", "note"]),
        "helper" => pick(locale, ["帮办人员", "幫辦人員", "helper"]),
        "at" => pick(locale, ["时间", "時間", "time"]),
        "phone" => pick(locale, ["手机号码", "手機號碼", "mobile number"]),
        "code" => pick(locale, ["短信验证码", "簡訊驗證碼", "text message code"]),
        "date" => pick(locale, ["日期", "日期", "date"]),
        "starts" => pick(locale, ["时段", "時段", "time slot"]),
        "line" => pick(locale, ["业务", "業務", "service line"]),
        "appeal.reason" => pick(locale, ["申诉理由", "申訴理由", "reason for the appeal"]),
        _ => pick(locale, ["该项", "該項", "this field"]),
    }
}

/// Why the chosen way of being told does not work: the form has no such contact, the
/// backend does not send that way, or the contact was left blank.
pub fn notify_problem(
    channel: banshi_contract::NotifyChannel,
    code: FieldErrorCode,
    locale: Locale,
) -> &'static str {
    use banshi_contract::NotifyChannel::Sms;
    match (code, channel) {
        (FieldErrorCode::Required, Sms) => pick(
            locale,
            [
                "您选择了短信通知，请填写手机号码，或选择其他通知方式",
                "您選擇了短訊通知，請填寫手機號碼，或選擇其他通知方式",
                "You chose to be told by text message: enter a mobile number, or choose another way",
            ],
        ),
        (FieldErrorCode::Required, _) => pick(
            locale,
            [
                "您选择了邮件通知，请填写电子邮箱，或选择其他通知方式",
                "您選擇了郵件通知，請填寫電子郵箱，或選擇其他通知方式",
                "You chose to be told by e-mail: enter an e-mail address, or choose another way",
            ],
        ),
        _ => pick(
            locale,
            [
                "无法以所选方式通知您，请选择其他通知方式",
                "無法以所選方式通知您，請選擇其他通知方式",
                "We cannot tell you that way; choose another",
            ],
        ),
    }
}

/// A ticket status as the citizen reads it in a notification.
pub fn status_name(status: TicketStatus, locale: Locale) -> &'static str {
    use TicketStatus::*;
    pick(
        locale,
        match status {
            Received => ["已收到", "已收到", "received"],
            Accepted => ["已受理", "已受理", "accepted"],
            InProgress => ["办理中", "辦理中", "in progress"],
            NeedsInfo => ["需要补充材料", "需要補充材料", "more information needed"],
            Completed => ["已办结", "已辦結", "completed"],
            Rejected => ["不予受理", "不予受理", "not accepted"],
            Withdrawn => ["已撤回", "已撤回", "withdrawn"],
        },
    )
}

/// What a notification says: its subject (for e-mail) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// One line.
    pub subject: String,
    /// Plain text.
    pub body: String,
}

/// What a notification tells, in plain values.
#[derive(Debug, Clone, Copy)]
pub struct NotificationFacts<'a> {
    /// Reference number.
    pub ticket: &'a str,
    /// The service's name in the citizen's language.
    pub service: &'a str,
    /// What changed.
    pub kind: banshi_contract::MessageKind,
    /// The status after it.
    pub status: TicketStatus,
    /// The note to the citizen, or the rework's result.
    pub note: Option<&'a str>,
    /// What the citizen was asked for.
    pub missing: &'a [String],
    /// Where the citizen tracks tickets (the portal's `/track` page).
    pub track_url: &'a str,
}

/// The e-mail for `facts`, in `locale`. It never holds the access code: the citizen opens
/// the ticket with the code they kept.
pub fn notification_email(facts: &NotificationFacts<'_>, locale: Locale) -> Notification {
    use banshi_contract::MessageKind::*;
    let centre = centre_name(locale);
    let ticket = facts.ticket;
    let status = status_name(facts.status, locale);
    let subject = match facts.kind {
        ReworkResult => pick(
            locale,
            [
                "您的差评整改有了结果",
                "您的差評整改有了結果",
                "The rework after your rating has a result",
            ],
        ),
        NeedsInfo => pick(
            locale,
            [
                "您的办件需要补充材料",
                "您的辦件需要補充材料",
                "Your ticket needs more information",
            ],
        ),
        _ => pick(
            locale,
            [
                "您的办件有新进展",
                "您的辦件有新進展",
                "Your ticket has news",
            ],
        ),
    };
    let mut body = String::new();
    let line = |body: &mut String, text: &str| {
        body.push_str(text);
        body.push('\n');
    };
    line(&mut body, pick(locale, ["您好：", "您好：", "Hello,"]));
    line(&mut body, "");
    line(
        &mut body,
        &match locale {
            Locale::ZhHans => format!(
                "您申请的“{}”（办件编号 {ticket}）：{status}。",
                facts.service
            ),
            Locale::ZhHant => format!(
                "您申請的「{}」（辦件編號 {ticket}）：{status}。",
                facts.service
            ),
            Locale::En => format!(
                "Your request \"{}\" (ticket {ticket}): {status}.",
                facts.service
            ),
        },
    );
    if let Some(note) = facts.note.filter(|n| !n.is_empty()) {
        line(&mut body, "");
        line(
            &mut body,
            pick(
                locale,
                match facts.kind {
                    ReworkResult => ["整改结果：", "整改結果：", "What was done:"],
                    _ => ["说明：", "說明：", "Note:"],
                },
            ),
        );
        line(&mut body, note);
    }
    if !facts.missing.is_empty() {
        line(&mut body, "");
        line(
            &mut body,
            pick(locale, ["请补充：", "請補充：", "Please supply:"]),
        );
        for item in facts.missing {
            line(&mut body, &format!("- {item}"));
        }
    }
    line(&mut body, "");
    line(
        &mut body,
        &match locale {
            Locale::ZhHans => format!(
                "请打开 {}，输入办件编号和您保存的查询码查看详情。",
                facts.track_url
            ),
            Locale::ZhHant => format!(
                "請開啟 {}，輸入辦件編號和您保存的查詢碼查看詳情。",
                facts.track_url
            ),
            Locale::En => format!(
                "Open {} and enter the ticket number and the access code you kept to see the details.",
                facts.track_url
            ),
        },
    );
    line(
        &mut body,
        pick(
            locale,
            [
                "为保护您的信息，查询码不会通过邮件或短信发送。",
                "為保護您的資料，查詢碼不會透過郵件或短訊發送。",
                "To protect your information, the access code is never sent by e-mail or text message.",
            ],
        ),
    );
    line(&mut body, "");
    line(&mut body, centre);
    Notification {
        subject: format!("{subject} ({ticket})"),
        body,
    }
}

/// The text message for `facts`, in `locale`: short, with the note cut to fit, and never
/// the access code.
pub fn notification_sms(facts: &NotificationFacts<'_>, locale: Locale) -> String {
    const NOTE_CHARS: usize = 60;
    let status = status_name(facts.status, locale);
    let note = facts
        .note
        .filter(|n| !n.is_empty())
        .map(|n| {
            let mut cut: String = n.chars().take(NOTE_CHARS).collect();
            if n.chars().count() > NOTE_CHARS {
                cut.push('…');
            }
            cut
        })
        .unwrap_or_default();
    let (ticket, url) = (facts.ticket, facts.track_url);
    let rework = facts.kind == banshi_contract::MessageKind::ReworkResult;
    match locale {
        Locale::ZhHans => {
            let what = if rework { "差评整改结果" } else { status };
            format!(
                "【{}】办件{ticket}：{what}。{note} 详情请凭查询码到 {url} 查看。",
                centre_name(locale)
            )
        }
        Locale::ZhHant => {
            let what = if rework { "差評整改結果" } else { status };
            format!(
                "【{}】辦件{ticket}：{what}。{note} 詳情請憑查詢碼到 {url} 查看。",
                centre_name(locale)
            )
        }
        Locale::En => {
            let what = if rework { "rework result" } else { status };
            format!(
                "{}: ticket {ticket}: {what}. {note} See {url} with your access code.",
                centre_name(locale)
            )
        }
    }
}

/// The text message about a queue number or a booking, in `locale`, for `hall` (its name).
pub fn hall_sms(
    kind: crate::store::HallMessage,
    facts: &crate::store::HallFacts,
    hall: &str,
    line_name: &str,
    locale: Locale,
) -> String {
    use crate::store::HallMessage::*;
    let centre = centre_name(locale);
    let number = facts.number.as_deref().unwrap_or_default();
    let code = facts.code.as_deref().unwrap_or_default();
    let ahead = facts.ahead.unwrap_or(0);
    let window = facts.window.map(|w| w.to_string()).unwrap_or_default();
    let (date, starts) = facts
        .slot
        .as_ref()
        .map(|(_, date, starts)| (date.as_str(), starts.as_str()))
        .unwrap_or_default();
    match (kind, locale) {
        (PhoneCode, Locale::ZhHans) => format!(
            "【{centre}】您的验证码是 {code}，10 分钟内有效，用于{hall}预约。请勿告诉他人。"
        ),
        (PhoneCode, Locale::ZhHant) => format!(
            "【{centre}】您的驗證碼是 {code}，10 分鐘內有效，用於{hall}預約。請勿告訴他人。"
        ),
        (PhoneCode, Locale::En) => format!(
            "{centre}: your code is {code}. It works for 10 minutes, for booking at {hall}. Do not share it."
        ),
        (QueueSoon, Locale::ZhHans) => {
            format!("【{centre}】{hall}：您的 {number} 号前面还有 {ahead} 人，请回到大厅留意叫号。")
        }
        (QueueSoon, Locale::ZhHant) => {
            format!("【{centre}】{hall}：您的 {number} 號前面還有 {ahead} 人，請回到大廳留意叫號。")
        }
        (QueueSoon, Locale::En) => format!(
            "{centre}, {hall}: {ahead} ahead of your number {number}. Please come back to the hall."
        ),
        (QueueCalled, Locale::ZhHans) => {
            format!("【{centre}】{hall}：请 {number} 号到 {window} 号窗口办理。")
        }
        (QueueCalled, Locale::ZhHant) => {
            format!("【{centre}】{hall}：請 {number} 號到 {window} 號窗口辦理。")
        }
        (QueueCalled, Locale::En) => {
            format!("{centre}, {hall}: number {number}, please go to window {window}.")
        }
        (SlotClosed, Locale::ZhHans) => format!(
            "【{centre}】{hall}：很抱歉，您预约的 {date} {starts}（{line_name}）时段已关闭，预约已取消。请重新预约，或到厅取号。"
        ),
        (SlotClosed, Locale::ZhHant) => format!(
            "【{centre}】{hall}：很抱歉，您預約的 {date} {starts}（{line_name}）時段已關閉，預約已取消。請重新預約，或到廳取號。"
        ),
        (SlotClosed, Locale::En) => format!(
            "{centre}, {hall}: sorry, your booking on {date} at {starts} ({line_name}) is cancelled: the slot was closed. Book again, or take a number in the hall."
        ),
    }
}

/// A wrong code's message with the tries left.
pub fn code_tries_left(message: &str, left: u32, locale: Locale) -> String {
    match locale {
        Locale::ZhHans => format!("{message}，还可以再试 {left} 次"),
        Locale::ZhHant => format!("{message}，還可以再試 {left} 次"),
        Locale::En => format!("{message}: {left} more tries"),
    }
}

/// Name of the service centre.
pub fn centre_name(locale: Locale) -> &'static str {
    pick(
        locale,
        [
            "海川市民服务中心",
            "海川市民服務中心",
            "Haichuan Citizen Service Centre",
        ],
    )
}

/// When the hotline answers.
pub fn hotline_hours(locale: Locale) -> &'static str {
    pick(
        locale,
        [
            "每天 8:00–20:00",
            "每天 8:00–20:00",
            "Every day, 8:00–20:00",
        ],
    )
}

/// Ready-made notes for status moves, worded for the citizen in `locale`.
pub fn note_templates(locale: Locale) -> Vec<(TicketStatus, &'static str)> {
    use TicketStatus::*;
    let templates: [(TicketStatus, [&'static str; 3]); 8] = [
        (
            Accepted,
            [
                "材料齐全，已受理，我们将在承诺时限内办结。",
                "材料齊全，已受理，我們將在承諾時限內辦結。",
                "Your documents are complete and your request has been accepted; we will finish it within the promised time.",
            ],
        ),
        (
            InProgress,
            [
                "正在办理中，如需补充材料会及时通知您。",
                "正在辦理中，如需補充材料會及時通知您。",
                "We are working on your request and will tell you at once if we need anything else.",
            ],
        ),
        (
            InProgress,
            [
                "已收到您补充的材料，继续为您办理。",
                "已收到您補充的材料，繼續為您辦理。",
                "We have received what you sent and are carrying on with your request.",
            ],
        ),
        (
            NeedsInfo,
            [
                "办理还需要以下材料，请补充后我们继续办理，补充期间不计入办理时限。",
                "辦理還需要以下材料，請補充後我們繼續辦理，補充期間不計入辦理時限。",
                "We need the items below to go on; the time you take to send them does not count against the promised date.",
            ],
        ),
        (
            Completed,
            [
                "已办结，请凭身份证原件到窗口领取结果，或查收邮寄。",
                "已辦結，請憑身分證正本到窗口領取結果，或查收郵寄。",
                "Done. Collect the result at the counter with your ID card, or look out for it in the post.",
            ],
        ),
        (
            Completed,
            [
                "已办结，结果已发送至您的电子证照。",
                "已辦結，結果已發送至您的電子證照。",
                "Done. The result has been sent to your electronic licence wallet.",
            ],
        ),
        (
            Rejected,
            [
                "经审核不符合办理条件，原因如下：",
                "經審核不符合辦理條件，原因如下：",
                "After review, the request does not meet the conditions, for this reason:",
            ],
        ),
        (
            Withdrawn,
            [
                "已按您的意愿撤回申请。",
                "已按您的意願撤回申請。",
                "The request was withdrawn at your wish.",
            ],
        ),
    ];
    templates
        .into_iter()
        .map(|(status, texts)| (status, pick(locale, texts)))
        .collect()
}

/// One step of a front-desk demonstration: the status, the note and what is missing.
#[derive(Debug, Clone)]
pub struct DemonstrationStep {
    /// Where the step moves the ticket.
    pub status: TicketStatus,
    /// The note the citizen sees.
    pub note: &'static str,
    /// For `needs_info`, what is asked for.
    pub missing: Vec<&'static str>,
}

/// A realistic life of a request, played by "demonstrate": accepted, worked on, two items
/// asked for, received, done.
pub fn demonstration_steps(locale: Locale) -> Vec<DemonstrationStep> {
    use TicketStatus::*;
    let step = |status, note: [&'static str; 3], missing: &[[&'static str; 3]]| DemonstrationStep {
        status,
        note: pick(locale, note),
        missing: missing.iter().map(|m| pick(locale, *m)).collect(),
    };
    vec![
        step(
            Accepted,
            [
                "【演示】材料齐全，已受理。",
                "【演示】材料齊全，已受理。",
                "[Demonstration] Your documents are complete and the request is accepted.",
            ],
            &[],
        ),
        step(
            InProgress,
            [
                "【演示】经办人正在审核。",
                "【演示】經辦人正在審核。",
                "[Demonstration] An officer is reviewing it.",
            ],
            &[],
        ),
        step(
            NeedsInfo,
            [
                "【演示】还需要补充两项材料。",
                "【演示】還需要補充兩項材料。",
                "[Demonstration] Two more items are needed.",
            ],
            &[
                [
                    "户口簿首页及本人页复印件",
                    "戶口名簿首頁及本人頁影本",
                    "A copy of the household register's first page and your own page",
                ],
                [
                    "近期一寸免冠照片一张",
                    "近期一吋脫帽照片一張",
                    "One recent passport-size photo",
                ],
            ],
        ),
        step(
            InProgress,
            [
                "【演示】已收到补充材料，继续办理。",
                "【演示】已收到補充材料，繼續辦理。",
                "[Demonstration] The items arrived; work carries on.",
            ],
            &[],
        ),
        step(
            Completed,
            [
                "【演示】已办结，可到窗口领取结果。",
                "【演示】已辦結，可到窗口領取結果。",
                "[Demonstration] Done; the result can be collected at the counter.",
            ],
            &[],
        ),
    ]
}

/// The internal note that marks the start of a demonstration.
pub fn demonstration_started(locale: Locale) -> &'static str {
    pick(
        locale,
        [
            "前台演示开始：以下变化为演示，并非真实办理。",
            "前台演示開始：以下變化為演示，並非真實辦理。",
            "Front-desk demonstration started: the changes below are a demonstration, not real handling.",
        ],
    )
}

/// How a yes/no answer reads.
pub fn yes_no(answer: bool, locale: Locale) -> &'static str {
    if answer {
        pick(locale, ["是", "是", "Yes"])
    } else {
        pick(locale, ["否", "否", "No"])
    }
}

/// What joins the items of a list answer.
pub fn list_separator(locale: Locale) -> &'static str {
    pick(locale, ["、", "、", ", "])
}

/// The history note of the send-back that goes to a supervisor (督办).
pub fn escalated_note(locale: Locale) -> &'static str {
    pick(
        locale,
        [
            "第 3 次发回，已转由主管督办。",
            "第 3 次發回，已轉由主管督辦。",
            "Sent back a third time: a supervisor now oversees the case (督办).",
        ],
    )
}

/// Why a statistics period cannot be answered, as a `validation_failed` entry for its query
/// parameter.
pub fn period_error(
    problem: banshi_contract::stats::PeriodProblem,
    locale: Locale,
) -> banshi_contract::FieldError {
    use banshi_contract::stats::PeriodProblem;
    let (field, code, message) = match problem {
        PeriodProblem::NotADate(field) => (
            field,
            FieldErrorCode::InvalidDate,
            if field == "from" {
                pick(
                    locale,
                    [
                        "开始日期须为真实日期，如 2026-03-01",
                        "開始日期須為真實日期，如 2026-03-01",
                        "The first day must be a real date, like 2026-03-01",
                    ],
                )
            } else {
                pick(
                    locale,
                    [
                        "结束日期须为真实日期，如 2026-03-31",
                        "結束日期須為真實日期，如 2026-03-31",
                        "The last day must be a real date, like 2026-03-31",
                    ],
                )
            },
        ),
        PeriodProblem::EndsBeforeStart => (
            "to",
            FieldErrorCode::TooSmall,
            pick(
                locale,
                [
                    "结束日期不能早于开始日期",
                    "結束日期不能早於開始日期",
                    "The last day cannot be before the first day",
                ],
            ),
        ),
        PeriodProblem::TooLong => (
            "from",
            FieldErrorCode::TooSmall,
            pick(
                locale,
                [
                    "统计期间最长 {months} 个月，请缩短期间",
                    "統計期間最長 {months} 個月，請縮短期間",
                    "A period can be at most {months} months; choose a shorter one",
                ],
            ),
        ),
    };
    banshi_contract::FieldError {
        field: field.to_owned(),
        code,
        message: message.replace("{months}", &banshi_contract::stats::MAX_MONTHS.to_string()),
    }
}
