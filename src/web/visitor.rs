//! Who is asking, read once per request: their language and, when signed in, their session and
//! user (one indexed query). Deactivation, role changes and revocation show on the next request
//! because the user is read afresh every time.

use super::error::AppError;
use super::state::AppState;
use crate::auth::tokens::token_hash;
use crate::db::Timestamp;
use crate::db::sessions::{self, SessionRecord};
use crate::db::users::User;
use crate::domain::role::{Permission, Role};
use crate::i18n::Locale;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use chrono::Duration;
use futures_util::future::LocalBoxFuture;

pub const SESSION_COOKIE: &str = "cpor_session";
/// Before sign-in there is no session; the sign-in form's CSRF token lives in this cookie.
pub const PRE_SESSION_COOKIE: &str = "cpor_presign";

/// The last-seen time is written at most this often, so reading pages costs no write.
const TOUCH_INTERVAL_SECONDS: i64 = 60;

#[derive(Debug, Clone)]
pub struct Session {
    pub token_hash: String,
    pub user: User,
    pub csrf_token: String,
}

#[derive(Debug, Clone)]
pub struct Visitor {
    pub locale: Locale,
    pub session: Option<Session>,
    /// The pre-sign-in CSRF token from its cookie, if the browser has one.
    pub pre_session_token: Option<String>,
    /// The path and query of this request (where the language switch comes back to).
    pub path: String,
}

impl Visitor {
    /// The token forms on this visitor's pages must carry.
    pub fn csrf_token(&self) -> Option<&str> {
        match &self.session {
            Some(session) => Some(&session.csrf_token),
            None => self.pre_session_token.as_deref(),
        }
    }

    /// A visitor known only by their language and cookies (for pages rendered outside handlers).
    pub fn anonymous(req: &HttpRequest) -> Visitor {
        Visitor { locale: locale_of(req), session: None, pre_session_token: pre_session_token(req), path: path_of(req) }
    }

    async fn load(req: &HttpRequest) -> Result<Visitor, AppError> {
        let state = req.app_data::<web::Data<AppState>>().ok_or_else(|| anyhow::anyhow!("no application state"))?;
        let Some(cookie) = req.cookie(SESSION_COOKIE) else {
            return Ok(Visitor::anonymous(req));
        };
        let (locale, pre_session_token, path) = (locale_of(req), pre_session_token(req), path_of(req));
        let hash = token_hash(cookie.value());
        let session = match sessions::find(&state.db, &hash).await? {
            Some(record) if is_live(&record, state) => {
                let now = state.now();
                if now.0 - record.last_seen_at.0 >= Duration::seconds(TOUCH_INTERVAL_SECONDS) {
                    sessions::touch(&state.db, &hash, now).await?;
                }
                Some(Session { token_hash: hash, user: record.user, csrf_token: record.csrf_token })
            }
            Some(_) => {
                sessions::delete(&state.db, &hash).await?;
                req.extensions_mut().insert(super::pre_session::LapsedSession);
                None
            }
            None => {
                req.extensions_mut().insert(super::pre_session::LapsedSession);
                None
            }
        };
        Ok(Visitor { locale, session, pre_session_token, path })
    }
}

/// The pre-sign-in token: from its cookie, or minted for this very request.
fn pre_session_token(req: &HttpRequest) -> Option<String> {
    req.cookie(PRE_SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|t| t.len() == 64)
        .or_else(|| req.extensions().get::<super::pre_session::FreshPreSession>().map(|f| f.0.clone()))
}

/// The visitor's language, showing times in the business time zone.
fn locale_of(req: &HttpRequest) -> Locale {
    let zone = req.app_data::<web::Data<AppState>>().map_or(chrono_tz::Tz::UTC, |s| s.settings.durations.calendar.zone());
    Locale::for_request(req).in_zone(zone)
}

fn path_of(req: &HttpRequest) -> String {
    req.uri().path_and_query().map(|p| p.to_string()).unwrap_or_else(|| "/".into())
}

/// A session is live while its user is active and neither timeout has passed.
fn is_live(record: &SessionRecord, state: &AppState) -> bool {
    let now = state.now().0;
    record.user.active
        && now - record.last_seen_at.0 < state.settings.session_idle_timeout
        && now - record.created_at.0 < state.settings.session_absolute_timeout
}

impl FromRequest for Visitor {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            if let Some(visitor) = req.extensions().get::<Visitor>() {
                return Ok(visitor.clone());
            }
            let visitor = Visitor::load(&req).await?;
            req.extensions_mut().insert(visitor.clone());
            Ok(visitor)
        })
    }
}

/// A signed-in person. Taking it as an argument sends anonymous visitors to the sign-in page.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub visitor: Visitor,
    pub session: Session,
}

/// A partner user acting for their org, after the permission check.
#[derive(Debug, Clone, Copy)]
pub struct OrgMember {
    pub org_id: i64,
    pub user_id: i64,
    pub role: Role,
}

impl SignedIn {
    pub fn user(&self) -> &User {
        &self.session.user
    }

    /// The person as the history records them.
    pub fn actor(&self) -> crate::db::history::Actor {
        let user = self.user();
        let side = if user.role.is_partner() { crate::domain::workflow::Side::Partner } else { crate::domain::workflow::Side::Reviewer };
        crate::db::history::Actor { user_id: Some(user.id), name: user.name.clone(), side }
    }

    /// The partner acting for their org, if their role allows `permission`; otherwise 403.
    pub fn org_member(&self, permission: Permission) -> Result<OrgMember, AppError> {
        let user = self.user();
        match user.org_id {
            Some(org_id) if user.role.may(permission) => Ok(OrgMember { org_id, user_id: user.id, role: user.role }),
            _ => Err(AppError::Forbidden),
        }
    }

    /// 403 unless the person is a reviewer.
    pub fn reviewer(&self) -> Result<(), AppError> {
        if self.user().role.may(Permission::Review) { Ok(()) } else { Err(AppError::Forbidden) }
    }
}

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let visitor = Visitor::from_request(req, payload);
        let next = if req.method() == actix_web::http::Method::GET {
            req.uri().path_and_query().map(|p| p.to_string()).unwrap_or_else(|| "/".into())
        } else {
            "/".into()
        };
        Box::pin(async move {
            let visitor = visitor.await?;
            match visitor.session.clone() {
                Some(session) => Ok(SignedIn { visitor, session }),
                None => Err(AppError::SignInRequired { next }),
            }
        })
    }
}

/// Starts a session for `user_id` and returns the token for its cookie. A fresh token every time:
/// the session id is renewed at sign-in.
pub async fn start_session(state: &AppState, user_id: i64) -> Result<String, AppError> {
    let token = crate::auth::tokens::random_token();
    let csrf = crate::auth::tokens::random_token();
    sessions::create(&state.db, &token_hash(&token), user_id, &csrf, state.now()).await?;
    Ok(token)
}

/// Removes sessions past either timeout (run now and then; expired sessions are refused anyway).
pub async fn delete_expired_sessions(state: &AppState) -> Result<u64, AppError> {
    let now = state.now().0;
    Ok(sessions::delete_expired(
        &state.db,
        Timestamp(now - state.settings.session_idle_timeout),
        Timestamp(now - state.settings.session_absolute_timeout),
    )
    .await?)
}
