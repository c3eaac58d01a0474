//! The review workflow over HTTP: every path of SPEC.md, concurrent decisions, authorization of
//! every action, and the completeness of the history.

use crate::files;
use crate::helpers::*;
use crate::people::Person;
use crate::poe::upload;
use crate::submit::submit_ok;
use cpor_portal::domain::workflow::{InfoReason, RejectionReason, WithdrawReason};
use reqwest::StatusCode;

pub async fn revision(app: &TestApp, claim: &str) -> String {
    cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, i64>("SELECT revision FROM claims WHERE public_id = $1").bind(claim).fetch_one(pool).await)
        .expect("revision")
        .to_string()
}

pub async fn status(app: &TestApp, claim: &str) -> String {
    cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, String>("SELECT status FROM claims WHERE public_id = $1").bind(claim).fetch_one(pool).await).expect("status")
}

/// Posts an action with the claim's current revision, as the page would.
pub async fn act(app: &TestApp, client: &Client, claim: &str, action: &str, fields: &[(&str, &str)]) -> Page {
    let revision = revision(app, claim).await;
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("revision", &revision));
    client.post_pairs(&format!("/claims/{claim}/{action}"), &form).await
}

/// A claim of org A, with PoE, submitted by its incentives admin.
pub async fn submitted_claim(app: &TestApp) -> (String, Person<'_>) {
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let owner = app.person(Caller::IncentivesAdmin).await;
    assert_eq!(owner.upload_pdf(&claim).await.status, StatusCode::SEE_OTHER);
    assert_eq!(owner.submit(&claim).await.status, StatusCode::SEE_OTHER);
    (claim, owner)
}

pub async fn under_review(app: &TestApp) -> (String, Person<'_>, Person<'_>) {
    let (claim, owner) = submitted_claim(app).await;
    let reviewer = app.person(Caller::Reviewer).await;
    assert_eq!(reviewer.start_review(&claim).await.status, StatusCode::SEE_OTHER);
    (claim, owner, reviewer)
}

async fn history_actions(app: &TestApp, claim: &str) -> Vec<String> {
    cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, String>(
        "SELECT h.action FROM claim_history h JOIN claims c ON c.id = h.claim_id WHERE c.public_id = $1 ORDER BY h.id")
        .bind(claim).fetch_all(pool).await)
    .expect("history")
}

#[tokio::test]
async fn the_happy_path_ends_approved_with_its_story_told() {
    let app = spawn_app().await;
    let (claim, owner, reviewer) = under_review(&app).await;
    let page = reviewer.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("Approve") && page.contains("Reject") && page.contains("Request more information"));
    let approved = act(&app, &reviewer, &claim, "approve", &[("approve_comment", "Good evidence")]).await;
    assert_eq!(approved.location(), format!("/claims/{claim}?done=approved"));
    assert_eq!(status(&app, &claim).await, "approved");
    let page = owner.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("Approved") && page.contains("the customer may deny the association"));
    assert_eq!(history_actions(&app, &claim).await, ["created", "poe-uploaded", "submitted", "review-started", "approved"]);
    let history = owner.get(&format!("/claims/{claim}/history")).await.body;
    let approved_at = history.find("<strong>Approved</strong>").expect("approved entry");
    let created_at = history.find("<strong>Created</strong>").expect("created entry");
    assert!(approved_at < created_at, "newest first");
    assert!(history.contains("Rui Reviewer (reviewer)") && history.contains("(partner)"));
    assert!(history.contains("Under review → Approved") && history.contains("Good evidence") && history.contains("signed.pdf"));
}

#[tokio::test]
async fn the_more_information_loop_with_limited_edits() {
    let app = spawn_app().await;
    let (claim, owner, reviewer) = under_review(&app).await;
    let missing = act(&app, &reviewer, &claim, "request-information", &[("info_comment", "Need a signature")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is required");
    assert!(missing.body.contains("Choose a reason.") && missing.body.contains("Need a signature"), "the comment is kept");
    let requested = act(
        &app,
        &reviewer,
        &claim,
        "request-information",
        &[
            ("reason", "missing-customer-acknowledgment"),
            ("reason", "missing-products"),
            ("remove_product", "exchange-online"),
            ("info_comment", "Please add the signed page"),
        ],
    )
    .await;
    assert_eq!(requested.status, StatusCode::SEE_OTHER);
    assert_eq!(status(&app, &claim).await, "partner-action-required");
    let page = owner.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("Missing customer acknowledgment (signature)") && page.contains("Please add the signed page"));
    assert!(page.contains("answer the request for more information"), "what happens next");
    let history = owner.get(&format!("/claims/{claim}/history")).await.body;
    assert!(history.contains("Products to remove: Exchange Online"), "products by name, not code");

    let form = owner.get(&format!("/claims/{claim}/update")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.body.contains("name=\"tenant_id\""), "the tenant cannot change any more");
    let update = with(
        valid_claim_form(),
        &[
            ("product", Some("teams")),
            ("customer_contact_name", Some("Ana López")),
            ("tenant_id", Some("11111111-1111-4111-8111-111111111111")),
            ("name", Some("Sneaky rename")),
            ("revision", Some(&revision(&app, &claim).await)),
        ],
    );
    assert_eq!(owner.post(&format!("/claims/{claim}/update"), &update).await.status, StatusCode::SEE_OTHER);
    let page = owner.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("Ana López") && !page.contains("Exchange Online"));
    assert!(page.contains("8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c") && !page.contains("Sneaky rename"), "locked fields ignored");
    assert_eq!(upload(&owner, &claim, &[("countersigned.pdf", files::pdf(), "")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(owner.resubmit(&claim, "Signature added").await.status, StatusCode::SEE_OTHER);
    assert_eq!(status(&app, &claim).await, "under-review");
    assert_eq!(reviewer.approve(&claim).await.status, StatusCode::SEE_OTHER);
    let history = owner.get(&format!("/claims/{claim}/history")).await.body;
    assert!(
        history.contains("Customer contact name") && history.contains("Ana Lopez") && history.contains("Ana López"),
        "field diff with old and new"
    );
    assert!(history.contains("Missing products") && history.contains("countersigned.pdf") && history.contains("Signature added"));
}

#[tokio::test]
async fn reject_dispute_approve() {
    let app = spawn_app().await;
    let (claim, owner, reviewer) = under_review(&app).await;
    let no_comment = act(&app, &reviewer, &claim, "reject", &[("reject_reason", "insufficient-poe")]).await;
    assert_eq!(no_comment.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reviewer.reject(&claim, RejectionReason::InsufficientPoe, "Unsigned").await.status, StatusCode::SEE_OTHER);
    let page = owner.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("Insufficient proof of execution") && page.contains("Dispute the rejection"));
    let empty = owner.dispute(&claim, " ").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Give a business justification or upload an updated PoE."));
    app.clock.advance(chrono::Duration::minutes(20));
    assert_eq!(owner.dispute(&claim, "The customer signed on page 2").await.status, StatusCode::SEE_OTHER);
    assert_eq!(status(&app, &claim).await, "under-review");
    let queue = reviewer.get("/review").await.body;
    assert!(queue.contains(&claim) && queue.contains("Dispute"));
    assert_eq!(reviewer.approve(&claim).await.status, StatusCode::SEE_OTHER);
    assert_eq!(status(&app, &claim).await, "approved");
}

#[tokio::test]
async fn a_dispute_can_rest_on_an_updated_poe_alone() {
    let app = spawn_app().await;
    let (claim, owner, reviewer) = under_review(&app).await;
    reviewer.reject(&claim, RejectionReason::MissingCustomerConsent, "No consent").await;
    app.clock.advance(chrono::Duration::minutes(5));
    assert_eq!(upload(&owner, &claim, &[("consent.pdf", files::pdf(), "Consent")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(act(&app, &owner, &claim, "dispute", &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(status(&app, &claim).await, "under-review");
}

#[tokio::test]
async fn a_failed_dispute_is_final_and_offers_a_new_association() {
    let app = spawn_app().await;
    let (claim, owner, reviewer) = under_review(&app).await;
    reviewer.reject(&claim, RejectionReason::MissingProducts, "No products").await;
    owner.dispute(&claim, "They are there").await;
    assert_eq!(reviewer.reject(&claim, RejectionReason::InsufficientPoe, "Still not").await.status, StatusCode::SEE_OTHER);
    let page = owner.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("This rejection is final") && !page.contains("Dispute the rejection"));
    assert!(page.contains(&format!("href=\"/claims/new?from={claim}\"")));
    let again = owner.dispute(&claim, "Once more").await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let copy = owner.get(&format!("/claims/new?from={claim}")).await.body;
    assert!(
        copy.contains("value=\"Contoso Teams rollout\"") && copy.contains("value=\"8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c\""),
        "the fields are copied"
    );
    assert_eq!(owner.post("/claims/new", &valid_claim_form()).await.status, StatusCode::SEE_OTHER, "a new claim in Editing");
}

#[tokio::test]
async fn the_dispute_window_closes_after_thirty_days() {
    let app = spawn_app().await;
    let (claim, owner, reviewer) = under_review(&app).await;
    reviewer.reject(&claim, RejectionReason::PoeUnavailable, "Broken file").await;
    app.clock.advance(chrono::Duration::days(30) + chrono::Duration::seconds(1));
    let owner = {
        drop(owner);
        app.person(Caller::IncentivesAdmin).await
    };
    let late = owner.dispute(&claim, "Late").await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.body.contains("The 30 days to dispute this rejection have passed."));
    assert!(owner.get(&format!("/claims/{claim}")).await.body.contains("Create a new association from this claim"));
}

#[tokio::test]
async fn a_partner_may_withdraw_and_cannot_dispute_that() {
    let app = spawn_app().await;
    let (claim, owner) = submitted_claim(&app).await;
    let no_reason = act(&app, &owner, &claim, "withdraw", &[]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(owner.withdraw(&claim, WithdrawReason::WrongMpn).await.status, StatusCode::SEE_OTHER);
    assert_eq!(status(&app, &claim).await, "rejected");
    let page = owner.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("Partner request") && !page.contains("Dispute the rejection"));
    assert_eq!(owner.dispute(&claim, "Oops").await.status, StatusCode::CONFLICT);
    let history = owner.get(&format!("/claims/{claim}/history")).await.body;
    assert!(history.contains("Wrong MPN ID"));
}

#[tokio::test]
async fn two_reviewers_deciding_at_once_record_one_decision() {
    let app = spawn_app().await;
    let (claim, _owner, first) = under_review(&app).await;
    let second = app.person(Caller::Reviewer).await;
    let seen = revision(&app, &claim).await;
    let (approve_path, reject_path) = (format!("/claims/{claim}/approve"), format!("/claims/{claim}/reject"));
    let approve_form = [("revision", seen.as_str())];
    let reject_form = [("revision", seen.as_str()), ("reject_reason", "insufficient-poe"), ("reject_comment", "No")];
    let (a, b) = tokio::join!(first.post_pairs(&approve_path, &approve_form), second.post_pairs(&reject_path, &reject_form));
    let statuses = [a.status, b.status];
    assert!(statuses.contains(&StatusCode::SEE_OTHER) && statuses.contains(&StatusCode::CONFLICT), "{statuses:?}");
    let loser = if a.status == StatusCode::CONFLICT { &a } else { &b };
    assert!(loser.body.contains("This claim changed after you opened it"), "the 409 page explains");
    let decisions = history_actions(&app, &claim).await.into_iter().filter(|a| a == "approved" || a == "rejected").count();
    assert_eq!(decisions, 1);
}

#[tokio::test]
async fn a_double_click_decides_once() {
    let app = spawn_app().await;
    let (claim, _owner, reviewer) = under_review(&app).await;
    let seen = revision(&app, &claim).await;
    let first = reviewer.post_pairs(&format!("/claims/{claim}/approve"), &[("revision", &seen)]).await;
    let second = reviewer.post_pairs(&format!("/claims/{claim}/approve"), &[("revision", &seen)]).await;
    assert_eq!((first.status, second.status), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER));
    assert_eq!(history_actions(&app, &claim).await.iter().filter(|a| *a == "approved").count(), 1);
    let stale = reviewer.post_pairs(&format!("/claims/{claim}/start-review"), &[("revision", &seen)]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "a stale page's other action is refused");
}

#[tokio::test]
async fn every_action_answers_each_role_as_the_spec_says() {
    let app = spawn_app().await;
    let (claim, _owner) = submitted_claim(&app).await;
    let partner_only =
        [("resubmit", vec![]), ("withdraw", vec![("withdraw_reason", "wrong-mpn")]), ("dispute", vec![("dispute_justification", "x")])];
    let reviewer_only = [
        ("start-review", vec![]),
        ("approve", vec![]),
        ("reject", vec![("reject_reason", "insufficient-poe"), ("reject_comment", "x")]),
        ("request-information", vec![("reason", "missing-all-poe"), ("info_comment", "x")]),
    ];
    for caller in [Caller::GlobalAdmin, Caller::IncentivesAdmin, Caller::BillingAdmin, Caller::OtherOrgAdmin] {
        let client = app.client(caller).await;
        for (action, fields) in &reviewer_only {
            let got = act(&app, &client, &claim, action, fields).await.status;
            assert_eq!(got, StatusCode::FORBIDDEN, "{caller:?} {action}");
        }
    }
    let reviewer = app.person(Caller::Reviewer).await;
    for (action, fields) in &partner_only {
        assert_eq!(act(&app, &reviewer, &claim, action, fields).await.status, StatusCode::FORBIDDEN, "reviewer {action}");
    }
    let billing = app.person(Caller::BillingAdmin).await;
    for (action, fields) in &partner_only[1..] {
        assert_eq!(act(&app, &billing, &claim, action, fields).await.status, StatusCode::FORBIDDEN, "billing admin {action}");
    }
    let other = app.person(Caller::OtherOrgAdmin).await;
    for (action, fields) in &partner_only {
        assert_eq!(act(&app, &other, &claim, action, fields).await.status, StatusCode::NOT_FOUND, "other org {action}");
    }
    assert_eq!(other.comment(&claim, "hi").await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(&format!("/claims/{claim}/history")).await.status, StatusCode::NOT_FOUND);
    let anonymous = Client::new(&app);
    assert_eq!(act(&app, &anonymous, &claim, "approve", &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(status(&app, &claim).await, "submitted", "nothing changed");
    let draft = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    assert_eq!(reviewer.start_review(&draft).await.status, StatusCode::NOT_FOUND, "reviewers never see Editing");
}

#[tokio::test]
async fn partner_and_reviewer_talk_in_comments() {
    let app = spawn_app().await;
    let (claim, owner, reviewer) = under_review(&app).await;
    let billing = app.person(Caller::BillingAdmin).await;
    assert_eq!(billing.comment(&claim, "Invoice attached?").await.status, StatusCode::SEE_OTHER);
    assert_eq!(reviewer.comment(&claim, "<b>Looking</b> at it").await.status, StatusCode::SEE_OTHER);
    let empty = owner.post_pairs(&format!("/claims/{claim}/comments"), &[("comment", "   ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let long = "x".repeat(2001);
    let too_long = owner.post_pairs(&format!("/claims/{claim}/comments"), &[("comment", &long)]).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.body.contains("This is too long."));
    let page = owner.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("Invoice attached?") && page.contains("Bea Billing (partner)") && page.contains("Rui Reviewer (reviewer)"));
    assert!(!page.contains("<b>Looking</b>") && page.contains("Looking"), "plain text, escaped");
    assert!(history_actions(&app, &claim).await.iter().filter(|a| *a == "comment").count() == 2);
}

#[tokio::test]
async fn the_history_is_append_only() {
    let app = spawn_app().await;
    let (claim, _owner) = submitted_claim(&app).await;
    let update = cpor_portal::with_db!(&app.db, pool => sqlx::query("UPDATE claim_history SET actor_name = 'Mallory'").execute(pool).await.map(|_| ()));
    assert!(update.is_err(), "updates are refused by the database");
    let delete = cpor_portal::with_db!(&app.db, pool => sqlx::query("DELETE FROM claim_history").execute(pool).await.map(|_| ()));
    assert!(delete.is_err(), "deletes are refused by the database");
    assert_eq!(history_actions(&app, &claim).await.len(), 3);
}

#[tokio::test]
async fn a_deleted_draft_keeps_its_history() {
    let app = spawn_app().await;
    let client = app.person(Caller::GlobalAdmin).await;
    let created = client.post("/claims/new", &valid_claim_form()).await;
    let claim = claim_id_from_location(created.location());
    let id = cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, i64>("SELECT id FROM claims WHERE public_id = $1").bind(&claim).fetch_one(pool).await).expect("id");
    client.post(&format!("/claims/{claim}/delete"), &[]).await;
    let actions = cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, String>("SELECT action FROM claim_history WHERE claim_id = $1 ORDER BY id").bind(id).fetch_all(pool).await).expect("history");
    assert_eq!(actions, ["created", "deleted"]);
}

#[tokio::test]
async fn the_review_queue_orders_by_due_date_and_marks_what_is_late() {
    let app = spawn_app().await;
    let (older, _) = submitted_claim(&app).await;
    app.clock.advance(chrono::Duration::hours(2));
    let (newer, _) = submitted_claim(&app).await;
    let reviewer = app.person(Caller::Reviewer).await;
    let queue = reviewer.get("/review").await.body;
    assert!(queue.find(&older).expect("older") < queue.find(&newer).expect("newer"), "earliest due first");
    assert!(!queue.contains("overdue-label"));
    reviewer.start_review(&newer).await;
    let mine = reviewer.get("/review?mine=1").await.body;
    assert!(mine.contains(&newer) && !mine.contains(&older), "assigned to me");
    app.clock.advance(chrono::Duration::days(8));
    let reviewer = app.person(Caller::Reviewer).await;
    let late = reviewer.get("/review").await.body;
    assert!(late.contains("overdue-label"));
}

/// Our claim (org A's, submitted) and theirs (org B's, submitted) on one tenant and workload:
/// (ours, our owner, theirs).
async fn contested_claims(app: &TestApp) -> (String, Person<'_>, String) {
    let (ours, owner) = submitted_claim(app).await;
    let theirs =
        app.insert_claim(app.seed.org_b, with(valid_claim_form(), &[("mpn_id", Some("5550001")), ("name", Some("Northwind Teams"))])).await;
    let rival = app.person(Caller::OtherOrgAdmin).await;
    upload(&rival, &theirs, &[("poe.pdf", files::pdf(), "")]).await;
    submit_ok(&rival, &theirs).await;
    (ours, owner, theirs)
}

#[tokio::test]
async fn competing_claims_are_flagged_without_naming_the_competitor() {
    let app = spawn_app().await;
    let (ours, owner, theirs) = contested_claims(&app).await;
    let page = owner.get(&format!("/claims/{ours}")).await.body;
    assert!(page.contains("Contested workload") && !page.contains("Northwind"), "told, but not by whom");
    let reviewer = app.person(Caller::Reviewer).await;
    let page = reviewer.get(&format!("/claims/{ours}")).await.body;
    assert!(page.contains(&theirs) && page.contains("Northwind Advisors"), "reviewers see both linked");
    assert!(reviewer.get("/review").await.body.contains("badge competing"), "in the queue");
    let other_tenant =
        app.insert_claim(app.seed.org_a, with(valid_claim_form(), &[("tenant_id", Some("99999999-9999-4999-8999-999999999999"))])).await;
    assert!(!owner.get(&format!("/claims/{other_tenant}")).await.body.contains("Contested workload"));
    assert_eq!(flags_out_of_date(&app).await, 0, "each claim's stored flag is the rule's answer");

    // A draft moved off the contested tenant by an edit is no longer competed with.
    let draft = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let revision = revision(&app, &draft).await;
    let moved = with(valid_claim_form(), &[("tenant_id", Some("99999999-9999-4999-8999-999999999999")), ("revision", Some(&revision))]);
    assert_eq!(owner.post(&format!("/claims/{draft}/edit"), &moved).await.status, StatusCode::SEE_OTHER);
    assert_eq!(flags_out_of_date(&app).await, 0, "an edit of the tenant recomputes both tenants' flags");

    // The rival's claim rejected, it holds no workload any more: ours is not competing.
    reviewer.start_review(&theirs).await;
    assert_eq!(reviewer.reject(&theirs, RejectionReason::InsufficientPoe, "No PoE").await.status, StatusCode::SEE_OTHER);
    assert!(!reviewer.get("/review").await.body.contains("badge competing"), "the queue follows the rival's status");
    assert!(!owner.get(&format!("/claims/{ours}")).await.body.contains("Contested workload"));
    assert_eq!(flags_out_of_date(&app).await, 0);
}

/// A transition that writes another claim's competing flag while a second transaction holds that
/// claim and then waits for the transition's own: on PostgreSQL a deadlock, which the server breaks
/// by ending the transition (its `deadlock_timeout` is the shorter); the transition is run again and
/// the reviewer sees it done. On SQLite the second transaction is a writer the transition waits for.
#[tokio::test]
async fn a_transition_that_loses_a_deadlock_is_run_again() {
    let app = spawn_app().await;
    let (ours, _owner, theirs) = contested_claims(&app).await;
    let reviewer = app.person(Caller::Reviewer).await;
    reviewer.start_review(&theirs).await;

    let lock_ours = "SELECT id FROM claims WHERE public_id = $1 FOR UPDATE";
    let touch_theirs = "UPDATE claims SET revision = revision WHERE public_id = $1";
    let (rejected, ()) = match &app.db {
        cpor_portal::db::Db::Pg(pool, _) => {
            let mut other = pool.begin().await.expect("begin");
            sqlx::query("SET LOCAL deadlock_timeout = '30s'").execute(&mut *other).await.expect("timeout");
            sqlx::query(lock_ours).bind(&ours).execute(&mut *other).await.expect("lock ours");
            tokio::join!(reviewer.reject(&theirs, RejectionReason::InsufficientPoe, "No PoE"), async {
                // Once the transition waits for our claim (it holds theirs), wait for theirs.
                let waiting = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
                for _ in 0..1000 {
                    if sqlx::query_scalar::<_, i64>(waiting).fetch_one(pool).await.expect("waiting") > 0 {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                }
                sqlx::query(touch_theirs).bind(&theirs).execute(&mut *other).await.expect("the other transaction goes on");
                other.commit().await.expect("commit");
            })
        }
        cpor_portal::db::Db::Sqlite(pool, _) => {
            use cpor_portal::db::BeginWrite;
            let mut other = pool.begin_write().await.expect("begin");
            sqlx::query(touch_theirs).bind(&theirs).execute(&mut *other).await.expect("write");
            tokio::join!(reviewer.reject(&theirs, RejectionReason::InsufficientPoe, "No PoE"), async {
                other.commit().await.expect("commit");
            })
        }
    };
    assert_eq!(rejected.status, StatusCode::SEE_OTHER, "the reviewer's decision is done, not an error");
    assert_eq!(status(&app, &theirs).await, "rejected");
    assert_eq!(flags_out_of_date(&app).await, 0, "our claim is no longer competed with");
}

async fn flags_out_of_date(app: &TestApp) -> i64 {
    cpor_portal::db::competing::flags_out_of_date(&app.db).await.expect("flags")
}

#[tokio::test]
async fn the_dashboard_says_who_acts_next() {
    let app = spawn_app().await;
    let (claim, owner, reviewer) = under_review(&app).await;
    reviewer.request_information(&claim, &[InfoReason::MissingAllPoe], "Please").await;
    let dashboard = owner.get("/claims").await.body;
    assert!(dashboard.contains("Your organisation") && dashboard.contains("by Fri 27 Nov 2026"), "partner, 5 business days later");
}

#[tokio::test]
async fn the_database_refuses_statuses_and_reasons_the_domain_does_not_know() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    for sql in [
        "UPDATE claims SET status = 'Editing' WHERE public_id = $1",
        "UPDATE claims SET status = 'archived' WHERE public_id = $1",
        "UPDATE claims SET rejection_reason = 'because' WHERE public_id = $1",
    ] {
        let refused = cpor_portal::with_db!(&app.db, pool => sqlx::query(sql).bind(&claim).execute(pool).await.is_err());
        assert!(refused, "{sql}");
    }
    assert_eq!(status(&app, &claim).await, "editing");
}

#[tokio::test]
async fn internal_notes_are_for_reviewers_only() {
    let app = spawn_app().await;
    let (claim, owner, reviewer) = under_review(&app).await;
    let secret = "Partner seems to re-use PoE from another tenant";
    let added = reviewer.post_pairs(&format!("/claims/{claim}/notes"), &[("note", secret)]).await;
    assert_eq!((added.status, added.location()), (StatusCode::SEE_OTHER, format!("/claims/{claim}#notes").as_str()));
    let empty = reviewer.post_pairs(&format!("/claims/{claim}/notes"), &[("note", "  ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reviewer.get(&format!("/claims/{claim}")).await.body.contains(secret), "on the reviewer's claim page");
    let reviewer_history = reviewer.get(&format!("/claims/{claim}/history")).await.body;
    assert!(reviewer_history.contains(secret) && reviewer_history.contains("Internal note"), "in the reviewer's history");
    // The partner sees it nowhere: claim page, history, export, e-mails.
    assert!(!owner.get(&format!("/claims/{claim}")).await.body.contains(secret));
    let partner_history = owner.get(&format!("/claims/{claim}/history")).await.body;
    assert!(!partner_history.contains(secret) && !partner_history.contains("Internal note"));
    assert!(!owner.get("/claims/export.csv").await.body.contains(secret));
    app.deliver_mail().await;
    let mails: String = std::fs::read_dir(app.data_dir.path().join("mail"))
        .map(|dir| dir.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok()).collect())
        .unwrap_or_default();
    assert!(!mails.contains("re-use PoE"), "no e-mail carries it");
    let forbidden = owner.post_pairs(&format!("/claims/{claim}/notes"), &[("note", "me too")]).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN, "partners cannot write one");
    // A note changes nothing a decision is judged by: the reviewer still decides at once.
    assert_eq!(reviewer.approve(&claim).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn reviewers_assign_claims_to_themselves_and_colleagues() {
    let app = spawn_app().await;
    let colleague = cpor_portal::db::users::create_user(
        &app.db,
        cpor_portal::db::users::NewUser {
            org_id: None,
            email: "rita@cpor.test",
            name: "Rita Colleague",
            role: cpor_portal::domain::role::Role::Reviewer,
            password_hash: &cpor_portal::auth::password::hash(PASSWORD.into()).await.expect("hash"),
        },
        cpor_portal::db::Timestamp(app.clock.now()),
    )
    .await
    .expect("colleague");
    let (claim, owner) = submitted_claim(&app).await;
    let reviewer = app.person(Caller::Reviewer).await;
    let page = reviewer.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("Assign to me") && page.contains("Rita Colleague") && page.contains("Nobody is assigned yet."));
    let assign = |who: String| {
        let reviewer = &reviewer;
        let claim = claim.clone();
        async move { reviewer.post_pairs(&format!("/claims/{claim}/assign"), &[("reviewer", &who)]).await }
    };
    let to_me = assign("me".into()).await;
    assert_eq!(to_me.location(), format!("/claims/{claim}?done=assigned"));
    assert!(reviewer.get("/review").await.body.contains("Rui Reviewer"), "the queue shows who");
    let outbox = app.outbox().await.len();
    assert_eq!(assign(colleague.to_string()).await.status, StatusCode::SEE_OTHER);
    let mails = app.outbox().await;
    assert_eq!(mails.len(), outbox + 1, "the colleague is told");
    assert_eq!(mails.last().map(|(k, r)| (k.as_str(), r.as_str())), Some(("assigned", "rita@cpor.test")));
    assert!(reviewer.get(&format!("/claims/{claim}")).await.body.contains("Assigned to Rita Colleague."));
    assert_eq!(assign(String::new()).await.status, StatusCode::SEE_OTHER, "unassigned");
    let history = reviewer.get(&format!("/claims/{claim}/history")).await.body;
    assert!(
        history.contains("Reviewer assigned") && history.contains("Assigned to: Rita Colleague") && history.contains("Reviewer unassigned")
    );
    assert_eq!(assign(app.seed.global_admin_a.to_string()).await.status, StatusCode::BAD_REQUEST, "only a reviewer");
    assert_eq!(assign("x".into()).await.status, StatusCode::BAD_REQUEST);
    let partner = owner.post_pairs(&format!("/claims/{claim}/assign"), &[("reviewer", "me")]).await;
    assert_eq!(partner.status, StatusCode::FORBIDDEN);
    assert_eq!(reviewer.start_review(&claim).await.status, StatusCode::SEE_OTHER);
    assert_eq!(reviewer.approve(&claim).await.status, StatusCode::SEE_OTHER);
    assert_eq!(assign("me".into()).await.status, StatusCode::CONFLICT, "a decided claim waits for nobody");
    assert_eq!(app.outbox().await.iter().filter(|(k, _)| k == "assigned").count(), 1, "nobody is told of their own assignment");
}
