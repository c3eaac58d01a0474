//! Two-step verification: a reviewer required to use it sets it up with an authenticator code,
//! signs in with a code (each works once) and, once, with a recovery code; turning it off and an
//! operator's reset.

use crate::helpers::*;
use chrono::Duration;
use cpor_portal::domain::role::Role;
use cpor_portal::domain::two_step::code_at;
use reqwest::StatusCode;

/// The secret an authenticator would read from the set-up page.
fn secret_on(page: &str) -> Vec<u8> {
    let start = page.find("class=\"mono secret\">").expect("the secret as text") + "class=\"mono secret\">".len();
    let text: String = page[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    totp_rs::Secret::try_from_base32(&text).expect("base32").as_ref().to_vec()
}

fn now(app: &TestApp) -> u64 {
    app.clock.now().timestamp() as u64
}

/// Signs in with the password; returns the client, waiting for its code.
async fn password_step(app: &TestApp, email: &str) -> Client {
    let client = Client::new(app);
    let response = client.sign_in(email, PASSWORD).await;
    assert_eq!((response.status, response.location()), (StatusCode::SEE_OTHER, "/sign-in/code"));
    client.refresh_csrf().await;
    client
}

async fn set_up(app: &TestApp, reviewer: &Client) -> (Vec<u8>, Vec<String>) {
    let page = reviewer.get("/account/two-step").await.body;
    assert!(page.contains("<svg"), "a QR code rendered on the server");
    let secret = secret_on(&page);
    let wrong = reviewer.post_pairs("/account/two-step", &[("code", "000000")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = reviewer.post_pairs("/account/two-step", &[("code", &code_at(&secret, now(app)))]).await;
    assert_eq!(done.status, StatusCode::OK);
    let codes: Vec<String> = done
        .body
        .split("<li>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap_or("").to_string())
        .filter(|s| s.len() == 19 && s.matches('-').count() == 3)
        .collect();
    assert_eq!(codes.len(), 10, "ten recovery codes, shown once");
    (secret, codes)
}

#[tokio::test]
async fn a_required_reviewer_sets_it_up_and_signs_in_with_codes_and_once_with_a_recovery_code() {
    let app = spawn_app_with(|s| s.require_two_step_for = vec![Role::Reviewer]).await;
    let reviewer = app.client(Caller::Reviewer).await;
    let sent = reviewer.get("/review").await;
    assert_eq!((sent.status, sent.location()), (StatusCode::SEE_OTHER, "/account/two-step"), "set it up before anything else");
    let (secret, codes) = set_up(&app, &reviewer).await;
    assert_eq!(reviewer.get("/review").await.status, StatusCode::OK);
    assert!(!reviewer.get("/account/two-step").await.body.contains(&codes[0]), "the codes are shown once");

    // Signing in takes the password, then a code; a code works once.
    let client = password_step(&app, Caller::Reviewer.email()).await;
    assert_eq!(client.get("/review").await.status, StatusCode::SEE_OTHER, "not signed in after the password alone");
    let used = client.post_pairs("/sign-in/code", &[("code", &code_at(&secret, now(&app)))]).await;
    assert_eq!(used.status, StatusCode::UNPROCESSABLE_ENTITY, "the code that turned it on was used");
    app.clock.advance(Duration::seconds(30));
    let fresh = client.post_pairs("/sign-in/code", &[("code", &code_at(&secret, now(&app)))]).await;
    assert_eq!((fresh.status, fresh.location()), (StatusCode::SEE_OTHER, "/"));
    assert_eq!(client.get("/review").await.status, StatusCode::OK);

    // A recovery code signs in once, and the person is told.
    let client = password_step(&app, Caller::Reviewer.email()).await;
    let recovered = client.post_pairs("/sign-in/code", &[("code", &codes[3].to_uppercase())]).await;
    assert_eq!(recovered.status, StatusCode::SEE_OTHER);
    assert!(app.outbox().await.iter().any(|(kind, to)| kind == "recovery-code-used" && to == Caller::Reviewer.email()));
    let again = password_step(&app, Caller::Reviewer.email()).await;
    assert_eq!(again.post_pairs("/sign-in/code", &[("code", &codes[3])]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn codes_are_throttled_like_passwords() {
    let app = spawn_app().await;
    let reviewer = app.client(Caller::Reviewer).await;
    let (secret, _) = set_up(&app, &reviewer).await;
    let client = password_step(&app, Caller::Reviewer.email()).await;
    for _ in 0..5 {
        assert_eq!(client.post_pairs("/sign-in/code", &[("code", "123456")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    app.clock.advance(Duration::seconds(30));
    let right = client.post_pairs("/sign-in/code", &[("code", &code_at(&secret, now(&app)))]).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "locked for the window");
}

#[tokio::test]
async fn turning_it_off_needs_the_password_and_an_operator_can_reset_it() {
    let app = spawn_app().await;
    let admin = app.client(Caller::GlobalAdmin).await;
    set_up(&app, &admin).await;
    let wrong = admin.post_pairs("/account/two-step/disable", &[("current_password", "not it")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let off = admin.post_pairs("/account/two-step/disable", &[("current_password", PASSWORD)]).await;
    assert_eq!((off.status, off.location()), (StatusCode::SEE_OTHER, "/account?done=two-step-off"));
    assert!(app.outbox().await.iter().any(|(kind, _)| kind == "two-step-off"), "told by e-mail");
    assert_eq!(Client::new(&app).sign_in(Caller::GlobalAdmin.email(), PASSWORD).await.location(), "/", "the password alone again");

    set_up(&app, &admin).await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cpor"))
        .args(["user", "reset-mfa", "--email", Caller::GlobalAdmin.email()])
        .env("CPOR_DATA_DIR", app.data_dir.path())
        .env("CPOR_DATABASE_URL", crate::cli::database_url(&app))
        .output()
        .expect("cpor user reset-mfa");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(admin.get("/claims").await.status, StatusCode::SEE_OTHER, "their sessions ended");
    assert_eq!(Client::new(&app).sign_in(Caller::GlobalAdmin.email(), PASSWORD).await.location(), "/");
}
