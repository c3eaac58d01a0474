//! The stylesheet (and later scripts), compiled into the binary so a deployment is one file.

use actix_web::{HttpResponse, get, http::header};

const STYLE: &str = include_str!("../../static/style.css");

#[get("/static/style.css")]
pub async fn style() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(STYLE)
}
