//! Importing associations from CSV and .xlsx: the template in the person's language, every row
//! checked by the form's rules with each bad cell named, exactly the good rows created, once, and
//! the failed rows downloadable with their reasons.

use crate::helpers::*;
use cpor_portal::domain::import::COLUMNS;
use reqwest::StatusCode;

/// A valid row for the template's columns, numbered so each claim differs.
fn good_row(n: usize) -> Vec<String> {
    let form = valid_claim_form();
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    COLUMNS
        .iter()
        .map(|column| match *column {
            "name" => format!("Imported association {n}"),
            "customer_name" => format!("Customer {n}"),
            "products" => "teams; Exchange Online".to_owned(),
            "subscriptions" | "technical_contact_name" | "technical_contact_title" | "technical_contact_email" | "commentary" => {
                String::new()
            }
            "customer_contact_locale" => "de".to_owned(),
            other => field(other),
        })
        .collect()
}

fn csv_of(rows: &[Vec<String>], separator: char) -> Vec<u8> {
    let mut text = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
        text.push_str(&cells.join(&separator.to_string()));
        text.push_str("\r\n");
    }
    text.into_bytes()
}

async fn upload(client: &Client, name: &str, bytes: Vec<u8>) -> Page {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    let form = reqwest::multipart::Form::new().text("csrf_token", client.csrf()).part("file", part);
    let response = client.http.post(format!("{}/claims/import", client.base())).multipart(form).send().await.expect("upload");
    let status = response.status();
    let headers = response.headers().clone();
    Page { status, headers, body: response.text().await.unwrap_or_default() }
}

#[tokio::test]
async fn five_thousand_rows_with_bad_cells_create_exactly_the_good_ones_once() {
    let app = spawn_app().await;
    let partner = app.client(Caller::IncentivesAdmin).await;
    // German headings, semicolons, as Excel saves a CSV in Germany.
    let template = partner.get("/claims/import/template.csv").await;
    assert_eq!(template.status, StatusCode::OK);
    let mut rows = vec![COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
    let mut bad = Vec::new();
    for n in 0..5000 {
        let mut row = good_row(n);
        match n % 1000 {
            7 => row[11] = "not an address".into(),    // customer_contact_email
            8 => row[19] = "31/12/2026".into(),        // engagement_date
            9 => row[7] = "no-such-product".into(),    // products
            10 => row[1] = "9999999".into(),           // mpn_id of no org of ours
            11 => row[0] = "Bad \u{202e} name".into(), // an invisible override
            _ => {}
        }
        if (7..=11).contains(&(n % 1000)) {
            bad.push(n);
        }
        rows.push(row);
    }
    let started = std::time::Instant::now();
    let checked = upload(&partner, "associations.csv", csv_of(&rows, ';')).await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
    let page = partner.get(checked.location()).await;
    assert!(page.body.contains("Rows ready to import: 4975."), "{}", page.body);
    assert!(page.body.contains("Rows with problems, which will not be imported: 25."));
    for (heading, message) in [
        ("customer_contact_email", "Enter an e-mail address"),
        ("engagement_date", "Enter a date"),
        ("products", "not in the catalogue"),
        ("mpn_id", ""),
        ("name", ""),
    ] {
        assert!(page.body.contains(&format!("<td>{heading}</td>")), "{heading} named");
        assert!(page.body.contains(message), "{message}");
    }
    assert!(page.body.contains("<th scope=\"row\">9</th>"), "row numbers as in the spreadsheet (row 9 is data row 7)");
    assert_eq!(app.claim_count().await, 0, "nothing created before confirming");
    // The failed rows, with their reasons.
    let import_path = checked.location().to_owned();
    let failed = partner.get(&format!("{import_path}/failed.csv")).await;
    let failed_rows: Vec<&str> = failed.body.lines().collect();
    assert_eq!(failed_rows.len(), 26, "a heading and the 25 bad rows");
    assert!(failed_rows[0].ends_with("Problems"));
    assert!(failed.body.contains("customer_contact_email: Enter an e-mail address"));
    // Create, twice: once.
    let form = partner.get(&import_path).await;
    let action = format!("{import_path}/create");
    assert!(form.body.contains(&action));
    assert_eq!(partner.post(&action, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(partner.post(&action, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.claim_count().await, 4975, "exactly the good rows, once");
    println!("5,000 rows checked and created in {:?}", started.elapsed());
    assert!(partner.get(&import_path).await.body.contains("Associations created in Editing: 4975."));
    let claim = partner.get("/claims?q=Customer 4999").await;
    assert!(claim.body.contains("Imported association 4999"));
    // Another org does not see the import.
    let other = app.client(Caller::OtherOrgAdmin).await;
    assert_eq!(other.get(&import_path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.post(&action, &[]).await.status, StatusCode::NOT_FOUND);
    // Billing admins do not import.
    assert_eq!(app.client(Caller::BillingAdmin).await.get("/claims/import").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_xlsx_template_in_any_language_is_read_back() {
    let app = spawn_app().await;
    let partner = app.client(Caller::GlobalAdmin).await;
    let response = partner
        .http
        .get(format!("{}/claims/import/template.xlsx", partner.base()))
        .header("Accept-Language", "hu")
        .send()
        .await
        .expect("template");
    assert_eq!(response.status(), StatusCode::OK);
    let template = response.bytes().await.expect("bytes").to_vec();
    let rows = cpor_portal::spreadsheet::read(&template).expect("an xlsx the portal reads");
    assert_eq!(rows.len(), 1);
    assert!(rows[0].iter().any(|h| h.starts_with("Ügyfél")), "Hungarian headings: {:?}", rows[0]);
    // An .xlsx made from that template with one good row, through a real xlsx writer.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, heading) in rows[0].iter().enumerate() {
        sheet.write_string(0, column as u16, heading).expect("heading");
    }
    for (column, cell) in good_row(1).iter().enumerate() {
        if COLUMNS[column] == "engagement_date" {
            let date = rust_xlsxwriter::ExcelDateTime::parse_from_str(cell).expect("date");
            let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
            sheet.write_datetime_with_format(1, column as u16, &date, &format).expect("date cell");
        } else {
            sheet.write_string(1, column as u16, cell).expect("cell");
        }
    }
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let checked = upload(&partner, "one.xlsx", bytes).await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
    let page = partner.get(checked.location()).await;
    assert!(page.body.contains("Rows ready to import: 1."), "{}", page.body);
    // Files it cannot read are refused with the reason, and nothing is kept.
    for (name, bytes, reason) in [
        ("empty.csv", b"name,customer_name,products\n".to_vec(), "no rows to import"),
        ("odd.csv", b"name,password\nx,y\n".to_vec(), "is not one of the template"),
        ("binary.csv", vec![0xff, 0xfe, 0x00, 0x41], "neither a CSV file"),
    ] {
        let refused = upload(&partner, name, bytes).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(refused.body.contains(reason), "{name}: {}", refused.body);
    }
    // The form needs its CSRF token.
    let part = reqwest::multipart::Part::bytes(b"name\nx\n".to_vec()).file_name("x.csv");
    let form = reqwest::multipart::Form::new().part("file", part);
    let forged = partner.http.post(format!("{}/claims/import", partner.base())).multipart(form).send().await.expect("post");
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}
