//! E-mail delivery: pending, delivered and failed messages (recipient, subject, attempts, last
//! error), newest first, with **Retry now** for a failed one.

use super::{confirmed, entry};
use crate::db::outbox::{self, Delivery, DeliveryState};
use crate::domain::audit::AuditKind;
use crate::web::error::AppError;
use crate::web::page::{Page, ok, see_other};
use crate::web::posted::{NoFields, Posted};
use crate::web::state::AppState;
use crate::web::visitor::SignedIn;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

const PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "admin/mail.html")]
struct MailPage {
    page: Page,
    current: &'static str,
    shown: DeliveryState,
    states: [DeliveryState; 3],
    pending: i64,
    failed: i64,
    messages: Vec<Delivery>,
    /// The keyset of the next page, when there is one.
    next: Option<i64>,
    done: Option<&'static str>,
}

impl MailPage {
    pub fn state_key(&self, state: &DeliveryState) -> String {
        format!("mail-state-{}", state.as_str())
    }
}

#[derive(serde::Deserialize)]
pub struct MailQuery {
    state: Option<String>,
    before: Option<i64>,
    done: Option<String>,
}

#[get("/admin/mail")]
pub async fn list(state: web::Data<AppState>, user: SignedIn, query: web::Query<MailQuery>) -> Result<HttpResponse, AppError> {
    user.operator()?;
    let shown = match query.state.as_deref() {
        None => DeliveryState::Failed,
        Some(code) => DeliveryState::parse(code).ok_or(AppError::BadRequest("error-page-bad-request"))?,
    };
    let mut messages = outbox::deliveries(&state.db, shown, query.before, PAGE_SIZE + 1).await?;
    let next = if messages.len() as i64 > PAGE_SIZE {
        messages.truncate(PAGE_SIZE as usize);
        messages.last().map(|m| m.id)
    } else {
        None
    };
    let (pending, failed) = outbox::waiting_and_failed(&state.db).await?;
    ok(&MailPage {
        page: Page::new(&user.visitor),
        current: "/admin/mail",
        shown,
        states: DeliveryState::ALL,
        pending,
        failed,
        messages,
        next,
        done: confirmed(query.done.as_deref(), &["mail-retried"]),
    })
}

/// Puts a failed message back in the queue for one more attempt now.
#[post("/admin/mail/{id}/retry")]
pub async fn retry(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    if !outbox::retry(&state.db, *path, &entry(AuditKind::MailRetried, &actor, "", "", None), state.now()).await? {
        return Err(AppError::Conflict("error-mail-not-failed"));
    }
    Ok(see_other("/admin/mail?state=pending&done=mail-retried"))
}
