//! `/admin`: Program administration at a glance, with what needs an operator now.

use crate::web::error::AppError;
use crate::web::page::{Page, ok};
use crate::web::state::AppState;
use crate::web::visitor::SignedIn;
use actix_web::{HttpResponse, get, web};
use askama::Template;

#[derive(Template)]
#[template(path = "admin/overview.html")]
struct OverviewPage {
    page: Page,
    current: &'static str,
    waiting_applications: i64,
    pending_mail: i64,
    failed_mail: i64,
}

#[get("/admin")]
pub async fn show(state: web::Data<AppState>, user: SignedIn) -> Result<HttpResponse, AppError> {
    user.operator()?;
    let (waiting, _) = crate::db::applications::list(&state.db, 0).await?;
    let (pending_mail, failed_mail) = crate::db::outbox::waiting_and_failed(&state.db).await?;
    ok(&OverviewPage {
        page: Page::new(&user.visitor),
        current: "/admin",
        waiting_applications: waiting.len() as i64,
        pending_mail,
        failed_mail,
    })
}
