//! Every browser gets a pre-session CSRF token in a cookie on its first request, so every page's
//! forms (sign-in, the language switch) carry a token before anyone signs in, and still do when a
//! session cookie names a session that has lapsed. A lapsed session's cookie is cleared here.

use super::state::AppState;
use super::visitor::{PRE_SESSION_COOKIE, SESSION_COOKIE};
use crate::auth::tokens::random_token;
use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

/// The token minted for this request, read by `Visitor` before the cookie exists.
#[derive(Clone)]
pub struct FreshPreSession(pub String);

/// Set by `Visitor` when the session cookie names no live session: the response clears it.
#[derive(Clone, Copy)]
pub struct LapsedSession;

pub async fn ensure_pre_session(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    // Minted whether or not a session cookie is sent: the session it names may have lapsed, and
    // the sign-in form must then work at once.
    let needs = req.cookie(PRE_SESSION_COOKIE).is_none_or(|c| c.value().len() != 64);
    let fresh = needs.then(random_token);
    if let Some(token) = &fresh {
        req.extensions_mut().insert(FreshPreSession(token.clone()));
    }
    let secure = req.app_data::<web::Data<AppState>>().is_some_and(|s| s.settings.secure_cookies());
    let mut response = next.call(req).await?;
    if let Some(token) = fresh {
        let cookie = Cookie::build(PRE_SESSION_COOKIE, token).path("/").http_only(true).same_site(SameSite::Strict).secure(secure).finish();
        response.response_mut().add_cookie(&cookie)?;
    }
    let lapsed = response.request().extensions().get::<LapsedSession>().is_some();
    if lapsed {
        let mut removal = Cookie::build(SESSION_COOKIE, "").path("/").finish();
        removal.make_removal();
        response.response_mut().add_removal_cookie(&removal)?;
    }
    Ok(response)
}
