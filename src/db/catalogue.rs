//! The product catalogue as operators keep it: add, rename, retire (not offered on new claims,
//! kept on old ones), restore, and order within each solution area.

use super::audit::AuditEntry;
use super::{BeginWrite, Db, Timestamp, is_unique_violation};
use crate::domain::claim::SolutionArea;
use crate::domain::claim_form::CatalogueProduct;
use crate::with_db;

/// The products a claim may name: those not retired, and `keep` (the claim's own, which stay on
/// it), in catalogue order.
pub async fn offered(db: &Db, keep: &[String]) -> sqlx::Result<Vec<CatalogueProduct>> {
    let rows: Vec<(String, String, String, bool)> = with_db!(db, pool => sqlx::query_as(
        "SELECT code, name, solution_area, retired_at IS NOT NULL FROM products ORDER BY solution_area, sort_order, id")
        .fetch_all(pool)
        .await)?;
    Ok(rows
        .into_iter()
        .filter(|(code, _, _, retired)| !retired || keep.contains(code))
        .filter_map(|(code, name, area, _)| Some(CatalogueProduct { code, name, solution_area: SolutionArea::parse(&area)? }))
        .collect())
}

/// A product as operators see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Product {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub solution_area: String,
    pub retired_at: Option<Timestamp>,
}

pub async fn all(db: &Db) -> sqlx::Result<Vec<Product>> {
    with_db!(db, pool => sqlx::query_as("SELECT id, code, name, solution_area, retired_at FROM products ORDER BY solution_area, sort_order, id")
        .fetch_all(pool)
        .await)
}

pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<Product>> {
    with_db!(db, pool => sqlx::query_as("SELECT id, code, name, solution_area, retired_at FROM products WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await)
}

/// Adds a product at the end of its area; `false` when the code exists already.
pub async fn add(db: &Db, code: &str, name: &str, area: SolutionArea, audit: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO products (code, name, solution_area, sort_order)
             VALUES ($1, $2, $3, (SELECT COALESCE(MAX(sort_order), 0) + 10 FROM products WHERE solution_area = $3))")
            .bind(code)
            .bind(name)
            .bind(area.as_str())
            .execute(&mut *tx)
            .await;
        match inserted {
            Err(e) if is_unique_violation(&e) => return Ok(false),
            other => other?,
        };
        crate::record_audit!(&mut *tx, audit, now)?;
        tx.commit().await?;
        Ok(true)
    })
}

pub async fn rename(db: &Db, id: i64, name: &str, audit: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let changed = sqlx::query("UPDATE products SET name = $1 WHERE id = $2 AND name <> $1").bind(name).bind(id).execute(&mut *tx).await?.rows_affected() == 1;
        if changed {
            crate::record_audit!(&mut *tx, audit, now)?;
        }
        tx.commit().await?;
        Ok(changed)
    })
}

/// Retires (`retired = true`) or restores a product.
pub async fn set_retired(db: &Db, id: i64, retired: bool, audit: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let changed = if retired {
            sqlx::query("UPDATE products SET retired_at = $1 WHERE id = $2 AND retired_at IS NULL").bind(now).bind(id).execute(&mut *tx).await?
        } else {
            sqlx::query("UPDATE products SET retired_at = NULL WHERE id = $1 AND retired_at IS NOT NULL").bind(id).execute(&mut *tx).await?
        }
        .rows_affected() == 1;
        if changed {
            crate::record_audit!(&mut *tx, audit, now)?;
        }
        tx.commit().await?;
        Ok(changed)
    })
}

/// Moves a product one place up (`up`) or down within its area, swapping it with its neighbour.
pub async fn move_product(db: &Db, id: i64, up: bool, audit: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<bool> {
    let neighbour = if up {
        "SELECT n.id, n.sort_order FROM products n, products p WHERE p.id = $1 AND n.solution_area = p.solution_area
            AND (n.sort_order < p.sort_order OR (n.sort_order = p.sort_order AND n.id < p.id)) ORDER BY n.sort_order DESC, n.id DESC LIMIT 1"
    } else {
        "SELECT n.id, n.sort_order FROM products n, products p WHERE p.id = $1 AND n.solution_area = p.solution_area
            AND (n.sort_order > p.sort_order OR (n.sort_order = p.sort_order AND n.id > p.id)) ORDER BY n.sort_order, n.id LIMIT 1"
    };
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let own: Option<i32> = sqlx::query_scalar("SELECT sort_order FROM products WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
        let other: Option<(i64, i32)> = sqlx::query_as(neighbour).bind(id).fetch_optional(&mut *tx).await?;
        let (Some(own), Some((other_id, other_order))) = (own, other) else { return Ok(false) };
        // Equal orders are made distinct so the swap always moves.
        let (mine, theirs) = if own == other_order { if up { (own - 1, own) } else { (own + 1, own) } } else { (other_order, own) };
        sqlx::query("UPDATE products SET sort_order = $1 WHERE id = $2").bind(mine).bind(id).execute(&mut *tx).await?;
        sqlx::query("UPDATE products SET sort_order = $1 WHERE id = $2").bind(theirs).bind(other_id).execute(&mut *tx).await?;
        crate::record_audit!(&mut *tx, audit, now)?;
        tx.commit().await?;
        Ok(true)
    })
}
