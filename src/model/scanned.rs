//! What a scanned QR code or a typed code means to the portal: an address of this portal,
//! opened in-app; or anything else, shown to the citizen and never opened blindly.

use super::format::normalise_code;
use super::route::Route;

/// The meaning of a scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scanned {
    /// An address of this portal: its path, query and fragment, to open in-app.
    Portal(String),
    /// Anything else, shown as text.
    Other(String),
}

/// Reads `text` from a QR code against this portal's `origin` (`https://hall.example`).
/// Scheme and host match in any case, as printed codes are uppercase; the address must name
/// a page of the portal.
pub fn interpret(text: &str, origin: &str) -> Scanned {
    let trimmed = text.trim();
    let rest = trimmed
        .get(..origin.len())
        .filter(|head| !origin.is_empty() && head.eq_ignore_ascii_case(origin))
        .map(|_| &trimmed[origin.len()..]);
    match rest {
        Some("") => Scanned::Portal("/".to_owned()),
        Some(rest) if rest.starts_with('/') => {
            let path_end = rest.find(['?', '#']).unwrap_or(rest.len());
            let search_end = rest.find('#').unwrap_or(rest.len());
            let search = rest.get(path_end..search_end).unwrap_or("");
            match Route::parse(&rest[..path_end], search) {
                Route::NotFound => Scanned::Other(trimmed.to_owned()),
                _ => Scanned::Portal(rest.to_owned()),
            }
        }
        _ => Scanned::Other(trimmed.to_owned()),
    }
}

/// The page for a code typed by hand: a reference number (`BS-…`) opens its ticket, anything
/// else is taken as a tutorial id (`TX01`). `None` when nothing usable was typed.
pub fn typed_code(typed: &str) -> Option<Route> {
    let code = normalise_code(typed);
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    Some(if code.starts_with("BS-") {
        Route::Ticket(code)
    } else {
        Route::Tutorial(code)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://hall.example.gov.cn";

    #[test]
    fn printed_poster_and_ticket_codes_open_in_the_portal() {
        assert_eq!(
            interpret("HTTPS://HALL.EXAMPLE.GOV.CN/T/TX01", ORIGIN),
            Scanned::Portal("/T/TX01".into())
        );
        assert_eq!(
            interpret(
                "https://hall.example.gov.cn/TRACK/BS-20261122-0042#K7M9QX3D",
                ORIGIN
            ),
            Scanned::Portal("/TRACK/BS-20261122-0042#K7M9QX3D".into())
        );
        assert_eq!(interpret(ORIGIN, ORIGIN), Scanned::Portal("/".into()));
    }

    #[test]
    fn other_sites_and_lookalike_hosts_are_only_shown() {
        for text in [
            "https://evil.example/t/TX01",
            "https://hall.example.gov.cn.evil.example/t/TX01",
            "https://hall.example.gov.cn@evil.example/",
            "WIFI:S:hall;T:WPA;P:secret;;",
            "https://hall.example.gov.cn/admin",
        ] {
            assert_eq!(
                interpret(text, ORIGIN),
                Scanned::Other(text.into()),
                "{text}"
            );
        }
    }

    #[test]
    fn typed_codes_open_a_ticket_or_a_tutorial() {
        assert_eq!(
            typed_code(" ｂｓ－２０２６１１２２－００４２ "),
            Some(Route::Ticket("BS-20261122-0042".into()))
        );
        assert_eq!(typed_code("tx01"), Some(Route::Tutorial("TX01".into())));
        assert_eq!(typed_code("   "), None);
        assert_eq!(typed_code("a/b"), None);
    }
}
