//! What the service-level report reads: the reviewers' decisions of a period, each with the
//! submission it answered, the submissions of the period, and what is overdue now. Each walks an
//! index (the history by action and time; the queue by status and due date).

use super::{Db, Timestamp};
use crate::domain::claim::{ClaimStatus, sql_list};
use crate::with_db;

/// The most decisions one report reads.
pub const MAX_DECISIONS: i64 = 200_000;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DecisionRow {
    pub at: Timestamp,
    pub action: String,
    pub actor_name: String,
    /// The submission (or resubmission, or dispute) the decision answered.
    pub since: Option<Timestamp>,
}

pub async fn decisions(db: &Db, from: Timestamp, until: Timestamp) -> sqlx::Result<Vec<DecisionRow>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT h.at, h.action, h.actor_name,
                (SELECT MAX(s.at) FROM claim_history s WHERE s.claim_id = h.claim_id AND s.id < h.id
                   AND s.action IN ('submitted', 'resubmitted', 'disputed')) AS since
         FROM claim_history h
         WHERE h.action IN ('approved', 'rejected', 'information-requested') AND h.at >= $1 AND h.at < $2 AND h.actor_side = 'reviewer'
         ORDER BY h.at LIMIT $3")
        .bind(from)
        .bind(until)
        .bind(MAX_DECISIONS)
        .fetch_all(pool)
        .await)
}

/// Claims submitted for the first time in the period.
pub async fn submitted(db: &Db, from: Timestamp, until: Timestamp) -> sqlx::Result<i64> {
    with_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM claim_history WHERE action = 'submitted' AND at >= $1 AND at < $2")
        .bind(from)
        .bind(until)
        .fetch_one(pool)
        .await)
}

/// Claims past their due date now, by the reviewer assigned (`None`: nobody).
pub async fn overdue_now(db: &Db, now: Timestamp) -> sqlx::Result<Vec<(Option<String>, i64)>> {
    let awaiting = sql_list(&ClaimStatus::AWAITING_REVIEW);
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT r.name, COUNT(*) FROM claims c LEFT JOIN users r ON r.id = c.assigned_reviewer_id
         WHERE c.status IN {awaiting} AND c.due_at < $1 GROUP BY r.name ORDER BY r.name"
    ));
    with_db!(db, pool => sqlx::query_as(sql).bind(now).fetch_all(pool).await)
}
