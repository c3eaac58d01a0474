//! The partner's actions on a submitted claim: resubmit after a request for more information,
//! request rejection (withdraw), dispute a rejection.

use super::action_forms::{DisputeForm, ResubmitForm, WithdrawForm};
use super::claim_page::refuse;
use super::done::Done;
use super::error::AppError;
use super::posted::Posted;
use super::state::AppState;
use super::visitor::SignedIn;
use super::workflow_action::{attempt, finish};
use crate::db::claims::{self, ClaimRecord, ClaimScope};
use crate::db::poe;
use crate::db::workflow::Extras;
use crate::domain::role::Permission;
use crate::domain::text::LONG_TEXT_CHARS as TEXT_CHARS;
use crate::domain::text::{self, Lines};
use crate::domain::workflow::Action;
use actix_web::{HttpResponse, post, web};

async fn own_claim(state: &AppState, user: &SignedIn, public_id: &str, permission: Permission) -> Result<ClaimRecord, AppError> {
    let member = user.org_member(permission)?;
    claims::find(&state.db, ClaimScope::Org(member.org_id), public_id).await?.ok_or(AppError::NotFound)
}

#[post("/claims/{id}/resubmit")]
pub async fn resubmit(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    posted: Posted<ResubmitForm>,
) -> Result<HttpResponse, AppError> {
    let claim = own_claim(&state, &user, &path, Permission::EditClaims).await?;
    let form = &posted.form;
    let note = match text::optional(&form.comment, TEXT_CHARS, Lines::Many) {
        Ok(note) => note,
        Err(problem) => {
            return refuse(&state, &user, claim, "resubmit_comment", problem.message_key(), &[("resubmit_comment", &form.comment)]).await;
        }
    };
    let extras = Extras { details: serde_json::json!({ "comment": note }), ..Extras::default() };
    let outcome = attempt(&state, &user, &claim, Some(form.revision), Action::Resubmit, extras, |_| {}).await?;
    finish(outcome, &claim, Done::Resubmitted)
}

#[post("/claims/{id}/withdraw")]
pub async fn withdraw(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    posted: Posted<WithdrawForm>,
) -> Result<HttpResponse, AppError> {
    let claim = own_claim(&state, &user, &path, Permission::WithdrawOrDispute).await?;
    let Some(reason) = posted.form.reason else {
        return refuse(&state, &user, claim, "withdraw_reason", "error-choose-reason", &[]).await;
    };
    let extras = Extras { details: serde_json::json!({ "reason": reason.as_str() }), ..Extras::default() };
    let outcome = attempt(&state, &user, &claim, Some(posted.form.revision), Action::Withdraw, extras, |_| {}).await?;
    finish(outcome, &claim, Done::Withdrawn)
}

/// The names of the PoE files uploaded since the claim was rejected: a dispute's evidence.
pub async fn files_since_rejection(state: &AppState, claim: &ClaimRecord) -> Result<Vec<String>, AppError> {
    Ok(match claim.rejected_at {
        Some(rejected) => {
            poe::files_of(&state.db, claim.id).await?.into_iter().filter(|f| f.uploaded_at > rejected).map(|f| f.file_name).collect()
        }
        None => Vec::new(),
    })
}

/// A dispute needs a business justification and/or a PoE file uploaded since the rejection.
#[post("/claims/{id}/dispute")]
pub async fn dispute(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    posted: Posted<DisputeForm>,
) -> Result<HttpResponse, AppError> {
    let claim = own_claim(&state, &user, &path, Permission::WithdrawOrDispute).await?;
    let form = &posted.form;
    let justification = match text::optional(&form.justification, TEXT_CHARS, Lines::Many) {
        Ok(justification) => justification,
        Err(problem) => {
            let kept = [("dispute_justification", form.justification.as_str())];
            return refuse(&state, &user, claim, "dispute_justification", problem.message_key(), &kept).await;
        }
    };
    let new_files = files_since_rejection(&state, &claim).await?;
    let evidence = !justification.is_empty() || !new_files.is_empty();
    if !evidence {
        return refuse(&state, &user, claim, "dispute_justification", "workflow-dispute-evidence", &[]).await;
    }
    let extras = Extras { details: serde_json::json!({ "justification": justification, "files": new_files }), ..Extras::default() };
    let outcome =
        attempt(&state, &user, &claim, Some(form.revision), Action::Dispute, extras, |facts| facts.dispute_evidence = evidence).await?;
    finish(outcome, &claim, Done::Disputed)
}
