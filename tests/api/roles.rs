//! The role matrix of SPEC.md, route by route, for every kind of caller; and other orgs' objects
//! answering 404.

use crate::helpers::*;
use reqwest::StatusCode;

const OK: u16 = 200;
const SEE_OTHER: u16 = 303;
const FORBIDDEN: u16 = 403;
const NOT_FOUND: u16 = 404;

/// Expected status per caller, in the order of `Caller::ALL`:
/// anonymous, global admin, incentives admin, billing admin, other org's admin, reviewer, operator.
type Row = [u16; 7];

#[tokio::test]
async fn pages_answer_each_role_as_the_spec_says() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let own_user = app.seed.billing_admin_a;
    let cases: Vec<(String, Row)> = vec![
        ("/claims".into(), [SEE_OTHER, OK, OK, OK, OK, FORBIDDEN, FORBIDDEN]),
        ("/claims/export.csv".into(), [SEE_OTHER, OK, OK, OK, OK, FORBIDDEN, FORBIDDEN]),
        ("/claims/new".into(), [SEE_OTHER, OK, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN]),
        // Operators never see claims, let alone decide them.
        (format!("/claims/{claim}"), [SEE_OTHER, OK, OK, OK, NOT_FOUND, NOT_FOUND, FORBIDDEN]),
        (format!("/claims/{claim}/edit"), [SEE_OTHER, OK, OK, FORBIDDEN, NOT_FOUND, FORBIDDEN, FORBIDDEN]),
        (format!("/claims/{claim}/delete"), [SEE_OTHER, OK, OK, FORBIDDEN, NOT_FOUND, FORBIDDEN, FORBIDDEN]),
        ("/users".into(), [SEE_OTHER, OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN]),
        ("/api-tokens".into(), [SEE_OTHER, OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN]),
        ("/webhooks".into(), [SEE_OTHER, OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN]),
        ("/claims/import".into(), [SEE_OTHER, OK, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN]),
        ("/review".into(), [SEE_OTHER, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN]),
        (format!("/users/{own_user}/role"), [NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND]),
        ("/apply".into(), [OK, OK, OK, OK, OK, OK, OK]),
    ];
    let admin_pages = [
        "/admin",
        "/admin/orgs",
        "/admin/orgs/1",
        "/admin/applications",
        "/admin/people",
        "/admin/products",
        "/admin/calendar",
        "/admin/mail",
        "/admin/audit",
        "/admin/audit.csv",
    ];
    let cases: Vec<(String, Row)> = cases
        .into_iter()
        .chain(admin_pages.iter().map(|p| (p.to_string(), [SEE_OTHER, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK])))
        .collect();
    for caller in Caller::ALL {
        let client = app.client(caller).await;
        for (path, expected) in &cases {
            let column = Caller::ALL.iter().position(|c| *c == caller).expect("caller");
            let got = client.get(path).await.status.as_u16();
            let want = expected[column];
            // GET on a POST-only route may be 404 or 405; both refuse.
            let fine = got == want || (want == NOT_FOUND && got == 405);
            assert!(fine, "GET {path} as {caller:?}: expected {want}, got {got}");
        }
    }
}

#[tokio::test]
async fn actions_answer_each_role_as_the_spec_says() {
    let app = spawn_app().await;
    for caller in Caller::ALL {
        let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
        let client = app.client(caller).await;
        let before = app.claim_count().await;
        let create = client.post("/claims/new", &valid_claim_form()).await.status.as_u16();
        let revision = crate::workflow::revision(&app, &claim).await;
        let renamed = with(valid_claim_form(), &[("name", Some("Renamed")), ("revision", Some(&revision))]);
        let edit = client.post(&format!("/claims/{claim}/edit"), &renamed).await.status.as_u16();
        let delete = client.post(&format!("/claims/{claim}/delete"), &[]).await.status.as_u16();
        let expected: (u16, u16, u16) = match caller {
            Caller::Anonymous => (SEE_OTHER, SEE_OTHER, SEE_OTHER),
            Caller::GlobalAdmin | Caller::IncentivesAdmin => (SEE_OTHER, SEE_OTHER, SEE_OTHER),
            Caller::BillingAdmin | Caller::Reviewer | Caller::Operator => (FORBIDDEN, FORBIDDEN, FORBIDDEN),
            // Org B has none of org A's MPN IDs, so the same form is invalid for them.
            Caller::OtherOrgAdmin => (422, NOT_FOUND, NOT_FOUND),
        };
        assert_eq!((create, edit, delete), expected, "{caller:?}");
        let after = app.claim_count().await;
        let created = i64::from(create == SEE_OTHER && caller != Caller::Anonymous);
        let deleted = i64::from(delete == SEE_OTHER && caller != Caller::Anonymous);
        assert_eq!(after, before + created - deleted, "{caller:?}: exactly the allowed changes happened");
    }
}

#[tokio::test]
async fn only_the_global_admin_manages_users() {
    let app = spawn_app().await;
    let target = app.seed.billing_admin_a;
    for caller in [Caller::IncentivesAdmin, Caller::BillingAdmin, Caller::Reviewer] {
        let client = app.client(caller).await;
        let add = client
            .post_pairs(
                "/users",
                &[("name", "X"), ("email", "x@fabrikam.test"), ("role", "global-admin"), ("password", "lantern quartz meadow")],
            )
            .await;
        assert_eq!(add.status, StatusCode::FORBIDDEN, "{caller:?} adds");
        let role = client.post_pairs(&format!("/users/{target}/role"), &[("role", "global-admin")]).await;
        assert_eq!(role.status, StatusCode::FORBIDDEN, "{caller:?} changes a role");
        let off = client.post(&format!("/users/{target}/deactivate"), &[]).await;
        assert_eq!(off.status, StatusCode::FORBIDDEN, "{caller:?} deactivates");
    }
    let other = app.person(Caller::OtherOrgAdmin).await;
    let role = other.post_pairs(&format!("/users/{target}/role"), &[("role", "global-admin")]).await;
    assert_eq!(role.status, StatusCode::NOT_FOUND, "another org's user does not exist for them");
    assert_eq!(other.post(&format!("/users/{target}/deactivate"), &[]).await.status, StatusCode::NOT_FOUND);
    assert!(!other.get("/users").await.body.contains("billing@fabrikam.test"));
    let billing = app.person(Caller::BillingAdmin).await;
    assert_eq!(billing.get("/claims").await.status, StatusCode::OK, "the billing admin is untouched and active");
}

#[tokio::test]
async fn another_orgs_claim_is_a_404_everywhere() {
    let app = spawn_app().await;
    let theirs = app
        .insert_claim(app.seed.org_b, with(valid_claim_form(), &[("mpn_id", Some("5550001")), ("customer_name", Some("Secret Customer"))]))
        .await;
    let client = app.person(Caller::GlobalAdmin).await;
    for path in [format!("/claims/{theirs}"), format!("/claims/{theirs}/edit"), format!("/claims/{theirs}/delete")] {
        let page = client.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!page.body.contains("Secret Customer"));
    }
    assert_eq!(client.post(&format!("/claims/{theirs}/edit"), &valid_claim_form()).await.status, StatusCode::NOT_FOUND);
    assert_eq!(client.post(&format!("/claims/{theirs}/delete"), &[]).await.status, StatusCode::NOT_FOUND);
    let dashboard = client.get(&format!("/claims?q={theirs}")).await;
    assert!(!dashboard.body.contains("Secret Customer"));
    let export = client.get("/claims/export.csv").await;
    assert!(!export.body.contains("Secret Customer"));
    assert_eq!(app.claim_count().await, 1, "their claim is untouched");
}

#[tokio::test]
async fn reviewers_never_see_claims_in_editing() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let reviewer = app.person(Caller::Reviewer).await;
    assert_eq!(reviewer.get(&format!("/claims/{claim}")).await.status, StatusCode::NOT_FOUND);
    assert!(!reviewer.get("/review").await.body.contains(&claim));
}
