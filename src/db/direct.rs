//! SQLite reads on the request's own thread. sqlx runs each SQLite connection on a thread of its
//! own and hands every query and every row between that thread and the request's: a dashboard
//! page spent a quarter of its CPU switching threads and more copying each value out of SQLite
//! (README, Performance). The reads every page view makes (the session, the dashboard, the claim
//! page, the review queue) run here instead, on connections that can only read, kept between
//! requests with their prepared statements.
//!
//! Such a read blocks the worker thread while SQLite runs it, as rendering the page does: these
//! are index reads of one page, well under a millisecond, a search anywhere a few. Writes, and
//! everything on PostgreSQL, stay on sqlx. WAL lets these readers see every committed write and
//! never wait for a writer.

use super::Db;
use super::param::Param;
use rusqlite::{Connection, OpenFlags, Row, Statement};
use sqlx::postgres::PgRow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// Read-only connections to one SQLite database, opened on first need and kept when idle.
pub struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    /// Set when the database is closed: reads then fail as the closed pool's do.
    closed: AtomicBool,
}

/// Idle connections kept: one per worker thread is enough; more are closed after their read.
const IDLE_KEPT: usize = 16;

/// Prepared statements kept per connection: the dashboard's filters and sorts make a few dozen
/// texts.
const STATEMENTS_KEPT: usize = 128;

impl std::fmt::Debug for Readers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Readers").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Readers {
    pub fn new(path: PathBuf) -> Readers {
        Readers { path, idle: Mutex::new(Vec::new()), closed: AtomicBool::new(false) }
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = Connection::open_with_flags(&self.path, flags)?;
        connection.busy_timeout(Duration::from_secs(10))?;
        // The same memory map and cache as the writing pool (db::Db::connect); nothing written.
        connection.pragma_update_and_check(None, "mmap_size", 2147418112_i64, |_| Ok(()))?;
        connection.pragma_update(None, "cache_size", -16000_i64)?;
        connection.pragma_update(None, "query_only", true)?;
        connection.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
        Ok(connection)
    }

    /// Runs `read` on an idle connection (or a new one), then keeps the connection.
    pub fn read<T>(&self, read: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> sqlx::Result<T> {
        if self.closed.load(Ordering::Acquire) {
            return Err(sqlx::Error::PoolClosed);
        }
        let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let connection = match idle {
            Some(connection) => connection,
            None => self.open().map_err(error)?,
        };
        let result = read(&connection);
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < IDLE_KEPT && !self.closed.load(Ordering::Acquire) {
            idle.push(connection);
        }
        result.map_err(error)
    }

    /// Closes the idle connections and refuses reads from now on (the database is closed).
    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.idle.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}

/// A direct reader for a struct whose fields are its query's columns in the same order:
/// `read_in_order!(Reviewer { id, name, email, locale })` gives `Reviewer::read(row)`.
#[macro_export]
macro_rules! read_in_order {
    ($ty:ident { $($field:ident),+ $(,)? }) => {
        impl $ty {
            /// A row whose columns are this struct's fields, in order (a direct read).
            pub(crate) fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<$ty> {
                let mut column = 0..;
                Ok($ty { $($field: row.get(column.next().unwrap_or_default())?),+ })
            }
        }
    };
}

/// Every row of `sql` (with `$n` placeholders for `params`): on SQLite read here, each made by
/// `map` from the columns in the order of the SELECT; on PostgreSQL through sqlx's `FromRow`.
pub async fn all<T>(db: &Db, sql: &str, params: Vec<Param>, map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>) -> sqlx::Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin,
{
    match db {
        Db::Sqlite(_, readers) => readers.read(|c| rows(c, sql, &params, map)),
        Db::Pg(_, readers) => {
            let mut held = readers.take().await?;
            let rows = on_postgres::<T>(sql, params).fetch_all(&mut held.connection).await?;
            held.give_back();
            Ok(rows)
        }
    }
}

/// The first row of `sql`, if any, read as `all` reads.
pub async fn first<T>(db: &Db, sql: &str, params: Vec<Param>, map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>) -> sqlx::Result<Option<T>>
where
    T: for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin,
{
    match db {
        Db::Sqlite(_, readers) => readers.read(|c| optional(c, sql, &params, map)),
        Db::Pg(_, readers) => {
            let mut held = readers.take().await?;
            let row = on_postgres::<T>(sql, params).fetch_optional(&mut held.connection).await?;
            held.give_back();
            Ok(row)
        }
    }
}

/// The same read through sqlx on PostgreSQL, its rows made by `FromRow`.
fn on_postgres<T>(sql: &str, params: Vec<Param>) -> sqlx::query::QueryAs<'static, sqlx::Postgres, T, sqlx::postgres::PgArguments>
where
    T: for<'r> sqlx::FromRow<'r, PgRow>,
{
    crate::bind_params!(sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql.to_owned())), params)
}

/// Every row of `sql` with `params` bound to its `$n` placeholders, each made by `map`.
pub fn rows<T>(
    connection: &Connection,
    sql: &str,
    params: &[Param],
    mut map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut statement = connection.prepare_cached(sql)?;
    bind(&mut statement, params)?;
    let mut rows = statement.raw_query();
    let mut all = Vec::new();
    while let Some(row) = rows.next()? {
        all.push(map(row)?);
    }
    Ok(all)
}

/// The first row of `sql`, if any.
pub fn optional<T>(
    connection: &Connection,
    sql: &str,
    params: &[Param],
    map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    let mut statement = connection.prepare_cached(sql)?;
    bind(&mut statement, params)?;
    let mut rows = statement.raw_query();
    rows.next()?.map(map).transpose()
}

/// Binds `params[n - 1]` to each `$n`, wherever and however often it appears, as sqlx does.
fn bind(statement: &mut Statement<'_>, params: &[Param]) -> rusqlite::Result<()> {
    for index in 1..=statement.parameter_count() {
        let name = statement.parameter_name(index).unwrap_or_default().to_owned();
        let param = name
            .strip_prefix('$')
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| params.get(n.checked_sub(1)?))
            .ok_or(rusqlite::Error::InvalidParameterName(name))?;
        match param {
            Param::Int(v) => statement.raw_bind_parameter(index, v)?,
            Param::Text(v) => statement.raw_bind_parameter(index, v.as_str())?,
            Param::Time(v) => statement.raw_bind_parameter(index, v.to_text())?,
        }
    }
    Ok(())
}

/// A failure to reach the file (busy past the timeout, cannot open) is the database being
/// unavailable, as sqlx reports it; anything else is an error in the read.
fn error(e: rusqlite::Error) -> sqlx::Error {
    use rusqlite::ErrorCode::{CannotOpen, DatabaseBusy, DatabaseLocked};
    match &e {
        rusqlite::Error::SqliteFailure(failure, _) if matches!(failure.code, CannotOpen | DatabaseBusy | DatabaseLocked) => {
            sqlx::Error::Io(std::io::Error::other(e))
        }
        _ => sqlx::Error::Protocol(format!("SQLite read: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Timestamp;

    #[test]
    fn placeholders_are_bound_by_their_number_wherever_they_are() {
        let connection = Connection::open_in_memory().expect("open");
        let params = [Param::Int(7), Param::Text("x".into())];
        let row = optional(&connection, "SELECT $2, $1, $2 || $2", &params, |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?))
        });
        assert_eq!(row.expect("read"), Some(("x".into(), 7, "xx".into())));
        assert!(optional(&connection, "SELECT $3", &params, |r| r.get::<_, i64>(0)).is_err(), "no third value");
    }

    #[test]
    fn readers_see_each_committed_write_never_write_and_stop_when_closed() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("t.sqlite3");
        let writer = Connection::open(&path).expect("open");
        writer.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1);").expect("setup");
        let readers = Readers::new(path);
        let count = |readers: &Readers| readers.read(|c| optional(c, "SELECT count(*) FROM t", &[], |r| r.get::<_, i64>(0)));
        assert_eq!(count(&readers).expect("read"), Some(1));
        writer.execute("INSERT INTO t VALUES (2)", []).expect("write");
        assert_eq!(count(&readers).expect("read"), Some(2), "a kept connection sees the new row");
        let write = readers.read(|c| c.execute("INSERT INTO t VALUES (3)", []));
        assert!(write.is_err(), "a reader cannot write");
        readers.close();
        assert!(matches!(count(&readers), Err(sqlx::Error::PoolClosed)), "closed like the pool");
    }

    #[test]
    fn times_read_back_as_written() {
        let connection = Connection::open_in_memory().expect("open");
        let t = Timestamp::parse_text("2026-11-21T09:30:00.25Z").expect("time");
        let read = optional(&connection, "SELECT $1", &[Param::Time(t)], |r| r.get::<_, Timestamp>(0));
        assert_eq!(read.expect("read"), Some(t));
    }
}
