use super::*;

fn catalogue() -> Vec<CatalogueProduct> {
    vec![
        CatalogueProduct { code: "exchange-online".into(), name: "Exchange Online".into(), solution_area: SolutionArea::Microsoft365 },
        CatalogueProduct { code: "teams".into(), name: "Microsoft Teams".into(), solution_area: SolutionArea::Microsoft365 },
        CatalogueProduct {
            code: "d365-sales".into(),
            name: "Dynamics 365 Sales".into(),
            solution_area: SolutionArea::BusinessApplications,
        },
    ]
}

fn mpn_ids() -> Vec<String> {
    vec!["1234567".into(), "7654321".into()]
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
}

fn valid_m365() -> ClaimFormInput {
    ClaimFormInput::from_pairs(
        [
            ("name", "Contoso Teams rollout"),
            ("mpn_id", "1234567"),
            ("solution_area", "m365"),
            ("activity", "usage"),
            ("customer_name", "Contoso Ltd"),
            ("customer_domain", "Contoso.com"),
            ("tenant_id", "8A1F2B3C-0D4E-4F5A-9B6C-7D8E9F0A1B2C"),
            ("product", "teams"),
            ("product", "exchange-online"),
            ("customer_contact_name", "Ana Lopez"),
            ("customer_contact_title", "CIO"),
            ("customer_contact_email", "ana@contoso.com"),
            ("partner_contact_name", "Ben Ng"),
            ("partner_contact_email", "ben@fabrikam.example"),
            ("partner_solution", "Deployed Teams to 400 seats"),
            ("engagement_date", "2026-10-01"),
            ("unexpected", "ignored"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect(),
    )
}

fn parse(input: &ClaimFormInput) -> Result<ClaimDraft, FieldErrors> {
    let (mpn_ids, catalogue) = (mpn_ids(), catalogue());
    parse_claim_form(input, &FormContext { mpn_ids: &mpn_ids, catalogue: &catalogue, today: today() })
}

fn error_of(input: &ClaimFormInput, field: &str) -> Option<&'static str> {
    parse(input).err().and_then(|e| e.get(field))
}

#[test]
fn a_complete_microsoft_365_claim_parses() {
    let draft = parse(&valid_m365()).expect("valid");
    assert_eq!(draft.program, Program::OsuMicrosoft365);
    assert_eq!(draft.tenant_id.as_ref(), "8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c");
    assert_eq!(draft.customer_domain.as_ref(), "contoso.com");
    assert_eq!(draft.products_label(), "Microsoft Teams, Exchange Online");
    assert_eq!(draft.technical_contact, None);
}

#[test]
fn business_applications_needs_a_technical_contact_and_takes_subscription_ids() {
    let mut input = valid_m365();
    input.solution_area = "bizapps".into();
    input.activity = "pre-sales".into();
    input.products = vec!["d365-sales".into()];
    assert_eq!(error_of(&input, "technical_contact_name"), Some("error-required"));
    assert_eq!(error_of(&input, "technical_contact_email"), Some("error-required"));
    input.technical_contact_name = "Chen Li".into();
    input.technical_contact_title = "Architect".into();
    input.technical_contact_email = "chen@contoso.com".into();
    input.subscriptions.insert("d365-sales".into(), "not-a-guid".into());
    assert_eq!(error_of(&input, "subscriptions"), Some("error-subscription-guid"));
    input.subscriptions.insert("d365-sales".into(), "11111111-2222-3333-4444-555555555555".into());
    let draft = parse(&input).expect("valid");
    assert_eq!(draft.program, Program::OsaSell);
    assert_eq!(draft.products[0].subscription_id.as_ref().map(|g| g.as_ref()), Some("11111111-2222-3333-4444-555555555555"));
}

#[test]
fn every_required_field_is_reported_at_once() {
    let errors = parse(&ClaimFormInput::default()).expect_err("empty form");
    for field in [
        "name",
        "mpn_id",
        "solution_area",
        "activity",
        "customer_name",
        "customer_domain",
        "tenant_id",
        "products",
        "customer_contact_name",
        "customer_contact_title",
        "customer_contact_email",
        "partner_contact_name",
        "partner_contact_email",
        "partner_solution",
        "engagement_date",
    ] {
        assert!(errors.get(field).is_some(), "{field} not reported");
    }
}

#[test]
fn each_bad_value_names_its_problem() {
    type Case = (&'static str, fn(&mut ClaimFormInput), &'static str);
    let cases: Vec<Case> = vec![
        ("tenant_id", |i| i.tenant_id = "1234".into(), "error-guid"),
        ("mpn_id", |i| i.mpn_id = "9999999".into(), "error-mpn-unknown"),
        ("customer_domain", |i| i.customer_domain = "contoso".into(), "error-domain"),
        ("customer_contact_email", |i| i.customer_contact_email = "ana@".into(), "error-email"),
        ("partner_contact_email", |i| i.partner_contact_email = "ben".into(), "error-email"),
        ("activity", |i| i.activity = "pre-sales".into(), "error-activity-mismatch"),
        ("solution_area", |i| i.solution_area = "azure".into(), "error-choose-one"),
        ("products", |i| i.products.clear(), "error-products-required"),
        ("products", |i| i.products = vec!["d365-sales".into()], "error-product-area"),
        ("products", |i| i.products = vec!["minecraft".into()], "error-product-unknown"),
        ("engagement_date", |i| i.engagement_date = "01/10/2026".into(), "error-date"),
        ("engagement_date", |i| i.engagement_date = "2026-11-22".into(), "error-date-future"),
        ("name", |i| i.name = "x".repeat(201), "error-too-long"),
        ("name", |i| i.name = "bad\u{0}name".into(), "error-control-characters"),
        ("commentary", |i| i.commentary = "x".repeat(4001), "error-too-long"),
    ];
    for (field, spoil, expected) in cases {
        let mut input = valid_m365();
        spoil(&mut input);
        let errors = parse(&input).expect_err(field);
        assert_eq!(errors.get(field), Some(expected), "{field}: {errors:?}");
        assert_eq!(errors.0.len(), 1, "only {field} is wrong: {errors:?}");
    }
}

#[test]
fn a_product_ticked_twice_counts_once() {
    let mut input = valid_m365();
    input.products = vec!["teams".into(), "teams".into()];
    assert_eq!(parse(&input).expect("valid").products.len(), 1);
}
