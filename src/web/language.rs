//! The language switch: a small form on every page (POST, with the visitor's CSRF token) that
//! remembers the choice in a cookie for a year; without a choice, `Accept-Language` decides.

use super::action_forms::LanguageForm;
use super::error::AppError;
use super::page::see_other;
use super::posted::Posted;
use super::state::AppState;
use crate::i18n::LANGUAGE_COOKIE;
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::{HttpResponse, post, web};

#[post("/language")]
pub async fn choose(state: web::Data<AppState>, posted: Posted<LanguageForm>) -> Result<HttpResponse, AppError> {
    let LanguageForm { locale, next } = posted.form;
    let mut response = see_other(&next);
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
