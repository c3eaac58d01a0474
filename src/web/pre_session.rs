//! Anonymous visitors get a pre-session CSRF token in a cookie on their first request, so every
//! page's forms (sign-in, the language switch) carry a token before anyone signs in.

use super::visitor::{PRE_SESSION_COOKIE, SESSION_COOKIE};
use crate::auth::tokens::random_token;
use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

/// The token minted for this request, read by `Visitor` before the cookie exists.
#[derive(Clone)]
pub struct FreshPreSession(pub String);

pub async fn ensure_pre_session(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let needs = req.cookie(SESSION_COOKIE).is_none() && req.cookie(PRE_SESSION_COOKIE).is_none_or(|c| c.value().len() != 64);
    let fresh = needs.then(random_token);
    if let Some(token) = &fresh {
        req.extensions_mut().insert(FreshPreSession(token.clone()));
    }
    let secure = req.connection_info().scheme() == "https";
    let mut response = next.call(req).await?;
    if let Some(token) = fresh {
        let cookie = Cookie::build(PRE_SESSION_COOKIE, token).path("/").http_only(true).same_site(SameSite::Strict).secure(secure).finish();
        response.response_mut().add_cookie(&cookie)?;
    }
    Ok(response)
}
