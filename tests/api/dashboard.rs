//! The customer associations dashboard: counts, search, filters, sort and pagination.

use crate::helpers::*;
use reqwest::StatusCode;

/// The claim IDs in the order the dashboard lists them.
fn listed_ids(html: &str) -> Vec<String> {
    html.split("<th scope=\"row\"><a href=\"/claims/").skip(1).filter_map(|s| s.split('"').next()).map(str::to_string).collect()
}

fn next_link(html: &str, rel: &str) -> Option<String> {
    let marker = "\" rel=\"".to_string() + rel + "\"";
    let end = html.find(&marker)?;
    let start = html[..end].rfind("href=\"")? + 6;
    Some(html[start..end].replace("&#38;", "&").replace("&amp;", "&"))
}

fn claim(name: &str, customer: &str, domain: &str, tenant: &str) -> Vec<(String, String)> {
    with(
        valid_claim_form(),
        &[("name", Some(name)), ("customer_name", Some(customer)), ("customer_domain", Some(domain)), ("tenant_id", Some(tenant))],
    )
}

const TENANT_1: &str = "11111111-1111-4111-8111-111111111111";
const TENANT_2: &str = "22222222-2222-4222-8222-222222222222";
const TENANT_3: &str = "33333333-3333-4333-8333-333333333333";

async fn three_claims(app: &TestApp) -> [String; 3] {
    let a = app.insert_claim(app.seed.org_a, claim("Alpha", "Contoso Ltd", "contoso.com", TENANT_1)).await;
    app.clock.advance(chrono::Duration::minutes(1));
    let b = app.insert_claim(app.seed.org_a, claim("Bravo", "Adatum", "adatum.com", TENANT_2)).await;
    app.clock.advance(chrono::Duration::minutes(1));
    let bizapps = with(
        claim("Charlie", "Litware", "litware.net", TENANT_3),
        &[
            ("solution_area", Some("bizapps")),
            ("activity", Some("pre-sales")),
            ("product", Some("power-bi")),
            ("technical_contact_name", Some("Chen")),
            ("technical_contact_title", Some("CTO")),
            ("technical_contact_email", Some("chen@litware.net")),
        ],
    );
    let c = app.insert_claim(app.seed.org_a, bizapps).await;
    [a, b, c]
}

#[tokio::test]
async fn a_new_partner_sees_what_to_do() {
    let app = spawn_app().await;
    let admin = app.person(Caller::GlobalAdmin).await.get("/claims").await.body;
    assert!(admin.contains("No customer associations yet"));
    assert!(admin.contains("href=\"/claims/new\""), "the Create association button is there");
    let billing = app.person(Caller::BillingAdmin).await.get("/claims").await.body;
    assert!(!billing.contains("href=\"/claims/new\""), "but not for a billing admin");
    assert!(billing.contains("an incentives admin or global admin creates them"));
}

#[tokio::test]
async fn the_table_lists_the_orgs_claims_with_counts_per_status() {
    let app = spawn_app().await;
    let [a, b, c] = three_claims(&app).await;
    app.insert_claim(app.seed.org_b, with(valid_claim_form(), &[("mpn_id", Some("5550001"))])).await;
    let page = app.person(Caller::BillingAdmin).await.get("/claims").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(listed_ids(&page.body), vec![c.clone(), b, a], "latest change first, only this org");
    assert!(page.body.contains("Editing\n      <span class=\"count\">3</span>"), "the Editing tab counts 3");
    for expected in ["Charlie", "Litware", TENANT_3, "OSA Sell", "Power BI", "Editing"] {
        assert!(page.body.contains(expected), "{expected}");
    }
}

#[tokio::test]
async fn search_finds_by_claim_id_customer_domain_and_tenant() {
    let app = spawn_app().await;
    let [a, b, c] = three_claims(&app).await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let lowercase_id = a.to_lowercase();
    for (q, expected) in [
        (lowercase_id.as_str(), vec![a.clone()]),
        ("conto", vec![a.clone()]),
        ("CONTOSO LTD", vec![a.clone()]),
        ("adatum.com", vec![b.clone()]),
        ("litware.n", vec![c.clone()]),
        (TENANT_2, vec![b.clone()]),
        ("zzz", vec![]),
        // Any part of a customer's name, domain or the claim's name, in any case.
        ("NTOSO L", vec![a.clone()]),
        ("atum.c", vec![b.clone()]),
        ("ravo", vec![b.clone()]),
        ("harli", vec![c.clone()]),
        ("ware", vec![c.clone()]),
        (".com", vec![b.clone(), a.clone()]),
        // Not across two fields, and typed syntax is only text.
        ("ltd contoso", vec![]),
        ("\"tso\" OR \"atu\"", vec![]),
        ("%", vec![]),
        // Fewer than three characters: the start of a name or domain.
        ("ad", vec![b.clone()]),
        ("om", vec![]),
    ] {
        let page = client.get(&format!("/claims?q={}", crate::sign_in::urlencode(q))).await;
        assert_eq!(listed_ids(&page.body), expected, "search {q:?}");
    }
    assert!(client.get("/claims?q=zzz").await.body.contains("No claims match"));

    let cyrillic = app.insert_claim(app.seed.org_a, claim("Миграция почты", "ООО Ромашка", "romashka.example", TENANT_1)).await;
    for q in ["РОМАШ", "ромашка", "МИГРАЦИЯ П"] {
        let page = client.get(&format!("/claims?q={}", crate::sign_in::urlencode(q))).await;
        assert_eq!(listed_ids(&page.body), vec![cyrillic.clone()], "search {q:?}");
    }
    let revision = crate::workflow::revision(&app, &a).await;
    let renamed = with(claim("Alpha", "Northwind Traders", "northwind.example", TENANT_1), &[("revision", Some(&revision))]);
    assert_eq!(client.post(&format!("/claims/{a}/edit"), &renamed).await.status, StatusCode::SEE_OTHER);
    let found = |q: &'static str| {
        let client = &client;
        async move { listed_ids(&client.get(&format!("/claims?q={}", crate::sign_in::urlencode(q))).await.body) }
    };
    assert_eq!(found("wind trad").await, vec![a.clone()], "an edited claim is found by its new name");
    assert!(found("ntoso l").await.is_empty(), "and no longer by its old one");

    // A claim from before search anywhere, whose key the migration could only lower-case in SQL
    // (SQLite leaves "Ромашка" as it is): folded again in Rust once, when the migrations run.
    cpor_portal::with_db!(&app.db, pool => {
        sqlx::query("UPDATE claims SET search_key = customer_name || '\n' || customer_domain || '\n' || name WHERE public_id = $1")
            .bind(&cyrillic).execute(pool).await.expect("unfold");
        sqlx::query("DELETE FROM portal_facts WHERE name = 'search-keys-folded'").execute(pool).await.expect("forget");
    });
    assert!(found("ромашка").await.is_empty(), "the SQL-lowered key misses it");
    app.db.migrate().await.expect("migrations");
    assert_eq!(found("ромашка").await, vec![cyrillic.clone()], "folded once at start");
    let folded: i64 = cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM portal_facts WHERE name = 'search-keys-folded' AND value = '1'").fetch_one(pool).await)
    .expect("fact");
    assert_eq!(folded, 1, "one claim changed, and it is done");
}

#[tokio::test]
async fn filters_narrow_by_status_solution_area_and_program() {
    let app = spawn_app().await;
    let [a, b, c] = three_claims(&app).await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let ids = |path: &str| {
        let path = path.to_string();
        let client = &client;
        async move { listed_ids(&client.get(&path).await.body) }
    };
    assert_eq!(ids("/claims?area=bizapps").await, vec![c.clone()]);
    assert_eq!(ids("/claims?area=m365").await, vec![b.clone(), a.clone()]);
    assert_eq!(ids("/claims?program=osa-sell").await, vec![c.clone()]);
    assert_eq!(ids("/claims?program=osu-m365&q=adatum").await, vec![b.clone()]);
    assert_eq!(ids("/claims?status=editing").await.len(), 3);
    assert!(ids("/claims?status=approved").await.is_empty());
    assert_eq!(ids("/claims?status=bogus&sort=drop+table").await.len(), 3, "unknown values fall back to defaults");
}

#[tokio::test]
async fn every_column_sorts_both_ways() {
    let app = spawn_app().await;
    let [a, b, c] = three_claims(&app).await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let cases = [
        ("name", vec![a.clone(), b.clone(), c.clone()]),
        ("customer", vec![b.clone(), a.clone(), c.clone()]),
        ("tenant-id", vec![a.clone(), b.clone(), c.clone()]),
        ("program", vec![c.clone(), a.clone(), b.clone()]),
        ("products", vec![a.clone(), b.clone(), c.clone()]),
        ("last-change", vec![a.clone(), b.clone(), c.clone()]),
    ];
    for (column, ascending) in cases {
        let up = listed_ids(&client.get(&format!("/claims?sort={column}&dir=asc")).await.body);
        let down = listed_ids(&client.get(&format!("/claims?sort={column}&dir=desc")).await.body);
        if column == "program" || column == "products" {
            // Ties are broken by creation order; only check the distinct value.
            assert_eq!(up.first(), ascending.first(), "{column} ascending");
            assert_eq!(down.last(), ascending.first(), "{column} descending");
        } else {
            assert_eq!(up, ascending, "{column} ascending");
            let mut reversed = ascending.clone();
            reversed.reverse();
            assert_eq!(down, reversed, "{column} descending");
        }
    }
    let mut by_id = vec![a.clone(), b.clone(), c.clone()];
    by_id.sort();
    assert_eq!(listed_ids(&client.get("/claims?sort=claim-id&dir=asc").await.body), by_id);
    let sorted = client.get("/claims?sort=name&dir=asc").await.body;
    assert!(sorted.contains("aria-sort=\"ascending\""));
}

#[tokio::test]
async fn pagination_walks_every_claim_once_forwards_and_backwards() {
    let app = spawn_app().await;
    let mut all = Vec::new();
    for i in 0..120 {
        let name = format!("Claim {i:03}");
        all.push(app.insert_claim(app.seed.org_a, with(valid_claim_form(), &[("name", Some(&name))])).await);
        if i % 7 == 0 {
            app.clock.advance(chrono::Duration::seconds(1));
        }
    }
    let client = app.person(Caller::GlobalAdmin).await;
    for sort in ["last-change", "name", "customer", "status"] {
        let mut seen = Vec::new();
        let mut pages = Vec::new();
        let mut path = format!("/claims?sort={sort}&dir=desc");
        loop {
            let body = client.get(&path).await.body;
            let ids = listed_ids(&body);
            assert!(pages.len() < 10, "runaway pagination");
            assert!(ids.len() <= 50);
            seen.extend(ids.clone());
            pages.push((path.clone(), ids));
            match next_link(&body, "next") {
                Some(next) => path = next,
                None => break,
            }
        }
        assert_eq!(pages.len(), 3, "{sort}: 50 + 50 + 20");
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 120, "{sort}: every claim exactly once");
        let last = client.get(&pages[2].0).await.body;
        let previous = next_link(&last, "prev").expect("a previous link");
        assert_eq!(listed_ids(&client.get(&previous).await.body), pages[1].1, "{sort}: back to page two");
    }
    let first = client.get("/claims").await.body;
    assert!(next_link(&first, "prev").is_none(), "no previous page on the first page");
}

/// At a few thousand claims a search that matches most of them walks the sort order, a rare one is
/// read through the trigram index (SQLite), or the planner chooses (PostgreSQL): every way gives the
/// claims whose customer name, domain or claim name holds the text, in the chosen order, page by page.
#[tokio::test]
async fn a_search_anywhere_gives_the_same_pages_however_it_is_read() {
    use cpor_portal::db::dashboard::{Columns, Reading, SearchPlan, fetch_planned, search_candidates, search_plan};
    use cpor_portal::domain::dashboard_query::{DashboardParams, DashboardQuery, Direction, SortColumn};
    let dir = tempfile::tempdir().expect("dir");
    let url = fresh_database(&dir).await;
    let db = cpor_portal::db::Db::connect(&url).await.expect("db");
    db.migrate().await.expect("migrations");
    let now = cpor_portal::db::Timestamp(chrono::Utc::now());
    cpor_portal::demo::load_many(&db, 3000, now).await.expect("load");
    let org: i64 = cpor_portal::with_db!(&db, pool => sqlx::query_scalar(
        "SELECT org_id FROM claims GROUP BY org_id ORDER BY COUNT(*) DESC LIMIT 1").fetch_one(pool).await)
    .expect("org");
    let rows: Vec<(i64, String, String, String, String)> = cpor_portal::with_db!(&db, pool => sqlx::query_as(
        "SELECT id, customer_name, customer_domain, name, customer_key FROM claims WHERE org_id = $1").bind(org).fetch_all(pool).await)
    .expect("rows");
    // A rare text (one customer's number), a middling one (a word), one in every claim.
    let rare = rows[17].1.rsplit(' ').next().expect("number").to_owned();
    let word = rows[17].1.split(' ').rev().nth(1).expect("word").to_lowercase();
    for (text, walks_on_sqlite) in [(rare.as_str(), false), (word.as_str(), false), (".example", true)] {
        let holds = |s: &str| s.to_lowercase().contains(text);
        let mut expected: Vec<(String, i64)> =
            rows.iter().filter(|r| holds(&r.1) || holds(&r.2) || holds(&r.3)).map(|r| (r.4.clone(), r.0)).collect();
        assert!(!expected.is_empty(), "{text:?} matches");
        expected.sort();
        let expected: Vec<i64> = expected.into_iter().map(|(_, id)| id).collect();
        let params = DashboardParams { q: Some(text.to_uppercase()), sort: Some("customer".into()), ..Default::default() };
        let query = DashboardQuery::from_params(&params);
        assert_eq!((query.sort, query.direction), (SortColumn::Customer, Direction::Ascending));
        let chosen = search_plan(&db, text).await.expect("plan");
        let plans = match &db {
            cpor_portal::db::Db::Sqlite(_, readers) => {
                assert_eq!(chosen == Some(SearchPlan::Walk), walks_on_sqlite, "{text:?} with {} matches", expected.len());
                let (_, every_candidate) = search_candidates(readers, text, i64::MAX).expect("candidates");
                vec![Some(SearchPlan::Matches(every_candidate)), Some(SearchPlan::Walk)]
            }
            cpor_portal::db::Db::Pg(..) => {
                assert_eq!(chosen, None, "PostgreSQL's planner chooses");
                vec![None]
            }
        };
        for plan in plans {
            let mut seen = Vec::new();
            let mut start = None;
            loop {
                let reading = Reading { columns: Columns::Page, start: start.as_ref(), direction: Direction::Ascending, limit: 50 };
                let page = fetch_planned(&db, org, &query, reading, plan.clone()).await.expect("page");
                seen.extend(page.iter().map(|r| r.id));
                match page.last() {
                    Some(last) if page.len() == 50 => start = Some(last.cursor(SortColumn::Customer)),
                    _ => break,
                }
            }
            assert_eq!(seen, expected, "{text:?} read by {:?}", plan.map(|p| matches!(p, SearchPlan::Walk)));
        }
    }
}
