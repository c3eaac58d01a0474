//! **Apply for partner access**: the public page where an org asks to join the program. Posts are
//! CSRF-checked like every form and throttled per client address; an address with an application
//! waiting gets the same thanks, so the page says nothing about who applied.

use super::error::AppError;
use super::page::{Page, ok, render, see_other};
use super::posted::{NoFields, Posted};
use super::state::AppState;
use super::visitor::Visitor;
use crate::db::Timestamp;
use crate::db::applications::{self, Received};
use crate::domain::administration::{ApplicationInput, parse_application};
use crate::domain::claim_form::FieldErrors;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

/// Applications one client address may send within `WINDOW_HOURS`.
pub const PER_ADDRESS: i64 = 5;
pub const WINDOW_HOURS: i64 = 1;

#[derive(Template)]
#[template(path = "apply.html")]
struct ApplyPage {
    page: Page,
    input: ApplicationInput,
    errors: FieldErrors,
    /// The application was received.
    thanks: bool,
    throttled: bool,
}

#[derive(serde::Deserialize)]
pub struct ApplyQuery {
    sent: Option<String>,
}

#[get("/apply")]
pub async fn form(visitor: Visitor, query: web::Query<ApplyQuery>) -> Result<HttpResponse, AppError> {
    let thanks = query.sent.is_some();
    ok(&ApplyPage {
        page: Page::new(&visitor),
        input: ApplicationInput::default(),
        errors: FieldErrors::default(),
        thanks,
        throttled: false,
    })
}

#[post("/apply")]
pub async fn submit(state: web::Data<AppState>, posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    let get = |k: &str| posted.typed(k).to_owned();
    let input = ApplicationInput { org_name: get("org_name"), mpn_id: get("mpn_id"), name: get("name"), email: get("email") };
    let visitor = posted.visitor.clone();
    let application = match parse_application(&input) {
        Ok(application) => application,
        Err(errors) => {
            return render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ApplyPage { page: Page::new(&visitor), input, errors, thanks: false, throttled: false },
            );
        }
    };
    let since = Timestamp(state.clock.now() - chrono::Duration::hours(WINDOW_HOURS));
    let received =
        applications::receive(&state.db, &application, visitor.locale.tag(), &visitor.client_addr, (PER_ADDRESS, since), state.now())
            .await?;
    match received {
        Received::Recorded | Received::AlreadyWaiting => Ok(see_other("/apply?sent=1")),
        Received::Throttled => {
            let mut response = render(
                StatusCode::TOO_MANY_REQUESTS,
                &ApplyPage { page: Page::new(&visitor), input, errors: FieldErrors::default(), thanks: false, throttled: true },
            )?;
            let retry = (WINDOW_HOURS * 3600).to_string();
            response.headers_mut().insert(
                actix_web::http::header::RETRY_AFTER,
                actix_web::http::header::HeaderValue::from_str(&retry).map_err(anyhow::Error::from)?,
            );
            Ok(response)
        }
    }
}
