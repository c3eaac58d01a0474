//! The reviewers' queue: filters, saved views, bulk actions and pages.

use crate::helpers::*;
use reqwest::StatusCode;

/// A claim of `org` submitted by its admin (with PoE), as the partner would.
async fn submitted(app: &TestApp, org: i64, caller: Caller, mpn: &str) -> String {
    let claim = app.insert_claim(org, with(valid_claim_form(), &[("mpn_id", Some(mpn))])).await;
    let owner = app.person(caller).await;
    assert_eq!(owner.upload_pdf(&claim).await.status, StatusCode::SEE_OTHER);
    assert_eq!(owner.submit(&claim).await.status, StatusCode::SEE_OTHER);
    claim
}

fn rows_of(body: &str) -> Vec<String> {
    body.split("data-claim=\"").skip(1).filter_map(|rest| rest.split('"').next().map(str::to_owned)).collect()
}

#[tokio::test]
async fn a_reviewer_filters_saves_a_view_and_starts_three_reviews_at_once() {
    let app = spawn_app().await;
    let old: Vec<String> = [
        submitted(&app, app.seed.org_a, Caller::IncentivesAdmin, "1234567").await,
        submitted(&app, app.seed.org_a, Caller::IncentivesAdmin, "7654321").await,
        submitted(&app, app.seed.org_a, Caller::IncentivesAdmin, "1234567").await,
    ]
    .to_vec();
    let other_org_old = submitted(&app, app.seed.org_b, Caller::OtherOrgAdmin, "5550001").await;
    app.clock.advance(chrono::Duration::days(8));
    let fresh = submitted(&app, app.seed.org_a, Caller::IncentivesAdmin, "1234567").await;
    let reviewer = app.person(Caller::Reviewer).await;

    let all = rows_of(&reviewer.get("/review").await.body);
    assert_eq!(all.len(), 5);
    let query = format!("org={}&due=overdue", app.seed.org_a);
    let overdue = reviewer.get(&format!("/review?{query}")).await;
    assert_eq!(overdue.status, StatusCode::OK);
    let mut shown = rows_of(&overdue.body);
    shown.sort();
    let mut expected = old.clone();
    expected.sort();
    assert_eq!(shown, expected, "overdue claims of one org only");
    assert!(!overdue.body.contains(&other_org_old) && !overdue.body.contains(&fresh));
    assert!(rows_of(&reviewer.get("/review?due=within&days=5").await.body).contains(&fresh), "due within five business days");
    assert_eq!(rows_of(&reviewer.get("/review?due=today").await.body), Vec::<String>::new());
    assert_eq!(reviewer.get("/review?due=someday").await.status, StatusCode::BAD_REQUEST);

    // Saved as a view, which becomes a tab.
    let saved = reviewer.post_pairs(&format!("/review/views?{query}&after=x"), &[("view_name", "Fabrikam overdue")]).await;
    assert_eq!(saved.location(), format!("/review?{query}&done=view-saved"));
    let tabbed = reviewer.get("/review").await.body;
    assert!(tabbed.contains(&format!("href=\"/review?{}\"", query.replace('&', "&#38;"))) && tabbed.contains("Fabrikam overdue"));
    let twice = reviewer.post_pairs(&format!("/review/views?{query}"), &[("view_name", "Fabrikam overdue")]).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("You have a view with this name already."));
    assert!(!app.client(Caller::OtherOrgAdmin).await.get("/review").await.body.contains("Fabrikam overdue"));

    // Start review on the three at once, plus one that cannot be started any more.
    assert_eq!(reviewer.start_review(&fresh).await.status, StatusCode::SEE_OTHER);
    let mut ticked: Vec<(&str, &str)> = old.iter().map(|c| ("claim", c.as_str())).collect();
    ticked.push(("claim", &fresh));
    ticked.push(("claim", "CP-NONE-XXXX"));
    ticked.push(("action", "start-review"));
    let summary = reviewer.post_pairs(&format!("/review/bulk?{query}"), &ticked).await;
    assert_eq!(summary.status, StatusCode::OK);
    assert!(summary.body.contains("3 claims done") && summary.body.contains("2 skipped"), "{}", summary.body);
    assert!(summary.body.contains("No claim with this ID waits for review."));
    for claim in &old {
        assert_eq!(crate::workflow::status(&app, claim).await, "under-review");
    }
    let mine = rows_of(&reviewer.get("/review?assignment=me").await.body);
    assert_eq!(mine.len(), 4, "starting a review assigns it");
    let unassigned = rows_of(&reviewer.get("/review?assignment=unassigned").await.body);
    assert_eq!(unassigned, vec![other_org_old.clone()]);
    let assigned = reviewer.post_pairs("/review/bulk", &[("claim", other_org_old.as_str()), ("action", "assign-to-me")]).await;
    assert!(assigned.body.contains("one claim done"));
    assert_eq!(rows_of(&reviewer.get("/review?assignment=unassigned").await.body), Vec::<String>::new());
    let handed = reviewer
        .post_pairs(
            "/review/bulk",
            &[
                ("claim", other_org_old.as_str()),
                ("claim", fresh.as_str()),
                ("action", "assign-to"),
                ("bulk_reviewer", &app.seed.reviewer.to_string()),
            ],
        )
        .await;
    assert!(handed.body.contains("2 skipped") && handed.body.contains("It was so already."), "assigned to the same reviewer already");
    let released = reviewer.post_pairs("/review/bulk", &[("claim", other_org_old.as_str()), ("action", "unassign")]).await;
    assert!(released.body.contains("one claim done"));
    assert_eq!(rows_of(&reviewer.get("/review?assignment=unassigned").await.body), vec![other_org_old.clone()]);
    let nobody = reviewer
        .post_pairs(
            "/review/bulk",
            &[("claim", fresh.as_str()), ("action", "assign-to"), ("bulk_reviewer", &app.seed.global_admin_a.to_string())],
        )
        .await;
    assert_eq!(nobody.status, StatusCode::BAD_REQUEST, "only a reviewer can be assigned");
    assert_eq!(reviewer.post_pairs("/review/bulk", &[("action", "approve")]).await.status, StatusCode::BAD_REQUEST);
    let partner = app.person(Caller::GlobalAdmin).await;
    assert_eq!(
        partner.post_pairs("/review/bulk", &[("claim", fresh.as_str()), ("action", "start-review")]).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_queue_pages_through_many_claims_and_selects_a_page() {
    let app = spawn_app().await;
    for _ in 0..55 {
        app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    }
    // Submitted a minute apart, so both sorts have an order.
    cpor_portal::with_db!(&app.db, pool => sqlx::query(
        "UPDATE claims SET status = 'submitted', submitted_at = created_at, due_at = created_at").execute(pool).await.map(|_| ()))
    .expect("submitted");
    let reviewer = app.person(Caller::Reviewer).await;
    let first = reviewer.get("/review").await.body;
    let page_one = rows_of(&first);
    assert_eq!(page_one.len(), 50);
    assert!(!first.contains("checked>"), "nothing ticked");
    let next = first.split("after=").nth(1).and_then(|r| r.split('"').next()).expect("a next page").to_owned();
    let page_two = rows_of(&reviewer.get(&format!("/review?after={next}")).await.body);
    assert_eq!(page_two.len(), 5);
    assert!(page_two.iter().all(|c| !page_one.contains(c)), "no claim twice");
    let ticked = reviewer.get("/review?select=all").await.body;
    assert_eq!(ticked.matches(" checked>").count(), 50, "every box on the page ticked, without JavaScript");
    assert_eq!(rows_of(&reviewer.get("/review?sort=age").await.body).len(), 50);
    assert_eq!(reviewer.get("/review?after=garbage").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn service_levels_show_a_periods_decisions_as_charts_and_tables() {
    let app = spawn_app().await;
    let (fast, _, reviewer) = crate::workflow::under_review(&app).await;
    assert_eq!(reviewer.approve(&fast).await.status, StatusCode::SEE_OTHER);
    let (slow, _) = crate::workflow::submitted_claim(&app).await;
    app.clock.advance(chrono::Duration::days(21));
    let reviewer = app.person(Caller::Reviewer).await;
    assert_eq!(reviewer.start_review(&slow).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reviewer.reject(&slow, cpor_portal::domain::workflow::RejectionReason::InsufficientPoe, "Unsigned").await.status,
        StatusCode::SEE_OTHER
    );
    let late = submitted(&app, app.seed.org_a, Caller::IncentivesAdmin, "1234567").await;
    app.clock.advance(chrono::Duration::days(10));
    let reviewer = app.person(Caller::Reviewer).await;
    assert_eq!(reviewer.get("/review/service-levels").await.status, StatusCode::OK, "the last 30 days by default");
    let page = reviewer.get("/review/service-levels?from=2026-11-01&to=2026-12-31").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = page.body;
    for what in [
        "Decisions by kind",
        "<svg",
        "role=\"img\"",
        "Rui Reviewer",
        "Time to decision, in business days",
        "Decided within 10 business days",
    ] {
        assert!(body.contains(what), "{what}");
    }
    // Two decisions: the same day (0) and fifteen business days later; half within the service level.
    assert!(body.contains("<dt>Decisions</dt><dd>2</dd>"), "{}", &body[body.find("<dl").unwrap_or(0)..][..600]);
    assert!(body.contains("50 %"), "the share within the service level");
    assert!(body.contains("<dt>Overdue now</dt><dd>1</dd>"), "{late} is overdue");
    let earlier = reviewer.get("/review/service-levels?from=2026-11-21&to=2026-11-30").await.body;
    assert!(earlier.contains("<dt>Decisions</dt><dd>0</dd>") || earlier.contains("<dt>Decisions</dt><dd>1</dd>"));
    assert_eq!(reviewer.get("/review/service-levels?from=2026-12-01&to=2026-01-01").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.client(Caller::GlobalAdmin).await.get("/review/service-levels").await.status, StatusCode::FORBIDDEN);
}

/// Every view of the queue is read along an index in its own order (no sort of every waiting
/// claim), whatever the number of claims: SQLite's plan says so, and the partial indexes'
/// predicate on both engines is the queue's own.
#[tokio::test]
async fn every_view_of_the_queue_is_read_along_an_index() {
    use cpor_portal::db::review_queue::{DueWindow, sqlite_plan};
    use cpor_portal::domain::claim::{ClaimStatus, sql_list};
    use cpor_portal::domain::review_filter::{AssignmentFilter, QueueFilter, QueueSort};
    let awaiting = format!("status IN {};", sql_list(&ClaimStatus::AWAITING_REVIEW));
    for engine in ["sqlite", "postgres"] {
        let migration = std::fs::read_to_string(format!("migrations/{engine}/0014_queue_order.sql")).expect("migration");
        assert_eq!(migration.matches(&awaiting).count(), 5, "{engine}: the queue's own predicate");
    }
    let app = spawn_app().await;
    let target = cpor_portal::db::bulk::BulkTarget {
        main_org: app.seed.org_a,
        other_orgs: vec![(app.seed.org_b, "5550001".into())],
        main_mpn: ORG_A_MPN[0].into(),
        creator: app.seed.incentives_admin_a,
        creator_name: "Ivan".into(),
        now: cpor_portal::db::Timestamp(start_time()),
    };
    cpor_portal::db::bulk::load_claims(&app.db, &target, 3000).await.expect("claims");
    let me = app.seed.reviewer;
    let no_window = DueWindow { from: None, until: None };
    let views = [
        QueueFilter::default(),
        QueueFilter { sort: QueueSort::Age, ..QueueFilter::default() },
        QueueFilter { org: Some(app.seed.org_a), ..QueueFilter::default() },
        QueueFilter { assignment: AssignmentFilter::Me, ..QueueFilter::default() },
        QueueFilter { disputes: true, ..QueueFilter::default() },
        QueueFilter { status: Some(ClaimStatus::Submitted), ..QueueFilter::default() },
        QueueFilter { status: Some(ClaimStatus::UnderReview), sort: QueueSort::Age, ..QueueFilter::default() },
        QueueFilter { status: Some(ClaimStatus::Submitted), org: Some(app.seed.org_a), ..QueueFilter::default() },
    ];
    for filter in views {
        let Some(plan) = sqlite_plan(&app.db, &filter, me, no_window, None).await.expect("plan") else { return };
        assert!(!plan.contains("TEMP B-TREE FOR ORDER BY"), "{filter:?} sorts every waiting claim:\n{plan}");
    }
}
