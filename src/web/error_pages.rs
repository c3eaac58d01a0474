//! Turns every error response (ours, actix's own 404/405/413, extractor failures) into a page in
//! the visitor's language, keeping its status.

use super::error::{AppError, message_key_for_status};
use super::page::Page;
use super::visitor::Visitor;
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: Page,
    title_key: &'static str,
    message_key: &'static str,
}

fn title_key(status: StatusCode) -> &'static str {
    match status.as_u16() {
        403 => "error-title-forbidden",
        404 => "error-title-not-found",
        409 => "error-title-conflict",
        413 => "error-title-too-large",
        s if s >= 500 => "error-title-internal",
        _ => "error-title-bad-request",
    }
}

pub async fn error_pages(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let response = next.call(req).await?;
    let status = response.status();
    // The API answers problems as JSON, in the caller's language.
    if let Some(problem) = response.response().error().and_then(|e| e.as_error::<crate::web::api::ApiError>()) {
        let answer = problem.response(&crate::i18n::Locale::for_request(response.request()));
        return Ok(response.into_response(answer).map_into_right_body());
    }
    if response.request().path().starts_with("/api/") {
        return Ok(response.map_into_left_body());
    }
    // Server errors are logged where they happen (`AppError`); a refusal is routine.
    if let Some(error) = response.response().error()
        && status.is_client_error()
    {
        tracing::debug!(status = status.as_u16(), %error, "request refused");
    }
    let from_error = response.response().error().is_some();
    let empty = matches!(response.response().body().size(), actix_web::body::BodySize::Sized(0) | actix_web::body::BodySize::None);
    if !(status.is_client_error() || status.is_server_error()) || !(from_error || empty) {
        return Ok(response.map_into_left_body());
    }
    let message_key = response
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .map(AppError::message_key)
        .unwrap_or_else(|| message_key_for_status(status));
    // The visitor as far as this request read them (nobody, if it failed before reading).
    let visitor = response.request().extensions().get::<Visitor>().cloned();
    let visitor = visitor.unwrap_or_else(|| Visitor::anonymous(response.request()));
    let page = ErrorPage { page: Page::new(&visitor), title_key: title_key(status), message_key };
    let body = page.render().unwrap_or_else(|_| status.to_string());
    let (request, old) = response.into_parts();
    let mut new = HttpResponse::build(status).content_type(ContentType::html()).body(body);
    for (name, value) in old.headers() {
        if name != actix_web::http::header::CONTENT_TYPE && name != actix_web::http::header::CONTENT_LENGTH {
            new.headers_mut().append(name.clone(), value.clone());
        }
    }
    Ok(ServiceResponse::new(request, new).map_into_right_body())
}
