//! Competing claims: another org's active claim on the same customer tenant and workload (for
//! Microsoft 365 the product; for Business Applications the subscription, or the product when no
//! subscription is given).

use super::param::Param;
use super::{Db, direct};

use crate::domain::claim::{ClaimStatus, sql_list};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CompetingClaim {
    pub public_id: String,
    pub org_name: String,
    pub status: String,
    pub name: String,
}

crate::read_in_order!(CompetingClaim { public_id, org_name, status, name });

fn overlap_sql(select: &str) -> String {
    let holding = sql_list(&ClaimStatus::HOLDING_WORKLOADS);
    format!(
        "SELECT DISTINCT {select} FROM claims other
         JOIN orgs o ON o.id = other.org_id
         JOIN claim_products op ON op.claim_id = other.id
         JOIN claims mine ON mine.id = $1
         JOIN claim_products mp ON mp.claim_id = mine.id
         WHERE other.tenant_id = mine.tenant_id AND other.org_id <> mine.org_id AND other.status IN {holding}
           AND ((op.subscription_id IS NOT NULL AND op.subscription_id = mp.subscription_id)
                OR (op.product_id = mp.product_id AND (op.subscription_id IS NULL OR mp.subscription_id IS NULL)))"
    )
}

/// Whether another org's active claim holds one of this claim's workloads (all a partner learns).
/// Competition is decided at submission: a draft in Editing is never contested, so editing a
/// draft cannot probe which tenants other orgs claim.
pub async fn is_contested(db: &Db, claim_id: i64) -> sqlx::Result<bool> {
    let holding = sql_list(&ClaimStatus::HOLDING_WORKLOADS);
    let sql = format!("SELECT EXISTS ({} AND mine.status IN {holding})", overlap_sql("other.id"));
    let found: Option<(bool,)> = direct::first(db, &sql, vec![Param::Int(claim_id)], |r| Ok((r.get(0)?,))).await?;
    Ok(found.is_some_and(|(contested,)| contested))
}

/// The competing claims themselves, for reviewers.
pub async fn competitors(db: &Db, claim_id: i64) -> sqlx::Result<Vec<CompetingClaim>> {
    let sql = overlap_sql("other.public_id, o.name AS org_name, other.status, other.name");
    direct::all(db, &sql, vec![Param::Int(claim_id)], CompetingClaim::read).await
}
