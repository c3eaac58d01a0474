//! `/health` (the process is up) and `/ready` (it can serve), as a load balancer asks them.

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn ready_tells_the_truth_about_the_store() {
    let app = spawn_app().await;
    let anyone = Client::new(&app);
    assert_eq!(anyone.get("/health").await.status, StatusCode::OK);
    let ready = anyone.get("/ready").await;
    assert_eq!((ready.status, ready.body.as_str()), (StatusCode::OK, "ready"));
    // The PoE store refuses writes: not ready, and says why; the process is still up.
    let incoming = app.data_dir.path().join("poe-incoming");
    std::fs::remove_dir_all(&incoming).expect("remove");
    std::fs::write(&incoming, b"not a directory").expect("block");
    let refused = anyone.get("/ready").await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(refused.body.contains("PoE store"), "{}", refused.body);
    assert_eq!(anyone.get("/health").await.status, StatusCode::OK);
    std::fs::remove_file(&incoming).expect("unblock");
    std::fs::create_dir(&incoming).expect("restore");
    assert_eq!(anyone.get("/ready").await.status, StatusCode::OK, "ready again by itself");
}

#[tokio::test]
async fn metrics_are_served_on_their_own_address() {
    let app = spawn_app_with(|s| s.metrics_bind = Some("127.0.0.1:0".into())).await;
    let port = app.metrics_port.expect("a metrics port");
    let owner = app.person(Caller::IncentivesAdmin).await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    assert_eq!(owner.upload_pdf(&claim).await.status, StatusCode::SEE_OTHER);
    assert_eq!(owner.get(&format!("/claims/{claim}")).await.status, StatusCode::OK);
    assert_eq!(owner.get("/metrics").await.status, StatusCode::NOT_FOUND, "not on the portal's address");
    let text = reqwest::get(format!("http://127.0.0.1:{port}/metrics")).await.expect("scrape").text().await.expect("text");
    for wanted in [
        "cpor_http_requests_total{route=\"/claims/{id}\",method=\"GET\",status=\"200\"}",
        "cpor_http_request_duration_seconds_bucket{route=\"/claims/{id}\"",
        "cpor_poe_uploads_total 1",
        "cpor_poe_upload_bytes_total",
        "cpor_db_pool_connections",
        "cpor_outbox_pending",
        "cpor_outbox_oldest_pending_age_seconds",
    ] {
        assert!(text.contains(wanted), "{wanted} in:\n{text}");
    }
    assert!(!text.contains(&claim), "paths with IDs never become labels");
}

/// Several instances starting at once on one fresh database: the migrations run once, under a
/// lock, and every instance comes up ready.
#[tokio::test]
async fn instances_starting_at_once_migrate_once() {
    let dir = tempfile::tempdir().expect("dir");
    let url = fresh_database(&dir).await;
    let build = |n: usize| {
        let (url, data) = (url.clone(), dir.path().join(format!("instance-{n}")));
        async move {
            let mut settings = cpor_portal::config::Settings::new(data, Some(url));
            settings.bind = "127.0.0.1:0".into();
            settings.background_jobs = false;
            cpor_portal::startup::Application::build(settings, cpor_portal::clock::Clock::fixed(start_time())).await
        }
    };
    let (a, b, c) = tokio::join!(build(1), build(2), build(3));
    for app in [a, b, c] {
        let app = app.expect("every instance starts");
        app.state().db.ready().await.expect("with every migration applied");
    }
}

/// Runs pg_ctl on the throwaway cluster in `dir`, as its owner.
fn pg_ctl(dir: &std::path::Path, args: &[&str]) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/pg-throwaway.sh");
    let bindir = std::process::Command::new("bash").args([script, "bindir"]).output().expect("bindir");
    let pg_ctl = format!("{}/pg_ctl", String::from_utf8_lossy(&bindir.stdout).trim());
    let data = dir.join("data");
    let mut command = if is_root() {
        let mut c = std::process::Command::new("runuser");
        c.args(["-u", "cpor-pg", "--", &pg_ctl]);
        c
    } else {
        std::process::Command::new(&pg_ctl)
    };
    let status = command.arg("-D").arg(&data).args(args).arg("-l").arg(dir.join("postgres.log")).status().expect("pg_ctl");
    assert!(status.success(), "pg_ctl {args:?}");
}

fn is_root() -> bool {
    std::process::Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// PostgreSQL restarting under the instance: `/ready` says so at once, pages answer a clean 503,
/// and the instance recovers by itself when the database is back.
#[tokio::test]
async fn the_instance_rides_out_a_postgres_restart() {
    let dir = tempfile::Builder::new().prefix("cpor-pgr-").tempdir_in("/tmp").expect("dir");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/pg-throwaway.sh");
    let started =
        std::process::Command::new("bash").args([script, "start"]).arg(dir.path()).env_remove("CPOR_PG_PORT").output().expect("start");
    assert!(started.status.success(), "{}", String::from_utf8_lossy(&started.stderr));
    let _stop = StopCluster(dir.path().to_path_buf());
    let exports = String::from_utf8_lossy(&started.stdout).to_string();
    let admin = exports
        .lines()
        .find_map(|l| l.strip_prefix("export CPOR_TEST_DATABASE_URL="))
        .map(|u| u.trim_matches('\'').to_owned())
        .expect("the server's URL");
    let data = tempfile::tempdir().expect("data");
    let app = {
        // This test's own cluster, never the shared one: it is stopped and started below.
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect");
        sqlx::query("CREATE DATABASE restart_test").execute(&mut conn).await.expect("create");
        conn.close().await.ok();
        let (server, _) = admin.rsplit_once('/').expect("url");
        let mut settings = cpor_portal::config::Settings::new(data.path().to_path_buf(), Some(format!("{server}/restart_test")));
        settings.bind = "127.0.0.1:0".into();
        settings.background_jobs = false;
        cpor_portal::startup::Application::build(settings, cpor_portal::clock::Clock::fixed(start_time())).await.expect("build")
    };
    // Page reads on PostgreSQL have connections of their own (db::pg_readers): one is opened here
    // and must be found dead and replaced after the restart, not handed to a read.
    let (server, _) = admin.rsplit_once('/').expect("url");
    let db = cpor_portal::db::Db::connect(&format!("{server}/restart_test")).await.expect("connect");
    assert!(cpor_portal::db::sessions::find(&db, "no such session").await.expect("a read").is_none());
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run());
    let get = |path: &'static str| {
        let url = format!("{address}{path}");
        async move { reqwest::Client::new().get(url).send().await.expect("answer").status() }
    };
    assert_eq!(get("/ready").await, StatusCode::OK);
    pg_ctl(dir.path(), &["-w", "stop", "-m", "fast"]);
    assert_eq!(get("/ready").await, StatusCode::SERVICE_UNAVAILABLE, "not ready while the database is down");
    assert_eq!(get("/health").await, StatusCode::OK, "the process is up");
    pg_ctl(dir.path(), &["-w", "start"]);
    let mut ready = false;
    for _ in 0..100 {
        if get("/ready").await == StatusCode::OK {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ready, "ready again without a restart of the instance");
    let read = cpor_portal::db::sessions::find(&db, "no such session").await;
    assert!(matches!(read, Ok(None)), "a page read after the restart gets a live connection: {:?}", read.as_ref().map(Option::is_some));
}

/// Stops a throwaway cluster however the test ends.
struct StopCluster(std::path::PathBuf);

impl Drop for StopCluster {
    fn drop(&mut self) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/pg-throwaway.sh");
        let _ = std::process::Command::new("bash").args([script, "stop"]).arg(&self.0).status();
    }
}
