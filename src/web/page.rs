//! What every page template receives as `page`: the visitor's language, who they are, and the
//! CSRF token their forms carry. `render` turns a template into a response with a status.

use super::error::AppError;
use super::visitor::Visitor;
use crate::db::Timestamp;
use crate::db::users::User;
use crate::domain::role::{Permission, Role};
use crate::i18n::Locale;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use askama::Template;
use chrono::NaiveDate;
use fluent_templates::fluent_bundle::FluentValue;

pub struct Page {
    pub locale: Locale,
    pub user: Option<User>,
    pub csrf_token: String,
    /// This page's path and query, for the language switch to come back to.
    pub path: String,
}

impl Page {
    pub fn new(visitor: &Visitor) -> Page {
        Page {
            locale: visitor.locale.clone(),
            user: visitor.session.as_ref().map(|s| s.user.clone()),
            csrf_token: visitor.csrf_token().unwrap_or_default().to_owned(),
            path: visitor.path.clone(),
        }
    }

    pub fn lang(&self) -> &str {
        self.locale.tag()
    }

    /// The languages to choose from: tag, own name, whether it is the current one.
    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        crate::i18n::SUPPORTED.iter().map(|(tag, name)| (*tag, *name, *tag == self.locale.tag())).collect()
    }

    pub fn t(&self, key: impl AsRef<str>) -> &'static str {
        self.locale.t(key.as_ref())
    }

    /// A text with one named argument.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.locale.t_with(key, &[(name, FluentValue::from(value.to_owned()))])
    }

    /// A text with one named argument that changes row by row, translated once: what comes before
    /// the argument and what comes after, for the template to write around each row's value.
    pub fn around(&self, key: &str, name: &'static str) -> (String, String) {
        self.locale.around(key, name)
    }

    pub fn count(&self, key: &str, n: &i64) -> String {
        self.locale.t_count(key, *n)
    }

    pub fn number(&self, n: &i64) -> String {
        self.locale.number(*n)
    }

    pub fn date(&self, date: &NaiveDate) -> String {
        self.locale.date(*date)
    }

    pub fn date_time(&self, at: &Timestamp) -> String {
        self.locale.date_time(at.0)
    }

    /// The name of a stored code (status, program, ...) looked up under `prefix`.
    pub fn label(&self, prefix: &str, code: &str) -> &'static str {
        self.locale.t(&format!("{prefix}-{code}"))
    }

    /// The label of a form field.
    pub fn field_label(&self, field: &str) -> &'static str {
        self.locale.t(&format!("field-{field}"))
    }

    pub fn may(&self, permission: Permission) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.may(permission))
    }

    pub fn is_reviewer(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role == Role::Reviewer)
    }

    pub fn is_partner(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.is_partner())
    }

    pub fn role_label(&self) -> &'static str {
        self.user.as_ref().map(|u| self.t(u.role.label_key())).unwrap_or_default()
    }
}

/// Renders a page template with the given status.
pub fn render(status: StatusCode, template: &impl Template) -> Result<HttpResponse, AppError> {
    // Room for a full page at once: askama's own estimate is the template's text alone, and a
    // dashboard of fifty rows grew its buffer three times over.
    let mut html = String::with_capacity(PAGE_BYTES);
    template.render_into(&mut html)?;
    Ok(HttpResponse::build(status).content_type(ContentType::html()).body(html))
}

/// A typical large page (the dashboard is about 33 KB).
const PAGE_BYTES: usize = 48 * 1024;

/// Renders a page template with 200 OK.
pub fn ok(template: &impl Template) -> Result<HttpResponse, AppError> {
    render(StatusCode::OK, template)
}

/// After a successful post: go to `location` (303, so a reload does not post again).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((actix_web::http::header::LOCATION, location.to_owned())).finish()
}
