//! Choosing a password from an e-mailed link: accepting an invitation (which signs the person
//! in), and "Forgot your password?" with its reset link (which ends every session of theirs).

use super::action_forms::{ForgotForm, NewPasswordForm};
use super::error::AppError;
use super::page::{Page, ok, render, see_other};
use super::posted::Posted;
use super::sign_in::begin_session;
use super::state::AppState;
use super::visitor::Visitor;
use crate::auth::password;
use crate::auth::tokens::token_hash;
use crate::db::audit::{AuditActor, AuditEntry};
use crate::db::{accounts, throttle};
use crate::domain::audit::AuditKind;
use crate::domain::claim_form::FieldErrors;
use crate::domain::contact::EmailAddress;
use crate::domain::password_rules;
use crate::mail::account_mail;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

#[derive(Template)]
#[template(path = "set_password.html")]
struct SetPasswordPage {
    page: Page,
    /// The heading's translation key: accepting an invitation, or resetting.
    heading: &'static str,
    name: String,
    email: String,
    action: String,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "link_invalid.html")]
struct LinkInvalidPage {
    page: Page,
}

fn invalid(visitor: &Visitor) -> Result<HttpResponse, AppError> {
    render(StatusCode::NOT_FOUND, &LinkInvalidPage { page: Page::new(visitor) })
}

/// The problems of a new password typed twice, by the person with this e-mail and name.
fn judge(form: &NewPasswordForm, email: &str, name: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if let Err(problem) = password_rules::check(&form.password, email, name) {
        errors.add("password", problem.message_key());
    } else if form.password != form.confirm {
        errors.add("password_confirm", "error-password-mismatch");
    }
    errors
}

#[get("/invitations/{token}")]
pub async fn invitation_form(state: web::Data<AppState>, visitor: Visitor, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let Some(invitation) = accounts::invitation_by_token(&state.db, &token_hash(&path), state.now()).await? else {
        return invalid(&visitor);
    };
    let page = SetPasswordPage {
        page: Page::new(&visitor),
        heading: "set-password-heading",
        name: invitation.name,
        email: invitation.email,
        action: format!("/invitations/{}", path.as_str()),
        errors: FieldErrors::default(),
    };
    ok(&page)
}

/// Accepts the invitation with the chosen password, once, and signs the person in.
#[post("/invitations/{token}")]
pub async fn accept(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: Session,
    path: web::Path<String>,
    posted: Posted<NewPasswordForm>,
) -> Result<HttpResponse, AppError> {
    let hash = token_hash(&path);
    let Some(invited) = accounts::invitation_by_token(&state.db, &hash, state.now()).await? else {
        return invalid(&posted.visitor);
    };
    let errors = judge(&posted.form, &invited.email, &invited.name);
    if !errors.is_empty() {
        let page = SetPasswordPage {
            page: Page::new(&posted.visitor),
            heading: "set-password-heading",
            name: invited.name,
            email: invited.email,
            action: format!("/invitations/{}", path.as_str()),
            errors,
        };
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let password_hash = password::hash(posted.form.password.clone()).await?;
    // Asked again when the account is created: the link may have been used or revoked meanwhile.
    let Some(user_id) = accounts::accept(&state.db, &hash, &password_hash, &posted.visitor.client_addr, state.now()).await? else {
        return invalid(&posted.visitor);
    };
    crate::db::users::set_locale(&state.db, user_id, posted.visitor.locale.tag()).await?;
    begin_session(&state, &session, &req, user_id, "invitation").await?;
    Ok(see_other("/"))
}

#[derive(Template)]
#[template(path = "forgot.html")]
struct ForgotPage {
    page: Page,
    email: String,
    sent: bool,
    errors: FieldErrors,
}

#[get("/password/forgot")]
pub async fn forgot(visitor: Visitor) -> Result<HttpResponse, AppError> {
    ok(&ForgotPage { page: Page::new(&visitor), email: String::new(), sent: false, errors: FieldErrors::default() })
}

/// Sends a reset link if the address belongs to someone who may sign in, and answers the same
/// whether or not it does. Requests are throttled like sign-ins, so nobody can flood a mailbox.
#[post("/password/forgot")]
pub async fn send_reset(state: web::Data<AppState>, req: HttpRequest, posted: Posted<ForgotForm>) -> Result<HttpResponse, AppError> {
    let typed = posted.form.email;
    let Some(email) = EmailAddress::parse(&typed) else {
        let mut errors = FieldErrors::default();
        errors.add("email", if typed.is_empty() { "error-required" } else { "error-email" });
        let page = ForgotPage { page: Page::new(&posted.visitor), email: typed, sent: false, errors };
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let now = state.now();
    let client = req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_default();
    let account = format!("reset:{}", email.as_ref().to_lowercase());
    let limits = &state.settings.sign_in_throttle;
    throttle::reserve(&state.db, &account, &client, now).await?;
    let (for_account, for_address) =
        throttle::recent_failures(&state.db, &account, &client, crate::db::Timestamp(now.0 - limits.window)).await?;
    if for_account <= limits.per_account
        && for_address <= limits.per_address
        && let Some((user_id, locale)) = accounts::reset_candidate(&state.db, email.as_ref()).await?
    {
        let locale = locale.unwrap_or_else(|| posted.visitor.locale.tag().to_owned());
        accounts::queue_reset(&state.db, user_id, account_mail::reset_queued(email.as_ref(), &locale), now).await?;
    }
    ok(&ForgotPage { page: Page::new(&posted.visitor), email: String::new(), sent: true, errors: FieldErrors::default() })
}

#[get("/password/reset/{token}")]
pub async fn reset_form(state: web::Data<AppState>, visitor: Visitor, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let Some((_, email, name)) = accounts::reset_user(&state.db, &token_hash(&path), state.now()).await? else {
        return invalid(&visitor);
    };
    let action = format!("/password/reset/{}", path.as_str());
    ok(&SetPasswordPage {
        page: Page::new(&visitor),
        heading: "reset-password-heading",
        name,
        email,
        action,
        errors: FieldErrors::default(),
    })
}

/// Sets the new password from the link, once; every session of the person ends, they are told
/// by e-mail, and they sign in again with the new password.
#[post("/password/reset/{token}")]
pub async fn reset(state: web::Data<AppState>, path: web::Path<String>, posted: Posted<NewPasswordForm>) -> Result<HttpResponse, AppError> {
    let hash = token_hash(&path);
    let Some((_, email, name)) = accounts::reset_user(&state.db, &hash, state.now()).await? else {
        return invalid(&posted.visitor);
    };
    let errors = judge(&posted.form, &email, &name);
    if !errors.is_empty() {
        let action = format!("/password/reset/{}", path.as_str());
        let page = SetPasswordPage { page: Page::new(&posted.visitor), heading: "reset-password-heading", name, email, action, errors };
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let password_hash = password::hash(posted.form.password.clone()).await?;
    let now = state.now();
    let (zone, base_url, locale) = (state.settings.durations.calendar.zone(), state.base_url(), posted.visitor.locale.tag());
    let to = account_mail::Recipient { email: &email, name: &name, locale, zone };
    let mail = |_| Some(account_mail::password_changed(&to, now.0, &base_url));
    let Some(user_id) = accounts::use_reset(&state.db, &hash, &password_hash, mail, now).await? else {
        return invalid(&posted.visitor);
    };
    let actor =
        AuditActor { user_id: Some(user_id), name: name.clone(), email: email.clone(), client_addr: posted.visitor.client_addr.clone() };
    let entry = AuditEntry { kind: AuditKind::PasswordReset, actor: &actor, subject: &email, detail: "", org_id: None };
    crate::db::audit::record(&state.db, &entry, now).await?;
    Ok(see_other("/sign-in?password_changed=1"))
}
