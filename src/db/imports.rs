//! Imports of associations: the rows of an uploaded spreadsheet, kept between checking them and
//! creating the valid ones (`claims::insert_all` marks an import done in its transaction).

use super::{Db, Timestamp};
use crate::with_db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImportRecord {
    pub id: i64,
    pub public_id: String,
    pub file_name: String,
    pub rows_json: String,
    pub locale: String,
    pub created_at: Timestamp,
    pub done_at: Option<Timestamp>,
    pub created_claims: Option<i64>,
}

impl ImportRecord {
    /// Every row's cells, the heading row first.
    pub fn rows(&self) -> Vec<Vec<String>> {
        serde_json::from_str(&self.rows_json).unwrap_or_default()
    }
}

pub struct NewImport<'a> {
    pub public_id: &'a str,
    pub org_id: i64,
    pub user_id: i64,
    pub file_name: &'a str,
    pub rows: &'a [Vec<String>],
    pub locale: &'a str,
}

pub async fn create(db: &Db, new: &NewImport<'_>, now: Timestamp) -> sqlx::Result<()> {
    let rows = serde_json::to_string(new.rows).unwrap_or_else(|_| "[]".into());
    with_db!(db, pool => sqlx::query(
        "INSERT INTO claim_imports (public_id, org_id, user_id, file_name, rows_json, locale, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(new.public_id)
        .bind(new.org_id)
        .bind(new.user_id)
        .bind(new.file_name)
        .bind(&rows)
        .bind(new.locale)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// One of the org's imports.
pub async fn find(db: &Db, org_id: i64, public_id: &str) -> sqlx::Result<Option<ImportRecord>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT id, public_id, file_name, rows_json, locale, created_at, done_at, created_claims FROM claim_imports WHERE org_id = $1 AND public_id = $2")
        .bind(org_id)
        .bind(public_id)
        .fetch_optional(pool)
        .await)
}

/// Forgets imports older than `before` (housekeeping).
pub async fn delete_older_than(db: &Db, before: Timestamp) -> sqlx::Result<u64> {
    with_db!(db, pool => sqlx::query("DELETE FROM claim_imports WHERE created_at < $1").bind(before).execute(pool).await.map(|r| r.rows_affected()))
}
