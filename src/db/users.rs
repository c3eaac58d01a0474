//! People who sign in: partner users of an org, and reviewers.

use super::audit::AuditEntry;
use super::{BeginWrite, Db, Timestamp, is_unique_violation};
use crate::domain::role::Role;
use crate::with_db;

/// A person as the rest of the program sees them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct User {
    pub id: i64,
    pub org_id: Option<i64>,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    /// Two-step verification is set up.
    #[serde(default)]
    pub two_step: bool,
}

#[derive(sqlx::FromRow)]
pub(super) struct UserRow {
    pub id: i64,
    pub org_id: Option<i64>,
    pub email: String,
    pub name: String,
    pub role: String,
    pub active: bool,
    #[sqlx(default)]
    pub two_step: bool,
}

crate::read_in_order!(UserRow { id, org_id, email, name, role, active, two_step });

impl UserRow {
    pub(super) fn into_user(self) -> Option<User> {
        Some(User {
            id: self.id,
            org_id: self.org_id,
            email: self.email,
            name: self.name,
            role: Role::parse(&self.role)?,
            active: self.active,
            two_step: self.two_step,
        })
    }
}

pub struct NewUser<'a> {
    pub org_id: Option<i64>,
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("a user with this e-mail address already exists")]
    DuplicateEmail,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

pub async fn create_user(db: &Db, user: NewUser<'_>, now: Timestamp) -> Result<i64, CreateUserError> {
    let result = with_db!(db, pool => sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (org_id, email, name, role, password_hash, active, created_at)
         VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id")
        .bind(user.org_id)
        .bind(user.email.to_lowercase())
        .bind(user.name)
        .bind(user.role.as_str())
        .bind(user.password_hash)
        .bind(now)
        .fetch_one(pool)
        .await);
    result.map_err(|e| if is_unique_violation(&e) { CreateUserError::DuplicateEmail } else { e.into() })
}

/// The id of the org's user with this e-mail address, if the org has one.
pub async fn org_user_by_email(db: &Db, org_id: i64, email: &str) -> sqlx::Result<Option<i64>> {
    with_db!(db, pool => sqlx::query_scalar("SELECT id FROM users WHERE org_id = $1 AND email = $2")
        .bind(org_id)
        .bind(email.to_lowercase())
        .fetch_optional(pool)
        .await)
}

/// What sign-in needs: the user's id, password hash and whether they may sign in (they are
/// active, and so is their org).
pub async fn credentials(db: &Db, email: &str) -> sqlx::Result<Option<(i64, String, bool)>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT u.id, u.password_hash, u.active AND COALESCE(o.active, TRUE) FROM users u LEFT JOIN orgs o ON o.id = u.org_id WHERE u.email = $1")
        .bind(email.to_lowercase())
        .fetch_optional(pool)
        .await)
}

pub async fn org_users(db: &Db, org_id: i64) -> sqlx::Result<Vec<User>> {
    let rows: Vec<UserRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT id, org_id, email, name, role, active FROM users WHERE org_id = $1 ORDER BY name, id")
        .bind(org_id)
        .fetch_all(pool)
        .await)?;
    Ok(rows.into_iter().filter_map(UserRow::into_user).collect())
}

/// A user of the given org, or `None` (which the caller shows as a 404).
pub async fn org_user(db: &Db, org_id: i64, user_id: i64) -> sqlx::Result<Option<User>> {
    let row: Option<UserRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT id, org_id, email, name, role, active FROM users WHERE org_id = $1 AND id = $2")
        .bind(org_id)
        .bind(user_id)
        .fetch_optional(pool)
        .await)?;
    Ok(row.and_then(UserRow::into_user))
}

/// Changes a partner user's role, with its audit entry. Their next request sees it, because
/// every request reads the user afresh with the session.
pub async fn set_role(db: &Db, org_id: i64, user_id: i64, role: Role, audit: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let changed = sqlx::query("UPDATE users SET role = $1 WHERE org_id = $2 AND id = $3 AND role <> $1")
            .bind(role.as_str())
            .bind(org_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected() == 1;
        if changed {
            crate::record_audit!(&mut *tx, audit, now)?;
        }
        tx.commit().await?;
        Ok(changed)
    })
}

/// Deactivates (`active = false`) a user of the org (`None`: one of the program's own people) and
/// ends every session they have, or reactivates them; with its audit entry, in one transaction.
pub async fn set_active(
    db: &Db,
    org_id: Option<i64>,
    user_id: i64,
    active: bool,
    audit: &AuditEntry<'_>,
    now: Timestamp,
) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let changed = sqlx::query("UPDATE users SET active = $1 WHERE org_id IS NOT DISTINCT FROM $2 AND id = $3 AND active <> $1")
            .bind(active)
            .bind(org_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected() == 1;
        if changed {
            if !active {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            }
            crate::record_audit!(&mut *tx, audit, now)?;
        }
        tx.commit().await?;
        Ok(changed)
    })
}

/// Remembers the language a person reads, for the e-mails they receive.
pub async fn set_locale(db: &Db, user_id: i64, locale: &str) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query("UPDATE users SET locale = $1 WHERE id = $2 AND (locale IS NULL OR locale <> $1)")
        .bind(locale)
        .bind(user_id)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// The program's own people (reviewers and operators), by role and name.
pub async fn program_people(db: &Db) -> sqlx::Result<Vec<User>> {
    let rows: Vec<UserRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT id, org_id, email, name, role, active FROM users WHERE org_id IS NULL ORDER BY role, name, id")
        .fetch_all(pool)
        .await)?;
    Ok(rows.into_iter().filter_map(UserRow::into_user).collect())
}

/// One of the program's own people, by id.
pub async fn program_person(db: &Db, user_id: i64) -> sqlx::Result<Option<User>> {
    let row: Option<UserRow> = with_db!(db, pool => sqlx::query_as(
        "SELECT id, org_id, email, name, role, active FROM users WHERE org_id IS NULL AND id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await)?;
    Ok(row.and_then(UserRow::into_user))
}
