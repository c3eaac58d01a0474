//! The reviewer's actions on a claim: start review, request more information, approve, reject.
//! Each is idempotent; a claim that has moved on answers 409 and exactly one decision stands.

use super::action_forms::{ApproveForm, RejectForm, RequestInformationForm, StartReviewForm};
use super::claim_page::refuse;
use super::done::Done;
use super::error::AppError;
use super::posted::Posted;
use super::state::AppState;
use super::visitor::SignedIn;
use super::workflow_action::{attempt, finish};
use crate::db::claims::{self, ClaimRecord, ClaimScope};
use crate::db::workflow::Extras;
use crate::domain::text::{self, COMMENT_CHARS, Lines};
use crate::domain::workflow::Action;
use actix_web::{HttpResponse, post, web};

async fn reviewed_claim(state: &AppState, user: &SignedIn, public_id: &str) -> Result<ClaimRecord, AppError> {
    user.reviewer()?;
    claims::find(&state.db, ClaimScope::Reviewer, public_id).await?.ok_or(AppError::NotFound)
}

/// A required comment, judged by the domain's rules for typed text.
fn comment(typed: &str) -> Result<String, &'static str> {
    text::required(typed, COMMENT_CHARS, Lines::Many).map_err(|problem| problem.message_key())
}

#[post("/claims/{id}/start-review")]
pub async fn start_review(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    posted: Posted<StartReviewForm>,
) -> Result<HttpResponse, AppError> {
    let claim = reviewed_claim(&state, &user, &path).await?;
    let outcome = attempt(&state, &user, &claim, Some(posted.form.revision), Action::StartReview, Extras::default(), |_| {}).await?;
    finish(outcome, &claim, Done::ReviewStarted)
}

#[post("/claims/{id}/request-information")]
pub async fn request_information(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    posted: Posted<RequestInformationForm>,
) -> Result<HttpResponse, AppError> {
    let claim = reviewed_claim(&state, &user, &path).await?;
    let form = &posted.form;
    let remove: Vec<&String> = form.remove_products.iter().filter(|code| claim.products.iter().any(|p| &p.code == *code)).collect();
    let text = comment(&form.comment);
    let problem = match (&text, form.reasons.is_empty()) {
        (_, true) => Some(("info_reasons", "error-choose-reason")),
        (Err(key), _) => Some(("info_comment", *key)),
        _ => None,
    };
    if let Some((field, key)) = problem {
        return refuse(&state, &user, claim, field, key, &[("info_comment", &form.comment)]).await;
    }
    let codes: Vec<&str> = form.reasons.iter().map(|r| r.as_str()).collect();
    let extras = Extras {
        details: serde_json::json!({ "reasons": codes, "comment": text.unwrap_or_default(), "remove_products": remove }),
        info_reasons: form.reasons.clone(),
        ..Extras::default()
    };
    let outcome = attempt(&state, &user, &claim, Some(form.revision), Action::RequestInformation, extras, |_| {}).await?;
    finish(outcome, &claim, Done::InformationRequested)
}

#[post("/claims/{id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    posted: Posted<ApproveForm>,
) -> Result<HttpResponse, AppError> {
    let claim = reviewed_claim(&state, &user, &path).await?;
    let form = &posted.form;
    let note = match text::optional(&form.comment, COMMENT_CHARS, Lines::Many) {
        Ok(note) => note,
        Err(problem) => {
            return refuse(&state, &user, claim, "approve_comment", problem.message_key(), &[("approve_comment", &form.comment)]).await;
        }
    };
    let extras = Extras { details: serde_json::json!({ "comment": note }), ..Extras::default() };
    let outcome = attempt(&state, &user, &claim, Some(form.revision), Action::Approve, extras, |_| {}).await?;
    finish(outcome, &claim, Done::Approved)
}

#[post("/claims/{id}/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    posted: Posted<RejectForm>,
) -> Result<HttpResponse, AppError> {
    let claim = reviewed_claim(&state, &user, &path).await?;
    let form = &posted.form;
    let text = comment(&form.comment);
    let (reason, text) = match (form.reason, text) {
        (Some(reason), Ok(text)) => (reason, text),
        (None, _) => {
            return refuse(&state, &user, claim, "reject_reason", "error-choose-reason", &[("reject_comment", &form.comment)]).await;
        }
        (_, Err(key)) => return refuse(&state, &user, claim, "reject_comment", key, &[("reject_comment", &form.comment)]).await,
    };
    let extras = Extras { details: serde_json::json!({ "reason": reason.as_str(), "comment": text }), ..Extras::default() };
    let outcome = attempt(&state, &user, &claim, Some(form.revision), Action::Reject(reason), extras, |_| {}).await?;
    finish(outcome, &claim, Done::Rejected)
}
