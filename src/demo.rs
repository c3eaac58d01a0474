//! The demo dataset `cpor serve --demo` loads once: two partner orgs, one user per partner role,
//! two reviewers and an operator, and claims in every status with PoE, comments, an internal note,
//! a dispute, an overdue claim and a competing pair, so every role signs in to a working portal.

use crate::auth::password;
use crate::db::history::{self, Actor};
use crate::db::poe::{self, NewPoeFile};
use crate::db::workflow::{self, Extras, Transition};
use crate::db::{Timestamp, claims, orgs, users};
use crate::domain::claim_form::{ClaimFormInput, FormContext, parse_claim_form};
use crate::domain::poe::PoeKind;
use crate::domain::role::Role;
use crate::domain::workflow::{Action, Facts, InfoReason, RejectionReason, Side};
use crate::mail::notices;
use crate::storage::PoeStore;
use crate::web::state::AppState;
use anyhow::Context;

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "cpor-demo-password";

pub const DEMO_USERS: [(&str, &str, Role); 7] = [
    ("admin@fabrikam.example", "Grace Admin", Role::GlobalAdmin),
    ("incentives@fabrikam.example", "Ivan Incentives", Role::IncentivesAdmin),
    ("billing@fabrikam.example", "Bea Billing", Role::BillingAdmin),
    ("admin@northwind.example", "Nora Northwind", Role::GlobalAdmin),
    ("reviewer@cpor.example", "Rui Reviewer", Role::Reviewer),
    ("colleague@cpor.example", "Rita Reviewer", Role::Reviewer),
    ("operator@cpor.example", "Olga Operator", Role::Operator),
];

/// Loads the demo data unless it is already there, and prints the sign-ins.
pub async fn load(state: &AppState) -> anyhow::Result<()> {
    let (db, now) = (&state.db, state.now());
    if orgs::set_fact_once(db, "demo-data", &now.to_text()).await? {
        let (fabrikam, northwind, people) = create_people(db, now).await?;
        let cast =
            Cast { fabrikam: people[1].clone(), northwind: people[3].clone(), reviewer: people[4].clone(), colleague: people[5].clone() };
        tell_the_story(state, &cast, fabrikam, northwind).await?;
    }
    print_sign_ins();
    Ok(())
}

fn print_sign_ins() {
    println!("Demo sign-ins (password: {DEMO_PASSWORD}):");
    for (email, _, role) in DEMO_USERS {
        println!("  {email:<30} {}", role.as_str());
    }
}

/// The demo's two orgs and its people, as history actors in the order of `DEMO_USERS`.
async fn create_people(db: &crate::db::Db, now: Timestamp) -> anyhow::Result<(i64, i64, Vec<Actor>)> {
    let fabrikam = orgs::create_org(db, "Fabrikam Partners", &["1234567".into(), "7654321".into()], None, now).await?;
    let northwind = orgs::create_org(db, "Northwind Advisors", &["5550001".into()], None, now).await?;
    let hash = password::hash(DEMO_PASSWORD.into()).await?;
    let mut people = Vec::new();
    for (email, name, role) in DEMO_USERS {
        let org_id = match (email, role) {
            (_, role) if !role.is_partner() => None,
            (email, _) if email.ends_with("@northwind.example") => Some(northwind),
            _ => Some(fabrikam),
        };
        let id = users::create_user(db, users::NewUser { org_id, email, name, role, password_hash: &hash }, now).await?;
        let side = if role.is_partner() { Side::Partner } else { Side::Reviewer };
        people.push(Actor { user_id: Some(id), name: name.to_string(), side });
    }
    Ok((fabrikam, northwind, people))
}

/// `cpor demo --claims N`: the demo's people and orgs, eight more orgs, and `count` claims (98
/// of every 100 in Fabrikam Partners, every status, products and history), into a database that
/// holds no claim yet.
pub async fn load_many(db: &crate::db::Db, count: i64, now: Timestamp) -> anyhow::Result<()> {
    anyhow::ensure!(!crate::db::bulk::has_claims(db).await?, "the database already holds claims: load into a fresh one");
    anyhow::ensure!(orgs::set_fact_once(db, "demo-data", &now.to_text()).await?, "the database already holds the demo");
    let (fabrikam, northwind, people) = create_people(db, now).await?;
    let mut other_orgs = vec![(northwind, "5550001".to_owned())];
    for n in 2..10 {
        let mpn = format!("55500{n:02}");
        let name = format!("{} {}", crate::db::bulk::FIRST_WORDS[n * 3], crate::db::bulk::SECOND_WORDS[n]);
        other_orgs.push((orgs::create_org(db, &name, std::slice::from_ref(&mpn), None, now).await?, mpn));
    }
    let creator = &people[1];
    let target = crate::db::bulk::BulkTarget {
        main_org: fabrikam,
        other_orgs,
        main_mpn: "1234567".into(),
        creator: creator.user_id.unwrap_or_default(),
        creator_name: creator.name.clone(),
        now,
    };
    crate::db::bulk::load_claims(db, &target, count).await?;
    print_sign_ins();
    Ok(())
}

/// Who acts in the demo's story.
struct Cast {
    fabrikam: Actor,
    northwind: Actor,
    reviewer: Actor,
    colleague: Actor,
}

/// A small PDF that reads "Proof of Execution", for the demo's PoE.
pub const DEMO_PDF: &[u8] = b"%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length 88 >> stream
BT /F1 24 Tf 72 700 Td (Proof of Execution) Tj 0 -40 Td /F1 14 Tf (Signed by the customer) Tj ET
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R >>
%%EOF
";

/// Claims in every status, days apart: drafts, waiting and overdue ones, one under review with a
/// conversation and an internal note, a request for information, an approval in its consent
/// period, rejections, a dispute, and a competing pair across the two orgs.
async fn tell_the_story(state: &AppState, cast: &Cast, fabrikam: i64, northwind: i64) -> anyhow::Result<()> {
    let days_ago = |days: i64| Timestamp(state.clock.now() - chrono::Duration::days(days));
    let claims = demo_claims(days_ago(60).0.date_naive().format("%Y-%m-%d").to_string());
    let mut made = Vec::new();
    for (i, input) in claims.iter().enumerate() {
        let (org, author) = if i == claims.len() - 1 { (northwind, &cast.northwind) } else { (fabrikam, &cast.fabrikam) };
        let mpn_ids = orgs::mpn_ids(&state.db, org, None).await?;
        let catalogue = crate::db::catalogue::offered(&state.db, &[]).await?;
        let mut input = input.clone();
        input.mpn_id = mpn_ids.first().cloned().unwrap_or_default();
        let created = days_ago(20);
        let ctx = FormContext { mpn_ids: &mpn_ids, catalogue: &catalogue, today: created.0.date_naive() };
        let draft = parse_claim_form(&input, &ctx).map_err(|e| anyhow::anyhow!("demo claim invalid: {e:?}"))?;
        let public_id = claims::insert(&state.db, org, author, &draft, created).await.context("cannot store a demo claim")?;
        let id = claims::find(&state.db, claims::ClaimScope::Org(org), public_id.as_ref()).await?.context("the demo claim")?.id;
        made.push((id, public_id.as_ref().to_owned(), author.clone()));
    }
    // The first claim stays in Editing; every other one is submitted with PoE, then moves on.
    use Action::*;
    let script: Vec<Vec<(i64, Action, Step)>> = vec![
        vec![],
        vec![(1, Submit, Step::Partner)],
        vec![(12, Submit, Step::Partner)],
        vec![(6, Submit, Step::Partner), (5, StartReview, Step::Reviewer), (4, Submit, Step::Comment), (3, Submit, Step::Note)],
        vec![(9, Submit, Step::Partner), (8, StartReview, Step::Colleague), (2, RequestInformation, Step::Colleague)],
        vec![(9, Submit, Step::Partner), (7, StartReview, Step::Reviewer), (3, Approve, Step::Reviewer)],
        vec![
            (15, Submit, Step::Partner),
            (14, StartReview, Step::Reviewer),
            (12, Reject(RejectionReason::InsufficientPoe), Step::Reviewer),
            (4, Dispute, Step::Partner),
        ],
        vec![
            (10, Submit, Step::Partner),
            (9, StartReview, Step::Colleague),
            (6, Reject(RejectionReason::MissingProducts), Step::Colleague),
        ],
        vec![(3, Submit, Step::Partner)],
    ];
    for ((id, public_id, author), steps) in made.iter().zip(script) {
        for (ago, action, step) in steps {
            let at = days_ago(ago);
            if action == Submit && step == Step::Partner {
                add_pdf(state, *id, public_id, author, at).await?;
            }
            let actor = match step {
                Step::Partner | Step::Comment => author,
                Step::Reviewer | Step::Note => &cast.reviewer,
                Step::Colleague => &cast.colleague,
            };
            match step {
                Step::Comment => {
                    history::add_comment(
                        &state.db,
                        *id,
                        &cast.reviewer,
                        "Could you add the page with the customer's signature?",
                        false,
                        at,
                    )
                    .await?;
                    history::add_comment(&state.db, *id, actor, "Added it to the PoE this morning.", false, at).await?;
                    continue;
                }
                Step::Note => {
                    history::add_comment(
                        &state.db,
                        *id,
                        actor,
                        "Same signature as on last year's claim: compare before approving.",
                        true,
                        at,
                    )
                    .await?;
                    continue;
                }
                _ => {}
            }
            let extras = match action {
                Submit => Extras { self_check: Some([true; 5]), ..Extras::default() },
                RequestInformation => Extras {
                    details: serde_json::json!({ "reasons": ["missing-customer-acknowledgment"], "comment": "The signature page is missing." }),
                    info_reasons: vec![InfoReason::MissingCustomerAcknowledgment],
                    ..Extras::default()
                },
                Reject(_) => {
                    Extras { details: serde_json::json!({ "comment": "The PoE does not show the workloads in use." }), ..Extras::default() }
                }
                Dispute => Extras {
                    details: serde_json::json!({ "justification": "The usage report attached shows 400 active seats." }),
                    ..Extras::default()
                },
                _ => Extras::default(),
            };
            let facts = Facts { has_poe: true, self_check_confirmed: true, dispute_evidence: true, ..Facts::at(at.0, &state.durations()) };
            let request = Transition { claim_id: *id, expected_revision: None, actor, action, facts, extras };
            let base_url = state.base_url();
            let outcome = workflow::transition(&state.db, request, |change| notices::for_change(change, &base_url)).await?;
            if !matches!(outcome, workflow::Outcome::Done(_)) {
                anyhow::bail!("the demo's {public_id} could not take {action:?}: {outcome:?}");
            }
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Partner,
    Reviewer,
    Colleague,
    /// A conversation in comments.
    Comment,
    /// A reviewer's internal note.
    Note,
}

/// Stores the demo PDF as the claim's PoE, as an upload would.
async fn add_pdf(state: &AppState, claim_id: i64, public_id: &str, actor: &Actor, at: Timestamp) -> anyhow::Result<()> {
    use sha2::Digest;
    use tokio::io::AsyncWriteExt;
    let key = PoeStore::new_key(public_id);
    let mut incoming = state.poe.incoming_file().await?;
    incoming.file.write_all(DEMO_PDF).await?;
    state.poe.persist(incoming, &key).await?;
    let file = NewPoeFile {
        storage_key: key,
        file_name: "signed-proof-of-execution.pdf".into(),
        description: "Signed by the customer's CIO".into(),
        kind: PoeKind::Pdf.as_str().into(),
        size_bytes: DEMO_PDF.len() as i64,
        sha256: hex::encode(sha2::Sha256::digest(DEMO_PDF)),
    };
    let outcome = poe::add_files(&state.db, claim_id, actor, &[file], state.settings.upload_limits, &state.durations(), at).await?;
    anyhow::ensure!(outcome == poe::AddOutcome::Added, "the demo PoE of {public_id} was not added: {outcome:?}");
    Ok(())
}

/// The demo's claims, engaged on `engagement` (a date before they were written).
fn demo_claims(engagement: String) -> Vec<ClaimFormInput> {
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
            ("engagement_date", engagement.as_str()),
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
        claim(
            "Fourth Coffee device management",
            "m365",
            "usage",
            "Fourth Coffee",
            "fourthcoffee.com",
            "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
            &["intune"],
        ),
        claim(
            "Tailspin mail migration",
            "m365",
            "usage",
            "Tailspin Toys",
            "tailspintoys.com",
            "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a",
            &["exchange-online"],
        ),
        claim(
            "Wingtip analytics",
            "bizapps",
            "usage",
            "Wingtip Toys",
            "wingtiptoys.com",
            "6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c",
            &["power-bi"],
        ),
        claim(
            "Woodgrove field service",
            "bizapps",
            "usage",
            "Woodgrove Bank",
            "woodgrovebank.com",
            "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d",
            &["d365-field-service"],
        ),
        claim(
            "Proseware Teams adoption",
            "m365",
            "usage",
            "Proseware Inc",
            "proseware.com",
            "9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
            &["teams"],
        ),
        // Northwind's claim on Adatum's tenant competes with Fabrikam's for Intune.
        claim(
            "Adatum endpoint management",
            "m365",
            "usage",
            "Adatum Corporation",
            "adatum.com",
            "2b7c9d1e-3f4a-4b5c-8d6e-9f0a1b2c3d4e",
            &["intune"],
        ),
    ]
}
