//! "Your account": change password, and your sessions with "Sign out everywhere else".

use super::action_forms::ChangePasswordForm;
use super::error::AppError;
use super::page::{Page, ok, render, see_other};
use super::posted::{NoFields, Posted};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::auth::password;
use crate::db::accounts::{self, SessionEntry};
use crate::domain::claim_form::FieldErrors;
use crate::domain::password_rules;
use crate::mail::account_mail;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: Page,
    sessions: Vec<SessionEntry>,
    /// This session's row.
    current: String,
    errors: FieldErrors,
    /// The translation key of what was just done, to confirm it.
    done: Option<&'static str>,
}

#[derive(serde::Deserialize)]
struct AccountQuery {
    done: Option<String>,
}

const DONE_KEYS: [&str; 3] = ["password-changed", "sessions-ended", "two-step-off"];

async fn page(state: &AppState, user: &SignedIn, errors: FieldErrors, done: Option<&'static str>) -> Result<AccountPage, AppError> {
    Ok(AccountPage {
        page: Page::new(&user.visitor),
        sessions: accounts::sessions_of(&state.db, user.user().id).await?,
        current: user.session.token_hash.clone(),
        errors,
        done,
    })
}

#[get("/account")]
pub async fn show(state: web::Data<AppState>, user: SignedIn, query: web::Query<AccountQuery>) -> Result<HttpResponse, AppError> {
    let done = query.done.as_deref().and_then(|d| DONE_KEYS.iter().find(|k| **k == d).copied());
    ok(&page(&state, &user, FieldErrors::default(), done).await?)
}

/// Changes the password: the current one is required; every other session ends, and the person
/// is told by e-mail.
#[post("/account/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    user: SignedIn,
    posted: Posted<ChangePasswordForm>,
) -> Result<HttpResponse, AppError> {
    let me = user.user().clone();
    let form = &posted.form;
    let stored = accounts::password_hash(&state.db, me.id).await?;
    let mut errors = FieldErrors::default();
    if !password::verify(form.current.clone(), stored).await? {
        errors.add("current_password", "error-password-wrong");
    } else if let Err(problem) = password_rules::check(&form.new.password, &me.email, &me.name) {
        errors.add("password", problem.message_key());
    } else if form.new.password != form.new.confirm {
        errors.add("password_confirm", "error-password-mismatch");
    }
    if !errors.is_empty() {
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, errors, None).await?);
    }
    let hash = password::hash(form.new.password.clone()).await?;
    let now = state.now();
    let zone = state.settings.durations.calendar.zone();
    let to = account_mail::Recipient { email: &me.email, name: &me.name, locale: user.visitor.locale.tag(), zone };
    let mail = account_mail::password_changed(&to, now.0, &state.base_url());
    accounts::change_password(&state.db, me.id, &hash, &user.session.token_hash, &mail, now).await?;
    Ok(see_other("/account?done=password-changed"))
}

/// Ends every session of the person but this one.
#[post("/account/sessions/end-others")]
pub async fn end_others(state: web::Data<AppState>, user: SignedIn, _posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    accounts::end_other_sessions(&state.db, user.user().id, &user.session.token_hash).await?;
    Ok(see_other("/account?done=sessions-ended"))
}
