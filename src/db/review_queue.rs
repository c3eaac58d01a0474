//! The reviewers' queue: submitted claims, claims under review and disputes of every org, by
//! the due date of their service level.

use super::{Db, Timestamp};
use crate::domain::claim::{ClaimStatus, sql_list};
use crate::with_db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueRow {
    pub public_id: String,
    pub name: String,
    pub org_name: String,
    pub customer_name: String,
    pub program: String,
    pub status: String,
    pub in_dispute: bool,
    pub due_at: Option<Timestamp>,
    pub assigned_name: Option<String>,
    /// Another org's active claim overlaps this one.
    pub competing: bool,
}

/// Claims waiting for a reviewer, the earliest due first; only those assigned to `assignee`
/// when given.
pub async fn waiting(db: &Db, assignee: Option<i64>, limit: i64) -> sqlx::Result<Vec<QueueRow>> {
    let (holding, awaiting) = (sql_list(&ClaimStatus::HOLDING_WORKLOADS), sql_list(&ClaimStatus::AWAITING_REVIEW));
    let competing = format!(
        "EXISTS (SELECT 1 FROM claims other
            JOIN claim_products op ON op.claim_id = other.id
            JOIN claim_products mp ON mp.claim_id = c.id
            WHERE other.tenant_id = c.tenant_id AND other.org_id <> c.org_id
              AND other.status IN {holding}
              AND ((op.subscription_id IS NOT NULL AND op.subscription_id = mp.subscription_id)
                   OR (op.product_id = mp.product_id AND (op.subscription_id IS NULL OR mp.subscription_id IS NULL))))"
    );
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT c.public_id, c.name, o.name AS org_name, c.customer_name, c.program, c.status, c.in_dispute, c.due_at,
                r.name AS assigned_name, {competing} AS competing
         FROM claims c JOIN orgs o ON o.id = c.org_id LEFT JOIN users r ON r.id = c.assigned_reviewer_id
         WHERE c.status IN {awaiting} AND (CAST($1 AS BIGINT) IS NULL OR c.assigned_reviewer_id = $1)
         ORDER BY c.due_at, c.id LIMIT $2"
    ));
    with_db!(db, pool => sqlx::query_as(sql).bind(assignee).bind(limit).fetch_all(pool).await)
}
