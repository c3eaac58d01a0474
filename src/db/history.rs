//! The claim history: append-only (the database refuses updates and deletes), one row per change,
//! comment or action, written in the same transaction as what it records.

use super::param::Param;
use super::{BeginWrite, Db, Timestamp, direct};
use crate::domain::workflow::Side;
use crate::with_db;
use std::sync::LazyLock;

/// Who did something, as the history remembers them.
#[derive(Debug, Clone)]
pub struct Actor {
    /// `None` for the system and for a customer (who has no account).
    pub user_id: Option<i64>,
    pub name: String,
    pub side: Side,
}

const INSERT_INTO: &str =
    "INSERT INTO claim_history (claim_id, at, actor_id, actor_name, actor_side, action, from_status, to_status, details) VALUES ";
const ROW: &str = "($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// One history row.
pub static INSERT: LazyLock<String> = LazyLock::new(|| format!("{INSERT_INTO}{ROW}"));

/// `rows` history rows in one statement, each bound by `bind_history!`.
pub fn insert_rows(rows: usize, dialect: super::param::Dialect) -> String {
    format!("{INSERT_INTO}{}", super::param::numbered_rows(ROW, 9, rows, dialect))
}

/// A history row written with others in one statement (`record_histories!`).
pub struct Entry<'a> {
    pub claim_id: i64,
    pub at: Timestamp,
    pub actor: &'a Actor,
    pub action: &'static str,
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
    pub details: serde_json::Value,
}

/// Binds one history row's values to `query`, in the order of `ROW`.
#[macro_export]
macro_rules! bind_history {
    ($query:expr, $claim_id:expr, $at:expr, $actor:expr, $action:expr, $from:expr, $to:expr, $details:expr) => {
        $query
            .bind($claim_id)
            .bind($at)
            .bind($actor.user_id)
            .bind(&$actor.name)
            .bind($actor.side.as_str())
            .bind($action)
            .bind($from)
            .bind($to)
            .bind($details.to_string())
    };
}

/// Appends a history row inside the caller's transaction:
/// `record_history!(&mut *tx, claim_id, now, &actor, "action", from, to, details_json)`.
#[macro_export]
macro_rules! record_history {
    ($conn:expr, $claim_id:expr, $at:expr, $actor:expr, $action:expr, $from:expr, $to:expr, $details:expr) => {
        $crate::bind_history!(sqlx::query($crate::db::history::INSERT.as_str()), $claim_id, $at, $actor, $action, $from, $to, $details)
            .execute($conn)
            .await
    };
}

/// Appends many history rows (`&[Entry]`) inside the caller's transaction, up to
/// `ROWS_PER_INSERT` to a statement: `record_histories!(tx, &entries)` evaluates to `sqlx::Result<()>`.
#[macro_export]
macro_rules! record_histories {
    ($conn:expr, $entries:expr) => {
        async {
            let dialect = $crate::db::param::Dialect::of(&$conn);
            for chunk in $entries.chunks($crate::db::ROWS_PER_INSERT) {
                let mut query = sqlx::query(sqlx::AssertSqlSafe($crate::db::history::insert_rows(chunk.len(), dialect)));
                for e in chunk {
                    query = $crate::bind_history!(query, e.claim_id, e.at, e.actor, e.action, e.from, e.to, e.details);
                }
                query.execute(&mut *$conn).await?;
            }
            Ok::<(), sqlx::Error>(())
        }
    };
}

const COLUMNS: &str = "id, at, actor_id, actor_name, actor_side, action, from_status, to_status, details";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HistoryRow {
    pub id: i64,
    pub at: Timestamp,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub actor_side: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub details: String,
}

crate::read_in_order!(HistoryRow { id, at, actor_id, actor_name, actor_side, action, from_status, to_status, details });

impl HistoryRow {
    pub fn details_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.details).unwrap_or(serde_json::Value::Null)
    }
}

/// The history action of a reviewers' internal note.
pub const INTERNAL_NOTE: &str = "internal-note";

/// A claim's history, newest first; the reviewers' internal notes only when `internal_notes`.
pub async fn of_claim(db: &Db, claim_id: i64, internal_notes: bool) -> sqlx::Result<Vec<HistoryRow>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM claim_history WHERE claim_id = $1 AND ($2 OR action <> '{INTERNAL_NOTE}') ORDER BY id DESC"
    ));
    with_db!(db, pool => sqlx::query_as(sql).bind(claim_id).bind(internal_notes).fetch_all(pool).await)
}

/// The comments on a claim (or its internal notes), oldest first (a conversation reads downwards).
pub async fn comments(db: &Db, claim_id: i64, internal_notes: bool) -> sqlx::Result<Vec<HistoryRow>> {
    let action = if internal_notes { INTERNAL_NOTE } else { "comment" };
    let sql = format!("SELECT {COLUMNS} FROM claim_history WHERE claim_id = $1 AND action = $2 ORDER BY id");
    direct::all(db, &sql, vec![Param::Int(claim_id), Param::Text(action.into())], HistoryRow::read).await
}

/// The latest entry of a claim (to tell a double click from a real conflict).
pub async fn latest(db: &Db, claim_id: i64) -> sqlx::Result<Option<HistoryRow>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM claim_history WHERE claim_id = $1 AND action NOT IN ('comment', '{INTERNAL_NOTE}') ORDER BY id DESC LIMIT 1"
    ));
    with_db!(db, pool => sqlx::query_as(sql).bind(claim_id).fetch_optional(pool).await)
}

/// The latest entry of one kind (the last request for information, the last rejection).
pub async fn latest_of(db: &Db, claim_id: i64, action: &str) -> sqlx::Result<Option<HistoryRow>> {
    let sql = format!("SELECT {COLUMNS} FROM claim_history WHERE claim_id = $1 AND action = $2 ORDER BY id DESC LIMIT 1");
    direct::first(db, &sql, vec![Param::Int(claim_id), Param::Text(action.into())], HistoryRow::read).await
}

/// Adds a comment, or a reviewers' internal note (`internal`): plain text, kept as a history entry.
pub async fn add_comment(db: &Db, claim_id: i64, actor: &Actor, text: &str, internal: bool, now: Timestamp) -> sqlx::Result<()> {
    let details = serde_json::json!({ "text": text });
    let action = if internal { INTERNAL_NOTE } else { "comment" };
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        record_history!(&mut *tx, claim_id, now, actor, action, None::<String>, None::<String>, details)?;
        // The org's systems hear of comments; never of the reviewers' internal notes.
        if !internal {
            let (public_id, name, status): (String, String, String) =
                sqlx::query_as("SELECT public_id, name, status FROM claims WHERE id = $1").bind(claim_id).fetch_one(&mut *tx).await?;
            let data = serde_json::json!({
                "claim": { "id": public_id, "name": name, "status": status },
                "comment": { "author": actor.name, "side": actor.side.as_str(), "text": text },
            });
            crate::raise_event!(&mut *tx, claim_id, crate::domain::webhook::EventKind::CommentAdded, data, now)?;
        }
        tx.commit().await
    })
}
