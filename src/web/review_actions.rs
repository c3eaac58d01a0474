//! The reviewer's actions on a claim: start review, request more information, approve, reject.
//! Each is idempotent; a claim that has moved on answers 409 and exactly one decision stands.

use super::claim_page::refuse;
use super::done::Done;
use super::error::AppError;
use super::form::PostedForm;
use super::state::AppState;
use super::visitor::SignedIn;
use super::workflow_action::{attempt, finish};
use crate::db::claims::{self, ClaimRecord, ClaimScope};
use crate::db::workflow::Extras;
use crate::domain::text::{self, COMMENT_CHARS, Lines};
use crate::domain::workflow::{Action, InfoReason, RejectionReason};
use actix_web::{HttpResponse, post, web};

async fn reviewed_claim(state: &AppState, user: &SignedIn, public_id: &str) -> Result<ClaimRecord, AppError> {
    user.reviewer()?;
    claims::find(&state.db, ClaimScope::Reviewer, public_id).await?.ok_or(AppError::NotFound)
}

/// A required comment, trimmed and limited.
fn comment(form: &PostedForm, field: &str) -> Result<String, &'static str> {
    text::required(form.get(field), COMMENT_CHARS, Lines::Many).map_err(|problem| problem.message_key())
}

#[post("/claims/{id}/start-review")]
pub async fn start_review(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    form: PostedForm,
) -> Result<HttpResponse, AppError> {
    let claim = reviewed_claim(&state, &user, &path).await?;
    let outcome = attempt(&state, &user, &claim, &form, Action::StartReview, Extras::default(), |_| {}).await?;
    finish(outcome, &claim, Done::ReviewStarted)
}

#[post("/claims/{id}/request-information")]
pub async fn request_information(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    form: PostedForm,
) -> Result<HttpResponse, AppError> {
    let claim = reviewed_claim(&state, &user, &path).await?;
    let reasons: Vec<InfoReason> = form.fields.iter().filter(|(k, _)| k == "reason").filter_map(|(_, v)| InfoReason::parse(v)).collect();
    let remove: Vec<String> = form
        .fields
        .iter()
        .filter(|(k, _)| k == "remove_product")
        .filter(|(_, v)| claim.products.iter().any(|p| &p.code == v))
        .map(|(_, v)| v.clone())
        .collect();
    let text = comment(&form, "info_comment");
    let problem = match (&text, reasons.is_empty()) {
        (_, true) => Some(("info_reasons", "error-choose-reason")),
        (Err(key), _) => Some(("info_comment", *key)),
        _ => None,
    };
    if let Some((field, key)) = problem {
        return refuse(&state, &user, claim, field, key, &[("info_comment", form.get("info_comment"))]).await;
    }
    let codes: Vec<&str> = reasons.iter().map(|r| r.as_str()).collect();
    let extras = Extras {
        details: serde_json::json!({ "reasons": codes, "comment": text.unwrap_or_default(), "remove_products": remove }),
        info_reasons: reasons.clone(),
        ..Extras::default()
    };
    let outcome = attempt(&state, &user, &claim, &form, Action::RequestInformation, extras, |_| {}).await?;
    finish(outcome, &claim, Done::InformationRequested)
}

#[post("/claims/{id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    form: PostedForm,
) -> Result<HttpResponse, AppError> {
    let claim = reviewed_claim(&state, &user, &path).await?;
    let note = match form.note("approve_comment", COMMENT_CHARS) {
        Ok(note) => note,
        Err(key) => return refuse(&state, &user, claim, "approve_comment", key, &[("approve_comment", form.get("approve_comment"))]).await,
    };
    let extras = Extras { details: serde_json::json!({ "comment": note }), ..Extras::default() };
    let outcome = attempt(&state, &user, &claim, &form, Action::Approve, extras, |_| {}).await?;
    finish(outcome, &claim, Done::Approved)
}

#[post("/claims/{id}/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    form: PostedForm,
) -> Result<HttpResponse, AppError> {
    let claim = reviewed_claim(&state, &user, &path).await?;
    let reason = RejectionReason::parse(form.get("reject_reason")).filter(|r| RejectionReason::FOR_REVIEWERS.contains(r));
    let text = comment(&form, "reject_comment");
    let problem = match (&reason, &text) {
        (None, _) => Some(("reject_reason", "error-choose-reason")),
        (_, Err(key)) => Some(("reject_comment", *key)),
        _ => None,
    };
    let (Some(reason), Ok(text), None) = (reason, text, problem) else {
        let (field, key) = problem.unwrap_or(("reject_reason", "error-choose-reason"));
        return refuse(&state, &user, claim, field, key, &[("reject_comment", form.get("reject_comment"))]).await;
    };
    let extras = Extras { details: serde_json::json!({ "reason": reason.as_str(), "comment": text }), ..Extras::default() };
    let outcome = attempt(&state, &user, &claim, &form, Action::Reject(reason), extras, |_| {}).await?;
    finish(outcome, &claim, Done::Rejected)
}
