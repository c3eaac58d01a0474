//! Who reviews a claim: assigning a reviewer (oneself or a colleague) or nobody, asked again under
//! the write lock, recorded in the history, and the assignee told by e-mail when someone else
//! assigned them, all in one transaction.

use super::history::Actor;
use super::outbox::NewMail;
use super::param::Param;
use super::{BeginWrite, Db, Timestamp, direct};
use crate::domain::claim::ClaimStatus;
use crate::domain::role::Role;
use crate::{enqueue_mail, record_history, with_db};

/// A reviewer who can be assigned.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Reviewer {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub locale: Option<String>,
}

crate::read_in_order!(Reviewer { id, name, email, locale });

/// The active reviewers, by name (for the "Assign to" choices).
pub async fn reviewers(db: &Db) -> sqlx::Result<Vec<Reviewer>> {
    const REVIEWERS: &str = "SELECT id, name, email, locale FROM users WHERE role = $1 AND active = TRUE ORDER BY name, id";
    let params = vec![Param::Text(Role::Reviewer.as_str().into())];
    direct::all(db, REVIEWERS, params, Reviewer::read).await
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assigned {
    /// Done (or it was so already).
    Done,
    /// The claim no longer waits for a reviewer.
    NotAssignable,
    /// No active reviewer has this id.
    UnknownReviewer,
}

/// Assigns `assignee` (`None`: nobody) to the claim. `mail` builds the assignee's e-mail; it is
/// queued only when someone else assigned them.
pub async fn assign(
    db: &Db,
    claim_id: i64,
    assignee: Option<i64>,
    actor: &Actor,
    mail: impl FnOnce(&Reviewer) -> NewMail,
    now: Timestamp,
) -> sqlx::Result<Assigned> {
    let lock = if matches!(db, Db::Pg(..)) { " FOR UPDATE" } else { "" };
    let select = sqlx::AssertSqlSafe(format!("SELECT status, assigned_reviewer_id FROM claims WHERE id = $1{lock}"));
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let Some((status, current)): Option<(ClaimStatus, Option<i64>)> = sqlx::query_as(select).bind(claim_id).fetch_optional(&mut *tx).await? else {
            return Ok(Assigned::NotAssignable);
        };
        if !status.assignable() {
            return Ok(Assigned::NotAssignable);
        }
        let reviewer: Option<Reviewer> = match assignee {
            Some(id) => {
                let found = sqlx::query_as("SELECT id, name, email, locale FROM users WHERE id = $1 AND role = $2 AND active = TRUE")
                    .bind(id)
                    .bind(Role::Reviewer)
                    .fetch_optional(&mut *tx)
                    .await?;
                if found.is_none() {
                    return Ok(Assigned::UnknownReviewer);
                }
                found
            }
            None => None,
        };
        if current == assignee {
            return Ok(Assigned::Done);
        }
        sqlx::query("UPDATE claims SET assigned_reviewer_id = $1 WHERE id = $2").bind(assignee).bind(claim_id).execute(&mut *tx).await?;
        let (action, details) = match &reviewer {
            Some(r) => ("assigned", serde_json::json!({ "assignee": r.name })),
            None => ("unassigned", serde_json::json!({})),
        };
        record_history!(&mut *tx, claim_id, now, actor, action, None::<String>, None::<String>, details)?;
        if let Some(reviewer) = reviewer.filter(|r| Some(r.id) != actor.user_id) {
            let mail = mail(&reviewer);
            enqueue_mail!(&mut *tx, &mail, now)?;
        }
        tx.commit().await?;
        Ok(Assigned::Done)
    })
}
