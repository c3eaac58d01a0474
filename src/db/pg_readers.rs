//! PostgreSQL connections for the reads every page view makes (`direct::all`, `direct::first`),
//! beside the pool that serves writes and transactions.
//!
//! sqlx's pool asks the server whether a connection is still there each time one is given back (a
//! `Sync` and its answer, in a task of its own), whatever the pool's options: a round trip more
//! for each query, and a page makes three to ten. Here a read takes an idle connection, runs, and
//! puts it back as it is; the connection belongs to the read while it runs, so a read cancelled
//! halfway (the browser went away) drops its connection instead of handing on one in the middle of
//! a query, which is what the pool's ping guards against. A connection idle for longer than
//! `connect::JUST_USED` is asked first, as the pool's are (`connect::alive_unless_just_used`), and
//! one whose read failed is closed, so a restarted server costs at most the reads in flight.

use super::connect;
use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, SemaphorePermit};

/// Reads at once, each on its own connection; more wait (as long as the pool's acquire does).
const READS_AT_ONCE: usize = 8;
const WAIT_AT_MOST: Duration = Duration::from_secs(10);
/// How long an idle connection has to answer before it is given up and another taken.
const ANSWER_WITHIN: Duration = Duration::from_secs(2);

pub struct PgReaders {
    options: PgConnectOptions,
    /// Idle connections with the moment each was put back.
    idle: Mutex<Vec<(PgConnection, Instant)>>,
    permits: Semaphore,
    closed: AtomicBool,
}

impl std::fmt::Debug for PgReaders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgReaders").finish_non_exhaustive()
    }
}

impl PgReaders {
    pub fn new(options: PgConnectOptions) -> PgReaders {
        PgReaders { options, idle: Mutex::new(Vec::new()), permits: Semaphore::new(READS_AT_ONCE), closed: AtomicBool::new(false) }
    }

    /// An idle connection (or a new one) for one read; `Held::give_back` keeps it for the next, and
    /// dropping it instead (the read failed or was cancelled) closes it.
    pub async fn take(&self) -> sqlx::Result<Held<'_>> {
        let permit = tokio::time::timeout(WAIT_AT_MOST, self.permits.acquire())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?
            .map_err(|_| sqlx::Error::PoolClosed)?;
        if self.closed.load(Ordering::Acquire) {
            return Err(sqlx::Error::PoolClosed);
        }
        Ok(Held { readers: self, connection: self.idle_connection().await?, _permit: permit })
    }

    /// The most recently used idle connection that still answers, or a new one.
    async fn idle_connection(&self) -> sqlx::Result<PgConnection> {
        loop {
            let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let Some((mut connection, since)) = idle else { break };
            if since.elapsed() < connect::JUST_USED || answers(&mut connection).await {
                return Ok(connection);
            }
        }
        tokio::time::timeout(WAIT_AT_MOST, PgConnection::connect_with(&self.options)).await.map_err(|_| sqlx::Error::PoolTimedOut)?
    }

    /// Closes the idle connections and refuses reads from now on (the database is closed).
    pub async fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.permits.close();
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(PoisonError::into_inner));
        for (connection, _) in idle {
            let _ = connection.close().await;
        }
    }
}

/// Whether the server answers on `connection` in time: a connection whose peer went silent (a
/// network that drops packets) would otherwise hold the read forever.
async fn answers(connection: &mut PgConnection) -> bool {
    matches!(tokio::time::timeout(ANSWER_WITHIN, connection.ping()).await, Ok(Ok(())))
}

/// A connection taken for one read.
pub struct Held<'a> {
    readers: &'a PgReaders,
    pub connection: PgConnection,
    _permit: SemaphorePermit<'a>,
}

impl Held<'_> {
    /// Keeps the connection for the next read: only after a read that succeeded.
    pub fn give_back(self) {
        if !self.readers.closed.load(Ordering::Acquire) {
            self.readers.idle.lock().unwrap_or_else(PoisonError::into_inner).push((self.connection, Instant::now()));
        }
    }
}
