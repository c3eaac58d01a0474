//! Webhooks: which events a claim's change raises, how a delivery is signed, when a failed one is
//! tried again, and which endpoints may be called at all (no private or loopback address unless
//! the operator allows it, so a partner cannot make the portal call into its own network).

use super::workflow::{Action, ClaimState};
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::net::IpAddr;

/// The longest endpoint URL.
pub const URL_CHARS: usize = 500;
/// The most endpoints an org may register.
pub const MAX_PER_ORG: i64 = 10;
/// A delivery is tried for this long, then given up.
pub const RETRY_FOR_HOURS: i64 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    StatusChanged,
    InformationRequested,
    CommentAdded,
    ConsentPeriodEnded,
    /// Sent with **Send test event**.
    Test,
}

impl EventKind {
    /// The events an endpoint may subscribe to.
    pub const SUBSCRIBABLE: [EventKind; 4] =
        [EventKind::StatusChanged, EventKind::InformationRequested, EventKind::CommentAdded, EventKind::ConsentPeriodEnded];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::StatusChanged => "claim.status_changed",
            EventKind::InformationRequested => "claim.information_requested",
            EventKind::CommentAdded => "claim.comment_added",
            EventKind::ConsentPeriodEnded => "claim.consent_period_ended",
            EventKind::Test => "test",
        }
    }

    pub fn parse(code: &str) -> Option<EventKind> {
        EventKind::SUBSCRIBABLE.into_iter().chain([EventKind::Test]).find(|k| k.as_str() == code)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            EventKind::StatusChanged => "webhook-event-status-changed",
            EventKind::InformationRequested => "webhook-event-information-requested",
            EventKind::CommentAdded => "webhook-event-comment-added",
            EventKind::ConsentPeriodEnded => "webhook-event-consent-period-ended",
            EventKind::Test => "webhook-event-test",
        }
    }
}

/// The events a transition raises: a status change always; a request for information and the end
/// of the consent period besides.
pub fn events_of(action: Action, before: &ClaimState, after: &ClaimState) -> Vec<EventKind> {
    let mut events = Vec::new();
    if before.status != after.status {
        events.push(EventKind::StatusChanged);
    }
    match action {
        Action::RequestInformation => events.push(EventKind::InformationRequested),
        Action::SendForAssessment => events.push(EventKind::ConsentPeriodEnded),
        _ => {}
    }
    events
}

/// An event's JSON body: its id (the same for every endpoint and attempt), type, time and data.
pub fn body(event_id: &str, kind: EventKind, at: DateTime<Utc>, data: serde_json::Value) -> String {
    serde_json::json!({ "id": event_id, "type": kind.as_str(), "created_at": at.to_rfc3339(), "data": data }).to_string()
}

/// The LIKE pattern that finds `kind` in an endpoint's comma-separated events (`_` escaped).
pub fn subscribed_pattern(kind: EventKind) -> String {
    format!("%,{},%", kind.as_str().replace('_', "\\_"))
}

/// `X-CPOR-Signature`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the secret>`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable_mac());
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// HMAC takes keys of any length; this is never reached.
fn unreachable_mac() -> Hmac<Sha256> {
    <Hmac<Sha256> as Mac>::new_from_slice(b"k").unwrap_or_else(|_| unreachable_mac())
}

/// When a delivery that failed `attempts` times is tried next: 1, 2, 4, ... minutes, at most an
/// hour apart; `None` once a day has passed since the event (it is given up).
pub fn next_attempt(created_at: DateTime<Utc>, attempts: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let delay = Duration::minutes(1i64 << attempts.saturating_sub(1).min(6)).min(Duration::hours(1));
    let next = now + delay;
    (next < created_at + Duration::hours(RETRY_FOR_HOURS)).then_some(next)
}

/// Whether an address is one the portal must not call for a partner: loopback, private, link-local,
/// unique-local, unspecified, multicast, broadcast, documentation or shared address space.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (18..20).contains(&b))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback() || v6.is_unspecified() || v6.is_multicast() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80
        }
    }
}

/// Why an endpoint URL is refused (a translation key), or the URL.
pub fn endpoint(typed: &str, allow_private: bool) -> Result<url::Url, &'static str> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err("error-required");
    }
    if typed.chars().count() > URL_CHARS || typed.chars().any(char::is_control) {
        return Err("error-webhook-url");
    }
    let url = url::Url::parse(typed).map_err(|_| "error-webhook-url")?;
    let scheme_ok = url.scheme() == "https" || (allow_private && url.scheme() == "http");
    if !scheme_ok {
        return Err("error-webhook-https");
    }
    if !url.username().is_empty() || url.password().is_some() || url.host().is_none() {
        return Err("error-webhook-url");
    }
    let literal = match url.host() {
        Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
        _ => None,
    };
    let local_name = url.host_str().is_some_and(|h| h.eq_ignore_ascii_case("localhost") || h.ends_with(".localhost"));
    if !allow_private && (literal.is_some_and(is_private) || local_name) {
        return Err("error-webhook-private");
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::claim::ClaimStatus;

    #[test]
    fn the_signature_is_hmac_sha256_over_the_timestamp_and_body() {
        // Computed independently with Python's hmac module.
        let signature = signature("whsec_test", 1700000000, br#"{"id":"e1"}"#);
        assert_eq!(signature, "t=1700000000,v1=6a85cb117c993612a34c72b4cfb5a16baed25a80d26e298ce0e6671320fd07c8");
        assert_ne!(signature, super::signature("other", 1700000000, br#"{"id":"e1"}"#));
        assert_ne!(signature, super::signature("whsec_test", 1700000001, br#"{"id":"e1"}"#));
    }

    #[test]
    fn retries_back_off_to_an_hour_and_stop_after_a_day() {
        let t0 = DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").expect("t").with_timezone(&Utc);
        assert_eq!(next_attempt(t0, 1, t0), Some(t0 + Duration::minutes(1)));
        assert_eq!(next_attempt(t0, 2, t0), Some(t0 + Duration::minutes(2)));
        assert_eq!(next_attempt(t0, 30, t0), Some(t0 + Duration::hours(1)));
        assert_eq!(next_attempt(t0, 5, t0 + Duration::hours(23) + Duration::minutes(59)), None);
    }

    #[test]
    fn private_and_plain_endpoints_are_refused_unless_allowed() {
        assert!(endpoint("https://crm.example.com/hooks/cpor", false).is_ok());
        assert_eq!(endpoint("http://crm.example.com/hooks", false), Err("error-webhook-https"));
        for private in [
            "https://127.0.0.1/x",
            "https://10.1.2.3/",
            "https://[::1]/",
            "https://169.254.169.254/latest",
            "https://localhost/",
            "https://192.168.0.1",
            "https://[fd00::1]/",
            "https://100.64.0.1/",
        ] {
            assert_eq!(endpoint(private, false), Err("error-webhook-private"), "{private}");
            assert!(endpoint(private, true).is_ok(), "{private} when allowed");
        }
        assert!(endpoint("http://127.0.0.1:9000/hook", true).is_ok());
        for bad in ["", "ftp://x.example/", "https://user:pw@x.example/", "not a url", "https://x.example/a\nb"] {
            assert!(endpoint(bad, true).is_err(), "{bad:?}");
        }
        assert!(is_private("::ffff:10.0.0.1".parse().expect("ip")));
        assert!(!is_private("93.184.216.34".parse().expect("ip")));
    }

    #[test]
    fn transitions_raise_their_events() {
        let t0 = DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").expect("t").with_timezone(&Utc);
        let mut before = ClaimState::new(t0);
        before.status = ClaimStatus::UnderReview;
        let mut after = before.clone();
        after.status = ClaimStatus::PartnerActionRequired;
        assert_eq!(events_of(Action::RequestInformation, &before, &after), vec![EventKind::StatusChanged, EventKind::InformationRequested]);
        assert_eq!(events_of(Action::StartReview, &before, &before), Vec::<EventKind>::new());
        for kind in EventKind::SUBSCRIBABLE {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
        }
    }
}
