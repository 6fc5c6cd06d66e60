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
    let Some(rest) = rest else {
        return Scanned::Other(trimmed.to_owned());
    };
    if rest.is_empty() {
        return Scanned::Portal("/".to_owned());
    }
    if !rest.starts_with('/') || rest.starts_with("//") || rest.contains('\\') {
        return Scanned::Other(trimmed.to_owned());
    }
    let path_end = rest.find(['?', '#']).unwrap_or(rest.len());
    let search_end = rest.find('#').unwrap_or(rest.len()).max(path_end);
    let route = Route::parse(&rest[..path_end], &rest[path_end..search_end]);
    if route == Route::NotFound {
        return Scanned::Other(trimmed.to_owned());
    }
    // The portal's own spelling of the address, plus the fragment (a carried access code).
    Scanned::Portal(format!("{}{}", route.href(), &rest[search_end..]))
}

/// The page for a code typed by hand: a reference number (`BS-…`) opens its ticket, anything
/// else is taken as a tutorial id (`TX01`). The short address printed under a poster's code
/// (`hall.example/t/TX01`) works too. `None` when nothing usable was typed.
pub fn typed_code(typed: &str) -> Option<Route> {
    let code = normalise_code(typed);
    let code = ["/T/", "/TRACK/"]
        .iter()
        .find_map(|word| code.rsplit_once(word).map(|(_, id)| id.to_owned()))
        .unwrap_or(code);
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
            Scanned::Portal("/t/TX01".into())
        );
        assert_eq!(
            interpret(
                "https://hall.example.gov.cn/TRACK/BS-20261122-0042#code=K7M9QX3D",
                ORIGIN
            ),
            Scanned::Portal("/track/BS-20261122-0042#code=K7M9QX3D".into())
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
            "https://hall.example.gov.cn//evil.example/c/tax",
            "https://hall.example.gov.cn/\\evil.example",
            "https://hall.example.gov.cnx/t/TX01",
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
        assert_eq!(
            typed_code("hall.example.gov.cn/t/TX01"),
            Some(Route::Tutorial("TX01".into()))
        );
        assert_eq!(typed_code("   "), None);
        assert_eq!(typed_code("a/b"), None);
    }
}
