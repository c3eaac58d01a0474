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
