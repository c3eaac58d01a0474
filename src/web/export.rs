//! CSV export of the dashboard's filtered set, streamed page by page so a large export holds
//! only one batch in memory. UTF-8 with a byte-order mark (so spreadsheets read every script),
//! and cells that a spreadsheet would run as a formula are defused.

use super::error::AppError;
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::Db;
use crate::db::dashboard::{self, Columns, DashboardRow};
use crate::domain::dashboard_query::{DashboardParams, DashboardQuery};
use crate::domain::role::Permission;
use crate::i18n::Locale;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, get, http::header, web};
use futures_util::stream;

const BATCH: usize = 1000;

/// A cell as a spreadsheet will read it safely: text starting with `= + - @` (or a tab or
/// carriage return) gets a leading apostrophe so it is never evaluated.
pub fn formula_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

fn header_row(locale: &Locale) -> Vec<String> {
    [
        "column-claim-id",
        "column-name",
        "field-customer_name",
        "field-customer_domain",
        "column-tenant-id",
        "field-mpn_id",
        "field-solution_area",
        "field-activity",
        "column-program",
        "column-products",
        "column-status",
        "column-last-change",
    ]
    .iter()
    .map(|k| locale.t(k).to_owned())
    .collect()
}

fn record(locale: &Locale, row: &DashboardRow) -> Vec<String> {
    vec![
        row.public_id.clone(),
        row.name.clone(),
        row.customer_name.clone(),
        row.customer_domain.clone(),
        row.tenant_id.clone(),
        row.mpn_id.clone(),
        locale.t(&format!("solution-area-{}", row.solution_area)).to_owned(),
        locale.t(&format!("activity-{}", row.activity)).to_owned(),
        locale.t(&format!("program-{}", row.program)).to_owned(),
        row.products_label.clone(),
        locale.t(row.status.label_key()).to_owned(),
        row.updated_at.to_text(),
    ]
}

fn csv_bytes(rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row.iter().map(|c| formula_safe(c))).map_err(anyhow::Error::from)?;
    }
    writer.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))
}

struct ExportState {
    db: Db,
    org_id: i64,
    query: DashboardQuery,
    locale: Locale,
    cursor: Option<crate::domain::dashboard_query::Cursor>,
    done: bool,
}

#[get("/claims/export.csv")]
pub async fn export(state: web::Data<AppState>, user: SignedIn, params: web::Query<DashboardParams>) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ViewOrgClaims)?;
    let mut query = DashboardQuery::from_params(&params);
    query.start = crate::domain::dashboard_query::PageStart::First;
    let locale = user.visitor.locale.clone();
    let mut head = "\u{feff}".as_bytes().to_vec();
    head.extend(csv_bytes([header_row(&locale)])?);
    let first = stream::once(async move { Ok::<_, AppError>(Bytes::from(head)) });
    let rows = stream::try_unfold(
        ExportState { db: state.db.clone(), org_id: member.org_id, query, locale, cursor: None, done: false },
        |mut s| async move {
            if s.done {
                return Ok(None);
            }
            let batch = dashboard::fetch(&s.db, s.org_id, &s.query, Columns::Export, s.cursor.as_ref(), s.query.direction, BATCH).await?;
            s.done = batch.len() < BATCH;
            s.cursor = batch.last().map(|r| r.cursor(s.query.sort));
            let bytes = csv_bytes(batch.iter().map(|r| record(&s.locale, r)))?;
            Ok(Some((Bytes::from(bytes), s)))
        },
    );
    let filename = format!("customer-associations-{}.csv", state.clock.now().format("%Y-%m-%d"));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")))
        .streaming(futures_util::StreamExt::chain(first, rows)))
}

#[cfg(test)]
mod tests {
    use super::formula_safe;

    #[test]
    fn formulas_are_defused() {
        for (cell, expected) in
            [("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-1", "'-1"), ("@cmd", "'@cmd"), ("Contoso", "Contoso"), ("", "")]
        {
            assert_eq!(formula_safe(cell), expected);
        }
    }
}
