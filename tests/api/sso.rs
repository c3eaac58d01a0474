//! Single sign-on with a real OpenID Connect provider: oidc-provider from the npm registry, run by
//! `tests/oidc/provider.mjs` on a loopback port (its packages installed by the test command). The
//! partner signs in through it, matched by the ID token's verified e-mail; an unknown or
//! unverified address is refused.

use crate::helpers::*;
use cpor_portal::config::SsoSettings;
use reqwest::StatusCode;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const CLIENT_ID: &str = "cpor-portal";
const CLIENT_SECRET: &str = "a-client-secret-for-the-tests-only";

struct Provider {
    child: Child,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// Starts the provider and waits until it listens.
fn start_provider(port: u16, redirect: &str) -> Provider {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc");
    assert!(dir.join("node_modules/oidc-provider").is_dir(), "run `npm ci` in tests/oidc (the test command does)");
    let mut child = Command::new("node")
        .arg("provider.mjs")
        .current_dir(&dir)
        .env("PORT", port.to_string())
        .env("CLIENT_ID", CLIENT_ID)
        .env("CLIENT_SECRET", CLIENT_SECRET)
        .env("REDIRECT_URI", redirect)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let listening = lines.by_ref().map_while(Result::ok).any(|line| line.contains("listening"));
    assert!(listening, "the provider started");
    // Keep reading what it prints: a closed pipe would end it at its next notice.
    std::thread::spawn(move || lines.map_while(Result::ok).for_each(drop));
    Provider { child }
}

/// The portal with single sign-on, and its provider.
async fn with_provider() -> (TestApp, Provider) {
    let port = free_port();
    let issuer = format!("http://127.0.0.1:{port}");
    let app = spawn_app_with(|s| {
        s.sso = Some(SsoSettings { issuer, client_id: CLIENT_ID.into(), client_secret: CLIENT_SECRET.into() });
    })
    .await;
    let provider = start_provider(port, &app.url("/sign-in/sso/callback"));
    (app, provider)
}

/// Follows redirects by hand (the client follows none) until a page answers, or the portal's
/// callback is reached.
async fn follow(client: &Client, mut location: String, stop_at: &str) -> (StatusCode, String, String) {
    for _ in 0..10 {
        if location.starts_with(stop_at) {
            return (StatusCode::SEE_OTHER, location, String::new());
        }
        let response = client.http.get(&location).send().await.expect("GET");
        let status = response.status();
        let next = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let body = response.text().await.unwrap_or_default();
        match next {
            // A Location may be relative to the page that sent it.
            Some(next) if status.is_redirection() => {
                location = reqwest::Url::parse(&location).and_then(|u| u.join(&next)).expect("url").to_string()
            }
            _ => return (status, location, body),
        }
    }
    panic!("too many redirects");
}

/// Signs in at the provider as `login`; returns where the portal's callback sends the browser.
async fn through_provider(app: &TestApp, client: &Client, login: &str) -> Page {
    let start = client.get("/sign-in/sso").await;
    assert_eq!(start.status, StatusCode::SEE_OTHER);
    assert!(start.location().contains("code_challenge=") && start.location().contains("nonce="), "PKCE and a nonce");
    let (status, interaction, form) = follow(client, start.location().to_owned(), &app.address).await;
    assert_eq!(status, StatusCode::OK, "the provider's login form");
    assert!(form.contains("name=\"login\""));
    let response = client
        .http
        .post(&interaction)
        .form(&[("prompt", "login"), ("login", login), ("password", "anything")])
        .send()
        .await
        .expect("login");
    let next = response.headers().get("location").and_then(|v| v.to_str().ok()).expect("after login");
    let next = reqwest::Url::parse(&interaction).and_then(|u| u.join(next)).expect("url").to_string();
    let (_, callback, _) = follow(client, next, &app.address).await;
    let path = callback.trim_start_matches(&app.address).to_owned();
    client.get(&path).await
}

#[tokio::test]
async fn a_partner_signs_in_through_the_identity_provider() {
    let (app, _provider) = with_provider().await;
    let client = Client::new(&app);
    assert!(client.get("/sign-in").await.body.contains("Sign in with single sign-on"));
    let back = through_provider(&app, &client, Caller::IncentivesAdmin.email()).await;
    assert_eq!((back.status, back.location()), (StatusCode::SEE_OTHER, "/"), "{}", back.body);
    assert_eq!(client.get("/claims").await.status, StatusCode::OK, "signed in");
    let replay = client.get("/sign-in/sso/callback?code=x&state=y").await;
    assert_eq!(replay.status, StatusCode::FORBIDDEN, "a callback without its flow is refused");
}

#[tokio::test]
async fn unknown_and_unverified_addresses_are_refused() {
    let (app, _provider) = with_provider().await;
    let stranger = through_provider(&app, &Client::new(&app), "nobody@elsewhere.test").await;
    assert_eq!(stranger.status, StatusCode::FORBIDDEN);
    assert!(stranger.body.contains("no active account"), "{}", stranger.body);
    let unverified = through_provider(&app, &Client::new(&app), "unverified@fabrikam.test").await;
    assert_eq!(unverified.status, StatusCode::FORBIDDEN);
    assert!(unverified.body.contains("did not confirm that your e-mail address is verified"), "{}", unverified.body);
}
