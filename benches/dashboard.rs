//! Dashboard cost with a million claims, against the cheapest page of the portal.
//!
//! `cargo bench --bench dashboard` seeds a fresh database (SQLite by default; PostgreSQL when
//! CPOR_BENCH_DATABASE_URL names an empty database) with 1,000,000 claims (980,000 of them in the
//! org whose dashboard is measured), starts the release `cpor serve` as its own process, signs in
//! and requests each page many times. It reports the server process's CPU time per request (from
//! /proc, so the client's work is not counted) and the ratio to the baseline: the users page,
//! which reads a dozen rows. CPOR_BENCH_CLAIMS and CPOR_BENCH_REQUESTS change the sizes.

// A benchmark stops at the first surprise: unwrap and expect are fine here.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use cpor_portal::db::users::NewUser;
use cpor_portal::db::{Db, Timestamp, orgs, users};
use cpor_portal::domain::role::Role;
use cpor_portal::with_db;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "benchmark password";

fn main() {
    // `cargo test --all-targets` and nextest run bench binaries without `--bench`: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(run());
}

fn env_number(name: &str, default: i64) -> i64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

async fn run() {
    let claims = env_number("CPOR_BENCH_CLAIMS", 1_000_000);
    let requests = env_number("CPOR_BENCH_REQUESTS", 1000);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("CPOR_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}?mode=rwc", dir.path().join("bench.sqlite3").display()));
    let db = Db::connect(&url).await.expect("database");
    db.migrate().await.expect("migrate");
    let now = Timestamp(chrono::Utc::now());
    let org_a = orgs::create_org(&db, "Fabrikam Partners", &["1234567".into()], None, now).await.expect("org");
    let org_b = orgs::create_org(&db, "Northwind Advisors", &["5550001".into()], None, now).await.expect("org");
    let hash = cpor_portal::auth::password::hash(PASSWORD.into()).await.expect("hash");
    let mut admin = 0;
    for i in 0..12 {
        let email = format!("user{i}@fabrikam.example");
        let role = if i == 0 { Role::GlobalAdmin } else { Role::IncentivesAdmin };
        let id = users::create_user(
            &db,
            NewUser { org_id: Some(org_a), email: &email, name: &format!("User {i:02}"), role, password_hash: &hash },
            now,
        )
        .await
        .expect("user");
        if i == 0 {
            admin = id;
        }
    }
    let started = Instant::now();
    seed_claims(&db, org_a, org_b, admin, claims).await;
    eprintln!("seeded {claims} claims in {:.1?}", started.elapsed());
    db.close().await;

    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
    let server = Server::start(&url, dir.path(), port);
    let base = format!("http://127.0.0.1:{port}");
    let client = signed_in_client(&base).await;

    let first = client.get(format!("{base}/claims")).send().await.expect("dashboard").text().await.expect("body");
    let next = link(&first, "next").expect("a second page");
    let claim = first.split("<th scope=\"row\"><a href=\"").nth(1).and_then(|s| s.split('"').next()).expect("a claim").to_string();
    let pages = [
        ("users page (baseline: a dozen rows)", "/users".to_string()),
        ("dashboard, first page", "/claims".to_string()),
        ("dashboard, next page (keyset)", next),
        ("dashboard, status filter", "/claims?status=submitted".to_string()),
        ("dashboard, sorted by customer", "/claims?sort=customer&dir=asc".to_string()),
        ("dashboard, solution area + program", "/claims?area=m365&program=osu-m365".to_string()),
        ("dashboard, customer search (one match)", "/claims?q=customer+123457".to_string()),
        ("dashboard, broad customer search (11,000 matches)", "/claims?q=customer+12".to_string()),
        ("dashboard, tenant search", "/claims?q=0000beef-0000-4000-8000-00000000beef".to_string()),
        ("claim page", claim),
    ];
    // Pages are measured in interleaved rounds, so a slow moment of this shared machine spreads
    // over all of them instead of landing on one.
    const ROUNDS: i64 = 5;
    let urls: Vec<String> = pages.iter().map(|(_, path)| format!("{base}{path}")).collect();
    for (url, (name, _)) in urls.iter().zip(&pages) {
        for _ in 0..50 {
            let status = client.get(url).send().await.expect("warm-up").status();
            assert!(status.is_success(), "{name}: {status}");
        }
    }
    let mut cpu = vec![Duration::ZERO; pages.len()];
    let mut instructions = vec![0u64; pages.len()];
    let mut latencies: Vec<Vec<Duration>> = vec![Vec::new(); pages.len()];
    for _ in 0..ROUNDS {
        for (i, url) in urls.iter().enumerate() {
            let counter = InstructionCounter::attach(server.0.id());
            let cpu_before = server.cpu_time();
            for _ in 0..requests / ROUNDS {
                let t = Instant::now();
                let body = client.get(url).send().await.expect("request").bytes().await.expect("body");
                latencies[i].push(t.elapsed());
                assert!(!body.is_empty());
            }
            cpu[i] += server.cpu_time() - cpu_before;
            instructions[i] += counter.map(InstructionCounter::finish).unwrap_or(0);
        }
    }
    println!("\n{claims} claims, {requests} requests per page; the server's CPU time and instructions per request:\n");
    println!("| page | CPU µs | × baseline | instructions (k) | × baseline | median latency µs |");
    println!("|---|---:|---:|---:|---:|---:|");
    let per = |total: f64| total / requests as f64;
    let (cpu0, ins0) = (per(cpu[0].as_secs_f64() * 1e6), per(instructions[0] as f64));
    for (i, (name, _)) in pages.iter().enumerate() {
        let (c, n) = (per(cpu[i].as_secs_f64() * 1e6), per(instructions[i] as f64));
        latencies[i].sort();
        let median = latencies[i][latencies[i].len() / 2].as_micros();
        let ratio = if ins0 > 0.0 { format!("{:.1}", n / ins0) } else { "n/a".into() };
        println!("| {name} | {c:.0} | {:.1} | {:.0} | {ratio} | {median} |", c / cpu0, n / 1000.0);
    }
}

/// `perf stat` counting the server's user-space instructions: steadier than CPU time on a shared
/// machine. Absent (and reported as 0) where perf is not installed or not permitted.
struct InstructionCounter(Child);

impl InstructionCounter {
    fn attach(pid: u32) -> Option<InstructionCounter> {
        let child = Command::new("perf")
            .args(["stat", "-x", ",", "-e", "instructions:u", "-p", &pid.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .ok()?;
        std::thread::sleep(Duration::from_millis(100));
        Some(InstructionCounter(child))
    }

    fn finish(self) -> u64 {
        let _ = Command::new("kill").args(["-INT", &self.0.id().to_string()]).status();
        let output = self.0.wait_with_output().ok();
        let text = output.map(|o| String::from_utf8_lossy(&o.stderr).to_string()).unwrap_or_default();
        text.lines().find(|l| l.contains("instructions")).and_then(|l| l.split(',').next()?.parse().ok()).unwrap_or(0)
    }
}

/// Inserts `count` claims with set-based SQL: 98% in org A, statuses spread over all six.
async fn seed_claims(db: &Db, org_a: i64, org_b: i64, user: i64, count: i64) {
    const CHUNK: i64 = 100_000;
    let sqlite = "WITH RECURSIVE n(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
        INSERT INTO claims (public_id, org_id, name, mpn_id, solution_area, activity, program, customer_name, customer_key,
            customer_domain, tenant_id, customer_contact_name, customer_contact_title, customer_contact_email,
            partner_contact_name, partner_contact_email, partner_solution, engagement_date, commentary, products_label,
            status, created_by, created_at, updated_at)
        SELECT printf('CP-%04X-%04X', i / 65536, i % 65536), CASE WHEN i % 50 = 0 THEN $4 ELSE $3 END, 'Claim ' || i,
            CASE WHEN i % 50 = 0 THEN '5550001' ELSE '1234567' END,
            CASE WHEN i % 3 = 0 THEN 'bizapps' ELSE 'm365' END, CASE WHEN i % 3 = 0 THEN 'pre-sales' ELSE 'usage' END,
            CASE WHEN i % 3 = 0 THEN 'osa-sell' ELSE 'osu-m365' END,
            'Customer ' || (i * 7919 % 1000003), 'customer ' || (i * 7919 % 1000003), 'customer' || (i * 7919 % 1000003) || '.example',
            printf('%08x-0000-4000-8000-%012x', i, i), 'Ana Lopez', 'CIO', 'ana@customer.example', 'Ivan', 'ivan@fabrikam.example',
            'Deployment and adoption', '2026-01-01', '', CASE WHEN i % 3 = 0 THEN 'Dynamics 365 Sales' ELSE 'Microsoft Teams' END,
            CASE i % 6 WHEN 0 THEN 'editing' WHEN 1 THEN 'submitted' WHEN 2 THEN 'under-review'
                WHEN 3 THEN 'partner-action-required' WHEN 4 THEN 'approved' ELSE 'rejected' END,
            $5, strftime('%Y-%m-%dT%H:%M:%S', 1767225600 + i, 'unixepoch') || '.000000Z',
            strftime('%Y-%m-%dT%H:%M:%S', 1767225600 + i, 'unixepoch') || '.000000Z'
        FROM n";
    let postgres = "INSERT INTO claims (public_id, org_id, name, mpn_id, solution_area, activity, program, customer_name, customer_key,
            customer_domain, tenant_id, customer_contact_name, customer_contact_title, customer_contact_email,
            partner_contact_name, partner_contact_email, partner_solution, engagement_date, commentary, products_label,
            status, created_by, created_at, updated_at)
        SELECT 'CP-' || upper(lpad(to_hex(i / 65536), 4, '0')) || '-' || upper(lpad(to_hex(i % 65536), 4, '0')),
            CASE WHEN i % 50 = 0 THEN $4 ELSE $3 END, 'Claim ' || i,
            CASE WHEN i % 50 = 0 THEN '5550001' ELSE '1234567' END,
            CASE WHEN i % 3 = 0 THEN 'bizapps' ELSE 'm365' END, CASE WHEN i % 3 = 0 THEN 'pre-sales' ELSE 'usage' END,
            CASE WHEN i % 3 = 0 THEN 'osa-sell' ELSE 'osu-m365' END,
            'Customer ' || (i::bigint * 7919 % 1000003), 'customer ' || (i::bigint * 7919 % 1000003),
            'customer' || (i::bigint * 7919 % 1000003) || '.example',
            lpad(to_hex(i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0'), 'Ana Lopez', 'CIO', 'ana@customer.example',
            'Ivan', 'ivan@fabrikam.example', 'Deployment and adoption', DATE '2026-01-01', '',
            CASE WHEN i % 3 = 0 THEN 'Dynamics 365 Sales' ELSE 'Microsoft Teams' END,
            CASE i % 6 WHEN 0 THEN 'editing' WHEN 1 THEN 'submitted' WHEN 2 THEN 'under-review'
                WHEN 3 THEN 'partner-action-required' WHEN 4 THEN 'approved' ELSE 'rejected' END,
            $5, TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * INTERVAL '1 second', TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * INTERVAL '1 second'
        FROM generate_series($1::bigint, $2::bigint) AS i";
    let mut start = 1;
    while start <= count {
        let end = (start + CHUNK - 1).min(count);
        let sql = match db {
            Db::Sqlite(_) => sqlite,
            Db::Pg(_) => postgres,
        };
        with_db!(db, pool => sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(start).bind(end).bind(org_a).bind(org_b).bind(user)
            .execute(pool).await.map(|_| ()))
        .expect("seed claims");
        start = end + 1;
    }
    with_db!(db, pool => sqlx::query("ANALYZE").execute(pool).await.map(|_| ())).expect("analyze");
    // Fold the seed out of SQLite's write-ahead log, as a running portal's checkpoints would;
    // otherwise every read would first look its page up in a log of a million inserts.
    if let Db::Sqlite(pool) = db {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await.expect("checkpoint");
    }
}

struct Server(Child);

impl Server {
    fn start(url: &str, dir: &std::path::Path, port: u16) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_cpor"))
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env("CPOR_DATA_DIR", dir)
            .env("CPOR_DATABASE_URL", url)
            .env("CPOR_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("start cpor serve");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Server(child)
    }

    /// User plus system CPU time of the server process so far.
    fn cpu_time(&self) -> Duration {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.0.id())).expect("/proc stat");
        let fields: Vec<&str> = stat.rsplit_once(')').expect("stat").1.split_whitespace().collect();
        let ticks: u64 = fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime");
        Duration::from_secs_f64(ticks as f64 / 100.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn signed_in_client(base: &str) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let form = client.get(format!("{base}/sign-in")).send().await.expect("sign-in page").text().await.expect("body");
    let token = form.split("name=\"csrf_token\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("token");
    let response = client
        .post(format!("{base}/sign-in"))
        .form(&[("csrf_token", token), ("email", "user0@fabrikam.example"), ("password", PASSWORD), ("next", "/claims")])
        .send()
        .await
        .expect("sign in");
    assert!(response.status().is_success(), "signed in: {}", response.status());
    client
}

fn link(html: &str, rel: &str) -> Option<String> {
    let end = html.find(&format!("\" rel=\"{rel}\""))?;
    let start = html[..end].rfind("href=\"")? + 6;
    Some(html[start..end].replace("&#38;", "&").replace("&amp;", "&"))
}
