//! What a new password must be (SPEC: at least 12 characters, not a common or breached one, not
//! containing the e-mail or the name). How guessable it is, is judged by zxcvbn, which knows the
//! common and breached passwords, keyboard walks, repeats and dates, and is told the person's
//! e-mail and name.

use zxcvbn::{Score, zxcvbn};

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// It contains the person's e-mail address or name.
    Personal,
    /// It is common, breached, or follows a pattern that is guessed early.
    Guessable,
}

impl PasswordProblem {
    pub fn message_key(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "error-password-short",
            PasswordProblem::TooLong => "error-too-long",
            PasswordProblem::Personal => "error-password-personal",
            PasswordProblem::Guessable => "error-password-guessable",
        }
    }
}

/// Whether `password` may be chosen by the person with this e-mail and name.
pub fn check(password: &str, email: &str, name: &str) -> Result<(), PasswordProblem> {
    let length = password.chars().count();
    if length < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if length > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or("");
    let name = name.trim().to_lowercase();
    let squeezed_name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let personal = [email.as_str(), local, squeezed_name.as_str()]
        .into_iter()
        .chain(name.split_whitespace().filter(|w| w.chars().count() >= 4))
        .any(|part| part.chars().count() >= 3 && lower.contains(part));
    if personal {
        return Err(PasswordProblem::Personal);
    }
    if zxcvbn(password, &[email.as_str(), local, name.as_str()]).score() < Score::Three {
        return Err(PasswordProblem::Guessable);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMAIL: &str = "grace.admin@fabrikam.example";
    const NAME: &str = "Grace Admin";

    #[test]
    fn long_unrelated_words_pass() {
        for good in ["correct horse battery staple", "Umbrella-Quartz-Lantern-42", "지하철 노선도 파란색 우산"] {
            assert_eq!(check(good, EMAIL, NAME), Ok(()), "{good}");
        }
    }

    #[test]
    fn short_and_overlong_passwords_are_refused() {
        assert_eq!(check("Xk9#qL2!", EMAIL, NAME), Err(PasswordProblem::TooShort));
        assert_eq!(check(&"a".repeat(257), EMAIL, NAME), Err(PasswordProblem::TooLong));
    }

    #[test]
    fn common_and_patterned_passwords_are_refused() {
        for bad in ["aaaaaaaaaaaa", "password1234", "123456789012", "qwertyuiopasdf", "iloveyou2024!", "Password123!"] {
            assert_eq!(check(bad, EMAIL, NAME), Err(PasswordProblem::Guessable), "{bad}");
        }
    }

    #[test]
    fn the_persons_email_and_name_are_refused() {
        for bad in ["grace.admin@fabrikam.example", "my grace.admin password", "GraceAdmin-2026-xyz", "admin-grace-long-pass"] {
            assert!(check(bad, EMAIL, NAME).is_err(), "{bad}");
        }
        assert_eq!(check("Grace.Admin loves kayaking", EMAIL, NAME), Err(PasswordProblem::Personal));
    }
}
