//! Program administration: the operators' pages. Every handler asks `SignedIn::operator` first
//! (403 for anyone else) and records what it changes in the audit log, in the change's own
//! transaction.

pub mod applications;
pub mod audit;
pub mod calendar;
pub mod mail;
pub mod orgs;
pub mod overview;
pub mod people;
pub mod products;

use crate::db::audit::{AuditActor, AuditEntry};
use crate::domain::audit::AuditKind;

/// The confirmation to show after a change: `done` if it is one of the page's own keys (a
/// closed set, so nothing typed into the address is ever shown or looked up).
pub fn confirmed(done: Option<&str>, keys: &[&'static str]) -> Option<&'static str> {
    done.and_then(|d| keys.iter().find(|k| **k == d).copied())
}

/// The `?done=` of a page after a change.
#[derive(serde::Deserialize)]
pub struct DoneQuery {
    pub done: Option<String>,
}

/// The last segment of a route that turns something on or off: `deactivate` or `reactivate`
/// (people, orgs), `retire` or `restore` (products). The route's pattern admits only these.
pub struct Switch(pub bool);

impl Switch {
    /// Whether the thing is on (active, offered) after the switch.
    pub fn on(segment: &str) -> Switch {
        Switch(matches!(segment, "reactivate" | "restore"))
    }
}

/// An audit entry about `subject` by `actor`.
pub fn entry<'a>(kind: AuditKind, actor: &'a AuditActor, subject: &'a str, detail: &'a str, org_id: Option<i64>) -> AuditEntry<'a> {
    AuditEntry { kind, actor, subject, detail, org_id }
}

/// Program administration's navigation: each section's path, translation key, and whether it is
/// the page shown.
pub fn sections(current: &str) -> Vec<(&'static str, &'static str, bool)> {
    SECTIONS.iter().map(|(path, key)| (*path, *key, *path == current)).collect()
}

/// The sections of Program administration: path and translation key.
const SECTIONS: [(&str, &str); 8] = [
    ("/admin", "admin-overview"),
    ("/admin/applications", "admin-applications"),
    ("/admin/orgs", "admin-orgs"),
    ("/admin/people", "admin-people"),
    ("/admin/products", "admin-products"),
    ("/admin/calendar", "admin-calendar"),
    ("/admin/mail", "admin-mail"),
    ("/admin/audit", "admin-audit"),
];
