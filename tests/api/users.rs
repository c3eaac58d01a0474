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

#[tokio::test]
async fn an_added_user_can_sign_in_with_the_initial_password() {
    let app = spawn_app().await;
    let admin = app.person(Caller::GlobalAdmin).await;
    let response = admin
        .post_pairs(
            "/users",
            &[("name", "Nina New"), ("email", "Nina@Fabrikam.test"), ("role", "incentives-admin"), ("password", "amber kettle skyline")],
        )
        .await;
    assert_eq!((response.status, response.location()), (StatusCode::SEE_OTHER, "/users?done=user-added"));
    let list = admin.get("/users?done=user-added").await.body;
    assert!(list.contains("The user was added.") && list.contains("Nina New") && list.contains("nina@fabrikam.test"));
    let nina = Client::new(&app);
    assert_eq!(nina.sign_in("nina@fabrikam.test", "amber kettle skyline").await.status, StatusCode::SEE_OTHER);
    nina.refresh_csrf().await;
    assert_eq!(nina.get("/claims/new").await.status, StatusCode::OK, "as an incentives admin");
    assert_eq!(nina.get("/users").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_new_users_are_explained_and_not_saved() {
    let app = spawn_app().await;
    let admin = app.person(Caller::GlobalAdmin).await;
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: [Case; 5] = [
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
        (
            &[("name", "X"), ("email", "x@fabrikam.test"), ("role", "billing-admin"), ("password", "short")],
            "password",
            "Use at least 12 characters.",
        ),
    ];
    for (form, field, message) in cases {
        let response = admin.post_pairs("/users", form).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let at = response.body.find(&format!("id=\"error-{field}\"")).unwrap_or_else(|| panic!("error beside {field}"));
        assert!(response.body[at..].contains(message), "{field}: {message}");
    }
    assert_eq!(Client::new(&app).sign_in("x@fabrikam.test", "lantern quartz meadow").await.status, StatusCode::UNPROCESSABLE_ENTITY);
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
