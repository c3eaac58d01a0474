//! The audit log: who did what to the program's people, orgs and settings, when and from where.
//! Append-only (the database refuses updates and deletes). An entry about a change is written in
//! the change's own transaction with `record_audit!`, so neither is ever without the other.

use super::{Db, Timestamp};
use crate::domain::audit::AuditKind;
use crate::with_db;

/// Who acted: a signed-in person, or someone known only by what they typed and their address.
#[derive(Debug, Clone, Default)]
pub struct AuditActor {
    pub user_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub client_addr: String,
}

/// One event, about `subject` (an address, an org's name, a date, ...), with data in `detail`.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub kind: AuditKind,
    pub actor: &'a AuditActor,
    pub subject: &'a str,
    pub detail: &'a str,
    pub org_id: Option<i64>,
}

pub const INSERT: &str = "INSERT INTO audit_log (at, kind, actor_id, actor_name, actor_email, client_addr, subject, detail, org_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// Appends an entry inside the caller's transaction: `record_audit!(&mut *tx, &entry, now)`.
#[macro_export]
macro_rules! record_audit {
    ($conn:expr, $entry:expr, $now:expr) => {
        sqlx::query($crate::db::audit::INSERT)
            .bind($now)
            .bind($entry.kind.as_str())
            .bind($entry.actor.user_id)
            .bind(&$entry.actor.name)
            .bind(&$entry.actor.email)
            .bind(&$entry.actor.client_addr)
            .bind($entry.subject)
            .bind($entry.detail)
            .bind($entry.org_id)
            .execute($conn)
            .await
    };
}

/// Appends an entry on its own (for events that change nothing else, such as a sign-in).
pub async fn record(db: &Db, entry: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<()> {
    with_db!(db, pool => record_audit!(pool, entry, now).map(|_| ()))
}

/// An entry as the log shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: i64,
    pub at: Timestamp,
    pub kind: String,
    pub actor_name: String,
    pub actor_email: String,
    pub client_addr: String,
    pub subject: String,
    pub detail: String,
}

impl AuditRecord {
    pub fn kind(&self) -> Option<AuditKind> {
        AuditKind::parse(&self.kind)
    }
}

/// Which entries to show: by the actor's e-mail address, kind and date range (`until` exclusive).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub person: Option<String>,
    pub kind: Option<AuditKind>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

/// Entries matching the filter, newest first, older than `before` (the keyset of the next page).
pub async fn list(db: &Db, filter: &AuditFilter, before: Option<i64>, limit: i64) -> sqlx::Result<Vec<AuditRecord>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT id, at, kind, actor_name, actor_email, client_addr, subject, detail FROM audit_log
         WHERE ($1 IS NULL OR actor_email = $1) AND ($2 IS NULL OR kind = $2)
           AND ($3 IS NULL OR at >= $3) AND ($4 IS NULL OR at < $4) AND ($5 IS NULL OR id < $5)
         ORDER BY id DESC LIMIT $6")
        .bind(filter.person.as_deref())
        .bind(filter.kind.map(AuditKind::as_str))
        .bind(filter.since)
        .bind(filter.until)
        .bind(before)
        .bind(limit)
        .fetch_all(pool)
        .await)
}
