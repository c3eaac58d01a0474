use crate::helpers::*;
use crate::sign_in::{cookie_get, session_value};
use chrono::Duration;
use reqwest::StatusCode;

#[tokio::test]
async fn an_idle_session_ends_after_thirty_minutes() {
    let app = spawn_app().await;
    let client = app.person(Caller::GlobalAdmin).await;
    app.clock.advance(Duration::minutes(29));
    assert_eq!(client.get("/claims").await.status, StatusCode::OK, "29 idle minutes are fine");
    app.clock.advance(Duration::minutes(29));
    assert_eq!(client.get("/claims").await.status, StatusCode::OK, "activity restarted the idle clock");
    app.clock.advance(Duration::minutes(30) + Duration::seconds(1));
    let response = client.get("/claims").await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "30 idle minutes end the session");
    assert!(response.location().starts_with("/sign-in"));
}

#[tokio::test]
async fn a_busy_session_still_ends_twelve_hours_after_sign_in() {
    let app = spawn_app().await;
    let client = app.person(Caller::GlobalAdmin).await;
    for _ in 0..35 {
        app.clock.advance(Duration::minutes(20));
        assert_eq!(client.get("/claims").await.status, StatusCode::OK);
    }
    app.clock.advance(Duration::minutes(19));
    assert_eq!(client.get("/claims").await.status, StatusCode::OK, "11h 59m after sign-in: still in");
    app.clock.advance(Duration::minutes(1));
    assert_eq!(client.get("/claims").await.status, StatusCode::SEE_OTHER, "12 hours after sign-in");
}

#[tokio::test]
async fn timeouts_are_configurable() {
    let app = spawn_app_with(|s| s.session_idle_timeout = Duration::minutes(5)).await;
    let client = app.person(Caller::GlobalAdmin).await;
    app.clock.advance(Duration::minutes(5));
    assert_eq!(client.get("/claims").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn deactivating_a_user_ends_their_sessions_at_once() {
    let app = spawn_app().await;
    let victim = Client::new(&app);
    let token = session_value(&victim.sign_in(Caller::IncentivesAdmin.email(), PASSWORD).await);
    assert_eq!(cookie_get(&app, &token, "/claims").await, StatusCode::OK);
    let admin = app.person(Caller::GlobalAdmin).await;
    let response = admin.post(&format!("/users/{}/deactivate", app.seed.incentives_admin_a), &[]).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(cookie_get(&app, &token, "/claims").await, StatusCode::SEE_OTHER);
    let again = Client::new(&app).sign_in(Caller::IncentivesAdmin.email(), PASSWORD).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("The e-mail address or password is not correct."), "no hint that the account exists");
}

#[tokio::test]
async fn a_role_change_applies_on_the_next_request() {
    let app = spawn_app().await;
    let user = app.person(Caller::IncentivesAdmin).await;
    assert_eq!(user.get("/claims/new").await.status, StatusCode::OK);
    let admin = app.person(Caller::GlobalAdmin).await;
    admin.post_pairs(&format!("/users/{}/role", app.seed.incentives_admin_a), &[("role", "billing-admin")]).await;
    assert_eq!(user.get("/claims/new").await.status, StatusCode::FORBIDDEN);
    assert_eq!(user.post("/claims/new", &valid_claim_form()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.claim_count().await, 0);
}

#[tokio::test]
async fn five_failures_lock_the_account_for_the_window() {
    let app = spawn_app().await;
    let client = Client::new(&app);
    for _ in 0..5 {
        assert_eq!(client.sign_in(Caller::GlobalAdmin.email(), "wrong").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let locked = client.sign_in(Caller::GlobalAdmin.email(), PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert!(locked.body.contains("Too many failed sign-ins"));
    assert!(locked.headers.contains_key("retry-after"));
    let unknown = Client::new(&app);
    for _ in 0..5 {
        unknown.sign_in("ghost@fabrikam.test", "wrong").await;
    }
    assert_eq!(
        unknown.sign_in("ghost@fabrikam.test", "wrong").await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "unknown accounts are throttled alike, so throttling reveals nothing"
    );
    app.clock.advance(Duration::minutes(15) + Duration::seconds(1));
    assert_eq!(client.sign_in(Caller::GlobalAdmin.email(), PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_success_does_not_forgive_recent_failures() {
    let app = spawn_app().await;
    let client = Client::new(&app);
    for _ in 0..4 {
        client.sign_in(Caller::GlobalAdmin.email(), "wrong").await;
    }
    assert_eq!(client.sign_in(Caller::GlobalAdmin.email(), PASSWORD).await.status, StatusCode::SEE_OTHER, "the right password");
    // Had the success wiped the four failures, a guesser who also knows one success could go on.
    assert_eq!(client.sign_in(Caller::GlobalAdmin.email(), "wrong").await.status, StatusCode::UNPROCESSABLE_ENTITY, "the fifth failure");
    assert_eq!(client.sign_in(Caller::GlobalAdmin.email(), PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS, "locked for the window");
    app.clock.advance(Duration::minutes(15) + Duration::seconds(1));
    assert_eq!(client.sign_in(Caller::GlobalAdmin.email(), PASSWORD).await.status, StatusCode::SEE_OTHER, "the window ends");
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_throttled() {
    let app = spawn_app().await;
    let client = Client::new(&app);
    for i in 0..20 {
        client.sign_in(&format!("guess{i}@fabrikam.test"), "wrong").await;
    }
    let response = client.sign_in(Caller::BillingAdmin.email(), PASSWORD).await;
    assert_eq!(response.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_signed_in_page_says_the_database_is_unreachable_when_it_is() {
    let app = spawn_app().await;
    let client = app.person(Caller::GlobalAdmin).await;
    app.db.close().await;
    let page = client.get("/claims").await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "loading the session needs the database");
    assert!(page.body.contains("cannot reach its database"), "the translated page, not a bare 500: {}", page.body);
    assert_eq!(page.headers.get("x-content-type-options").and_then(|v| v.to_str().ok()), Some("nosniff"));
    assert!(page.headers.get("set-cookie").is_none(), "the session cookie is left alone");
}
