use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn a_partner_signs_in_and_lands_on_the_dashboard() {
    let app = spawn_app().await;
    let client = Client::new(&app);
    let response = client.sign_in(Caller::GlobalAdmin.email(), PASSWORD).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), "/");
    let home = client.get("/").await;
    assert_eq!(home.location(), "/claims");
    let dashboard = client.get("/claims").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains("<h1>Customer associations</h1>"));
    assert!(dashboard.body.contains("Grace Admin"));
}

#[tokio::test]
async fn a_reviewer_lands_on_the_review_queue() {
    let app = spawn_app().await;
    let client = app.person(Caller::Reviewer).await;
    assert_eq!(client.get("/").await.location(), "/review");
    let queue = client.get("/review").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains("<h1>Review queue</h1>"));
}

#[tokio::test]
async fn unknown_accounts_and_wrong_passwords_get_the_same_answer() {
    let app = spawn_app().await;
    let client = Client::new(&app);
    let wrong = client.sign_in(Caller::GlobalAdmin.email(), "not the password").await;
    let unknown = client.sign_in("nobody@fabrikam.test", PASSWORD).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.status, wrong.status);
    assert!(wrong.body.contains("The e-mail address or password is not correct."));
    assert!(unknown.body.contains("The e-mail address or password is not correct."));
    assert!(wrong.headers.get("set-cookie").is_none_or(|c| !c.to_str().unwrap_or("").starts_with("cpor_session=")));
    assert_eq!(client.get("/claims").await.status, StatusCode::SEE_OTHER, "still signed out");
}

#[tokio::test]
async fn the_typed_email_is_kept_and_case_does_not_matter() {
    let app = spawn_app().await;
    let client = Client::new(&app);
    let wrong = client.sign_in("Admin@Fabrikam.TEST", "nope").await;
    assert!(wrong.body.contains("value=\"Admin@Fabrikam.TEST\""));
    assert_eq!(client.sign_in("Admin@Fabrikam.TEST", PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_empty_form_asks_for_both_fields() {
    let app = spawn_app().await;
    let client = Client::new(&app);
    let response = client.sign_in("", "").await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Enter your e-mail address and password."));
}

#[tokio::test]
async fn sign_out_ends_the_session_for_good() {
    let app = spawn_app().await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let cookie = client.get("/claims").await;
    assert_eq!(cookie.status, StatusCode::OK);
    let out = client.post("/sign-out", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location(), "/sign-in?signed_out=1");
    assert!(client.get("/sign-in?signed_out=1").await.body.contains("You have signed out."));
    assert_eq!(client.get("/claims").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_stolen_cookie_is_useless_after_sign_out() {
    let app = spawn_app().await;
    let client = Client::new(&app);
    let token = session_value(&client.sign_in(Caller::GlobalAdmin.email(), PASSWORD).await);
    client.refresh_csrf().await;
    assert_eq!(cookie_get(&app, &token, "/claims").await, StatusCode::OK, "the cookie works while signed in");
    client.post("/sign-out", &[]).await;
    assert_eq!(cookie_get(&app, &token, "/claims").await, StatusCode::SEE_OTHER);
}

/// GETs `path` with nothing but the given session token.
pub async fn cookie_get(app: &TestApp, token: &str, path: &str) -> StatusCode {
    let bare = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    bare.get(app.url(path)).header("cookie", format!("cpor_session={token}")).send().await.expect("GET").status()
}

/// The session token set by a sign-in response.
pub fn session_value(response: &Page) -> String {
    response
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("cpor_session="))
        .map(|c| c.split(';').next().unwrap_or("").to_string())
        .expect("a session cookie")
}

#[tokio::test]
async fn signing_in_renews_the_session_id() {
    let app = spawn_app().await;
    let client = Client::new(&app);
    let first = session_value(&client.sign_in(Caller::GlobalAdmin.email(), PASSWORD).await);
    let second = session_value(&client.sign_in(Caller::GlobalAdmin.email(), PASSWORD).await);
    assert_ne!(first, second);
    assert_eq!(cookie_get(&app, &first, "/claims").await, StatusCode::SEE_OTHER, "the session from before is gone");
    assert_eq!(cookie_get(&app, &second, "/claims").await, StatusCode::OK);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_lax_and_secure_behind_https() {
    let app = spawn_app().await;
    let response = Client::new(&app).sign_in(Caller::GlobalAdmin.email(), PASSWORD).await;
    let cookie = set_cookie(&response, "cpor_session=");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), "{cookie}");

    let https = spawn_app_with(|s| s.public_url = Some("https://cpor.example".into())).await;
    let response = Client::new(&https).sign_in(Caller::GlobalAdmin.email(), PASSWORD).await;
    assert!(set_cookie(&response, "cpor_session=").contains("Secure"));
}

fn set_cookie(response: &Page, prefix: &str) -> String {
    response
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(prefix))
        .expect("cookie")
        .to_string()
}

#[tokio::test]
async fn after_sign_in_only_local_paths_are_followed() {
    let app = spawn_app().await;
    for (next, expected) in [("/claims?status=editing", "/claims?status=editing"), ("//evil.test/x", "/"), ("https://evil.test", "/")] {
        let client = Client::new(&app);
        let form = client.get(&format!("/sign-in?next={}", urlencode(next))).await;
        let token = csrf_in(&form.body).unwrap_or_default();
        let fields: Vec<(String, String)> =
            [("csrf_token", token.as_str()), ("email", Caller::GlobalAdmin.email()), ("password", PASSWORD), ("next", next)]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        assert_eq!(client.post_raw("/sign-in", &fields, &[]).await.location(), expected, "{next}");
    }
}

#[tokio::test]
async fn a_protected_page_sends_anonymous_visitors_to_sign_in_and_back() {
    let app = spawn_app().await;
    let client = Client::new(&app);
    let response = client.get("/claims?status=editing").await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), "/sign-in?next=%2Fclaims%3Fstatus%3Dediting");
    let form = client.get(response.location()).await;
    assert!(form.body.contains("name=\"next\" value=\"/claims?status=editing\""));
}

pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).expect("encode").trim_start_matches("x=").to_string()
}
