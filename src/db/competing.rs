//! Competing claims: another org's active claim on the same customer tenant and workload (for
//! Microsoft 365 the product; for Business Applications the subscription, or the product when no
//! subscription is given).
//!
//! Whether a claim has such a competitor is kept on the claim (`claims.competing`), so the review
//! queue shows and filters it without testing each row against its tenant's claims. The flag
//! depends on the other claims of the tenant, so every write that changes which claims hold which
//! workloads (a new claim, an edit of its tenant or products, a status entering or leaving
//! `ClaimStatus::HOLDING_WORKLOADS`) recomputes the flags of its tenant's claims with
//! `refresh_competing!`, in the same transaction.

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

/// The rule, once: claim `other` (its products joined as `op`) competes with claim `mine` (its
/// products as `mp`).
fn competes(mine: &str, other: &str) -> String {
    let holding = sql_list(&ClaimStatus::HOLDING_WORKLOADS);
    format!(
        "{other}.tenant_id = {mine}.tenant_id AND {other}.id <> {mine}.id AND {other}.org_id <> {mine}.org_id
           AND {other}.status IN {holding}
           AND ((op.subscription_id IS NOT NULL AND op.subscription_id = mp.subscription_id)
                OR (op.product_id = mp.product_id AND (op.subscription_id IS NULL OR mp.subscription_id IS NULL)))"
    )
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

/// Recomputes the flag of the claims `tenants` selects (an SQL condition on `c`), writing only the
/// rows whose flag changes.
fn refresh_sql(tenants: &str) -> String {
    format!(
        "UPDATE claims SET competing = f.now_competing
         FROM (SELECT c.id, {} AS now_competing FROM claims c WHERE {tenants}) f
         WHERE claims.id = f.id AND claims.competing <> f.now_competing",
        has_competitor("c")
    )
}

/// The flags of the claims on claim `$1`'s tenant and on tenant `$2` (its tenant before an edit,
/// or NULL).
pub static REFRESH_AROUND: LazyLock<String> =
    LazyLock::new(|| refresh_sql("c.tenant_id IN ((SELECT tenant_id FROM claims WHERE id = $1), $2)"));

/// The flags of the claims on these claims' tenants (a batch of transitions).
pub fn refresh_around_all(claim_ids: &[i64]) -> String {
    refresh_sql(&format!("c.tenant_id IN (SELECT tenant_id FROM claims WHERE id IN ({}))", super::param::number_list(claim_ids)))
}

/// The flags of every claim whose tenant more than one org claims (after a bulk load).
pub static REFRESH_SHARED_TENANTS: LazyLock<String> =
    LazyLock::new(|| refresh_sql("c.tenant_id IN (SELECT tenant_id FROM claims GROUP BY tenant_id HAVING COUNT(DISTINCT org_id) > 1)"));

/// `refresh_competing!(conn, claim_id, old_tenant)` recomputes the competing flags of the claims
/// on the claim's tenant and on `old_tenant` (`Option<&str>`: the tenant an edit moved it from),
/// inside the caller's transaction; evaluates to `sqlx::Result<_>`.
#[macro_export]
macro_rules! refresh_competing {
    ($conn:expr, $claim_id:expr, $old_tenant:expr) => {
        sqlx::query(sqlx::AssertSqlSafe($crate::db::competing::REFRESH_AROUND.as_str()))
            .bind($claim_id)
            .bind($old_tenant)
            .execute($conn)
            .await
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
