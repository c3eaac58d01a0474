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
