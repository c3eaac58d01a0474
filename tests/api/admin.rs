//! Program administration, driven as an operator would: applications, organisations, people,
//! products, the calendar and service levels, e-mail delivery and the audit log.

use crate::deadlines::due_at;
use crate::helpers::*;
use crate::smtp::SmtpSink;
use crate::users::set_password;
use reqwest::StatusCode;

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).expect("count")
}

async fn apply(app: &TestApp, fields: &[(&str, &str)]) -> Page {
    let anonymous = Client::new(app);
    anonymous.refresh_csrf().await;
    anonymous.post_pairs("/apply", fields).await
}

const CONTOSO: [(&str, &str); 4] =
    [("org_name", "Contoso Partners"), ("mpn_id", "8889990"), ("name", "Ana Applicant"), ("email", "Ana@Contoso-Partners.test")];

async fn application_id(app: &TestApp) -> i64 {
    count(app, "SELECT MAX(id) FROM partner_applications").await
}

fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text).expect("time").with_timezone(&chrono::Utc)
}

/// The story: an application approved, the new admin joining and creating a claim, a
/// holiday that the next deadline skips, a failed e-mail retried, and all of it in the audit log.
#[tokio::test]
async fn a_fresh_program_is_run_from_the_browser() {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let app = spawn_app_with(|s| s.smtp_url = Some(url)).await;
    let operator = app.client(Caller::Operator).await;
    assert_eq!(operator.get("/").await.location(), "/admin", "operators start at Program administration");

    // Someone applies from the public page.
    let sent = apply(&app, &CONTOSO).await;
    assert_eq!((sent.status, sent.location()), (StatusCode::SEE_OTHER, "/apply?sent=1"));
    let list = operator.get("/admin/applications").await.body;
    assert!(list.contains("Contoso Partners") && list.contains("8889990") && list.contains("ana@contoso-partners.test"));

    // The invitation bounces at first.
    sink.refuse(true);
    let approved = operator.post_pairs(&format!("/admin/applications/{}/approve", application_id(&app).await), &[]).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    let org_page = approved.location().to_owned();
    assert!(org_page.starts_with("/admin/orgs/") && org_page.ends_with("?done=org-created"), "{org_page}");
    app.deliver_mail().await;
    let failed = operator.get("/admin/mail?state=failed").await.body;
    assert!(failed.contains("ana@contoso-partners.test") && failed.contains("550"), "the failure and its error are shown");
    let mail_id = count(&app, "SELECT MAX(id) FROM outbox WHERE failed_at IS NOT NULL").await;

    // Retry now, once the mailbox accepts mail again.
    sink.refuse(false);
    let retried = operator.post_pairs(&format!("/admin/mail/{mail_id}/retry"), &[]).await;
    assert_eq!(retried.location(), "/admin/mail?state=pending&done=mail-retried");
    assert_eq!(
        operator.post_pairs(&format!("/admin/mail/{mail_id}/retry"), &[]).await.status,
        StatusCode::CONFLICT,
        "only a failed message"
    );
    assert_eq!(app.deliver_mail().await, 1);
    assert!(operator.get("/admin/mail?state=delivered").await.body.contains("ana@contoso-partners.test"));
    let link = sink
        .messages()
        .iter()
        .map(|m| crate::smtp::unfold(m))
        .find_map(|m| m.find("/invitations/").map(|i| m[i..].chars().take_while(|c| !c.is_whitespace()).collect::<String>()))
        .expect("the invitation link");
    let link = link.trim_end_matches(['.', ')']).to_owned();

    // The new org's admin joins and creates a claim with the MPN ID applied for.
    let ana = Client::new(&app);
    assert_eq!(set_password(&ana, &link, "amber kettle skyline", "amber kettle skyline").await.status, StatusCode::SEE_OTHER);
    ana.refresh_csrf().await;
    let form = with(valid_claim_form(), &[("mpn_id", Some("8889990")), ("partner_contact_email", Some("ana@contoso-partners.test"))]);
    let created = ana.post("/claims/new", &form).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);

    // A holiday added now moves the next deadline set, not one already running.
    let (running, _) = crate::workflow::submitted_claim(&app).await;
    assert_eq!(due_at(&app, &running).await, at("2026-11-27T09:00:00Z"), "Friday + 5 business days");
    let added = operator.post_pairs("/admin/calendar/holidays", &[("day", "2026-11-25"), ("name", "Founders' Day")]).await;
    assert_eq!(added.location(), "/admin/calendar?year=2026&done=holiday-added");
    assert!(operator.get("/admin/calendar?year=2026").await.body.contains("Founders&#39; Day"));
    let (next, _) = crate::workflow::submitted_claim(&app).await;
    assert_eq!(due_at(&app, &next).await, at("2026-11-30T09:00:00Z"), "the holiday is skipped");
    assert_eq!(due_at(&app, &running).await, at("2026-11-27T09:00:00Z"), "a running deadline keeps its date");

    // All of it is in the audit log.
    let log = operator.get("/admin/audit").await.body;
    for what in [
        "Application approved",
        "Organisation created",
        "Invitation sent",
        "Invitation accepted",
        "E-mail retried",
        "Holiday added",
        "Signed in",
    ] {
        assert!(log.contains(what), "the audit log shows {what}");
    }
    let holidays = operator.get("/admin/audit?kind=holiday-added").await.body;
    assert!(holidays.contains("2026-11-25") && !holidays.contains("ana@contoso-partners.test"), "filtered by kind");
    let csv = operator.get("/admin/audit.csv?person=operator%40cpor.test").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("Holiday added") && csv.body.contains("operator@cpor.test") && !csv.body.contains("Invitation accepted"));
}

#[tokio::test]
async fn applications_are_checked_throttled_and_answered() {
    let app = spawn_app().await;
    let refused = apply(&app, &[("org_name", ""), ("mpn_id", "12 34"), ("name", "Ana"), ("email", "not-an-address")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("An MPN ID is 1 to 20 letters or digits.") && refused.body.contains("not-an-address"));
    let anonymous = Client::new(&app);
    let no_token = anonymous.post_raw("/apply", &[("org_name".into(), "X".into())], &[]).await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN, "CSRF-protected like every form");

    assert_eq!(apply(&app, &CONTOSO).await.status, StatusCode::SEE_OTHER);
    assert_eq!(apply(&app, &CONTOSO).await.status, StatusCode::SEE_OTHER, "the same answer");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM partner_applications").await, 1, "one waiting application per address");
    for i in 0..4 {
        let email = format!("someone{i}@example.test");
        assert_eq!(
            apply(&app, &[("org_name", "Spam"), ("mpn_id", "1"), ("name", "S"), ("email", &email)]).await.status,
            StatusCode::SEE_OTHER
        );
    }
    let throttled = apply(&app, &[("org_name", "Spam"), ("mpn_id", "1"), ("name", "S"), ("email", "sixth@example.test")]).await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(throttled.headers.contains_key("retry-after"));
    app.clock.advance(chrono::Duration::hours(1));
    assert_eq!(
        apply(&app, &[("org_name", "Later"), ("mpn_id", "2"), ("name", "L"), ("email", "later@example.test")]).await.status,
        StatusCode::SEE_OTHER
    );

    // Rejected with a reason, which the applicant reads in their e-mail.
    let operator = app.client(Caller::Operator).await;
    let contoso = count(&app, "SELECT MIN(id) FROM partner_applications").await;
    let no_reason = operator.post_pairs(&format!("/admin/applications/{contoso}/reject"), &[("reason", " ")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let rejected = operator
        .post_pairs(&format!("/admin/applications/{contoso}/reject"), &[("reason", "{ $org } is not a Microsoft partner yet.")])
        .await;
    assert_eq!(rejected.location(), "/admin/applications?done=application-rejected");
    let again = operator.post_pairs(&format!("/admin/applications/{contoso}/approve"), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "decided once");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM orgs").await, 2, "no org was created");
    app.deliver_mail().await;
    let mail = std::fs::read_dir(app.data_dir.path().join("mail"))
        .expect("mail")
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .map(|m| crate::smtp::unfold(&m))
        .find(|m| m.contains("To: ana@contoso-partners.test"))
        .expect("the answer");
    assert!(mail.contains("{ $org } is not a Microsoft partner yet."), "the reason is quoted as typed, never interpreted");

    // An MPN ID that belongs to an org already cannot be approved into another.
    assert_eq!(
        apply(&app, &[("org_name", "Copycat"), ("mpn_id", "1234567"), ("name", "C"), ("email", "c@copycat.test")]).await.status,
        StatusCode::SEE_OTHER
    );
    let copycat = application_id(&app).await;
    let taken = operator.post_pairs(&format!("/admin/applications/{copycat}/approve"), &[]).await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert!(taken.body.contains("belongs to an organisation already"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM orgs").await, 2, "nothing half-written");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM invitations").await, 0);
}

#[tokio::test]
async fn organisations_are_created_searched_renamed_and_deactivated() {
    let app = spawn_app().await;
    let operator = app.client(Caller::Operator).await;
    let taken = operator.post_pairs("/admin/orgs", &[("org_name", "Litware"), ("mpn_ids", "3334445, 1234567")]).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("belongs to an organisation already"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM orgs").await, 2);
    let created = operator.post_pairs("/admin/orgs", &[("org_name", "Litware"), ("mpn_ids", "3334445 3334446")]).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let org = created.location().split('?').next().expect("path").to_owned();
    assert!(operator.get("/admin/orgs?q=twar").await.body.contains("Litware"), "any part of the name");
    assert!(operator.get("/admin/orgs?q=3334446").await.body.contains("Litware"), "an MPN ID");
    assert!(!operator.get("/admin/orgs?q=100%25").await.body.contains("Litware"), "LIKE wildcards are text");
    assert_eq!(operator.post_pairs(&format!("{org}/rename"), &[("org_name", "Litware Inc.")]).await.status, StatusCode::SEE_OTHER);
    assert!(operator.get(&org).await.body.contains("Litware Inc."));
    assert_eq!(
        operator.post_pairs(&format!("{org}/mpn-ids/remove"), &[("mpn_id", "3334446")]).await.location(),
        format!("{org}?done=mpn-id-removed")
    );
    assert_eq!(operator.get("/admin/orgs/999999").await.status, StatusCode::NOT_FOUND);

    // An MPN ID a claim names is retired: kept on the claim, no longer offered.
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let org_a = format!("/admin/orgs/{}", app.seed.org_a);
    let retired = operator.post_pairs(&format!("{org_a}/mpn-ids/remove"), &[("mpn_id", "1234567")]).await;
    assert_eq!(retired.location(), format!("{org_a}?done=mpn-id-retired"));
    let admin = app.client(Caller::GlobalAdmin).await;
    let new_form = admin.get("/claims/new").await.body;
    assert!(!new_form.contains("value=\"1234567\"") && new_form.contains("value=\"7654321\""), "not offered on new claims");
    assert!(admin.get(&format!("/claims/{claim}/edit")).await.body.contains("value=\"1234567\""), "still on its claim");
    assert_eq!(admin.post("/claims/new", &valid_claim_form()).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Deactivating an org ends its people's sessions and stops them signing in.
    assert_eq!(operator.post_pairs(&format!("{org_a}/deactivate"), &[]).await.location(), format!("{org_a}?done=org-deactivated"));
    assert_eq!(admin.get("/claims").await.status, StatusCode::SEE_OTHER, "signed out at once");
    assert_eq!(Client::new(&app).sign_in(Caller::GlobalAdmin.email(), PASSWORD).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.client(Caller::OtherOrgAdmin).await.get("/claims").await.status, StatusCode::OK, "other orgs are untouched");
    operator.post_pairs(&format!("{org_a}/reactivate"), &[]).await;
    assert_eq!(Client::new(&app).sign_in(Caller::GlobalAdmin.email(), PASSWORD).await.status, StatusCode::SEE_OTHER);

    // The org's first global admin is invited from its page.
    let invited = operator.post_pairs(&format!("{org}/invite"), &[("name", "Lia Litware"), ("email", "lia@litware.test")]).await;
    assert_eq!(invited.location(), format!("{org}?done=user-invited"));
    let duplicate = operator.post_pairs(&format!("{org}/invite"), &[("name", "Grace"), ("email", Caller::GlobalAdmin.email())]).await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    let log = operator.get("/admin/audit").await.body;
    for what in
        ["Organisation created", "Organisation renamed", "MPN ID removed", "MPN ID retired", "Organisation deactivated", "Invitation sent"]
    {
        assert!(log.contains(what), "{what}");
    }
}

#[tokio::test]
async fn products_are_added_renamed_retired_and_ordered() {
    let app = spawn_app().await;
    let operator = app.client(Caller::Operator).await;
    let bad = operator.post_pairs("/admin/products", &[("product_code", "Copilot Studio"), ("name", ""), ("solution_area", "m365")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let added = operator
        .post_pairs("/admin/products", &[("product_code", "copilot-studio"), ("name", "Copilot Studio"), ("solution_area", "bizapps")])
        .await;
    assert_eq!(added.location(), "/admin/products?done=product-added");
    let taken =
        operator.post_pairs("/admin/products", &[("product_code", "teams"), ("name", "Teams again"), ("solution_area", "m365")]).await;
    assert!(taken.body.contains("A product with this code exists already."));
    let admin = app.client(Caller::GlobalAdmin).await;
    assert!(admin.get("/claims/new").await.body.contains("Copilot Studio"), "offered on new claims");

    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let exchange = count(&app, "SELECT id FROM products WHERE code = 'exchange-online'").await;
    assert_eq!(
        operator.post_pairs(&format!("/admin/products/{exchange}/retire"), &[]).await.location(),
        "/admin/products?done=product-retired"
    );
    assert!(!admin.get("/claims/new").await.body.contains("value=\"exchange-online\""), "not offered on new claims");
    assert!(admin.get(&format!("/claims/{claim}")).await.body.contains("Exchange Online"), "stays on old ones");
    let revision = crate::workflow::revision(&app, &claim).await;
    let edited = admin
        .post(&format!("/claims/{claim}/edit"), &with(valid_claim_form(), &[("name", Some("Renamed")), ("revision", Some(&revision))]))
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "its claim can still be saved with it");
    assert_eq!(admin.post("/claims/new", &valid_claim_form()).await.status, StatusCode::UNPROCESSABLE_ENTITY, "a new claim cannot name it");

    let teams = count(&app, "SELECT id FROM products WHERE code = 'teams'").await;
    assert_eq!(
        operator.post_pairs(&format!("/admin/products/{teams}/rename"), &[("name", "")]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    operator.post_pairs(&format!("/admin/products/{teams}/rename"), &[("name", "Microsoft Teams Premium")]).await;
    let order = |body: String| body.find("copilot-studio").zip(body.find("power-bi"));
    let before = order(operator.get("/admin/products").await.body).expect("both listed");
    assert!(before.0 > before.1, "added at the end of its area");
    let copilot = count(&app, "SELECT id FROM products WHERE code = 'copilot-studio'").await;
    assert_eq!(
        operator.post_pairs(&format!("/admin/products/{copilot}/move"), &[("direction", "up")]).await.location(),
        "/admin/products?done=product-moved"
    );
    let after = order(operator.get("/admin/products").await.body).expect("both listed");
    assert!(after.0 < after.1, "moved above its neighbour");
    assert_eq!(
        operator.post_pairs(&format!("/admin/products/{copilot}/move"), &[("direction", "sideways")]).await.status,
        StatusCode::BAD_REQUEST
    );
    assert!(admin.get("/claims/new").await.body.contains("Microsoft Teams Premium"));
}

#[tokio::test]
async fn service_levels_apply_to_deadlines_set_from_then_on() {
    let app = spawn_app().await;
    let operator = app.client(Caller::Operator).await;
    let page = operator.get("/admin/calendar").await.body;
    assert!(page.contains("Review starts within") && page.contains("A deadline already running keeps its date."));
    let (running, _) = crate::workflow::submitted_claim(&app).await;
    let levels = |review: &'static str| {
        vec![
            ("review-start", review),
            ("decision", "5"),
            ("partner-response", "5"),
            ("consent", "7"),
            ("dispute", "30"),
            ("dispute-decision", "5"),
        ]
    };
    let refused = operator.post_pairs("/admin/service-levels", &levels("0")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("A whole number of days from 1 to 365."));
    assert_eq!(
        operator.post_pairs("/admin/service-levels", &levels("10")).await.location(),
        "/admin/calendar?year=2026&done=service-levels-saved"
    );
    assert!(operator.get("/admin/calendar").await.body.contains("Last changed by Olga Operator"));
    let (next, _) = crate::workflow::submitted_claim(&app).await;
    assert_eq!(due_at(&app, &next).await, at("2026-12-04T09:00:00Z"), "Friday + 10 business days");
    assert_eq!(due_at(&app, &running).await, at("2026-11-27T09:00:00Z"), "the running deadline keeps its date");
    let log = operator.get("/admin/audit?kind=service-level-changed").await.body;
    assert!(log.contains("review-start") && log.contains("5 → 10"), "one entry, from what to what");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE kind = 'service-level-changed'").await, 1, "only what changed");
    // Holidays are per year, and removable.
    operator.post_pairs("/admin/calendar/holidays", &[("day", "2027-01-01"), ("name", "New Year")]).await;
    assert!(!operator.get("/admin/calendar?year=2026").await.body.contains("New Year"));
    assert!(operator.get("/admin/calendar?year=2027").await.body.contains("New Year"));
    let twice = operator.post_pairs("/admin/calendar/holidays", &[("day", "2027-01-01"), ("name", "Again")]).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        operator.post_pairs("/admin/calendar/holidays/2027-01-01/remove", &[]).await.location(),
        "/admin/calendar?year=2027&done=holiday-removed"
    );
    assert_eq!(operator.post_pairs("/admin/calendar/holidays/2027-01-01/remove", &[]).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn reviewers_and_operators_are_invited_and_deactivated() {
    let app = spawn_app().await;
    let operator = app.client(Caller::Operator).await;
    let invited =
        operator.post_pairs("/admin/people", &[("name", "Rita Reviewer"), ("email", "rita@cpor.test"), ("role", "reviewer")]).await;
    assert_eq!(invited.location(), "/admin/people?done=user-invited");
    let partner_role = operator.post_pairs("/admin/people", &[("name", "X"), ("email", "x@cpor.test"), ("role", "global-admin")]).await;
    assert_eq!(partner_role.status, StatusCode::UNPROCESSABLE_ENTITY, "only the program's own roles");
    operator.post_pairs("/admin/people", &[("name", "Otto Operator"), ("email", "otto@cpor.test"), ("role", "operator")]).await;
    app.deliver_mail().await;
    let link = link_in_mail(&app, "otto@cpor.test", "/invitations/").expect("Otto's invitation");
    let otto = Client::new(&app);
    set_password(&otto, &link, "amber kettle skyline", "amber kettle skyline").await;
    assert_eq!(otto.get("/admin/audit").await.status, StatusCode::OK, "the new operator is one");

    let me = app.seed.operator;
    assert_eq!(operator.post_pairs(&format!("/admin/people/{me}/deactivate"), &[]).await.status, StatusCode::CONFLICT, "not oneself");
    let reviewer = app.client(Caller::Reviewer).await;
    let id = app.seed.reviewer;
    assert_eq!(operator.post_pairs(&format!("/admin/people/{id}/deactivate"), &[]).await.location(), "/admin/people?done=user-deactivated");
    assert_eq!(reviewer.get("/review").await.status, StatusCode::SEE_OTHER, "signed out at once");
    assert_eq!(
        operator.post_pairs(&format!("/admin/people/{}/deactivate", app.seed.global_admin_a), &[]).await.status,
        StatusCode::NOT_FOUND,
        "partners are their admin's"
    );
    operator.post_pairs(&format!("/admin/people/{id}/reactivate"), &[]).await;
    assert_eq!(Client::new(&app).sign_in(Caller::Reviewer.email(), PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_audit_log_records_sign_ins_and_cannot_be_changed() {
    let app = spawn_app().await;
    let failed = Client::new(&app).sign_in("=HYPERLINK(\"http://evil\")", "wrong").await;
    assert_eq!(failed.status, StatusCode::UNPROCESSABLE_ENTITY);
    Client::new(&app).sign_in(Caller::BillingAdmin.email(), "wrong password").await;
    let operator = app.client(Caller::Operator).await;
    let log = operator.get("/admin/audit?kind=sign-in-failed").await.body;
    assert!(log.contains("billing@fabrikam.test") && log.contains("127.0.0.1"), "who and from where");
    let csv = operator.get("/admin/audit.csv?kind=sign-in-failed").await.body;
    assert!(csv.contains("'=hyperlink"), "a typed formula is defused in the export: {csv}");
    let billing = operator.get("/admin/audit?person=billing%40fabrikam.test").await.body;
    assert!(billing.contains("Sign-in failed") && !billing.contains("hyperlink"));
    assert_eq!(operator.get("/admin/audit?kind=nonsense").await.status, StatusCode::BAD_REQUEST);
    assert!(!operator.get("/admin/audit?from=2026-11-21").await.body.contains("billing@fabrikam.test"), "by date");
    assert!(operator.get("/admin/audit?from=2026-11-20&to=2026-11-20").await.body.contains("billing@fabrikam.test"));
    let update = cpor_portal::with_db!(&app.db, pool => sqlx::query("UPDATE audit_log SET detail = 'x'").execute(pool).await.map(|_| ()));
    let delete = cpor_portal::with_db!(&app.db, pool => sqlx::query("DELETE FROM audit_log").execute(pool).await.map(|_| ()));
    assert!(update.is_err() && delete.is_err(), "append-only");
}
