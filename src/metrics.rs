//! Metrics in Prometheus' text format, with the `metrics` crates: requests by route and status and
//! their latency, database pool use, outbox depth and the age of its oldest message, sweeper lag,
//! and PoE uploads and their bytes. Served on their own address (`--metrics-bind`), never on the
//! portal's, so only the monitoring network reaches them.

use crate::db::Db;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicI64, Ordering};

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
/// When the deadline sweeper last finished (Unix seconds), for its lag.
static LAST_SWEEP: AtomicI64 = AtomicI64::new(0);

/// The recorder, installed once per process (every instance of `Application` in it shares it).
pub fn handle() -> anyhow::Result<&'static PrometheusHandle> {
    if let Some(handle) = HANDLE.get() {
        return Ok(handle);
    }
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full("cpor_http_request_duration_seconds".into()),
            &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0],
        )?
        .install_recorder()
        .or_else(|error| HANDLE.get().cloned().ok_or(error))?;
    Ok(HANDLE.get_or_init(|| handle))
}

/// A request answered: its route pattern (never the path, which holds IDs), method and status.
pub fn request(route: &str, method: &str, status: u16, seconds: f64) {
    let labels = [("route", route.to_owned()), ("method", method.to_owned()), ("status", status.to_string())];
    metrics::counter!("cpor_http_requests_total", &labels).increment(1);
    metrics::histogram!("cpor_http_request_duration_seconds", "route" => route.to_owned()).record(seconds);
}

/// PoE files stored by one upload.
pub fn uploaded(files: usize, bytes: u64) {
    metrics::counter!("cpor_poe_uploads_total").increment(files as u64);
    metrics::counter!("cpor_poe_upload_bytes_total").increment(bytes);
}

/// The deadline sweeper finished a run.
pub fn swept(now: chrono::DateTime<chrono::Utc>) {
    LAST_SWEEP.store(now.timestamp(), Ordering::Relaxed);
}

/// The text a scrape gets, with the gauges read now.
pub async fn render(db: &Db, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<String> {
    let handle = handle()?;
    let (size, idle) = crate::with_db!(db, pool => (pool.size(), pool.num_idle()));
    metrics::gauge!("cpor_db_pool_connections").set(f64::from(size));
    metrics::gauge!("cpor_db_pool_in_use").set(f64::from(size) - idle as f64);
    let (pending, oldest) = crate::db::outbox::depth(db).await?;
    metrics::gauge!("cpor_outbox_pending").set(pending as f64);
    metrics::gauge!("cpor_outbox_oldest_pending_age_seconds").set(oldest.map_or(0.0, |at| (now - at.0).num_seconds().max(0) as f64));
    let last = LAST_SWEEP.load(Ordering::Relaxed);
    if last > 0 {
        metrics::gauge!("cpor_sweeper_lag_seconds").set((now.timestamp() - last).max(0) as f64);
    }
    Ok(handle.render())
}
