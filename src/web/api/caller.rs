//! Who calls the API: `Authorization: Bearer cpor_…`, looked up by its hash with its creator and
//! org (see `db::api_tokens::authenticate`), then throttled per token. No cookie is read, so no
//! CSRF token is needed: a browser never sends the header by itself.

use super::problem::ApiError;
use crate::auth::tokens::token_hash;
use crate::db::api_tokens::{self, ApiCaller};
use crate::db::history::Actor;
use crate::domain::allowed::Person;
use crate::domain::api_token;
use crate::domain::role::Permission;
use crate::domain::workflow::Side;
use crate::i18n::Locale;
use crate::web::state::AppState;
use crate::web::workflow_action::Acting;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::num::NonZeroU32;

/// Requests per token per minute, per instance, with bursts of up to a tenth of it.
pub struct Throttle {
    limiter: DefaultKeyedRateLimiter<i64>,
}

impl Throttle {
    pub fn per_minute(requests: u32) -> Throttle {
        let rate = NonZeroU32::new(requests.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new((requests / 10).max(1)).unwrap_or(NonZeroU32::MIN);
        Throttle { limiter: DefaultKeyedRateLimiter::hashmap(Quota::per_minute(rate).allow_burst(burst)) }
    }

    /// Whether the token may make a request now, or how many seconds to wait.
    fn admit(&self, token_id: i64) -> Result<(), u64> {
        self.limiter.check_key(&token_id).map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()).as_secs() + 1)
    }
}

/// An authenticated API request: the token's caller and the language to answer problems in.
pub struct ApiCall {
    pub caller: ApiCaller,
    pub locale: Locale,
}

impl ApiCall {
    /// The token as `domain::allowed` judges it: its creator's role, within its scope.
    pub fn person(&self) -> Person {
        Person::Token(self.caller.creator.role, self.caller.scope)
    }

    /// 403 unless the token's scope (and its creator's role) allows `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if self.caller.scope.permits(self.caller.creator.role, permission) { Ok(()) } else { Err(ApiError::Forbidden) }
    }

    /// How the claim's history records what the token does: its creator, through the token.
    pub fn acting(&self) -> Acting {
        let creator = &self.caller.creator;
        let actor =
            Actor { user_id: Some(creator.id), name: format!("{} (API: {})", creator.name, self.caller.token_name), side: Side::Partner };
        Acting { person: self.person(), actor }
    }

    pub fn org_id(&self) -> i64 {
        self.caller.org_id
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| secret.trim().to_owned())
}

impl FromRequest for ApiCall {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let secret = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let locale = Locale::for_request(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no application state")))?;
            let secret = secret.filter(|s| api_token::well_formed(s)).ok_or(ApiError::Unauthenticated)?;
            let caller = api_tokens::authenticate(&state.db, &token_hash(&secret), state.now()).await?.ok_or(ApiError::Unauthenticated)?;
            state.api_throttle.admit(caller.token_id).map_err(|retry_after_seconds| ApiError::Throttled { retry_after_seconds })?;
            Ok(ApiCall { caller, locale })
        })
    }
}
