//! Loading many claims at once for `cpor demo --claims N` (benchmarks, load tests, demos): set-based
//! SQL that generates the rows inside the database, 100,000 to a statement, with their products and
//! history. Names come from word lists, statuses cycle through every status, and deadlines spread
//! around now, so every page and filter has realistic work to do.

use super::{Db, Timestamp};
use crate::with_db;

/// Words customer names are made of: `{first} {second} {number}`.
pub const FIRST_WORDS: [&str; 40] = [
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Adventure",
    "Tailspin",
    "Wingtip",
    "Litware",
    "Proseware",
    "Woodgrove",
    "Alpine",
    "Blue Yonder",
    "Coho",
    "Consolidated",
    "Fourth Coffee",
    "Graphic",
    "Humongous",
    "Lamna",
    "Lucerne",
    "Margie's",
    "Nod",
    "Relecloud",
    "School of Fine Art",
    "Southridge",
    "Trey",
    "VanArsdel",
    "Wide World",
    "Datum",
    "Baldwin",
    "Cronus",
    "Edgewater",
    "Fairview",
    "Granite",
    "Harbor",
    "Ironwood",
    "Juniper",
    "Kestrel",
    "Larkspur",
    "Meridian",
    "Oakhurst",
    "Pinecrest",
];
pub const SECOND_WORDS: [&str; 25] = [
    "Logistics",
    "Bank",
    "Insurance",
    "Health",
    "Motors",
    "Foods",
    "Energy",
    "Retail",
    "Airlines",
    "Hotels",
    "Pharma",
    "Media",
    "Textiles",
    "Electric",
    "Mining",
    "Shipping",
    "Telecom",
    "Software",
    "Studios",
    "Partners",
    "Holdings",
    "Group",
    "Labs",
    "Works",
    "Systems",
];
/// What a claim is named after: `{project} {number}`.
pub const PROJECTS: [&str; 12] = [
    "Teams rollout",
    "Exchange migration",
    "Intune enrolment",
    "Sales modernisation",
    "Field service pilot",
    "Finance upgrade",
    "Copilot readiness",
    "Power BI adoption",
    "Security baseline",
    "SharePoint intranet",
    "Contact centre",
    "Supply chain insight",
];

/// What the loader needs from the database it fills.
pub struct BulkTarget {
    /// The org that holds 98 of every 100 claims.
    pub main_org: i64,
    /// The other orgs, with their MPN IDs.
    pub other_orgs: Vec<(i64, String)>,
    pub main_mpn: String,
    pub creator: i64,
    pub creator_name: String,
    pub now: Timestamp,
}

const CHUNK: i64 = 100_000;

/// What the loader drops and builds again after the load (kind, name, the schema's own SQL): the
/// explicit indexes of the tables it fills and, on SQLite, the triggers that index each new claim
/// for search and count it (the search index is rebuilt whole, the counts are counted once).
/// Constraints' own indexes stay.
const SQLITE_DEFERRED: &str = "SELECT upper(type), name, sql FROM sqlite_master
    WHERE sql IS NOT NULL AND ((type = 'index' AND tbl_name IN ('claims', 'claim_history', 'claim_products'))
        OR (type = 'trigger' AND name IN ('claim_search_insert', 'claims_count_insert')))";
const PG_DEFERRED: &str = "SELECT 'INDEX', indexname::text, indexdef FROM pg_indexes
    WHERE schemaname = current_schema() AND tablename IN ('claims', 'claim_history', 'claim_products')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = indexname)";

fn json(words: &[&str]) -> String {
    serde_json::to_string(words).unwrap_or_else(|_| "[]".into())
}

/// `$body` with `$conn` bound to the connection the load holds, whichever engine it is.
macro_rules! on_loader {
    ($loader:expr, $conn:ident => $body:expr) => {
        match $loader {
            Loader::Sqlite($conn) => $body,
            Loader::Pg($conn) => $body,
        }
    };
}

/// The one connection, inside the one transaction, a load runs on.
enum Loader {
    Sqlite(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    Pg(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Inserts claims `1..=count` (their products and their history) and returns how many.
pub async fn load_claims(db: &Db, target: &BulkTarget, count: i64) -> sqlx::Result<i64> {
    let others: Vec<i64> = target.other_orgs.iter().map(|(id, _)| *id).collect();
    let other_mpns: Vec<String> = target.other_orgs.iter().map(|(_, mpn)| mpn.clone()).collect();
    let spread = 365 * 86400 / count.max(1);
    let now = target.now.0.timestamp();
    // The whole load is one transaction on one connection. The secondary indexes of the tables it
    // fills (and SQLite's search trigger) are dropped at its start and built once, sorted, at its
    // end, which costs a fraction of keeping two dozen indexes in order row by row. SQLite's
    // connection does not wait for the disk and keeps what it fills in memory (a loss of power
    // mid-load loses the load, nothing else).
    let (mut loader, deferred_sql) = match db {
        Db::Sqlite(pool, _) => {
            let mut conn = pool.acquire().await?;
            // A load that fails half-way closes its connection, which rolls the whole load back.
            conn.close_on_drop();
            sqlx::query("PRAGMA synchronous = OFF").execute(&mut *conn).await?;
            sqlx::query("PRAGMA cache_size = -1048576").execute(&mut *conn).await?;
            sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
            (Loader::Sqlite(conn), SQLITE_DEFERRED)
        }
        Db::Pg(pool, _) => {
            let mut tx = pool.begin().await?;
            // Counting each new claim would update the same few rows a million times in one
            // transaction, each update longer than the last: the counts are counted once instead.
            sqlx::query("ALTER TABLE claims DISABLE TRIGGER claims_count_insert_delete").execute(&mut *tx).await?;
            (Loader::Pg(tx), PG_DEFERRED)
        }
    };
    let deferred = on_loader!(&mut loader, conn => {
        let deferred = sqlx::query_as::<_, (String, String, String)>(deferred_sql).fetch_all(&mut **conn).await?;
        for (kind, name, _) in &deferred {
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP {kind} {name}"))).execute(&mut **conn).await?;
        }
        deferred
    });
    let mut start = 1;
    while start <= count {
        let end = (start + CHUNK - 1).min(count);
        match &mut loader {
            Loader::Sqlite(conn) => {
                sqlx::query(SQLITE_CLAIMS)
                    .bind(start)
                    .bind(end)
                    .bind(target.main_org)
                    .bind(serde_json::to_string(&others).unwrap_or_default())
                    .bind(target.creator)
                    .bind(json(&FIRST_WORDS))
                    .bind(json(&SECOND_WORDS))
                    .bind(json(&PROJECTS))
                    .bind(now - 365 * 86400)
                    .bind(spread)
                    .bind(now)
                    .bind(others.len() as i64)
                    .bind(&target.main_mpn)
                    .bind(serde_json::to_string(&other_mpns).unwrap_or_default())
                    .execute(&mut **conn)
                    .await?;
            }
            Loader::Pg(tx) => {
                sqlx::query(PG_CLAIMS)
                    .bind(start)
                    .bind(end)
                    .bind(target.main_org)
                    .bind(&others)
                    .bind(target.creator)
                    .bind(FIRST_WORDS.map(str::to_owned).to_vec())
                    .bind(SECOND_WORDS.map(str::to_owned).to_vec())
                    .bind(PROJECTS.map(str::to_owned).to_vec())
                    .bind(now - 365 * 86400)
                    .bind(spread)
                    .bind(now)
                    .bind(others.len() as i64)
                    .bind(&target.main_mpn)
                    .bind(&other_mpns)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        start = end + 1;
    }
    on_loader!(&mut loader, conn => {
        sqlx::query(PRODUCTS).execute(&mut **conn).await?;
        sqlx::query(CREATED_HISTORY).bind(&target.creator_name).execute(&mut **conn).await?;
        sqlx::query(SUBMITTED_HISTORY).bind(&target.creator_name).execute(&mut **conn).await?;
        for (_, _, sql) in &deferred {
            sqlx::query(sqlx::AssertSqlSafe(sql.clone())).execute(&mut **conn).await?;
        }
        // Claims of other orgs on the same tenant compete (`db::competing`).
        sqlx::query(sqlx::AssertSqlSafe(super::competing::REFRESH_SHARED_TENANTS.as_str())).execute(&mut **conn).await?;
        // The loader fills only a database without claims, so these are all the counts.
        sqlx::query(
            "INSERT INTO claim_status_counts (org_id, status, n) SELECT org_id, status, COUNT(*) FROM claims WHERE TRUE
             GROUP BY org_id, status ON CONFLICT (org_id, status) DO UPDATE SET n = excluded.n",
        )
        .execute(&mut **conn)
        .await?;
    });
    match loader {
        Loader::Sqlite(mut conn) => {
            sqlx::query("INSERT INTO claim_search (claim_search) VALUES ('rebuild')").execute(&mut *conn).await?;
            sqlx::query("COMMIT").execute(&mut *conn).await?;
            // The planner's statistics from a sample of each index: enough to choose by.
            sqlx::query("PRAGMA analysis_limit = 2000").execute(&mut *conn).await?;
            sqlx::query("ANALYZE").execute(&mut *conn).await?;
            sqlx::query("PRAGMA synchronous = FULL").execute(&mut *conn).await?;
        }
        Loader::Pg(mut tx) => {
            sqlx::query("ALTER TABLE claims ENABLE TRIGGER claims_count_insert_delete").execute(&mut *tx).await?;
            tx.commit().await?
        }
    }
    if let Db::Pg(pool, _) = db {
        sqlx::query("ANALYZE").execute(pool).await?;
    }
    db.checkpoint().await?;
    Ok(count)
}

/// Whether the database holds any claim (the loader fills only an empty one).
pub async fn has_claims(db: &Db) -> sqlx::Result<bool> {
    with_db!(db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM (SELECT 1 FROM claims LIMIT 1) AS any_claim").fetch_one(pool).await)
        .map(|n| n > 0)
}

// Statuses cycle through six: a third wait for a reviewer. Deadlines of claims that have one spread
// over thirty days around now. $1..$2 the range, $3 the main org, $4 the other orgs, $5 the
// creator, $6-$8 word lists, $9 the first creation time, $10 seconds between claims, $11 now,
// $12 how many other orgs, $13 the main org's MPN ID, $14 the other orgs' MPN IDs.
const SQLITE_CLAIMS: &str = "WITH RECURSIVE n(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM n WHERE i < $2),
    g AS (SELECT i, i * 7919 % 1000003 AS k, CASE WHEN i % 50 = 0 AND $12 > 0 THEN (i / 50) % $12 ELSE -1 END AS other,
             CASE i % 6 WHEN 0 THEN 'editing' WHEN 1 THEN 'submitted' WHEN 2 THEN 'under-review'
                 WHEN 3 THEN 'partner-action-required' WHEN 4 THEN 'approved' ELSE 'rejected' END AS status,
             $9 + i * $10 AS created FROM n),
    w AS (SELECT g.*, json_extract($6, '$[' || (k % 40) || ']') AS first, json_extract($7, '$[' || (k / 40 % 25) || ']') AS second FROM g),
    v AS (SELECT w.*, first || ' ' || second || ' ' || k AS customer,
        lower(replace(replace(first, ' ', ''), '''', '')) || '-' || lower(second) || k || '.example' AS domain,
        json_extract($8, '$[' || (i % 12) || ']') || ' ' || i AS claim_name FROM w)
    INSERT INTO claims (public_id, org_id, name, mpn_id, solution_area, activity, program, customer_name, customer_key,
        customer_domain, tenant_id, customer_contact_name, customer_contact_title, customer_contact_email,
        partner_contact_name, partner_contact_email, partner_solution, engagement_date, commentary, products_label,
        status, created_by, created_at, updated_at, submitted_at, first_submitted_at, status_changed_at, due_at,
        review_started_at, approved_at, rejected_at, revision, search_key)
    SELECT printf('CP-%04X-%04X', i / 65536, i % 65536),
        CASE WHEN other >= 0 THEN json_extract($4, '$[' || other || ']') ELSE $3 END,
        claim_name,
        CASE WHEN other >= 0 THEN json_extract($14, '$[' || other || ']') ELSE $13 END,
        CASE WHEN i % 3 = 0 THEN 'bizapps' ELSE 'm365' END, CASE WHEN i % 3 = 0 THEN 'pre-sales' ELSE 'usage' END,
        CASE WHEN i % 3 = 0 THEN 'osa-sell' ELSE 'osu-m365' END,
        customer, lower(customer), domain,
        printf('%08x-0000-4000-8000-%012x', i, i), 'Ana Lopez', 'CIO', 'ana.lopez@' || lower(second) || k || '.example',
        'Ivan Incentives', 'incentives@fabrikam.example', 'Deployment and adoption', date(created, 'unixepoch', '-30 days'), '',
        CASE WHEN i % 3 = 0 THEN 'Dynamics 365 Sales' ELSE 'Microsoft Teams' END,
        status, $5,
        strftime('%Y-%m-%dT%H:%M:%S', created, 'unixepoch') || '.000000Z',
        strftime('%Y-%m-%dT%H:%M:%S', created + 3600, 'unixepoch') || '.000000Z',
        CASE WHEN status <> 'editing' THEN strftime('%Y-%m-%dT%H:%M:%S', created + 600, 'unixepoch') || '.000000Z' END,
        CASE WHEN status <> 'editing' THEN strftime('%Y-%m-%dT%H:%M:%S', created + 600, 'unixepoch') || '.000000Z' END,
        strftime('%Y-%m-%dT%H:%M:%S', created + 600, 'unixepoch') || '.000000Z',
        CASE WHEN status IN ('submitted', 'under-review', 'partner-action-required', 'approved')
            THEN strftime('%Y-%m-%dT%H:%M:%S', $11 - 864000 + (i * 104729 % 2592000), 'unixepoch') || '.000000Z' END,
        CASE WHEN status IN ('under-review', 'partner-action-required', 'approved', 'rejected')
            THEN strftime('%Y-%m-%dT%H:%M:%S', created + 1200, 'unixepoch') || '.000000Z' END,
        CASE WHEN status = 'approved' THEN strftime('%Y-%m-%dT%H:%M:%S', created + 1800, 'unixepoch') || '.000000Z' END,
        CASE WHEN status = 'rejected' THEN strftime('%Y-%m-%dT%H:%M:%S', created + 1800, 'unixepoch') || '.000000Z' END,
        1, lower(customer) || char(10) || domain || char(10) || lower(claim_name)
    FROM v";

const PG_CLAIMS: &str = "WITH g AS (
        SELECT i, i * 7919 % 1000003 AS k, CASE WHEN i % 50 = 0 AND $12 > 0 THEN ((i / 50) % $12)::int ELSE -1 END AS other,
            CASE i % 6 WHEN 0 THEN 'editing' WHEN 1 THEN 'submitted' WHEN 2 THEN 'under-review'
                WHEN 3 THEN 'partner-action-required' WHEN 4 THEN 'approved' ELSE 'rejected' END AS status,
            to_timestamp($9 + i * $10) AS created
        FROM generate_series($1::bigint, $2::bigint) AS i),
    w AS (SELECT g.*, ($6::text[])[1 + (k % 40)::int] AS first, ($7::text[])[1 + (k / 40 % 25)::int] AS second FROM g),
    v AS (SELECT w.*, first || ' ' || second || ' ' || k AS customer,
        lower(replace(replace(first, ' ', ''), '''', '')) || '-' || lower(second) || k || '.example' AS domain,
        ($8::text[])[1 + (i % 12)::int] || ' ' || i AS claim_name FROM w)
    INSERT INTO claims (public_id, org_id, name, mpn_id, solution_area, activity, program, customer_name, customer_key,
        customer_domain, tenant_id, customer_contact_name, customer_contact_title, customer_contact_email,
        partner_contact_name, partner_contact_email, partner_solution, engagement_date, commentary, products_label,
        status, created_by, created_at, updated_at, submitted_at, first_submitted_at, status_changed_at, due_at,
        review_started_at, approved_at, rejected_at, revision, search_key)
    SELECT 'CP-' || upper(lpad(to_hex(i / 65536), 4, '0')) || '-' || upper(lpad(to_hex(i % 65536), 4, '0')),
        CASE WHEN other >= 0 THEN ($4::bigint[])[other + 1] ELSE $3 END,
        claim_name,
        CASE WHEN other >= 0 THEN ($14::text[])[other + 1] ELSE $13 END,
        CASE WHEN i % 3 = 0 THEN 'bizapps' ELSE 'm365' END, CASE WHEN i % 3 = 0 THEN 'pre-sales' ELSE 'usage' END,
        CASE WHEN i % 3 = 0 THEN 'osa-sell' ELSE 'osu-m365' END,
        customer, lower(customer), domain,
        lpad(to_hex(i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0'), 'Ana Lopez', 'CIO',
        'ana.lopez@' || lower(second) || k || '.example',
        'Ivan Incentives', 'incentives@fabrikam.example', 'Deployment and adoption', (created - INTERVAL '30 days')::date, '',
        CASE WHEN i % 3 = 0 THEN 'Dynamics 365 Sales' ELSE 'Microsoft Teams' END,
        status, $5, created, created + INTERVAL '1 hour',
        CASE WHEN status <> 'editing' THEN created + INTERVAL '10 minutes' END,
        CASE WHEN status <> 'editing' THEN created + INTERVAL '10 minutes' END,
        created + INTERVAL '10 minutes',
        CASE WHEN status IN ('submitted', 'under-review', 'partner-action-required', 'approved')
            THEN to_timestamp($11 - 864000 + (i * 104729 % 2592000)) END,
        CASE WHEN status IN ('under-review', 'partner-action-required', 'approved', 'rejected') THEN created + INTERVAL '20 minutes' END,
        CASE WHEN status = 'approved' THEN created + INTERVAL '30 minutes' END,
        CASE WHEN status = 'rejected' THEN created + INTERVAL '30 minutes' END,
        1, lower(customer) || chr(10) || domain || chr(10) || lower(claim_name)
    FROM v";

const PRODUCTS: &str = "INSERT INTO claim_products (claim_id, product_id, subscription_id, position)
    SELECT c.id, p.id, NULL, 0 FROM claims c JOIN products p
      ON p.code = CASE WHEN c.solution_area = 'bizapps' THEN 'd365-sales' ELSE 'teams' END";

const CREATED_HISTORY: &str =
    "INSERT INTO claim_history (claim_id, at, actor_id, actor_name, actor_side, action, from_status, to_status, details)
    SELECT id, created_at, created_by, $1, 'partner', 'created', NULL, 'editing', '{}' FROM claims";

const SUBMITTED_HISTORY: &str = "INSERT INTO claim_history (claim_id, at, actor_id, actor_name, actor_side, action, from_status, to_status, details)
    SELECT id, submitted_at, created_by, $1, 'partner', 'submitted', 'editing', 'submitted', '{}' FROM claims WHERE submitted_at IS NOT NULL";
