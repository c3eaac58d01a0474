//! The reviewers' queue: submitted claims, claims under review and disputes of every org, filtered
//! and sorted as the reviewer chooses, a page at a time (keyset pagination along an index), and
//! their saved views.

use super::param::Param;
use super::{Db, Timestamp, direct, is_unique_violation};
use crate::domain::claim::{ClaimStatus, Program, sql_list};
use crate::domain::review_filter::{AssignmentFilter, QueueFilter, QueueSort};
use crate::with_db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueRow {
    pub id: i64,
    pub public_id: String,
    pub name: String,
    pub org_name: String,
    pub customer_name: String,
    pub program: Program,
    pub status: ClaimStatus,
    pub in_dispute: bool,
    pub due_at: Option<Timestamp>,
    pub submitted_at: Option<Timestamp>,
    pub assigned_name: Option<String>,
    /// Another org's active claim overlaps this one.
    pub competing: bool,
}

crate::read_in_order!(QueueRow {
    id,
    public_id,
    name,
    org_name,
    customer_name,
    program,
    status,
    in_dispute,
    due_at,
    submitted_at,
    assigned_name,
    competing,
});

impl QueueRow {
    /// Where the next page starts after this row, in the given sort.
    pub fn cursor(&self, sort: QueueSort) -> String {
        let key = match sort {
            QueueSort::Due => self.due_at,
            QueueSort::Age => self.submitted_at,
        };
        format!("{}_{}", key.map(|t| t.to_text()).unwrap_or_default(), self.id)
    }
}

/// A page's start: the sort key and id of the last row of the page before.
pub fn parse_cursor(text: &str) -> Option<(Timestamp, i64)> {
    let (key, id) = text.rsplit_once('_')?;
    Some((Timestamp::parse_text(key)?, id.parse().ok()?))
}

/// The moments a due filter compares with, computed by the caller from the business calendar.
#[derive(Debug, Clone, Copy)]
pub struct DueWindow {
    /// Due at or after (not overdue yet), for "due today".
    pub from: Option<Timestamp>,
    /// Due before.
    pub until: Option<Timestamp>,
}

/// One page of the queue for `filter` as seen by reviewer `me`, after `cursor`.
pub async fn page(
    db: &Db,
    filter: &QueueFilter,
    me: i64,
    due: DueWindow,
    cursor: Option<(Timestamp, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    let (sql, params) = page_query(filter, me, due, cursor, limit, matches!(db, Db::Sqlite(..)));
    direct::all(db, &sql, params, QueueRow::read).await
}

/// How SQLite runs a page of the queue (`EXPLAIN QUERY PLAN`), for the tests that keep every
/// view of the queue on an index; `None` on PostgreSQL.
pub async fn sqlite_plan(
    db: &Db,
    filter: &QueueFilter,
    me: i64,
    due: DueWindow,
    cursor: Option<(Timestamp, i64)>,
) -> sqlx::Result<Option<String>> {
    let Db::Sqlite(pool, _) = db else { return Ok(None) };
    let (sql, params) = page_query(filter, me, due, cursor, 51, true);
    let sql = sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}"));
    let query = crate::bind_params!(sqlx::query_as::<_, (i64, i64, i64, String)>(sql), params);
    Ok(Some(query.fetch_all(pool).await?.into_iter().map(|(_, _, _, detail)| detail).collect::<Vec<_>>().join("\n")))
}

/// The index (migration 0014) that holds the waiting claims in the order this view walks, if one
/// does. PostgreSQL's planner weighs the LIMIT and finds it; SQLite's would rather sort a third of a
/// million claims, so on SQLite the query names it (`INDEXED BY`). Each index's predicate is the
/// queue's own, which the query always states.
fn ordering_index(filter: &QueueFilter) -> Option<&'static str> {
    match filter.sort {
        QueueSort::Due if filter.disputes => Some("claims_waiting_disputes"),
        QueueSort::Due if filter.assignment == AssignmentFilter::Me => Some("claims_waiting_by_assignee"),
        QueueSort::Due if filter.org.is_some() => Some("claims_waiting_by_org"),
        QueueSort::Due => Some("claims_waiting_by_due"),
        QueueSort::Age if !filter.disputes && filter.assignment != AssignmentFilter::Me && filter.org.is_none() => {
            Some("claims_waiting_by_age")
        }
        QueueSort::Age => None,
    }
}

/// The SQL of a page of the queue and its parameters, in order.
fn page_query(
    filter: &QueueFilter,
    me: i64,
    due: DueWindow,
    cursor: Option<(Timestamp, i64)>,
    limit: i64,
    sqlite: bool,
) -> (String, Vec<Param>) {
    let awaiting = sql_list(&ClaimStatus::AWAITING_REVIEW);
    let mut params: Vec<Param> = Vec::new();
    let next = |p: Param, params: &mut Vec<Param>| {
        params.push(p);
        format!("${}", params.len())
    };
    // The queue's own predicate is always stated, so the partial indexes of the waiting claims
    // serve a view of one status too.
    let mut conditions = vec![format!("c.status IN {awaiting}")];
    if let Some(status) = filter.status {
        conditions.push(format!("c.status = {}", next(Param::Text(status.as_str().into()), &mut params)));
    }
    if let Some(org) = filter.org {
        conditions.push(format!("c.org_id = {}", next(Param::Int(org), &mut params)));
    }
    if let Some(program) = filter.program {
        conditions.push(format!("c.program = {}", next(Param::Text(program.as_str().into()), &mut params)));
    }
    if let Some(from) = due.from {
        conditions.push(format!("c.due_at >= {}", next(Param::Time(from), &mut params)));
    }
    if let Some(until) = due.until {
        conditions.push(format!("c.due_at < {}", next(Param::Time(until), &mut params)));
    }
    match filter.assignment {
        AssignmentFilter::Anyone => {}
        AssignmentFilter::Me => conditions.push(format!("c.assigned_reviewer_id = {}", next(Param::Int(me), &mut params))),
        AssignmentFilter::Unassigned => conditions.push("c.assigned_reviewer_id IS NULL".into()),
    }
    if filter.disputes {
        conditions.push("c.in_dispute".into());
    }
    if filter.competing {
        conditions.push("c.competing".into());
    }
    let key = match filter.sort {
        QueueSort::Due => "c.due_at",
        QueueSort::Age => "c.submitted_at",
    };
    if let Some((at, id)) = cursor {
        let (at, id) = (next(Param::Time(at), &mut params), next(Param::Int(id), &mut params));
        conditions.push(format!("({key} > {at} OR ({key} = {at} AND c.id > {id}))"));
    }
    // The limit is written into the text, never bound: SQLite (3.47 on) reads a bound LIMIT while
    // planning, and then prepares the statement again each time it is bound.
    let hint = match ordering_index(filter) {
        Some(index) if sqlite => format!("INDEXED BY {index}"),
        _ => String::new(),
    };
    let sql = format!(
        "SELECT c.id, c.public_id, c.name, o.name AS org_name, c.customer_name, c.program, c.status, c.in_dispute, c.due_at,
                c.submitted_at, r.name AS assigned_name, c.competing
         FROM claims c {hint} JOIN orgs o ON o.id = c.org_id LEFT JOIN users r ON r.id = c.assigned_reviewer_id
         WHERE {}
         ORDER BY {key}, c.id LIMIT {limit}",
        conditions.join(" AND ")
    );
    (sql, params)
}

/// The orgs a reviewer can filter by (those with a claim waiting), by name.
pub async fn orgs_waiting(db: &Db) -> sqlx::Result<Vec<(i64, String)>> {
    let awaiting = sql_list(&ClaimStatus::AWAITING_REVIEW);
    let sql = format!(
        "SELECT o.id, o.name FROM orgs o WHERE EXISTS (SELECT 1 FROM claims c WHERE c.org_id = o.id AND c.status IN {awaiting})
         ORDER BY o.name, o.id LIMIT 500"
    );
    direct::all(db, &sql, Vec::new(), |r| Ok((r.get(0)?, r.get(1)?))).await
}

/// A reviewer's saved view.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    /// The filter's canonical query string.
    pub query: String,
}

crate::read_in_order!(SavedView { id, name, query });

/// The most views a reviewer keeps.
pub const MAX_VIEWS: i64 = 20;

pub async fn views(db: &Db, user_id: i64) -> sqlx::Result<Vec<SavedView>> {
    const VIEWS: &str = "SELECT id, name, query FROM review_views WHERE user_id = $1 ORDER BY name, id";
    direct::all(db, VIEWS, vec![Param::Int(user_id)], SavedView::read).await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewSaved {
    Saved,
    NameTaken,
    TooMany,
}

/// Saves a view (the canonical query of a parsed filter) under a name of the reviewer's.
pub async fn save_view(db: &Db, user_id: i64, name: &str, query: &str, now: Timestamp) -> sqlx::Result<ViewSaved> {
    use super::BeginWrite;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM review_views WHERE user_id = $1").bind(user_id).fetch_one(&mut *tx).await?;
        if count >= MAX_VIEWS {
            return Ok(ViewSaved::TooMany);
        }
        let inserted = sqlx::query("INSERT INTO review_views (user_id, name, query, created_at) VALUES ($1, $2, $3, $4)")
            .bind(user_id)
            .bind(name)
            .bind(query)
            .bind(now)
            .execute(&mut *tx)
            .await;
        match inserted {
            Err(e) if is_unique_violation(&e) => return Ok(ViewSaved::NameTaken),
            other => other?,
        };
        tx.commit().await?;
        Ok(ViewSaved::Saved)
    })
}

/// Deletes one of the reviewer's views; `false` when they have no such view.
pub async fn delete_view(db: &Db, user_id: i64, id: i64) -> sqlx::Result<bool> {
    with_db!(db, pool => sqlx::query("DELETE FROM review_views WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))
}
