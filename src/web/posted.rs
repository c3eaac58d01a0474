//! A posted form parsed into its type at the edge: `Posted<T>` checks the CSRF token (through
//! `PostedForm`, the one check every POST passes) and then parses the fields into `T`. Codes
//! become domain values (reasons, roles, the revision), repeated fields become lists; a field
//! that no form of ours can produce malformed is a 400. Typed text is kept as typed: the domain's
//! validators judge it, so the handler can show the problem beside the field.

use super::error::AppError;
use super::form::PostedForm;
use super::visitor::Visitor;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

/// The fields of a posted form, as sent.
pub struct Fields<'a>(pub &'a [(String, String)]);

impl<'a> Fields<'a> {
    /// The first value of a field, or "".
    pub fn get(&self, name: &str) -> &'a str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// Every value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<&'a str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    /// The revision of the claim the form was shown at; missing or malformed is a 400.
    pub fn revision(&self) -> Result<i64, AppError> {
        self.get("revision").parse().map_err(|_| AppError::BadRequest("error-page-bad-request"))
    }
}

/// A form type built from posted fields.
pub trait FromFields: Sized {
    fn from_fields(fields: &Fields) -> Result<Self, AppError>;
}

/// A form that carries nothing but its token (delete, deactivate, ...).
pub struct NoFields;

impl FromFields for NoFields {
    fn from_fields(_: &Fields) -> Result<Self, AppError> {
        Ok(NoFields)
    }
}

/// A CSRF-checked post, parsed into `T`.
pub struct Posted<T> {
    pub visitor: Visitor,
    pub form: T,
    /// The fields as sent, to show typed text again beside a problem.
    pub fields: Vec<(String, String)>,
}

impl<T> Posted<T> {
    /// What was typed in a field, to show again.
    pub fn typed(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }
}

impl<T: FromFields + 'static> FromRequest for Posted<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let posted = PostedForm::from_request(req, payload);
        Box::pin(async move {
            let PostedForm { visitor, fields } = posted.await?;
            let form = T::from_fields(&Fields(&fields))?;
            Ok(Posted { visitor, form, fields })
        })
    }
}
