//! The review queue page for reviewers.

use super::error::AppError;
use super::page::{Page, ok};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::review_queue::{self, QueueRow};
use actix_web::{HttpResponse, get, web};
use askama::Template;

#[derive(Template)]
#[template(path = "review_queue.html")]
struct ReviewQueuePage {
    page: Page,
    rows: Vec<QueueRow>,
}

#[get("/review")]
pub async fn queue(state: web::Data<AppState>, user: SignedIn) -> Result<HttpResponse, AppError> {
    user.reviewer()?;
    let rows = review_queue::waiting(&state.db, 200).await?;
    ok(&ReviewQueuePage { page: Page::new(&user.visitor), rows })
}
