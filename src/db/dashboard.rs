//! The customer associations dashboard: status counts and keyset-paginated, filtered, sorted
//! pages of an org's claims. Every query is served by an index of `claims` that starts with
//! `org_id`, so a page costs the same with a thousand claims as with a million.
//!
//! A search anywhere in names is read one of two ways, chosen by how many claims it matches
//! (`SearchPlan`): a few are found through the trigram index and sorted; many are found by walking
//! the chosen sort order and keeping the rows whose `search_key` holds the text, which stops after a
//! page because matches are common. PostgreSQL's planner makes the same choice from its statistics.

use super::direct::{self, Readers};
use super::param::Param;
use super::{Db, Timestamp};
use crate::domain::claim::ClaimStatus;
use crate::domain::dashboard_query::{Cursor, DashboardQuery, Direction, PageStart, Search, SortColumn};

/// One row of the dashboard (and of the CSV export).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DashboardRow {
    pub id: i64,
    pub public_id: String,
    pub name: String,
    /// Read for the CSV export only (see `Columns`).
    #[sqlx(default)]
    pub mpn_id: String,
    #[sqlx(default)]
    pub solution_area: String,
    #[sqlx(default)]
    pub activity: String,
    pub program: String,
    pub customer_name: String,
    pub customer_key: String,
    pub customer_domain: String,
    pub tenant_id: String,
    pub products_label: String,
    pub status: ClaimStatus,
    pub updated_at: Timestamp,
    /// The deadline of whoever must act next.
    pub due_at: Option<Timestamp>,
}

impl DashboardRow {
    /// A row of `PAGE_COLUMNS`, then, for the export, `EXPORT_COLUMNS` (a direct read).
    fn read(row: &rusqlite::Row<'_>, columns: Columns) -> rusqlite::Result<DashboardRow> {
        let export = |i: usize| if columns == Columns::Export { row.get(i) } else { Ok(String::new()) };
        Ok(DashboardRow {
            id: row.get(0)?,
            public_id: row.get(1)?,
            name: row.get(2)?,
            program: row.get(3)?,
            customer_name: row.get(4)?,
            customer_key: row.get(5)?,
            customer_domain: row.get(6)?,
            tenant_id: row.get(7)?,
            products_label: row.get(8)?,
            status: row.get(9)?,
            updated_at: row.get(10)?,
            due_at: row.get(11)?,
            mpn_id: export(12)?,
            solution_area: export(13)?,
            activity: export(14)?,
        })
    }

    /// The position of this row in a list sorted by `column`.
    pub fn cursor(&self, column: SortColumn) -> Cursor {
        let value = match column {
            SortColumn::ClaimId => self.public_id.clone(),
            SortColumn::Name => self.name.clone(),
            SortColumn::Customer => self.customer_key.clone(),
            SortColumn::TenantId => self.tenant_id.clone(),
            SortColumn::Program => self.program.clone(),
            SortColumn::Products => self.products_label.clone(),
            // Its status and last change (see `sort_keys`).
            SortColumn::Status => format!("{} {}", self.status.as_str(), self.updated_at.to_text()),
            SortColumn::LastChange => self.updated_at.to_text(),
        };
        Cursor { value, id: self.id }
    }
}

pub struct DashboardPage {
    pub rows: Vec<DashboardRow>,
    /// Where the next page starts, if there is one.
    pub next: Option<Cursor>,
    /// Where the previous page ends, if there is one.
    pub previous: Option<Cursor>,
}

/// The columns a page shows, in the order `DashboardRow::read` takes them.
const PAGE_COLUMNS: &str =
    "id, public_id, name, program, customer_name, customer_key, customer_domain, tenant_id, products_label, status, updated_at, due_at";
/// The columns only the export writes, after `PAGE_COLUMNS`.
const EXPORT_COLUMNS: &str = "mpn_id, solution_area, activity";

/// The number of the org's claims in each status (statuses with none are absent).
pub async fn status_counts(db: &Db, org_id: i64) -> sqlx::Result<Vec<(String, i64)>> {
    const COUNTS: &str = "SELECT status, n FROM claim_status_counts WHERE org_id = $1 AND n > 0";
    direct::all(db, COUNTS, vec![Param::Int(org_id)], |r| Ok((r.get(0)?, r.get(1)?))).await
}

/// The columns a sort orders by, before `id`. Within a status, by last change: the status sort is
/// read along `claims_by_status_last_change`, so no index of status and id alone has to be kept in
/// order by every change of status (8% of the pages the deadline sweeper wrote).
fn sort_keys(column: SortColumn) -> &'static [&'static str] {
    match column {
        SortColumn::ClaimId => &["public_id"],
        SortColumn::Name => &["name"],
        SortColumn::Customer => &["customer_key"],
        SortColumn::TenantId => &["tenant_id"],
        SortColumn::Program => &["program"],
        SortColumn::Products => &["products_label"],
        SortColumn::Status => &["status", "updated_at"],
        SortColumn::LastChange => &["updated_at"],
    }
}

/// A cursor's value for each of `keys`: the last change is a time; a cursor of the status sort
/// holds its status and last change, a space between.
fn cursor_values(keys: &[&str], value: &str) -> Vec<Param> {
    let mut parts = if keys.len() > 1 { value.splitn(keys.len(), ' ').collect::<Vec<_>>() } else { vec![value] };
    parts.resize(keys.len(), "");
    keys.iter()
        .zip(parts)
        .map(|(key, part)| match *key {
            "updated_at" => Param::Time(Timestamp::parse_text(part).unwrap_or(Timestamp(chrono::DateTime::UNIX_EPOCH))),
            _ => Param::Text(part.to_owned()),
        })
        .collect()
}

/// Which columns a query reads: the page shows fewer than the export writes, and every column
/// read costs on each of the fifty rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Columns {
    Page,
    Export,
}

/// How a search anywhere is read on SQLite (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchPlan {
    /// Few claims may match: these candidates (the trigram index's rowids, a JSON array) are read
    /// and sorted.
    Matches(String),
    /// Many match: walk the sort order's index and test each row.
    Walk,
}

/// Up to this many matches the trigram index is read; beyond, a page of the sort order holds
/// matches often enough that walking it costs less than sorting every match. Measured at a million
/// claims: reading a match costs about 3.3 µs, walking a row of the default order (whose index
/// carries `search_key`) 0.25 µs, so the two meet near 2,000 matches (README, Performance).
const FEW_MATCHES: i64 = 2000;

/// The trigram index's query for `text`: at most three of its trigrams, non-overlapping and spread
/// over it (the first, one from the middle, the last), each a quoted string so nothing typed is read
/// as FTS5 syntax. Each trigram more costs a pass over its list of claims, which for a common one is
/// tens of thousands long, while three rarely leave more than a few candidates that do not hold the
/// whole text; the index has no positions (`detail=none`) anyway, so `search_key` confirms each.
fn trigram_query(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let last = chars.len().saturating_sub(3);
    let mut starts = vec![0, (last / 2) / 3 * 3, last];
    starts.dedup();
    if starts.len() == 3 && (starts[1] < 3 || starts[1] + 3 > last) {
        starts.remove(1);
    }
    let mut trigrams: Vec<String> = Vec::new();
    for start in starts {
        let trigram: String = chars[start..(start + 3).min(chars.len())].iter().collect();
        if !trigrams.contains(&trigram) {
            trigrams.push(trigram);
        }
    }
    trigrams.iter().map(|t| format!("\"{}\"", t.replace('"', "\"\""))).collect::<Vec<_>>().join(" AND ")
}

/// `text` as a LIKE pattern for "contains", with LIKE's own characters escaped.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The claims (of every org) the trigram index offers for `text`, at most `limit`, as a JSON array
/// of ids with its length: one row back, however many there are.
pub fn search_candidates(readers: &Readers, text: &str, limit: i64) -> sqlx::Result<(i64, String)> {
    // The limit is in the text: a bound LIMIT makes SQLite prepare the statement again each time.
    let candidates =
        format!("SELECT count(*), json_group_array(rowid) FROM (SELECT rowid FROM claim_search WHERE claim_search MATCH $1 LIMIT {limit})");
    let params = [Param::Text(trigram_query(text))];
    readers.read(|c| direct::optional(c, &candidates, &params, |r| Ok((r.get(0)?, r.get(1)?))).map(Option::unwrap_or_default))
}

/// Chooses how to read a search anywhere on SQLite by its candidates, up to one more than
/// `FEW_MATCHES` (over all orgs: cheap, and close enough to choose by). None on PostgreSQL, whose
/// planner chooses.
pub async fn search_plan(db: &Db, text: &str) -> sqlx::Result<Option<SearchPlan>> {
    let Db::Sqlite(_, readers) = db else { return Ok(None) };
    let (count, ids) = search_candidates(readers, text, FEW_MATCHES + 1)?;
    Ok(Some(if count > FEW_MATCHES { SearchPlan::Walk } else { SearchPlan::Matches(ids) }))
}

/// One page of the org's claims for `query`, `limit` rows long.
pub async fn page(db: &Db, org_id: i64, query: &DashboardQuery, limit: usize) -> sqlx::Result<DashboardPage> {
    let (start, reverse) = match &query.start {
        PageStart::First => (None, false),
        PageStart::After(c) => (Some(c), false),
        PageStart::Before(c) => (Some(c), true),
    };
    let direction = if reverse { query.direction.reversed() } else { query.direction };
    let mut rows = fetch(db, org_id, query, Columns::Page, start, direction, limit + 1).await?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    if reverse {
        rows.reverse();
    }
    let cursor = |row: Option<&DashboardRow>| row.map(|r| r.cursor(query.sort));
    let (has_next, has_previous) = if reverse { (true, more) } else { (more, start.is_some()) };
    Ok(DashboardPage {
        next: if has_next { cursor(rows.last()) } else { None },
        previous: if has_previous { cursor(rows.first()) } else { None },
        rows,
    })
}

/// Rows after `start` (in `direction`), at most `limit`.
pub async fn fetch(
    db: &Db,
    org_id: i64,
    query: &DashboardQuery,
    columns: Columns,
    start: Option<&Cursor>,
    direction: Direction,
    limit: usize,
) -> sqlx::Result<Vec<DashboardRow>> {
    let plan = match &query.search {
        Search::Anywhere(text) => search_plan(db, text).await?,
        _ => None,
    };
    fetch_planned(db, org_id, query, Reading { columns, start, direction, limit }, plan).await
}

/// Which rows `fetch_planned` reads: these columns of those after `start` in `direction`, at most
/// `limit`.
pub struct Reading<'a> {
    pub columns: Columns,
    pub start: Option<&'a Cursor>,
    pub direction: Direction,
    pub limit: usize,
}

/// `fetch` with the plan of a search anywhere given (tests compare the two plans' answers).
pub async fn fetch_planned(
    db: &Db,
    org_id: i64,
    query: &DashboardQuery,
    reading: Reading<'_>,
    plan: Option<SearchPlan>,
) -> sqlx::Result<Vec<DashboardRow>> {
    let Reading { columns, start, direction, limit } = reading;
    let keys = sort_keys(query.sort);
    let selected = match columns {
        Columns::Page => PAGE_COLUMNS.to_owned(),
        Columns::Export => format!("{PAGE_COLUMNS}, {EXPORT_COLUMNS}"),
    };
    let few_matches = matches!(plan, Some(SearchPlan::Matches(_)));
    // The few matches are read by rowid: no index of the sort order may be preferred to it. They
    // are sorted by their sort key and id alone, and only the page's rows are read whole: a
    // thousand matches' page columns in SQLite's sorter cost a third more.
    let (hint, inner_columns) = if few_matches { (" NOT INDEXED", "id") } else { ("", selected.as_str()) };
    let mut sql = format!("SELECT {inner_columns} FROM claims{hint} WHERE org_id = $1");
    let (order, binds) = conditions(&mut sql, org_id, query, start, direction, keys, plan.as_ref());
    let order_by = format!(" ORDER BY {} {order}, id {order}", keys.join(&format!(" {order}, ")));
    sql.push_str(&format!("{order_by} LIMIT {limit}"));
    if few_matches {
        sql = format!("SELECT {selected} FROM claims NOT INDEXED WHERE id IN ({sql}){order_by}");
    }
    direct::all(db, &sql, binds, |r| DashboardRow::read(r, columns)).await
}

/// Adds the search, filters and keyset start to `sql` (which ends in `WHERE org_id = $1`): the
/// binds in order, and the sort order's keyword.
fn conditions(
    sql: &mut String,
    org_id: i64,
    query: &DashboardQuery,
    start: Option<&Cursor>,
    direction: Direction,
    keys: &[&str],
    plan: Option<&SearchPlan>,
) -> (&'static str, Vec<Param>) {
    let mut binds = vec![Param::Int(org_id)];
    let condition = |sql: &mut String, binds: &mut Vec<Param>, template: &str, values: Vec<Param>| {
        let mut clause = template.to_owned();
        for (i, value) in values.into_iter().enumerate() {
            binds.push(value);
            clause = clause.replace(&format!("{{{i}}}"), &format!("${}", binds.len()));
        }
        sql.push_str(" AND ");
        sql.push_str(&clause);
    };
    match &query.search {
        Search::Everything => {}
        Search::ClaimId(id) => condition(sql, &mut binds, "public_id = {0}", vec![Param::Text(id.as_ref().into())]),
        Search::TenantId(guid) => condition(sql, &mut binds, "tenant_id = {0}", vec![Param::Text(guid.as_ref().into())]),
        Search::Prefix(prefix) => {
            // A prefix range on byte order: every string that starts with `prefix` sorts between it
            // and `prefix` followed by the highest code point.
            let upper = format!("{prefix}\u{10FFFF}");
            condition(
                sql,
                &mut binds,
                "((customer_key >= {0} AND customer_key < {1}) OR (customer_domain >= {2} AND customer_domain < {3}))",
                vec![Param::Text(prefix.clone()), Param::Text(upper.clone()), Param::Text(prefix.clone()), Param::Text(upper)],
            );
        }
        Search::Anywhere(text) => match plan {
            Some(SearchPlan::Matches(ids)) => condition(
                sql,
                &mut binds,
                "id IN (SELECT value FROM json_each({0})) AND instr(search_key, {1}) > 0",
                vec![Param::Text(ids.clone()), Param::Text(text.clone())],
            ),
            Some(SearchPlan::Walk) => condition(sql, &mut binds, "instr(search_key, {0}) > 0", vec![Param::Text(text.clone())]),
            None => condition(sql, &mut binds, "search_key LIKE {0}", vec![Param::Text(contains_pattern(text))]),
        },
    }
    if let Some(status) = query.status {
        condition(sql, &mut binds, "status = {0}", vec![Param::Text(status.as_str().into())]);
    }
    if let Some(area) = query.area {
        condition(sql, &mut binds, "solution_area = {0}", vec![Param::Text(area.as_str().into())]);
    }
    if let Some(program) = query.program {
        condition(sql, &mut binds, "program = {0}", vec![Param::Text(program.as_str().into())]);
    }
    let (comparison, order) = match direction {
        Direction::Ascending => (">", "ASC"),
        Direction::Descending => ("<", "DESC"),
    };
    if let Some(cursor) = start {
        let mut values = cursor_values(keys, &cursor.value);
        values.push(Param::Int(cursor.id));
        let placeholders = (0..values.len()).map(|i| format!("{{{i}}}")).collect::<Vec<_>>().join(", ");
        condition(sql, &mut binds, &format!("({}, id) {comparison} ({placeholders})", keys.join(", ")), values);
    }
    (order, binds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_cursor_holds_the_status_and_the_last_change() {
        let keys = sort_keys(SortColumn::Status);
        let values = cursor_values(keys, "approved 2026-11-20T10:00:00.000000Z");
        assert!(matches!(&values[0], Param::Text(s) if s == "approved"));
        assert!(matches!(&values[1], Param::Time(t) if t.to_text() == "2026-11-20T10:00:00.000000Z"));
        // A cursor of another shape is a position, not an error.
        assert_eq!(cursor_values(keys, "approved").len(), 2);
        assert!(matches!(&cursor_values(sort_keys(SortColumn::Name), "a b")[0], Param::Text(s) if s == "a b"));
    }

    #[test]
    fn a_trigram_query_quotes_what_was_typed() {
        assert_eq!(trigram_query("abc"), "\"abc\"");
        assert_eq!(trigram_query("labs"), "\"lab\" AND \"abs\"");
        assert_eq!(trigram_query("contoso logistics"), "\"con\" AND \"o l\" AND \"ics\"");
        assert_eq!(trigram_query("a\"b OR c"), "\"a\"\"b\" AND \"R c\"");
        assert_eq!(trigram_query("aaaa"), "\"aaa\"");
        assert_eq!(trigram_query("7919"), "\"791\" AND \"919\"");
        assert_eq!(trigram_query("ромашка"), "\"ром\" AND \"шка\"");
        assert_eq!(trigram_query("abcdefghi"), "\"abc\" AND \"def\" AND \"ghi\"");
    }

    #[test]
    fn a_contains_pattern_escapes_like() {
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
