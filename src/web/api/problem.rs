//! The API's one error type, answered as RFC 9457 `application/problem+json`: a stable `type`
//! per kind of problem, a translated `title` and `detail`, and per-field `errors` for bad input.

use crate::domain::claim_form::FieldErrors;
use crate::i18n::Locale;
use crate::web::error::AppError;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

/// A problem as the API answers it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Stable identifier of the kind of problem, e.g. `https://cpor.invalid/problems/validation`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// One entry per bad field, for `validation`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field's name in the request body.
    pub field: String,
    /// Stable code of the problem (the portal's message key).
    pub code: String,
    /// What is wrong, in the caller's language.
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("missing or invalid token")]
    Unauthenticated,
    #[error("the token's access does not allow this")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// The claim's status does not allow it now, or it changed meanwhile.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("malformed request: {0}")]
    Malformed(&'static str),
    #[error("too large: {0}")]
    TooLarge(&'static str),
    #[error("too many requests")]
    Throttled { retry_after_seconds: u64 },
    /// The same Idempotency-Key came with another request.
    #[error("idempotency key reused")]
    KeyReused,
    #[error("unavailable: {0}")]
    Unavailable(&'static str),
    #[error(transparent)]
    Internal(anyhow::Error),
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::NotFound => ApiError::NotFound,
            AppError::Forbidden | AppError::TwoStepRequired | AppError::SignInRequired { .. } => ApiError::Forbidden,
            AppError::CsrfRejected => ApiError::Forbidden,
            AppError::Conflict(key) => ApiError::Conflict(key),
            AppError::BadRequest(key) => ApiError::Malformed(key),
            AppError::PayloadTooLarge => ApiError::TooLarge("error-page-too-large"),
            AppError::Unavailable => ApiError::Unavailable("error-page-unavailable"),
            AppError::StorageUnavailable(error) => {
                tracing::error!(error = format!("{error:#}"), "the PoE store refused a write");
                ApiError::Unavailable("error-page-storage")
            }
            AppError::Internal(error) => ApiError::Internal(error),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        AppError::from(error).into()
    }
}

impl ApiError {
    fn kind(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated => "unauthenticated",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound => "not-found",
            ApiError::Conflict(_) => "conflict",
            ApiError::Invalid(_) => "validation",
            ApiError::Malformed(_) => "malformed",
            ApiError::TooLarge(_) => "too-large",
            ApiError::Throttled { .. } => "throttled",
            ApiError::KeyReused => "idempotency-key-reused",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The translation keys of the title and the detail.
    fn keys(&self) -> (&'static str, Option<&'static str>) {
        match self {
            ApiError::Unauthenticated => ("api-problem-unauthenticated", None),
            ApiError::Forbidden => ("api-problem-forbidden", None),
            ApiError::NotFound => ("api-problem-not-found", None),
            ApiError::Conflict(key) => ("api-problem-conflict", Some(key)),
            ApiError::Invalid(_) => ("api-problem-validation", None),
            ApiError::Malformed(key) => ("api-problem-malformed", Some(key)),
            ApiError::TooLarge(key) => ("api-problem-too-large", Some(key)),
            ApiError::Throttled { .. } => ("api-problem-throttled", None),
            ApiError::KeyReused => ("api-problem-key-reused", None),
            ApiError::Unavailable(key) => ("api-problem-unavailable", Some(key)),
            ApiError::Internal(_) => ("api-problem-internal", Some("error-page-internal")),
        }
    }

    /// The problem in `locale`'s language.
    pub fn problem(&self, locale: &Locale) -> Problem {
        let (title, detail) = self.keys();
        let errors = match self {
            ApiError::Invalid(errors) => errors
                .0
                .iter()
                .map(|e| FieldProblem {
                    field: e.field.to_owned(),
                    code: e.message_key.to_owned(),
                    message: locale.t(e.message_key).to_owned(),
                })
                .collect(),
            _ => Vec::new(),
        };
        Problem {
            kind: format!("https://cpor.invalid/problems/{}", self.kind()),
            title: locale.t(title).to_owned(),
            status: self.status_code().as_u16(),
            detail: detail.map(|key| locale.t(key).to_owned()),
            errors,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) | ApiError::KeyReused => StatusCode::CONFLICT,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Malformed(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// In English here; `ApiCall` answers in the caller's language (see `api::respond`).
    fn error_response(&self) -> HttpResponse {
        self.response(&Locale::default())
    }
}

impl ApiError {
    pub fn response(&self, locale: &Locale) -> HttpResponse {
        if let ApiError::Internal(error) = self {
            tracing::error!(error = format!("{error:#}"), "API request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.content_type("application/problem+json");
        match self {
            ApiError::Unauthenticated => {
                response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"cpor\"")));
            }
            ApiError::Throttled { retry_after_seconds } => {
                response.insert_header((header::RETRY_AFTER, retry_after_seconds.to_string()));
            }
            _ => {}
        }
        response.json(self.problem(locale))
    }
}
