//! The portal's addresses as a plain type: every URL a citizen can open or a QR code can
//! carry parses into one [`Route`], and every route writes back to its URL.

/// A page of the portal and the parameters in its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`, or `/?q=words` for search results.
    Home {
        /// The search words, decoded; empty when not searching.
        query: String,
    },
    /// `/c/{code}`: a category's services and tutorials.
    Category(String),
    /// `/s/{code}`: a service guide.
    Service(String),
    /// `/s/{code}/apply`: the request form.
    Apply(String),
    /// `/s/{code}/check`: check your answers.
    Check(String),
    /// `/t/{id}`: a tutorial, as opened from a hall QR code.
    Tutorial(String),
    /// `/done/{ticket}`: the confirmation after filing.
    Done(String),
    /// `/track`: find a ticket by number and access code.
    Track,
    /// `/track/{ticket}`: one ticket's status. A carried ticket has `#code={access code}`.
    Ticket(String),
    /// `/report`: the form of the backend's first `complaint` service (办不成事), linked from
    /// every page's footer.
    Report,
    /// `/get-help?service={code}`: the form of the backend's first `assistance` service
    /// (帮办代办), about the service named, if any.
    GetHelp(String),
    /// `/scan`: the QR code scanner.
    Scan,
    /// `/posters`: staff choose which tutorial posters to print.
    Posters,
    /// `/posters/{category}`: a printable sheet of every tutorial poster of a category.
    PosterSheet(String),
    /// `/t/{id}/poster`: one tutorial's printable poster.
    Poster(String),
    /// `/hall` (the backend's first hall) or `/hall/{id}`: queues, windows and calls, live.
    Hall(String),
    /// `/q/{number}?hall={id}`: a queue number's page; its token comes in `#token=…` or
    /// from the numbers held on this device.
    Queue {
        /// The number, e.g. `A018`.
        number: String,
        /// Hall id (empty: the backend's first hall).
        hall: String,
    },
    /// `/board` or `/board/{id}`: the calling board for a hall's TV (empty: the first hall).
    Board(String),
    /// `/book` or `/book/{id}`: book a time to come to a hall (预约; empty: the first hall).
    Book(String),
    /// `/b/{reference}?hall={id}`: a booking's page; its token comes in `#token=…` or from
    /// the bookings held on this device.
    Booking {
        /// The booking's code, e.g. `K7M2QX9A`.
        reference: String,
        /// Hall id (empty: the backend's first hall).
        hall: String,
    },
    /// `/check-in` or `/check-in/{id}`: a kiosk checks a booking in by its typed code.
    CheckIn(String),
    /// `/staff/appointments`: close slots, decide appeals against suspensions.
    StaffAppointments,
    /// `/staff/counter`: the counter console, where clerks call numbers.
    StaffCounter,
    /// `/stats?from=…&to=…`: the centre's published figures over a period (empty: the
    /// backend's default).
    Stats {
        /// First day, `YYYY-MM-DD`, as given.
        from: String,
        /// Last day, as given.
        to: String,
    },
    /// `/staff/stats?from=…&to=…`: the same per service and officer, with CSV export.
    StaffStats {
        /// First day, as given.
        from: String,
        /// Last day, as given.
        to: String,
    },
    /// `/staff/login`: staff sign in.
    StaffLogin,
    /// `/staff/password`: staff change their password (a one-time password first).
    StaffPassword,
    /// `/staff`: the staff start page.
    StaffHome,
    /// `/staff/accounts`: supervisors list and add accounts.
    StaffAccounts,
    /// `/staff/accounts/{name}`: one account's role, state, password and tokens.
    StaffAccount(String),
    /// `/staff/tickets/{ticket}`: one case.
    StaffCase(String),
    /// `/staff/audit`: the audit log.
    StaffAudit,
    /// `/staff/helpers`: supervisors keep the helpers for assisted service.
    StaffHelpers,
    /// `/staff/bad-ratings`: the ledger of bad ratings and their rework (差评台账).
    StaffBadRatings,
    /// `/staff/kiosks`: kiosk enrolment links and enrolled kiosks.
    StaffKiosks,
    /// `/kiosk/enrol`: a terminal enrols as a kiosk; the code is in `#code=…`.
    KioskEnrol,
    /// Anything else.
    NotFound,
}

impl Route {
    /// The route for an address: a path with an optional `?query`.
    pub fn from_address(address: &str) -> Route {
        let (path, query) = address.split_once('?').unwrap_or((address, ""));
        Route::parse(path, query)
    }

    /// The route for a location's `pathname` and `search` (with or without its `?`).
    pub fn parse(path: &str, search: &str) -> Route {
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        // Printed QR codes carry uppercase paths (`/T/TX01`): the fixed words (first and
        // third segments) match in any case, parameters keep theirs.
        let segments: Vec<String> = segments
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                if i % 2 == 0 {
                    s.to_ascii_lowercase()
                } else {
                    s
                }
            })
            .collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        match segments.as_slice() {
            [] => Route::Home {
                query: query_value(search, "q").unwrap_or_default(),
            },
            ["c", code] => Route::Category((*code).to_owned()),
            ["s", code] => Route::Service((*code).to_owned()),
            ["s", code, "apply"] => Route::Apply((*code).to_owned()),
            ["s", code, "check"] => Route::Check((*code).to_owned()),
            ["t", id] => Route::Tutorial((*id).to_owned()),
            ["done", ticket] => Route::Done((*ticket).to_owned()),
            ["track"] => Route::Track,
            ["track", ticket] => Route::Ticket((*ticket).to_owned()),
            ["scan"] => Route::Scan,
            ["hall"] => Route::Hall(String::new()),
            ["hall", id] => Route::Hall((*id).to_owned()),
            // Numbers are uppercase (`A018`); a typed `a018` finds the same.
            ["q", number] => Route::Queue {
                number: number.to_ascii_uppercase(),
                hall: query_value(search, "hall").unwrap_or_default(),
            },
            ["board"] => Route::Board(String::new()),
            ["board", id] => Route::Board((*id).to_owned()),
            ["book"] => Route::Book(String::new()),
            ["book", id] => Route::Book((*id).to_owned()),
            // Codes are uppercase (`K7M2QX9A`); a typed `k7m2qx9a` finds the same.
            ["b", reference] => Route::Booking {
                reference: reference.to_ascii_uppercase(),
                hall: query_value(search, "hall").unwrap_or_default(),
            },
            ["check-in"] => Route::CheckIn(String::new()),
            ["check-in", id] => Route::CheckIn((*id).to_owned()),
            ["staff", "appointments"] => Route::StaffAppointments,
            ["staff", "counter"] => Route::StaffCounter,
            ["stats"] => Route::Stats {
                from: query_value(search, "from").unwrap_or_default(),
                to: query_value(search, "to").unwrap_or_default(),
            },
            ["staff", "stats"] => Route::StaffStats {
                from: query_value(search, "from").unwrap_or_default(),
                to: query_value(search, "to").unwrap_or_default(),
            },
            ["report"] => Route::Report,
            ["get-help"] => Route::GetHelp(query_value(search, "service").unwrap_or_default()),
            ["posters"] => Route::Posters,
            ["posters", category] => Route::PosterSheet((*category).to_owned()),
            ["t", id, "poster"] => Route::Poster((*id).to_owned()),
            ["staff"] => Route::StaffHome,
            ["staff", "login"] => Route::StaffLogin,
            ["staff", "password"] => Route::StaffPassword,
            ["staff", "accounts"] => Route::StaffAccounts,
            ["staff", "accounts", name] => Route::StaffAccount((*name).to_owned()),
            // Reference numbers are uppercase; this third segment is lowercased above.
            ["staff", "tickets", ticket] => Route::StaffCase(ticket.to_ascii_uppercase()),
            ["staff", "audit"] => Route::StaffAudit,
            ["staff", "kiosks"] => Route::StaffKiosks,
            ["staff", "helpers"] => Route::StaffHelpers,
            ["staff", "bad-ratings"] => Route::StaffBadRatings,
            ["kiosk", "enrol"] => Route::KioskEnrol,
            _ => Route::NotFound,
        }
    }

    /// The URL path (and query) of this route, with every parameter percent-encoded.
    pub fn href(&self) -> String {
        match self {
            Route::Home { query } if query.trim().is_empty() => "/".to_owned(),
            Route::Home { query } => format!("/?q={}", percent_encode(query.trim())),
            Route::Category(code) => format!("/c/{}", percent_encode(code)),
            Route::Service(code) => format!("/s/{}", percent_encode(code)),
            Route::Apply(code) => format!("/s/{}/apply", percent_encode(code)),
            Route::Check(code) => format!("/s/{}/check", percent_encode(code)),
            Route::Tutorial(id) => format!("/t/{}", percent_encode(id)),
            Route::Done(ticket) => format!("/done/{}", percent_encode(ticket)),
            Route::Track => "/track".to_owned(),
            Route::Ticket(ticket) => format!("/track/{}", percent_encode(ticket)),
            Route::Scan => "/scan".to_owned(),
            Route::Hall(id) if id.is_empty() => "/hall".to_owned(),
            Route::Hall(id) => format!("/hall/{}", percent_encode(id)),
            Route::Queue { number, hall } if hall.is_empty() => {
                format!("/q/{}", percent_encode(number))
            }
            Route::Queue { number, hall } => super::queue::queue_path(hall, number),
            Route::Board(id) if id.is_empty() => "/board".to_owned(),
            Route::Board(id) => format!("/board/{}", percent_encode(id)),
            Route::Book(id) if id.is_empty() => "/book".to_owned(),
            Route::Book(id) => format!("/book/{}", percent_encode(id)),
            Route::Booking { reference, hall } if hall.is_empty() => {
                format!("/b/{}", percent_encode(reference))
            }
            Route::Booking { reference, hall } => super::booking::booking_path(hall, reference),
            Route::CheckIn(id) if id.is_empty() => "/check-in".to_owned(),
            Route::CheckIn(id) => format!("/check-in/{}", percent_encode(id)),
            Route::StaffAppointments => "/staff/appointments".to_owned(),
            Route::StaffCounter => "/staff/counter".to_owned(),
            Route::Stats { from, to } => period_href("/stats", from, to),
            Route::StaffStats { from, to } => period_href("/staff/stats", from, to),
            Route::Report => "/report".to_owned(),
            Route::GetHelp(code) if code.is_empty() => "/get-help".to_owned(),
            Route::GetHelp(code) => format!("/get-help?service={}", percent_encode(code)),
            Route::Posters => "/posters".to_owned(),
            Route::PosterSheet(category) => format!("/posters/{}", percent_encode(category)),
            Route::Poster(id) => format!("/t/{}/poster", percent_encode(id)),
            Route::StaffLogin => "/staff/login".to_owned(),
            Route::StaffPassword => "/staff/password".to_owned(),
            Route::StaffHome => "/staff".to_owned(),
            Route::StaffAccounts => "/staff/accounts".to_owned(),
            Route::StaffAccount(name) => format!("/staff/accounts/{}", percent_encode(name)),
            Route::StaffCase(ticket) => format!("/staff/tickets/{}", percent_encode(ticket)),
            Route::StaffAudit => "/staff/audit".to_owned(),
            Route::StaffKiosks => "/staff/kiosks".to_owned(),
            Route::StaffHelpers => "/staff/helpers".to_owned(),
            Route::StaffBadRatings => "/staff/bad-ratings".to_owned(),
            Route::KioskEnrol => "/kiosk/enrol".to_owned(),
            Route::NotFound => "/404".to_owned(),
        }
    }
}

/// `path` with the period's days as its query, leaving out those not given.
fn period_href(path: &str, from: &str, to: &str) -> String {
    let query: Vec<String> = [("from", from), ("to", to)]
        .into_iter()
        .filter(|(_, day)| !day.trim().is_empty())
        .map(|(name, day)| format!("{name}={}", percent_encode(day.trim())))
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// The decoded value of `name` in a query string such as `?q=%E5%8A%9E+x`.
fn query_value(search: &str, name: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| percent_decode(&value.replace('+', " ")))
}

/// Decodes `%XX` escapes as UTF-8; malformed escapes are kept as they are.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes everything but unreserved characters (RFC 3986), as `encodeURIComponent` does for
/// the characters that matter here.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_parses_from_its_url_and_writes_it_back() {
        let routes = [
            Route::Home {
                query: String::new(),
            },
            Route::Home {
                query: "完税 证明".into(),
            },
            Route::Category("tax".into()),
            Route::Service("tax-payment-certificate".into()),
            Route::Apply("tax-payment-certificate".into()),
            Route::Check("tax-payment-certificate".into()),
            Route::Tutorial("TX03".into()),
            Route::Done("BS-20261122-0042".into()),
            Route::Track,
            Route::Ticket("BS-20261122-0042".into()),
            Route::Scan,
            Route::Report,
            Route::GetHelp(String::new()),
            Route::GetHelp("id-card-renewal".into()),
            Route::Posters,
            Route::PosterSheet("tax".into()),
            Route::Poster("TX03".into()),
            Route::StaffLogin,
            Route::StaffPassword,
            Route::StaffHome,
            Route::StaffAccounts,
            Route::StaffAccount("officer.li".into()),
            Route::StaffCase("BS-20261122-0042".into()),
            Route::StaffAudit,
            Route::StaffKiosks,
            Route::StaffHelpers,
            Route::StaffBadRatings,
            Route::KioskEnrol,
            Route::Hall(String::new()),
            Route::Hall("main".into()),
            Route::Queue {
                number: "A018".into(),
                hall: "main".into(),
            },
            Route::Queue {
                number: "B002".into(),
                hall: String::new(),
            },
            Route::Board(String::new()),
            Route::Board("main".into()),
            Route::Book(String::new()),
            Route::Book("main".into()),
            Route::Booking {
                reference: "K7M2QX9A".into(),
                hall: "main".into(),
            },
            Route::CheckIn(String::new()),
            Route::CheckIn("main".into()),
            Route::StaffAppointments,
            Route::StaffCounter,
            Route::Stats {
                from: String::new(),
                to: String::new(),
            },
            Route::Stats {
                from: "2026-01-01".into(),
                to: "2026-06-30".into(),
            },
            Route::StaffStats {
                from: String::new(),
                to: "2026-06-30".into(),
            },
        ];
        for route in routes {
            let href = route.href();
            let (path, search) = href.split_once('?').unwrap_or((&href, ""));
            assert_eq!(Route::parse(path, search), route, "{href}");
        }
    }

    #[test]
    fn qr_urls_with_trailing_slashes_and_escapes_still_open_their_page() {
        assert_eq!(Route::parse("/t/TX03/", ""), Route::Tutorial("TX03".into()));
        assert_eq!(Route::parse("/s/a%20b", ""), Route::Service("a b".into()));
        assert_eq!(
            Route::parse("/", "?q=%E5%AE%8C%E7%A8%8E+%E8%AF%81%E6%98%8E&x=1"),
            Route::Home {
                query: "完税 证明".into()
            }
        );
    }

    #[test]
    fn printed_uppercase_qr_urls_open_their_page_with_parameters_intact() {
        assert_eq!(Route::parse("/T/TX01", ""), Route::Tutorial("TX01".into()));
        assert_eq!(Route::parse("/T/tx01", ""), Route::Tutorial("tx01".into()));
        assert_eq!(
            Route::parse("/TRACK/BS-20261122-0042", ""),
            Route::Ticket("BS-20261122-0042".into())
        );
        assert_eq!(
            Route::parse("/S/Check/CHECK", ""),
            Route::Check("Check".into())
        );
        assert_eq!(
            Route::parse("/staff/tickets/bs-20261122-0042", ""),
            Route::StaffCase("BS-20261122-0042".into()),
            "a reference number typed in lowercase opens its case"
        );
    }

    #[test]
    fn unknown_and_malformed_urls_are_not_found_without_panicking() {
        for path in ["/t", "/t/a/b", "/nope", "/s/x/delete", "/track/a/b", "/%"] {
            assert_eq!(Route::parse(path, ""), Route::NotFound, "{path}");
        }
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%E5%8A"), "\u{fffd}");
    }

    #[test]
    fn parameters_cannot_break_out_of_their_segment() {
        let route = Route::Service("../admin?x=1#y".into());
        assert_eq!(route.href(), "/s/..%2Fadmin%3Fx%3D1%23y");
    }
}
