//! Signed-in sessions, stored by the hash of their cookie token. One indexed read per request
//! returns the session and its user together.

use super::param::Param;
use super::users::{User, UserRow};
use super::{Db, Timestamp, direct};
use crate::with_db;

/// A live session and the person it belongs to, as read at the start of a request.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub user: User,
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    user: UserRow,
    csrf_token: String,
    created_at: Timestamp,
    last_seen_at: Timestamp,
}

/// Where a session was started from, for "Your sessions".
pub struct Origin<'a> {
    pub client_addr: &'a str,
    pub user_agent: &'a str,
}

pub async fn create(db: &Db, token_hash: &str, user_id: i64, csrf_token: &str, origin: Origin<'_>, now: Timestamp) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, client_addr, user_agent)
         VALUES ($1, $2, $3, $4, $4, $5, $6)")
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now)
        .bind(origin.client_addr)
        .bind(origin.user_agent)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// The session and its user; the columns in the order `SessionRow::read` takes them.
const FIND: &str = "SELECT u.id, u.org_id, u.email, u.name, u.role, u.active AND COALESCE(o.active, TRUE) AS active,
        u.totp_enabled_at IS NOT NULL AS two_step, s.csrf_token, s.created_at, s.last_seen_at
     FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN orgs o ON o.id = u.org_id WHERE s.token_hash = $1";

impl SessionRow {
    fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<SessionRow> {
        Ok(SessionRow { user: UserRow::read(row)?, csrf_token: row.get(7)?, created_at: row.get(8)?, last_seen_at: row.get(9)? })
    }
}

/// Read on every signed-in request: on SQLite without leaving the request's thread (`direct`).
pub async fn find(db: &Db, token_hash: &str) -> sqlx::Result<Option<SessionRecord>> {
    let row = direct::first(db, FIND, vec![Param::Text(token_hash.into())], SessionRow::read).await?;
    Ok(row.and_then(|r| {
        Some(SessionRecord { user: r.user.into_user()?, csrf_token: r.csrf_token, created_at: r.created_at, last_seen_at: r.last_seen_at })
    }))
}

pub async fn touch(db: &Db, token_hash: &str, now: Timestamp) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash)
        .execute(pool)
        .await
        .map(|_| ()))
}

pub async fn delete(db: &Db, token_hash: &str) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Ends every session of a user ("sign out everywhere").
pub async fn delete_for_user(db: &Db, user_id: i64) -> sqlx::Result<u64> {
    with_db!(db, pool => sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
}

/// Removes sessions that can no longer be used.
pub async fn delete_expired(db: &Db, idle_before: Timestamp, created_before: Timestamp) -> sqlx::Result<u64> {
    with_db!(db, pool => sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
        .bind(idle_before)
        .bind(created_before)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
}
