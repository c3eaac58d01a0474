//! The demo dataset `cpor serve --demo` loads once: two partner orgs, one user per partner role,
//! a reviewer, and a few claims in Editing.

use crate::auth::password;
use crate::db::{Db, Timestamp, claims, orgs, users};
use crate::domain::claim_form::{ClaimFormInput, FormContext, parse_claim_form};
use crate::domain::role::Role;
use anyhow::Context;

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "cpor-demo-password";

pub const DEMO_USERS: [(&str, &str, Role); 6] = [
    ("admin@fabrikam.example", "Grace Admin", Role::GlobalAdmin),
    ("incentives@fabrikam.example", "Ivan Incentives", Role::IncentivesAdmin),
    ("billing@fabrikam.example", "Bea Billing", Role::BillingAdmin),
    ("admin@northwind.example", "Nora Northwind", Role::GlobalAdmin),
    ("reviewer@cpor.example", "Rui Reviewer", Role::Reviewer),
    ("operator@cpor.example", "Olga Operator", Role::Operator),
];

/// Loads the demo data unless it is already there, and prints the sign-ins.
pub async fn load(db: &Db, now: Timestamp) -> anyhow::Result<()> {
    if orgs::set_fact_once(db, "demo-data", &now.to_text()).await? {
        let fabrikam = orgs::create_org(db, "Fabrikam Partners", &["1234567".into(), "7654321".into()], None, now).await?;
        let northwind = orgs::create_org(db, "Northwind Advisors", &["5550001".into()], None, now).await?;
        let hash = password::hash(DEMO_PASSWORD.into()).await?;
        let mut creator = None;
        for (i, (email, name, role)) in DEMO_USERS.iter().enumerate() {
            let org_id = match (i, role) {
                (_, role) if !role.is_partner() => None,
                (3, _) => Some(northwind),
                _ => Some(fabrikam),
            };
            let id = users::create_user(db, users::NewUser { org_id, email, name, role: *role, password_hash: &hash }, now).await?;
            if i == 1 {
                creator = Some(crate::db::history::Actor {
                    user_id: Some(id),
                    name: name.to_string(),
                    side: crate::domain::workflow::Side::Partner,
                });
            }
        }
        let mpn_ids = orgs::mpn_ids(db, fabrikam, None).await?;
        let catalogue = crate::db::catalogue::offered(db, &[]).await?;
        let ctx = FormContext { mpn_ids: &mpn_ids, catalogue: &catalogue, today: now.0.date_naive() };
        for input in demo_claims() {
            let draft = parse_claim_form(&input, &ctx).map_err(|e| anyhow::anyhow!("demo claim invalid: {e:?}"))?;
            let creator = creator.as_ref().context("the demo incentives admin")?;
            claims::insert(db, fabrikam, creator, &draft, now).await.context("cannot store a demo claim")?;
        }
    }
    println!("Demo sign-ins (password: {DEMO_PASSWORD}):");
    for (email, _, role) in DEMO_USERS {
        println!("  {email:<30} {}", role.as_str());
    }
    Ok(())
}

fn demo_claims() -> Vec<ClaimFormInput> {
    let claim = |name: &str, area: &str, activity: &str, customer: &str, domain: &str, tenant: &str, products: &[&str]| {
        let mut pairs: Vec<(String, String)> = [
            ("name", name),
            ("mpn_id", "1234567"),
            ("solution_area", area),
            ("activity", activity),
            ("customer_name", customer),
            ("customer_domain", domain),
            ("tenant_id", tenant),
            ("customer_contact_name", "Ana Lopez"),
            ("customer_contact_title", "Chief Information Officer"),
            ("customer_contact_email", &format!("ana.lopez@{domain}")),
            ("technical_contact_name", "Chen Li"),
            ("technical_contact_title", "Solution Architect"),
            ("technical_contact_email", &format!("chen.li@{domain}")),
            ("partner_contact_name", "Ivan Incentives"),
            ("partner_contact_email", "incentives@fabrikam.example"),
            ("partner_solution", "Planned and ran the deployment, trained the customer's administrators."),
            ("engagement_date", "2026-09-15"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        pairs.extend(products.iter().map(|p| ("product".to_string(), p.to_string())));
        ClaimFormInput::from_pairs(pairs)
    };
    vec![
        claim(
            "Contoso Teams rollout",
            "m365",
            "usage",
            "Contoso Ltd",
            "contoso.com",
            "8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c",
            &["teams", "exchange-online"],
        ),
        claim(
            "Adatum security uplift",
            "m365",
            "usage",
            "Adatum Corporation",
            "adatum.com",
            "2b7c9d1e-3f4a-4b5c-8d6e-9f0a1b2c3d4e",
            &["intune", "entra-id-p1", "defender-office-365"],
        ),
        claim(
            "Litware sales pilot",
            "bizapps",
            "pre-sales",
            "Litware Inc",
            "litware.com",
            "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
            &["d365-sales", "power-bi"],
        ),
    ]
}
