//! `/`: sends each person to where their work is.

use super::error::AppError;
use super::page::see_other;
use super::state::AppState;
use super::visitor::Visitor;
use crate::domain::role::Role;
use actix_web::{HttpResponse, get, web};

#[get("/")]
pub async fn home(visitor: Visitor) -> HttpResponse {
    match &visitor.session {
        None => see_other("/sign-in"),
        Some(s) if s.user.role.is_partner() => see_other("/claims"),
        Some(s) if s.user.role == Role::Operator => see_other("/admin"),
        Some(_) => see_other("/review"),
    }
}

/// For load balancers and operators: 200 when the database answers.
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    crate::db::orgs::org_exists(&state.db, 0).await?;
    Ok(HttpResponse::Ok().content_type("text/plain").body("ok"))
}
