//! Partner applications: an org asks for access from the public page; an operator approves it
//! (the org is created and the applicant invited as its global admin, in one transaction) or
//! rejects it with a reason that is e-mailed.

use super::accounts::{InviteOutcome, NewInvitation};
use super::audit::{AuditActor, AuditEntry};
use super::outbox::NewMail;
use super::{BeginWrite, Db, Timestamp, is_unique_violation};
use crate::domain::administration::Application;
use crate::domain::audit::AuditKind;
use crate::domain::role::Role;
use crate::with_db;

/// An application as operators see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApplicationRecord {
    pub id: i64,
    pub org_name: String,
    pub mpn_id: String,
    pub applicant_name: String,
    pub applicant_email: String,
    pub locale: String,
    pub created_at: Timestamp,
    pub status: String,
    pub decided_at: Option<Timestamp>,
    pub reason: Option<String>,
    pub org_id: Option<i64>,
}

const SELECT: &str = "SELECT id, org_name, mpn_id, applicant_name, applicant_email, locale, created_at, status, decided_at, reason, org_id
     FROM partner_applications";

/// Whether an application was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    Recorded,
    /// The same address has an application waiting already: nothing new is stored.
    AlreadyWaiting,
    /// Too many applications from this address lately.
    Throttled,
}

/// Records an application unless its address has too many within the window (counted under the
/// write lock, so parallel posts cannot all slip through) or one is waiting for this e-mail.
pub async fn receive(
    db: &Db,
    application: &Application,
    locale: &str,
    client_addr: &str,
    limit: (i64, Timestamp),
    now: Timestamp,
) -> sqlx::Result<Received> {
    let (per_address, since) = limit;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        if matches!(db, Db::Pg(..)) {
            // One applicant address at a time, so the count below is exact.
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))").bind(client_addr).execute(&mut *tx).await?;
        }
        let recent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM partner_applications WHERE client_addr = $1 AND created_at > $2")
            .bind(client_addr)
            .bind(since)
            .fetch_one(&mut *tx)
            .await?;
        if recent >= per_address {
            return Ok(Received::Throttled);
        }
        let waiting: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM partner_applications WHERE applicant_email = $1 AND status = 'pending')")
            .bind(&application.applicant_email)
            .fetch_one(&mut *tx)
            .await?;
        if waiting {
            return Ok(Received::AlreadyWaiting);
        }
        sqlx::query(
            "INSERT INTO partner_applications (org_name, mpn_id, applicant_name, applicant_email, locale, client_addr, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(&application.org_name)
            .bind(&application.mpn_id)
            .bind(&application.applicant_name)
            .bind(&application.applicant_email)
            .bind(locale)
            .bind(client_addr)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Received::Recorded)
    })
}

/// Applications waiting for a decision (oldest first), then the latest decided ones.
pub async fn list(db: &Db, decided_limit: i64) -> sqlx::Result<(Vec<ApplicationRecord>, Vec<ApplicationRecord>)> {
    let waiting = sqlx::AssertSqlSafe(format!("{SELECT} WHERE status = 'pending' ORDER BY id LIMIT 500"));
    let decided = sqlx::AssertSqlSafe(format!("{SELECT} WHERE status <> 'pending' ORDER BY id DESC LIMIT $1"));
    with_db!(db, pool => {
        let waiting = sqlx::query_as(waiting).fetch_all(pool).await?;
        let decided = sqlx::query_as(decided).bind(decided_limit).fetch_all(pool).await?;
        Ok((waiting, decided))
    })
}

pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<ApplicationRecord>> {
    let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1"));
    with_db!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)
}

/// How a decision ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    /// Approved: the new org's id.
    Approved(i64),
    Rejected,
    /// Someone decided it meanwhile: nothing was changed.
    AlreadyDecided,
    /// The MPN ID belongs to an org already.
    MpnIdTaken,
    /// The applicant's address has an account or an invitation already.
    AddressTaken,
}

/// Marks the application decided if it is still waiting (checked again under the write lock).
macro_rules! take_pending {
    ($tx:expr, $id:expr, $status:expr, $reason:expr, $org_id:expr, $actor:expr, $now:expr) => {
        sqlx::query(
            "UPDATE partner_applications SET status = $1, reason = $2, org_id = $3, decided_by = $4, decided_at = $5
             WHERE id = $6 AND status = 'pending'",
        )
        .bind($status)
        .bind($reason)
        .bind($org_id)
        .bind($actor.user_id)
        .bind($now)
        .bind($id)
        .execute(&mut *$tx)
        .await
        .map(|r| r.rows_affected() == 1)
    };
}

/// Approves: creates the org with the applied-for MPN ID and invites the applicant as its global
/// admin, all in one transaction with the audit entries; nothing is written if any step refuses.
pub async fn approve(
    db: &Db,
    application: &ApplicationRecord,
    invitation_mail: NewMail,
    actor: &AuditActor,
    now: Timestamp,
) -> sqlx::Result<Decided> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let org_id: i64 = sqlx::query_scalar("INSERT INTO orgs (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(&application.org_name)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        if !take_pending!(tx, application.id, "approved", None::<String>, Some(org_id), actor, now)? {
            return Ok(Decided::AlreadyDecided);
        }
        let added = sqlx::query("INSERT INTO org_mpn_ids (org_id, mpn_id) VALUES ($1, $2)").bind(org_id).bind(&application.mpn_id).execute(&mut *tx).await;
        match added {
            Err(e) if is_unique_violation(&e) => return Ok(Decided::MpnIdTaken),
            other => other?,
        };
        let subject = format!("{} ({})", application.org_name, application.applicant_email);
        let entry = AuditEntry { kind: AuditKind::ApplicationApproved, actor, subject: &subject, detail: &application.mpn_id, org_id: Some(org_id) };
        crate::record_audit!(&mut *tx, entry, now)?;
        let created = AuditEntry { kind: AuditKind::OrgCreated, actor, subject: &application.org_name, detail: &application.mpn_id, org_id: Some(org_id) };
        crate::record_audit!(&mut *tx, created, now)?;
        let new = NewInvitation {
            email: &application.applicant_email,
            name: &application.applicant_name,
            role: Role::GlobalAdmin,
            org_id: Some(org_id),
            invited_by: actor.user_id,
        };
        if crate::invite_in!(tx, new, invitation_mail, actor, now).await? == InviteOutcome::AddressTaken {
            return Ok(Decided::AddressTaken);
        }
        tx.commit().await?;
        Ok(Decided::Approved(org_id))
    })
}

/// Rejects with a reason and queues the answer to the applicant, in one transaction.
pub async fn reject(
    db: &Db,
    application: &ApplicationRecord,
    reason: &str,
    mail: NewMail,
    actor: &AuditActor,
    now: Timestamp,
) -> sqlx::Result<Decided> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        if !take_pending!(tx, application.id, "rejected", Some(reason), None::<i64>, actor, now)? {
            return Ok(Decided::AlreadyDecided);
        }
        crate::enqueue_mail!(&mut *tx, &mail, now)?;
        let subject = format!("{} ({})", application.org_name, application.applicant_email);
        let entry = AuditEntry { kind: AuditKind::ApplicationRejected, actor, subject: &subject, detail: reason, org_id: None };
        crate::record_audit!(&mut *tx, entry, now)?;
        tx.commit().await?;
        Ok(Decided::Rejected)
    })
}

impl ApplicationRecord {
    /// The translation key of its status.
    pub fn status_key(&self) -> &'static str {
        match self.status.as_str() {
            "approved" => "application-status-approved",
            "rejected" => "application-status-rejected",
            _ => "application-status-pending",
        }
    }
}
