//! Partner orgs and their MPN IDs.

use super::{BeginWrite, Db, Timestamp};
use crate::with_db;

pub async fn create_org(db: &Db, name: &str, mpn_ids: &[String], now: Timestamp) -> sqlx::Result<i64> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO orgs (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(name)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        for mpn_id in mpn_ids {
            sqlx::query("INSERT INTO org_mpn_ids (org_id, mpn_id) VALUES ($1, $2)")
                .bind(id)
                .bind(mpn_id)
                .execute(&mut *tx)
                .await?;
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

/// The org's MPN IDs in order.
pub async fn mpn_ids(db: &Db, org_id: i64) -> sqlx::Result<Vec<String>> {
    with_db!(db, pool => sqlx::query_scalar("SELECT mpn_id FROM org_mpn_ids WHERE org_id = $1 ORDER BY mpn_id")
        .bind(org_id)
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
