//! The one error type of the web layer. Handlers return `Result<_, AppError>`; each variant has a
//! status and a translated message, and `error_pages` renders it as a page in the visitor's
//! language. Use:
//! - `NotFound` for anything the caller may not know exists (another org's claim or user);
//! - `Forbidden` when the caller's role does not allow the action on their own data;
//! - `CsrfRejected` when a form post lacks a valid token or comes from another site;
//! - `Conflict` when the object moved on since the page was shown;
//! - `BadRequest` for malformed requests that no form of ours produces.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, ResponseError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("the form's security token is missing or invalid")]
    CsrfRejected,
    #[error("sign-in required")]
    SignInRequired { next: String },
    #[error("two-step verification must be set up first")]
    TwoStepRequired,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("request too large")]
    PayloadTooLarge,
    #[error("the database is unavailable")]
    Unavailable,
    /// The PoE store (or this instance's staging disk) refused a write: nothing was recorded.
    #[error("the file store refused a write: {0:#}")]
    StorageUnavailable(anyhow::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => AppError::NotFound,
            error if is_unavailable(&error) => {
                tracing::error!(%error, "database unavailable");
                AppError::Unavailable
            }
            other => AppError::Internal(other.into()),
        }
    }
}

/// Whether a database error means the database cannot be reached (rather than a query failing):
/// the visitor is told so, with a 503, and nothing was changed.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_))
}

impl From<askama::Error> for AppError {
    fn from(error: askama::Error) -> Self {
        AppError::Internal(anyhow::anyhow!("template: {error}"))
    }
}

impl AppError {
    /// The translation key of the page's explanation.
    pub fn message_key(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-page-not-found",
            AppError::Forbidden => "error-page-forbidden",
            AppError::CsrfRejected => "error-page-csrf",
            AppError::SignInRequired { .. } => "error-page-sign-in",
            AppError::TwoStepRequired => "two-step-required",
            AppError::Conflict(key) | AppError::BadRequest(key) => key,
            AppError::PayloadTooLarge => "error-page-too-large",
            AppError::Unavailable => "error-page-unavailable",
            AppError::StorageUnavailable(_) => "error-page-storage",
            AppError::Internal(_) => "error-page-internal",
        }
    }
}

/// The message for an error response that did not come from an `AppError`.
pub fn message_key_for_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "error-page-not-found",
        StatusCode::FORBIDDEN => "error-page-forbidden",
        StatusCode::METHOD_NOT_ALLOWED => "error-page-method",
        StatusCode::PAYLOAD_TOO_LARGE => "error-page-too-large",
        StatusCode::SERVICE_UNAVAILABLE => "error-page-unavailable",
        s if s.is_server_error() => "error-page-internal",
        _ => "error-page-bad-request",
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::CsrfRejected => StatusCode::FORBIDDEN,
            AppError::SignInRequired { .. } | AppError::TwoStepRequired => StatusCode::SEE_OTHER,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unavailable | AppError::StorageUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A plain body; `error_pages` replaces it with the translated page.
    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(error) => tracing::error!(error = format!("{error:#}"), "request failed"),
            AppError::StorageUnavailable(error) => tracing::error!(error = format!("{error:#}"), "the PoE store refused a write"),
            _ => {}
        }
        match self {
            AppError::SignInRequired { next } => {
                let location = format!("/sign-in?{}", serde_urlencoded::to_string([("next", next)]).unwrap_or_default());
                HttpResponse::SeeOther().insert_header((header::LOCATION, location)).finish()
            }
            AppError::TwoStepRequired => HttpResponse::SeeOther().insert_header((header::LOCATION, "/account/two-step")).finish(),
            other => HttpResponse::build(other.status_code()).content_type(ContentType::plaintext()).body(other.to_string()),
        }
    }
}
