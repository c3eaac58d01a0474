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
