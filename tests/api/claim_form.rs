//! The "Create association" form over HTTP: every validation error shows beside its field, the
//! input is kept, and nothing is saved.

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn a_valid_claim_is_created_in_editing_and_shown_in_full() {
    let app = spawn_app().await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let form = client.get("/claims/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("<h1>Create association</h1>"));
    let response = client.post("/claims/new", &with(valid_claim_form(), &[("commentary", Some("First of many"))])).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let id = claim_id_from_location(response.location());
    assert!(id.starts_with("CP-"), "{id}");
    let page = client.get(response.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    for expected in [
        "Contoso Teams rollout",
        "Contoso Ltd",
        "contoso.com",
        "8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c",
        "Microsoft Teams",
        "Exchange Online",
        "Ana Lopez",
        "CIO",
        "ana@contoso.com",
        "Ivan Incentives",
        "Deployed Teams to 400 seats",
        "1 Oct 2026",
        "OSU-Microsoft 365",
        "Microsoft 365",
        "Usage",
        "Editing",
        "First of many",
        "1234567",
        &id,
    ] {
        assert!(page.body.contains(expected), "the claim page shows {expected}");
    }
}

#[tokio::test]
async fn business_applications_claims_carry_a_technical_contact_and_subscriptions() {
    let app = spawn_app().await;
    let client = app.person(Caller::GlobalAdmin).await;
    let form = with(
        valid_claim_form(),
        &[
            ("solution_area", Some("bizapps")),
            ("activity", Some("pre-sales")),
            ("product", None),
            ("technical_contact_name", Some("Chen Li")),
            ("technical_contact_title", Some("Architect")),
            ("technical_contact_email", Some("chen@contoso.com")),
        ],
    );
    let mut form = form;
    form.push(("product".into(), "d365-sales".into()));
    form.push(("subscription:d365-sales".into(), "11111111-2222-3333-4444-555555555555".into()));
    let response = client.post("/claims/new", &form).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let page = client.get(response.location()).await.body;
    for expected in ["OSA Sell", "Chen Li", "chen@contoso.com", "Dynamics 365 Sales", "11111111-2222-3333-4444-555555555555"] {
        assert!(page.contains(expected), "{expected}");
    }
}

/// Posts a spoiled form and checks the error beside the field, the kept input and that nothing
/// was saved.
async fn assert_refused(app: &TestApp, client: &Client, form: Vec<(String, String)>, field: &str, message: &str) {
    let response = client.post("/claims/new", &form).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
    let beside = format!("id=\"error-{field}\"");
    let at = response.body.find(&beside).unwrap_or_else(|| panic!("no error beside {field}"));
    assert!(response.body[at..].contains(message), "{field}: expected {message:?}");
    assert!(response.body.contains(&format!("href=\"#field-{field}\"")), "the summary links to {field}");
    let kept = if field == "customer_name" { "value=\"Ana Lopez\"" } else { "value=\"Contoso Ltd\"" };
    assert!(response.body.contains(kept), "{field}: the input is kept");
    assert_eq!(app.claim_count().await, 0, "{field}: nothing saved");
}

#[tokio::test]
async fn every_bad_field_is_explained_beside_it() {
    let app = spawn_app().await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let cases: Vec<(&str, Option<&str>, &str, &str)> = vec![
        ("name", None, "name", "Enter a value."),
        ("mpn_id", Some("5550001"), "mpn_id", "Choose one of your organisation"),
        ("solution_area", Some("azure"), "solution_area", "Choose one of the options."),
        ("activity", Some("pre-sales"), "activity", "This activity does not exist in the chosen solution area."),
        ("customer_name", Some("   "), "customer_name", "Enter a value."),
        ("customer_domain", Some("contoso"), "customer_domain", "Enter a domain name"),
        ("tenant_id", Some("8a1f2b3c"), "tenant_id", "Enter a GUID"),
        ("product", None, "products", "Choose at least one product."),
        ("customer_contact_name", None, "customer_contact_name", "Enter a value."),
        ("customer_contact_title", None, "customer_contact_title", "Enter a value."),
        ("customer_contact_email", Some("ana(at)contoso.com"), "customer_contact_email", "Enter an e-mail address"),
        ("partner_contact_name", None, "partner_contact_name", "Enter a value."),
        ("partner_contact_email", Some("ivan@"), "partner_contact_email", "Enter an e-mail address"),
        ("partner_solution", None, "partner_solution", "Enter a value."),
        ("engagement_date", Some("yesterday"), "engagement_date", "Enter a date"),
        ("engagement_date", Some("2026-11-21"), "engagement_date", "cannot be in the future"),
    ];
    for (key, value, field, message) in cases {
        assert_refused(&app, &client, with(valid_claim_form(), &[(key, value)]), field, message).await;
    }
}

#[tokio::test]
async fn products_must_exist_and_match_the_solution_area() {
    let app = spawn_app().await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let foreign = with(valid_claim_form(), &[("product", Some("d365-sales"))]);
    assert_refused(&app, &client, foreign, "products", "Choose only products of the chosen solution area.").await;
    let unknown = with(valid_claim_form(), &[("product", Some("minecraft"))]);
    assert_refused(&app, &client, unknown, "products", "not in the catalogue").await;
}

#[tokio::test]
async fn business_applications_needs_the_technical_contact() {
    let app = spawn_app().await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let form = with(valid_claim_form(), &[("solution_area", Some("bizapps")), ("product", Some("power-bi"))]);
    assert_refused(&app, &client, form.clone(), "technical_contact_name", "Enter a value.").await;
    assert_refused(&app, &client, form.clone(), "technical_contact_email", "Enter a value.").await;
    let mut bad_subscription = with(
        form,
        &[
            ("technical_contact_name", Some("Chen")),
            ("technical_contact_title", Some("CTO")),
            ("technical_contact_email", Some("chen@contoso.com")),
        ],
    );
    bad_subscription.push(("subscription:power-bi".into(), "not-a-guid".into()));
    assert_refused(&app, &client, bad_subscription, "subscriptions", "A subscription ID is not a GUID.").await;
}

#[tokio::test]
async fn markup_in_input_is_shown_as_text() {
    let app = spawn_app().await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let form = with(valid_claim_form(), &[("name", Some("<script>alert(1)</script>")), ("tenant_id", Some("bad"))]);
    let refused = client.post("/claims/new", &form).await;
    assert!(!refused.body.contains("<script>alert(1)</script>"));
    assert!(refused.body.contains("alert(1)"), "shown, escaped");
    let ok = client.post("/claims/new", &with(form, &[("tenant_id", Some("8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c"))])).await;
    let page = client.get(ok.location()).await.body;
    assert!(!page.contains("<script>alert(1)</script>") && page.contains("alert(1)"));
}

#[tokio::test]
async fn a_claim_in_editing_can_be_edited_with_the_same_checks() {
    let app = spawn_app().await;
    let id = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let form = client.get(&format!("/claims/{id}/edit")).await;
    assert!(form.body.contains("value=\"Contoso Teams rollout\""), "the form is pre-filled");
    assert!(form.body.contains("value=\"teams\" checked"));
    let revision = crate::workflow::revision(&app, &id).await;
    let bad = client
        .post(&format!("/claims/{id}/edit"), &with(valid_claim_form(), &[("tenant_id", Some("nope")), ("revision", Some(&revision))]))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(client.get(&format!("/claims/{id}")).await.body.contains("8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c"), "unchanged");
    let changes = [
        ("name", Some("Contoso Teams phase 2")),
        ("mpn_id", Some("7654321")),
        ("product", Some("intune")),
        ("revision", Some(revision.as_str())),
    ];
    let good = client.post(&format!("/claims/{id}/edit"), &with(valid_claim_form(), &changes)).await;
    assert_eq!(good.status, StatusCode::SEE_OTHER);
    let page = client.get(&format!("/claims/{id}")).await.body;
    assert!(page.contains("Contoso Teams phase 2") && page.contains("7654321") && page.contains("Microsoft Intune"));
    assert!(!page.contains("Microsoft Teams"), "products were replaced");
}

#[tokio::test]
async fn a_claim_in_editing_can_be_deleted_after_confirmation() {
    let app = spawn_app().await;
    let id = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::GlobalAdmin).await;
    let response = client.post(&format!("/claims/{id}/delete"), &[]).await;
    assert_eq!((response.status, response.location()), (StatusCode::SEE_OTHER, "/claims"));
    assert_eq!(client.get(&format!("/claims/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(client.post(&format!("/claims/{id}/delete"), &[]).await.status, StatusCode::NOT_FOUND, "a second click finds nothing");
    assert_eq!(app.claim_count().await, 0);
}
