//! Claims and the product catalogue.

use super::history::Actor;
use super::param::Param;
use super::workflow::StateRow;
use super::{BeginWrite, Db, Timestamp, direct};
use crate::domain::claim::ClaimStatus;
use crate::domain::claim_form::ClaimDraft;
use crate::domain::claim_id::ClaimId;
use crate::record_history;
use crate::with_db;
use chrono::NaiveDate;

/// Binds a draft's stored fields, in the order both the INSERT and the UPDATE list them.
macro_rules! bind_draft {
    ($query:expr, $draft:expr) => {{
        let draft = $draft;
        let technical = draft.technical_contact.as_ref();
        $query
            .bind(&draft.name)
            .bind(&draft.mpn_id)
            .bind(draft.solution_area.as_str())
            .bind(draft.activity.as_str())
            .bind(draft.program.as_str())
            .bind(&draft.customer_name)
            .bind(draft.customer_name.to_lowercase())
            .bind(draft.customer_domain.as_ref())
            .bind(draft.tenant_id.as_ref())
            .bind(&draft.customer_contact.name)
            .bind(&draft.customer_contact.title)
            .bind(draft.customer_contact.email.as_ref())
            .bind(technical.map(|c| c.name.clone()))
            .bind(technical.map(|c| c.title.clone()))
            .bind(technical.map(|c| c.email.as_ref().to_owned()))
            .bind(&draft.partner_contact_name)
            .bind(draft.partner_contact_email.as_ref())
            .bind(&draft.partner_solution)
            .bind(draft.engagement_date)
            .bind(&draft.commentary)
            .bind(draft.products_label())
            .bind(draft.customer_contact_locale)
            .bind(crate::domain::dashboard_query::search_key(&draft.customer_name, draft.customer_domain.as_ref(), &draft.name))
    }};
}

/// Writes a draft's products (after the old ones were deleted) inside a transaction.
macro_rules! write_products {
    ($conn:expr, $claim_id:expr, $draft:expr) => {
        for (position, product) in $draft.products.iter().enumerate() {
            sqlx::query(
                "INSERT INTO claim_products (claim_id, product_id, subscription_id, position)
                 SELECT $1, id, $2, $3 FROM products WHERE code = $4",
            )
            .bind($claim_id)
            .bind(product.subscription_id.as_ref().map(|g| g.as_ref().to_owned()))
            .bind(position as i64)
            .bind(&product.code)
            .execute($conn)
            .await?;
        }
    };
}

/// A claim as stored, with its products.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimRecord {
    pub id: i64,
    pub public_id: String,
    pub org_id: i64,
    pub name: String,
    pub mpn_id: String,
    pub solution_area: String,
    pub activity: String,
    pub program: String,
    pub customer_name: String,
    pub customer_domain: String,
    pub tenant_id: String,
    pub customer_contact_name: String,
    pub customer_contact_title: String,
    pub customer_contact_email: String,
    pub customer_contact_locale: String,
    pub technical_contact_name: Option<String>,
    pub technical_contact_title: Option<String>,
    pub technical_contact_email: Option<String>,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    pub partner_solution: String,
    pub engagement_date: NaiveDate,
    pub commentary: String,
    pub products_label: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Set at the first submission: from then on no PoE file is deleted.
    pub first_submitted_at: Option<Timestamp>,
    pub submitted_at: Option<Timestamp>,
    pub assigned_reviewer_id: Option<i64>,
    pub review_started_at: Option<Timestamp>,
    pub rejected_at: Option<Timestamp>,
    pub approved_at: Option<Timestamp>,
    pub info_reasons: Option<String>,
    /// How many PoE files the claim holds.
    pub poe_files: i64,
    /// Whether another org's active claim holds one of its workloads (`db::competing`).
    pub competing: bool,
    /// Status, revision, deadline and the rest the state machine reads.
    #[sqlx(flatten)]
    pub workflow: StateRow,
    #[sqlx(skip)]
    pub products: Vec<ClaimProduct>,
}

impl ClaimRecord {
    /// A row of `CLAIM_COLUMNS`, by column name (a direct read of one claim).
    fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<ClaimRecord> {
        let engagement_date: String = row.get("engagement_date")?;
        let engagement_date = NaiveDate::parse_from_str(&engagement_date, "%Y-%m-%d")
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))?;
        Ok(ClaimRecord {
            id: row.get("id")?,
            public_id: row.get("public_id")?,
            org_id: row.get("org_id")?,
            name: row.get("name")?,
            mpn_id: row.get("mpn_id")?,
            solution_area: row.get("solution_area")?,
            activity: row.get("activity")?,
            program: row.get("program")?,
            customer_name: row.get("customer_name")?,
            customer_domain: row.get("customer_domain")?,
            tenant_id: row.get("tenant_id")?,
            customer_contact_name: row.get("customer_contact_name")?,
            customer_contact_title: row.get("customer_contact_title")?,
            customer_contact_email: row.get("customer_contact_email")?,
            customer_contact_locale: row.get("customer_contact_locale")?,
            technical_contact_name: row.get("technical_contact_name")?,
            technical_contact_title: row.get("technical_contact_title")?,
            technical_contact_email: row.get("technical_contact_email")?,
            partner_contact_name: row.get("partner_contact_name")?,
            partner_contact_email: row.get("partner_contact_email")?,
            partner_solution: row.get("partner_solution")?,
            engagement_date,
            commentary: row.get("commentary")?,
            products_label: row.get("products_label")?,
            created_at: row.get("created_at")?,
            updated_at: row.get("updated_at")?,
            first_submitted_at: row.get("first_submitted_at")?,
            submitted_at: row.get("submitted_at")?,
            assigned_reviewer_id: row.get("assigned_reviewer_id")?,
            review_started_at: row.get("review_started_at")?,
            rejected_at: row.get("rejected_at")?,
            approved_at: row.get("approved_at")?,
            info_reasons: row.get("info_reasons")?,
            poe_files: row.get("poe_files")?,
            competing: row.get("competing")?,
            workflow: StateRow::read(row)?,
            products: Vec::new(),
        })
    }

    pub fn status(&self) -> ClaimStatus {
        self.workflow.status
    }

    pub fn revision(&self) -> i64 {
        self.workflow.revision
    }

    /// The claim's state as the state machine sees it.
    pub fn state(&self) -> crate::domain::workflow::ClaimState {
        self.workflow.state()
    }

    /// What the rules of `domain::allowed` need to know about the claim.
    pub fn facts(&self) -> crate::domain::allowed::ClaimFacts {
        crate::domain::allowed::ClaimFacts {
            state: self.state(),
            has_poe: self.poe_files > 0,
            ever_submitted: self.first_submitted_at.is_some(),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimProduct {
    pub code: String,
    pub name: String,
    pub subscription_id: Option<String>,
}

crate::read_in_order!(ClaimProduct { code, name, subscription_id });

const CLAIM_COLUMNS: &str = "id, public_id, org_id, name, mpn_id, solution_area, activity, program, customer_name,
    customer_domain, tenant_id, customer_contact_name, customer_contact_title, customer_contact_email, customer_contact_locale,
    technical_contact_name, technical_contact_title, technical_contact_email, partner_contact_name,
    partner_contact_email, partner_solution, engagement_date, commentary, products_label, status, created_at, updated_at, first_submitted_at, submitted_at,
    revision, assigned_reviewer_id, review_started_at, due_at, status_changed_at, disputed, in_dispute, rejection_reason,
    rejected_at, rejection_final, approved_at, info_reasons, sent_for_assessment_at, competing,
    (SELECT COUNT(*) FROM poe_files f WHERE f.claim_id = claims.id) AS poe_files";

/// Stores a new claim in Editing and returns its public ID.
pub async fn insert(db: &Db, org_id: i64, actor: &Actor, draft: &ClaimDraft, now: Timestamp) -> sqlx::Result<ClaimId> {
    let ids = insert_all(db, org_id, actor, std::slice::from_ref(draft), None, now).await?;
    ids.and_then(|ids| ids.into_iter().next()).ok_or(sqlx::Error::RowNotFound)
}

/// Stores new claims in Editing in one transaction and returns their public IDs. With an import,
/// the import is marked done in the same transaction, and nothing is stored (`None`) if it was
/// done already: its rows are created once, however often the button is pressed.
pub async fn insert_all(
    db: &Db,
    org_id: i64,
    actor: &Actor,
    drafts: &[ClaimDraft],
    import: Option<i64>,
    now: Timestamp,
) -> sqlx::Result<Option<Vec<ClaimId>>> {
    let created_by = actor.user_id;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let details = match import {
            Some(import_id) => {
                let marked = sqlx::query("UPDATE claim_imports SET done_at = $1, created_claims = $2 WHERE id = $3 AND org_id = $4 AND done_at IS NULL")
                    .bind(now)
                    .bind(drafts.len() as i64)
                    .bind(import_id)
                    .bind(org_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if marked != 1 {
                    return Ok(None);
                }
                serde_json::json!({ "imported": true })
            }
            None => serde_json::json!({}),
        };
        let mut ids = Vec::with_capacity(drafts.len());
        for draft in drafts {
        let public_id = ClaimId::generate();
        let query = sqlx::query_scalar(
            "INSERT INTO claims (public_id, org_id, name, mpn_id, solution_area, activity, program, customer_name,
                customer_key, customer_domain, tenant_id, customer_contact_name, customer_contact_title,
                customer_contact_email, technical_contact_name, technical_contact_title, technical_contact_email,
                partner_contact_name, partner_contact_email, partner_solution, engagement_date, commentary,
                products_label, customer_contact_locale, search_key, status, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                $22, $23, $24, $25, $26, $27, $28, $28)
             RETURNING id")
            .bind(public_id.as_ref())
            .bind(org_id);
        let id: i64 = bind_draft!(query, draft)
            .bind(ClaimStatus::Editing.as_str())
            .bind(created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        write_products!(&mut *tx, id, draft);
        crate::refresh_competing!(&mut *tx, id, false, None::<&str>)?;
        record_history!(&mut *tx, id, now, actor, "created", None::<String>, Some(ClaimStatus::Editing.as_str()), details.clone())?;
        ids.push(public_id);
        }
        tx.commit().await?;
        Ok(Some(ids))
    })
}

/// One field's change, as the history shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// Products as the history shows them: "Name (subscription), Name".
fn products_text<'a>(products: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> String {
    products
        .map(|(name, subscription)| match subscription {
            Some(s) => format!("{name} ({s})"),
            None => name.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The fields that differ between a stored claim and a new draft.
pub fn changes(old: &ClaimRecord, new: &ClaimDraft) -> Vec<FieldChange> {
    let technical = new.technical_contact.as_ref();
    let old_products = products_text(old.products.iter().map(|p| (p.name.as_str(), p.subscription_id.as_deref())));
    let new_products = products_text(new.products.iter().map(|p| (p.name.as_str(), p.subscription_id.as_ref().map(|g| g.as_ref()))));
    let pairs: Vec<(&'static str, String, String)> = vec![
        ("name", old.name.clone(), new.name.clone()),
        ("mpn_id", old.mpn_id.clone(), new.mpn_id.clone()),
        ("solution_area", old.solution_area.clone(), new.solution_area.as_str().into()),
        ("activity", old.activity.clone(), new.activity.as_str().into()),
        ("customer_name", old.customer_name.clone(), new.customer_name.clone()),
        ("customer_domain", old.customer_domain.clone(), new.customer_domain.as_ref().into()),
        ("tenant_id", old.tenant_id.clone(), new.tenant_id.as_ref().into()),
        ("products", old_products, new_products),
        ("customer_contact_name", old.customer_contact_name.clone(), new.customer_contact.name.clone()),
        ("customer_contact_title", old.customer_contact_title.clone(), new.customer_contact.title.clone()),
        ("customer_contact_email", old.customer_contact_email.clone(), new.customer_contact.email.as_ref().into()),
        ("customer_contact_locale", old.customer_contact_locale.clone(), new.customer_contact_locale.into()),
        (
            "technical_contact_name",
            old.technical_contact_name.clone().unwrap_or_default(),
            technical.map(|c| c.name.clone()).unwrap_or_default(),
        ),
        (
            "technical_contact_title",
            old.technical_contact_title.clone().unwrap_or_default(),
            technical.map(|c| c.title.clone()).unwrap_or_default(),
        ),
        (
            "technical_contact_email",
            old.technical_contact_email.clone().unwrap_or_default(),
            technical.map(|c| c.email.as_ref().to_owned()).unwrap_or_default(),
        ),
        ("partner_contact_name", old.partner_contact_name.clone(), new.partner_contact_name.clone()),
        ("partner_contact_email", old.partner_contact_email.clone(), new.partner_contact_email.as_ref().into()),
        ("partner_solution", old.partner_solution.clone(), new.partner_solution.clone()),
        ("engagement_date", old.engagement_date.to_string(), new.engagement_date.to_string()),
        ("commentary", old.commentary.clone(), new.commentary.clone()),
    ];
    pairs.into_iter().filter(|(_, a, b)| a != b).map(|(field, old, new)| FieldChange { field, old, new }).collect()
}

/// Writes a claim's fields, if it is still in `status` at `revision`, with a history entry
/// listing every changed field with its old and new value. Returns false when the claim moved on.
/// An edit of a claim that holds writes the competing flags of the claims it overlaps; on
/// PostgreSQL one that loses a deadlock over them is run again (`deadlock::retried`).
pub async fn update(db: &Db, old: &ClaimRecord, draft: &ClaimDraft, actor: &Actor, now: Timestamp) -> sqlx::Result<bool> {
    super::deadlock::retried(|| update_once(db, old, draft, actor, now)).await
}

/// One attempt of `update`, in one transaction.
async fn update_once(db: &Db, old: &ClaimRecord, draft: &ClaimDraft, actor: &Actor, now: Timestamp) -> sqlx::Result<bool> {
    let claim_id = old.id;
    let changes = changes(old, draft);
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let query = sqlx::query(
            "UPDATE claims SET name = $1, mpn_id = $2, solution_area = $3, activity = $4, program = $5,
                customer_name = $6, customer_key = $7, customer_domain = $8, tenant_id = $9,
                customer_contact_name = $10, customer_contact_title = $11, customer_contact_email = $12,
                technical_contact_name = $13, technical_contact_title = $14, technical_contact_email = $15,
                partner_contact_name = $16, partner_contact_email = $17, partner_solution = $18,
                engagement_date = $19, commentary = $20, products_label = $21, customer_contact_locale = $22,
                search_key = $23, updated_at = $24, revision = revision + 1
             WHERE id = $25 AND status = $26 AND revision = $27");
        let changed = bind_draft!(query, draft)
            .bind(now)
            .bind(claim_id)
            .bind(old.status())
            .bind(old.revision())
            .execute(&mut *tx)
            .await?
            .rows_affected() == 1;
        if changed {
            sqlx::query("DELETE FROM claim_products WHERE claim_id = $1").bind(claim_id).execute(&mut *tx).await?;
            write_products!(&mut *tx, claim_id, draft);
            crate::refresh_competing!(&mut *tx, claim_id, old.status().holds_workloads(), Some(old.tenant_id.as_str()))?;
            if !changes.is_empty() {
                let details = serde_json::json!({ "changes": changes });
                record_history!(&mut *tx, claim_id, now, actor, "edited", None::<String>, None::<String>, details)?;
            }
        }
        tx.commit().await?;
        Ok(changed)
    })
}

/// Deletes a claim that is still in Editing; false when there is none (or it moved on). The
/// history keeps its entries and a last one saying it was deleted. A claim in Editing holds no
/// workload, so no other claim's competing flag changes.
pub async fn delete_editing(db: &Db, claim_id: i64, actor: &Actor, now: Timestamp) -> sqlx::Result<bool> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let deleted = sqlx::query("DELETE FROM claims WHERE id = $1 AND status = $2")
            .bind(claim_id)
            .bind(ClaimStatus::Editing.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected() == 1;
        if deleted {
            record_history!(&mut *tx, claim_id, now, actor, "deleted", Some(ClaimStatus::Editing.as_str()), None::<String>, serde_json::json!({}))?;
        }
        tx.commit().await?;
        Ok(deleted)
    })
}

/// Who is asking for a claim decides which claims exist for them.
#[derive(Debug, Clone, Copy)]
pub enum ClaimScope {
    /// A partner sees the claims of their own org.
    Org(i64),
    /// A reviewer sees every org's claims once they leave Editing.
    Reviewer,
}

/// A claim by public ID as seen by `scope`; `None` is shown as a 404 whether the claim does not
/// exist or belongs to someone else.
pub async fn find(db: &Db, scope: ClaimScope, public_id: &str) -> sqlx::Result<Option<ClaimRecord>> {
    let (sql, org_id) = match scope {
        ClaimScope::Org(org_id) => (format!("SELECT {CLAIM_COLUMNS} FROM claims WHERE public_id = $1 AND org_id = $2"), org_id),
        ClaimScope::Reviewer => (format!("SELECT {CLAIM_COLUMNS} FROM claims WHERE public_id = $1 AND status <> $2"), 0),
    };
    let second = match scope {
        ClaimScope::Org(_) => Param::Int(org_id),
        ClaimScope::Reviewer => Param::Text(ClaimStatus::Editing.as_str().into()),
    };
    let params = vec![Param::Text(public_id.into()), second];
    let Some(mut record) = direct::first(db, &sql, params, ClaimRecord::read).await? else { return Ok(None) };
    const PRODUCTS: &str = "SELECT p.code, p.name, cp.subscription_id FROM claim_products cp JOIN products p ON p.id = cp.product_id
         WHERE cp.claim_id = $1 ORDER BY cp.position";
    record.products = direct::all(db, PRODUCTS, vec![Param::Int(record.id)], ClaimProduct::read).await?;
    Ok(Some(record))
}

/// Folds every claim's `search_key` in Rust, once per database (the fact `search-keys-folded`).
/// Migration 0015 filled it with SQL's `lower()`, which on SQLite (and on PostgreSQL under the C
/// locale) leaves letters beyond ASCII as they are, so "Ромашка" would not be found as "ромашка".
/// Claims written since carry Rust's folding already, and are left as they are. Returns how many
/// claims changed.
pub async fn fold_search_keys_once(db: &Db) -> sqlx::Result<usize> {
    const FACT: &str = "search-keys-folded";
    let done: Option<String> = with_db!(db, pool => sqlx::query_scalar("SELECT value FROM portal_facts WHERE name = $1")
        .bind(FACT)
        .fetch_optional(pool)
        .await)?;
    if done.is_some() {
        return Ok(0);
    }
    let (mut after, mut changed) = (0_i64, 0);
    loop {
        let rows: Vec<(i64, String, String, String, String)> = with_db!(db, pool => sqlx::query_as(
            "SELECT id, customer_name, customer_domain, name, search_key FROM claims WHERE id > $1 ORDER BY id LIMIT 5000")
            .bind(after)
            .fetch_all(pool)
            .await)?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        let stale: Vec<(i64, String)> = rows
            .into_iter()
            .filter_map(|(id, customer, domain, name, key)| {
                let folded = crate::domain::dashboard_query::search_key(&customer, &domain, &name);
                (folded != key).then_some((id, folded))
            })
            .collect();
        if stale.is_empty() {
            continue;
        }
        changed += stale.len();
        with_db!(db, pool => {
            let mut tx = pool.begin_write().await?;
            for (id, key) in &stale {
                sqlx::query("UPDATE claims SET search_key = $1 WHERE id = $2").bind(key).bind(id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
    }
    super::orgs::set_fact_once(db, FACT, &changed.to_string()).await?;
    Ok(changed)
}
