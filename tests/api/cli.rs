//! The `cpor` command line, run as a real process against a fresh database.

use crate::helpers::*;
use std::io::Write;
use std::process::{Command, Output, Stdio};

pub fn cpor(app: &TestApp, args: &[&str], stdin: &str) -> Output {
    let url = database_url(app);
    let mut child = Command::new(env!("CARGO_BIN_EXE_cpor"))
        .args(args)
        .env("CPOR_DATA_DIR", app.data_dir.path())
        .env("CPOR_DATABASE_URL", url)
        .env("CPOR_STORAGE_URL", app.state.settings.storage_url.clone().unwrap_or_default())
        .env_remove("CPOR_PUBLIC_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cpor");
    // The command may exit (on a bad argument) before reading its input.
    let _ = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
    child.wait_with_output().expect("cpor output")
}

pub fn database_url(app: &TestApp) -> String {
    match &app.db {
        cpor_portal::db::Db::Sqlite(..) => format!("sqlite://{}?mode=rwc", app.data_dir.path().join("test.sqlite3").display()),
        cpor_portal::db::Db::Pg(pool, _) => {
            let options = pool.connect_options();
            let admin = std::env::var("CPOR_TEST_DATABASE_URL").expect("postgres url");
            let (server, _) = admin.rsplit_once('/').expect("url");
            format!("{server}/{}", options.get_database().expect("database name"))
        }
    }
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).trim().to_string()
}

#[tokio::test]
async fn operators_create_orgs_and_users_who_can_sign_in() {
    let app = spawn_app().await;
    let org = cpor(&app, &["org", "add", "--name", "Tailspin Toys", "--mpn", "9990001", "--mpn", "9990002"], "");
    assert!(org.status.success(), "{}", stderr(&org));
    let org_id = stdout(&org);
    assert!(org_id.parse::<i64>().is_ok(), "prints the org id: {org_id}");
    let user = cpor(
        &app,
        &[
            "user",
            "add",
            "--email",
            "boss@tailspin.test",
            "--name",
            "Tia Boss",
            "--role",
            "global-admin",
            "--org",
            &org_id,
            "--password-stdin",
        ],
        "tailspin kayak horizon\n",
    );
    assert!(user.status.success(), "{}", stderr(&user));
    let client = Client::new(&app);
    assert_eq!(client.sign_in("boss@tailspin.test", "tailspin kayak horizon").await.status, reqwest::StatusCode::SEE_OTHER);
    client.refresh_csrf().await;
    let form = client.get("/claims/new").await.body;
    assert!(form.contains("9990001") && form.contains("9990002") && !form.contains("1234567"), "the new org's MPN IDs");
    let reviewer = cpor(
        &app,
        &["user", "add", "--email", "r2@cpor.test", "--name", "R Two", "--role", "reviewer", "--password-stdin"],
        "violet harbour engine 2\n",
    );
    assert!(reviewer.status.success(), "{}", stderr(&reviewer));
    // The first operator is made here; everything else is done in the browser.
    let operator = cpor(
        &app,
        &["user", "add", "--email", "first-operator@cpor.test", "--name", "Opal First", "--role", "operator", "--password-stdin"],
        "violet harbour engine 3\n",
    );
    assert!(operator.status.success(), "{}", stderr(&operator));
    let client = Client::new(&app);
    assert_eq!(client.sign_in("first-operator@cpor.test", "violet harbour engine 3").await.location(), "/");
    assert_eq!(client.get("/").await.location(), "/admin");
    let in_org = cpor(
        &app,
        &["user", "add", "--email", "o2@cpor.test", "--name", "O", "--role", "operator", "--org", &org_id, "--password-stdin"],
        "x\n",
    );
    assert!(!in_org.status.success() && stderr(&in_org).contains("operator belongs to no org"), "{}", stderr(&in_org));
    let taken = cpor(&app, &["org", "add", "--name", "Copy", "--mpn", "9990001"], "");
    assert!(!taken.status.success() && stderr(&taken).contains("belongs to another org"), "{}", stderr(&taken));
    let log: i64 = cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM audit_log WHERE kind = 'org-created' AND actor_name = 'cpor (command line)'").fetch_one(pool).await)
    .expect("audit");
    assert_eq!(log, 1, "the command line is in the audit log too");
}

#[tokio::test]
async fn bad_arguments_fail_with_a_one_line_reason() {
    let app = spawn_app().await;
    let org_a = app.seed.org_a.to_string();
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec![
                "user",
                "add",
                "--email",
                "admin@fabrikam.test",
                "--name",
                "Dup",
                "--role",
                "billing-admin",
                "--org",
                &org_a,
                "--password-stdin",
            ],
            "lantern quartz meadow\n",
            "already exists",
        ),
        (
            vec!["user", "add", "--email", "new@fabrikam.test", "--name", "N", "--role", "billing-admin", "--password-stdin"],
            "lantern quartz meadow\n",
            "needs --org",
        ),
        (
            vec!["user", "add", "--email", "rev@cpor.test", "--name", "N", "--role", "reviewer", "--org", &org_a, "--password-stdin"],
            "lantern quartz meadow\n",
            "belongs to no org",
        ),
        (
            vec!["user", "add", "--email", "new@fabrikam.test", "--name", "N", "--role", "owner", "--org", &org_a, "--password-stdin"],
            "lantern quartz meadow\n",
            "is not a role",
        ),
        (
            vec!["user", "add", "--email", "not-an-email", "--name", "N", "--role", "billing-admin", "--org", &org_a, "--password-stdin"],
            "lantern quartz meadow\n",
            "is not an e-mail address",
        ),
        (
            vec![
                "user",
                "add",
                "--email",
                "new@fabrikam.test",
                "--name",
                "N",
                "--role",
                "billing-admin",
                "--org",
                "999999",
                "--password-stdin",
            ],
            "lantern quartz meadow\n",
            "there is no org",
        ),
        (
            vec![
                "user",
                "add",
                "--email",
                "new@fabrikam.test",
                "--name",
                "N",
                "--role",
                "billing-admin",
                "--org",
                &org_a,
                "--password-stdin",
            ],
            "short\n",
            "too weak",
        ),
        (vec!["org", "add", "--name", "No MPN"], "", "--mpn"),
        (vec!["org", "add", "--name", "Bad", "--mpn", "12 34"], "", "is not an MPN ID"),
        (vec!["frobnicate"], "", "unrecognized subcommand"),
    ];
    for (args, stdin, reason) in cases {
        let output = cpor(&app, &args, stdin);
        let err = stderr(&output);
        assert!(!output.status.success(), "{args:?} should fail");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line, got {err:?}");
        assert!(err.contains(reason), "{args:?}: {err:?} should mention {reason:?}");
    }
}

/// Runs `cpor` with these arguments and environment only (no test app), returning its output.
fn cpor_alone(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cpor"));
    command.args(args).env_remove("CPOR_DATABASE_URL").env_remove("CPOR_DATA_DIR").env_remove("CPOR_BIND");
    for (k, v) in env {
        command.env(k, v);
    }
    command.stdin(Stdio::null()).output().expect("run cpor")
}

/// A start-up failure: its exit code, and the two lines it printed.
fn failure(output: &Output) -> (Option<i32>, String) {
    let text = stderr(output);
    assert_eq!(text.lines().count(), 2, "what failed and why, then what to do: {text}");
    assert!(text.starts_with("error: "), "{text}");
    (output.status.code(), text)
}

#[test]
fn a_port_in_use_names_the_address_and_says_to_choose_another() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = taken.local_addr().expect("addr").to_string();
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().display().to_string();
    let (code, text) = failure(&cpor_alone(&["serve", "--bind", &address], &[("CPOR_DATA_DIR", &data)]));
    assert_eq!(code, Some(4), "{text}");
    assert!(text.contains(&format!("cannot listen on {address}")) && text.contains("--bind"), "{text}");
}

#[test]
fn a_data_directory_that_cannot_be_made_is_named_with_what_to_do() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").expect("file");
    let data = file.join("data").display().to_string();
    for command in [&["migrate"][..], &["serve", "--bind", "127.0.0.1:0"][..]] {
        let (code, text) = failure(&cpor_alone(command, &[("CPOR_DATA_DIR", &data)]));
        assert_eq!(code, Some(3), "{text}");
        assert!(text.contains(&data) && text.contains("write access"), "{text}");
    }
}

#[test]
fn an_sqlite_file_in_a_missing_directory_is_named() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("missing").join("cpor.sqlite3");
    let url = format!("sqlite://{}", path.display());
    let data = dir.path().display().to_string();
    let (code, text) = failure(&cpor_alone(&["migrate", "--database-url", &url], &[("CPOR_DATA_DIR", &data)]));
    assert_eq!(code, Some(3), "{text}");
    assert!(text.contains(&path.display().to_string()) && text.contains("does not exist"), "{text}");
}

#[test]
fn an_unreachable_postgresql_fails_at_once_naming_host_and_port_but_no_password() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = free.local_addr().expect("addr").port();
    drop(free);
    let url = format!("postgres://cpor:s3cret-password@127.0.0.1:{port}/cpor");
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().display().to_string();
    let (code, text) = failure(&cpor_alone(&["migrate", "--database-url", &url], &[("CPOR_DATA_DIR", &data)]));
    assert_eq!(code, Some(5), "{text}");
    assert!(text.contains(&format!("127.0.0.1:{port}")) && text.contains("is PostgreSQL running"), "{text}");
    assert!(text.contains("database cpor") && !text.contains("s3cret"), "{text}");
}

#[test]
fn a_missing_postgresql_database_says_how_to_create_it() {
    // Needs a PostgreSQL server: it runs in the PostgreSQL pass of the test command.
    let Ok(admin) = std::env::var("CPOR_TEST_DATABASE_URL") else { return };
    let (server, _) = admin.rsplit_once('/').expect("url");
    let url = format!("{server}/no_such_cpor_database");
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().display().to_string();
    let (code, text) = failure(&cpor_alone(&["migrate", "--database-url", &url], &[("CPOR_DATA_DIR", &data)]));
    assert_eq!(code, Some(6), "{text}");
    assert!(text.contains("no_such_cpor_database") && text.contains("createdb no_such_cpor_database"), "{text}");
}

/// `cpor serve` as a real process on a free port, with `args` added: the process and its address.
fn serve(app: &TestApp, args: &[&str], logs: Stdio) -> (std::process::Child, String) {
    serve_in(app, app.data_dir.path(), args, &[], logs)
}

/// `cpor serve` on the app's database with a data directory and environment of its own, as one
/// of several instances would run: the process and its address.
pub fn serve_in(
    app: &TestApp,
    data_dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    logs: Stdio,
) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_cpor"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(args)
        .env("CPOR_DATA_DIR", data_dir)
        .env("CPOR_DATABASE_URL", database_url(app))
        .env("CPOR_STORAGE_URL", app.state.settings.storage_url.clone().unwrap_or_default())
        .envs(env.iter().copied())
        .env_remove("CPOR_LOG")
        .stdout(Stdio::piped())
        .stderr(logs)
        .spawn()
        .expect("cpor serve");
    let stdout = child.stdout.take().expect("stdout");
    let address = std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| line.split("listening on ").nth(1).map(str::to_owned))
        .expect("the address it listens on");
    (child, address)
}

#[tokio::test]
async fn serve_logs_one_json_line_per_request_with_the_id_it_returns() {
    let app = spawn_app().await;
    let (mut child, address) = serve(&app, &["--log-format", "json"], Stdio::piped());
    let response = reqwest::get(format!("{address}/ready")).await.expect("ready");
    let id = response.headers().get("x-request-id").and_then(|v| v.to_str().ok()).expect("a request id").to_owned();
    let _ = child.kill();
    let output = child.wait_with_output().expect("stopped");
    let logs = String::from_utf8_lossy(&output.stderr);
    let line = logs.lines().find(|l| l.contains(&id)).unwrap_or_else(|| panic!("a log line with {id}: {logs}"));
    let object: serde_json::Value = serde_json::from_str(line).expect("one JSON object a line");
    assert!(object["span"]["http.route"].as_str().is_some_and(|r| r == "/ready") || line.contains("/ready"), "{line}");
}

#[tokio::test]
async fn serve_stops_cleanly_on_sigterm() {
    let app = spawn_app().await;
    let (mut child, address) = serve(&app, &[], Stdio::null());
    assert_eq!(reqwest::get(format!("{address}/ready")).await.expect("ready").status(), reqwest::StatusCode::OK);
    let term = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(term.success());
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(40), "stopped within the grace period");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(status.success(), "a clean stop: {status:?}");
    assert!(reqwest::get(format!("{address}/health")).await.is_err(), "no longer accepting");
}
