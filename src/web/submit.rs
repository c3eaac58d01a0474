//! Submitting a claim: Editing → Submitted, with at least one PoE file and the self-check
//! confirmed. Idempotent: a double click or a replayed request submits once.

use super::error::AppError;
use super::form::PostedForm;
use super::claim_page::{ClaimNotice, SubmitProblems, claim_page};
use super::page::see_other;
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::claims::{self, ClaimScope};
use crate::db::poe::{self, SubmitOutcome};
use crate::domain::claim::ClaimStatus;
use crate::domain::poe::SelfCheckItem;
use actix_web::http::StatusCode;
use crate::domain::role::Permission;
use actix_web::{HttpResponse, post, web};

#[post("/claims/{id}/submit")]
pub async fn submit(state: web::Data<AppState>, user: SignedIn, path: web::Path<String>, form: PostedForm) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let claim = claims::find(&state.db, ClaimScope::Org(member.org_id), &path).await?.ok_or(AppError::NotFound)?;
    let answers = SelfCheckItem::ALL.map(|item| form.get(item.as_str()) == "yes");
    let unchecked: Vec<SelfCheckItem> = SelfCheckItem::ALL.into_iter().zip(answers).filter(|(_, a)| !a).map(|(i, _)| i).collect();
    let outcome = if unchecked.is_empty() {
        poe::submit(&state.db, claim.id, member.user_id, answers, state.now()).await?
    } else if claim.status() == ClaimStatus::Submitted {
        // A replay of a submission that went through: nothing to check again.
        SubmitOutcome::AlreadySubmitted
    } else {
        let problems = SubmitProblems { unchecked, no_poe: false };
        return claim_page(&state, &user, claim, ClaimNotice::default(), problems, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match outcome {
        SubmitOutcome::Submitted | SubmitOutcome::AlreadySubmitted => Ok(see_other(&format!("/claims/{}?submitted=1", claim.public_id))),
        SubmitOutcome::NoPoe => {
            let problems = SubmitProblems { unchecked: Vec::new(), no_poe: true };
            claim_page(&state, &user, claim, ClaimNotice::default(), problems, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        SubmitOutcome::NotEditable => Err(AppError::Conflict("error-claim-not-editable")),
    }
}
