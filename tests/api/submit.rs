//! Submitting a claim: PoE and the self-check first, once only.

use crate::files;
use crate::helpers::*;
use crate::poe::upload;
use reqwest::StatusCode;

pub const ALL_CHECKED: [(&str, &str); 5] = [
    ("customer_signature", "yes"),
    ("dates_recent", "yes"),
    ("partner_solution", "yes"),
    ("products_named", "yes"),
    ("belongs_to_customer", "yes"),
];

/// Submits with every self-check item confirmed and expects success.
pub async fn submit_ok(client: &Client, claim: &str) {
    let response = client.post_pairs(&format!("/claims/{claim}/submit"), &ALL_CHECKED).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
}

async fn status_of(app: &TestApp, claim: &str) -> String {
    cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, String>("SELECT status FROM claims WHERE public_id = $1").bind(claim).fetch_one(pool).await).expect("status")
}

#[tokio::test]
async fn a_claim_needs_poe_before_it_can_be_submitted() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let response = client.post_pairs(&format!("/claims/{claim}/submit"), &ALL_CHECKED).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Upload at least one PoE document before submitting."));
    assert_eq!(status_of(&app, &claim).await, "editing");
}

#[tokio::test]
async fn every_self_check_item_must_be_confirmed() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::IncentivesAdmin).await;
    upload(&client, &claim, &[("a.pdf", files::pdf(), "")]).await;
    let partial = &ALL_CHECKED[..4];
    let response = client.post_pairs(&format!("/claims/{claim}/submit"), partial).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("href=\"#check-belongs_to_customer\""), "the missing item is named and linked");
    assert_eq!(status_of(&app, &claim).await, "editing");
}

#[tokio::test]
async fn submitting_moves_the_claim_to_submitted_once() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::IncentivesAdmin).await;
    upload(&client, &claim, &[("a.pdf", files::pdf(), "")]).await;
    let first = client.post_pairs(&format!("/claims/{claim}/submit"), &ALL_CHECKED).await;
    assert_eq!((first.status, first.location()), (StatusCode::SEE_OTHER, format!("/claims/{claim}?submitted=1").as_str()));
    let replay = client.post_pairs(&format!("/claims/{claim}/submit"), &ALL_CHECKED).await;
    assert_eq!(replay.status, StatusCode::SEE_OTHER, "a double click lands on the same page");
    let empty_replay = client.post_pairs(&format!("/claims/{claim}/submit"), &[]).await;
    assert_eq!(empty_replay.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &claim).await, "submitted");
    let submitted_at = cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM claims WHERE public_id = $1 AND submitted_at IS NOT NULL AND first_submitted_at = submitted_at").bind(&claim).fetch_one(pool).await).expect("count");
    assert_eq!(submitted_at, 1);
    let page = client.get(&format!("/claims/{claim}?submitted=1")).await.body;
    assert!(page.contains("The claim was submitted for review.") && page.contains(&claim), "the same claim ID");
    assert!(page.contains("Submitted"));
    assert!(!page.contains("action=\"/claims/{claim}/submit\""));
    assert_eq!(client.get(&format!("/claims/{claim}/edit")).await.status, StatusCode::CONFLICT, "no longer editable in full");
}

#[tokio::test]
async fn two_submissions_at_once_submit_once() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::IncentivesAdmin).await;
    upload(&client, &claim, &[("a.pdf", files::pdf(), "")]).await;
    let path = format!("/claims/{claim}/submit");
    let (a, b) = tokio::join!(client.post_pairs(&path, &ALL_CHECKED), client.post_pairs(&path, &ALL_CHECKED));
    assert_eq!((a.status, b.status), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER));
    assert_eq!(status_of(&app, &claim).await, "submitted");
    let checks =
        cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM poe_self_checks").fetch_one(pool).await)
            .expect("count");
    assert_eq!(checks, 1);
}

#[tokio::test]
async fn only_partners_who_edit_may_submit_their_orgs_claims() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let owner = app.person(Caller::IncentivesAdmin).await;
    upload(&owner, &claim, &[("a.pdf", files::pdf(), "")]).await;
    for (caller, expected) in [
        (Caller::BillingAdmin, StatusCode::FORBIDDEN),
        (Caller::Reviewer, StatusCode::FORBIDDEN),
        (Caller::OtherOrgAdmin, StatusCode::NOT_FOUND),
    ] {
        let client = app.client(caller).await;
        assert_eq!(client.post_pairs(&format!("/claims/{claim}/submit"), &ALL_CHECKED).await.status, expected, "{caller:?}");
    }
    assert_eq!(status_of(&app, &claim).await, "editing");
}

#[tokio::test]
async fn reviewers_see_a_submitted_claim_with_its_self_check() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let owner = app.person(Caller::GlobalAdmin).await;
    upload(&owner, &claim, &[("a.pdf", files::pdf(), "Signed")]).await;
    submit_ok(&owner, &claim).await;
    let reviewer = app.person(Caller::Reviewer).await;
    let queue = reviewer.get("/review").await.body;
    assert!(queue.contains(&claim) && queue.contains("Fabrikam Partners"));
    let page = reviewer.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("Partner&#39;s PoE self-check") || page.contains("Partner's PoE self-check") || page.contains("PoE self-check"));
    assert!(page.contains("carries the customer") && page.contains("Confirmed"));
    assert!(page.contains("a.pdf"));
}
