//! Importing associations on the dashboard: download the template (CSV or .xlsx), upload a CSV or
//! .xlsx file, see every row checked by the claim form's own rules with each bad cell named, then
//! create the valid rows as claims in Editing in one transaction, and download the rows that
//! failed with their reasons. The rows are kept between checking and creating; at creation they
//! are checked again against the catalogue and MPN IDs of that moment.

use super::claim_form::offered;
use super::error::AppError;
use super::page::{Page, ok, render, see_other};
use super::posted::{NoFields, Posted};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::auth::tokens::same_secret;
use crate::db::claims;
use crate::db::imports::{self, ImportRecord, NewImport};
use crate::domain::claim::{Activity, SolutionArea};
use crate::domain::claim_form::{ClaimDraft, FormContext};
use crate::domain::import::{self, COLUMNS, MAX_FILE_BYTES, Names};
use crate::domain::role::Permission;
use crate::i18n::{Locale, SUPPORTED};
use crate::spreadsheet::{self, SheetError};
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use futures_util::StreamExt;

/// At most this many problems are listed on the page; all are in the failed rows' download.
const PROBLEMS_SHOWN: usize = 200;

/// The template's heading of each column in `locale`: the form's label (a `*` marks the ones the
/// file must have).
fn headings(locale: &Locale) -> Vec<String> {
    COLUMNS
        .iter()
        .map(|c| {
            let label = locale.t(&format!("field-{c}"));
            if ["name", "customer_name", "products"].contains(c) { format!("{label} *") } else { label.to_owned() }
        })
        .collect()
}

/// Every heading and label of the five languages, for reading a file made in any of them.
fn names() -> Names {
    let mut names = Names::default();
    for (tag, _) in SUPPORTED {
        let Some(locale) = Locale::from_tag(tag) else { continue };
        for column in COLUMNS {
            names.headings.insert(locale.t(&format!("field-{column}")).to_lowercase(), column);
        }
        for area in SolutionArea::ALL {
            names.values.insert(locale.t(area.label_key()).to_lowercase(), area.as_str().to_owned());
        }
        for activity in Activity::ALL {
            names.values.insert(locale.t(activity.label_key()).to_lowercase(), activity.as_str().to_owned());
        }
    }
    for (tag, name) in SUPPORTED {
        names.values.insert(name.to_lowercase(), (*tag).to_owned());
    }
    names
}

/// One bad cell: its row (as numbered in the spreadsheet), its column's heading and why.
pub struct CellProblem {
    pub row: usize,
    pub heading: String,
    pub message_key: &'static str,
}

/// The rows of an import judged: the valid ones' drafts, and each bad row with its problems.
struct Checked {
    valid: Vec<ClaimDraft>,
    problems: Vec<CellProblem>,
    failed_rows: Vec<(Vec<String>, Vec<CellProblem>)>,
}

async fn check(state: &AppState, org_id: i64, record: &ImportRecord) -> Result<Result<Checked, &'static str>, AppError> {
    let rows = record.rows();
    let Some((heading_row, data)) = rows.split_first() else { return Ok(Err(import::FileProblem::Empty.message_key())) };
    let names = names();
    let columns = match import::columns(heading_row, &names) {
        Ok(columns) => columns,
        Err(problem) => return Ok(Err(problem.message_key())),
    };
    let (mpn_ids, catalogue) = offered(state, org_id, None).await?;
    let ctx = FormContext { mpn_ids: &mpn_ids, catalogue: &catalogue, today: state.clock.now().date_naive() };
    let mut checked = Checked { valid: Vec::new(), problems: Vec::new(), failed_rows: Vec::new() };
    for (index, cells) in data.iter().enumerate() {
        if import::is_blank(cells) {
            continue;
        }
        match import::check_row(cells, &columns, &names, &ctx, &record.locale) {
            Ok(draft) => checked.valid.push(draft),
            Err(errors) => {
                let heading = |field: &str| {
                    columns
                        .iter()
                        .position(|c| *c == Some(field))
                        .and_then(|i| heading_row.get(i))
                        .cloned()
                        .unwrap_or_else(|| field.to_owned())
                };
                let row_problems: Vec<CellProblem> = errors
                    .0
                    .iter()
                    .map(|e| CellProblem { row: index + 2, heading: heading(e.field), message_key: e.message_key })
                    .collect();
                for problem in &row_problems {
                    if checked.problems.len() < PROBLEMS_SHOWN {
                        checked.problems.push(CellProblem {
                            row: problem.row,
                            heading: problem.heading.clone(),
                            message_key: problem.message_key,
                        });
                    }
                }
                checked.failed_rows.push((cells.clone(), row_problems));
            }
        }
    }
    Ok(Ok(checked))
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    page: Page,
    /// Why the file could not be read at all (a translation key).
    problem: Option<&'static str>,
    areas: &'static [SolutionArea],
    activities: &'static [Activity],
}

#[derive(Template)]
#[template(path = "import_checked.html")]
struct CheckedPage {
    page: Page,
    import_id: String,
    file_name: String,
    valid: usize,
    failed: usize,
    problems: Vec<CellProblem>,
    more_problems: bool,
    done: Option<i64>,
}

fn import_page(user: &SignedIn, problem: Option<&'static str>) -> ImportPage {
    ImportPage { page: Page::new(&user.visitor), problem, areas: SolutionArea::ALL, activities: Activity::ALL }
}

#[get("/claims/import")]
pub async fn show(user: SignedIn) -> Result<HttpResponse, AppError> {
    user.org_member(Permission::EditClaims)?;
    ok(&import_page(&user, None))
}

#[derive(serde::Deserialize)]
pub struct TemplatePath {
    format: String,
}

/// The template, with its headings in the person's language.
#[get("/claims/import/template.{format}")]
pub async fn template(user: SignedIn, path: web::Path<TemplatePath>) -> Result<HttpResponse, AppError> {
    user.org_member(Permission::EditClaims)?;
    let headings = headings(&user.visitor.locale);
    let (bytes, content_type) = match path.format.as_str() {
        "csv" => (spreadsheet::csv(&[headings]), "text/csv; charset=utf-8"),
        "xlsx" => (
            spreadsheet::xlsx_template(&headings).map_err(|e| AppError::Internal(anyhow::anyhow!("the template: {e}")))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        _ => return Err(AppError::NotFound),
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"cpor-import.{}\"", path.format)))
        .body(bytes))
}

/// The uploaded file: its name and bytes, within `MAX_FILE_BYTES`; the CSRF token must come first.
async fn receive(mut payload: Multipart, expected_token: &str) -> Result<Result<(String, Vec<u8>), &'static str>, AppError> {
    let mut token_ok = false;
    let mut file = None;
    let mut parts = 0;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| AppError::BadRequest("error-page-bad-request"))?;
        parts += 1;
        if parts > 4 {
            return Err(AppError::BadRequest("error-page-bad-request"));
        }
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.content_disposition().and_then(|d| d.get_filename()).unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        let limit = if name == "file" { MAX_FILE_BYTES } else { 256 };
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| AppError::BadRequest("error-page-bad-request"))?;
            if bytes.len() + chunk.len() > limit {
                return Ok(Err(SheetError::TooLarge.message_key()));
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "csrf_token" => token_ok = same_secret(&String::from_utf8_lossy(&bytes), expected_token),
            "file" if token_ok => file = Some((super::poe_upload::receive::display_name(&file_name), bytes)),
            _ if !token_ok => return Err(AppError::CsrfRejected),
            _ => {}
        }
    }
    if !token_ok {
        return Err(AppError::CsrfRejected);
    }
    Ok(file.filter(|(_, bytes)| !bytes.is_empty()).ok_or("import-choose-file"))
}

#[post("/claims/import")]
pub async fn upload(state: web::Data<AppState>, user: SignedIn, payload: Multipart) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let expected = user.visitor.csrf_token().unwrap_or_default().to_owned();
    let refused = |key| render(StatusCode::UNPROCESSABLE_ENTITY, &import_page(&user, Some(key)));
    let (file_name, bytes) = match receive(payload, &expected).await? {
        Ok(file) => file,
        Err(key) => return refused(key),
    };
    let rows = match tokio::task::spawn_blocking(move || spreadsheet::read(&bytes)).await.map_err(anyhow::Error::from)? {
        Ok(rows) => rows,
        Err(problem) => return refused(problem.message_key()),
    };
    if let Some(heading_row) = rows.first()
        && let Err(problem) = import::columns(heading_row, &names())
    {
        return refused(problem.message_key());
    }
    if rows.len() < 2 {
        return refused(import::FileProblem::Empty.message_key());
    }
    let public_id = uuid::Uuid::new_v4().simple().to_string();
    let new = NewImport {
        public_id: &public_id,
        org_id: member.org_id,
        user_id: member.user_id,
        file_name: &file_name,
        rows: &rows,
        locale: user.visitor.locale.tag(),
    };
    imports::create(&state.db, &new, state.now()).await?;
    Ok(see_other(&format!("/claims/import/{public_id}")))
}

async fn own_import(state: &AppState, user: &SignedIn, public_id: &str) -> Result<(i64, ImportRecord), AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let record = imports::find(&state.db, member.org_id, public_id).await?.ok_or(AppError::NotFound)?;
    Ok((member.org_id, record))
}

#[get("/claims/import/{id}")]
pub async fn review(state: web::Data<AppState>, user: SignedIn, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (org_id, record) = own_import(&state, &user, &path).await?;
    let checked = match check(&state, org_id, &record).await? {
        Ok(checked) => checked,
        Err(key) => return render(StatusCode::UNPROCESSABLE_ENTITY, &import_page(&user, Some(key))),
    };
    let failed = checked.failed_rows.len();
    let more_problems = checked.failed_rows.iter().map(|(_, p)| p.len()).sum::<usize>() > checked.problems.len();
    ok(&CheckedPage {
        page: Page::new(&user.visitor),
        import_id: record.public_id,
        file_name: record.file_name,
        valid: checked.valid.len(),
        failed,
        problems: checked.problems,
        more_problems,
        done: record.done_at.and(record.created_claims),
    })
}

/// The rows that failed, as they were, with a last column saying why, in the person's language.
#[get("/claims/import/{id}/failed.csv")]
pub async fn failed_csv(state: web::Data<AppState>, user: SignedIn, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (org_id, record) = own_import(&state, &user, &path).await?;
    let checked = check(&state, org_id, &record).await?.map_err(AppError::Conflict)?;
    let locale = &user.visitor.locale;
    let mut heading_row = record.rows().into_iter().next().unwrap_or_default();
    heading_row.push(locale.t("import-problems-column").to_owned());
    let mut out = vec![heading_row];
    for (mut cells, problems) in checked.failed_rows {
        let why: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.heading, locale.t(p.message_key))).collect();
        cells.push(why.join("; "));
        out.push(cells);
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"cpor-import-failed.csv\""))
        .body(spreadsheet::csv(&out)))
}

/// Creates the valid rows as claims in Editing, in one transaction, once.
#[post("/claims/import/{id}/create")]
pub async fn create(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let (org_id, record) = own_import(&state, &user, &path).await?;
    let checked = check(&state, org_id, &record).await?.map_err(AppError::Conflict)?;
    if checked.valid.is_empty() {
        return Err(AppError::Conflict("import-nothing-valid"));
    }
    match claims::insert_all(&state.db, org_id, &user.actor(), &checked.valid, Some(record.id), state.now()).await? {
        // Created now, or by an earlier press of the button: the page says how many.
        Some(_) | None => Ok(see_other(&format!("/claims/import/{}", record.public_id))),
    }
}
