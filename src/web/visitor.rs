//! Who is asking, read once per request from the session (actix-session over our own store, see
//! `session_store`): their language and, when signed in, their user, read afresh with the session
//! in one query, so deactivation, role changes and revocation show on the next request. Every
//! visitor has a CSRF token for their forms, before sign-in too: a visitor without one (a first
//! visit, or a session that lapsed) is given one at once, and the dead cookie is replaced.

use super::error::AppError;
use super::session_store::{CLAIM_ID, CSRF, LAST_SEEN, SESSION_HASH, TOUCHED, UNAVAILABLE, USER, touch_due};
use super::state::AppState;
use crate::auth::tokens::random_token;
use crate::db::audit::AuditActor;
use crate::db::users::User;
use crate::domain::role::{Permission, Role};
use crate::i18n::Locale;
use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

/// The session cookie: every kind of session (before sign-in, signed in, a customer's).
pub const SESSION_COOKIE: &str = "cpor_session";

/// The last-seen time is written at most this often, so reading pages costs no write.
pub const TOUCH_INTERVAL_SECONDS: i64 = 60;

#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    /// Which `sessions` row this is.
    pub token_hash: String,
}

#[derive(Debug, Clone)]
pub struct Visitor {
    pub locale: Locale,
    pub session: Option<Session>,
    /// The claim of a customer's consent session.
    pub customer_claim: Option<i64>,
    /// The CSRF token this visitor's forms carry.
    csrf: String,
    /// The path and query of this request (where the language switch comes back to).
    pub path: String,
    /// The address the request came from, for the audit log.
    pub client_addr: String,
}

impl Visitor {
    /// The token forms on this visitor's pages must carry.
    pub fn csrf_token(&self) -> Option<&str> {
        Some(self.csrf.as_str()).filter(|t| !t.is_empty())
    }

    /// A visitor known only by their language (for pages rendered outside the session's reach).
    pub fn anonymous(req: &HttpRequest) -> Visitor {
        Visitor {
            locale: locale_of(req),
            session: None,
            customer_claim: None,
            csrf: String::new(),
            path: path_of(req),
            client_addr: client_addr(req),
        }
    }

    fn load(req: &HttpRequest) -> Result<Visitor, AppError> {
        let session = req.get_session();
        if session.contains_key(UNAVAILABLE) {
            return Err(AppError::Unavailable);
        }
        let csrf = match session.get::<String>(CSRF).ok().flatten() {
            Some(csrf) => csrf,
            None => {
                let csrf = random_token();
                session.insert(CSRF, &csrf).map_err(|e| anyhow::anyhow!("{e}"))?;
                csrf
            }
        };
        let user = session.get::<User>(USER).ok().flatten();
        let token_hash = session.get::<String>(SESSION_HASH).ok().flatten().unwrap_or_default();
        if user.is_some() {
            let now = req.app_data::<web::Data<AppState>>().map(|s| s.clock.now()).unwrap_or_else(chrono::Utc::now);
            let last_seen = session.get::<chrono::DateTime<chrono::Utc>>(LAST_SEEN).ok().flatten();
            if last_seen.is_none_or(|at| touch_due(at, now)) {
                session.insert(TOUCHED, now).map_err(|e| anyhow::anyhow!("{e}"))?;
            }
        }
        Ok(Visitor {
            locale: locale_of(req),
            session: user.map(|user| Session { user, csrf_token: csrf.clone(), token_hash }),
            customer_claim: session.get::<i64>(CLAIM_ID).ok().flatten(),
            csrf,
            path: path_of(req),
            client_addr: client_addr(req),
        })
    }
}

/// The visitor's language, showing times in the business time zone.
fn locale_of(req: &HttpRequest) -> Locale {
    let zone = req.app_data::<web::Data<AppState>>().map_or(chrono_tz::Tz::UTC, |s| s.settings.durations.calendar.zone());
    Locale::for_request(req).in_zone(zone)
}

/// The client's IP address as the server sees it.
pub fn client_addr(req: &HttpRequest) -> String {
    req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_default()
}

impl Visitor {
    /// Someone not signed in, known by what they typed as their address, for the audit log.
    pub fn audit_actor_as(&self, typed_email: &str) -> AuditActor {
        let email: String = typed_email.trim().chars().filter(|c| !c.is_control()).take(254).collect();
        AuditActor { user_id: None, name: String::new(), email: email.to_lowercase(), client_addr: self.client_addr.clone() }
    }
}

fn path_of(req: &HttpRequest) -> String {
    req.uri().path_and_query().map(|p| p.to_string()).unwrap_or_else(|| "/".into())
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
            let visitor = Visitor::load(&req)?;
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
        let side = match user.role {
            Role::Reviewer => crate::domain::workflow::Side::Reviewer,
            Role::Operator => crate::domain::workflow::Side::System,
            _ => crate::domain::workflow::Side::Partner,
        };
        crate::db::history::Actor { user_id: Some(user.id), name: user.name.clone(), side }
    }

    /// The person as the audit log records them.
    pub fn audit_actor(&self) -> AuditActor {
        let user = self.user();
        AuditActor {
            user_id: Some(user.id),
            name: user.name.clone(),
            email: user.email.clone(),
            client_addr: self.visitor.client_addr.clone(),
        }
    }

    /// 403 unless the person is an operator.
    pub fn operator(&self) -> Result<AuditActor, AppError> {
        if self.user().role.may(Permission::Administer) { Ok(self.audit_actor()) } else { Err(AppError::Forbidden) }
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
        // People of a role that must use two-step verification set it up before anything else.
        let path = req.path().to_owned();
        let required = req.app_data::<web::Data<AppState>>().map(|s| s.settings.require_two_step_for.clone()).unwrap_or_default();
        Box::pin(async move {
            let visitor = visitor.await?;
            let Some(session) = visitor.session.clone() else { return Err(AppError::SignInRequired { next }) };
            let exempt = path.starts_with("/account/two-step") || path == "/sign-out" || path == "/language";
            if required.contains(&session.user.role) && !session.user.two_step && !exempt {
                return Err(AppError::TwoStepRequired);
            }
            Ok(SignedIn { visitor, session })
        })
    }
}

/// Removes sessions past either timeout (run now and then; expired sessions are refused anyway).
pub async fn delete_expired_sessions(state: &AppState) -> Result<u64, AppError> {
    let now = state.now().0;
    Ok(crate::db::sessions::delete_expired(
        &state.db,
        crate::db::Timestamp(now - state.settings.session_idle_timeout),
        crate::db::Timestamp(now - state.settings.session_absolute_timeout),
    )
    .await?)
}
