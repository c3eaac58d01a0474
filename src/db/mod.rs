//! The database: the only place with SQL. `Db` is SQLite (the embedded default) or PostgreSQL,
//! chosen by the URL scheme. Queries are written once with `$n` placeholders where the SQL is
//! portable; `with_db!` runs the same code against either pool.

pub mod accounts;
pub mod api_tokens;
pub mod applications;
pub mod assignment;
pub mod audit;
pub mod bulk;
pub mod calendar;
pub mod catalogue;
pub mod claims;
pub mod competing;
mod connect;
pub mod consent;
pub mod dashboard;
pub mod deadlock;
pub mod direct;
pub mod history;
pub mod imports;
pub mod orgs;
pub mod outbox;
pub mod param;
mod pg_readers;
pub mod poe;
pub mod review_queue;
pub mod service_levels;
pub mod sessions;
mod text_enum;
pub mod throttle;
pub mod timestamp;
pub mod two_step;
pub mod users;
pub mod webhooks;
pub mod workflow;

use crate::startup_failure::{FailureKind, StartupFailure};
use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

pub use timestamp::Timestamp;

/// Rows written by one multi-row INSERT (a batch's history rows and e-mails): a sweeper's batch in
/// one statement. On SQLite its placeholders are positional (`param::Dialect`); PostgreSQL
/// takes up to 65,535 values a statement, and a mail has twelve.
pub const ROWS_PER_INSERT: usize = 500;

/// Each engine keeps, beside its pool, the readers that serve page views (`direct`): SQLite's on the
/// request's thread, PostgreSQL's without the pool's round trip on each release (`pg_readers`).
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool, Arc<direct::Readers>),
    Pg(PgPool, Arc<pg_readers::PgReaders>),
}

/// Runs `$body` with `$pool` bound to whichever pool `$db` holds. The body is compiled once per
/// backend, so it may use any query that is valid SQL on both.
#[macro_export]
macro_rules! with_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool, _) => $body,
            $crate::db::Db::Pg($pool, _) => $body,
        }
    };
}

/// Starts a transaction that will write. SQLite takes the write lock up front (`BEGIN IMMEDIATE`)
/// so that two writers queue instead of failing half-way with SQLITE_BUSY.
pub trait BeginWrite {
    type Database: sqlx::Database;
    fn begin_write(&self) -> impl Future<Output = sqlx::Result<sqlx::Transaction<'static, Self::Database>>> + Send;
}

impl BeginWrite for SqlitePool {
    type Database = sqlx::Sqlite;
    fn begin_write(&self) -> impl Future<Output = sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>>> + Send {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

impl BeginWrite for PgPool {
    type Database = sqlx::Postgres;
    fn begin_write(&self) -> impl Future<Output = sqlx::Result<sqlx::Transaction<'static, sqlx::Postgres>>> + Send {
        self.begin()
    }
}

impl Db {
    /// Opens the database named by `url`. A failure whose cause is certain (nothing listens,
    /// authentication failed, no such database, a missing directory) is a `StartupFailure` at
    /// once; only a server that does not answer is tried again.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url).context("the SQLite database URL is not valid")?;
            connect::sqlite_directory_exists(&options)?;
            let path = options.get_filename().to_owned();
            let options = options
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // Reads through a memory map instead of a read() call per page, and a larger page
                // cache: a sorted dashboard page touches rows scattered over the whole table. The
                // map's size is SQLite's largest (2 GB less 64 KiB, SQLITE_MAX_MMAP_SIZE), which a
                // million claims nearly fill; it costs address space, not memory.
                .pragma("mmap_size", "2147418112")
                .pragma("cache_size", "-16000")
                // A statement that writes many rows inside a transaction (the sweeper's batch
                // UPDATE, a multi-row INSERT) first copies each page it changes into a statement
                // journal, a temporary file by default: 9% of a sweep in write() calls. In memory
                // it is a copy of each page; a sort larger than memory is not one the portal makes.
                .pragma("temp_store", "memory");
            // Several instances opening a database that does not exist yet race to create it and
            // switch it to WAL, which SQLite answers with "database is locked" at once instead of
            // waiting: the first connection is made under the lock the migrations take.
            let lock = startup_lock(&path).await?;
            // A file cannot lose its connection: sqlx's test of an idle connection before each
            // acquire (a round trip to the connection's worker thread) is not made.
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .test_before_acquire(false)
                .connect_with(options)
                .await
                .map_err(|e| connect::sqlite_failure(&path, &e))?;
            drop(lock);
            Ok(Db::Sqlite(pool, Arc::new(direct::Readers::new(path))))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url).context("the PostgreSQL database URL is not valid")?;
            connect::postgres_answers(&options).await?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .test_before_acquire(false)
                .before_acquire(connect::alive_unless_just_used)
                .connect_with(options.clone())
                .await
                .map_err(|e| connect::postgres_failure(&options, &e))?;
            Ok(Db::Pg(pool, Arc::new(pg_readers::PgReaders::new(options))))
        } else {
            anyhow::bail!("the database URL must start with sqlite: or postgres:")
        }
    }

    /// Applies the migrations once, however many instances start at once: PostgreSQL's migrator
    /// takes an advisory lock; for SQLite an exclusive lock on a file beside the database (held
    /// for the run, released by the system if the process dies).
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(pool, _) => {
                let lock = startup_lock(pool.connect_options().get_filename()).await?;
                let outcome = sqlx::migrate!("migrations/sqlite").run(pool).await;
                drop(lock);
                outcome
            }
            Db::Pg(pool, _) => sqlx::migrate!("migrations/postgres").run(pool).await,
        }
        .map_err(|e| {
            StartupFailure::new(
                FailureKind::Migrations,
                "cannot apply the database migrations",
                e,
                "a newer portal may have migrated this database, or the user may lack the right to change it",
            )
        })?;
        claims::fold_search_keys_once(self).await?;
        Ok(())
    }

    /// Whether the database answers and has every migration this portal knows applied.
    pub async fn ready(&self) -> anyhow::Result<()> {
        let known = match self {
            Db::Sqlite(..) => sqlx::migrate!("migrations/sqlite").iter().count(),
            Db::Pg(..) => sqlx::migrate!("migrations/postgres").iter().count(),
        } as i64;
        let applied: i64 =
            with_db!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success").fetch_one(pool).await)?;
        anyhow::ensure!(applied >= known, "{applied} of {known} migrations applied");
        Ok(())
    }

    /// Folds SQLite's write-ahead log into the database file, as the running portal's checkpoints
    /// do (nothing on PostgreSQL): the loader's and the sweeper's measured writes include it.
    pub async fn checkpoint(&self) -> sqlx::Result<()> {
        if let Db::Sqlite(pool, _) = self {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await?;
        }
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(_, readers) => readers.close(),
            Db::Pg(_, readers) => readers.close().await,
        }
        with_db!(self, pool => pool.close().await)
    }
}

/// An exclusive lock on a file beside the SQLite database at `path`, for opening it and migrating
/// it one instance at a time; the system releases it if the process dies.
async fn startup_lock(path: &std::path::Path) -> anyhow::Result<std::fs::File> {
    let lock_path = format!("{}.migrate-lock", path.display());
    Ok(tokio::task::spawn_blocking(move || -> std::io::Result<std::fs::File> {
        let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path)?;
        file.lock()?;
        Ok(file)
    })
    .await??)
}

/// Whether an error is a unique-constraint violation (a duplicate e-mail, say).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}
