//! The QR codes the portal prints, shows and reads: the short URLs they carry, their drawing,
//! and decoding camera images (the scanner's fallback where the browser has no decoder).
//! The fixed parts of a URL are uppercase, so the code can use QR's denser alphanumeric
//! mode; codes are made at error-correction level Q, with the standard 4-module quiet zone.

use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};

use super::route::percent_encode;

/// What starts the fragment of a carry-it-home URL, before the access code.
pub const CARRIED_CODE: &str = "code=";

/// Light modules around a code, as the QR standard asks for.
pub const QUIET_ZONE: usize = 4;

/// What a tutorial's poster carries: `HTTPS://HALL.EXAMPLE/T/{id}`. Scheme and host are
/// case-insensitive and the portal reads `/T/` as `/t/`; the id is kept as it is.
pub fn tutorial_url(origin: &str, id: &str) -> String {
    format!("{}/T/{}", origin.to_ascii_uppercase(), percent_encode(id))
}

/// What a ticket's carry-it-home code holds: `…/TRACK/{ticket}#code={access code}`. The access
/// code is in the fragment, which browsers never send to a server; the `code=` prefix keeps it
/// apart from in-page anchors such as the skip link's `#main`.
pub fn ticket_url(origin: &str, ticket: &str, access_code: &str) -> String {
    format!(
        "{}/TRACK/{}#{CARRIED_CODE}{}",
        origin.to_ascii_uppercase(),
        percent_encode(ticket),
        percent_encode(access_code)
    )
}

/// A QR code's modules, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side.
    pub width: usize,
    /// Row-major; `true` is dark.
    pub dark: Vec<bool>,
}

impl QrMatrix {
    /// The smallest code at level Q that holds `payload`; `None` if it is too long for any.
    pub fn encode(payload: &str) -> Option<QrMatrix> {
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::Q).ok()?;
        Some(QrMatrix {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// Modules per side including the quiet zone on both sides.
    pub fn side_with_quiet_zone(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// An SVG drawing, one unit per module, quiet zone included; it scales to its container.
    /// It is decorative to assistive technology: the page names what the code holds.
    pub fn svg(&self) -> String {
        let side = self.side_with_quiet_zone();
        let mut path = String::new();
        for (i, _) in self.dark.iter().enumerate().filter(|(_, dark)| **dark) {
            let (x, y) = (i % self.width + QUIET_ZONE, i / self.width + QUIET_ZONE);
            let _ = write!(path, "M{x} {y}h1v1h-1z");
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
             shape-rendering=\"crispEdges\" aria-hidden=\"true\" focusable=\"false\">\
             <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
             <path d=\"{path}\" fill=\"#000\"/></svg>"
        )
    }
}

/// The text of the first QR code found in a greyscale image of `width` × `height` pixels,
/// read with `rqrr`. `luma` gives each pixel's brightness, 0 (black) to 255 (white).
pub fn decode_greyscale(
    width: usize,
    height: usize,
    luma: impl FnMut(usize, usize) -> u8,
) -> Option<String> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, luma);
    image
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// The greatest distance, in centimetres, from which a code printed `side_cm` wide scans
/// reliably: the printed side should be at least a tenth of the scanning distance.
pub fn scanning_distance_cm(side_cm: u32) -> u32 {
    side_cm * 10
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `matrix` four pixels per module and decodes it as the scanner does.
    fn decode(matrix: &QrMatrix) -> String {
        let scale = 4;
        let side = matrix.side_with_quiet_zone() * scale;
        let modules = QUIET_ZONE..QUIET_ZONE + matrix.width;
        decode_greyscale(side, side, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let inside = modules.contains(&mx) && modules.contains(&my);
            let dark = inside && matrix.dark[(my - QUIET_ZONE) * matrix.width + mx - QUIET_ZONE];
            if dark { 0 } else { 255 }
        })
        .unwrap_or_default()
    }

    #[test]
    fn poster_and_ticket_codes_decode_to_their_exact_urls() {
        for url in [
            tutorial_url("https://hall.example.gov.cn", "TX01"),
            tutorial_url("http://127.0.0.1:8080", "cp04"),
            ticket_url("http://127.0.0.1:8080", "BS-20261122-0042", "K7M9QX3D"),
        ] {
            let matrix = QrMatrix::encode(&url).expect("a short URL fits");
            assert_eq!(decode(&matrix), url);
        }
    }

    #[test]
    fn uppercase_urls_make_smaller_codes() {
        let upper = QrMatrix::encode(&tutorial_url("https://hall.example.gov.cn", "TX01"));
        let lower = QrMatrix::encode("https://hall.example.gov.cn/t/TX01");
        assert!(upper.map(|m| m.width) < lower.map(|m| m.width));
    }

    #[test]
    fn ids_and_codes_keep_their_case_and_are_escaped() {
        assert_eq!(tutorial_url("http://a.b", "tx 1"), "HTTP://A.B/T/tx%201");
        assert_eq!(
            ticket_url("https://a.b", "BS-1", "K7M9"),
            "HTTPS://A.B/TRACK/BS-1#code=K7M9"
        );
    }

    #[test]
    fn the_drawing_has_the_quiet_zone_and_one_square_per_dark_module() {
        let matrix = QrMatrix::encode("HTTP://A.B/T/TX01").expect("fits");
        let svg = matrix.svg();
        let side = matrix.width + 8;
        assert!(svg.contains(&format!("viewBox=\"0 0 {side} {side}\"")));
        let dark = matrix.dark.iter().filter(|d| **d).count();
        assert_eq!(svg.matches("h1v1h-1z").count(), dark);
        assert!(
            svg.contains("M4 4h1v1h-1z"),
            "the finder pattern starts after the quiet zone"
        );
    }

    #[test]
    fn a_ten_centimetre_code_scans_from_a_metre() {
        assert_eq!(scanning_distance_cm(10), 100);
    }
}
