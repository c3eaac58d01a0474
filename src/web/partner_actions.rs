//! The partner's actions on a submitted claim: resubmit after a request for more information,
//! request rejection (withdraw), dispute a rejection.

use super::claim_page::refuse;
use super::done::Done;
use super::error::AppError;
use super::form::PostedForm;
use super::state::AppState;
use super::visitor::SignedIn;
use super::workflow_action::{attempt, finish};
use crate::db::claims::{self, ClaimRecord, ClaimScope};
use crate::db::poe;
use crate::db::workflow::Extras;
use crate::domain::role::Permission;
use crate::domain::text::LONG_TEXT_CHARS as TEXT_CHARS;
use crate::domain::workflow::{Action, WithdrawReason};
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
    form: PostedForm,
) -> Result<HttpResponse, AppError> {
    let claim = own_claim(&state, &user, &path, Permission::EditClaims).await?;
    let note = match form.note("resubmit_comment", TEXT_CHARS) {
        Ok(note) => note,
        Err(key) => {
            return refuse(&state, &user, claim, "resubmit_comment", key, &[("resubmit_comment", form.get("resubmit_comment"))]).await;
        }
    };
    let extras = Extras { details: serde_json::json!({ "comment": note }), ..Extras::default() };
    let outcome = attempt(&state, &user, &claim, &form, Action::Resubmit, extras, |_| {}).await?;
    finish(outcome, &claim, Done::Resubmitted)
}

#[post("/claims/{id}/withdraw")]
pub async fn withdraw(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    form: PostedForm,
) -> Result<HttpResponse, AppError> {
    let claim = own_claim(&state, &user, &path, Permission::WithdrawOrDispute).await?;
    let Some(reason) = WithdrawReason::parse(form.get("withdraw_reason")) else {
        return refuse(&state, &user, claim, "withdraw_reason", "error-choose-reason", &[]).await;
    };
    let extras = Extras { details: serde_json::json!({ "reason": reason.as_str() }), ..Extras::default() };
    let outcome = attempt(&state, &user, &claim, &form, Action::Withdraw, extras, |_| {}).await?;
    finish(outcome, &claim, Done::Withdrawn)
}

/// A dispute needs a business justification and/or a PoE file uploaded since the rejection.
#[post("/claims/{id}/dispute")]
pub async fn dispute(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    form: PostedForm,
) -> Result<HttpResponse, AppError> {
    let claim = own_claim(&state, &user, &path, Permission::WithdrawOrDispute).await?;
    let justification = match form.note("dispute_justification", TEXT_CHARS) {
        Ok(justification) => justification,
        Err(key) => {
            let kept = [("dispute_justification", form.get("dispute_justification"))];
            return refuse(&state, &user, claim, "dispute_justification", key, &kept).await;
        }
    };
    let new_files: Vec<String> = match claim.rejected_at {
        Some(rejected) => {
            poe::files_of(&state.db, claim.id).await?.into_iter().filter(|f| f.uploaded_at > rejected).map(|f| f.file_name).collect()
        }
        None => Vec::new(),
    };
    let evidence = !justification.is_empty() || !new_files.is_empty();
    if !evidence {
        return refuse(&state, &user, claim, "dispute_justification", "workflow-dispute-evidence", &[]).await;
    }
    let extras = Extras { details: serde_json::json!({ "justification": justification, "files": new_files }), ..Extras::default() };
    let outcome = attempt(&state, &user, &claim, &form, Action::Dispute, extras, |facts| facts.dispute_evidence = evidence).await?;
    finish(outcome, &claim, Done::Disputed)
}
