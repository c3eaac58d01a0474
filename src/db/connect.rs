//! Opening the database, with failures that say what was tried and what to do. PostgreSQL is asked
//! once before the pool is built, so a certain cause (nothing listens, authentication failed, no
//! such database) ends the start at once instead of after the pool's timeout; a server that does
//! not answer is tried again a few times, saying so.

use crate::startup_failure::{FailureKind, StartupFailure};
use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::sqlite::SqliteConnectOptions;
use std::path::Path;
use std::time::Duration;

/// A connection given back to the pool this recently is handed out again without asking the server
/// whether it is still there (HikariCP's `aliveBypassWindowMs`, also 500 ms).
pub(super) const JUST_USED: Duration = Duration::from_millis(500);

/// Whether an idle PostgreSQL connection may be handed out: asked of the server (one round trip)
/// unless it was used within `JUST_USED`. sqlx asks before every acquire by default, and a page's
/// three or four queries each acquire: a round trip more for each, on both sides of the socket.
/// A server that went away within the window fails that one query, whose error page is a 503;
/// the pool then drops the connection, and the next acquire asks again.
pub fn alive_unless_just_used(
    connection: &mut PgConnection,
    meta: sqlx::pool::PoolConnectionMetadata,
) -> futures_util::future::BoxFuture<'_, Result<bool, sqlx::Error>> {
    Box::pin(async move {
        if meta.idle_for >= JUST_USED {
            connection.ping().await?;
        }
        Ok(true)
    })
}

const ANSWER_WITHIN: Duration = Duration::from_secs(5);
const ATTEMPTS: u32 = 3;

/// An SQLite file in a directory that does not exist fails here, naming both.
pub fn sqlite_directory_exists(options: &SqliteConnectOptions) -> Result<(), StartupFailure> {
    let path = options.get_filename();
    let Some(directory) = path.parent().filter(|d| !d.as_os_str().is_empty()) else { return Ok(()) };
    if directory.is_dir() || path.to_string_lossy().starts_with(':') {
        return Ok(());
    }
    Err(StartupFailure::new(
        FailureKind::DataDirectory,
        format!("cannot open the SQLite database {}", path.display()),
        format!("the directory {} does not exist", directory.display()),
        "create the directory, or name another file in --database-url (CPOR_DATABASE_URL) or another --data-dir",
    ))
}

pub fn sqlite_failure(path: &Path, error: &sqlx::Error) -> anyhow::Error {
    StartupFailure::new(
        FailureKind::DataDirectory,
        format!("cannot open the SQLite database {}", path.display()),
        error,
        "give this user read and write access to the file and its directory, or choose another --data-dir",
    )
    .into()
}

/// Where PostgreSQL was looked for: host, port, database and user, never the password.
fn target(options: &PgConnectOptions) -> String {
    format!(
        "cannot connect to PostgreSQL at {}:{} (database {}, user {})",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or("(the user's)"),
        options.get_username()
    )
}

/// A failure to reach or use PostgreSQL, classified by its cause.
pub fn postgres_failure(options: &PgConnectOptions, error: &sqlx::Error) -> anyhow::Error {
    let (host, port) = (options.get_host(), options.get_port());
    let database = options.get_database().unwrap_or("(the user's)");
    let (kind, hint) = match error {
        sqlx::Error::Database(e) => match e.code().as_deref() {
            Some("28P01" | "28000") => {
                (FailureKind::DatabaseRefused, "check the user name and password in --database-url (CPOR_DATABASE_URL)".to_owned())
            }
            Some("3D000") => (
                FailureKind::DatabaseRefused,
                format!("create the database (createdb {database}) or name an existing one in --database-url (CPOR_DATABASE_URL)"),
            ),
            _ => (FailureKind::DatabaseRefused, "check the user's rights on this database".to_owned()),
        },
        sqlx::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => (
            FailureKind::DatabaseUnreachable,
            format!("is PostgreSQL running on {host}:{port}? Start it, or fix the host and port in --database-url (CPOR_DATABASE_URL)"),
        ),
        _ => (FailureKind::DatabaseUnreachable, format!("check that {host} is the right host and that PostgreSQL listens on port {port}")),
    };
    StartupFailure::new(kind, target(options), error, hint).into()
}

/// Asks PostgreSQL once for a connection: a certain cause fails at once; no answer is tried again.
pub async fn postgres_answers(options: &PgConnectOptions) -> anyhow::Result<()> {
    for attempt in 1..=ATTEMPTS {
        match tokio::time::timeout(ANSWER_WITHIN, PgConnection::connect_with(options)).await {
            Ok(Ok(connection)) => {
                let _ = connection.close().await;
                return Ok(());
            }
            Ok(Err(error)) => return Err(postgres_failure(options, &error)),
            Err(_) if attempt < ATTEMPTS => {
                tracing::warn!(
                    "no answer from PostgreSQL at {}:{} within {} s; trying again ({attempt} of {ATTEMPTS})",
                    options.get_host(),
                    options.get_port(),
                    ANSWER_WITHIN.as_secs()
                );
            }
            Err(_) => {}
        }
    }
    Err(StartupFailure::new(
        FailureKind::DatabaseUnreachable,
        target(options),
        format!("no answer within {} s, {ATTEMPTS} times", ANSWER_WITHIN.as_secs()),
        "check that the host and port in --database-url are right and that no firewall drops the connection",
    )
    .into())
}
