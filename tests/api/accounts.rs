//! Accounts for real people: resetting a forgotten password from an e-mailed link, changing it,
//! seeing one's sessions and signing out everywhere else, and inviting from the command line.

use crate::helpers::*;
use crate::users::set_password;
use chrono::Duration;
use reqwest::StatusCode;

const NEW_PASSWORD: &str = "violet harbour engine lantern";

async fn ask_for_reset(app: &TestApp, email: &str) -> Page {
    let client = Client::new(app);
    let form = client.get("/password/forgot").await;
    let token = csrf_in(&form.body).unwrap_or_default();
    let fields = vec![("csrf_token".to_string(), token), ("email".to_string(), email.to_string())];
    client.post_raw("/password/forgot", &fields, &[]).await
}

#[tokio::test]
async fn a_forgotten_password_is_reset_from_the_link_once_and_every_session_ends() {
    let app = spawn_app().await;
    let elsewhere = app.person(Caller::IncentivesAdmin).await;
    let known = ask_for_reset(&app, Caller::IncentivesAdmin.email()).await;
    let unknown = ask_for_reset(&app, "nobody@fabrikam.test").await;
    assert_eq!((known.status, unknown.status), (StatusCode::OK, StatusCode::OK));
    let answer = |page: &Page| page.body.split("<main").nth(1).unwrap_or_default().to_owned();
    assert_eq!(answer(&known), answer(&unknown), "the same answer whether or not the account exists");
    assert_eq!(app.deliver_mail().await, 1, "one e-mail, to the account that exists");
    let link = link_in_mail(&app, Caller::IncentivesAdmin.email(), "/password/reset/").expect("the reset e-mail");
    let person = Client::new(&app);
    assert_eq!(set_password(&person, &link, "password1234", "password1234").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = set_password(&person, &link, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!((done.status, done.location()), (StatusCode::SEE_OTHER, "/sign-in?password_changed=1"));
    assert_eq!(Client::new(&app).get(&link).await.status, StatusCode::NOT_FOUND, "a link works once");
    assert_eq!(elsewhere.get("/claims").await.status, StatusCode::SEE_OTHER, "every session ended");
    assert_eq!(Client::new(&app).sign_in(Caller::IncentivesAdmin.email(), PASSWORD).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(Client::new(&app).sign_in(Caller::IncentivesAdmin.email(), NEW_PASSWORD).await.status, StatusCode::SEE_OTHER);
    app.deliver_mail().await;
    assert!(
        app.outbox().await.iter().any(|(kind, to)| kind == "password-changed" && to == Caller::IncentivesAdmin.email()),
        "told by e-mail"
    );
}

#[tokio::test]
async fn a_reset_link_expires_after_an_hour_and_requests_are_throttled() {
    let app = spawn_app().await;
    ask_for_reset(&app, Caller::BillingAdmin.email()).await;
    app.deliver_mail().await;
    let link = link_in_mail(&app, Caller::BillingAdmin.email(), "/password/reset/").expect("the reset e-mail");
    app.clock.advance(Duration::minutes(60) + Duration::seconds(1));
    assert_eq!(Client::new(&app).get(&link).await.status, StatusCode::NOT_FOUND, "expired");
    for _ in 0..8 {
        ask_for_reset(&app, Caller::GlobalAdmin.email()).await;
    }
    let queued = app.outbox().await.iter().filter(|(_, to)| to == Caller::GlobalAdmin.email()).count();
    assert_eq!(queued as i64, app.state.settings.sign_in_throttle.per_account, "no mailbox can be flooded");
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = spawn_app().await;
    let here = app.person(Caller::GlobalAdmin).await;
    let there = app.person(Caller::GlobalAdmin).await;
    let change = |current: &'static str, new: &'static str, again: &'static str| {
        [("current_password", current), ("password", new), ("password_confirm", again)]
    };
    let wrong = here.post_pairs("/account/password", &change("not my password", NEW_PASSWORD, NEW_PASSWORD)).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("This is not your current password."));
    let mismatch = here.post_pairs("/account/password", &change(PASSWORD, NEW_PASSWORD, "something else entirely")).await;
    assert!(mismatch.body.contains("The two passwords differ."));
    let done = here.post_pairs("/account/password", &change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD)).await;
    assert_eq!((done.status, done.location()), (StatusCode::SEE_OTHER, "/account?done=password-changed"));
    assert_eq!(here.get("/claims").await.status, StatusCode::OK, "this session stays");
    assert_eq!(there.get("/claims").await.status, StatusCode::SEE_OTHER, "the other ended");
    assert!(app.outbox().await.iter().any(|(kind, _)| kind == "password-changed"));
}

#[tokio::test]
async fn your_sessions_are_listed_and_can_be_signed_out_everywhere_else() {
    let app = spawn_app().await;
    let here = app.person(Caller::BillingAdmin).await;
    let there = app.person(Caller::BillingAdmin).await;
    let page = here.get("/account").await.body;
    assert_eq!(page.matches("127.0.0.1").count(), 2, "two sessions, with their address");
    assert!(page.contains("This session"));
    assert_eq!(here.post_pairs("/account/sessions/end-others", &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(there.get("/claims").await.status, StatusCode::SEE_OTHER, "signed out there");
    assert_eq!(here.get("/claims").await.status, StatusCode::OK, "still signed in here");
    assert_eq!(here.get("/account").await.body.matches("127.0.0.1").count(), 1);
}

#[tokio::test]
async fn operators_invite_from_the_command_line() {
    let app = spawn_app().await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cpor"))
        .args(["user", "invite", "--email", "Rita@CPOR.test", "--name", "Rita Reviewer", "--role", "reviewer"])
        .env("CPOR_DATA_DIR", app.data_dir.path())
        .env("CPOR_DATABASE_URL", crate::cli::database_url(&app))
        .env("CPOR_PUBLIC_URL", &app.address)
        .env_remove("CPOR_SMTP_URL")
        .output()
        .expect("cpor user invite");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("sent to rita@cpor.test"));
    let link = link_in_mail(&app, "rita@cpor.test", "/invitations/").expect("the invitation e-mail");
    let rita = Client::new(&app);
    assert_eq!(set_password(&rita, &link, NEW_PASSWORD, NEW_PASSWORD).await.status, StatusCode::SEE_OTHER);
    assert_eq!(rita.get("/review").await.status, StatusCode::OK, "a reviewer, signed in");
}
