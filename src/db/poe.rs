//! PoE files, the self-check and submission.

use super::history::Actor;
use super::param::Param;
use super::workflow::{STATE_COLUMNS, StateRow};
use super::{BeginWrite, Db, Timestamp, direct};
use crate::domain::claim::ClaimStatus;
use crate::domain::poe::UploadLimits;
use crate::domain::workflow::Durations;
use crate::record_history;
use crate::with_db;
use std::collections::HashSet;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PoeFileRecord {
    pub id: i64,
    pub storage_key: String,
    pub file_name: String,
    pub description: String,
    pub kind: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by_name: String,
    pub uploaded_at: Timestamp,
}

crate::read_in_order!(PoeFileRecord { id, storage_key, file_name, description, kind, size_bytes, sha256, uploaded_by_name, uploaded_at });

pub struct NewPoeFile {
    pub storage_key: String,
    pub file_name: String,
    pub description: String,
    pub kind: String,
    pub size_bytes: i64,
    pub sha256: String,
}

const FILE_SELECT: &str = "SELECT f.id, f.storage_key, f.file_name, f.description, f.kind, f.size_bytes, f.sha256,
        u.name AS uploaded_by_name, f.uploaded_at
    FROM poe_files f JOIN users u ON u.id = f.uploaded_by";

/// The claim's files, newest first.
pub async fn files_of(db: &Db, claim_id: i64) -> sqlx::Result<Vec<PoeFileRecord>> {
    let sql = format!("{FILE_SELECT} WHERE f.claim_id = $1 ORDER BY f.uploaded_at DESC, f.id DESC");
    direct::all(db, &sql, vec![Param::Int(claim_id)], PoeFileRecord::read).await
}

/// How many files and bytes the claim holds.
pub async fn usage(db: &Db, claim_id: i64) -> sqlx::Result<(i64, i64)> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) FROM poe_files WHERE claim_id = $1")
        .bind(claim_id)
        .fetch_one(pool)
        .await)
}

#[derive(Debug, PartialEq, Eq)]
pub enum AddOutcome {
    Added,
    /// Another upload filled the claim first; nothing was added.
    OverLimit,
    /// The claim moved on while the files streamed and takes no PoE now; nothing was added.
    NotNow,
    /// The claim was deleted while the files streamed.
    ClaimGone,
}

/// Adds files to a claim in one transaction, under the claim's write lock, asking again whether
/// the claim takes PoE now and re-checking its limits, so neither a claim that moved on while the
/// files streamed nor two uploads at once can pass them. The claim's revision moves on, so forms
/// shown before the upload are stale.
pub async fn add_files(
    db: &Db,
    claim_id: i64,
    actor: &Actor,
    files: &[NewPoeFile],
    limits: UploadLimits,
    durations: &Durations,
    now: Timestamp,
) -> sqlx::Result<AddOutcome> {
    let user_id = actor.user_id;
    let adding_bytes: i64 = files.iter().map(|f| f.size_bytes).sum();
    let select = sqlx::AssertSqlSafe(match db {
        Db::Pg(..) => format!("SELECT {STATE_COLUMNS} FROM claims WHERE id = $1 FOR UPDATE"),
        Db::Sqlite(..) => format!("SELECT {STATE_COLUMNS} FROM claims WHERE id = $1"),
    });
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let Some(row) = sqlx::query_as::<_, StateRow>(select).bind(claim_id).fetch_optional(&mut *tx).await? else {
            return Ok(AddOutcome::ClaimGone);
        };
        if !row.state().accepts_poe(now.0, durations) {
            return Ok(AddOutcome::NotNow);
        }
        let (count, bytes): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) FROM poe_files WHERE claim_id = $1")
            .bind(claim_id)
            .fetch_one(&mut *tx)
            .await?;
        if (count + files.len() as i64) as u64 > limits.max_files_per_claim || (bytes + adding_bytes) as u64 > limits.max_claim_bytes {
            return Ok(AddOutcome::OverLimit);
        }
        for file in files {
            sqlx::query(
                "INSERT INTO poe_files (claim_id, storage_key, file_name, description, kind, size_bytes, sha256, uploaded_by, uploaded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(claim_id)
                .bind(&file.storage_key)
                .bind(&file.file_name)
                .bind(&file.description)
                .bind(&file.kind)
                .bind(file.size_bytes)
                .bind(&file.sha256)
                .bind(user_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE claims SET updated_at = $1, revision = revision + 1 WHERE id = $2").bind(now).bind(claim_id).execute(&mut *tx).await?;
        let names: Vec<&str> = files.iter().map(|f| f.file_name.as_str()).collect();
        record_history!(&mut *tx, claim_id, now, actor, "poe-uploaded", None::<String>, None::<String>, serde_json::json!({ "files": names }))?;
        tx.commit().await?;
        Ok(AddOutcome::Added)
    })
}

pub async fn file(db: &Db, claim_id: i64, file_id: i64) -> sqlx::Result<Option<PoeFileRecord>> {
    let sql = sqlx::AssertSqlSafe(format!("{FILE_SELECT} WHERE f.claim_id = $1 AND f.id = $2"));
    with_db!(db, pool => sqlx::query_as(sql).bind(claim_id).bind(file_id).fetch_optional(pool).await)
}

/// Removes a file's row while the claim is in Editing and has never been submitted; returns the
/// storage key to delete, or `None` when the file may not (or no longer) be removed.
pub async fn remove_file(db: &Db, claim_id: i64, file_id: i64, actor: &Actor, now: Timestamp) -> sqlx::Result<Option<String>> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let removed: Option<(String, String)> = sqlx::query_as(
            "DELETE FROM poe_files WHERE id = $1 AND claim_id = $2
               AND EXISTS (SELECT 1 FROM claims WHERE id = $2 AND status = $3 AND first_submitted_at IS NULL)
             RETURNING storage_key, file_name")
            .bind(file_id)
            .bind(claim_id)
            .bind(ClaimStatus::Editing.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if let Some((_, name)) = &removed {
            sqlx::query("UPDATE claims SET updated_at = $1 WHERE id = $2").bind(now).bind(claim_id).execute(&mut *tx).await?;
            record_history!(&mut *tx, claim_id, now, actor, "poe-removed", None::<String>, None::<String>, serde_json::json!({ "files": [name] }))?;
        }
        tx.commit().await?;
        Ok(removed.map(|(key, _)| key))
    })
}

/// The storage keys of a claim (to delete its files with it).
pub async fn keys_of(db: &Db, claim_id: i64) -> sqlx::Result<Vec<String>> {
    with_db!(db, pool => sqlx::query_scalar("SELECT storage_key FROM poe_files WHERE claim_id = $1")
        .bind(claim_id)
        .fetch_all(pool)
        .await)
}

/// Which of `keys` have a row.
pub async fn existing_keys(db: &Db, keys: &[String]) -> sqlx::Result<HashSet<String>> {
    let placeholders: Vec<String> = (1..=keys.len()).map(|i| format!("${i}")).collect();
    let sql = sqlx::AssertSqlSafe(format!("SELECT storage_key FROM poe_files WHERE storage_key IN ({})", placeholders.join(", ")));
    let found: Vec<String> = with_db!(db, pool => {
        let mut q = sqlx::query_scalar(sql);
        for key in keys {
            q = q.bind(key);
        }
        q.fetch_all(pool).await
    })?;
    Ok(found.into_iter().collect())
}

/// The partner's confirmed answers, by item.
pub async fn self_check(db: &Db, claim_id: i64) -> sqlx::Result<Option<[bool; 5]>> {
    const SELF_CHECK: &str = "SELECT customer_signature, dates_recent, partner_solution, products_named, belongs_to_customer
         FROM poe_self_checks WHERE claim_id = $1";
    let row: Option<(bool, bool, bool, bool, bool)> =
        direct::first(db, SELF_CHECK, vec![Param::Int(claim_id)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))).await?;
    Ok(row.map(|(a, b, c, d, e)| [a, b, c, d, e]))
}

/// Replaces a claim's confirmed self-check inside the caller's transaction:
/// `write_self_check!(&mut *tx, claim_id, answers, user_id, now)` evaluates to `sqlx::Result<()>`.
#[macro_export]
macro_rules! write_self_check {
    ($conn:expr, $claim_id:expr, $answers:expr, $user_id:expr, $now:expr) => {
        async {
            let answers: [bool; 5] = $answers;
            sqlx::query("DELETE FROM poe_self_checks WHERE claim_id = $1").bind($claim_id).execute(&mut *$conn).await?;
            sqlx::query(
                "INSERT INTO poe_self_checks (claim_id, customer_signature, dates_recent, partner_solution, products_named,
                    belongs_to_customer, confirmed_by, confirmed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind($claim_id)
            .bind(answers[0])
            .bind(answers[1])
            .bind(answers[2])
            .bind(answers[3])
            .bind(answers[4])
            .bind($user_id)
            .bind($now)
            .execute(&mut *$conn)
            .await
            .map(|_| ())
        }
        .await
    };
}
