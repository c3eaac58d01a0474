//! CSV export of the dashboard's filtered set.

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_export_is_utf8_with_a_bom_and_a_header() {
    let app = spawn_app().await;
    let id = app.insert_claim(app.seed.org_a, with(valid_claim_form(), &[("customer_name", Some("Ügyfél Kft. 고객"))])).await;
    let client = app.person(Caller::BillingAdmin).await;
    let response = client.http.get(app.url("/claims/export.csv")).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .starts_with("attachment; filename=\"customer-associations-2026-11-20.csv\"")
    );
    let bytes = response.bytes().await.expect("body");
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(&headers[0], "Claim ID");
    assert_eq!(&headers[10], "Status");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], id);
    assert_eq!(&rows[0][2], "Ügyfél Kft. 고객");
    assert_eq!(&rows[0][9], "Microsoft Teams, Exchange Online");
    assert_eq!(&rows[0][10], "Editing");
}

#[tokio::test]
async fn spreadsheet_formulas_are_defused() {
    let app = spawn_app().await;
    app.insert_claim(
        app.seed.org_a,
        with(valid_claim_form(), &[("name", Some("=HYPERLINK(\"http://evil.test\")")), ("customer_name", Some("+cmd"))]),
    )
    .await;
    let body = app.person(Caller::GlobalAdmin).await.get("/claims/export.csv").await.body;
    let mut reader = csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    let row = reader.records().next().expect("a row").expect("row");
    assert_eq!(&row[1], "'=HYPERLINK(\"http://evil.test\")");
    assert_eq!(&row[2], "'+cmd");
}

#[tokio::test]
async fn the_export_holds_exactly_the_filtered_set_across_batches() {
    let app = spawn_app().await;
    for i in 0..1010 {
        let name = format!("Bulk {i:04}");
        app.insert_claim(app.seed.org_a, with(valid_claim_form(), &[("name", Some(&name))])).await;
    }
    let other = with(valid_claim_form(), &[("customer_name", Some("Zeta Corp")), ("customer_domain", Some("zeta.example"))]);
    app.insert_claim(app.seed.org_a, other).await;
    app.insert_claim(app.seed.org_b, with(valid_claim_form(), &[("mpn_id", Some("5550001")), ("name", Some("Theirs"))])).await;
    let client = app.person(Caller::GlobalAdmin).await;
    let count = |body: &str| csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes()).records().count();
    let everything = client.get("/claims/export.csv?sort=name&dir=asc").await.body;
    assert_eq!(count(&everything), 1011, "all of this org's claims, past the first batch of 1000");
    assert!(!everything.contains("Theirs"));
    let mut names: Vec<String> = csv::Reader::from_reader(everything.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.expect("row")[1].to_string())
        .collect();
    let listed = names.clone();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 1011, "no row twice");
    assert_eq!(listed, names, "in the dashboard's order");
    let filtered = client.get("/claims/export.csv?q=zeta").await.body;
    assert_eq!(count(&filtered), 1);
    assert!(filtered.contains("Zeta Corp"));
}
