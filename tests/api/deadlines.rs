//! Deadlines: each fires on the right business day, one second after its boundary and not one
//! second before, exactly once, however often and however concurrently the sweeper runs.

use crate::helpers::*;
use crate::workflow::{status, under_review};
use chrono::Duration;
use cpor_portal::domain::workflow::InfoReason;
use reqwest::StatusCode;

pub async fn due_at(app: &TestApp, claim: &str) -> chrono::DateTime<chrono::Utc> {
    cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, cpor_portal::db::Timestamp>("SELECT due_at FROM claims WHERE public_id = $1").bind(claim).fetch_one(pool).await)
        .expect("due")
        .0
}

async fn history_count(app: &TestApp, claim: &str, action: &str) -> i64 {
    cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM claim_history h JOIN claims c ON c.id = h.claim_id WHERE c.public_id = $1 AND h.action = $2")
        .bind(claim).bind(action).fetch_one(pool).await)
    .expect("count")
}

#[tokio::test]
async fn no_partner_response_rejects_one_second_after_the_deadline_and_not_before() {
    let app = spawn_app().await;
    let (claim, _owner, reviewer) = under_review(&app).await;
    reviewer.request_information(&claim, &[InfoReason::MissingAllPoe], "Please").await;
    let due = due_at(&app, &claim).await;
    assert_eq!(due, start_time() + Duration::days(7), "Friday 09:00 + 5 business days = the next Friday 09:00");
    app.clock.set(due - Duration::seconds(1));
    assert_eq!(app.sweep().await.auto_rejected, 0);
    assert_eq!(status(&app, &claim).await, "partner-action-required");
    app.clock.set(due + Duration::seconds(1));
    assert_eq!(app.sweep().await.auto_rejected, 1);
    assert_eq!(status(&app, &claim).await, "rejected");
    assert_eq!(history_count(&app, &claim, "no-partner-response").await, 1);
    let kinds: Vec<String> = app.outbox().await.into_iter().map(|(k, _)| k).collect();
    assert!(kinds.contains(&"auto-rejected".to_string()));
    let page = app.person(Caller::GlobalAdmin).await.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("No partner response") && page.contains("Dispute the rejection"), "no response can still be disputed");
}

#[tokio::test]
async fn the_consent_period_ends_seven_days_after_approval() {
    let app = spawn_app().await;
    let (claim, owner, reviewer) = under_review(&app).await;
    reviewer.approve(&claim).await;
    let due = due_at(&app, &claim).await;
    assert_eq!(due, app.clock.now() + Duration::days(7));
    app.clock.set(due - Duration::seconds(1));
    assert_eq!(app.sweep().await.sent_for_assessment, 0);
    app.clock.set(due + Duration::seconds(1));
    assert_eq!(app.sweep().await.sent_for_assessment, 1);
    assert_eq!(status(&app, &claim).await, "approved", "the status stays Approved");
    let owner = {
        drop(owner);
        app.person(Caller::IncentivesAdmin).await
    };
    assert!(owner.get(&format!("/claims/{claim}")).await.body.contains("Sent for incentive assessment on"));
    assert_eq!(history_count(&app, &claim, "sent-for-assessment").await, 1);
    assert!(app.outbox().await.iter().any(|(k, _)| k == "consent-ended"));
}

#[tokio::test]
async fn sweeping_twice_or_at_once_fires_each_rule_once() {
    let app = spawn_app().await;
    let (waiting, _, reviewer) = under_review(&app).await;
    reviewer.request_information(&waiting, &[InfoReason::MissingAllPoe], "Please").await;
    let (approved, _, reviewer) = under_review(&app).await;
    reviewer.approve(&approved).await;
    let mails_before = app.outbox().await.len();
    app.clock.advance(Duration::days(14));
    let (a, b) = tokio::join!(app.sweep(), app.sweep());
    assert_eq!(a.auto_rejected + b.auto_rejected, 1);
    assert_eq!(a.sent_for_assessment + b.sent_for_assessment, 1);
    assert_eq!(app.sweep().await, cpor_portal::sweeper::SweepReport::default(), "a third sweep finds nothing");
    assert_eq!(history_count(&app, &waiting, "no-partner-response").await, 1);
    assert_eq!(history_count(&app, &approved, "sent-for-assessment").await, 1);
    let new_mails = app.outbox().await.len() - mails_before;
    assert_eq!(new_mails, 2, "one set: the partner contact (also the incentives admin) for each of the two events");
}

#[tokio::test]
async fn reviewer_breaches_show_but_move_nothing() {
    let app = spawn_app().await;
    let (claim, _) = crate::workflow::submitted_claim(&app).await;
    app.clock.advance(Duration::days(10));
    assert_eq!(app.sweep().await, cpor_portal::sweeper::SweepReport::default());
    assert_eq!(status(&app, &claim).await, "submitted");
    assert!(app.person(Caller::Reviewer).await.get("/review").await.body.contains("overdue-label"));
}

#[tokio::test]
async fn holidays_and_durations_come_from_configuration() {
    let app = spawn_app_with(|s| {
        s.durations.calendar = cpor_portal::domain::business_days::Calendar::parse("UTC", "2026-11-23,2026-11-24").expect("calendar");
        s.durations.review_start_business_days = 14;
    })
    .await;
    let (claim, _) = crate::workflow::submitted_claim(&app).await;
    let due = due_at(&app, &claim).await;
    // Friday 20 Nov + 14 business days, skipping the weekends and the two holidays: Monday 14 Dec.
    assert_eq!(due, chrono::DateTime::parse_from_rfc3339("2026-12-14T09:00:00Z").expect("time").with_timezone(&chrono::Utc));
}

#[tokio::test]
async fn cpor_sweep_runs_once_as_of_a_given_time() {
    let app = spawn_app().await;
    let (claim, _owner, reviewer) = under_review(&app).await;
    reviewer.request_information(&claim, &[InfoReason::MissingAllPoe], "Please").await;
    let url = crate::cli::database_url(&app);
    let run = |now: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_cpor"))
            .args(["sweep", "--now", now])
            .env("CPOR_DATA_DIR", app.data_dir.path())
            .env("CPOR_DATABASE_URL", &url)
            .output()
            .expect("cpor sweep")
    };
    let early = run("2026-11-27T08:59:59Z");
    assert!(early.status.success(), "{}", String::from_utf8_lossy(&early.stderr));
    assert!(String::from_utf8_lossy(&early.stdout).contains("rejected for no partner response: 0"));
    let late = run("2026-11-27T09:00:01Z");
    assert!(
        String::from_utf8_lossy(&late.stdout).contains("rejected for no partner response: 1"),
        "{}",
        String::from_utf8_lossy(&late.stdout)
    );
    assert_eq!(status(&app, &claim).await, "rejected");
    let eml = std::fs::read_dir(app.data_dir.path().join("mail")).expect("mail dir").count();
    assert!(eml >= 2, "the notices were written as .eml files");
    let bad = run("next tuesday");
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("RFC 3339"));
    assert_eq!(Client::new(&app).get("/health").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_review_is_overdue_one_second_after_its_service_level() {
    let app = spawn_app().await;
    let (claim, _) = crate::workflow::submitted_claim(&app).await;
    let due = due_at(&app, &claim).await;
    app.clock.set(due - Duration::seconds(1));
    let reviewer = app.person(Caller::Reviewer).await;
    assert!(!reviewer.get("/review").await.body.contains("overdue-label"));
    app.clock.set(due + Duration::seconds(1));
    let reviewer = app.person(Caller::Reviewer).await;
    assert!(reviewer.get("/review").await.body.contains("overdue-label"));
    assert_eq!(status(&app, &claim).await, "submitted", "a breach only shows");
}

#[tokio::test]
async fn deadlines_are_shown_in_the_business_time_zone() {
    let app = spawn_app_with(|s| {
        s.durations.calendar = cpor_portal::domain::business_days::Calendar::parse("Europe/Berlin", "").expect("calendar")
    })
    .await;
    let (claim, owner) = crate::workflow::submitted_claim(&app).await;
    let page = owner.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("Fri 27 Nov 2026, 10:00 CET"), "09:00 UTC is 10:00 in Berlin");
}
