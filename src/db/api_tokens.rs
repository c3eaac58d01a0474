//! API tokens and the answers kept for `Idempotency-Key`s. A token is found by the SHA-256 of its
//! secret, together with its creator and org, so that a revoked or expired token, a deactivated
//! creator or org, or a creator who is no longer a global admin of that org, opens nothing.

use super::audit::AuditEntry;
use super::users::{User, UserRow};
use super::{BeginWrite, Db, Timestamp};
use crate::domain::api_token::{MAX_PER_ORG, NewToken, Scope};
use crate::domain::role::Role;
use crate::with_db;

/// A token as its org's page lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRecord {
    pub id: i64,
    pub name: String,
    pub scope: String,
    pub hint: String,
    pub created_by_name: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

impl TokenRecord {
    pub fn scope(&self) -> Option<Scope> {
        Scope::parse(&self.scope)
    }
}

/// Who calls the API: the token, its org, and the person who made it (acting through it).
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub token_id: i64,
    pub token_name: String,
    pub scope: Scope,
    pub org_id: i64,
    pub creator: User,
}

/// Creates a token unless the org already holds `MAX_PER_ORG` live ones (`None`), with its audit
/// entry, in one transaction under the write lock.
pub async fn create(
    db: &Db,
    org_id: i64,
    new: &NewToken,
    token_hash: &str,
    hint: &str,
    audit: &AuditEntry<'_>,
    now: Timestamp,
) -> sqlx::Result<Option<i64>> {
    let lock_org = super::orgs::lock_org(db);
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(lock_org).bind(org_id).execute(&mut *tx).await?;
        let live: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens WHERE org_id = $1 AND revoked_at IS NULL AND expires_at > $2")
            .bind(org_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        if live >= MAX_PER_ORG {
            return Ok(None);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (org_id, created_by, name, scope, token_hash, hint, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
            .bind(org_id)
            .bind(audit.actor.user_id)
            .bind(&new.name)
            .bind(new.scope.as_str())
            .bind(token_hash)
            .bind(hint)
            .bind(now)
            .bind(Timestamp(new.expires_at))
            .fetch_one(&mut *tx)
            .await?;
        crate::record_audit!(&mut *tx, audit, now)?;
        tx.commit().await?;
        Ok(Some(id))
    })
}

/// The org's tokens, newest first.
pub async fn list(db: &Db, org_id: i64) -> sqlx::Result<Vec<TokenRecord>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT t.id, t.name, t.scope, t.hint, u.name AS created_by_name, t.created_at, t.expires_at, t.last_used_at, t.revoked_at
         FROM api_tokens t JOIN users u ON u.id = t.created_by
         WHERE t.org_id = $1 ORDER BY t.created_at DESC, t.id DESC")
        .bind(org_id)
        .fetch_all(pool)
        .await)
}

/// Revokes one of the org's tokens at once, with its audit entry; false if there is none to
/// revoke (another org's, or revoked already).
pub async fn revoke(db: &Db, org_id: i64, id: i64, audit: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let revoked = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND org_id = $3 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .bind(org_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        if revoked {
            crate::record_audit!(&mut *tx, audit, now)?;
        }
        tx.commit().await?;
        Ok(revoked)
    })
}

/// The name of one of the org's tokens (for the audit entry of its revocation).
pub async fn name_of(db: &Db, org_id: i64, id: i64) -> sqlx::Result<Option<String>> {
    with_db!(db, pool => sqlx::query_scalar("SELECT name FROM api_tokens WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .fetch_optional(pool)
        .await)
}

#[derive(sqlx::FromRow)]
struct CallerRow {
    token_id: i64,
    token_name: String,
    scope: String,
    token_org_id: i64,
    last_used_at: Option<Timestamp>,
    #[sqlx(flatten)]
    user: UserRow,
}

/// The caller a secret's hash opens, if its token is live and its creator still an active global
/// admin of the token's active org. Marks the token used (at most once a minute).
pub async fn authenticate(db: &Db, token_hash: &str, now: Timestamp) -> sqlx::Result<Option<ApiCaller>> {
    let row: Option<CallerRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT t.id AS token_id, t.name AS token_name, t.scope, t.org_id AS token_org_id, t.last_used_at,
                u.id, u.org_id, u.email, u.name, u.role, u.active, u.totp_enabled_at IS NOT NULL AS two_step
         FROM api_tokens t
         JOIN users u ON u.id = t.created_by
         JOIN orgs o ON o.id = t.org_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2
           AND u.active AND u.org_id = t.org_id AND o.active")
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await)?;
    let Some(row) = row else { return Ok(None) };
    let Some(creator) = row.user.into_user() else { return Ok(None) };
    let Some(scope) = Scope::parse(&row.scope) else { return Ok(None) };
    if creator.role != Role::GlobalAdmin {
        return Ok(None);
    }
    if row.last_used_at.is_none_or(|at| now.0 - at.0 >= chrono::Duration::minutes(1)) {
        with_db!(db, pool => sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(row.token_id)
            .execute(pool)
            .await
            .map(|_| ()))?;
    }
    Ok(Some(ApiCaller { token_id: row.token_id, token_name: row.token_name, scope, org_id: row.token_org_id, creator }))
}

/// An answer kept for an idempotency key.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeptAnswer {
    pub status: i32,
    pub body: String,
    pub location: Option<String>,
}

/// What a request with an idempotency key finds.
#[derive(Debug)]
pub enum KeyClaim {
    /// The key is this request's now: answer it, then `keep_answer` (or `release_key`).
    Fresh,
    /// The same request was answered before: this is its answer.
    Replay(KeptAnswer),
    /// The same request is being answered right now.
    InProgress,
    /// The key was used for another request.
    Mismatch,
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    fingerprint: String,
    status: i32,
    body: String,
    location: Option<String>,
    created_at: Timestamp,
}

/// Takes an idempotency key for a request (by its fingerprint), or says why not. A request that
/// was being answered before `stale_before` (its instance died) may be taken over.
pub async fn claim_key(
    db: &Db,
    token_hash: &str,
    key: &str,
    fingerprint: &str,
    now: Timestamp,
    stale_before: Timestamp,
) -> sqlx::Result<KeyClaim> {
    with_db!(db, pool => {
        let inserted = sqlx::query(
            "INSERT INTO api_idempotency (token_hash, idem_key, fingerprint, status, body, created_at)
             VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT (token_hash, idem_key) DO NOTHING")
            .bind(token_hash)
            .bind(key)
            .bind(fingerprint)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
            == 1;
        if inserted {
            return Ok(KeyClaim::Fresh);
        }
        let row: Option<KeyRow> = sqlx::query_as(
            "SELECT fingerprint, status, body, location, created_at FROM api_idempotency WHERE token_hash = $1 AND idem_key = $2")
            .bind(token_hash)
            .bind(key)
            .fetch_optional(pool)
            .await?;
        let Some(row) = row else { return Ok(KeyClaim::InProgress) };
        if row.fingerprint != fingerprint {
            return Ok(KeyClaim::Mismatch);
        }
        if row.status != 0 {
            return Ok(KeyClaim::Replay(KeptAnswer { status: row.status, body: row.body, location: row.location }));
        }
        if row.created_at.0 >= stale_before.0 {
            return Ok(KeyClaim::InProgress);
        }
        let taken = sqlx::query("UPDATE api_idempotency SET created_at = $1 WHERE token_hash = $2 AND idem_key = $3 AND status = 0 AND created_at = $4")
            .bind(now)
            .bind(token_hash)
            .bind(key)
            .bind(row.created_at)
            .execute(pool)
            .await?
            .rows_affected()
            == 1;
        Ok(if taken { KeyClaim::Fresh } else { KeyClaim::InProgress })
    })
}

/// Keeps the answer to the request that holds the key.
pub async fn keep_answer(db: &Db, token_hash: &str, key: &str, answer: &KeptAnswer) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query(
        "UPDATE api_idempotency SET status = $1, body = $2, location = $3 WHERE token_hash = $4 AND idem_key = $5 AND status = 0")
        .bind(answer.status)
        .bind(&answer.body)
        .bind(&answer.location)
        .bind(token_hash)
        .bind(key)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Lets the key go without an answer (the request failed in a way a retry may not): it may be
/// used again.
pub async fn release_key(db: &Db, token_hash: &str, key: &str) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query("DELETE FROM api_idempotency WHERE token_hash = $1 AND idem_key = $2 AND status = 0")
        .bind(token_hash)
        .bind(key)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Forgets answers older than `before` (housekeeping).
pub async fn forget_answers(db: &Db, before: Timestamp) -> sqlx::Result<u64> {
    with_db!(db, pool => sqlx::query("DELETE FROM api_idempotency WHERE created_at < $1").bind(before).execute(pool).await.map(|r| r.rows_affected()))
}
