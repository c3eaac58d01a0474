use crate::helpers::*;
use reqwest::StatusCode;

fn without_token(form: &[(String, String)]) -> Vec<(String, String)> {
    form.iter().filter(|(k, _)| k != "csrf_token").cloned().collect()
}

#[tokio::test]
async fn a_post_without_a_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let client = app.client(Caller::IncentivesAdmin).await;
    let response = client.post_raw("/claims/new", &without_token(&valid_claim_form()), &[]).await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert!(response.body.contains("This form has expired or did not come from this site"));
    assert_eq!(app.claim_count().await, 0);
}

#[tokio::test]
async fn a_wrong_or_another_sessions_token_is_refused() {
    let app = spawn_app().await;
    let client = app.client(Caller::IncentivesAdmin).await;
    let other = app.client(Caller::GlobalAdmin).await;
    for token in ["0".repeat(64), other.csrf(), String::new()] {
        let mut form = valid_claim_form();
        form.push(("csrf_token".into(), token));
        assert_eq!(client.post_raw("/claims/new", &form, &[]).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.claim_count().await, 0);
}

#[tokio::test]
async fn a_cross_site_post_is_refused_even_with_the_token() {
    let app = spawn_app().await;
    let client = app.client(Caller::IncentivesAdmin).await;
    let mut form = valid_claim_form();
    form.push(("csrf_token".into(), client.csrf()));
    let evil = client.post_raw("/claims/new", &form, &[("origin", "https://evil.test")]).await;
    assert_eq!(evil.status, StatusCode::FORBIDDEN);
    let cross = client.post_raw("/claims/new", &form, &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    assert_eq!(app.claim_count().await, 0);
    let same = client.post_raw("/claims/new", &form, &[("origin", &app.address), ("sec-fetch-site", "same-origin")]).await;
    assert_eq!(same.status, StatusCode::SEE_OTHER, "the same form from the portal itself works");
    assert_eq!(app.claim_count().await, 1);
}

#[tokio::test]
async fn the_sign_in_form_needs_its_token_too() {
    let app = spawn_app().await;
    let client = Client::new(&app);
    client.get("/sign-in").await;
    let fields: Vec<(String, String)> =
        [("email", Caller::GlobalAdmin.email()), ("password", PASSWORD)].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(client.post_raw("/sign-in", &fields, &[]).await.status, StatusCode::FORBIDDEN);
    let bare = reqwest::Client::new();
    let status = bare.post(app.url("/sign-in")).form(&[("csrf_token", "a".repeat(64))]).send().await.expect("POST").status();
    assert_eq!(status, StatusCode::FORBIDDEN, "a token without its cookie is refused");
}

#[tokio::test]
async fn every_state_changing_route_refuses_a_missing_token() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let admin = app.client(Caller::GlobalAdmin).await;
    let target = app.seed.billing_admin_a;
    let routes = [
        "/sign-out".to_string(),
        "/claims/new".into(),
        format!("/claims/{claim}/edit"),
        format!("/claims/{claim}/delete"),
        "/users".into(),
        format!("/users/{target}/role"),
        format!("/users/{target}/deactivate"),
        format!("/users/{target}/reactivate"),
    ];
    for route in routes {
        let response = admin.post_raw(&route, &[("role".into(), "global-admin".into())], &[]).await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{route}");
    }
    assert_eq!(app.claim_count().await, 1);
    assert_eq!(admin.get("/claims").await.status, StatusCode::OK, "still signed in");
    let users = admin.get("/users").await.body;
    assert!(!users.contains("Deactivated"), "nobody was deactivated");
}

#[tokio::test]
async fn get_requests_change_nothing() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let admin = app.client(Caller::GlobalAdmin).await;
    let confirm = admin.get(&format!("/claims/{claim}/delete")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("Delete this claim"));
    for path in ["/sign-out".to_string(), format!("/users/{}/deactivate", app.seed.billing_admin_a)] {
        let status = admin.get(&path).await.status;
        assert!(status == StatusCode::NOT_FOUND || status == StatusCode::METHOD_NOT_ALLOWED, "{path}: {status}");
    }
    assert_eq!(app.claim_count().await, 1);
    assert_eq!(admin.get("/claims").await.status, StatusCode::OK);
}
