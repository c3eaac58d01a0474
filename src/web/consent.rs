//! The customer's consent page, behind the link in the consent e-mail. Opening a valid link
//! starts a short session with the customer role, scoped to that one claim; the Deny
//! association button (POST, with that session's CSRF token, and a confirmation step) rejects the
//! claim as Customer declined, once. Unknown, expired or used links change nothing.

use super::error::AppError;
use super::form::comes_from_this_site;
use super::page::{Page, render};
use super::state::AppState;
use super::visitor::Visitor;
use crate::auth::tokens::{random_token, same_secret, token_hash};
use crate::db::Timestamp;
use crate::db::consent::{self, ConsentClaim};
use crate::db::history::Actor;
use crate::db::workflow::{self, Extras, Outcome, Transition};
use crate::domain::allowed::{self, ClaimAction, Person};
use crate::domain::workflow::{Action, Facts, RejectionReason, Side, WorkflowError};
use crate::mail::notices;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

pub const CUSTOMER_COOKIE: &str = "cpor_customer";
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

fn respond(req: &HttpRequest, status: StatusCode, stage: Stage, claim: Option<ConsentClaim>, csrf: &str) -> Result<HttpResponse, AppError> {
    let mut visitor = Visitor::anonymous(req);
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
        || allowed::may(&claim.facts(), Person::Customer, ClaimAction::CustomerDeny, now.0, &state.settings.durations).is_err()
    {
        Stage::Ended
    } else {
        Stage::Review
    }
}

#[get("/consent/{token}")]
pub async fn open(state: web::Data<AppState>, req: HttpRequest, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let found = if token.len() == 64 { consent::by_token(&state.db, &token_hash(&token)).await? } else { None };
    let Some(claim) = found else {
        return respond(&req, StatusCode::NOT_FOUND, Stage::Invalid, None, "");
    };
    let now = state.now();
    match stage_of(&state, &claim) {
        Stage::Review => {}
        Stage::AlreadyDenied => return respond(&req, StatusCode::OK, Stage::AlreadyDenied, Some(claim), ""),
        _ => return respond(&req, StatusCode::GONE, Stage::Ended, Some(claim), ""),
    }
    // The same browser opening the link again keeps its session rather than starting another.
    if let Some(cookie) = req.cookie(CUSTOMER_COOKIE)
        && let Some((current, csrf)) = consent::by_session(&state.db, &token_hash(cookie.value()), now).await?
        && current.claim_id == claim.claim_id
    {
        return respond(&req, StatusCode::OK, Stage::Review, Some(claim), &csrf);
    }
    let session = random_token();
    let csrf = random_token();
    let expires = Timestamp(now.0 + chrono::Duration::minutes(SESSION_MINUTES)).min(claim.expires_at);
    consent::start_session(&state.db, &token_hash(&session), claim.claim_id, &csrf, now, expires).await?;
    let mut response = respond(&req, StatusCode::OK, Stage::Review, Some(claim), &csrf)?;
    let cookie = Cookie::build(CUSTOMER_COOKIE, session)
        .path("/consent")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.settings.secure_cookies())
        .finish();
    response.add_cookie(&cookie).map_err(anyhow::Error::from)?;
    Ok(response)
}

/// The customer's session and its claim, after the CSRF token and origin checks.
async fn customer(state: &AppState, req: &HttpRequest, form: &[(String, String)]) -> Result<(ConsentClaim, String), AppError> {
    if !comes_from_this_site(req.headers(), state.settings.public_url.as_deref()) {
        return Err(AppError::CsrfRejected);
    }
    let cookie = req.cookie(CUSTOMER_COOKIE).ok_or(AppError::CsrfRejected)?;
    let (claim, csrf) = consent::by_session(&state.db, &token_hash(cookie.value()), state.now()).await?.ok_or(AppError::CsrfRejected)?;
    let sent = form.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.as_str()).unwrap_or("");
    if !same_secret(sent, &csrf) {
        return Err(AppError::CsrfRejected);
    }
    Ok((claim, csrf))
}

/// The first click: asks the customer to confirm.
#[post("/consent/deny")]
pub async fn confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let (claim, csrf) = customer(&state, &req, &form).await?;
    match stage_of(&state, &claim) {
        Stage::Review => respond(&req, StatusCode::OK, Stage::Confirm, Some(claim), &csrf),
        Stage::AlreadyDenied => respond(&req, StatusCode::OK, Stage::AlreadyDenied, Some(claim), ""),
        _ => respond(&req, StatusCode::GONE, Stage::Ended, Some(claim), ""),
    }
}

/// The confirmation: rejects the claim (Customer declined), once.
#[post("/consent/deny/confirm")]
pub async fn deny(state: web::Data<AppState>, req: HttpRequest, form: web::Form<Vec<(String, String)>>) -> Result<HttpResponse, AppError> {
    let (claim, _) = customer(&state, &req, &form).await?;
    let actor = Actor { user_id: None, name: claim.customer_contact_name.clone(), side: Side::Customer };
    let facts = Facts::at(state.clock.now(), &state.settings.durations);
    let extras = Extras { details: serde_json::json!({ "reason": "customer-declined" }), ..Extras::default() };
    let request =
        Transition { claim_id: claim.claim_id, expected_revision: None, actor: &actor, action: Action::CustomerDeny, facts, extras };
    let base_url = state.base_url();
    let outcome = workflow::transition(&state.db, request, |change| notices::for_change(change, &base_url)).await?;
    let claim = Some(claim);
    match outcome {
        Outcome::Done(_) => respond(&req, StatusCode::OK, Stage::Denied, claim, ""),
        Outcome::Refused(WorkflowError::ConsentPeriodOver) => respond(&req, StatusCode::GONE, Stage::Ended, claim, ""),
        Outcome::Refused(_) | Outcome::Stale => {
            let denied = claim.as_ref().is_some_and(|c| stage_of(&state, c) == Stage::AlreadyDenied)
                || workflow::state_of(&state.db, claim.as_ref().map_or(0, |c| c.claim_id))
                    .await?
                    .is_some_and(|s| s.rejection_reason == Some(RejectionReason::CustomerDeclined));
            let stage = if denied { Stage::AlreadyDenied } else { Stage::Ended };
            respond(&req, if denied { StatusCode::OK } else { StatusCode::GONE }, stage, claim, "")
        }
    }
}
