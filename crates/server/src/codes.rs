//! Secrets and digests: access codes, their stored digests, request fingerprints and
//! constant-time comparison.

use sha2::{Digest, Sha256};

/// Characters of access codes: digits and capitals without 0/O, 1/I/L, so that a code read
/// aloud or copied from paper survives.
pub const ACCESS_CODE_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Length of an access code: 31^8 ≈ 2^39.6 possibilities.
pub const ACCESS_CODE_LENGTH: usize = 8;

/// A fresh random access code from the operating system's generator.
///
/// # Errors
/// If the operating system cannot supply randomness.
pub fn new_access_code() -> Result<String, getrandom::Error> {
    let mut code = String::with_capacity(ACCESS_CODE_LENGTH);
    while code.len() < ACCESS_CODE_LENGTH {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)?;
        // 248 = 8 × 31: rejecting larger bytes keeps every character equally likely.
        for b in bytes.into_iter().filter(|&b| b < 248) {
            if code.len() < ACCESS_CODE_LENGTH {
                code.push(ACCESS_CODE_ALPHABET[(b % 31) as usize] as char);
            }
        }
    }
    Ok(code)
}

/// A fresh queue-number token: three access codes' worth of characters (about 119 bits).
///
/// # Errors
/// If the operating system cannot supply randomness.
pub fn new_queue_token() -> Result<String, getrandom::Error> {
    Ok(new_access_code()? + &new_access_code()? + &new_access_code()?)
}

/// A fresh six-digit code to send by SMS, every code equally likely.
///
/// # Errors
/// If the operating system cannot supply randomness.
pub fn new_phone_code() -> Result<String, getrandom::Error> {
    loop {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes)?;
        let n = u32::from_le_bytes(bytes);
        // 4,294,000,000 is the largest multiple of a million that fits: no digit favoured.
        if n < 4_294_000_000 {
            return Ok(format!("{:06}", n % 1_000_000));
        }
    }
}

/// Normalises what a citizen typed as an access code: upper case, no spaces or hyphens.
pub fn normalise_access_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect::<String>()
        .to_ascii_uppercase()
}

/// A mobile number as stored for search: digits only, without China's +86 / 0086 prefix.
pub fn normalise_phone(typed: &str) -> String {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    for prefix in ["0086", "86"] {
        if let Some(rest) = digits.strip_prefix(prefix)
            && rest.len() == 11
        {
            return rest.to_owned();
        }
    }
    digits
}

/// Hex SHA-256 of `text`.
pub fn digest(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// HMAC-SHA256 (RFC 2104) of `message` under `key`, as hex, truncated to 128 bits: enough
/// to make a paging token tamper-proof.
pub fn sign(key: &[u8; 32], message: &str) -> String {
    let pad = |byte: u8| {
        key.iter()
            .map(|k| k ^ byte)
            .chain([byte; 32])
            .collect::<Vec<u8>>()
    };
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message.as_bytes())
        .finalize();
    let outer = Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize();
    outer[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len()
        && !b.is_empty()
        && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_is_hmac_sha256() {
        // RFC 4231 test case 2; a short key is zero-padded, so "Jefe" + zeros is "Jefe".
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(b"Jefe");
        assert_eq!(
            sign(&key, "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c7"
        );
    }

    #[test]
    fn access_codes_use_only_the_unambiguous_alphabet() {
        for _ in 0..200 {
            let code = new_access_code().expect("randomness");
            assert_eq!(code.len(), ACCESS_CODE_LENGTH);
            assert!(
                code.bytes().all(|b| ACCESS_CODE_ALPHABET.contains(&b)),
                "{code}"
            );
        }
    }

    #[test]
    fn typed_access_codes_are_normalised() {
        assert_eq!(normalise_access_code("abcd-efgh"), "ABCDEFGH");
        assert_eq!(normalise_access_code(" k7 m9 "), "K7M9");
    }

    #[test]
    fn secrets_must_match_exactly_and_be_non_empty() {
        assert!(same_secret("token", "token"));
        assert!(!same_secret("token", "tokem"));
        assert!(!same_secret("", ""));
    }
}
