//! Delivers webhook events from their outbox: each due delivery is leased, POSTed as JSON with
//! `X-CPOR-Signature: t=…,v1=…` (HMAC-SHA256 over the timestamp and the body), and recorded;
//! a failure is tried again with back-off for a day (`domain::webhook::next_attempt`). Delivery is
//! at least once: receivers deduplicate by the event id. Unless the operator allows private
//! endpoints, the endpoint's name is resolved here and every address checked, and the request goes
//! to the checked address (a name that resolves elsewhere between check and call cannot slip by).

use crate::db::Timestamp;
use crate::db::webhooks::{self, Attempted, DueDelivery};
use crate::domain::webhook::{is_private, next_attempt, signature};
use crate::web::state::AppState;
use std::time::Duration;

/// How long a worker holds a delivery: longer than one attempt can take.
const LEASE_SECONDS: i64 = 60;
const TIMEOUT: Duration = Duration::from_secs(10);
const BATCH: i64 = 20;

/// Sends every due delivery once; returns how many were delivered.
pub async fn deliver_due(state: &AppState) -> anyhow::Result<usize> {
    let now = state.now();
    let lease_until = Timestamp(now.0 + chrono::Duration::seconds(LEASE_SECONDS));
    let due = webhooks::lease(&state.db, now, lease_until, BATCH).await?;
    let mut delivered = 0;
    for delivery in due {
        let attempted = attempt(&delivery, state.settings.webhook_allow_private, state.clock.now()).await;
        if matches!(attempted, Attempted::Delivered { .. }) {
            delivered += 1;
        }
        webhooks::record(&state.db, delivery.id, &attempted, state.now()).await?;
    }
    Ok(delivered)
}

async fn attempt(delivery: &DueDelivery, allow_private: bool, now: chrono::DateTime<chrono::Utc>) -> Attempted {
    let failed = |status: Option<i32>, error: String| Attempted::Failed {
        status,
        error: error.chars().take(500).collect(),
        next: next_attempt(delivery.created_at.0, (delivery.attempts + 1) as u32, now).map(Timestamp),
    };
    let client = match client_for(&delivery.url, allow_private).await {
        Ok(client) => client,
        Err(error) => return failed(None, error),
    };
    let timestamp = now.timestamp();
    let response = client
        .post(&delivery.url)
        .header("content-type", "application/json")
        .header("user-agent", concat!("cpor-portal/", env!("CARGO_PKG_VERSION")))
        .header("x-cpor-event", &delivery.event)
        .header("x-cpor-event-id", &delivery.event_id)
        .header("x-cpor-signature", signature_for(delivery, timestamp))
        .body(delivery.payload.clone())
        .send()
        .await;
    match response {
        Ok(response) if response.status().is_success() => Attempted::Delivered { status: i32::from(response.status().as_u16()) },
        Ok(response) => failed(Some(i32::from(response.status().as_u16())), format!("HTTP {}", response.status())),
        Err(error) => failed(None, without_url(&error)),
    }
}

fn signature_for(delivery: &DueDelivery, timestamp: i64) -> String {
    signature(&delivery.secret, timestamp, delivery.payload.as_bytes())
}

/// A request error as the log shows it, without the URL (it is on the page already).
fn without_url(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    match std::error::Error::source(error) {
        Some(source) => format!("{kind}: {source}"),
        None => kind.to_owned(),
    }
}

/// A client that follows no redirect and, unless private endpoints are allowed, only reaches the
/// endpoint's public addresses as resolved now.
async fn client_for(url: &str, allow_private: bool) -> Result<reqwest::Client, String> {
    let builder = reqwest::Client::builder().timeout(TIMEOUT).redirect(reqwest::redirect::Policy::none());
    if allow_private {
        return builder.build().map_err(|e| e.to_string());
    }
    let url = url::Url::parse(url).map_err(|_| "not a URL".to_owned())?;
    let host = url.host_str().ok_or("no host")?.to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host.trim_start_matches('[').trim_end_matches(']'), port))
        .await
        .map_err(|e| format!("could not resolve: {e}"))?
        .collect();
    if addresses.is_empty() || addresses.iter().any(|a| is_private(a.ip())) {
        return Err("refused: the endpoint resolves to a private or loopback address".into());
    }
    builder.resolve_to_addrs(&host, &addresses).build().map_err(|e| e.to_string())
}
