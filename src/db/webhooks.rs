//! Webhook endpoints and their deliveries. An event is raised inside the transaction of the change
//! that causes it (`raise_event!`), one delivery per subscribed endpoint of the claim's org; the
//! worker leases due deliveries (`FOR UPDATE SKIP LOCKED` on PostgreSQL), so each is sent by one
//! instance at a time, and records each attempt.

use super::audit::AuditEntry;
use super::{BeginWrite, Db, Timestamp};
use crate::domain::webhook::{EventKind, MAX_PER_ORG};
use crate::with_db;

/// One delivery per subscribed, active endpoint of the claim's org: bind the event id, the event
/// code, the body, now, the claim's id and `subscribed_pattern`.
pub const RAISE: &str = "INSERT INTO webhook_deliveries (webhook_id, event_id, event, payload, created_at, next_attempt_at)
     SELECT w.id, $1, $2, $3, $4, $4 FROM webhooks w JOIN claims c ON c.org_id = w.org_id
     WHERE c.id = $5 AND w.removed_at IS NULL AND (',' || w.events || ',') LIKE $6 ESCAPE '\\'";

/// The orgs with an endpoint (a batch raises events only for their claims; for any other claim
/// `RAISE` would insert nothing).
pub const ORGS_WITH_ENDPOINTS: &str = "SELECT DISTINCT org_id FROM webhooks WHERE removed_at IS NULL";

/// Raises an event about a claim inside the caller's transaction:
/// `raise_event!(&mut *tx, claim_id, kind, data, now)`; evaluates to `sqlx::Result<_>`.
#[macro_export]
macro_rules! raise_event {
    ($conn:expr, $claim_id:expr, $kind:expr, $data:expr, $now:expr) => {{
        let event_id = uuid::Uuid::new_v4().to_string();
        let body = $crate::domain::webhook::body(&event_id, $kind, $now.0, $data);
        sqlx::query($crate::db::webhooks::RAISE)
            .bind(&event_id)
            .bind($kind.as_str())
            .bind(&body)
            .bind($now)
            .bind($claim_id)
            .bind($crate::domain::webhook::subscribed_pattern($kind))
            .execute($conn)
            .await
    }};
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WebhookRecord {
    pub id: i64,
    pub url: String,
    pub events: String,
    pub created_at: Timestamp,
}

impl WebhookRecord {
    pub fn event_kinds(&self) -> Vec<EventKind> {
        self.events.split(',').filter_map(EventKind::parse).collect()
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRecord {
    pub id: i64,
    pub webhook_id: i64,
    pub event_id: String,
    pub event: String,
    pub created_at: Timestamp,
    pub attempts: i32,
    pub delivered_at: Option<Timestamp>,
    pub given_up_at: Option<Timestamp>,
    pub next_attempt_at: Timestamp,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
}

/// Registers an endpoint unless the org has `MAX_PER_ORG` (`None`), with its audit entry.
pub async fn add(
    db: &Db,
    org_id: i64,
    url: &str,
    secret: &str,
    events: &[EventKind],
    audit: &AuditEntry<'_>,
    now: Timestamp,
) -> sqlx::Result<Option<i64>> {
    let codes = events.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(",");
    let lock_org = super::orgs::lock_org(db);
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(lock_org).bind(org_id).execute(&mut *tx).await?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhooks WHERE org_id = $1 AND removed_at IS NULL")
            .bind(org_id)
            .fetch_one(&mut *tx)
            .await?;
        if count >= MAX_PER_ORG {
            return Ok(None);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO webhooks (org_id, url, secret, events, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(org_id)
            .bind(url)
            .bind(secret)
            .bind(&codes)
            .bind(audit.actor.user_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        crate::record_audit!(&mut *tx, audit, now)?;
        tx.commit().await?;
        Ok(Some(id))
    })
}

/// The org's active endpoints, oldest first.
pub async fn list(db: &Db, org_id: i64) -> sqlx::Result<Vec<WebhookRecord>> {
    with_db!(db, pool => sqlx::query_as("SELECT id, url, events, created_at FROM webhooks WHERE org_id = $1 AND removed_at IS NULL ORDER BY id")
        .bind(org_id)
        .fetch_all(pool)
        .await)
}

pub async fn find(db: &Db, org_id: i64, id: i64) -> sqlx::Result<Option<WebhookRecord>> {
    with_db!(db, pool => sqlx::query_as("SELECT id, url, events, created_at FROM webhooks WHERE org_id = $1 AND id = $2 AND removed_at IS NULL")
        .bind(org_id)
        .bind(id)
        .fetch_optional(pool)
        .await)
}

/// Removes an endpoint: nothing more is sent to it; its pending deliveries are given up.
pub async fn remove(db: &Db, org_id: i64, id: i64, audit: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let removed = sqlx::query("UPDATE webhooks SET removed_at = $1 WHERE id = $2 AND org_id = $3 AND removed_at IS NULL")
            .bind(now)
            .bind(id)
            .bind(org_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        if removed {
            sqlx::query("UPDATE webhook_deliveries SET given_up_at = $1 WHERE webhook_id = $2 AND delivered_at IS NULL AND given_up_at IS NULL")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            crate::record_audit!(&mut *tx, audit, now)?;
        }
        tx.commit().await?;
        Ok(removed)
    })
}

/// Queues a test event for one endpoint.
pub async fn send_test(db: &Db, webhook_id: i64, now: Timestamp) -> sqlx::Result<()> {
    let event_id = uuid::Uuid::new_v4().to_string();
    let body = crate::domain::webhook::body(
        &event_id,
        EventKind::Test,
        now.0,
        serde_json::json!({ "message": "This is a test event from the CPOR portal." }),
    );
    with_db!(db, pool => sqlx::query(
        "INSERT INTO webhook_deliveries (webhook_id, event_id, event, payload, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5)")
        .bind(webhook_id)
        .bind(&event_id)
        .bind(EventKind::Test.as_str())
        .bind(&body)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// The latest deliveries to the org's endpoints, newest first.
pub async fn recent_deliveries(db: &Db, org_id: i64, limit: i64) -> sqlx::Result<Vec<DeliveryRecord>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT d.id, d.webhook_id, d.event_id, d.event, d.created_at, d.attempts, d.delivered_at, d.given_up_at, d.next_attempt_at, d.last_status, d.last_error
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
         WHERE w.org_id = $1 ORDER BY d.id DESC LIMIT $2")
        .bind(org_id)
        .bind(limit)
        .fetch_all(pool)
        .await)
}

/// A delivery due now, with where and how to send it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueDelivery {
    pub id: i64,
    pub event_id: String,
    pub event: String,
    pub payload: String,
    pub created_at: Timestamp,
    pub attempts: i32,
    pub url: String,
    pub secret: String,
}

/// Leases up to `limit` due deliveries until `lease_until`, oldest event first: no other worker
/// takes them meanwhile. (Order is kept where it can be; a retry may still arrive after a later
/// event, which is why every event carries its time and the claim's status.)
pub async fn lease(db: &Db, now: Timestamp, lease_until: Timestamp, limit: i64) -> sqlx::Result<Vec<DueDelivery>> {
    let skip_locked = if matches!(db, Db::Pg(..)) { "FOR UPDATE SKIP LOCKED" } else { "" };
    let sql = sqlx::AssertSqlSafe(format!(
        "UPDATE webhook_deliveries SET lease_until = $1
         WHERE id IN (SELECT id FROM webhook_deliveries
                      WHERE delivered_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= $2
                        AND (lease_until IS NULL OR lease_until <= $2)
                      ORDER BY next_attempt_at, id LIMIT $3 {skip_locked})
         RETURNING id"
    ));
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        // Read back in the order the events happened (RETURNING keeps no order).
        let ids: Vec<i64> = sqlx::query_scalar(sql).bind(lease_until).bind(now).bind(limit).fetch_all(&mut *tx).await?;
        let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
        let select = sqlx::AssertSqlSafe(format!(
            "SELECT d.id, d.event_id, d.event, d.payload, d.created_at, d.attempts, w.url, w.secret
             FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id IN ({}) ORDER BY d.id",
            placeholders.join(", ")
        ));
        let mut due = Vec::new();
        if !ids.is_empty() {
            let mut query = sqlx::query_as::<_, DueDelivery>(select);
            for id in &ids {
                query = query.bind(*id);
            }
            due = query.fetch_all(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(due)
    })
}

/// What became of one attempt.
pub enum Attempted {
    Delivered {
        status: i32,
    },
    /// Failed; tried again at `next`, or given up when `None`.
    Failed {
        status: Option<i32>,
        error: String,
        next: Option<Timestamp>,
    },
}

pub async fn record(db: &Db, id: i64, attempted: &Attempted, now: Timestamp) -> sqlx::Result<()> {
    with_db!(db, pool => match attempted {
        Attempted::Delivered { status } => sqlx::query(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, delivered_at = $1, last_status = $2, last_error = NULL, lease_until = NULL WHERE id = $3")
            .bind(now)
            .bind(*status)
            .bind(id)
            .execute(pool)
            .await
            .map(|_| ()),
        Attempted::Failed { status, error, next } => sqlx::query(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $1, last_error = $2, lease_until = NULL,
                next_attempt_at = COALESCE($3, next_attempt_at), given_up_at = CASE WHEN $3 IS NULL THEN $4 ELSE NULL END
             WHERE id = $5")
            .bind(*status)
            .bind(error)
            .bind(*next)
            .bind(now)
            .bind(id)
            .execute(pool)
            .await
            .map(|_| ()),
    })
}
