//! Failed sign-ins, counted through the database so that every instance of the portal sees them.

use super::{Db, Timestamp};
use crate::with_db;

pub async fn record_failure(db: &Db, account: &str, client_addr: &str, now: Timestamp) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query("INSERT INTO sign_in_failures (account, client_addr, failed_at) VALUES ($1, $2, $3)")
        .bind(account)
        .bind(client_addr)
        .bind(now)
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

/// A successful sign-in forgives the account's earlier failures.
pub async fn clear_account(db: &Db, account: &str) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query("DELETE FROM sign_in_failures WHERE account = $1")
        .bind(account)
        .execute(pool)
        .await
        .map(|_| ()))
}

pub async fn delete_older_than(db: &Db, before: Timestamp) -> sqlx::Result<u64> {
    with_db!(db, pool => sqlx::query("DELETE FROM sign_in_failures WHERE failed_at < $1")
        .bind(before)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
}
