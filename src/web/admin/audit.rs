//! The audit log: who did what, when and from where; filtered by person, kind and date, newest
//! first with keyset pagination, and exported as CSV with the same filters.

use crate::db::Timestamp;
use crate::db::audit::{self, AuditFilter, AuditRecord};
use crate::domain::audit::AuditKind;
use crate::web::error::AppError;
use crate::web::export::formula_safe;
use crate::web::page::{Page, ok};
use crate::web::state::AppState;
use crate::web::visitor::SignedIn;
use actix_web::{HttpResponse, get, web};
use askama::Template;
use chrono::{NaiveDate, TimeZone};

const PAGE_SIZE: i64 = 100;
/// The most entries one export holds.
const EXPORT_LIMIT: i64 = 100_000;

#[derive(serde::Deserialize, Default)]
pub struct AuditQuery {
    person: Option<String>,
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<i64>,
}

/// The filter as the form shows it again, and as the database reads it.
struct Filters {
    person: String,
    kind: String,
    from: String,
    to: String,
    filter: AuditFilter,
}

/// The start of a day in the business time zone.
fn day_start(state: &AppState, day: NaiveDate) -> Option<Timestamp> {
    let zone = state.settings.durations.calendar.zone();
    zone.from_local_datetime(&day.and_hms_opt(0, 0, 0)?).earliest().map(|t| Timestamp(t.with_timezone(&chrono::Utc)))
}

fn filters(state: &AppState, query: &AuditQuery) -> Result<Filters, AppError> {
    let bad = || AppError::BadRequest("error-page-bad-request");
    let person: String = query.person.as_deref().unwrap_or("").trim().chars().take(254).collect();
    let kind = query.kind.as_deref().unwrap_or("").to_owned();
    let kind_filter = if kind.is_empty() { None } else { Some(AuditKind::parse(&kind).ok_or_else(bad)?) };
    let date = |text: &Option<String>| -> Result<Option<NaiveDate>, AppError> {
        match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").map(Some).map_err(|_| bad()),
        }
    };
    let (from, to) = (date(&query.from)?, date(&query.to)?);
    let filter = AuditFilter {
        person: Some(person.to_lowercase()).filter(|p| !p.is_empty()),
        kind: kind_filter,
        since: from.and_then(|d| day_start(state, d)),
        // `to` is the last day shown: entries before the start of the next.
        until: to.and_then(|d| d.succ_opt()).and_then(|d| day_start(state, d)),
    };
    let text = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    Ok(Filters { person, kind, from: text(from), to: text(to), filter })
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    page: Page,
    current: &'static str,
    person: String,
    kind: String,
    from: String,
    to: String,
    kinds: [AuditKind; AuditKind::ALL.len()],
    entries: Vec<AuditRecord>,
    /// The filter as a query string (for the export and the next page).
    query: String,
    next: Option<i64>,
}

impl AuditPage {
    pub fn kind_label(&self, entry: &AuditRecord) -> String {
        entry.kind().map(|k| k.label_key()).unwrap_or_else(|| "audit-unknown".into())
    }
}

fn query_string(f: &Filters) -> String {
    serde_urlencoded::to_string([("person", &f.person), ("kind", &f.kind), ("from", &f.from), ("to", &f.to)]).unwrap_or_default()
}

#[get("/admin/audit")]
pub async fn show(state: web::Data<AppState>, user: SignedIn, query: web::Query<AuditQuery>) -> Result<HttpResponse, AppError> {
    user.operator()?;
    let f = filters(&state, &query)?;
    let mut entries = audit::list(&state.db, &f.filter, query.before, PAGE_SIZE + 1).await?;
    let next = if entries.len() as i64 > PAGE_SIZE {
        entries.truncate(PAGE_SIZE as usize);
        entries.last().map(|e| e.id)
    } else {
        None
    };
    let query = query_string(&f);
    ok(&AuditPage {
        page: Page::new(&user.visitor),
        current: "/admin/audit",
        person: f.person,
        kind: f.kind,
        from: f.from,
        to: f.to,
        kinds: AuditKind::ALL,
        entries,
        query,
        next,
    })
}

/// The filtered log as CSV: when (UTC, RFC 3339), kind, who, their address, from where, subject,
/// detail. Cells a spreadsheet would run as a formula are defused.
#[get("/admin/audit.csv")]
pub async fn export(state: web::Data<AppState>, user: SignedIn, query: web::Query<AuditQuery>) -> Result<HttpResponse, AppError> {
    user.operator()?;
    let f = filters(&state, &query)?;
    let entries = audit::list(&state.db, &f.filter, None, EXPORT_LIMIT).await?;
    let locale = &user.visitor.locale;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let heading = [
        "audit-column-at",
        "audit-column-kind",
        "audit-column-name",
        "audit-column-email",
        "audit-column-from",
        "audit-column-subject",
        "audit-column-detail",
    ];
    writer.write_record(heading.iter().map(|k| locale.t(k))).map_err(anyhow::Error::from)?;
    for e in &entries {
        let kind = e.kind().map(|k| locale.t(&k.label_key()).to_owned()).unwrap_or_else(|| e.kind.clone());
        let row = [
            e.at.0.to_rfc3339(),
            kind,
            e.actor_name.clone(),
            e.actor_email.clone(),
            e.client_addr.clone(),
            e.subject.clone(),
            e.detail.clone(),
        ];
        writer.write_record(row.iter().map(|c| formula_safe(c))).map_err(anyhow::Error::from)?;
    }
    let body = writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", "attachment; filename=\"cpor-audit-log.csv\""))
        .body(body))
}
