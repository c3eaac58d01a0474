//! Where to go back to after a form (`next`): only a path on this site, never another site.

use super::error::AppError;
use url::{Position, Url};

/// The path to follow for `next`: itself when it is a same-origin relative path, else `/`. A
/// control character anywhere (a tab that browsers drop, a CR/LF that would split a header) is a
/// malformed request: 400.
pub fn safe_next(next: &str) -> Result<String, AppError> {
    if next.chars().any(char::is_control) {
        return Err(AppError::BadRequest("error-page-bad-request"));
    }
    Ok(local_path(next).unwrap_or_else(|| "/".into()))
}

fn local_path(next: &str) -> Option<String> {
    if !next.starts_with('/') || next.starts_with("//") || next.contains('\\') {
        return None;
    }
    let base = Url::parse("http://portal.invalid/").ok()?;
    let joined = base.join(next).ok()?;
    (joined.origin() == base.origin()).then(|| joined[Position::BeforePath..].to_owned())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        for good in ["/claims?q=x", "/", "/claims/CP-1234-5678#poe", "/review?q=%20a"] {
            assert_eq!(safe_next(good).ok().as_deref(), Some(good));
        }
        for bad in ["https://evil.test", "//evil.test", "/\\evil.test", "", "claims", "/%5C/evil.test/..\\x", "\\\\evil.test", "/a\\b"] {
            assert_eq!(safe_next(bad).ok().as_deref(), Some("/"), "{bad}");
        }
    }

    #[test]
    fn control_characters_are_a_bad_request() {
        for bad in ["/\t/evil.example", "/\r\nSet-Cookie: x=1", "/\n", "/\0", "/\u{1b}[31m"] {
            assert!(safe_next(bad).is_err(), "{bad:?}");
        }
    }
}
