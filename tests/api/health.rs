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
