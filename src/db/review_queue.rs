//! The reviewers' queue: claims waiting for a reviewer, across every org.

use super::{Db, Timestamp};
use crate::domain::claim::ClaimStatus;
use crate::with_db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueRow {
    pub public_id: String,
    pub name: String,
    pub org_name: String,
    pub customer_name: String,
    pub program: String,
    pub status: String,
    pub updated_at: Timestamp,
}

/// Submitted and Under review claims, the longest-waiting first.
pub async fn waiting(db: &Db, limit: i64) -> sqlx::Result<Vec<QueueRow>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT c.public_id, c.name, o.name AS org_name, c.customer_name, c.program, c.status, c.updated_at
         FROM claims c JOIN orgs o ON o.id = c.org_id
         WHERE c.status IN ($1, $2) ORDER BY c.updated_at, c.id LIMIT $3")
        .bind(ClaimStatus::Submitted.as_str())
        .bind(ClaimStatus::UnderReview.as_str())
        .bind(limit)
        .fetch_all(pool)
        .await)
}
