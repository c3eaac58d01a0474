//! Failed sign-ins, counted through the database so that every instance of the portal sees them.

use super::{Db, Timestamp};
use crate::with_db;

/// Records an attempt as a failure before it is checked, committed at once so that every attempt
/// counted after it sees it; returns its id for `release`.
pub async fn reserve(db: &Db, account: &str, client_addr: &str, now: Timestamp) -> sqlx::Result<i64> {
    with_db!(db, pool => sqlx::query_scalar("INSERT INTO sign_in_failures (account, client_addr, failed_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(account)
        .bind(client_addr)
        .bind(now)
        .fetch_one(pool)
        .await)
}

/// Removes one reserved attempt: it proved right, or it was refused without being checked.
pub async fn release(db: &Db, attempt: i64) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query("DELETE FROM sign_in_failures WHERE id = $1")
        .bind(attempt)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Failures since `since` for the account and for the client address.
pub async fn recent_failures(db: &Db, account: &str, client_addr: &str, since: Timestamp) -> sqlx::Result<(i64, i64)> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM sign_in_failures WHERE account = $1 AND failed_at >= $3),
                (SELECT COUNT(*) FROM sign_in_failures WHERE client_addr = $2 AND failed_at >= $3)")
        .bind(account)
        .bind(client_addr)
        .bind(since)
        .fetch_one(pool)
        .await)
}

pub async fn delete_older_than(db: &Db, before: Timestamp) -> sqlx::Result<u64> {
    with_db!(db, pool => sqlx::query("DELETE FROM sign_in_failures WHERE failed_at < $1")
        .bind(before)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
}
