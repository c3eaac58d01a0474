//! Checking a sign-in attempt: throttling per account and per client address through the
//! database, then the password. An unknown account, a wrong password and a deactivated user all
//! get the same answer in the same time.

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
    let (account_failures, address_failures) = throttle::recent_failures(db, &account, client_addr, since).await?;
    if account_failures >= throttle_settings.per_account || address_failures >= throttle_settings.per_address {
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
            throttle::clear_account(db, &account).await?;
            Ok(SignInOutcome::Accepted { user_id })
        }
        _ => {
            throttle::record_failure(db, &account, client_addr, now).await?;
            Ok(SignInOutcome::Refused)
        }
    }
}
