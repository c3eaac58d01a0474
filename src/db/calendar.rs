//! The business calendar and the service-level durations, kept in the database with who changed
//! them and when. The command-line flags seed a fresh database once; from then on operators set
//! them in the browser and every instance reads them from here.

use super::audit::AuditEntry;
use super::{BeginWrite, Db, Timestamp, is_unique_violation};
use crate::domain::service_levels::ServiceLevel;
use crate::domain::workflow::Durations;
use crate::with_db;
use chrono::NaiveDate;

/// The fact that says the flags were copied into a fresh database.
const SEEDED: &str = "program-settings-seeded";

/// Copies the flags' durations and holidays into the database, the first time only.
pub async fn seed_once(db: &Db, defaults: &Durations, now: Timestamp) -> sqlx::Result<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let first = sqlx::query("INSERT INTO portal_facts (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(SEEDED)
            .bind(now.to_text())
            .execute(&mut *tx)
            .await?
            .rows_affected() == 1;
        if first {
            for level in ServiceLevel::ALL {
                sqlx::query("INSERT INTO service_levels (name, value, changed_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
                    .bind(level.as_str())
                    .bind(level.get(defaults))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            for day in defaults.calendar.holidays() {
                sqlx::query("INSERT INTO holidays (day, name, added_at) VALUES ($1, '', $2) ON CONFLICT (day) DO NOTHING")
                    .bind(day)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    })
}

/// The durations and holidays in force: the stored ones over `defaults` (whose time zone stays).
pub async fn load(db: &Db, defaults: &Durations) -> sqlx::Result<Durations> {
    let (levels, days): (Vec<(String, i64)>, Vec<NaiveDate>) = with_db!(db, pool => {
        let levels = sqlx::query_as("SELECT name, value FROM service_levels").fetch_all(pool).await?;
        let days = sqlx::query_scalar("SELECT day FROM holidays ORDER BY day").fetch_all(pool).await?;
        (levels, days)
    });
    let mut durations = defaults.clone();
    for (name, value) in levels {
        if let Some(level) = ServiceLevel::parse(&name) {
            level.set(&mut durations, value);
        }
    }
    durations.calendar = defaults.calendar.with_holidays(days);
    Ok(durations)
}

/// A duration as the calendar page shows it: who set it last and when (nobody: the flags did).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LevelRecord {
    pub name: String,
    pub value: i64,
    pub changed_by: Option<String>,
    pub changed_at: Timestamp,
}

pub async fn levels(db: &Db) -> sqlx::Result<Vec<LevelRecord>> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT s.name, s.value, u.name AS changed_by, s.changed_at FROM service_levels s LEFT JOIN users u ON u.id = s.changed_by")
        .fetch_all(pool)
        .await)
}

/// Sets the durations that changed, each with its audit entry, in one transaction.
pub async fn set_levels(db: &Db, changes: &[(ServiceLevel, i64, String)], audit: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        for (level, value, detail) in changes {
            sqlx::query(
                "INSERT INTO service_levels (name, value, changed_by, changed_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_by = excluded.changed_by, changed_at = excluded.changed_at")
                .bind(level.as_str())
                .bind(*value)
                .bind(audit.actor.user_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            let entry = AuditEntry { subject: level.as_str(), detail, ..audit.clone() };
            crate::record_audit!(&mut *tx, entry, now)?;
        }
        tx.commit().await?;
        Ok(())
    })
}

/// A holiday as the calendar page shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Holiday {
    pub day: NaiveDate,
    pub name: String,
    pub added_by: Option<String>,
    pub added_at: Timestamp,
}

/// The holidays of a year, in date order.
pub async fn holidays_of(db: &Db, year: i32) -> sqlx::Result<Vec<Holiday>> {
    let (from, to) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year + 1, 1, 1));
    with_db!(db, pool => sqlx::query_as(
        "SELECT h.day, h.name, u.name AS added_by, h.added_at FROM holidays h LEFT JOIN users u ON u.id = h.added_by
         WHERE h.day >= $1 AND h.day < $2 ORDER BY h.day")
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await)
}

/// Adds a holiday; `false` when the day is one already.
pub async fn add_holiday(db: &Db, day: NaiveDate, name: &str, audit: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let added = sqlx::query("INSERT INTO holidays (day, name, added_by, added_at) VALUES ($1, $2, $3, $4)")
            .bind(day)
            .bind(name)
            .bind(audit.actor.user_id)
            .bind(now)
            .execute(&mut *tx)
            .await;
        match added {
            Err(e) if is_unique_violation(&e) => return Ok(false),
            other => other?,
        };
        crate::record_audit!(&mut *tx, audit, now)?;
        tx.commit().await?;
        Ok(true)
    })
}

pub async fn remove_holiday(db: &Db, day: NaiveDate, audit: &AuditEntry<'_>, now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let removed = sqlx::query("DELETE FROM holidays WHERE day = $1").bind(day).execute(&mut *tx).await?.rows_affected() == 1;
        if removed {
            crate::record_audit!(&mut *tx, audit, now)?;
        }
        tx.commit().await?;
        Ok(removed)
    })
}
