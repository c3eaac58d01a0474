//! The stylesheet (and later scripts), compiled into the binary so a deployment is one file.

use actix_web::{HttpResponse, get, http::header};

const STYLE: &str = include_str!("../../static/style.css");
const UPLOAD_SCRIPT: &str = include_str!("../../static/upload.js");
const QUEUE_SCRIPT: &str = include_str!("../../static/queue.js");

#[get("/static/style.css")]
pub async fn style() -> HttpResponse {
    HttpResponse::Ok().content_type("text/css; charset=utf-8").insert_header((header::CACHE_CONTROL, "public, max-age=3600")).body(STYLE)
}

/// Drag-and-drop for the PoE upload form; the form works without it.
#[get("/static/upload.js")]
pub async fn upload_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(UPLOAD_SCRIPT)
}

/// `j`/`k`/`o` on the review queue; the queue works without it.
#[get("/static/queue.js")]
pub async fn queue_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(QUEUE_SCRIPT)
}
