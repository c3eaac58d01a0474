//! The language switch: a small form on every page (POST, with the visitor's CSRF token) that
//! remembers the choice in a cookie for a year; without a choice, `Accept-Language` decides.

use super::error::AppError;
use super::form::PostedForm;
use super::local_path::safe_next;
use super::page::see_other;
use super::state::AppState;
use crate::i18n::{LANGUAGE_COOKIE, Locale};
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::{HttpResponse, post, web};

#[post("/language")]
pub async fn choose(state: web::Data<AppState>, form: PostedForm) -> Result<HttpResponse, AppError> {
    let locale = Locale::from_tag(form.get("lang")).ok_or(AppError::BadRequest("error-page-bad-request"))?;
    let mut response = see_other(&safe_next(form.get("next"))?);
    let cookie = Cookie::build(LANGUAGE_COOKIE, locale.tag())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies())
        .max_age(Duration::days(365))
        .finish();
    response.add_cookie(&cookie).map_err(anyhow::Error::from)?;
    Ok(response)
}
