use crate::helpers::*;
use reqwest::StatusCode;

fn assert_security_headers(page: &Page, what: &str) {
    let csp = page.headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{what}: {csp}");
    assert_eq!(page.headers.get("x-content-type-options").and_then(|v| v.to_str().ok()), Some("nosniff"), "{what}");
    assert!(page.headers.contains_key("referrer-policy"), "{what}");
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let anonymous = Client::new(&app);
    let admin = app.person(Caller::BillingAdmin).await;
    assert_security_headers(&anonymous.get("/sign-in").await, "sign-in page");
    assert_security_headers(&anonymous.get("/claims").await, "redirect");
    assert_security_headers(&anonymous.get("/static/style.css").await, "stylesheet");
    let missing = admin.get("/nowhere").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_security_headers(&missing, "404");
    let forbidden = admin.get("/claims/new").await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_security_headers(&forbidden, "403");
    let refused = admin.post_raw("/claims/new", &[], &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_security_headers(&refused, "CSRF refusal");
}

#[tokio::test]
async fn error_pages_are_pages_in_the_portal() {
    let app = spawn_app().await;
    let admin = app.person(Caller::GlobalAdmin).await;
    let missing = admin.get("/nowhere").await;
    assert!(missing.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").starts_with("text/html"));
    assert!(missing.body.contains("<h1>Page not found</h1>"));
    assert!(missing.body.contains("Grace Admin"), "the page still shows who is signed in");
    let bad_query = admin.get("/users?done=%ZZ").await;
    assert!(bad_query.status.is_client_error() || bad_query.status.is_success());
    assert!(bad_query.body.contains("<html"));
}

#[tokio::test]
async fn the_health_check_answers() {
    let app = spawn_app().await;
    let page = Client::new(&app).get("/health").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body, "ok");
}
