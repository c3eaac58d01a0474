//! Partner applications as operators decide them: approve (the org is created and the applicant
//! invited as its global admin) or reject with a reason, which is e-mailed.

use super::{DoneQuery, confirmed};
use crate::db::applications::{self, ApplicationRecord, Decided};
use crate::domain::administration;
use crate::domain::claim_form::FieldErrors;
use crate::mail::account_mail::{self, Recipient};
use crate::web::error::AppError;
use crate::web::page::{Page, ok, render, see_other};
use crate::web::posted::{NoFields, Posted};
use crate::web::state::AppState;
use crate::web::visitor::SignedIn;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

#[derive(Template)]
#[template(path = "admin/applications.html")]
struct ApplicationsPage {
    page: Page,
    current: &'static str,
    waiting: Vec<ApplicationRecord>,
    decided: Vec<ApplicationRecord>,
    /// The application whose decision was refused, with why.
    refused: Option<(i64, &'static str)>,
    /// The reason typed for a rejection that was refused, to show again.
    reason: String,
    errors: FieldErrors,
    done: Option<&'static str>,
}

const DONE: [&str; 2] = ["application-approved", "application-rejected"];

async fn page(
    state: &AppState,
    user: &SignedIn,
    refused: Option<(i64, &'static str)>,
    reason: String,
    errors: FieldErrors,
    done: Option<&'static str>,
) -> Result<ApplicationsPage, AppError> {
    let (waiting, decided) = applications::list(&state.db, 50).await?;
    Ok(ApplicationsPage { page: Page::new(&user.visitor), current: "/admin/applications", waiting, decided, refused, reason, errors, done })
}

#[get("/admin/applications")]
pub async fn list(state: web::Data<AppState>, user: SignedIn, query: web::Query<DoneQuery>) -> Result<HttpResponse, AppError> {
    user.operator()?;
    ok(&page(&state, &user, None, String::new(), FieldErrors::default(), confirmed(query.done.as_deref(), &DONE)).await?)
}

async fn application(state: &AppState, id: i64) -> Result<ApplicationRecord, AppError> {
    applications::find(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// Renders the list again with the decision's problem beside the application.
async fn refused(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    why: &'static str,
    reason: String,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
    render(status, &page(state, user, Some((id, why)), reason, errors, None).await?)
}

#[post("/admin/applications/{id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let application = application(&state, *path).await?;
    let mail = account_mail::invitation_queued(&application.applicant_email, &application.locale);
    let why = match applications::approve(&state.db, &application, mail, &actor, state.now()).await? {
        Decided::Approved(org_id) => return Ok(see_other(&format!("/admin/orgs/{org_id}?done=org-created"))),
        Decided::AlreadyDecided | Decided::Rejected => "error-application-decided",
        Decided::MpnIdTaken => "error-mpn-taken",
        Decided::AddressTaken => "error-email-has-account",
    };
    refused(&state, &user, application.id, why, String::new(), FieldErrors::default()).await
}

#[post("/admin/applications/{id}/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let application = application(&state, *path).await?;
    let mut errors = FieldErrors::default();
    let reason = administration::reason(&mut errors, posted.typed("reason"));
    if !errors.is_empty() {
        return refused(&state, &user, application.id, "error-reason-needed", posted.typed("reason").to_owned(), errors).await;
    }
    let to = Recipient {
        email: &application.applicant_email,
        name: &application.applicant_name,
        locale: &application.locale,
        zone: state.settings.durations.calendar.zone(),
    };
    let mail = account_mail::application_rejected(&to, &application.org_name, &reason, &state.base_url());
    match applications::reject(&state.db, &application, &reason, mail, &actor, state.now()).await? {
        Decided::Rejected => Ok(see_other("/admin/applications?done=application-rejected")),
        _ => refused(&state, &user, application.id, "error-application-decided", String::new(), FieldErrors::default()).await,
    }
}
