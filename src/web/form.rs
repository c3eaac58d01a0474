//! Form posts. Every state-changing request is a POST whose body carries the synchronizer token
//! of the visitor's session (or, before sign-in, of the pre-session cookie), compared in constant
//! time, and whose `Origin` / `Sec-Fetch-Site` headers, when the browser sends them, say it came
//! from this site. Anything else is a 403 that changes nothing.

use super::error::AppError;
use super::state::AppState;
use super::visitor::Visitor;
use crate::auth::tokens::same_secret;
use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

/// The largest urlencoded form accepted (uploads have their own limits).
const FORM_LIMIT: usize = 256 * 1024;

/// The one CSRF check every POST passes; handlers take `Posted<T>`, which parses the fields into
/// their form type after this.
pub struct PostedForm {
    pub visitor: Visitor,
    pub fields: Vec<(String, String)>,
}

/// Whether the request says it comes from this site. Browsers send `Sec-Fetch-Site` and
/// `Origin` on posts; clients that send neither rely on the token alone.
pub fn comes_from_this_site(headers: &HeaderMap, public_url: Option<&str>) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && site != "same-origin"
        && site != "none"
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    if let Some(public) = public_url {
        return origin == public.trim_end_matches('/');
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    origin == format!("http://{host}") || origin == format!("https://{host}")
}

impl FromRequest for PostedForm {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let visitor = Visitor::from_request(req, payload);
        let body = web::Bytes::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let visitor = visitor.await?;
            let state = req.app_data::<web::Data<AppState>>().ok_or_else(|| anyhow::anyhow!("no application state"))?;
            if !comes_from_this_site(req.headers(), state.settings.public_url.as_deref()) {
                return Err(AppError::CsrfRejected);
            }
            let body = body.await.map_err(|_| AppError::PayloadTooLarge)?;
            if body.len() > FORM_LIMIT {
                return Err(AppError::PayloadTooLarge);
            }
            let fields: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest("error-page-bad-request"))?;
            let sent = fields.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.as_str()).unwrap_or("");
            match visitor.csrf_token() {
                Some(expected) if same_secret(sent, expected) => Ok(PostedForm { visitor, fields }),
                _ => Err(AppError::CsrfRejected),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(HeaderName::from_bytes(k.as_bytes()).expect("name"), HeaderValue::from_str(v).expect("value"));
        }
        map
    }

    #[test]
    fn same_site_posts_pass_and_cross_site_posts_fail() {
        assert!(comes_from_this_site(&headers(&[("host", "cpor.test"), ("origin", "http://cpor.test")]), None));
        assert!(comes_from_this_site(&headers(&[("host", "cpor.test")]), None));
        assert!(!comes_from_this_site(&headers(&[("host", "cpor.test"), ("origin", "https://evil.test")]), None));
        assert!(!comes_from_this_site(&headers(&[("host", "cpor.test"), ("origin", "null")]), None));
        assert!(!comes_from_this_site(&headers(&[("sec-fetch-site", "cross-site")]), None));
        assert!(!comes_from_this_site(&headers(&[("sec-fetch-site", "same-site")]), None));
        assert!(comes_from_this_site(&headers(&[("origin", "https://cpor.example")]), Some("https://cpor.example/")));
        assert!(!comes_from_this_site(
            &headers(&[("host", "cpor.example"), ("origin", "http://cpor.example")]),
            Some("https://cpor.example")
        ));
    }
}
