//! Competing claims: another org's active claim on the same customer tenant and workload (for
//! Microsoft 365 the product; for Business Applications the subscription, or the product when no
//! subscription is given).
//!
//! Whether a claim has such a competitor is kept on the claim (`claims.competing`), so the review
//! queue shows and filters it without testing each row against its tenant's claims. Every write
//! that can change a flag recomputes the flags it can change with `refresh_competing!`, in the same
//! transaction: a new claim's or an edited draft's own, and when a claim's status enters or leaves
//! `ClaimStatus::HOLDING_WORKLOADS` (or a claim that holds is edited) those of the claims it
//! overlaps. Never a whole tenant's: a tenant may have thousands of claims of one org.

use super::param::Param;
use super::{Db, direct};

use crate::domain::claim::{ClaimStatus, sql_list};
use std::sync::LazyLock;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CompetingClaim {
    pub public_id: String,
    pub org_name: String,
    pub status: String,
    pub name: String,
}

crate::read_in_order!(CompetingClaim { public_id, org_name, status, name });

/// Claims `mine` and `other` (their products joined as `mp` and `op`) are of different orgs on
/// one tenant and share a workload, whatever their statuses.
fn overlap(mine: &str, other: &str) -> String {
    format!(
        "{other}.tenant_id = {mine}.tenant_id AND {other}.id <> {mine}.id AND {other}.org_id <> {mine}.org_id
           AND ((op.subscription_id IS NOT NULL AND op.subscription_id = mp.subscription_id)
                OR (op.product_id = mp.product_id AND (op.subscription_id IS NULL OR mp.subscription_id IS NULL)))"
    )
}

/// The rule, once: claim `other` competes with claim `mine` when they overlap and `other` holds
/// its workloads.
fn competes(mine: &str, other: &str) -> String {
    format!("{} AND {other}.status IN {}", overlap(mine, other), sql_list(&ClaimStatus::HOLDING_WORKLOADS))
}

/// Whether claim `mine` has a competitor now, as an SQL expression.
fn has_competitor(mine: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM claims other
            JOIN claim_products op ON op.claim_id = other.id
            JOIN claim_products mp ON mp.claim_id = {mine}.id
            WHERE {})",
        competes(mine, "other")
    )
}

/// Recomputes the flag of the claims whose ids `targets` selects, writing only the rows whose flag
/// changes.
fn refresh_sql(targets: &str) -> String {
    format!(
        "UPDATE claims SET competing = f.now_competing
         FROM (SELECT c.id, {} AS now_competing FROM claims c WHERE c.id IN ({targets})) f
         WHERE claims.id = f.id AND claims.competing <> f.now_competing",
        has_competitor("c")
    )
}

/// The claims `changed` (an SQL condition on `x`) overlaps: those whose flag its status decides.
fn overlapped_by(changed: &str) -> String {
    format!(
        "SELECT other.id FROM claims x
         JOIN claim_products mp ON mp.claim_id = x.id
         JOIN claims other ON other.tenant_id = x.tenant_id
         JOIN claim_products op ON op.claim_id = other.id
         WHERE {changed} AND {}",
        overlap("x", "other")
    )
}

/// The flag of claim `$1` alone: after a write that changes its tenant or products while it holds
/// no workload (a new claim, an edit in Editing), no other claim's flag can change.
pub static REFRESH_OWN: LazyLock<String> = LazyLock::new(|| refresh_sql("SELECT $1"));

/// The flags of claim `$1` and of the claims it overlaps, and of the other orgs' claims on tenant
/// `$2` (the tenant an edit moved it from, or NULL): after its status entered or left the holding
/// statuses, or an edit of a claim that holds.
pub static REFRESH_AROUND: LazyLock<String> = LazyLock::new(|| {
    refresh_sql(&format!(
        "SELECT $1 UNION {} UNION SELECT id FROM claims WHERE tenant_id = $2 AND org_id <> (SELECT org_id FROM claims WHERE id = $1)",
        overlapped_by("x.id = $1")
    ))
});

/// The flags of the claims these claims overlap (a batch of transitions).
pub fn refresh_around_all(claim_ids: &[i64]) -> String {
    refresh_sql(&overlapped_by(&format!("x.id IN ({})", super::param::number_list(claim_ids))))
}

/// The flags of every claim whose tenant more than one org claims (after a bulk load).
pub static REFRESH_SHARED_TENANTS: LazyLock<String> = LazyLock::new(|| {
    refresh_sql(
        "SELECT id FROM claims WHERE tenant_id IN (SELECT tenant_id FROM claims GROUP BY tenant_id HAVING COUNT(DISTINCT org_id) > 1)",
    )
});

/// `refresh_competing!(conn, claim_id, holds, old_tenant)` recomputes, inside the caller's
/// transaction, the competing flags a write to the claim can change: its own, and when `holds`
/// (its status entered or left the holding statuses, or it holds while edited) those of the claims
/// it overlaps and of other orgs' claims on `old_tenant` (`Option<&str>`: the tenant an edit moved
/// it from). Evaluates to `sqlx::Result<_>`.
#[macro_export]
macro_rules! refresh_competing {
    ($conn:expr, $claim_id:expr, $holds:expr, $old_tenant:expr) => {
        if $holds {
            sqlx::query($crate::db::competing::REFRESH_AROUND.as_str()).bind($claim_id).bind($old_tenant).execute($conn).await
        } else {
            sqlx::query($crate::db::competing::REFRESH_OWN.as_str()).bind($claim_id).execute($conn).await
        }
    };
}

/// The competing claims themselves, for reviewers.
pub async fn competitors(db: &Db, claim_id: i64) -> sqlx::Result<Vec<CompetingClaim>> {
    let sql = format!(
        "SELECT DISTINCT other.public_id, o.name AS org_name, other.status, other.name FROM claims other
         JOIN orgs o ON o.id = other.org_id
         JOIN claim_products op ON op.claim_id = other.id
         JOIN claims mine ON mine.id = $1
         JOIN claim_products mp ON mp.claim_id = mine.id
         WHERE {}",
        competes("mine", "other")
    );
    direct::all(db, &sql, vec![Param::Int(claim_id)], CompetingClaim::read).await
}

/// How many claims' stored flag differs from the rule asked now (zero unless a write forgot to
/// refresh): for tests and for checking a database after a repair.
pub async fn flags_out_of_date(db: &Db) -> sqlx::Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM claims c WHERE c.competing <> {}", has_competitor("c"));
    let counted: Option<(i64,)> = direct::first(db, &sql, Vec::new(), |r| Ok((r.get(0)?,))).await?;
    Ok(counted.map_or(0, |(n,)| n))
}
