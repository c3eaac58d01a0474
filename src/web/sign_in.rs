//! The sign-in and sign-out pages.

use super::action_forms::SignInForm;
use super::error::AppError;
use super::page::{Page, render, see_other};
use super::posted::{NoFields, Posted};
use super::session_store::{CLIENT_ADDR, CSRF, PENDING_NEXT, PENDING_SINCE, PENDING_USER, USER_AGENT, USER_ID};
use super::state::AppState;
use super::visitor::Visitor;
use crate::auth::sign_in::{SignInOutcome, check};
use crate::auth::tokens::random_token;
use crate::db::audit::{AuditActor, AuditEntry};
use crate::domain::audit::AuditKind;
use actix_session::Session;
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
    /// Back from a password reset: sign in with the new password.
    password_changed: bool,
    /// "Sign in with single sign-on" is offered.
    sso: bool,
}

#[derive(Deserialize)]
struct SignInQuery {
    next: Option<String>,
    signed_out: Option<String>,
    password_changed: Option<String>,
}

use super::local_path::safe_next;

/// Signs `user_id` in: a new session with a new id and a new token, whatever the browser held
/// before (another person's session, a pre-sign-in token) deleted as the response leaves.
/// The sign-in is recorded in the audit log with `how` (password, two-step, single sign-on,
/// invitation).
pub async fn begin_session(state: &AppState, session: &Session, req: &HttpRequest, user_id: i64, how: &str) -> Result<(), AppError> {
    let agent: String = req
        .headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let addr = super::visitor::client_addr(req);
    session.renew();
    session.clear();
    let insert = |key: &str, value: serde_json::Value| session.insert(key, value).map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")));
    insert(USER_ID, serde_json::json!(user_id))?;
    insert(CSRF, serde_json::json!(random_token()))?;
    insert(CLIENT_ADDR, serde_json::json!(addr))?;
    insert(USER_AGENT, serde_json::json!(agent))?;
    let (email, name, _) = crate::db::accounts::person(&state.db, user_id).await?.unwrap_or_default();
    let actor = AuditActor { user_id: Some(user_id), name, email: email.clone(), client_addr: addr };
    let entry = AuditEntry { kind: AuditKind::SignIn, actor: &actor, subject: &email, detail: how, org_id: None };
    Ok(crate::db::audit::record(&state.db, &entry, state.now()).await?)
}

#[get("/sign-in")]
pub async fn show(state: web::Data<AppState>, visitor: Visitor, query: web::Query<SignInQuery>) -> Result<HttpResponse, AppError> {
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
            password_changed: query.password_changed.is_some(),
            sso: state.settings.sso.is_some(),
        },
    )
}

#[post("/sign-in")]
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: Session,
    posted: Posted<SignInForm>,
) -> Result<HttpResponse, AppError> {
    let Posted { visitor, form: SignInForm { email, password, next }, .. } = posted;
    let client_addr = super::visitor::client_addr(&req);
    let outcome = if email.is_empty() || password.is_empty() {
        SignInOutcome::Refused
    } else {
        check(&state.db, &state.settings.sign_in_throttle, &email, &password, &client_addr, state.now()).await?
    };
    let (status, problem) = match outcome {
        SignInOutcome::Accepted { user_id } => {
            crate::db::users::set_locale(&state.db, user_id, visitor.locale.tag()).await?;
            // With two-step verification on, the password is only the first step.
            if crate::db::two_step::secret(&state.db, user_id).await?.is_some() {
                let insert = |key: &str, value: serde_json::Value| {
                    session.insert(key, value).map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))
                };
                insert(PENDING_USER, serde_json::json!(user_id))?;
                insert(PENDING_SINCE, serde_json::json!(state.now().0))?;
                insert(PENDING_NEXT, serde_json::json!(next))?;
                return Ok(see_other("/sign-in/code"));
            }
            begin_session(&state, &session, &req, user_id, "password").await?;
            return Ok(see_other(&next));
        }
        SignInOutcome::Refused if email.is_empty() || password.is_empty() => (StatusCode::UNPROCESSABLE_ENTITY, "sign-in-missing"),
        SignInOutcome::Refused => {
            // What was typed is kept as data: it may be anyone's address, or anything at all.
            let actor = visitor.audit_actor_as(&email);
            let entry =
                AuditEntry { kind: AuditKind::SignInFailed, actor: &actor, subject: &actor.email, detail: "password", org_id: None };
            crate::db::audit::record(&state.db, &entry, state.now()).await?;
            (StatusCode::UNPROCESSABLE_ENTITY, "sign-in-refused")
        }
        SignInOutcome::Throttled => (StatusCode::TOO_MANY_REQUESTS, "sign-in-throttled"),
    };
    let mut response = render(
        status,
        &SignInPage {
            page: Page::new(&visitor),
            email,
            next,
            problem: Some(problem),
            signed_out: false,
            password_changed: false,
            sso: state.settings.sso.is_some(),
        },
    )?;
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
pub async fn sign_out(session: Session, _posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    // The row is deleted and the cookie removed as the response leaves.
    session.purge();
    Ok(see_other("/sign-in?signed_out=1"))
}
