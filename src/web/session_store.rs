//! Sessions through actix-session, with a store of our own over the database. One cookie carries
//! every kind of session, encrypted by the middleware, and its value says which kind it is:
//!
//! - `a:<state>`: a visitor before sign-in. Their state (the CSRF token of their forms, and while
//!   they sign in with two steps, who passed the first) is kept in the cookie itself, encrypted
//!   and authenticated by the middleware, so an anonymous page view costs no query;
//! - `u:<token>`: a signed-in person. The `sessions` row is keyed by the token's SHA-256, and
//!   `load` reads it joined to its user in one query (role, org, active flag), so deleting the row
//!   or deactivating the user ends the session on the next request;
//! - `k:<token>`: a customer behind a consent link, in `customer_sessions`, for one claim.
//!
//! The idle timeout is extended by writing the row's last-seen time, at most once a minute (the
//! visitor marks the session `touched`; an unchanged session writes nothing).

use super::error::is_unavailable;
use super::visitor::TOUCH_INTERVAL_SECONDS;
use crate::auth::tokens::{random_token, token_hash};
use crate::clock::Clock;
use crate::db::{Db, Timestamp, consent, sessions};
use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;
use std::collections::HashMap;

/// The keys of the session state.
pub const CSRF: &str = "csrf";
pub const USER: &str = "user";
pub const USER_ID: &str = "user_id";
pub const LAST_SEEN: &str = "last_seen_at";
pub const TOUCHED: &str = "touched";
pub const CLAIM_ID: &str = "claim_id";
pub const CUSTOMER_UNTIL: &str = "customer_until";
/// The SHA-256 of a signed-in session's token (which row is this session).
pub const SESSION_HASH: &str = "session_hash";
/// Where a session is started from, written into its row.
pub const CLIENT_ADDR: &str = "client_addr";
pub const USER_AGENT: &str = "user_agent";
/// Before sign-in: who passed the password step and must now give a code, since when, and
/// where to go afterwards.
pub const PENDING_USER: &str = "pending_user";
pub const PENDING_SINCE: &str = "pending_since";
pub const PENDING_NEXT: &str = "pending_next";
/// Set, alone, when the session could not be read because the database is unreachable: the
/// visitor then gets the translated 503 page, and the cookie is left as it is.
pub const UNAVAILABLE: &str = "database_unavailable";

#[derive(Clone)]
pub struct DbSessionStore {
    pub db: Db,
    pub clock: Clock,
    pub idle_timeout: chrono::Duration,
    pub absolute_timeout: chrono::Duration,
}

type State = HashMap<String, String>;

fn json<T: serde::Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_json::to_string(value)?)
}

fn read<T: serde::de::DeserializeOwned>(state: &State, key: &str) -> Option<T> {
    state.get(key).and_then(|v| serde_json::from_str(v).ok())
}

fn key(kind: char, value: &str) -> anyhow::Result<SessionKey> {
    SessionKey::try_from(format!("{kind}:{value}")).map_err(anyhow::Error::from)
}

impl DbSessionStore {
    fn now(&self) -> Timestamp {
        Timestamp(self.clock.now())
    }

    /// A signed-in session's state, if it is live: its user active, neither timeout passed.
    async fn load_user(&self, token: &str) -> anyhow::Result<Option<State>> {
        let hash = token_hash(token);
        let Some(record) = sessions::find(&self.db, &hash).await? else { return Ok(None) };
        let now = self.now().0;
        let live =
            record.user.active && now - record.last_seen_at.0 < self.idle_timeout && now - record.created_at.0 < self.absolute_timeout;
        if !live {
            sessions::delete(&self.db, &hash).await?;
            return Ok(None);
        }
        let mut state = State::new();
        state.insert(CSRF.into(), json(&record.csrf_token)?);
        state.insert(USER_ID.into(), json(&record.user.id)?);
        state.insert(USER.into(), json(&record.user)?);
        state.insert(LAST_SEEN.into(), json(&record.last_seen_at.0)?);
        state.insert(SESSION_HASH.into(), json(&hash)?);
        Ok(Some(state))
    }

    async fn load_customer(&self, token: &str) -> anyhow::Result<Option<State>> {
        let Some((claim_id, csrf, until)) = consent::session(&self.db, &token_hash(token), self.now()).await? else {
            return Ok(None);
        };
        let mut state = State::new();
        state.insert(CSRF.into(), json(&csrf)?);
        state.insert(CLAIM_ID.into(), json(&claim_id)?);
        state.insert(CUSTOMER_UNTIL.into(), json(&until.0)?);
        Ok(Some(state))
    }

    /// Stores a new session for `state` and returns its key.
    async fn create(&self, state: &State) -> anyhow::Result<SessionKey> {
        let csrf: String = read(state, CSRF).unwrap_or_else(random_token);
        if let Some(user_id) = read::<i64>(state, USER_ID) {
            let token = random_token();
            let (addr, agent): (String, String) =
                (read(state, CLIENT_ADDR).unwrap_or_default(), read(state, USER_AGENT).unwrap_or_default());
            let origin = sessions::Origin { client_addr: &addr, user_agent: &agent };
            sessions::create(&self.db, &token_hash(&token), user_id, &csrf, origin, self.now()).await?;
            return key('u', &token);
        }
        if let (Some(claim_id), Some(until)) = (read::<i64>(state, CLAIM_ID), read(state, CUSTOMER_UNTIL)) {
            let token = random_token();
            consent::start_session(&self.db, &token_hash(&token), claim_id, &csrf, self.now(), Timestamp(until)).await?;
            return key('k', &token);
        }
        let mut anonymous = state.clone();
        anonymous.insert(CSRF.into(), json(&csrf)?);
        key('a', &hex::encode(serde_json::to_vec(&anonymous)?))
    }
}

impl SessionStore for DbSessionStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<State>, LoadError> {
        let Some((kind, value)) = session_key.as_ref().split_once(':') else { return Ok(None) };
        let loaded = match kind {
            "a" => Ok(hex::decode(value).ok().and_then(|bytes| serde_json::from_slice::<State>(&bytes).ok())),
            "u" => self.load_user(value).await,
            "k" => self.load_customer(value).await,
            _ => Ok(None),
        };
        match loaded {
            Err(error) if error.downcast_ref::<sqlx::Error>().is_some_and(is_unavailable) => {
                tracing::error!(error = format!("{error:#}"), "database unavailable while reading a session");
                Ok(Some(State::from([(UNAVAILABLE.to_owned(), "true".to_owned())])))
            }
            other => other.map_err(LoadError::Other),
        }
    }

    async fn save(&self, state: State, _ttl: &Duration) -> Result<SessionKey, SaveError> {
        self.create(&state).await.map_err(SaveError::Other)
    }

    async fn update(&self, session_key: SessionKey, state: State, _ttl: &Duration) -> Result<SessionKey, UpdateError> {
        let (kind, value) = session_key.as_ref().split_once(':').unwrap_or(("", ""));
        match kind {
            // A signed-in session changes only to be touched: its last-seen time, at most once a
            // minute (the visitor decides when).
            "u" => {
                if let Some(at) = read::<chrono::DateTime<chrono::Utc>>(&state, TOUCHED) {
                    sessions::touch(&self.db, &token_hash(value), Timestamp(at)).await.map_err(|e| UpdateError::Other(e.into()))?;
                }
                Ok(session_key)
            }
            "k" => Ok(session_key),
            // An anonymous session that now holds a person (or a new token) is stored anew.
            _ => self.create(&state).await.map_err(UpdateError::Other),
        }
    }

    async fn update_ttl(&self, _session_key: &SessionKey, _ttl: &Duration) -> anyhow::Result<()> {
        // The idle timeout is kept by `touched`, never by a write per request.
        Ok(())
    }

    async fn delete(&self, session_key: &SessionKey) -> anyhow::Result<()> {
        match session_key.as_ref().split_once(':') {
            Some(("u", token)) => sessions::delete(&self.db, &token_hash(token)).await?,
            Some(("k", token)) => consent::end_session(&self.db, &token_hash(token)).await?,
            _ => {}
        }
        Ok(())
    }
}

/// Whether a signed-in session's last-seen time should be written now.
pub fn touch_due(last_seen: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> bool {
    now - last_seen >= chrono::Duration::seconds(TOUCH_INTERVAL_SECONDS)
}
