//! Invitations, password resets and the sessions a person can see. Links are minted when their
//! e-mail is delivered: only the SHA-256 of a token is ever stored.

use super::audit::{AuditActor, AuditEntry};
use super::outbox::{MintedLink, NewMail};
use super::{BeginWrite, Db, Timestamp, is_unique_violation};
use crate::domain::audit::AuditKind;
use crate::domain::role::Role;
use crate::with_db;

/// An invitation waiting to be accepted.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Invitation {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub org_id: Option<i64>,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
}

const INVITATION: &str = "SELECT id, email, name, role, org_id, created_at, expires_at FROM invitations";

#[derive(Debug, PartialEq, Eq)]
pub enum InviteOutcome {
    Invited(i64),
    /// Someone already has an account with this address, or a pending invitation.
    AddressTaken,
}

/// Who is invited, as what, by whom.
pub struct NewInvitation<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub org_id: Option<i64>,
    pub invited_by: Option<i64>,
}

/// Records an invitation and queues its e-mail (whose link is minted at delivery) inside the
/// caller's transaction, with its audit entry: `invite_in!(&mut *tx, new, mail, audit, now)`
/// evaluates to `sqlx::Result<InviteOutcome>`. An address with an account or a pending invitation
/// is refused, and nothing is written.
#[macro_export]
macro_rules! invite_in {
    ($tx:expr, $new:expr, $mail:expr, $audit:expr, $now:expr) => {
        async {
            use $crate::db::accounts::InviteOutcome;
            let new = $new;
            let email = new.email.to_lowercase();
            let taken: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM users WHERE email = $1)
                     OR EXISTS (SELECT 1 FROM invitations WHERE email = $1 AND accepted_at IS NULL AND revoked_at IS NULL)",
            )
            .bind(&email)
            .fetch_one(&mut *$tx)
            .await?;
            if taken {
                return Ok::<_, sqlx::Error>(InviteOutcome::AddressTaken);
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO invitations (email, name, role, org_id, invited_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(&email)
            .bind(new.name)
            .bind(new.role)
            .bind(new.org_id)
            .bind(new.invited_by)
            .bind($now)
            .fetch_one(&mut *$tx)
            .await?;
            let mail = $crate::db::outbox::NewMail { link: Some($crate::db::outbox::MintedLink::Invitation(id)), ..$mail };
            $crate::enqueue_mail!(&mut *$tx, &mail, $now)?;
            let detail = new.role.as_str();
            let entry = $crate::db::audit::AuditEntry {
                kind: $crate::domain::audit::AuditKind::InvitationSent,
                actor: $audit,
                subject: &email,
                detail,
                org_id: new.org_id,
            };
            $crate::record_audit!(&mut *$tx, entry, $now)?;
            Ok(InviteOutcome::Invited(id))
        }
    };
}

/// Records an invitation and queues its e-mail in one transaction (see `invite_in!`).
pub async fn invite(db: &Db, new: NewInvitation<'_>, mail: NewMail, audit: &AuditActor, now: Timestamp) -> sqlx::Result<InviteOutcome> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let outcome = crate::invite_in!(tx, new, mail, audit, now).await?;
        if outcome != InviteOutcome::AddressTaken {
            tx.commit().await?;
        }
        Ok(outcome)
    })
}

/// The org's pending invitations (for reviewers, `None`), newest first.
pub async fn pending(db: &Db, org_id: Option<i64>) -> sqlx::Result<Vec<Invitation>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{INVITATION} WHERE org_id IS NOT DISTINCT FROM $1 AND accepted_at IS NULL AND revoked_at IS NULL ORDER BY created_at DESC, id DESC"
    ));
    with_db!(db, pool => sqlx::query_as(sql).bind(org_id).fetch_all(pool).await)
}

/// A pending invitation of the org, by id.
pub async fn pending_of(db: &Db, org_id: Option<i64>, id: i64) -> sqlx::Result<Option<Invitation>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{INVITATION} WHERE id = $1 AND org_id IS NOT DISTINCT FROM $2 AND accepted_at IS NULL AND revoked_at IS NULL"
    ));
    with_db!(db, pool => sqlx::query_as(sql).bind(id).bind(org_id).fetch_optional(pool).await)
}

/// Queues the invitation's e-mail again (a new link is minted at delivery; the old one dies).
pub async fn resend(db: &Db, invitation: &Invitation, mail: NewMail, now: Timestamp) -> sqlx::Result<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query("UPDATE invitations SET token_hash = NULL, expires_at = NULL WHERE id = $1").bind(invitation.id).execute(&mut *tx).await?;
        let mail = NewMail { link: Some(MintedLink::Invitation(invitation.id)), ..mail };
        crate::enqueue_mail!(&mut *tx, &mail, now)?;
        tx.commit().await?;
        Ok(())
    })
}

pub async fn revoke(db: &Db, invitation: &Invitation, audit: &AuditActor, now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let revoked = sqlx::query("UPDATE invitations SET revoked_at = $1, token_hash = NULL WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL")
            .bind(now)
            .bind(invitation.id)
            .execute(&mut *tx)
            .await?
            .rows_affected() == 1;
        if revoked {
            let entry = AuditEntry { kind: AuditKind::InvitationRevoked, actor: audit, subject: &invitation.email, detail: invitation.role.as_str(), org_id: invitation.org_id };
            crate::record_audit!(&mut *tx, entry, now)?;
        }
        tx.commit().await?;
        Ok(revoked)
    })
}

/// What an invitation e-mail says: the person's name, the org's name (none for reviewers).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationMail {
    pub name: String,
    pub role: Role,
    pub org_name: Option<String>,
    pub expires_at: Timestamp,
}

/// Stores a new link's hash for a pending invitation, valid until `expires`; `None` when the
/// invitation was accepted or revoked meanwhile.
pub async fn mint_invitation(db: &Db, id: i64, token_hash: &str, expires: Timestamp) -> sqlx::Result<Option<InvitationMail>> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let minted = sqlx::query("UPDATE invitations SET token_hash = $1, expires_at = $2 WHERE id = $3 AND accepted_at IS NULL AND revoked_at IS NULL")
            .bind(token_hash)
            .bind(expires)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected() == 1;
        let mail = if minted {
            sqlx::query_as(
                "SELECT i.name, i.role, o.name AS org_name, i.expires_at FROM invitations i LEFT JOIN orgs o ON o.id = i.org_id WHERE i.id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
        } else {
            None
        };
        tx.commit().await?;
        Ok(mail)
    })
}

/// The pending invitation behind a link, if it is still valid.
pub async fn invitation_by_token(db: &Db, token_hash: &str, now: Timestamp) -> sqlx::Result<Option<Invitation>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{INVITATION} WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2"
    ));
    with_db!(db, pool => sqlx::query_as(sql).bind(token_hash).bind(now).fetch_optional(pool).await)
}

/// Accepts an invitation: the account is created with the chosen password and the invitation
/// used up, in one transaction, if the link is still valid. Returns the new user's id.
pub async fn accept(db: &Db, token_hash: &str, password_hash: &str, client_addr: &str, now: Timestamp) -> sqlx::Result<Option<i64>> {
    let select = sqlx::AssertSqlSafe(format!(
        "{INVITATION} WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2"
    ));
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let Some(invitation) = sqlx::query_as::<_, Invitation>(select).bind(token_hash).bind(now).fetch_optional(&mut *tx).await? else {
            return Ok(None);
        };
        let created = sqlx::query_scalar::<_, i64>(
            "INSERT INTO users (org_id, email, name, role, password_hash, active, created_at) VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id")
            .bind(invitation.org_id)
            .bind(&invitation.email)
            .bind(&invitation.name)
            .bind(invitation.role)
            .bind(password_hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await;
        let user_id = match created {
            Ok(id) => id,
            Err(e) if is_unique_violation(&e) => return Ok(None),
            Err(e) => return Err(e),
        };
        sqlx::query("UPDATE invitations SET accepted_at = $1, token_hash = NULL WHERE id = $2").bind(now).bind(invitation.id).execute(&mut *tx).await?;
        let actor = AuditActor { user_id: Some(user_id), name: invitation.name.clone(), email: invitation.email.clone(), client_addr: client_addr.to_owned() };
        let entry = AuditEntry { kind: AuditKind::InvitationAccepted, actor: &actor, subject: &invitation.email, detail: invitation.role.as_str(), org_id: invitation.org_id };
        crate::record_audit!(&mut *tx, entry, now)?;
        tx.commit().await?;
        Ok(Some(user_id))
    })
}

/// Someone who may be sent a reset link: an active user with this address, of an active org.
pub async fn reset_candidate(db: &Db, email: &str) -> sqlx::Result<Option<(i64, Option<String>)>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT u.id, u.locale FROM users u LEFT JOIN orgs o ON o.id = u.org_id WHERE u.email = $1 AND u.active = TRUE AND COALESCE(o.active, TRUE)")
        .bind(email.to_lowercase())
        .fetch_optional(pool)
        .await)
}

/// Queues a reset e-mail for the user; its link is minted at delivery.
pub async fn queue_reset(db: &Db, user_id: i64, mail: NewMail, now: Timestamp) -> sqlx::Result<()> {
    let mail = NewMail { link: Some(MintedLink::PasswordReset(user_id)), ..mail };
    with_db!(db, pool => crate::enqueue_mail!(pool, &mail, now).map(|_| ()))
}

/// Stores a reset link's hash for the user, valid until `expires`; the user's name if they may
/// still reset (active).
pub async fn mint_reset(db: &Db, user_id: i64, token_hash: &str, now: Timestamp, expires: Timestamp) -> sqlx::Result<Option<String>> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM users WHERE id = $1 AND active = TRUE").bind(user_id).fetch_optional(&mut *tx).await?;
        if name.is_some() {
            sqlx::query("INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(token_hash)
                .bind(user_id)
                .bind(now)
                .bind(expires)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(name)
    })
}

/// The user a reset link is for, if it is unused and valid.
pub async fn reset_user(db: &Db, token_hash: &str, now: Timestamp) -> sqlx::Result<Option<(i64, String, String)>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT u.id, u.email, u.name FROM password_resets r JOIN users u ON u.id = r.user_id
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.active = TRUE")
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await)
}

/// Sets a new password from a reset link, once: the link is used up, every other reset link
/// and every session of the person end, and `mail` is queued, in one transaction.
pub async fn use_reset(
    db: &Db,
    token_hash: &str,
    password_hash: &str,
    mail: impl FnOnce(i64) -> Option<NewMail>,
    now: Timestamp,
) -> sqlx::Result<Option<i64>> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let user_id: Option<i64> = sqlx::query_scalar(
            "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id")
            .bind(now)
            .bind(token_hash)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(user_id) = user_id else { return Ok(None) };
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2 AND active = TRUE").bind(password_hash).bind(user_id).execute(&mut *tx).await?;
        sqlx::query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL").bind(now).bind(user_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        if let Some(mail) = mail(user_id) {
            crate::enqueue_mail!(&mut *tx, &mail, now)?;
        }
        tx.commit().await?;
        Ok(Some(user_id))
    })
}

/// The stored password hash of a user (to check the current password before a change).
pub async fn password_hash(db: &Db, user_id: i64) -> sqlx::Result<Option<String>> {
    with_db!(db, pool => sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1 AND active = TRUE").bind(user_id).fetch_optional(pool).await)
}

/// Sets a user's password; every other session of theirs ends, and `mail` is queued, in one
/// transaction.
pub async fn change_password(
    db: &Db,
    user_id: i64,
    password_hash: &str,
    keep_session: &str,
    mail: &NewMail,
    now: Timestamp,
) -> sqlx::Result<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(password_hash).bind(user_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2").bind(user_id).bind(keep_session).execute(&mut *tx).await?;
        crate::enqueue_mail!(&mut *tx, mail, now)?;
        tx.commit().await?;
        Ok(())
    })
}

/// One of a person's sessions, for "Your sessions".
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionEntry {
    pub token_hash: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub client_addr: String,
    pub user_agent: String,
}

pub async fn sessions_of(db: &Db, user_id: i64) -> sqlx::Result<Vec<SessionEntry>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT token_hash, created_at, last_seen_at, client_addr, user_agent FROM sessions WHERE user_id = $1 ORDER BY last_seen_at DESC")
        .bind(user_id)
        .fetch_all(pool)
        .await)
}

/// Ends every session of the person but the one named.
pub async fn end_other_sessions(db: &Db, user_id: i64, keep: &str) -> sqlx::Result<u64> {
    with_db!(db, pool => sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
}

/// A person's address, name and language, by id.
pub async fn person(db: &Db, user_id: i64) -> sqlx::Result<Option<(String, String, Option<String>)>> {
    with_db!(db, pool => sqlx::query_as("SELECT email, name, locale FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await)
}
