//! The review queue page for reviewers: every org's claims waiting for a reviewer, the earliest
//! service-level due date first, overdue ones marked, competing ones flagged.

use super::error::AppError;
use super::page::{Page, ok};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::Timestamp;
use crate::db::review_queue::{self, QueueRow};
use actix_web::{HttpResponse, get, web};
use askama::Template;

#[derive(Template)]
#[template(path = "review_queue.html")]
struct ReviewQueuePage {
    page: Page,
    rows: Vec<QueueRow>,
    mine_only: bool,
    now: Timestamp,
}

impl ReviewQueuePage {
    fn overdue(&self, row: &QueueRow) -> bool {
        row.due_at.is_some_and(|due| due < self.now)
    }
}

#[derive(serde::Deserialize)]
pub struct QueueQuery {
    mine: Option<String>,
}

#[get("/review")]
pub async fn queue(state: web::Data<AppState>, user: SignedIn, query: web::Query<QueueQuery>) -> Result<HttpResponse, AppError> {
    user.reviewer()?;
    let mine_only = query.mine.is_some();
    let rows = review_queue::waiting(&state.db, mine_only.then(|| user.user().id), 500).await?;
    ok(&ReviewQueuePage { page: Page::new(&user.visitor), rows, mine_only, now: state.now() })
}
