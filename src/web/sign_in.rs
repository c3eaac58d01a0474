//! The sign-in and sign-out pages.

use super::action_forms::SignInForm;
use super::error::AppError;
use super::page::{Page, render, see_other};
use super::posted::{NoFields, Posted};
use super::state::AppState;
use super::visitor::{PRE_SESSION_COOKIE, SESSION_COOKIE, Visitor, start_session};
use crate::auth::sign_in::{SignInOutcome, check};
use crate::db::sessions;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    page: Page,
    email: String,
    next: String,
    /// The translation key of why the last attempt failed.
    problem: Option<&'static str>,
    signed_out: bool,
}

#[derive(Deserialize)]
struct SignInQuery {
    next: Option<String>,
    signed_out: Option<String>,
}

use super::local_path::safe_next;

fn cookie<'a>(state: &AppState, name: &'a str, value: String, same_site: SameSite) -> Cookie<'a> {
    Cookie::build(name, value).path("/").http_only(true).same_site(same_site).secure(state.settings.secure_cookies()).finish()
}

fn removal(name: &str) -> Cookie<'_> {
    let mut c = Cookie::build(name, "").path("/").finish();
    c.make_removal();
    c
}

#[get("/sign-in")]
pub async fn show(visitor: Visitor, query: web::Query<SignInQuery>) -> Result<HttpResponse, AppError> {
    // A signed-in visitor may still sign in as someone else; the form then carries their
    // session's token and the new sign-in replaces the session.
    render(
        StatusCode::OK,
        &SignInPage {
            page: Page::new(&visitor),
            email: String::new(),
            next: safe_next(query.next.as_deref().unwrap_or("/"))?,
            problem: None,
            signed_out: query.signed_out.is_some(),
        },
    )
}

#[post("/sign-in")]
pub async fn submit(state: web::Data<AppState>, req: HttpRequest, posted: Posted<SignInForm>) -> Result<HttpResponse, AppError> {
    let Posted { visitor, form: SignInForm { email, password, next }, .. } = posted;
    let client_addr = req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_else(|| "unknown".into());
    let outcome = if email.is_empty() || password.is_empty() {
        SignInOutcome::Refused
    } else {
        check(&state.db, &state.settings.sign_in_throttle, &email, &password, &client_addr, state.now()).await?
    };
    let (status, problem) = match outcome {
        SignInOutcome::Accepted { user_id } => {
            if let Some(old) = &visitor.session {
                sessions::delete(&state.db, &old.token_hash).await?;
            }
            crate::db::users::set_locale(&state.db, user_id, visitor.locale.tag()).await?;
            let token = start_session(&state, user_id).await?;
            let mut response = see_other(&next);
            response.add_cookie(&cookie(&state, SESSION_COOKIE, token, SameSite::Lax)).map_err(anyhow::Error::from)?;
            response.add_removal_cookie(&removal(PRE_SESSION_COOKIE)).map_err(anyhow::Error::from)?;
            return Ok(response);
        }
        SignInOutcome::Refused if email.is_empty() || password.is_empty() => (StatusCode::UNPROCESSABLE_ENTITY, "sign-in-missing"),
        SignInOutcome::Refused => (StatusCode::UNPROCESSABLE_ENTITY, "sign-in-refused"),
        SignInOutcome::Throttled => (StatusCode::TOO_MANY_REQUESTS, "sign-in-throttled"),
    };
    let mut response = render(status, &SignInPage { page: Page::new(&visitor), email, next, problem: Some(problem), signed_out: false })?;
    if status == StatusCode::TOO_MANY_REQUESTS {
        let retry = state.settings.sign_in_throttle.window.num_seconds().to_string();
        response.headers_mut().insert(
            actix_web::http::header::RETRY_AFTER,
            actix_web::http::header::HeaderValue::from_str(&retry).map_err(anyhow::Error::from)?,
        );
    }
    Ok(response)
}

#[post("/sign-out")]
pub async fn sign_out(state: web::Data<AppState>, posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    if let Some(session) = &posted.visitor.session {
        sessions::delete(&state.db, &session.token_hash).await?;
    }
    let mut response = see_other("/sign-in?signed_out=1");
    response.add_removal_cookie(&removal(SESSION_COOKIE)).map_err(anyhow::Error::from)?;
    Ok(response)
}
