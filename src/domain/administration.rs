//! The rules for what operators and applicants type: org names, MPN IDs, people, product codes,
//! holidays and partner applications. Pure; every refusal is a message key for the field.

use super::claim_form::{FieldErrors, is_mpn_id};
use super::contact::EmailAddress;
use super::text::{self, Lines, NAME_CHARS};
use chrono::NaiveDate;

/// The most MPN IDs typed at once.
pub const MAX_MPN_IDS: usize = 20;
/// The longest reason for a rejected application.
pub const REASON_CHARS: usize = 2000;

/// An org's name: one line, required, at most 200 characters.
pub fn org_name(errors: &mut FieldErrors, field: &'static str, typed: &str) -> String {
    match text::required(typed, NAME_CHARS, Lines::One) {
        Ok(name) => name,
        Err(problem) => {
            errors.add(field, problem.message_key());
            String::new()
        }
    }
}

/// One or more MPN IDs separated by commas, spaces or lines; each 1 to 20 letters or digits,
/// none twice.
pub fn mpn_ids(errors: &mut FieldErrors, field: &'static str, typed: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for item in typed.split([',', ' ', '\n', '\r', '\t']).map(str::trim).filter(|s| !s.is_empty()) {
        if !is_mpn_id(item) {
            errors.add(field, "error-mpn-format");
            return Vec::new();
        }
        if !ids.iter().any(|id| id == item) {
            ids.push(item.to_owned());
        }
    }
    if ids.is_empty() {
        errors.add(field, "error-required");
    } else if ids.len() > MAX_MPN_IDS {
        errors.add(field, "error-too-many");
        ids.clear();
    }
    ids
}

/// A person to invite: their name, and their e-mail address in lower case (the sign-in name).
pub fn person(errors: &mut FieldErrors, email: &str, name: &str) -> Option<(String, String)> {
    let address = EmailAddress::parse(email);
    if email.trim().is_empty() {
        errors.add("email", "error-required");
    } else if address.is_none() {
        errors.add("email", "error-email");
    }
    let name = match text::required(name, NAME_CHARS, Lines::One) {
        Ok(name) => Some(name),
        Err(problem) => {
            errors.add("name", problem.message_key());
            None
        }
    };
    Some((address?.as_ref().to_lowercase(), name?))
}

/// A product's code: 2 to 60 lower-case letters, digits and hyphens, starting with a letter.
pub fn product_code(errors: &mut FieldErrors, typed: &str) -> String {
    let code = typed.trim();
    let valid = (2..=60).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if code.is_empty() {
        errors.add("product_code", "error-required");
    } else if !valid {
        errors.add("product_code", "error-product-code");
    }
    code.to_owned()
}

/// A name (of a product or a holiday): one line, required, at most 200 characters.
pub fn name(errors: &mut FieldErrors, typed: &str) -> String {
    org_name(errors, "name", typed)
}

/// A holiday's date (YYYY-MM-DD, as a date input sends it).
pub fn holiday_date(errors: &mut FieldErrors, typed: &str) -> Option<NaiveDate> {
    let typed = typed.trim();
    if typed.is_empty() {
        errors.add("day", "error-required");
        return None;
    }
    let date = NaiveDate::parse_from_str(typed, "%Y-%m-%d").ok().filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)));
    if date.is_none() {
        errors.add("day", "error-date");
    }
    date
}

/// The reason an application is rejected: required, up to 2,000 characters, several lines.
pub fn reason(errors: &mut FieldErrors, typed: &str) -> String {
    match text::required(typed, REASON_CHARS, Lines::Many) {
        Ok(reason) => reason,
        Err(problem) => {
            errors.add("reason", problem.message_key());
            String::new()
        }
    }
}

/// What an applicant types on **Apply for partner access**.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ApplicationInput {
    #[serde(default)]
    pub org_name: String,
    #[serde(default)]
    pub mpn_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
}

/// An application as it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub org_name: String,
    pub mpn_id: String,
    pub applicant_name: String,
    pub applicant_email: String,
}

pub fn parse_application(input: &ApplicationInput) -> Result<Application, FieldErrors> {
    let mut errors = FieldErrors::default();
    let org_name = org_name(&mut errors, "org_name", &input.org_name);
    let mpn_id = input.mpn_id.trim();
    if mpn_id.is_empty() {
        errors.add("mpn_id", "error-required");
    } else if !is_mpn_id(mpn_id) {
        errors.add("mpn_id", "error-mpn-format");
    }
    let applicant = person(&mut errors, &input.email, &input.name);
    match applicant {
        Some((applicant_email, applicant_name)) if errors.is_empty() => {
            Ok(Application { org_name, mpn_id: mpn_id.to_owned(), applicant_name, applicant_email })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ApplicationInput {
        ApplicationInput {
            org_name: " Contoso Ltd ".into(),
            mpn_id: "4455667".into(),
            name: "Ana Applicant".into(),
            email: "Ana@Contoso.Test".into(),
        }
    }

    #[test]
    fn a_complete_application_is_trimmed_and_its_address_lower_cased() {
        let app = parse_application(&input()).expect("valid");
        assert_eq!(app.org_name, "Contoso Ltd");
        assert_eq!(app.applicant_email, "ana@contoso.test");
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = ApplicationInput { org_name: "".into(), mpn_id: "12 34".into(), name: "a\u{202E}b".into(), email: "nobody".into() };
        let errors = parse_application(&bad).expect_err("refused");
        assert_eq!(errors.get("org_name"), Some("error-required"));
        assert_eq!(errors.get("mpn_id"), Some("error-mpn-format"));
        assert_eq!(errors.get("name"), Some("error-control-characters"));
        assert_eq!(errors.get("email"), Some("error-email"));
    }

    #[test]
    fn mpn_ids_are_split_deduplicated_and_bounded() {
        let mut errors = FieldErrors::default();
        assert_eq!(mpn_ids(&mut errors, "mpn_ids", "111, 222\n111"), vec!["111".to_owned(), "222".to_owned()]);
        assert!(errors.is_empty());
        mpn_ids(&mut errors, "mpn_ids", "12-3");
        assert_eq!(errors.get("mpn_ids"), Some("error-mpn-format"));
        let mut errors = FieldErrors::default();
        let many: Vec<String> = (0..21).map(|i| format!("9{i:03}")).collect();
        assert!(mpn_ids(&mut errors, "mpn_ids", &many.join(",")).is_empty());
        assert_eq!(errors.get("mpn_ids"), Some("error-too-many"));
    }

    #[test]
    fn product_codes_and_holidays_are_checked() {
        let mut errors = FieldErrors::default();
        product_code(&mut errors, "copilot-studio");
        assert!(errors.is_empty());
        for bad in ["Copilot", "9lives", "a", "a b", "x/../y"] {
            let mut errors = FieldErrors::default();
            product_code(&mut errors, bad);
            assert_eq!(errors.get("product_code"), Some("error-product-code"), "{bad}");
        }
        let mut errors = FieldErrors::default();
        assert!(holiday_date(&mut errors, "2026-12-25").is_some());
        assert!(holiday_date(&mut errors, "2026-02-30").is_none());
        assert_eq!(errors.get("day"), Some("error-date"));
    }
}
