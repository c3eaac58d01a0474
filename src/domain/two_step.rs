//! Two-step verification: time-based one-time codes (RFC 6238: HMAC-SHA1, 30-second steps, six
//! digits, one step of clock drift either way), each usable once, and single-use recovery codes.
//! Computed by totp-rs; what is accepted, and when, is decided here.

use totp_rs::{Algorithm, Builder, Secret};

pub const DIGITS: u8 = 6;
pub const STEP_SECONDS: u64 = 30;
/// Steps of clock drift accepted either side of now.
pub const DRIFT_STEPS: u16 = 1;
/// Bytes of a new secret (160 bits, as RFC 4226 recommends).
pub const SECRET_BYTES: usize = 20;
pub const RECOVERY_CODES: usize = 10;

/// A new random secret.
pub fn new_secret() -> Vec<u8> {
    use rand::RngCore;
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut secret);
    secret
}

/// The secret as people type it into an authenticator (base32, no padding).
pub fn secret_text(secret: &[u8]) -> String {
    Secret::from(secret).to_base32().trim_end_matches('=').to_owned()
}

/// The `otpauth://` address an authenticator reads from the QR code.
pub fn otpauth_url(secret: &[u8], issuer: &str, account: &str) -> String {
    let encode = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20");
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        encode(issuer),
        encode(account),
        secret_text(secret),
        encode(issuer)
    )
}

/// The time step a code is good for, if it is good at `unix_time` (within the drift) and newer
/// than `last_step`, the step of the last code accepted: so a code works once.
pub fn accept(secret: &[u8], code: &str, unix_time: u64, last_step: Option<u64>) -> Option<u64> {
    accept_with(secret, code, unix_time, last_step, DIGITS)
}

fn accept_with(secret: &[u8], code: &str, unix_time: u64, last_step: Option<u64>, digits: u8) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != digits as usize || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let totp = Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(digits)
        .with_skew(DRIFT_STEPS)
        .with_step_duration(STEP_SECONDS)
        .with_secret(secret.to_vec())
        .build_noncompliant();
    let step = totp.check(&code, unix_time)?;
    (last_step.is_none_or(|last| step > last)).then_some(step)
}

/// The code for `unix_time` (what an authenticator shows then).
pub fn code_at(secret: &[u8], unix_time: u64) -> String {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS)
        .with_skew(DRIFT_STEPS)
        .with_step_duration(STEP_SECONDS)
        .with_secret(secret.to_vec())
        .build_noncompliant()
        .generate(unix_time)
        .to_string()
}

/// Ten recovery codes, each 80 random bits written as 16 characters in groups of four.
pub fn new_recovery_codes() -> Vec<String> {
    use rand::RngCore;
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 10];
            rand::rng().fill_bytes(&mut bytes);
            let text = secret_text(&bytes).to_lowercase();
            text.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
        })
        .collect()
}

/// A recovery code as typed, in the one form it is stored (lower case, no spaces or dashes).
pub fn normalise_recovery_code(typed: &str) -> String {
    typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 secret and its eight-digit codes.
    const RFC_SECRET: &[u8] = b"12345678901234567890";
    const RFC_VECTORS: [(u64, &str); 6] = [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ];

    #[test]
    fn the_rfc_6238_test_vectors_pass() {
        for (time, code) in RFC_VECTORS {
            assert_eq!(accept_with(RFC_SECRET, code, time, None, 8), Some(time / STEP_SECONDS), "{time}");
        }
    }

    #[test]
    fn six_digit_codes_are_the_vectors_last_six_digits() {
        for (time, code) in RFC_VECTORS {
            assert!(accept(RFC_SECRET, &code[2..], time, None).is_some(), "{time}");
            assert!(accept(RFC_SECRET, "000000", time, None).is_none() || code.ends_with("000000"));
        }
    }

    #[test]
    fn one_step_of_drift_is_accepted_and_no_more() {
        let (time, code) = (1234567890, &RFC_VECTORS[3].1[2..]);
        assert!(accept(RFC_SECRET, code, time + STEP_SECONDS, None).is_some(), "one step late");
        assert!(accept(RFC_SECRET, code, time - STEP_SECONDS, None).is_some(), "one step early");
        assert!(accept(RFC_SECRET, code, time + 2 * STEP_SECONDS, None).is_none(), "two steps late");
    }

    #[test]
    fn the_code_shown_is_the_code_accepted() {
        let secret = new_secret();
        let code = code_at(&secret, 1_800_000_000);
        assert_eq!(code.len(), 6);
        assert_eq!(accept(&secret, &code, 1_800_000_000, None), Some(1_800_000_000 / STEP_SECONDS));
    }

    #[test]
    fn a_code_works_once() {
        let (time, code) = (1234567890, &RFC_VECTORS[3].1[2..]);
        let step = accept(RFC_SECRET, code, time, None).expect("first use");
        assert_eq!(accept(RFC_SECRET, code, time, Some(step)), None, "replayed");
        assert_eq!(accept(RFC_SECRET, "12345", time, None), None, "too short");
        assert_eq!(accept(RFC_SECRET, "12a456", time, None), None, "not digits");
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_normalise() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        assert!(codes.iter().all(|c| normalise_recovery_code(c).len() == 16));
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 10);
        assert_eq!(normalise_recovery_code(" ABCD-efgh ijkl-MNOP "), "abcdefghijklmnop");
    }

    #[test]
    fn the_secret_is_shown_in_base32_and_in_the_otpauth_address() {
        assert_eq!(secret_text(RFC_SECRET), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let url = otpauth_url(RFC_SECRET, "CPOR portal", "ana@contoso.com");
        assert!(url.starts_with("otpauth://totp/CPOR%20portal:ana%40contoso.com?secret=GEZDGNBVGY3TQOJQ"), "{url}");
    }
}
