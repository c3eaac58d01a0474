//! Consent links and the short customer sessions they open.

use super::outbox::NoticeFacts;
use super::workflow::{STATE_COLUMNS, StateRow, state_columns_of};
use super::{BeginWrite, Db, Timestamp};
use crate::domain::workflow::{Side, who_acts};
use crate::with_db;

/// What the consent page shows about the claim behind a link.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConsentClaim {
    pub claim_id: i64,
    pub expires_at: Timestamp,
    #[sqlx(flatten)]
    pub workflow: StateRow,
    pub org_name: String,
    pub mpn_id: String,
    pub products_label: String,
    pub activity: String,
    pub solution_area: String,
    pub customer_name: String,
    pub customer_contact_name: String,
    pub customer_contact_locale: String,
}

fn select() -> String {
    format!(
        "SELECT c.id AS claim_id, t.expires_at, {}, o.name AS org_name, c.mpn_id, c.products_label, c.activity, c.solution_area,
            c.customer_name, c.customer_contact_name, c.customer_contact_locale
        FROM consent_tokens t JOIN claims c ON c.id = t.claim_id JOIN orgs o ON o.id = c.org_id",
        state_columns_of("c")
    )
}

impl ConsentClaim {
    /// What `domain::allowed` asks about the claim (the customer's one action needs its state).
    pub fn facts(&self) -> crate::domain::allowed::ClaimFacts {
        crate::domain::allowed::ClaimFacts { state: self.workflow.state(), has_poe: true, ever_submitted: true }
    }
}

pub async fn by_token(db: &Db, token_hash: &str) -> sqlx::Result<Option<ConsentClaim>> {
    let sql = sqlx::AssertSqlSafe(format!("{} WHERE t.token_hash = $1", select()));
    with_db!(db, pool => sqlx::query_as(sql).bind(token_hash).fetch_optional(pool).await)
}

/// A claim the customer holds a session for, with its latest link's expiry.
pub async fn by_claim(db: &Db, claim_id: i64) -> sqlx::Result<Option<ConsentClaim>> {
    let sql = sqlx::AssertSqlSafe(format!("{} WHERE c.id = $1 ORDER BY t.expires_at DESC LIMIT 1", select()));
    with_db!(db, pool => sqlx::query_as(sql).bind(claim_id).fetch_optional(pool).await)
}

/// A live customer session: its claim, CSRF token and end.
pub async fn session(db: &Db, session_hash: &str, now: Timestamp) -> sqlx::Result<Option<(i64, String, Timestamp)>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT claim_id, csrf_token, expires_at FROM customer_sessions WHERE token_hash = $1 AND expires_at > $2")
        .bind(session_hash)
        .bind(now)
        .fetch_optional(pool)
        .await)
}

pub async fn end_session(db: &Db, session_hash: &str) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query("DELETE FROM customer_sessions WHERE token_hash = $1").bind(session_hash).execute(pool).await.map(|_| ()))
}

pub async fn start_session(db: &Db, session_hash: &str, claim_id: i64, csrf: &str, now: Timestamp, expires: Timestamp) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query(
        "INSERT INTO customer_sessions (token_hash, claim_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(session_hash)
        .bind(claim_id)
        .bind(csrf)
        .bind(now)
        .bind(expires)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Stores a new consent link's hash for an approved claim still in its consent period, valid
/// until the period ends; returns what the e-mail says and that end, or `None` when the claim no
/// longer awaits consent (denied, assessed, or past its period).
pub async fn mint_link(db: &Db, claim_id: i64, token_hash: &str, now: Timestamp) -> sqlx::Result<Option<(NoticeFacts, Timestamp)>> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let sql = sqlx::AssertSqlSafe(format!("SELECT {STATE_COLUMNS} FROM claims WHERE id = $1"));
        let Some(row) = sqlx::query_as::<_, StateRow>(sql).bind(claim_id).fetch_optional(&mut *tx).await? else { return Ok(None) };
        // A link only while the customer is the one who acts: during the consent period.
        let state = row.state();
        let Some(until) = state.due.filter(|_| who_acts(state.status, state.due, now.0) == Some(Side::Customer)) else {
            return Ok(None);
        };
        let until = Timestamp(until);
        sqlx::query("INSERT INTO consent_tokens (token_hash, claim_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(claim_id)
            .bind(now)
            .bind(until)
            .execute(&mut *tx)
            .await?;
        let facts = crate::claim_facts!(tx, claim_id).await?;
        tx.commit().await?;
        Ok(Some((facts, until)))
    })
}

/// Removes customer sessions and consent links that have expired.
pub async fn delete_expired(db: &Db, now: Timestamp) -> sqlx::Result<u64> {
    with_db!(db, pool => {
        let sessions = sqlx::query("DELETE FROM customer_sessions WHERE expires_at <= $1").bind(now).execute(pool).await?;
        let links = sqlx::query("DELETE FROM consent_tokens WHERE expires_at <= $1").bind(now).execute(pool).await?;
        Ok(sessions.rows_affected() + links.rows_affected())
    })
}
