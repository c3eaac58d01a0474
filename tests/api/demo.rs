//! `serve --demo`: a portal worth looking at, for every role.

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_demo_has_claims_in_every_status_and_a_working_queue() {
    let app = spawn_demo_app().await;
    let (state, address) = (&app.state, &app.address);
    cpor_portal::demo::load(state).await.expect("and loads once");
    let statuses: Vec<(String, i64)> = cpor_portal::with_db!(&state.db, pool => sqlx::query_as(
        "SELECT status, COUNT(*) FROM claims GROUP BY status ORDER BY status").fetch_all(pool).await)
    .expect("statuses");
    let names: Vec<&str> = statuses.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(names, ["approved", "editing", "partner-action-required", "rejected", "submitted", "under-review"], "{statuses:?}");
    let files: i64 = cpor_portal::with_db!(&state.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM poe_files").fetch_one(pool).await)
        .expect("files");
    assert_eq!(files, 8, "every submitted claim has its PoE");

    let client = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let page = client.get(format!("{address}/sign-in")).send().await.expect("sign-in page").text().await.expect("body");
    let token = csrf_in(&page).expect("token");
    let form =
        [("csrf_token", token.as_str()), ("email", "reviewer@cpor.example"), ("password", cpor_portal::demo::DEMO_PASSWORD), ("next", "/")];
    let signed_in = client.post(format!("{address}/sign-in")).form(&form).send().await.expect("sign in");
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let queue = client.get(format!("{address}/review")).send().await.expect("queue").text().await.expect("body");
    for what in ["overdue-label", "badge competing", "badge dispute", "Rui Reviewer"] {
        assert!(queue.contains(what), "the queue shows {what}");
    }
    assert!(queue.matches("data-claim=").count() >= 5, "a working queue");
}

/// `cpor demo --claims N` fills a fresh database with N claims in every status, their products
/// and history, that the pages show; a second load is refused.
#[tokio::test]
async fn cpor_demo_loads_many_claims_into_a_fresh_database() {
    let dir = tempfile::tempdir().expect("dir");
    let url = fresh_database(&dir).await;
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_cpor"))
            .args(["demo", "--claims", "600"])
            .env("CPOR_DATA_DIR", dir.path())
            .env("CPOR_DATABASE_URL", &url)
            .output()
            .expect("cpor demo")
    };
    let loaded = run();
    assert!(loaded.status.success(), "{}", String::from_utf8_lossy(&loaded.stderr));
    assert!(String::from_utf8_lossy(&loaded.stdout).contains("loaded 600 claims"));
    let again = run();
    assert!(!again.status.success() && String::from_utf8_lossy(&again.stderr).contains("already holds claims"));
    let db = cpor_portal::db::Db::connect(&url).await.expect("db");
    let count = |sql: &'static str| {
        let db = db.clone();
        async move { cpor_portal::with_db!(&db, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).expect("count") }
    };
    assert_eq!(count("SELECT COUNT(DISTINCT status) FROM claims").await, 6, "every status");
    assert_eq!(count("SELECT COUNT(DISTINCT org_id) FROM claims").await, 10, "ten orgs");
    assert_eq!(count("SELECT COUNT(*) FROM claim_products").await, 600);
    assert_eq!(count("SELECT COUNT(*) FROM claim_history WHERE action = 'created'").await, 600);
    assert!(count("SELECT COUNT(DISTINCT customer_name) FROM claims").await > 500, "varied names");
    let waiting = count("SELECT COUNT(*) FROM claims WHERE status IN ('submitted', 'under-review') AND due_at IS NOT NULL").await;
    assert_eq!(waiting, 200, "a third wait for a reviewer, each with a deadline");
    assert_eq!(count("SELECT CAST(SUM(n) AS BIGINT) FROM claim_status_counts").await, 600, "counted");
    assert_eq!(
        count("SELECT COUNT(*) FROM claim_status_counts WHERE n > 0").await,
        count("SELECT COUNT(*) FROM (SELECT DISTINCT org_id, status FROM claims) AS pairs").await
    );

    // The loader drops the filled tables' indexes (and SQLite's search trigger) and builds them
    // again: the schema after a load is the schema of a freshly migrated database.
    let schema = |db: cpor_portal::db::Db| async move {
        let sql = match &db {
            cpor_portal::db::Db::Sqlite(..) => {
                "SELECT type || ' ' || name FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY 1"
            }
            cpor_portal::db::Db::Pg(..) => "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1",
        };
        cpor_portal::with_db!(&db, pool => sqlx::query_scalar::<_, String>(sql).fetch_all(pool).await).expect("schema")
    };
    let other = tempfile::tempdir().expect("dir");
    let migrated = cpor_portal::db::Db::connect(&fresh_database(&other).await).await.expect("db");
    migrated.migrate().await.expect("migrations");
    let loaded = schema(db.clone()).await;
    assert!(loaded.iter().any(|s| s.contains("claim_search_insert") || s.contains("gin_trgm_ops")), "{loaded:?}");
    assert_eq!(loaded, schema(migrated).await);
    let found: i64 = cpor_portal::with_db!(&db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM claims WHERE search_key LIKE '%' || (SELECT lower(customer_name) FROM claims ORDER BY id LIMIT 1) || '%'")
        .fetch_one(pool).await)
    .expect("search");
    assert!(found >= 1);
}
