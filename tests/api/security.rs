//! The defects an attack on the portal found, each kept closed by a test that failed before its
//! fix. They run on SQLite and on PostgreSQL like every other test.

use crate::consent::{consent_link, csrf as deny_token, customer};
use crate::files;
use crate::helpers::*;
use crate::poe::{send, upload};
use crate::workflow::{revision, status, submitted_claim, under_review};
use chrono::Duration;
use cpor_portal::db::Timestamp;
use reqwest::StatusCode;

async fn scalar(app: &TestApp, sql: &'static str) -> i64 {
    cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).expect("count")
}

/// Whether the response replaces the cookie with a new, non-empty value.
fn replaces_cookie(page: &Page, name: &str) -> bool {
    page.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).any(|c| {
        c.strip_prefix(&format!("{name}=")).is_some_and(|rest| !rest.starts_with(';') && !rest.is_empty()) && !c.contains("Max-Age=0")
    })
}

// 1. A lapsed session locks people out.
#[tokio::test]
async fn a_lapsed_session_cookie_is_replaced_and_signing_in_works_at_once() {
    let app = spawn_app().await;
    let client = app.person(Caller::GlobalAdmin).await;
    app.clock.advance(Duration::minutes(31));
    let form = client.get("/sign-in").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(replaces_cookie(&form, "cpor_session"), "the dead session's cookie is replaced");
    let token = csrf_in(&form.body).unwrap_or_default();
    assert_eq!(token.len(), 64, "the form carries a token at once");
    let fields = [("csrf_token", token.as_str()), ("email", Caller::GlobalAdmin.email()), ("password", PASSWORD), ("next", "/")];
    let fields: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(client.post_raw("/sign-in", &fields, &[]).await.status, StatusCode::SEE_OTHER, "no 403");
    // A cookie naming a session that never existed is treated alike.
    let stranger = Client::new(&app);
    let url = reqwest::Url::parse(&app.address).expect("url");
    let unknown = format!("cpor_session={}", "f".repeat(64));
    let page = stranger.http.get(app.url("/sign-in")).header("cookie", format!("{unknown}; Path=/")).send().await.expect("get");
    let set: Vec<String> = page.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok().map(str::to_owned)).collect();
    // The new cookie's value is random, and may itself start with an "f".
    assert!(set.iter().any(|c| c.starts_with("cpor_session=") && !c.starts_with(&unknown)), "{set:?} at {url}");
}

// 2. Sign-in throttling can be raced.
#[tokio::test]
async fn parallel_guesses_cannot_pass_the_throttle() {
    let app = spawn_app().await;
    let settings = app.state.settings.sign_in_throttle.clone();
    let now = Timestamp(app.clock.now());
    let mut guesses = Vec::new();
    // Thirty guesses at once, each from its own address, the last one right.
    for i in 0..30 {
        let (db, settings) = (app.db.clone(), settings.clone());
        let password = if i == 29 { PASSWORD.to_string() } else { format!("guess number {i}") };
        guesses.push(tokio::spawn(async move {
            cpor_portal::auth::sign_in::check(&db, &settings, Caller::GlobalAdmin.email(), &password, &format!("10.0.0.{i}"), now)
                .await
                .expect("check")
        }));
    }
    // What the throttle promises is about wrong passwords: at most the limit of them is ever
    // checked. The right one removes only its own record, so when it is among the first few
    // checked, one more wrong guess may be checked after it, still no more than the limit of them.
    let mut wrong_checked = 0;
    for guess in guesses {
        match guess.await.expect("task") {
            cpor_portal::auth::sign_in::SignInOutcome::Refused => wrong_checked += 1,
            cpor_portal::auth::sign_in::SignInOutcome::Accepted { .. } | cpor_portal::auth::sign_in::SignInOutcome::Throttled => {}
        }
    }
    assert!(
        wrong_checked <= settings.per_account as usize,
        "{wrong_checked} wrong passwords were checked; at most {} may be",
        settings.per_account
    );
    // Forty at once from one address, over HTTP.
    let attacker = Client::new(&app);
    let token = csrf_in(&attacker.get("/sign-in").await.body).expect("token");
    let mut posts = Vec::new();
    for i in 0..40 {
        let fields = vec![
            ("csrf_token".to_string(), token.clone()),
            ("email".to_string(), format!("target{}@fabrikam.test", i % 40)),
            ("password".to_string(), "wrong".to_string()),
        ];
        let request = attacker.http.post(app.url("/sign-in")).form(&fields);
        posts.push(tokio::spawn(async move { request.send().await.expect("post").status() }));
    }
    let mut refused = 0;
    for post in posts {
        if post.await.expect("task") == StatusCode::UNPROCESSABLE_ENTITY {
            refused += 1;
        }
    }
    assert!(refused <= settings.per_address as usize, "{refused} guesses from one address were checked");
}

// 3. Open redirect after sign-in.
#[tokio::test]
async fn next_follows_only_this_sites_paths_and_control_characters_are_a_bad_request() {
    let app = spawn_app().await;
    let client = Client::new(&app);
    let page = client.get("/sign-in?next=/%09/evil.example").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "a tab in next");
    let page = client.get("/sign-in?next=%2F%2Fevil.example").await;
    assert!(page.body.contains("name=\"next\" value=\"/\""), "another site is replaced by the start page");
    for (next, expected) in [("/\t/evil.example", StatusCode::BAD_REQUEST), ("/\r\nSet-Cookie: x=1", StatusCode::BAD_REQUEST)] {
        let token = csrf_in(&client.get("/sign-in").await.body).expect("token");
        let fields = vec![
            ("csrf_token".to_string(), token),
            ("email".to_string(), Caller::GlobalAdmin.email().to_string()),
            ("password".to_string(), PASSWORD.to_string()),
            ("next".to_string(), next.to_string()),
        ];
        assert_eq!(client.post_raw("/sign-in", &fields, &[]).await.status, expected, "{next:?}");
    }
    let token = csrf_in(&client.get("/sign-in").await.body).expect("token");
    let fields = vec![
        ("csrf_token".to_string(), token),
        ("email".to_string(), Caller::GlobalAdmin.email().to_string()),
        ("password".to_string(), PASSWORD.to_string()),
        ("next".to_string(), "/\\evil.example".to_string()),
    ];
    let response = client.post_raw("/sign-in", &fields, &[]).await;
    assert_eq!((response.status, response.location()), (StatusCode::SEE_OTHER, "/"));
}

// 4. Text typed by a partner is read as a mail placeholder.
#[tokio::test]
async fn a_claim_named_like_a_placeholder_gets_no_consent_link_and_every_mail_goes_out() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, with(valid_claim_form(), &[("name", Some("{{consent-link}}"))])).await;
    let owner = app.person(Caller::IncentivesAdmin).await;
    assert_eq!(upload(&owner, &claim, &[("signed.pdf", files::pdf(), "")]).await.status, StatusCode::SEE_OTHER);
    crate::submit::submit_ok(&owner, &claim).await;
    let reviewer = app.person(Caller::Reviewer).await;
    reviewer.start_review(&claim).await;
    reviewer.approve(&claim).await;
    let queued = app.outbox().await.len();
    assert_eq!(app.deliver_mail().await, queued, "every mail is sent");
    let mut links = 0;
    for entry in std::fs::read_dir(app.data_dir.path().join("mail")).expect("mail") {
        let text = crate::smtp::unfold(&std::fs::read_to_string(entry.expect("entry").path()).expect("eml"));
        let to_customer = text.contains("To: ana@contoso.com");
        if text.contains("/consent/") {
            assert!(to_customer, "a consent link only ever goes to the customer");
            links += 1;
        }
        if !to_customer {
            assert!(text.contains("{{consent-link}}"), "the partner's mail shows the name as typed");
        }
    }
    assert_eq!(links, 1);
}

// 5. PoE can land after the claim moved on.
#[tokio::test]
async fn poe_is_recorded_only_if_the_claim_still_takes_it() {
    use cpor_portal::db::poe::{AddOutcome, NewPoeFile, add_files};
    let app = spawn_app().await;
    let (claim, _owner, reviewer) = under_review(&app).await;
    let record =
        cpor_portal::db::claims::find(&app.db, cpor_portal::db::claims::ClaimScope::Reviewer, &claim).await.expect("find").expect("claim");
    reviewer.approve(&claim).await;
    let file = || NewPoeFile {
        storage_key: "claims/late/file".into(),
        file_name: "late.pdf".into(),
        description: String::new(),
        kind: "pdf".into(),
        size_bytes: 10,
        sha256: "0".repeat(64),
    };
    let actor = cpor_portal::db::history::Actor {
        user_id: Some(app.seed.incentives_admin_a),
        name: "Ivan".into(),
        side: cpor_portal::domain::workflow::Side::Partner,
    };
    let (limits, durations, now) = (app.state.settings.upload_limits, &app.state.settings.durations, Timestamp(app.clock.now()));
    // The check made before the upload streamed is made again when it is recorded.
    assert_eq!(add_files(&app.db, record.id, &actor, &[file()], limits, durations, now).await.expect("add"), AddOutcome::NotNow);
    assert_eq!(add_files(&app.db, i64::MAX, &actor, &[file()], limits, durations, now).await.expect("add"), AddOutcome::ClaimGone);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM poe_files WHERE file_name = 'late.pdf'").await, 0);
    // Over HTTP, the refusal is a clean 409 and nothing is left behind.
    let owner = app.person(Caller::IncentivesAdmin).await;
    let late = upload(&owner, &claim, &[("late.pdf", files::pdf(), "")]).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
}

// 6. An upload request can hold unbounded memory.
#[tokio::test]
async fn upload_requests_are_bounded_in_parts_and_size() {
    let app = spawn_app_with(|s| s.upload_limits.max_claim_bytes = 1 << 20).await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let mut form = reqwest::multipart::Form::new().text("csrf_token", client.csrf());
    for i in 0..500 {
        form = form.text(format!("description-{i}"), "x".repeat(1000));
    }
    let response = send(&client, &claim, form).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE, "descriptions without end");
    // Fields the form does not have are read and thrown away, but count against the request's
    // budget (twice the claim's room and a little): past it, reading stops.
    let mut padded = reqwest::multipart::Form::new().text("csrf_token", client.csrf());
    for i in 0..4 {
        padded = padded.part(format!("padding-{i}"), reqwest::multipart::Part::bytes(vec![b'a'; 1 << 20]));
    }
    let response = send(&client, &claim, padded).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE, "unknown fields count against the budget");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM poe_files").await, 0);
    assert_eq!(upload(&client, &claim, &[("a.pdf", files::pdf(), "fine")]).await.status, StatusCode::SEE_OTHER, "a normal upload passes");
}

// 7. Translation lookups can be made to leak memory.
#[tokio::test]
async fn only_known_action_codes_reach_the_translations() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let page = client.get(&format!("/claims/{claim}?done=updated")).await.body;
    assert!(page.contains("Your changes were saved."));
    let before = cpor_portal::i18n::memoised_texts();
    for i in 0..50 {
        let page = client.get(&format!("/claims/{claim}?done=made-up-code-{i}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("class=\"notice\" role=\"status\"") && !page.body.contains("[missing text]"));
    }
    assert_eq!(cpor_portal::i18n::memoised_texts(), before, "unknown codes are not memoised");
    let locale = cpor_portal::i18n::Locale::default();
    let _ = locale.t("no-such-key-anywhere");
    assert_eq!(cpor_portal::i18n::memoised_texts(), before, "nor are missing keys");
}

// 8. A consent link opened after the claim was sent for incentive assessment still denies it.
#[tokio::test]
async fn a_claim_sent_for_assessment_can_no_longer_be_denied() {
    let app = spawn_app().await;
    let (claim, link) = consent_link(&app).await;
    let browser = customer(&app);
    let token = deny_token(&browser.get(&link).await.body);
    // Another instance (or `cpor sweep --now`) whose clock is ahead sends it for assessment.
    let later = app.clock.now() + Duration::days(8);
    cpor_portal::sweeper::sweep(&app.db, &app.state.settings.durations, later, &app.state.base_url()).await.expect("sweep");
    let denied = browser.post_raw("/consent/deny/confirm", &[("csrf_token".into(), token)], &[]).await;
    assert_eq!(denied.status, StatusCode::GONE, "{}", denied.body);
    assert_eq!(status(&app, &claim).await, "approved");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM claims WHERE sent_for_assessment_at IS NOT NULL").await, 1);
}

// 9. Customer sessions and consent tokens are never cleaned up.
#[tokio::test]
async fn customer_sessions_and_links_are_reused_and_swept() {
    let app = spawn_app().await;
    let (_claim, link) = consent_link(&app).await;
    let browser = customer(&app);
    for _ in 0..20 {
        assert_eq!(browser.get(&link).await.status, StatusCode::OK);
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM customer_sessions").await, 1, "one browser, one session");
    customer(&app).get(&link).await;
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM customer_sessions").await, 2);
    app.clock.advance(Duration::days(8));
    cpor_portal::startup::housekeeping_once(&app.state).await.expect("housekeeping");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM customer_sessions").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM consent_tokens").await, 0);
}

// 10. A revision that does not parse; edit forms without a revision.
#[tokio::test]
async fn revisions_must_parse_and_stale_saves_are_refused() {
    let app = spawn_app().await;
    let (claim, _owner) = submitted_claim(&app).await;
    let reviewer = app.person(Caller::Reviewer).await;
    for bad in ["abc", "", "1e3"] {
        let response = reviewer.post_pairs(&format!("/claims/{claim}/start-review"), &[("revision", bad)]).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{bad:?}");
    }
    assert_eq!(status(&app, &claim).await, "submitted");
    // Two colleagues open the limited-update form; the second save is stale.
    let (first, second) = (app.person(Caller::IncentivesAdmin).await, app.person(Caller::GlobalAdmin).await);
    let seen = revision(&app, &claim).await;
    let form = |name: &str| with(valid_claim_form(), &[("customer_contact_name", Some(name)), ("revision", Some(&seen))]);
    assert_eq!(first.post(&format!("/claims/{claim}/update"), &form("Ana First")).await.status, StatusCode::SEE_OTHER);
    let stale = second.post(&format!("/claims/{claim}/update"), &form("Ana Second")).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(first.get(&format!("/claims/{claim}")).await.body.contains("Ana First"), "the first save stands");
    // The same for the full edit form of a claim in Editing.
    let draft = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let seen = revision(&app, &draft).await;
    let edit = |name: &str| with(valid_claim_form(), &[("name", Some(name)), ("revision", Some(&seen))]);
    assert_eq!(first.post(&format!("/claims/{draft}/edit"), &edit("First name")).await.status, StatusCode::SEE_OTHER);
    assert_eq!(second.post(&format!("/claims/{draft}/edit"), &edit("Second name")).await.status, StatusCode::CONFLICT);
    let no_revision = with(valid_claim_form(), &[("name", Some("No revision"))]);
    assert_eq!(second.post(&format!("/claims/{draft}/edit"), &no_revision).await.status, StatusCode::BAD_REQUEST);
}

// 11. Control characters in free text; bidirectional overrides in file names.
#[tokio::test]
async fn invisible_characters_are_refused_in_text_and_stripped_from_file_names() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let owner = app.person(Caller::IncentivesAdmin).await;
    for bad in ["nul \0 here", "escape \u{1b}[31m", "bell \u{7}", "flip \u{202E}txt.exe"] {
        let response = owner.post_pairs(&format!("/claims/{claim}/comments"), &[("comment", bad)]).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
    }
    let admin = app.person(Caller::GlobalAdmin).await;
    let user =
        [("name", "Eve \u{1b}[2J"), ("email", "eve@fabrikam.test"), ("role", "billing-admin"), ("password", "lantern quartz meadow")];
    assert_eq!(admin.post_pairs("/users", &user).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let described = upload(&owner, &claim, &[("a.pdf", files::pdf(), "ring \u{7} ring")]).await;
    assert_eq!(described.status, StatusCode::UNPROCESSABLE_ENTITY);
    let faked = upload(&owner, &claim, &[("invoice\u{202E}fdp.exe", files::pdf(), "")]).await;
    assert_eq!(faked.status, StatusCode::UNPROCESSABLE_ENTITY, "seen as invoicefdp.exe, an extension that disagrees");
    let fine = upload(&owner, &claim, &[("sig\u{202E}ned.pdf", files::pdf(), "")]).await;
    assert_eq!(fine.status, StatusCode::SEE_OTHER);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM poe_files").await, 1);
    let name: String =
        cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar("SELECT file_name FROM poe_files").fetch_one(pool).await).expect("name");
    assert_eq!(name, "signed.pdf");
    let draft = with(valid_claim_form(), &[("commentary", Some("NUL \0"))]);
    assert_eq!(owner.post("/claims/new", &draft).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

// 12. A zip holding an executable plus Word's parts is accepted as .docx.
#[tokio::test]
async fn office_files_are_judged_by_their_declared_parts_and_programs_refused() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let owner = app.person(Caller::IncentivesAdmin).await;
    for (name, bytes) in [("invoice.docx", files::docx_carrying_a_program()), ("shaped.docx", files::zip_shaped_like_docx())] {
        let response = upload(&owner, &claim, &[(name, bytes, "")]).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
    }
    assert_eq!(upload(&owner, &claim, &[("real.docx", files::docx(), "")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM poe_files").await, 1);
}

// 13. An address the mailer refuses is accepted, and its mail retried forever.
#[tokio::test]
async fn addresses_are_checked_as_the_mailer_checks_them_and_mail_is_given_up_in_time() {
    let app = spawn_app_with(|s| s.smtp_url = Some("smtp://127.0.0.1:9".into())).await;
    let owner = app.person(Caller::IncentivesAdmin).await;
    let bad = with(valid_claim_form(), &[("customer_contact_email", Some("a..b@example.com"))]);
    let response = owner.post("/claims/new", &bad).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("id=\"error-customer_contact_email\""));
    // Nothing listens on port 9: every attempt fails, and the message is given up, not retried
    // for ever; the claim page then says the customer could not be e-mailed.
    let (claim, _owner, reviewer) = under_review(&app).await;
    reviewer.approve(&claim).await;
    for _ in 0..12 {
        app.deliver_mail().await;
        app.clock.advance(Duration::hours(7));
    }
    assert_eq!(cpor_portal::db::outbox::undelivered(&app.db).await.expect("count"), 0, "nothing left pending");
    assert!(scalar(&app, "SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL").await >= 1);
    let attempts = scalar(&app, "SELECT MAX(attempts) FROM outbox").await;
    assert_eq!(attempts, cpor_portal::db::outbox::MAX_ATTEMPTS);
    let page = app.person(Caller::Reviewer).await.get(&format!("/claims/{claim}")).await.body;
    assert!(page.contains("The consent e-mail could not be delivered to the customer contact (ana@contoso.com)"), "{page}");
}

// 14. Passwords: only the length was checked.
#[tokio::test]
async fn common_and_personal_passwords_are_refused() {
    let app = spawn_app().await;
    let admin = app.person(Caller::GlobalAdmin).await;
    for (password, message) in [
        ("aaaaaaaaaaaa", "too easy to guess"),
        ("password1234", "too easy to guess"),
        ("admin@fabrikam.test", "must not contain the e-mail address or the name"),
        ("Grace Admin rocks!", "must not contain the e-mail address or the name"),
    ] {
        let form = [("current_password", PASSWORD), ("password", password), ("password_confirm", password)];
        let response = admin.post_pairs("/account/password", &form).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{password}");
        assert!(response.body.contains(message), "{password}: {message}");
    }
}

// 15. "Add user" as an existence oracle across orgs.
#[tokio::test]
async fn adding_a_user_never_says_whose_address_it_is() {
    let app = spawn_app().await;
    let admin = app.person(Caller::GlobalAdmin).await;
    let mut answers = Vec::new();
    for email in [Caller::OtherOrgAdmin.email(), Caller::Reviewer.email()] {
        let form = [("name", "X Y"), ("email", email), ("role", "billing-admin"), ("password", "lantern quartz meadow")];
        let response = admin.post_pairs("/users", &form).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(!response.body.contains("Northwind") && !response.body.contains("Rui Reviewer"), "nobody is named");
        let at = response.body.find("id=\"error-email\"").expect("an error beside the e-mail");
        let end = at + response.body[at..].find("</p>").expect("the message's end");
        answers.push(response.body[at..end].to_string());
    }
    assert_eq!(answers[0], answers[1], "another org's address and a reviewer's get the same answer");
    assert!(answers[0].contains("cannot be used for a new user"));
}

// 16. An Editing draft shows "contested".
#[tokio::test]
async fn a_draft_is_never_contested_and_a_submitted_claim_is() {
    let app = spawn_app().await;
    let theirs = app.insert_claim(app.seed.org_b, with(valid_claim_form(), &[("mpn_id", Some("5550001"))])).await;
    let other = app.person(Caller::OtherOrgAdmin).await;
    upload(&other, &theirs, &[("a.pdf", files::pdf(), "")]).await;
    crate::submit::submit_ok(&other, &theirs).await;
    let mine = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let owner = app.person(Caller::IncentivesAdmin).await;
    let marker = "Another partner has an active claim";
    let draft_page = owner.get(&format!("/claims/{mine}")).await.body;
    assert!(!draft_page.contains(marker), "editing a draft probes nothing");
    upload(&owner, &mine, &[("a.pdf", files::pdf(), "")]).await;
    crate::submit::submit_ok(&owner, &mine).await;
    assert!(owner.get(&format!("/claims/{mine}")).await.body.contains(marker), "decided at submission");
}

// 17. Secure pre-session cookie and HSTS behind https.
#[tokio::test]
async fn behind_https_every_cookie_is_secure_and_hsts_is_sent() {
    let app = spawn_app_with(|s| s.public_url = Some("https://cpor.example".into())).await;
    let page = Client::new(&app).get("/sign-in").await;
    let cookies: Vec<&str> = page.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
    let pre = cookies.iter().find(|c| c.starts_with("cpor_session=")).expect("a session cookie before sign-in");
    assert!(pre.contains("Secure"), "{pre}");
    assert_eq!(page.headers["strict-transport-security"], "max-age=31536000");
    let missing = Client::new(&app).get("/no-such-page").await;
    assert_eq!(missing.headers["strict-transport-security"], "max-age=31536000", "error pages too");
    let plain = spawn_app().await;
    assert!(Client::new(&plain).get("/sign-in").await.headers.get("strict-transport-security").is_none(), "not over plain http");
}

// 18. Every sign-in redirect is logged at ERROR; colour codes in log files.
#[tokio::test]
async fn a_redirect_is_not_an_error_and_log_files_carry_no_colour() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("dir");
    let mut server = Command::new(env!("CARGO_BIN_EXE_cpor"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("CPOR_DATA_DIR", dir.path())
        .env("CPOR_DATABASE_URL", format!("sqlite://{}?mode=rwc", dir.path().join("log.sqlite3").display()))
        .env("CPOR_LOG", "info")
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("serve");
    let mut stderr = server.stderr.take().expect("stderr");
    let logged = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut lines = BufReader::new(server.stdout.take().expect("stdout")).lines();
    let address = loop {
        let line = lines.next().expect("a line").expect("text");
        if let Some(at) = line.find("http://127.0.0.1:") {
            break line[at..].split_whitespace().next().unwrap_or("").to_string();
        }
    };
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    for _ in 0..3 {
        assert_eq!(http.get(format!("{address}/")).send().await.expect("get").status(), StatusCode::SEE_OTHER);
    }
    let _ = server.kill();
    let _ = server.wait();
    let log = logged.join().expect("log");
    assert!(!log.contains("ERROR"), "{log}");
    assert!(!log.contains('\u{1b}'), "no ANSI colour in a pipe: {log}");
    let _ = app;
}

// Also: the consent e-mail and page speak the customer contact's language.
#[tokio::test]
async fn the_customer_is_written_to_in_the_language_the_partner_chose() {
    let app = spawn_app().await;
    let owner = app.person(Caller::IncentivesAdmin).await;
    let form = owner.get("/claims/new").await.body;
    assert!(form.contains("<option value=\"en\" lang=\"en\" selected>"), "the partner's language by default");
    let created = owner.post("/claims/new", &with(valid_claim_form(), &[("customer_contact_locale", Some("de"))])).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let claim = claim_id_from_location(created.location());
    upload(&owner, &claim, &[("a.pdf", files::pdf(), "")]).await;
    crate::submit::submit_ok(&owner, &claim).await;
    let reviewer = app.person(Caller::Reviewer).await;
    reviewer.start_review(&claim).await;
    reviewer.approve(&claim).await;
    app.deliver_mail().await;
    let mut link = None;
    for entry in std::fs::read_dir(app.data_dir.path().join("mail")).expect("mail") {
        let text = crate::smtp::unfold(&std::fs::read_to_string(entry.expect("entry").path()).expect("eml"));
        if text.contains("To: ana@contoso.com") {
            assert!(text.contains("Content-Language: de") || text.contains("lang=\"de\""), "German mail");
            let start = text.find("/consent/").expect("a link");
            link = Some(format!("/consent/{}", text[start + 9..].chars().take_while(|c| c.is_ascii_hexdigit()).collect::<String>()));
        }
    }
    let page = customer(&app).get(&link.expect("consent mail")).await.body;
    assert!(page.contains("<html lang=\"de\">"), "the consent page in German");
    assert!(page.contains("Zuordnung"), "German words");
}
