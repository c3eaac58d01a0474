//! The org's users, managed by the global admin.

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_global_admin_sees_the_orgs_users_only() {
    let app = spawn_app().await;
    let page = app.person(Caller::GlobalAdmin).await.get("/users").await;
    assert_eq!(page.status, StatusCode::OK);
    for email in [Caller::GlobalAdmin.email(), Caller::IncentivesAdmin.email(), Caller::BillingAdmin.email()] {
        assert!(page.body.contains(email), "{email}");
    }
    assert!(!page.body.contains(Caller::OtherOrgAdmin.email()));
    assert!(!page.body.contains(Caller::Reviewer.email()));
}

/// Sets a password on the page behind a link, as the person would.
pub async fn set_password(client: &Client, link: &str, password: &str, confirm: &str) -> Page {
    let form = client.get(link).await;
    let token = csrf_in(&form.body).unwrap_or_default();
    let fields: Vec<(String, String)> = [("csrf_token", token.as_str()), ("password", password), ("password_confirm", confirm)]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    client.post_raw(link, &fields, &[]).await
}

#[tokio::test]
async fn an_invited_person_chooses_a_password_from_the_link_and_is_signed_in() {
    let app = spawn_app().await;
    let admin = app.person(Caller::GlobalAdmin).await;
    let response = admin.post_pairs("/users", &[("name", "Nina New"), ("email", "Nina@Fabrikam.test"), ("role", "incentives-admin")]).await;
    assert_eq!((response.status, response.location()), (StatusCode::SEE_OTHER, "/users?done=user-invited"));
    let list = admin.get("/users?done=user-invited").await.body;
    assert!(list.contains("The invitation was sent.") && list.contains("Nina New") && list.contains("nina@fabrikam.test"));
    assert_eq!(app.deliver_mail().await, 1);
    let link = link_in_mail(&app, "nina@fabrikam.test", "/invitations/").expect("the invitation e-mail");
    let stored: i64 = cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM outbox WHERE body_text LIKE '%' || $1 || '%'").bind(link.trim_start_matches("/invitations/")).fetch_one(pool).await).expect("count");
    assert_eq!(stored, 0, "the link's token is never stored");
    let nina = Client::new(&app);
    assert_eq!(set_password(&nina, &link, "amber kettle skyline", "amber kettle slyline").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(set_password(&nina, &link, "password1234", "password1234").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = set_password(&nina, &link, "amber kettle skyline", "amber kettle skyline").await;
    assert_eq!((done.status, done.location()), (StatusCode::SEE_OTHER, "/"));
    assert_eq!(nina.get("/claims/new").await.status, StatusCode::OK, "signed in as an incentives admin");
    assert_eq!(nina.get("/users").await.status, StatusCode::FORBIDDEN);
    assert_eq!(Client::new(&app).get(&link).await.status, StatusCode::NOT_FOUND, "a link works once");
    assert_eq!(Client::new(&app).sign_in("nina@fabrikam.test", "amber kettle skyline").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn invitations_expire_and_can_be_resent_and_revoked() {
    let app = spawn_app().await;
    let admin = app.person(Caller::GlobalAdmin).await;
    admin.post_pairs("/users", &[("name", "Olga Old"), ("email", "olga@fabrikam.test"), ("role", "billing-admin")]).await;
    app.deliver_mail().await;
    let first = link_in_mail(&app, "olga@fabrikam.test", "/invitations/").expect("first link");
    app.clock.advance(chrono::Duration::days(7) + chrono::Duration::seconds(1));
    assert_eq!(Client::new(&app).get(&first).await.status, StatusCode::NOT_FOUND, "expired after 7 days");
    let admin = app.person(Caller::GlobalAdmin).await;
    let id: i64 = cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, i64>("SELECT id FROM invitations").fetch_one(pool).await)
        .expect("id");
    assert_eq!(admin.post_pairs(&format!("/invitations/{id}/resend"), &[]).await.status, StatusCode::SEE_OTHER);
    app.deliver_mail().await;
    let second = links_in_mail(&app, "olga@fabrikam.test", "/invitations/").into_iter().find(|l| *l != first).expect("second link");
    assert_eq!(Client::new(&app).get(&second).await.status, StatusCode::OK, "the new link works");
    assert_eq!(admin.post_pairs(&format!("/invitations/{id}/revoke"), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(Client::new(&app).get(&second).await.status, StatusCode::NOT_FOUND, "revoked");
    let other = app.person(Caller::OtherOrgAdmin).await;
    assert_eq!(other.post_pairs(&format!("/invitations/{id}/resend"), &[]).await.status, StatusCode::NOT_FOUND, "another org's");
}

#[tokio::test]
async fn bad_new_users_are_explained_and_not_saved() {
    let app = spawn_app().await;
    let admin = app.person(Caller::GlobalAdmin).await;
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: [Case; 4] = [
        (
            &[("name", "X"), ("email", "billing@fabrikam.test"), ("role", "billing-admin"), ("password", "lantern quartz meadow")],
            "email",
            "This person already has an account in your organisation",
        ),
        (
            &[("name", "X"), ("email", "x@"), ("role", "billing-admin"), ("password", "lantern quartz meadow")],
            "email",
            "Enter an e-mail address",
        ),
        (
            &[("name", ""), ("email", "x@fabrikam.test"), ("role", "billing-admin"), ("password", "lantern quartz meadow")],
            "name",
            "Enter a value.",
        ),
        (
            &[("name", "X"), ("email", "x@fabrikam.test"), ("role", "reviewer"), ("password", "lantern quartz meadow")],
            "role",
            "Choose one of the options.",
        ),
    ];
    for (form, field, message) in cases {
        let response = admin.post_pairs("/users", form).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let at = response.body.find(&format!("id=\"error-{field}\"")).unwrap_or_else(|| panic!("error beside {field}"));
        assert!(response.body[at..].contains(message), "{field}: {message}");
    }
    assert_eq!(app.outbox().await.len(), 0, "nobody was invited");
}

#[tokio::test]
async fn roles_change_and_users_are_deactivated_and_reactivated() {
    let app = spawn_app().await;
    let admin = app.person(Caller::GlobalAdmin).await;
    let target = app.seed.billing_admin_a;
    let changed = admin.post_pairs(&format!("/users/{target}/role"), &[("role", "incentives-admin")]).await;
    assert_eq!(changed.location(), "/users?done=user-role-changed");
    let billing = app.person(Caller::BillingAdmin).await;
    assert_eq!(billing.get("/claims/new").await.status, StatusCode::OK, "now an incentives admin");
    let bad = admin.post_pairs(&format!("/users/{target}/role"), &[("role", "reviewer")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "a partner cannot be made a reviewer");
    admin.post(&format!("/users/{target}/deactivate"), &[]).await;
    assert_eq!(billing.get("/claims").await.status, StatusCode::SEE_OTHER, "signed out at once");
    assert!(admin.get("/users").await.body.contains("Deactivated"));
    admin.post(&format!("/users/{target}/reactivate"), &[]).await;
    assert_eq!(Client::new(&app).sign_in(Caller::BillingAdmin.email(), PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_global_admin_cannot_lock_themself_out() {
    let app = spawn_app().await;
    let admin = app.person(Caller::GlobalAdmin).await;
    let me = app.seed.global_admin_a;
    assert_eq!(admin.post(&format!("/users/{me}/deactivate"), &[]).await.status, StatusCode::CONFLICT);
    let demote = admin.post_pairs(&format!("/users/{me}/role"), &[("role", "billing-admin")]).await;
    assert_eq!(demote.status, StatusCode::CONFLICT);
    assert!(demote.body.contains("You cannot change your own role"));
    assert_eq!(admin.get("/users").await.status, StatusCode::OK);
}
