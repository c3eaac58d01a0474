//! Assigning a claim's reviewer: **Assign to me**, **Assign to** a colleague, **Unassign**, on the
//! claim page (and, for many claims at once, the queue's bulk actions).

use super::allowed::{require, require_role};
use super::claim_page::visible_claim;
use super::error::AppError;
use super::page::see_other;
use super::posted::{NoFields, Posted};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::assignment::{self, Assigned};
use crate::db::claims::ClaimRecord;
use crate::domain::allowed::ClaimAction;
use crate::mail::notices;
use actix_web::{HttpResponse, post, web};

/// Who the form names: `me`, a reviewer's id, or nobody (empty).
pub fn assignee(user: &SignedIn, typed: &str) -> Result<Option<i64>, AppError> {
    match typed {
        "" => Ok(None),
        "me" => Ok(Some(user.user().id)),
        id => id.parse().map(Some).map_err(|_| AppError::BadRequest("error-page-bad-request")),
    }
}

/// Assigns the claim, as `domain::allowed` permits, asked again under the write lock.
pub async fn assign(state: &AppState, user: &SignedIn, claim: &ClaimRecord, to: Option<i64>) -> Result<Assigned, AppError> {
    require(state, user, claim, ClaimAction::Assign)?;
    let zone = state.settings.durations.calendar.zone();
    let base_url = state.base_url();
    let by = user.user().name.clone();
    let mail = |r: &assignment::Reviewer| {
        notices::assigned((&r.email, r.locale.as_deref()), (&claim.public_id, &claim.name, &claim.customer_name), &by, zone, &base_url)
    };
    Ok(assignment::assign(&state.db, claim.id, to, &user.actor(), mail, state.now()).await?)
}

#[post("/claims/{id}/assign")]
pub async fn assign_claim(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    require_role(&user, ClaimAction::Assign)?;
    let claim = visible_claim(&state, &user, &path).await?;
    let to = assignee(&user, posted.typed("reviewer"))?;
    match assign(&state, &user, &claim, to).await? {
        Assigned::Done => Ok(see_other(&super::done::Done::Assigned.location(&claim.public_id))),
        Assigned::NotAssignable => Err(AppError::Conflict("workflow-wrong-status")),
        Assigned::UnknownReviewer => Err(AppError::BadRequest("error-page-bad-request")),
    }
}
