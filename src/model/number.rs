//! Decimal numbers as citizens type them and as limits are shown, without the float
//! parsing and formatting machinery of `core` (about 10 KB of WebAssembly): plain decimals
//! are all a form needs.

/// Exact powers of ten as `f64`.
const POWERS_OF_TEN: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Reads a plain decimal such as `12`, `-3.5` or `１２．５` (full-width, as a Chinese input
/// method types it), ignoring thousands separators (`1,200` and `1，200`). Exponents and
/// anything else are refused. Up to 15 significant digits the result is the nearest `f64`,
/// as `str::parse` would give.
pub fn parse_decimal(typed: &str) -> Option<f64> {
    let mut chars = typed
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' | '．' | '－' | '＋' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .filter(|c| !matches!(c, ',' | '，'))
        .peekable();
    let negative = match chars.peek() {
        Some('-') => true,
        Some('+') => false,
        _ => {
            return digits_value(chars);
        }
    };
    chars.next();
    let value = digits_value(chars)?;
    Some(if negative { -value } else { value })
}

/// The value of `digits[.digits]`, with at least one digit.
fn digits_value(chars: impl Iterator<Item = char>) -> Option<f64> {
    let mut mantissa: u64 = 0;
    let mut significant = 0usize;
    let mut decimals = 0usize;
    let mut scale = 1.0f64;
    let mut seen_point = false;
    let mut seen_digit = false;
    for c in chars {
        match c {
            '0'..='9' => {
                seen_digit = true;
                let digit = u64::from(c as u8 - b'0');
                if seen_point {
                    // Digits past the 15th significant one, or the 15th decimal, are dropped.
                    if significant < 15 && decimals < 15 {
                        mantissa = mantissa * 10 + digit;
                        decimals += 1;
                        significant += usize::from(mantissa > 0);
                    }
                } else if significant < 15 {
                    mantissa = mantissa * 10 + digit;
                    significant += usize::from(mantissa > 0);
                } else {
                    scale *= 10.0;
                }
            }
            '.' if !seen_point => seen_point = true,
            _ => return None,
        }
    }
    if !seen_digit {
        return None;
    }
    // Both operands are exact, so the division rounds once: the nearest f64.
    Some(mantissa as f64 / POWERS_OF_TEN[decimals] * scale)
}

/// Shows `n` as a plain decimal with at most six decimals and no trailing zeros: `120`,
/// `0.5`, `-3.25`.
pub fn format_decimal(n: f64) -> String {
    let negative = n < 0.0;
    let micros = (n.abs() * 1e6).round();
    if !micros.is_finite() || micros >= 9.0e18 {
        return String::from("∞");
    }
    let micros = micros as u64;
    let mut shown = String::new();
    if negative && micros > 0 {
        shown.push('-');
    }
    shown.push_str(&(micros / 1_000_000).to_string());
    let fraction = micros % 1_000_000;
    if fraction > 0 {
        let digits = format!("{fraction:06}");
        shown.push('.');
        shown.push_str(digits.trim_end_matches('0'));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_read_as_the_standard_parser_reads_them() {
        for typed in [
            "0",
            "12",
            "-3.5",
            "0.1",
            "0.3",
            "123456.789",
            "+7",
            "00012",
            "1.",
        ] {
            assert_eq!(parse_decimal(typed), typed.parse::<f64>().ok(), "{typed}");
        }
        assert_eq!(parse_decimal(".5"), Some(0.5));
    }

    #[test]
    fn numbers_typed_with_a_chinese_input_method_or_separators_are_understood() {
        assert_eq!(parse_decimal(" １２．５ "), Some(12.5));
        assert_eq!(parse_decimal("1,200"), Some(1200.0));
        assert_eq!(parse_decimal("1，200.25"), Some(1200.25));
        assert_eq!(parse_decimal("－８"), Some(-8.0));
    }

    #[test]
    fn anything_but_a_plain_decimal_is_refused() {
        for typed in [
            "", "-", ".", "1e5", "12abc", "1.2.3", "--1", "一百", "NaN", "inf",
        ] {
            assert_eq!(parse_decimal(typed), None, "{typed}");
        }
    }

    #[test]
    fn long_numbers_keep_their_magnitude() {
        let n = parse_decimal("12345678901234567890").unwrap_or_default();
        assert!((n / 1.234_567_890_123_456_7e19 - 1.0).abs() < 1e-14);
        assert_eq!(parse_decimal("0.00000000000000000001"), Some(0.0));
    }

    #[test]
    fn limits_are_shown_without_float_noise() {
        assert_eq!(format_decimal(120.0), "120");
        assert_eq!(format_decimal(0.5), "0.5");
        assert_eq!(format_decimal(-3.25), "-3.25");
        assert_eq!(format_decimal(0.1 + 0.2), "0.3");
        assert_eq!(format_decimal(1e12), "1000000000000");
        assert_eq!(format_decimal(-0.0), "0");
    }
}
