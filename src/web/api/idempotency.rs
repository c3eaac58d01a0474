//! `Idempotency-Key` on a POST, PATCH or DELETE of the API: the first request with a key is
//! answered and its answer kept for a day; a retry with the same key and the same request gets
//! that answer again (`Idempotent-Replayed: true`) without doing anything twice; the same key with
//! another request is a 409; a retry while the first is still being answered is a 409 too.
//!
//! A request is recognised by its method, path and body: the SHA-256 of a JSON body, or for a
//! multipart upload its length (multipart boundaries differ between retries of the same upload).

use super::problem::ApiError;
use crate::auth::tokens::token_hash;
use crate::db::Timestamp;
use crate::db::api_tokens::{self, KeptAnswer, KeyClaim};
use crate::web::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, web};
use sha2::{Digest, Sha256};

const HEADER: &str = "idempotency-key";
/// A request still unanswered after this long was cut off (its instance died): a retry may take over.
const TAKE_OVER_AFTER_SECONDS: i64 = 120;
/// JSON bodies are read whole to recognise them (they are small: see `JSON_LIMIT`).
const MAX_FINGERPRINTED_BODY: usize = super::JSON_LIMIT;

/// A key is 1 to 255 visible ASCII characters.
fn valid_key(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

pub async fn replay_or_keep(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let changes = matches!(*req.method(), Method::POST | Method::PATCH | Method::DELETE);
    let key = req.headers().get(HEADER).map(|v| v.to_str().map(str::to_owned));
    let secret = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .map(|(_, s)| s.trim().to_owned());
    let (Some(key), true, Some(secret)) = (key, changes, secret) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let Some(key) = key.ok().filter(|k| valid_key(k)) else {
        return refuse(req, ApiError::Malformed("api-idempotency-key"));
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let fingerprint = match fingerprint(&mut req).await {
        Ok(fingerprint) => fingerprint,
        Err(error) => return refuse(req, error),
    };
    let hash = token_hash(&secret);
    let now = state.now();
    let stale = Timestamp(now.0 - chrono::Duration::seconds(TAKE_OVER_AFTER_SECONDS));
    match api_tokens::claim_key(&state.db, &hash, &key, &fingerprint, now, stale).await {
        Err(error) => return refuse(req, error.into()),
        Ok(KeyClaim::Mismatch) => return refuse(req, ApiError::KeyReused),
        Ok(KeyClaim::InProgress) => return refuse(req, ApiError::Conflict("api-idempotency-in-progress")),
        Ok(KeyClaim::Replay(answer)) => return Ok(req.into_response(replayed(&answer))),
        Ok(KeyClaim::Fresh) => {}
    }
    let response = next.call(req).await?;
    let status = response.status();
    // Not an answer about the request: an unknown token, a throttled one, a failure. The key is
    // free again, so a retry does the work.
    if status.is_server_error()
        || status == actix_web::http::StatusCode::UNAUTHORIZED
        || status == actix_web::http::StatusCode::TOO_MANY_REQUESTS
    {
        let _ = api_tokens::release_key(&state.db, &hash, &key).await;
        return Ok(response.map_into_boxed_body());
    }
    let location = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (request, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let bytes = actix_web::body::to_bytes(body).await.map_err(|_| actix_web::error::ErrorInternalServerError("response body"))?;
    let answer = KeptAnswer { status: i32::from(status.as_u16()), body: String::from_utf8_lossy(&bytes).into_owned(), location };
    if let Err(error) = api_tokens::keep_answer(&state.db, &hash, &key, &answer).await {
        tracing::warn!(%error, "could not keep an idempotent answer; a retry will be refused as in progress until it is stale");
    }
    Ok(ServiceResponse::new(request, head.set_body(bytes).map_into_boxed_body()))
}

/// Answers with a problem, in the caller's language, without calling the handler.
fn refuse(req: ServiceRequest, error: ApiError) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let locale = crate::i18n::Locale::for_request(req.request());
    Ok(req.into_response(error.response(&locale)))
}

/// Method, path and what identifies the body.
async fn fingerprint(req: &mut ServiceRequest) -> Result<String, ApiError> {
    let mut hasher = Sha256::new();
    hasher.update(req.method().as_str());
    hasher.update(b" ");
    hasher.update(req.path());
    hasher.update(b"\n");
    let multipart = req.content_type().starts_with("multipart/");
    if multipart {
        hasher.update(req.headers().get(header::CONTENT_LENGTH).map(|v| v.as_bytes()).unwrap_or_default());
    } else {
        let body = req.extract::<web::Bytes>().await.map_err(|_| ApiError::TooLarge("api-json-too-large"))?;
        if body.len() > MAX_FINGERPRINTED_BODY {
            return Err(ApiError::TooLarge("api-json-too-large"));
        }
        hasher.update(&body);
        req.set_payload(actix_web::dev::Payload::from(body));
    }
    Ok(hex::encode(hasher.finalize()))
}

fn replayed(answer: &KeptAnswer) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(answer.status as u16).unwrap_or(actix_web::http::StatusCode::OK);
    let mut response = HttpResponse::build(status);
    response.content_type(if status.is_client_error() { "application/problem+json" } else { "application/json" });
    response.insert_header(("Idempotent-Replayed", "true"));
    if let Some(location) = &answer.location {
        response.insert_header((header::LOCATION, location.as_str()));
    }
    response.body(answer.body.clone())
}
