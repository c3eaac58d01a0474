//! `cpor backup` of a running portal under write load, and `cpor restore` into an empty data
//! directory: every write acknowledged before the backup began is there, with its PoE file.

use crate::cli::{cpor, stderr};
use crate::helpers::*;
use cpor_portal::db::Db;
use reqwest::StatusCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

#[tokio::test]
async fn a_backup_under_write_load_restores_every_acknowledged_write() {
    let app = spawn_app().await;
    let backup_dir = tempfile::tempdir().expect("dir");
    let target = backup_dir.path().join("snapshot");
    if matches!(app.db, Db::Pg(..)) {
        let refused = cpor(&app, &["backup", target.to_str().expect("path")], "");
        assert!(!refused.status.success() && stderr(&refused).contains("pg_dump"), "{}", stderr(&refused));
        return;
    }
    // Claims with PoE, through the pages.
    let owner = app.person(Caller::IncentivesAdmin).await;
    let with_files =
        [app.insert_claim(app.seed.org_a, valid_claim_form()).await, app.insert_claim(app.seed.org_a, valid_claim_form()).await];
    for claim in &with_files {
        assert_eq!(owner.upload_pdf(claim).await.status, StatusCode::SEE_OTHER);
    }
    // Writes keep coming while the backup runs; each is recorded once acknowledged.
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        let (db, clock, org) = (app.db.clone(), app.clock.clone(), app.seed.org_a);
        let creator = app.seed.incentives_admin_a;
        let catalogue = cpor_portal::db::catalogue::offered(&app.db, &[]).await.expect("catalogue");
        let mpn_ids = cpor_portal::db::orgs::mpn_ids(&app.db, org, None).await.expect("mpn");
        tokio::spawn(async move {
            let input = cpor_portal::domain::claim_form::ClaimFormInput::from_pairs(valid_claim_form());
            let ctx =
                cpor_portal::domain::claim_form::FormContext { mpn_ids: &mpn_ids, catalogue: &catalogue, today: clock.now().date_naive() };
            let draft = cpor_portal::domain::claim_form::parse_claim_form(&input, &ctx).expect("valid");
            let actor = cpor_portal::db::history::Actor {
                user_id: Some(creator),
                name: "Load".into(),
                side: cpor_portal::domain::workflow::Side::Partner,
            };
            while !stop.load(Ordering::SeqCst) {
                let id = cpor_portal::db::claims::insert(&db, org, &actor, &draft, cpor_portal::db::Timestamp(clock.now()))
                    .await
                    .expect("insert");
                acknowledged.lock().expect("lock").push(id.as_ref().to_owned());
            }
        })
    };
    while acknowledged.lock().expect("lock").len() < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let before: Vec<String> = acknowledged.lock().expect("lock").clone();
    let backup = {
        let (target, url, data) = (target.clone(), crate::cli::database_url(&app), app.data_dir.path().to_path_buf());
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_cpor"))
                .args(["backup", target.to_str().expect("path")])
                .env("CPOR_DATA_DIR", data)
                .env("CPOR_DATABASE_URL", url)
                .output()
                .expect("cpor backup")
        })
        .await
        .expect("join")
    };
    stop.store(true, Ordering::SeqCst);
    writer.await.expect("writer");
    assert!(backup.status.success(), "{}", String::from_utf8_lossy(&backup.stderr));
    assert!(String::from_utf8_lossy(&backup.stdout).contains("2 PoE files"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(target.join("manifest.json")).expect("manifest")).expect("json");
    assert_eq!(manifest["files"].as_array().map(Vec::len), Some(2));
    assert_eq!(manifest["database"]["sha256"].as_str().map(str::len), Some(64), "checksums");
    let again = cpor(&app, &["backup", target.to_str().expect("path")], "");
    assert!(!again.status.success() && stderr(&again).contains("not empty"), "never over another backup");

    // Restored into an empty data directory: a working portal with every acknowledged write.
    let restored = tempfile::tempdir().expect("dir");
    let restore = |data: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_cpor"))
            .args(["restore", target.to_str().expect("path")])
            .env("CPOR_DATA_DIR", data)
            .env_remove("CPOR_DATABASE_URL")
            .output()
            .expect("cpor restore")
    };
    let done = restore(restored.path());
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let twice = restore(restored.path());
    assert!(!twice.status.success() && String::from_utf8_lossy(&twice.stderr).contains("already holds a portal"));
    let url = format!("sqlite://{}?mode=rwc", restored.path().join("cpor.sqlite3").display());
    let db = Db::connect(&url).await.expect("the restored database");
    db.migrate().await.expect("migrations");
    for claim in before.iter().chain(&with_files) {
        let found =
            cpor_portal::db::claims::find(&db, cpor_portal::db::claims::ClaimScope::Org(app.seed.org_a), claim).await.expect("find");
        assert!(found.is_some(), "{claim} was acknowledged before the backup and is in it");
    }
    let keys: Vec<String> =
        cpor_portal::with_db!(&db, pool => sqlx::query_scalar("SELECT storage_key FROM poe_files").fetch_all(pool).await).expect("keys");
    assert_eq!(keys.len(), 2);
    for key in keys {
        assert!(restored.path().join("poe").join(&key).is_file(), "{key} restored");
    }
    // A damaged backup is refused before anything is written.
    let file = manifest["files"][0]["path"].as_str().expect("path").to_owned();
    std::fs::write(target.join(&file), b"tampered").expect("tamper");
    let fresh = tempfile::tempdir().expect("dir");
    let damaged = restore(fresh.path());
    assert!(!damaged.status.success() && String::from_utf8_lossy(&damaged.stderr).contains("damaged"));
    assert!(!fresh.path().join("cpor.sqlite3").exists(), "nothing half-written");
}
