use super::*;
use crate::domain::claim::SolutionArea;
use crate::domain::claim_form::CatalogueProduct;
use chrono::NaiveDate;

fn catalogue() -> Vec<CatalogueProduct> {
    vec![
        CatalogueProduct { code: "teams".into(), name: "Microsoft Teams".into(), solution_area: SolutionArea::ALL[0] },
        CatalogueProduct { code: "exchange-online".into(), name: "Exchange Online".into(), solution_area: SolutionArea::ALL[0] },
    ]
}

fn names() -> Names {
    let mut names = Names::default();
    names.headings.insert("kundenname".into(), "customer_name");
    names.headings.insert("name".into(), "name");
    names.values.insert("moderne arbeit".into(), SolutionArea::ALL[0].as_str().into());
    names
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn headings_are_codes_or_labels_in_any_language() {
    let columns = columns(&strings(&["Name *", "Kundenname", "products", ""]), &names()).expect("known");
    assert_eq!(columns, vec![Some("name"), Some("customer_name"), Some("products"), None]);
    assert_eq!(columns_err(&["name", "customer_name", "products", "password"]), FileProblem::UnknownHeading);
    assert_eq!(columns_err(&["name", "name", "customer_name", "products"]), FileProblem::UnknownHeading, "a field twice");
    assert_eq!(columns_err(&["name", "customer_name"]), FileProblem::MissingColumn);
    assert_eq!(columns_err(&["", " "]), FileProblem::Empty);
}

fn columns_err(headings: &[&str]) -> FileProblem {
    columns(&strings(headings), &names()).expect_err("refused")
}

#[test]
fn a_row_becomes_the_forms_input() {
    let catalogue = catalogue();
    let mpn = vec!["1234567".to_string()];
    let ctx = FormContext { mpn_ids: &mpn, catalogue: &catalogue, today: NaiveDate::from_ymd_opt(2026, 11, 1).expect("date") };
    let columns = vec![Some("products"), Some("subscriptions"), Some("solution_area"), None, Some("customer_name")];
    let cells = strings(&[
        "Microsoft Teams; exchange-online",
        "teams = 8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c",
        "Moderne Arbeit",
        "ignored",
        "Contoso",
    ]);
    let input = row_input(&cells, &columns, &names(), &ctx, "de");
    assert_eq!(input.products, vec!["teams", "exchange-online"]);
    assert_eq!(input.subscriptions.get("teams").map(String::as_str), Some("8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c"));
    assert_eq!(input.solution_area, SolutionArea::ALL[0].as_str());
    assert_eq!(input.customer_name, "Contoso");
    assert_eq!(input.customer_contact_locale, "de", "the importer's language by default");
    let errors = check_row(&cells, &columns, &names(), &ctx, "de").expect_err("most fields are missing");
    assert!(errors.get("name").is_some() && errors.get("mpn_id").is_some());
    assert!(is_blank(&strings(&["", "  "])) && !is_blank(&cells));
}
