//! `spawn_app` and the typed clients the tests use.

use chrono::{DateTime, Utc};
use cpor_portal::clock::Clock;
use cpor_portal::config::Settings;
use cpor_portal::db::users::NewUser;
use cpor_portal::db::{Db, Timestamp, claims, orgs, users};
use cpor_portal::domain::claim_form::{ClaimFormInput, FormContext, parse_claim_form};
use cpor_portal::domain::role::Role;
use cpor_portal::startup::Application;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use std::sync::{Mutex, OnceLock};
use tempfile::TempDir;

pub const PASSWORD: &str = "correct horse battery staple";
pub const ORG_A_MPN: [&str; 2] = ["1234567", "7654321"];

/// The moment every test starts at (a Friday morning).
pub fn start_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-20T09:00:00Z").expect("time").with_timezone(&Utc)
}

/// One argon2 hash for every seeded user: hashing is slow on purpose.
fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        std::thread::spawn(|| tokio::runtime::Runtime::new().expect("runtime").block_on(cpor_portal::auth::password::hash(PASSWORD.into())))
            .join()
            .expect("thread")
            .expect("hash")
    })
}

/// A database URL for a fresh, empty database.
pub async fn fresh_database(dir: &TempDir) -> String {
    match std::env::var("CPOR_TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            use sqlx::Connection;
            let name = format!("cpor_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to the PostgreSQL test server");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await.expect("create database");
            conn.close().await.ok();
            let (server, _) = admin.rsplit_once('/').expect("URL with a database name");
            format!("{server}/{name}")
        }
        _ => format!("sqlite://{}?mode=rwc", dir.path().join("test.sqlite3").display()),
    }
}

/// Where a test's PoE files go: a fresh prefix of the test bucket when `CPOR_TEST_STORAGE_URL`
/// names one (`scripts/test.sh` runs the PostgreSQL pass on a real S3-compatible server), else the
/// data directory.
pub fn test_storage_url() -> Option<String> {
    std::env::var("CPOR_TEST_STORAGE_URL")
        .ok()
        .filter(|url| !url.is_empty())
        .map(|url| format!("{}/{}", url.trim_end_matches('/'), uuid::Uuid::new_v4().simple()))
}

pub struct Seed {
    pub org_a: i64,
    pub org_b: i64,
    pub global_admin_a: i64,
    pub incentives_admin_a: i64,
    pub billing_admin_a: i64,
    pub global_admin_b: i64,
    #[allow(dead_code)]
    pub reviewer: i64,
    #[allow(dead_code)]
    pub operator: i64,
}

pub struct TestApp {
    pub state: cpor_portal::web::state::AppState,
    pub address: String,
    pub clock: Clock,
    pub db: Db,
    pub seed: Seed,
    pub data_dir: TempDir,
    /// Where `/metrics` is served, when the test configured it.
    #[allow(dead_code)]
    pub metrics_port: Option<u16>,
}

/// The kinds of caller the portal knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Anonymous,
    GlobalAdmin,
    IncentivesAdmin,
    BillingAdmin,
    OtherOrgAdmin,
    Reviewer,
    Operator,
}

impl Caller {
    pub const ALL: [Caller; 7] = [
        Caller::Anonymous,
        Caller::GlobalAdmin,
        Caller::IncentivesAdmin,
        Caller::BillingAdmin,
        Caller::OtherOrgAdmin,
        Caller::Reviewer,
        Caller::Operator,
    ];

    pub fn email(self) -> &'static str {
        match self {
            Caller::Anonymous => "",
            Caller::GlobalAdmin => "admin@fabrikam.test",
            Caller::IncentivesAdmin => "incentives@fabrikam.test",
            Caller::BillingAdmin => "billing@fabrikam.test",
            Caller::OtherOrgAdmin => "admin@northwind.test",
            Caller::Reviewer => "reviewer@cpor.test",
            Caller::Operator => "operator@cpor.test",
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let (state, address, clock, data_dir, metrics_port) = start(configure).await;
    let seed = seed(&state.db).await;
    TestApp { db: state.db.clone(), state, address, clock, seed, data_dir, metrics_port }
}

/// A running portal on a fresh database, with nothing in it.
async fn start(configure: impl FnOnce(&mut Settings)) -> (cpor_portal::web::state::AppState, String, Clock, TempDir, Option<u16>) {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(&data_dir).await;
    let mut settings = Settings::new(data_dir.path().to_path_buf(), Some(url));
    settings.bind = "127.0.0.1:0".into();
    settings.background_jobs = false;
    settings.storage_url = test_storage_url();
    configure(&mut settings);
    let clock = Clock::fixed(start_time());
    let app = Application::build(settings, clock.clone()).await.expect("build the application");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    let metrics_port = app.metrics_port();
    tokio::spawn(app.run());
    (state, address, clock, data_dir, metrics_port)
}

/// A portal with the demo's data (`serve --demo`) instead of the tests' seed; `seed` names the
/// demo's orgs and people.
#[allow(dead_code)]
pub async fn spawn_demo_app() -> TestApp {
    let (state, address, clock, data_dir, metrics_port) = start(|_| {}).await;
    let db = state.db.clone();
    cpor_portal::demo::load(&state).await.expect("the demo");
    let id =
        async |sql: &'static str| cpor_portal::with_db!(&db, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).expect("id");
    let user = async |email: &'static str| {
        cpor_portal::with_db!(&db, pool => sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(pool).await).expect("user")
    };
    let seed = Seed {
        org_a: id("SELECT id FROM orgs WHERE name = 'Fabrikam Partners'").await,
        org_b: id("SELECT id FROM orgs WHERE name = 'Northwind Advisors'").await,
        global_admin_a: user("admin@fabrikam.example").await,
        incentives_admin_a: user("incentives@fabrikam.example").await,
        billing_admin_a: user("billing@fabrikam.example").await,
        global_admin_b: user("admin@northwind.example").await,
        reviewer: user("reviewer@cpor.example").await,
        operator: user("operator@cpor.example").await,
    };
    TestApp { state, address, clock, db, seed, data_dir, metrics_port }
}

async fn seed(db: &Db) -> Seed {
    let now = Timestamp(start_time());
    let mpn: Vec<String> = ORG_A_MPN.iter().map(|s| s.to_string()).collect();
    let org_a = orgs::create_org(db, "Fabrikam Partners", &mpn, None, now).await.expect("org a");
    let org_b = orgs::create_org(db, "Northwind Advisors", &["5550001".into()], None, now).await.expect("org b");
    let add = async |caller: Caller, org_id: Option<i64>, role: Role, name: &str| {
        users::create_user(db, NewUser { org_id, email: caller.email(), name, role, password_hash: password_hash() }, now)
            .await
            .expect("user")
    };
    Seed {
        org_a,
        org_b,
        global_admin_a: add(Caller::GlobalAdmin, Some(org_a), Role::GlobalAdmin, "Grace Admin").await,
        incentives_admin_a: add(Caller::IncentivesAdmin, Some(org_a), Role::IncentivesAdmin, "Ivan Incentives").await,
        billing_admin_a: add(Caller::BillingAdmin, Some(org_a), Role::BillingAdmin, "Bea Billing").await,
        global_admin_b: add(Caller::OtherOrgAdmin, Some(org_b), Role::GlobalAdmin, "Nora Northwind").await,
        reviewer: add(Caller::Reviewer, None, Role::Reviewer, "Rui Reviewer").await,
        operator: add(Caller::Operator, None, Role::Operator, "Olga Operator").await,
    }
}

/// A complete, valid Microsoft 365 claim form for org A.
pub fn valid_claim_form() -> Vec<(String, String)> {
    [
        ("name", "Contoso Teams rollout"),
        ("mpn_id", "1234567"),
        ("solution_area", "m365"),
        ("activity", "usage"),
        ("customer_name", "Contoso Ltd"),
        ("customer_domain", "contoso.com"),
        ("tenant_id", "8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c"),
        ("product", "teams"),
        ("product", "exchange-online"),
        ("customer_contact_name", "Ana Lopez"),
        ("customer_contact_title", "CIO"),
        ("customer_contact_email", "ana@contoso.com"),
        ("partner_contact_name", "Ivan Incentives"),
        ("partner_contact_email", "incentives@fabrikam.test"),
        ("partner_solution", "Deployed Teams to 400 seats"),
        ("engagement_date", "2026-10-01"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Replaces (or with `None` removes) fields of a form.
pub fn with(mut form: Vec<(String, String)>, changes: &[(&str, Option<&str>)]) -> Vec<(String, String)> {
    for (key, value) in changes {
        form.retain(|(k, _)| k != key);
        if let Some(v) = value {
            form.push((key.to_string(), v.to_string()));
        }
    }
    form
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A client for `caller`, signed in unless anonymous.
    pub async fn client(&self, caller: Caller) -> Client {
        let client = Client::new(self);
        if caller != Caller::Anonymous {
            let response = client.sign_in(caller.email(), PASSWORD).await;
            assert_eq!(response.status, StatusCode::SEE_OTHER, "{caller:?} signs in");
            client.refresh_csrf().await;
        }
        client
    }

    /// Stores a claim straight through the database layer (for tests about lists, not forms).
    pub async fn insert_claim(&self, org_id: i64, form: Vec<(String, String)>) -> String {
        let mpn_ids = orgs::mpn_ids(&self.db, org_id, None).await.expect("mpn");
        let catalogue = cpor_portal::db::catalogue::offered(&self.db, &[]).await.expect("catalogue");
        let input = ClaimFormInput::from_pairs(form);
        let ctx = FormContext { mpn_ids: &mpn_ids, catalogue: &catalogue, today: self.clock.now().date_naive() };
        let draft = parse_claim_form(&input, &ctx).expect("valid claim");
        let creator = if org_id == self.seed.org_b { self.seed.global_admin_b } else { self.seed.incentives_admin_a };
        let actor = cpor_portal::db::history::Actor {
            user_id: Some(creator),
            name: "Seeder".into(),
            side: cpor_portal::domain::workflow::Side::Partner,
        };
        claims::insert(&self.db, org_id, &actor, &draft, Timestamp(self.clock.now())).await.expect("insert").as_ref().to_owned()
    }

    /// Runs the mail worker once, as of the test clock; returns how many were sent.
    pub async fn deliver_mail(&self) -> usize {
        cpor_portal::mail::worker::deliver_due(&self.db, &self.state.mailer, Timestamp(self.clock.now()), &self.state.base_url())
            .await
            .expect("deliver")
    }

    /// Runs the deadline sweeper once, as of the test clock.
    pub async fn sweep(&self) -> cpor_portal::sweeper::SweepReport {
        let durations = self.state.live_durations.refresh(&self.db).await.expect("durations");
        cpor_portal::sweeper::sweep(&self.db, &durations, self.clock.now(), &self.state.base_url()).await.expect("sweep")
    }

    /// The outbox rows (kind, recipient) in order.
    pub async fn outbox(&self) -> Vec<(String, String)> {
        cpor_portal::with_db!(&self.db, pool => sqlx::query_as::<_, (String, String)>("SELECT kind, recipient FROM outbox ORDER BY id").fetch_all(pool).await).expect("outbox")
    }

    pub fn poe(&self) -> &cpor_portal::storage::PoeStore {
        &self.state.poe
    }

    pub async fn claim_count(&self) -> i64 {
        cpor_portal::with_db!(&self.db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM claims").fetch_one(pool).await)
            .expect("count")
    }
}

/// A browser-like client: a cookie jar, no automatic redirects, and the CSRF token of its session.
pub struct Client {
    pub http: reqwest::Client,
    base: String,
    csrf: Mutex<String>,
}

pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

impl Client {
    pub fn new(app: &TestApp) -> Client {
        Client::at(&app.address)
    }

    /// A client of the portal at `base`, e.g. a load balancer in front of several instances.
    pub fn at(base: &str) -> Client {
        let http = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client");
        Client { http, base: base.to_owned(), csrf: Mutex::new(String::new()) }
    }

    pub async fn get(&self, path: &str) -> Page {
        let response = self.http.get(format!("{}{}", self.base, path)).send().await.expect("GET");
        into_page(response).await
    }

    /// Posts a form with this session's CSRF token added.
    pub async fn post(&self, path: &str, form: &[(String, String)]) -> Page {
        let mut fields = form.to_vec();
        fields.push(("csrf_token".into(), self.csrf()));
        self.post_raw(path, &fields, &[]).await
    }

    pub async fn post_pairs(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let fields: Vec<(String, String)> = form.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.post(path, &fields).await
    }

    /// Posts exactly these fields and headers, token or not.
    pub async fn post_raw(&self, path: &str, form: &[(String, String)], headers: &[(&str, &str)]) -> Page {
        let mut request = self.http.post(format!("{}{}", self.base, path)).form(form);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        into_page(request.send().await.expect("POST")).await
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn csrf(&self) -> String {
        self.csrf.lock().expect("lock").clone()
    }

    /// Reads the CSRF token from a page of this session.
    pub async fn refresh_csrf(&self) {
        let page = self.get("/sign-in").await;
        *self.csrf.lock().expect("lock") = csrf_in(&page.body).unwrap_or_default();
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Page {
        let form = self.get("/sign-in").await;
        let token = csrf_in(&form.body).unwrap_or_default();
        let fields = vec![
            ("csrf_token".to_string(), token),
            ("email".to_string(), email.to_string()),
            ("password".to_string(), password.to_string()),
            ("next".to_string(), "/".to_string()),
        ];
        self.post_raw("/sign-in", &fields, &[]).await
    }
}

async fn into_page(response: reqwest::Response) -> Page {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.expect("body");
    Page { status, headers, body }
}

/// The CSRF token in the first form of a page.
pub fn csrf_in(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_string())
}

/// The public claim ID a create redirect points at.
pub fn claim_id_from_location(location: &str) -> String {
    location.trim_start_matches("/claims/").to_string()
}

/// Every link starting with `prefix` (e.g. `/invitations/`) in the e-mails to `to` written to the
/// data directory, as paths on the portal.
pub fn links_in_mail(app: &TestApp, to: &str, prefix: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(app.data_dir.path().join("mail")) else { return Vec::new() };
    entries
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .map(|text| crate::smtp::unfold(&text))
        .filter(|text| text.contains(&format!("To: {to}")))
        .filter_map(|text| {
            let start = text.find(prefix)?;
            let token: String = text[start + prefix.len()..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
            Some(format!("{prefix}{token}"))
        })
        .collect()
}

/// The one link starting with `prefix` in the e-mails to `to`.
pub fn link_in_mail(app: &TestApp, to: &str, prefix: &str) -> Option<String> {
    let links = links_in_mail(app, to, prefix);
    if links.len() == 1 { links.into_iter().next() } else { None }
}
