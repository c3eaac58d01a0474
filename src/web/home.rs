//! `/`: sends each person to where their work is.

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

/// For load balancers and operators: 200 while the process is up.
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").insert_header(("Cache-Control", "no-store")).body("ok")
}

/// 200 when this instance can serve: the database answers with every migration applied, and the
/// PoE store takes a write; else 503 saying which.
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let database = state.db.ready().await;
    let store = state.poe.probe().await;
    let answer = |status: actix_web::http::StatusCode, body: String| {
        HttpResponse::build(status).content_type("text/plain").insert_header(("Cache-Control", "no-store")).body(body)
    };
    match (database, store) {
        (Ok(()), Ok(())) => answer(actix_web::http::StatusCode::OK, "ready".into()),
        (database, store) => {
            let mut why = Vec::new();
            if let Err(error) = database {
                why.push(format!("database: {}", format!("{error:#}").replace('\n', " ")));
            }
            if let Err(error) = store {
                why.push(format!("PoE store: {error}"));
            }
            tracing::warn!(reasons = why.join("; "), "not ready");
            answer(actix_web::http::StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {}", why.join("; ")))
        }
    }
}
