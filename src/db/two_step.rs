//! Two-step verification as stored: the secret being set up and the confirmed one (hex), the last
//! time step accepted, and the recovery codes' hashes. Accepting a code or a recovery code is one
//! conditional write, so two requests with the same code cannot both pass.

use super::outbox::NewMail;
use super::{BeginWrite, Db, Timestamp};
use crate::with_db;

pub async fn set_pending(db: &Db, user_id: i64, secret_hex: &str) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query("UPDATE users SET totp_pending_secret = $1 WHERE id = $2")
        .bind(secret_hex)
        .bind(user_id)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// The secret being set up, if any.
pub async fn pending(db: &Db, user_id: i64) -> sqlx::Result<Option<String>> {
    with_db!(db, pool => sqlx::query_scalar::<_, Option<String>>("SELECT totp_pending_secret FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .map(Option::flatten))
}

/// The confirmed secret and the last step accepted, if two-step verification is on.
pub async fn secret(db: &Db, user_id: i64) -> sqlx::Result<Option<(String, Option<i64>)>> {
    let row: Option<(Option<String>, Option<i64>)> = with_db!(db, pool => sqlx::query_as("SELECT totp_secret, totp_last_step FROM users WHERE id = $1 AND active = TRUE")
            .bind(user_id)
            .fetch_optional(pool)
            .await)?;
    Ok(row.and_then(|(secret, step)| Some((secret?, step))))
}

/// Turns two-step verification on with the pending secret, the step of the code that confirmed
/// it, and new recovery codes (their hashes), in one transaction.
pub async fn enable(db: &Db, user_id: i64, step: i64, code_hashes: &[String], now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let enabled = sqlx::query(
            "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = $1, totp_last_step = $2
             WHERE id = $3 AND totp_pending_secret IS NOT NULL")
            .bind(now)
            .bind(step)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected() == 1;
        if enabled {
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            for hash in code_hashes {
                sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)").bind(user_id).bind(hash).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(enabled)
    })
}

/// Records that a code of `step` was used, if no code of that step or a later one was: true
/// when this code is the first to use it.
pub async fn use_step(db: &Db, user_id: i64, step: i64) -> sqlx::Result<bool> {
    with_db!(db, pool => sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)")
        .bind(step)
        .bind(user_id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// Uses up a recovery code, once; `mail` (telling the person) is queued with it.
pub async fn use_recovery_code(db: &Db, user_id: i64, code_hash: &str, mail: NewMail, now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let used = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 WHERE id = (SELECT id FROM recovery_codes WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL LIMIT 1)")
            .bind(now)
            .bind(user_id)
            .bind(code_hash)
            .execute(&mut *tx)
            .await?
            .rows_affected() == 1;
        if used {
            crate::enqueue_mail!(&mut *tx, &mail, now)?;
        }
        tx.commit().await?;
        Ok(used)
    })
}

/// Recovery codes not yet used.
pub async fn recovery_codes_left(db: &Db, user_id: i64) -> sqlx::Result<i64> {
    with_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .fetch_one(pool)
        .await)
}

/// Turns two-step verification off: secret and recovery codes gone, `mail` queued, and (for an
/// operator's reset) every session ended, in one transaction.
pub async fn disable(db: &Db, user_id: i64, end_sessions: bool, mail: Option<NewMail>, now: Timestamp) -> sqlx::Result<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query("UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        if end_sessions {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        }
        if let Some(mail) = mail {
            crate::enqueue_mail!(&mut *tx, &mail, now)?;
        }
        tx.commit().await?;
        Ok(())
    })
}

/// The id, name and language of an account by its address (for the command line).
pub async fn account(db: &Db, email: &str) -> sqlx::Result<Option<(i64, String, Option<String>)>> {
    with_db!(db, pool => sqlx::query_as("SELECT id, name, locale FROM users WHERE email = $1")
        .bind(email.to_lowercase())
        .fetch_optional(pool)
        .await)
}
