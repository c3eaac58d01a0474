//! Partner orgs and their MPN IDs.

use super::audit::AuditEntry;
use super::{BeginWrite, Db, Timestamp, is_unique_violation};
use crate::with_db;

/// Why an org could not be created or given an MPN ID.
#[derive(Debug, thiserror::Error)]
pub enum OrgError {
    #[error("the MPN ID {0} belongs to an org already")]
    MpnIdTaken(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Creates an org with its MPN IDs (each belongs to one org), recording `audit` with it.
pub async fn create_org(db: &Db, name: &str, mpn_ids: &[String], audit: Option<&AuditEntry<'_>>, now: Timestamp) -> Result<i64, OrgError> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO orgs (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(name)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        for mpn_id in mpn_ids {
            let inserted = sqlx::query("INSERT INTO org_mpn_ids (org_id, mpn_id) VALUES ($1, $2)").bind(id).bind(mpn_id).execute(&mut *tx).await;
            inserted.map_err(|e| taken_or(e, mpn_id))?;
        }
        if let Some(entry) = audit {
            crate::record_audit!(&mut *tx, AuditEntry { org_id: Some(id), ..entry.clone() }, now)?;
        }
        tx.commit().await?;
        Ok(id)
    })
}

pub async fn org_exists(db: &Db, org_id: i64) -> sqlx::Result<bool> {
    with_db!(db, pool => sqlx::query_scalar::<_, i64>("SELECT id FROM orgs WHERE id = $1")
        .bind(org_id)
        .fetch_optional(pool)
        .await
        .map(|row| row.is_some()))
}

/// The MPN IDs a claim of the org may name: those not retired, and `keep` (the claim's own,
/// which stays on it even when retired).
pub async fn mpn_ids(db: &Db, org_id: i64, keep: Option<&str>) -> sqlx::Result<Vec<String>> {
    with_db!(db, pool => sqlx::query_scalar(
        "SELECT mpn_id FROM org_mpn_ids WHERE org_id = $1 AND (retired_at IS NULL OR mpn_id = $2) ORDER BY mpn_id")
        .bind(org_id)
        .bind(keep)
        .fetch_all(pool)
        .await)
}

pub async fn org_name(db: &Db, org_id: i64) -> sqlx::Result<Option<String>> {
    with_db!(db, pool => sqlx::query_scalar("SELECT name FROM orgs WHERE id = $1")
        .bind(org_id)
        .fetch_optional(pool)
        .await)
}

/// A named fact about the installation (such as "demo data loaded"), set once.
pub async fn set_fact_once(db: &Db, name: &str, value: &str) -> sqlx::Result<bool> {
    with_db!(db, pool => sqlx::query("INSERT INTO portal_facts (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(value)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// A unique violation on an MPN ID means another org holds it.
fn taken_or(error: sqlx::Error, mpn_id: &str) -> OrgError {
    if is_unique_violation(&error) { OrgError::MpnIdTaken(mpn_id.to_owned()) } else { error.into() }
}

fn like_pattern(search: &str) -> String {
    let escaped: String =
        search.to_lowercase().chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
    format!("%{escaped}%")
}

/// An org as the operators see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrgSummary {
    pub id: i64,
    pub name: String,
    pub active: bool,
    /// Its MPN IDs, comma-separated.
    pub mpn_ids: Option<String>,
    pub users: i64,
}

/// Orgs whose name contains `search` (any case) or that hold it as an MPN ID, by name.
pub async fn list(db: &Db, search: &str, limit: i64) -> sqlx::Result<Vec<OrgSummary>> {
    let ids = if matches!(db, Db::Pg(..)) { "string_agg(m.mpn_id, ', ' ORDER BY m.mpn_id)" } else { "group_concat(m.mpn_id, ', ')" };
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT o.id, o.name, o.active,
                (SELECT {ids} FROM org_mpn_ids m WHERE m.org_id = o.id) AS mpn_ids,
                (SELECT COUNT(*) FROM users u WHERE u.org_id = o.id) AS users
         FROM orgs o
         WHERE $1 = '' OR lower(o.name) LIKE $2 ESCAPE '\\' OR o.id IN (SELECT org_id FROM org_mpn_ids WHERE mpn_id = $1)
         ORDER BY lower(o.name), o.id LIMIT $3"
    ));
    with_db!(db, pool => sqlx::query_as(sql).bind(search.trim()).bind(like_pattern(search.trim())).bind(limit).fetch_all(pool).await)
}

/// One org, by id.
pub async fn org(db: &Db, org_id: i64) -> sqlx::Result<Option<OrgSummary>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT o.id, o.name, o.active, NULL AS mpn_ids, (SELECT COUNT(*) FROM users u WHERE u.org_id = o.id) AS users
         FROM orgs o WHERE o.id = $1")
        .bind(org_id)
        .fetch_optional(pool)
        .await)
}

/// An MPN ID of an org: retired or not, and how many claims name it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrgMpnId {
    pub mpn_id: String,
    pub retired_at: Option<Timestamp>,
    pub claims: i64,
}

pub async fn org_mpn_ids(db: &Db, org_id: i64) -> sqlx::Result<Vec<OrgMpnId>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT m.mpn_id, m.retired_at,
                (SELECT COUNT(*) FROM (SELECT 1 FROM claims c WHERE c.mpn_id = m.mpn_id AND c.org_id = m.org_id LIMIT 1) x) AS claims
         FROM org_mpn_ids m WHERE m.org_id = $1 ORDER BY m.mpn_id")
        .bind(org_id)
        .fetch_all(pool)
        .await)
}

pub async fn rename(db: &Db, org_id: i64, name: &str, audit: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let changed = sqlx::query("UPDATE orgs SET name = $1 WHERE id = $2 AND name <> $1").bind(name).bind(org_id).execute(&mut *tx).await?.rows_affected() == 1;
        if changed {
            crate::record_audit!(&mut *tx, audit, now)?;
        }
        tx.commit().await?;
        Ok(changed)
    })
}

pub async fn add_mpn_ids(db: &Db, org_id: i64, mpn_ids: &[String], audit: &AuditEntry<'_>, now: Timestamp) -> Result<(), OrgError> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        for mpn_id in mpn_ids {
            let inserted = sqlx::query("INSERT INTO org_mpn_ids (org_id, mpn_id) VALUES ($1, $2)").bind(org_id).bind(mpn_id).execute(&mut *tx).await;
            inserted.map_err(|e| taken_or(e, mpn_id))?;
        }
        crate::record_audit!(&mut *tx, audit, now)?;
        tx.commit().await?;
        Ok(())
    })
}

/// What became of an MPN ID taken away from an org.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MpnRemoval {
    /// No claim named it: it is gone.
    Removed,
    /// A claim names it: it stays on its claims and is no longer offered.
    Retired,
    NotFound,
}

/// Locks an org's row for the rest of the transaction (PostgreSQL; SQLite's write transaction holds
/// the whole database already), so a per-org limit counted next stays true until the commit. Bind
/// the org's id.
pub(super) fn lock_org(db: &Db) -> sqlx::AssertSqlSafe<&'static str> {
    sqlx::AssertSqlSafe(match db {
        Db::Pg(..) => "SELECT id FROM orgs WHERE id = $1 FOR UPDATE",
        Db::Sqlite(..) => "SELECT id FROM orgs WHERE id = $1",
    })
}

/// Removes an MPN ID, or retires it when a claim names it (decided under the write lock, so a
/// claim created meanwhile is never left naming a removed ID). The audit entry's kind follows.
pub async fn remove_mpn_id(db: &Db, org_id: i64, mpn_id: &str, audit: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<MpnRemoval> {
    use crate::domain::audit::AuditKind;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let lock = if matches!(db, Db::Pg(..)) { " FOR UPDATE" } else { "" };
        let found: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT mpn_id FROM org_mpn_ids WHERE org_id = $1 AND mpn_id = $2{lock}")))
            .bind(org_id).bind(mpn_id).fetch_optional(&mut *tx).await?;
        if found.is_none() {
            return Ok(MpnRemoval::NotFound);
        }
        let named: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM claims WHERE org_id = $1 AND mpn_id = $2)")
            .bind(org_id).bind(mpn_id).fetch_one(&mut *tx).await?;
        let outcome = if named {
            sqlx::query("UPDATE org_mpn_ids SET retired_at = COALESCE(retired_at, $1) WHERE org_id = $2 AND mpn_id = $3")
                .bind(now).bind(org_id).bind(mpn_id).execute(&mut *tx).await?;
            MpnRemoval::Retired
        } else {
            sqlx::query("DELETE FROM org_mpn_ids WHERE org_id = $1 AND mpn_id = $2").bind(org_id).bind(mpn_id).execute(&mut *tx).await?;
            MpnRemoval::Removed
        };
        let kind = if named { AuditKind::MpnIdRetired } else { AuditKind::MpnIdRemoved };
        crate::record_audit!(&mut *tx, AuditEntry { kind, ..audit.clone() }, now)?;
        tx.commit().await?;
        Ok(outcome)
    })
}

/// Deactivates or reactivates an org. Deactivation ends every session of its people at once, in
/// the same transaction; they cannot sign in until it is reactivated.
pub async fn set_active(db: &Db, org_id: i64, active: bool, audit: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let changed = sqlx::query("UPDATE orgs SET active = $1 WHERE id = $2 AND active <> $1").bind(active).bind(org_id).execute(&mut *tx).await?.rows_affected() == 1;
        if changed {
            if !active {
                sqlx::query("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE org_id = $1)").bind(org_id).execute(&mut *tx).await?;
            }
            crate::record_audit!(&mut *tx, audit, now)?;
        }
        tx.commit().await?;
        Ok(changed)
    })
}
