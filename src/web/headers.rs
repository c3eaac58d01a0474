//! Security headers on every response, error pages included.

use actix_web::middleware::DefaultHeaders;

/// No inline script or style anywhere; nothing may frame the portal.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Behind https (the public URL), browsers are told to use nothing else for a year.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

pub fn security_headers(https: bool) -> DefaultHeaders {
    let headers =
        if https { DefaultHeaders::new().add(("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)) } else { DefaultHeaders::new() };
    headers
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "same-origin"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add(("Permissions-Policy", "camera=(), microphone=(), geolocation=()"))
        .add(("Cache-Control", "no-store"))
}

/// Names every response's request (`X-Request-Id`) with the id its log line carries, so a
/// person's report of a failure can be found in the logs; and counts it for the metrics.
pub async fn request_id(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::HttpMessage;
    let started = std::time::Instant::now();
    let method = req.method().to_string();
    let mut response = next.call(req).await?;
    let route = response.request().match_pattern().unwrap_or_else(|| "unmatched".into());
    crate::metrics::request(&route, &method, response.status().as_u16(), started.elapsed().as_secs_f64());
    let id = response.request().extensions().get::<tracing_actix_web::RequestId>().map(|id| id.to_string());
    if let Some(value) = id.and_then(|id| actix_web::http::header::HeaderValue::from_str(&id).ok()) {
        response.headers_mut().insert(actix_web::http::header::HeaderName::from_static("x-request-id"), value);
    }
    Ok(response)
}
