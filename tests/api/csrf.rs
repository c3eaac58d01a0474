use crate::helpers::*;
use reqwest::StatusCode;

fn without_token(form: &[(String, String)]) -> Vec<(String, String)> {
    form.iter().filter(|(k, _)| k != "csrf_token").cloned().collect()
}

#[tokio::test]
async fn a_post_without_a_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let response = client.post_raw("/claims/new", &without_token(&valid_claim_form()), &[]).await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert!(response.body.contains("This form has expired or did not come from this site"));
    assert_eq!(app.claim_count().await, 0);
}

#[tokio::test]
async fn a_wrong_or_another_sessions_token_is_refused() {
    let app = spawn_app().await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let other = app.person(Caller::GlobalAdmin).await;
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
    let client = app.person(Caller::IncentivesAdmin).await;
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

/// Every POST route the pages declare (`#[post("...")]` in `src/web`), read from the source so
/// that a new route is covered the day it is added. The JSON API (`src/web/api`) takes bearer
/// tokens and no cookie, so no CSRF token: `api_v1.rs` covers its callers.
fn post_routes() -> Vec<String> {
    fn walk(dir: &std::path::Path, routes: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() && !path.ends_with("api") {
                walk(&path, routes);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read");
                routes.extend(text.split("#[post(\"").skip(1).filter_map(|rest| rest.split('"').next().map(str::to_owned)));
            }
        }
    }
    let mut routes = Vec::new();
    walk(std::path::Path::new("src/web"), &mut routes);
    routes.sort();
    // A segment of alternatives (`{switch:(deactivate|reactivate)}`) stands for each of them.
    routes
        .into_iter()
        .flat_map(|route| match route.split_once(":(") {
            Some((head, rest)) => {
                let (choices, tail) = rest.split_once(")}").expect("a closed pattern");
                let head = &head[..head.rfind('{').expect("an open pattern")];
                choices.split('|').map(|c| format!("{head}{c}{tail}")).collect()
            }
            None => vec![route],
        })
        .collect()
}

#[tokio::test]
async fn every_state_changing_route_refuses_a_missing_token() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let admin = app.person(Caller::GlobalAdmin).await;
    crate::poe::upload(&admin, &claim, &[("a.pdf", crate::files::pdf(), "")]).await;
    let file: i64 =
        cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM poe_files").fetch_one(pool).await).expect("file");
    let routes = post_routes();
    assert!(routes.len() >= 20, "the routes were found: {routes:?}");
    let db = app.db.clone();
    let count = async |sql: &'static str| {
        cpor_portal::with_db!(&db, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).expect("count")
    };
    let before = (count("SELECT COUNT(*) FROM claim_history").await, count("SELECT COUNT(*) FROM users WHERE active").await);
    for route in &routes {
        let numeric =
            ["/users/", "/invitations/", "/admin/", "/review/", "/api-tokens/", "/webhooks/"].iter().any(|p| route.starts_with(p));
        let id = if numeric { app.seed.billing_admin_a.to_string() } else { claim.clone() };
        let path = route
            .replace("{id}", &id)
            .replace("{file}", &file.to_string())
            .replace("{token}", &"a".repeat(64))
            .replace("{invitation}", "1")
            .replace("{day}", "2026-12-24");
        let fields =
            [("role", "global-admin"), ("revision", "1"), ("comment", "hello"), ("lang", "de"), ("email", Caller::GlobalAdmin.email())];
        let fields: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let status = if path.ends_with("/poe") || path == "/claims/import" {
            // The uploads are multipart: a file without the token.
            let part = reqwest::multipart::Part::bytes(crate::files::pdf()).file_name("b.pdf");
            let field = if path == "/claims/import" { "file" } else { "file-1" };
            let form = reqwest::multipart::Form::new().part(field, part);
            admin.http.post(app.url(&path)).multipart(form).send().await.expect("upload").status()
        } else {
            admin.post_raw(&path, &fields, &[]).await.status
        };
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(app.claim_count().await, 1);
    let after = (count("SELECT COUNT(*) FROM claim_history").await, count("SELECT COUNT(*) FROM users WHERE active").await);
    assert_eq!(before, after, "no history entry, no user changed");
    assert_eq!(admin.get("/claims").await.status, StatusCode::OK, "still signed in");
    assert!(admin.get(&format!("/claims/{claim}")).await.body.contains("<html lang=\"en\">"), "the language did not change");
}

#[tokio::test]
async fn get_requests_change_nothing() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let admin = app.person(Caller::GlobalAdmin).await;
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
