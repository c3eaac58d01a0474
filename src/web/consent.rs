//! The customer's consent page, behind the link in the consent e-mail. Opening a valid link
//! starts a short session with the customer role, scoped to that one claim (the browser's session
//! becomes the customer's: whoever was signed in there is signed out); the Deny association
//! button (POST, with that session's CSRF token, and a confirmation step) rejects the claim as
//! Customer declined, once. Unknown, expired or used links change nothing.

use super::error::AppError;
use super::page::{Page, render};
use super::posted::{NoFields, Posted};
use super::session_store::{CLAIM_ID, CSRF, CUSTOMER_UNTIL};
use super::state::AppState;
use super::visitor::Visitor;
use crate::auth::tokens::{random_token, token_hash};
use crate::db::Timestamp;
use crate::db::consent::{self, ConsentClaim};
use crate::db::history::Actor;
use crate::db::workflow::{self, Extras, Outcome, Transition};
use crate::domain::allowed::{self, ClaimAction, Person};
use crate::domain::workflow::{Action, Facts, RejectionReason, Side, WorkflowError};
use crate::mail::notices;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

const SESSION_MINUTES: i64 = 30;

/// Where the customer is in the consent page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Review,
    Confirm,
    Denied,
    AlreadyDenied,
    Ended,
    Invalid,
}

#[derive(Template)]
#[template(path = "consent.html")]
struct ConsentPage {
    page: Page,
    stage: Stage,
    claim: Option<ConsentClaim>,
    /// The customer session's token, which the Deny forms carry.
    customer_csrf: String,
}

fn respond(
    req: &HttpRequest,
    visitor: &Visitor,
    status: StatusCode,
    stage: Stage,
    claim: Option<ConsentClaim>,
    csrf: &str,
) -> Result<HttpResponse, AppError> {
    let mut visitor = visitor.clone();
    // The language the partner chose for the customer, unless the customer chose one here.
    if req.cookie(crate::i18n::LANGUAGE_COOKIE).is_none()
        && let Some(locale) = claim.as_ref().and_then(|c| crate::i18n::Locale::from_tag(&c.customer_contact_locale))
    {
        visitor.locale = locale.in_zone(visitor.locale.zone());
    }
    let page = Page::new(&visitor);
    // The portal's `Referrer-Policy: same-origin` keeps the link from leaking to other sites.
    render(status, &ConsentPage { page, stage, claim, customer_csrf: csrf.to_owned() })
}

/// What a link's claim allows now, as `domain::allowed` decides for the customer.
fn stage_of(state: &AppState, claim: &ConsentClaim) -> Stage {
    let now = state.now();
    if claim.workflow.rejection_reason == Some(RejectionReason::CustomerDeclined) {
        Stage::AlreadyDenied
    } else if now >= claim.expires_at
        || allowed::may(&claim.facts(), Person::Customer, ClaimAction::CustomerDeny, now.0, &state.durations()).is_err()
    {
        Stage::Ended
    } else {
        Stage::Review
    }
}

#[get("/consent/{token}")]
pub async fn open(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    session: Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let found = if token.len() == 64 { consent::by_token(&state.db, &token_hash(&token)).await? } else { None };
    let Some(claim) = found else {
        return respond(&req, &visitor, StatusCode::NOT_FOUND, Stage::Invalid, None, "");
    };
    let now = state.now();
    match stage_of(&state, &claim) {
        Stage::Review => {}
        Stage::AlreadyDenied => return respond(&req, &visitor, StatusCode::OK, Stage::AlreadyDenied, Some(claim), ""),
        _ => return respond(&req, &visitor, StatusCode::GONE, Stage::Ended, Some(claim), ""),
    }
    // The same browser opening the link again keeps its session rather than starting another.
    if visitor.customer_claim == Some(claim.claim_id) {
        let csrf = visitor.csrf_token().unwrap_or_default().to_owned();
        return respond(&req, &visitor, StatusCode::OK, Stage::Review, Some(claim), &csrf);
    }
    let csrf = random_token();
    let until = Timestamp(now.0 + chrono::Duration::minutes(SESSION_MINUTES)).min(claim.expires_at);
    session.renew();
    session.clear();
    let insert = |key: &str, value: serde_json::Value| session.insert(key, value).map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")));
    insert(CLAIM_ID, serde_json::json!(claim.claim_id))?;
    insert(CSRF, serde_json::json!(csrf))?;
    insert(CUSTOMER_UNTIL, serde_json::json!(until.0))?;
    respond(&req, &visitor, StatusCode::OK, Stage::Review, Some(claim), &csrf)
}

/// The claim of the customer's session (the CSRF token and origin were checked by `Posted`).
async fn customer(state: &AppState, visitor: &Visitor) -> Result<ConsentClaim, AppError> {
    let claim_id = visitor.customer_claim.ok_or(AppError::CsrfRejected)?;
    consent::by_claim(&state.db, claim_id).await?.ok_or(AppError::NotFound)
}

/// The first click: asks the customer to confirm.
#[post("/consent/deny")]
pub async fn confirm(state: web::Data<AppState>, req: HttpRequest, posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    let visitor = &posted.visitor;
    let claim = customer(&state, visitor).await?;
    let csrf = visitor.csrf_token().unwrap_or_default();
    match stage_of(&state, &claim) {
        Stage::Review => respond(&req, visitor, StatusCode::OK, Stage::Confirm, Some(claim), csrf),
        Stage::AlreadyDenied => respond(&req, visitor, StatusCode::OK, Stage::AlreadyDenied, Some(claim), ""),
        _ => respond(&req, visitor, StatusCode::GONE, Stage::Ended, Some(claim), ""),
    }
}

/// The confirmation: rejects the claim (Customer declined), once.
#[post("/consent/deny/confirm")]
pub async fn deny(state: web::Data<AppState>, req: HttpRequest, posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    let visitor = &posted.visitor;
    let claim = customer(&state, visitor).await?;
    let actor = Actor { user_id: None, name: claim.customer_contact_name.clone(), side: Side::Customer };
    let facts = Facts::at(state.clock.now(), &state.durations());
    let extras = Extras { details: serde_json::json!({ "reason": "customer-declined" }), ..Extras::default() };
    let request =
        Transition { claim_id: claim.claim_id, expected_revision: None, actor: &actor, action: Action::CustomerDeny, facts, extras };
    let base_url = state.base_url();
    let outcome = workflow::transition(&state.db, request, |change| notices::for_change(change, &base_url)).await?;
    let claim = Some(claim);
    match outcome {
        Outcome::Done(_) => respond(&req, visitor, StatusCode::OK, Stage::Denied, claim, ""),
        Outcome::Refused(WorkflowError::ConsentPeriodOver) => respond(&req, visitor, StatusCode::GONE, Stage::Ended, claim, ""),
        Outcome::Refused(_) | Outcome::Stale => {
            let denied = claim.as_ref().is_some_and(|c| stage_of(&state, c) == Stage::AlreadyDenied)
                || workflow::state_of(&state.db, claim.as_ref().map_or(0, |c| c.claim_id))
                    .await?
                    .is_some_and(|s| s.rejection_reason == Some(RejectionReason::CustomerDeclined));
            let stage = if denied { Stage::AlreadyDenied } else { Stage::Ended };
            respond(&req, visitor, if denied { StatusCode::OK } else { StatusCode::GONE }, stage, claim, "")
        }
    }
}
