//! The short page that tells a partner's developer how to start with the API.

use crate::web::error::AppError;
use crate::web::page::{Page, ok};
use crate::web::visitor::Visitor;
use actix_web::{HttpRequest, HttpResponse, get};
use askama::Template;

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage {
    page: Page,
    base: String,
}

#[get("/docs")]
pub async fn page(req: HttpRequest, state: actix_web::web::Data<crate::web::state::AppState>) -> Result<HttpResponse, AppError> {
    ok(&DocsPage { page: Page::new(&Visitor::anonymous(&req)), base: state.base_url() })
}
