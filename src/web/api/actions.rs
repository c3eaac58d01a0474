//! The partner's workflow actions through the API: submit (with the self-check answers),
//! resubmit, request rejection and dispute. Each is taken by the state machine under the claim's
//! write lock, exactly as from the pages, and answers with the claim as it now is.

use super::caller::ApiCall;
use super::claims::{Claim, claim_out};
use super::problem::{ApiError, Problem};
use super::{Json, own_claim, require_action, taken};
use crate::db::poe;
use crate::db::workflow::Extras;
use crate::domain::allowed::ClaimAction;
use crate::domain::claim_form::FieldErrors;
use crate::domain::poe::SelfCheckItem;
use crate::domain::text::{self, LONG_TEXT_CHARS, Lines};
use crate::domain::workflow::{Action, WithdrawReason, WorkflowError};
use crate::web::partner_actions::files_since_rejection;
use crate::web::state::AppState;
use crate::web::workflow_action::take;
use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct SubmitInput {
    /// The self-check items confirmed; all five must be: `customer_signature`, `dates_recent`,
    /// `partner_solution`, `products_named`, `belongs_to_customer`.
    pub self_check: Vec<String>,
    /// The revision the request was made against; a stale one is a 409.
    pub revision: Option<i64>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ResubmitInput {
    /// What was changed (optional).
    pub comment: String,
    pub revision: Option<i64>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct RequestRejectionInput {
    /// `wrong-mpn`, `wrong-activity` or `no-longer-working-with-customer`.
    pub reason: String,
    pub revision: Option<i64>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct DisputeInput {
    /// The business justification; required unless PoE was uploaded since the rejection.
    pub justification: String,
    pub revision: Option<i64>,
}

fn invalid(field: &'static str, key: &'static str) -> ApiError {
    let mut errors = FieldErrors::default();
    errors.add(field, key);
    ApiError::Invalid(errors)
}

async fn answer(state: &AppState, call: &ApiCall, public_id: &str) -> Result<HttpResponse, ApiError> {
    let claim = own_claim(state, call, public_id).await?;
    Ok(HttpResponse::Ok().json(claim_out(state, call, claim)))
}

#[utoipa::path(post, path = "/api/v1/claims/{id}/submit", tag = "workflow", request_body = SubmitInput,
    params(("id" = String, Path, description = "The claim ID"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request safe")),
    responses((status = 200, body = Claim), (status = 409, body = Problem), (status = 422, body = Problem)), security(("token" = [])))]
#[post("/claims/{id}/submit")]
pub async fn submit(
    state: web::Data<AppState>,
    call: ApiCall,
    path: web::Path<String>,
    body: Json<SubmitInput>,
) -> Result<HttpResponse, ApiError> {
    let claim = own_claim(&state, &call, &path).await?;
    require_action(&state, &call, &claim, ClaimAction::Submit).or_else(|e| match e {
        // Missing PoE or self-check answers are the request's to fix: said below, per field.
        ApiError::Conflict("submit-needs-poe" | "workflow-self-check") => Ok(()),
        other => Err(other),
    })?;
    if body.self_check.iter().any(|code| !SelfCheckItem::ALL.iter().any(|i| i.as_str() == code)) {
        return Err(invalid("self_check", "api-self-check-unknown"));
    }
    let answers = SelfCheckItem::ALL.map(|item| body.self_check.iter().any(|code| code == item.as_str()));
    let (files, _) = poe::usage(&state.db, claim.id).await?;
    let extras = Extras { self_check: Some(answers), ..Extras::default() };
    let outcome = take(&state, &call.acting(), &claim, body.revision, Action::Submit, extras, |facts| {
        facts.has_poe = files > 0;
        facts.self_check_confirmed = answers.iter().all(|a| *a);
    })
    .await?;
    match outcome {
        crate::web::workflow_action::Taken::Refused(WorkflowError::NoPoe) => return Err(invalid("poe", "submit-needs-poe")),
        crate::web::workflow_action::Taken::Refused(WorkflowError::SelfCheckMissing) => {
            return Err(invalid("self_check", "workflow-self-check"));
        }
        other => taken(other)?,
    }
    answer(&state, &call, &claim.public_id).await
}

#[utoipa::path(post, path = "/api/v1/claims/{id}/resubmit", tag = "workflow", request_body = ResubmitInput,
    params(("id" = String, Path, description = "The claim ID")),
    responses((status = 200, body = Claim), (status = 409, body = Problem)), security(("token" = [])))]
#[post("/claims/{id}/resubmit")]
pub async fn resubmit(
    state: web::Data<AppState>,
    call: ApiCall,
    path: web::Path<String>,
    body: Json<ResubmitInput>,
) -> Result<HttpResponse, ApiError> {
    let claim = own_claim(&state, &call, &path).await?;
    require_action(&state, &call, &claim, ClaimAction::Resubmit)?;
    let note = text::optional(&body.comment, LONG_TEXT_CHARS, Lines::Many).map_err(|p| invalid("comment", p.message_key()))?;
    let extras = Extras { details: serde_json::json!({ "comment": note }), ..Extras::default() };
    taken(take(&state, &call.acting(), &claim, body.revision, Action::Resubmit, extras, |_| {}).await?)?;
    answer(&state, &call, &claim.public_id).await
}

#[utoipa::path(post, path = "/api/v1/claims/{id}/request-rejection", tag = "workflow", request_body = RequestRejectionInput,
    params(("id" = String, Path, description = "The claim ID")),
    responses((status = 200, body = Claim), (status = 409, body = Problem), (status = 422, body = Problem)), security(("token" = [])))]
#[post("/claims/{id}/request-rejection")]
pub async fn request_rejection(
    state: web::Data<AppState>,
    call: ApiCall,
    path: web::Path<String>,
    body: Json<RequestRejectionInput>,
) -> Result<HttpResponse, ApiError> {
    let claim = own_claim(&state, &call, &path).await?;
    require_action(&state, &call, &claim, ClaimAction::Withdraw)?;
    let reason = WithdrawReason::parse(&body.reason).ok_or_else(|| invalid("reason", "error-choose-reason"))?;
    let extras = Extras { details: serde_json::json!({ "reason": reason.as_str() }), ..Extras::default() };
    taken(take(&state, &call.acting(), &claim, body.revision, Action::Withdraw, extras, |_| {}).await?)?;
    answer(&state, &call, &claim.public_id).await
}

#[utoipa::path(post, path = "/api/v1/claims/{id}/dispute", tag = "workflow", request_body = DisputeInput,
    params(("id" = String, Path, description = "The claim ID")),
    responses((status = 200, body = Claim), (status = 409, body = Problem), (status = 422, body = Problem)), security(("token" = [])))]
#[post("/claims/{id}/dispute")]
pub async fn dispute(
    state: web::Data<AppState>,
    call: ApiCall,
    path: web::Path<String>,
    body: Json<DisputeInput>,
) -> Result<HttpResponse, ApiError> {
    let claim = own_claim(&state, &call, &path).await?;
    require_action(&state, &call, &claim, ClaimAction::Dispute)?;
    let justification =
        text::optional(&body.justification, LONG_TEXT_CHARS, Lines::Many).map_err(|p| invalid("justification", p.message_key()))?;
    let new_files = files_since_rejection(&state, &claim).await?;
    let evidence = !justification.is_empty() || !new_files.is_empty();
    if !evidence {
        return Err(invalid("justification", "workflow-dispute-evidence"));
    }
    let extras = Extras { details: serde_json::json!({ "justification": justification, "files": new_files }), ..Extras::default() };
    taken(take(&state, &call.acting(), &claim, body.revision, Action::Dispute, extras, |facts| facts.dispute_evidence = evidence).await?)?;
    answer(&state, &call, &claim.public_id).await
}
