//! The JSON API under `/api/v1`, for an org's own systems: bearer tokens (`caller`), no cookies
//! and so no CSRF, problems as RFC 9457 (`problem`), `Idempotency-Key` for retried POSTs
//! (`idempotency`), and an OpenAPI 3.1 document generated from the handlers (`openapi`). Every
//! action is asked of `domain::allowed` with the token as the person, as the pages ask it.

mod actions;
mod caller;
mod claims;
mod comments;
mod docs;
mod idempotency;
mod openapi;
mod poe;
mod problem;

pub use caller::Throttle;
pub use problem::ApiError;

use crate::db::claims::{ClaimRecord, ClaimScope};
use crate::domain::allowed::{self, ClaimAction, Offers, WhyNot};
use crate::web::state::AppState;
use crate::web::workflow_action::Taken;
use actix_web::web;
use caller::ApiCall;

/// Request bodies are JSON of at most this size (PoE uploads are multipart, with their own limits).
const JSON_LIMIT: usize = 256 * 1024;

pub type Json<T> = web::Json<T>;

/// The API's routes, outside the session middleware: a token, not a cookie, says who calls.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(scope());
}

fn scope() -> actix_web::Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<actix_web::body::BoxBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    web::scope("/api/v1")
        .app_data(web::JsonConfig::default().limit(JSON_LIMIT).error_handler(|error, _| {
            let key = match error {
                actix_web::error::JsonPayloadError::Overflow { .. } | actix_web::error::JsonPayloadError::OverflowKnownLength { .. } => {
                    return ApiError::TooLarge("api-json-too-large").into();
                }
                actix_web::error::JsonPayloadError::ContentType => "api-json-content-type",
                _ => "api-json-malformed",
            };
            ApiError::Malformed(key).into()
        }))
        .app_data(web::QueryConfig::default().error_handler(|_, _| ApiError::Malformed("error-page-bad-request").into()))
        .app_data(web::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()))
        .wrap(actix_web::middleware::from_fn(idempotency::replay_or_keep))
        .service(openapi::document)
        .service(docs::page)
        .service(claims::list)
        .service(claims::create)
        .service(claims::get)
        .service(claims::update)
        .service(claims::remove)
        .service(poe::list)
        .service(poe::upload)
        .service(poe::download)
        .service(actions::submit)
        .service(actions::resubmit)
        .service(actions::request_rejection)
        .service(actions::dispute)
        .service(comments::list)
        .service(comments::add)
        .service(comments::entries)
        .default_service(web::to(|| async { Err::<actix_web::HttpResponse, _>(ApiError::NotFound) }))
}

/// The org's claim, or 404 (another org's claim is not there).
async fn own_claim(state: &AppState, call: &ApiCall, public_id: &str) -> Result<ClaimRecord, ApiError> {
    crate::db::claims::find(&state.db, ClaimScope::Org(call.org_id()), public_id).await?.ok_or(ApiError::NotFound)
}

/// The action, if the token may take it now: 403 (its access) or 409 (the claim's status).
fn require_action(state: &AppState, call: &ApiCall, claim: &ClaimRecord, action: ClaimAction) -> Result<(), ApiError> {
    allowed::may(&claim.facts(), call.person(), action, state.clock.now(), &state.durations()).map_err(|why| match why {
        WhyNot::Role => ApiError::Forbidden,
        WhyNot::Status | WhyNot::Workflow(_) => ApiError::Conflict(why.message_key(action)),
    })
}

/// What the token may do to the claim now, by the actions' API names.
fn allowed_actions(state: &AppState, call: &ApiCall, claim: &ClaimRecord) -> Vec<String> {
    let offers = Offers::new(&claim.facts(), call.person(), state.clock.now(), &state.durations());
    ClaimAction::ALL.into_iter().filter(|a| offers.allows(*a)).map(|a| a.code().to_owned()).collect()
}

/// A workflow action's outcome as the API answers it.
fn taken(outcome: Taken) -> Result<(), ApiError> {
    match outcome {
        Taken::Done | Taken::Repeated => Ok(()),
        Taken::Refused(error) => Err(ApiError::Conflict(error.message_key())),
        Taken::MovedOn(_) => Err(ApiError::Conflict("api-stale-revision")),
    }
}
