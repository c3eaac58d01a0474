//! Checking a sign-in attempt: throttling per account and per client address through the
//! database, then the password. An unknown account, a wrong password and a deactivated user all
//! get the same answer in the same time.
//!
//! The attempt is reserved before the password is verified: it is recorded as a failure first and
//! counted with every attempt before it, so guesses sent in parallel cannot all pass the count
//! while the slow hash runs. Only an attempt that proves right removes its own record; a success
//! never forgives the account's other failures.

use crate::auth::password;
use crate::config::ThrottleSettings;
use crate::db::{Db, Timestamp, throttle, users};

#[derive(Debug, PartialEq, Eq)]
pub enum SignInOutcome {
    Accepted { user_id: i64 },
    Refused,
    Throttled,
}

pub async fn check(
    db: &Db,
    throttle_settings: &ThrottleSettings,
    email: &str,
    password_typed: &str,
    client_addr: &str,
    now: Timestamp,
) -> anyhow::Result<SignInOutcome> {
    let account = email.trim().to_lowercase();
    let since = Timestamp(now.0 - throttle_settings.window);
    // Committed before counting: each of N parallel attempts counts itself and every attempt
    // committed before it, so the k-th sees at least k and at most the limit get through.
    let attempt = throttle::reserve(db, &account, client_addr, now).await?;
    let (account_attempts, address_attempts) = throttle::recent_failures(db, &account, client_addr, since).await?;
    if account_attempts > throttle_settings.per_account || address_attempts > throttle_settings.per_address {
        // A refused attempt does not lengthen the lock: it ends with the window.
        throttle::release(db, attempt).await?;
        return Ok(SignInOutcome::Throttled);
    }
    let found = users::credentials(db, &account).await?;
    let (user_id, stored, active) = match found {
        Some((id, hash, active)) => (Some(id), Some(hash), active),
        None => (None, None, false),
    };
    let matches = password::verify(password_typed.to_owned(), stored).await?;
    match user_id {
        Some(user_id) if matches && active => {
            throttle::release(db, attempt).await?;
            Ok(SignInOutcome::Accepted { user_id })
        }
        // The reservation stays: it is this failure's record.
        _ => Ok(SignInOutcome::Refused),
    }
}
