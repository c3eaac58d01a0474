//! Webhooks, received by a real HTTP server the test runs: every status change, request for
//! information, comment and end of a consent period arrives signed (checked here with HMAC-SHA256
//! computed independently), a receiver that fails gets the events once it recovers, and private
//! endpoints are refused unless the operator allows them.

use crate::helpers::*;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use cpor_portal::domain::workflow::InfoReason;
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::Value;
use sha2::Sha256;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// What the receiver saw: each request's event header, signature header and body.
#[derive(Clone, Default)]
struct Receiver {
    seen: Arc<Mutex<Vec<(String, String, String)>>>,
    failing: Arc<AtomicBool>,
}

impl Receiver {
    /// Starts on a free loopback port; returns its URL.
    fn start(&self) -> String {
        let receiver = self.clone();
        let server = HttpServer::new(move || {
            let receiver = receiver.clone();
            App::new().route(
                "/hook",
                web::post().to(move |req: HttpRequest, body: web::Bytes| {
                    let receiver = receiver.clone();
                    async move {
                        let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                        receiver.seen.lock().expect("lock").push((
                            header("x-cpor-event"),
                            header("x-cpor-signature"),
                            String::from_utf8_lossy(&body).into_owned(),
                        ));
                        if receiver.failing.load(Ordering::SeqCst) {
                            HttpResponse::InternalServerError().finish()
                        } else {
                            HttpResponse::NoContent().finish()
                        }
                    }
                }),
            )
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .expect("bind");
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        format!("http://127.0.0.1:{port}/hook")
    }

    /// The events delivered successfully (received while not failing), verified, by event id.
    fn delivered(&self, secret: &str) -> Vec<Value> {
        let seen = self.seen.lock().expect("lock").clone();
        let mut events: Vec<Value> = Vec::new();
        for (kind, signature, body) in seen {
            assert!(verify(secret, &signature, &body), "a valid signature on {body}");
            let event: Value = serde_json::from_str(&body).expect("JSON");
            assert_eq!(event["type"], kind.as_str());
            if !events.iter().any(|e| e["id"] == event["id"]) {
                events.push(event);
            }
        }
        events
    }
}

/// `t=…,v1=…` checked as a receiver would: HMAC-SHA256 of "t.body" with the secret.
fn verify(secret: &str, header: &str, body: &str) -> bool {
    let mut timestamp = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", t)) => timestamp = Some(t.to_owned()),
            Some(("v1", v)) => v1 = Some(v.to_owned()),
            _ => {}
        }
    }
    let (Some(timestamp), Some(v1)) = (timestamp, v1) else { return false };
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    hex::decode(v1).is_ok_and(|v| mac.verify_slice(&v).is_ok())
}

async fn deliver(app: &TestApp) -> usize {
    cpor_portal::webhook_delivery::deliver_due(&app.state).await.expect("deliver")
}

/// Registers an endpoint for every event as the org's global admin; returns the secret.
async fn register(admin: &Client, url: &str) -> Page {
    let events = ["claim.status_changed", "claim.information_requested", "claim.comment_added", "claim.consent_period_ended"];
    let mut fields = vec![("url".to_owned(), url.to_owned())];
    fields.extend(events.iter().map(|e| ("events".to_owned(), e.to_string())));
    admin.post("/webhooks", &fields).await
}

fn secret_in(page: &Page) -> String {
    let marker = "id=\"new-secret\" class=\"secret\" type=\"text\" readonly value=\"";
    let start = page.body.find(marker).expect("the secret is shown") + marker.len();
    page.body[start..].split('"').next().expect("secret").to_owned()
}

#[tokio::test]
async fn a_receiver_sees_a_signed_event_for_every_change_even_after_being_down() {
    let app = spawn_app_with(|s| s.webhook_allow_private = true).await;
    let receiver = Receiver::default();
    let url = receiver.start();
    let admin = app.client(Caller::GlobalAdmin).await;
    let registered = register(&admin, &url).await;
    assert_eq!(registered.status, StatusCode::CREATED, "{}", registered.body);
    let secret = secret_in(&registered);
    assert!(!admin.get("/webhooks").await.body.contains(&secret), "shown once");

    let (claim, owner) = crate::workflow::submitted_claim(&app).await;
    assert_eq!(deliver(&app).await, 1);
    let events = receiver.delivered(&secret);
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0]["type"].as_str(), events[0]["data"]["claim"]["status"].as_str()),
        (Some("claim.status_changed"), Some("submitted"))
    );
    assert_eq!(events[0]["data"]["claim"]["id"], claim.as_str());

    // The receiver is down while the reviewer acts.
    receiver.failing.store(true, Ordering::SeqCst);
    let reviewer = app.person(Caller::Reviewer).await;
    assert_eq!(reviewer.start_review(&claim).await.status, StatusCode::SEE_OTHER);
    assert_eq!(reviewer.request_information(&claim, &[InfoReason::MissingAllPoe], "Please add it").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reviewer.post_pairs(&format!("/claims/{claim}/notes"), &[("note", "internal, never sent")]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(deliver(&app).await, 0, "all failed");
    let log = admin.get("/webhooks").await.body;
    assert!(log.contains("500") && log.contains("Being retried"), "the log shows the failures");
    assert_eq!(deliver(&app).await, 0, "not again before the back-off");
    // It recovers; the retries arrive after their back-off.
    receiver.failing.store(false, Ordering::SeqCst);
    app.clock.advance(chrono::Duration::minutes(2));
    assert_eq!(deliver(&app).await, 3);
    assert_eq!(owner.comment(&claim, "We will add the page").await.status, StatusCode::SEE_OTHER);
    assert_eq!(deliver(&app).await, 1);
    assert_eq!(owner.upload_pdf(&claim).await.status, StatusCode::SEE_OTHER);
    assert_eq!(owner.resubmit(&claim, "Added").await.status, StatusCode::SEE_OTHER);
    assert_eq!(reviewer.approve(&claim).await.status, StatusCode::SEE_OTHER);
    // The consent period ends by itself.
    app.clock.advance(chrono::Duration::days(8));
    app.sweep().await;
    deliver(&app).await;
    let events = receiver.delivered(&secret);
    let kinds: Vec<(&str, &str)> =
        events.iter().map(|e| (e["type"].as_str().unwrap_or(""), e["data"]["claim"]["status"].as_str().unwrap_or(""))).collect();
    assert_eq!(
        kinds,
        vec![
            ("claim.status_changed", "submitted"),
            ("claim.status_changed", "under-review"),
            ("claim.status_changed", "partner-action-required"),
            ("claim.information_requested", "partner-action-required"),
            ("claim.comment_added", "partner-action-required"),
            ("claim.status_changed", "under-review"),
            ("claim.status_changed", "approved"),
            ("claim.consent_period_ended", "approved"),
        ],
        "every change, in order, once each"
    );
    let all = receiver.seen.lock().expect("lock").len();
    assert!(all > events.len(), "failed attempts were retried with the same event ids ({all} requests)");
    assert!(!events.iter().any(|e| e.to_string().contains("internal, never sent")), "internal notes are never sent");
    // A test event from the page (signed in again: the sessions lapsed while the days passed).
    let admin = app.client(Caller::GlobalAdmin).await;
    let owner = app.person(Caller::IncentivesAdmin).await;
    let hooks = admin.get("/webhooks").await.body;
    let id: String = hooks.split("/webhooks/").nth(1).expect("a form").chars().take_while(char::is_ascii_digit).collect();
    assert_eq!(admin.post(&format!("/webhooks/{id}/test"), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(deliver(&app).await, 1);
    assert_eq!(receiver.delivered(&secret).last().and_then(|e| e["type"].as_str()), Some("test"));
    // Another org cannot see, test or remove it.
    let other = app.client(Caller::OtherOrgAdmin).await;
    assert!(!other.get("/webhooks").await.body.contains(&url));
    assert_eq!(other.post(&format!("/webhooks/{id}/test"), &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.post(&format!("/webhooks/{id}/remove"), &[]).await.status, StatusCode::NOT_FOUND);
    // Removed: nothing more is sent.
    assert_eq!(admin.post(&format!("/webhooks/{id}/remove"), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(owner.comment(&claim, "After removal").await.status, StatusCode::SEE_OTHER);
    assert_eq!(deliver(&app).await, 0);
}

#[tokio::test]
async fn private_endpoints_are_refused_unless_the_operator_allows_them() {
    let app = spawn_app().await;
    let admin = app.client(Caller::GlobalAdmin).await;
    for url in ["http://127.0.0.1:9/hook", "https://127.0.0.1/hook", "https://10.0.0.8/x", "https://localhost/x", "https://[::1]/x"] {
        let refused = register(&admin, url).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
    }
    assert!(register(&admin, "https://169.254.169.254/latest/meta-data").await.body.contains("private or local"));
    let no_events = admin.post("/webhooks", &[("url".into(), "https://crm.example.com/hook".into())]).await;
    assert!(no_events.body.contains("Choose at least one event"));
    // A name that resolves to a private address is refused when delivering, too.
    let registered = register(&admin, "https://localhost.example.invalid/hook").await;
    assert_eq!(registered.status, StatusCode::CREATED);
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let owner = app.person(Caller::IncentivesAdmin).await;
    assert_eq!(owner.comment(&claim, "hello").await.status, StatusCode::SEE_OTHER);
    assert_eq!(deliver(&app).await, 0);
    assert!(admin.get("/webhooks").await.body.contains("could not resolve"), "the log says why");
    // Only a global admin manages webhooks.
    assert_eq!(app.client(Caller::IncentivesAdmin).await.get("/webhooks").await.status, StatusCode::FORBIDDEN);
}
