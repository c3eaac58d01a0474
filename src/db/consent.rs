//! Consent links and the short customer sessions they open.

use super::{Db, Timestamp};
use crate::with_db;

/// What the consent page shows about the claim behind a link.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConsentClaim {
    pub claim_id: i64,
    pub expires_at: Timestamp,
    pub status: String,
    pub rejection_reason: Option<String>,
    pub sent_for_assessment_at: Option<Timestamp>,
    pub org_name: String,
    pub mpn_id: String,
    pub products_label: String,
    pub activity: String,
    pub solution_area: String,
    pub customer_name: String,
    pub customer_contact_name: String,
}

const SELECT: &str = "SELECT c.id AS claim_id, t.expires_at, c.status, c.rejection_reason, c.sent_for_assessment_at, o.name AS org_name,
        c.mpn_id, c.products_label, c.activity, c.solution_area, c.customer_name, c.customer_contact_name
    FROM consent_tokens t JOIN claims c ON c.id = t.claim_id JOIN orgs o ON o.id = c.org_id";

pub async fn by_token(db: &Db, token_hash: &str) -> sqlx::Result<Option<ConsentClaim>> {
    let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE t.token_hash = $1"));
    with_db!(db, pool => sqlx::query_as(sql).bind(token_hash).fetch_optional(pool).await)
}

/// The claim of a live customer session, with the latest link's expiry.
pub async fn by_session(db: &Db, session_hash: &str, now: Timestamp) -> sqlx::Result<Option<(ConsentClaim, String)>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{SELECT} JOIN customer_sessions s ON s.claim_id = c.id
         WHERE s.token_hash = $1 AND s.expires_at > $2 ORDER BY t.expires_at DESC LIMIT 1"
    ));
    let claim: Option<ConsentClaim> = with_db!(db, pool => sqlx::query_as(sql).bind(session_hash).bind(now).fetch_optional(pool).await)?;
    let Some(claim) = claim else { return Ok(None) };
    let csrf: Option<String> = with_db!(db, pool => sqlx::query_scalar("SELECT csrf_token FROM customer_sessions WHERE token_hash = $1")
        .bind(session_hash)
        .fetch_optional(pool)
        .await)?;
    Ok(csrf.map(|csrf| (claim, csrf)))
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
