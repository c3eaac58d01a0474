//! The customer associations dashboard.

use super::error::AppError;
use super::page::{Page, ok};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::dashboard::{self, DashboardRow};
use crate::domain::claim::{ClaimStatus, Program, SolutionArea};
use crate::domain::dashboard_query::{DashboardParams, DashboardQuery, Direction, SortColumn};
use crate::domain::role::Permission;
use crate::domain::workflow::{Side, who_acts};
use actix_web::{HttpResponse, get, web};
use askama::Template;

/// A status tab with its count.
pub struct StatusTab {
    pub status: Option<ClaimStatus>,
    pub count: i64,
    pub href: String,
    pub current: bool,
}

/// A sortable column heading.
pub struct ColumnHeading {
    pub label_key: &'static str,
    pub href: String,
    /// "ascending" / "descending" when the table is sorted by this column.
    pub aria_sort: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    page: Page,
    query: DashboardQuery,
    tabs: Vec<StatusTab>,
    headings: Vec<ColumnHeading>,
    rows: Vec<DashboardRow>,
    /// The time the page is shown at, which deadlines are compared with.
    now: chrono::DateTime<chrono::Utc>,
    total: i64,
    next_href: Option<String>,
    previous_href: Option<String>,
    export_href: String,
    areas: &'static [SolutionArea],
    programs: &'static [Program],
}

impl DashboardPage {
    /// Who acts next on the claim, in a word (the claim page says what exactly).
    fn next_step_key(&self, row: &DashboardRow) -> &'static str {
        match who_acts(row.status, row.due_at.map(|d| d.0), self.now) {
            Some(Side::Partner) => "next-step-partner",
            Some(Side::Reviewer) => "next-step-reviewer",
            Some(Side::Customer) => "next-step-customer",
            Some(Side::System) | None => "next-step-none",
        }
    }
}

fn heading(query: &DashboardQuery, column: SortColumn, label_key: &'static str) -> ColumnHeading {
    let current = query.sort == column;
    let direction = if current { query.direction.reversed() } else { Direction::Ascending };
    ColumnHeading {
        label_key,
        href: format!("/claims?{}", query.query_string(Some((column, direction)))),
        aria_sort: current.then_some(match query.direction {
            Direction::Ascending => "ascending",
            Direction::Descending => "descending",
        }),
    }
}

#[get("/claims")]
pub async fn customer_associations(
    state: web::Data<AppState>,
    user: SignedIn,
    params: web::Query<DashboardParams>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ViewOrgClaims)?;
    let query = DashboardQuery::from_params(&params);
    let counts = dashboard::status_counts(&state.db, member.org_id).await?;
    let count_of = |s: ClaimStatus| counts.iter().find(|(code, _)| code == s.as_str()).map(|(_, n)| *n).unwrap_or(0);
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    let page = dashboard::page(&state.db, member.org_id, &query, DashboardQuery::PAGE_SIZE).await?;

    let tab_href = |status: Option<ClaimStatus>| {
        let mut q = query.clone();
        q.status = status;
        format!("/claims?{}", q.query_string(None))
    };
    let mut tabs = vec![StatusTab { status: None, count: total, href: tab_href(None), current: query.status.is_none() }];
    tabs.extend(ClaimStatus::ALL.iter().map(|s| StatusTab {
        status: Some(*s),
        count: count_of(*s),
        href: tab_href(Some(*s)),
        current: query.status == Some(*s),
    }));
    let headings = vec![
        heading(&query, SortColumn::ClaimId, "column-claim-id"),
        heading(&query, SortColumn::Name, "column-name"),
        heading(&query, SortColumn::Customer, "column-customer"),
        heading(&query, SortColumn::TenantId, "column-tenant-id"),
        heading(&query, SortColumn::Program, "column-program"),
        heading(&query, SortColumn::Products, "column-products"),
        heading(&query, SortColumn::Status, "column-status"),
        heading(&query, SortColumn::LastChange, "column-last-change"),
    ];
    let base = query.query_string(None);
    ok(&DashboardPage {
        page: Page::new(&user.visitor),
        next_href: page.next.map(|c| format!("/claims?{base}&after={}", c.encode())),
        previous_href: page.previous.map(|c| format!("/claims?{base}&before={}", c.encode())),
        export_href: format!("/claims/export.csv?{base}"),
        query,
        tabs,
        headings,
        rows: page.rows,
        now: state.clock.now(),
        total,
        areas: SolutionArea::ALL,
        programs: Program::ALL,
    })
}
