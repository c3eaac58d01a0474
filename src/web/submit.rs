//! Submitting a claim: Editing → Submitted, with at least one PoE file and the self-check
//! confirmed. Idempotent: a double click or a replayed request submits once.

use super::action_forms::SubmitForm;
use super::claim_page::{ClaimNotice, FormProblems, claim_page};
use super::error::AppError;
use super::page::see_other;
use super::posted::Posted;
use super::state::AppState;
use super::visitor::SignedIn;
use super::workflow_action::{Attempt, attempt};
use crate::db::claims::{self, ClaimScope};
use crate::db::poe;
use crate::db::workflow::Extras;
use crate::domain::poe::SelfCheckItem;
use crate::domain::role::Permission;
use crate::domain::workflow::{Action, WorkflowError};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};

#[post("/claims/{id}/submit")]
pub async fn submit(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    posted: Posted<SubmitForm>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let claim = claims::find(&state.db, ClaimScope::Org(member.org_id), &path).await?.ok_or(AppError::NotFound)?;
    let answers = posted.form.answers;
    let (files, _) = poe::usage(&state.db, claim.id).await?;
    let extras = Extras { self_check: Some(answers), ..Extras::default() };
    let outcome = attempt(&state, &user, &claim, posted.form.revision, Action::Submit, extras, |facts| {
        facts.has_poe = files > 0;
        facts.self_check_confirmed = answers.iter().all(|a| *a);
    })
    .await?;
    let problems = match outcome {
        Attempt::Done | Attempt::Repeated => return Ok(see_other(&format!("/claims/{}?submitted=1", claim.public_id))),
        Attempt::Refused(WorkflowError::NoPoe) => FormProblems { no_poe: true, ..FormProblems::default() },
        Attempt::Refused(WorkflowError::SelfCheckMissing) => FormProblems {
            unchecked: SelfCheckItem::ALL.into_iter().zip(answers).filter(|(_, a)| !a).map(|(i, _)| i).collect(),
            ..FormProblems::default()
        },
        Attempt::Refused(other) => return Err(AppError::Conflict(other.message_key())),
        Attempt::Conflict(page) => return Ok(page),
    };
    claim_page(&state, &user, claim, ClaimNotice::default(), problems, StatusCode::UNPROCESSABLE_ENTITY).await
}
