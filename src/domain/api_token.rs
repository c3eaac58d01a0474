//! API tokens: an org's own systems call `/api/v1` with one. A global admin creates it with a
//! name, a scope and an expiry of at most a year; it is shown once and kept only as a hash. What a
//! token may do is decided here, from its scope, and never more than its creator's role allows.

use super::claim_form::FieldErrors;
use super::role::{Permission, Role};
use super::text::{self, Lines};
use chrono::{DateTime, Duration, Utc};

/// The longest token name.
pub const NAME_CHARS: usize = 80;
/// The longest life of a token.
pub const MAX_DAYS: i64 = 365;
/// The most live tokens an org may hold.
pub const MAX_PER_ORG: i64 = 50;
/// What every token starts with, so secret scanners and people can recognise one.
pub const PREFIX: &str = "cpor_";
/// How many characters of a token are kept and shown to tell tokens apart.
pub const HINT_CHARS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// See the org's claims, PoE, comments and history.
    Read,
    /// Also create, edit, upload, submit, resubmit, request rejection, dispute and comment.
    ReadWrite,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::Read, Scope::ReadWrite];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::ReadWrite => "read-write",
        }
    }

    pub fn parse(code: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.as_str() == code)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Scope::Read => "api-scope-read",
            Scope::ReadWrite => "api-scope-read-write",
        }
    }

    /// Whether a token of this scope, made by someone of `creator_role`, may act with
    /// `permission`: a read token only reads; neither does more than the creator's role.
    pub fn permits(self, creator_role: Role, permission: Permission) -> bool {
        let in_scope = match self {
            Scope::Read => permission == Permission::ViewOrgClaims,
            Scope::ReadWrite => matches!(
                permission,
                Permission::ViewOrgClaims | Permission::EditClaims | Permission::Comment | Permission::WithdrawOrDispute
            ),
        };
        in_scope && creator_role.may(permission)
    }
}

/// A token as the creation form asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    pub name: String,
    pub scope: Scope,
    pub expires_at: DateTime<Utc>,
}

/// Checks the creation form: a name, a scope, and a life of 1 to 365 days from `now`.
pub fn parse_new(name: &str, scope: &str, days: &str, now: DateTime<Utc>) -> Result<NewToken, FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = text::required(name, NAME_CHARS, Lines::One).unwrap_or_else(|problem| {
        errors.add("name", problem.message_key());
        String::new()
    });
    let scope = Scope::parse(scope);
    if scope.is_none() {
        errors.add("scope", "error-choose-one");
    }
    let days = match days.trim().parse::<i64>() {
        Ok(days) if (1..=MAX_DAYS).contains(&days) => Some(days),
        _ => {
            errors.add("days", "error-api-token-days");
            None
        }
    };
    match (scope, days, errors.is_empty()) {
        (Some(scope), Some(days), true) => Ok(NewToken { name, scope, expires_at: now + Duration::days(days) }),
        _ => Err(errors),
    }
}

/// Whether a token's secret has the shape of ours (checked before any lookup).
pub fn well_formed(secret: &str) -> bool {
    secret.strip_prefix(PREFIX).is_some_and(|rest| rest.len() == 64 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A token is used while it is neither revoked nor expired.
pub fn usable(revoked: bool, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    !revoked && now < expires_at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").expect("time").with_timezone(&Utc)
    }

    #[test]
    fn read_tokens_only_read_and_no_token_exceeds_its_creator() {
        assert!(Scope::Read.permits(Role::GlobalAdmin, Permission::ViewOrgClaims));
        for write in [Permission::EditClaims, Permission::Comment, Permission::WithdrawOrDispute, Permission::ManageUsers] {
            assert!(!Scope::Read.permits(Role::GlobalAdmin, write), "{write:?}");
        }
        assert!(Scope::ReadWrite.permits(Role::GlobalAdmin, Permission::EditClaims));
        assert!(!Scope::ReadWrite.permits(Role::GlobalAdmin, Permission::ManageUsers), "users stay on the pages");
        assert!(!Scope::ReadWrite.permits(Role::BillingAdmin, Permission::EditClaims), "a creator's role bounds the token");
        assert!(!Scope::ReadWrite.permits(Role::Reviewer, Permission::Review));
    }

    #[test]
    fn the_form_is_checked_whole() {
        let token = parse_new(" CRM sync ", "read-write", "90", now()).expect("valid");
        assert_eq!(token, NewToken { name: "CRM sync".into(), scope: Scope::ReadWrite, expires_at: now() + Duration::days(90) });
        assert!(parse_new("x", "read", "365", now()).is_ok());
        let errors = parse_new("", "admin", "366", now()).expect_err("three problems");
        assert_eq!(errors.get("name"), Some("error-required"));
        assert_eq!(errors.get("scope"), Some("error-choose-one"));
        assert_eq!(errors.get("days"), Some("error-api-token-days"));
        for days in ["0", "-1", "1.5", "", "a year"] {
            assert_eq!(parse_new("x", "read", days, now()).expect_err(days).get("days"), Some("error-api-token-days"));
        }
        assert!(parse_new("bad\u{202e}name", "read", "1", now()).is_err());
    }

    #[test]
    fn secrets_are_recognised_before_any_lookup() {
        assert!(well_formed(&format!("cpor_{}", "ab".repeat(32))));
        for bad in ["", "cpor_", "cpor_xyz", &"ab".repeat(34), &format!("CPOR_{}", "ab".repeat(32)), &format!("cpor_{}", "zz".repeat(32))] {
            assert!(!well_formed(bad), "{bad}");
        }
    }

    #[test]
    fn a_token_works_until_it_expires_or_is_revoked() {
        assert!(usable(false, now() + Duration::seconds(1), now()));
        assert!(!usable(false, now(), now()));
        assert!(!usable(true, now() + Duration::days(1), now()));
    }
}
