//! Two PostgreSQL transactions that wait on each other's rows: the server ends one of them with
//! `deadlock_detected` (40P01) after `deadlock_timeout`. A transition locks its own claims first
//! (in id order), then writes the competing flags of the claims they overlap, which another
//! transition may hold; so a transition that loses is run again from its start, as PostgreSQL's
//! documentation advises. Nothing of the lost attempt was written: its transaction was rolled
//! back whole. SQLite has one writer at a time and never gets here.

use std::future::Future;

/// How many times a transaction that lost a deadlock is run again before the error is returned.
const RETRIES: usize = 3;

/// Whether `error` is PostgreSQL ending this transaction to break a deadlock.
pub fn is_deadlock(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.code().as_deref() == Some("40P01"))
}

/// Runs `attempt` (one whole transaction) and, while it loses a deadlock, runs it again, up to
/// `RETRIES` times.
pub async fn retried<T, F, Fut>(mut attempt: F) -> sqlx::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = sqlx::Result<T>>,
{
    let mut retries = 0;
    loop {
        match attempt().await {
            Err(error) if is_deadlock(&error) && retries < RETRIES => {
                retries += 1;
                tracing::warn!(retries, "a transaction lost a deadlock and is run again");
            }
            outcome => return outcome,
        }
    }
}
