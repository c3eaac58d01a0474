//! Several instances of the portal on one database and one PoE store, behind a real load balancer
//! (HAProxy, installed by scripts/install-test-deps.sh): claims and uploads go through all of
//! them, one is killed with SIGKILL under load, and every acknowledged write and every file is
//! found through the others. On the PostgreSQL pass the store is the S3-compatible server; on the
//! SQLite pass it is one directory the instances share.

use crate::cli::serve_in;
use crate::helpers::*;
use reqwest::StatusCode;
use sha2::{Digest, Sha256};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A process that is killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("address").port()
}

/// HAProxy in front of `backends`, asking each `/ready` every 200 ms; a request that cannot reach
/// an instance is sent to another (never one that reached it: a POST is not replayed).
fn load_balancer(dir: &std::path::Path, backends: &[String]) -> (Running, String) {
    let port = free_port();
    let servers: String = backends
        .iter()
        .enumerate()
        .map(|(i, address)| format!("  server portal{i} {} check\n", address.trim_start_matches("http://")))
        .collect();
    let config = format!(
        "global\n  maxconn 512\n\
         defaults\n  mode http\n  timeout connect 2s\n  timeout client 60s\n  timeout server 60s\n  retries 3\n  option redispatch\n  retry-on conn-failure\n\
         frontend portal\n  bind 127.0.0.1:{port}\n  default_backend portals\n\
         backend portals\n  balance roundrobin\n  option httpchk GET /ready\n  http-check expect status 200\n  default-server inter 200ms fall 2 rise 2\n{servers}"
    );
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, config).expect("haproxy.cfg");
    let child = Command::new("haproxy")
        .args(["-f", path.to_str().expect("path"), "-db"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("haproxy (scripts/install-test-deps.sh installs it)");
    (Running(child), format!("http://127.0.0.1:{port}"))
}

async fn wait_until_ready(base: &str) {
    let started = Instant::now();
    loop {
        if let Ok(response) = reqwest::get(format!("{base}/ready")).await
            && response.status() == StatusCode::OK
        {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{base} became ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A PDF no other upload has, so that each download can be matched to its upload.
fn unique_pdf(padding: usize) -> Vec<u8> {
    let mut bytes = format!("%PDF-1.7\n% {}\n", uuid::Uuid::new_v4()).into_bytes();
    bytes.extend(std::iter::repeat_n(b'%', padding));
    bytes.extend_from_slice(b"\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    bytes
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn signed_in(base: &str, caller: Caller) -> Client {
    let client = Client::at(base);
    assert_eq!(client.sign_in(caller.email(), PASSWORD).await.status, StatusCode::SEE_OTHER, "{caller:?} signs in through {base}");
    client.refresh_csrf().await;
    client
}

/// Creates a claim through the pages: its ID once acknowledged.
async fn create_claim(client: &Client) -> Option<String> {
    let mut form = valid_claim_form();
    form.push(("csrf_token".into(), client.csrf()));
    let response = client.http.post(format!("{}/claims/new", client.base())).form(&form).send().await.ok()?;
    let location = response.headers().get("location")?.to_str().ok()?.to_owned();
    (response.status() == StatusCode::SEE_OTHER).then(|| claim_id_from_location(&location))
}

/// Uploads a PDF as the browser form does: whether it was acknowledged.
async fn upload(client: &Client, claim: &str, pdf: Vec<u8>) -> bool {
    let part = reqwest::multipart::Part::bytes(pdf).file_name("signed.pdf").mime_str("application/pdf").expect("mime");
    let form = reqwest::multipart::Form::new().text("csrf_token", client.csrf()).part("file-1", part).text("description-1", "");
    let sent = client.http.post(format!("{}/claims/{claim}/poe", client.base())).multipart(form).send().await;
    sent.is_ok_and(|response| response.status() == StatusCode::SEE_OTHER)
}

/// What the load acknowledged: claims created, and each upload's claim with its file's SHA-256.
#[derive(Default)]
struct Acknowledged {
    claims: Vec<String>,
    files: Vec<(String, String)>,
}

#[tokio::test]
async fn three_instances_behind_a_load_balancer_lose_nothing_when_one_is_killed() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("dir");
    // One store for all: the test bucket's prefix of this app, or its data directory's.
    let storage = app.state.settings.storage_url.clone().unwrap_or_else(|| format!("file://{}", app.data_dir.path().join("poe").display()));
    let session_key = hex::encode((0..64).map(|_| rand::random::<u8>()).collect::<Vec<u8>>());
    let env = [("CPOR_STORAGE_URL", storage.as_str()), ("CPOR_SESSION_KEY", session_key.as_str())];
    let mut instances = Vec::new();
    let mut addresses = Vec::new();
    for n in 0..3 {
        let data = dir.path().join(format!("instance-{n}"));
        std::fs::create_dir_all(&data).expect("data dir");
        let (child, address) = serve_in(&app, &data, &[], &env, Stdio::null());
        instances.push(Running(child));
        addresses.push(address);
    }
    for address in &addresses {
        wait_until_ready(address).await;
    }
    let (_haproxy, lb) = load_balancer(dir.path(), &addresses);
    wait_until_ready(&lb).await;

    // A PoE uploaded through one instance downloads through another; a large one goes to the
    // store in parts.
    let first = signed_in(&addresses[0], Caller::IncentivesAdmin).await;
    let created = first.post("/claims/new", &valid_claim_form()).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let claim = claim_id_from_location(created.location());
    let large = unique_pdf(20 << 20);
    let uploaded = crate::poe::upload(&first, &claim, &[("large.pdf", large.clone(), "Signed PoE")]).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let third = signed_in(&addresses[2], Caller::GlobalAdmin).await;
    let page = third.get(&format!("/claims/{claim}")).await;
    let link = crate::poe::download_links(&page.body, &claim).remove(0);
    let download = third.http.get(format!("{}{link}", third.base())).send().await.expect("download");
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(sha256(&download.bytes().await.expect("bytes")), sha256(&large), "the same bytes through another instance");

    // Load through the balancer from four people at once; one instance is killed meanwhile.
    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let after_kill = Arc::new(AtomicUsize::new(0));
    let killed = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for caller in [Caller::IncentivesAdmin, Caller::GlobalAdmin, Caller::IncentivesAdmin, Caller::GlobalAdmin] {
        let client = signed_in(&lb, caller).await;
        let (acknowledged, stop, after_kill, killed) = (acknowledged.clone(), stop.clone(), after_kill.clone(), killed.clone());
        workers.push(tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                // Only a redirect is an acknowledgement; an error page or a connection cut by the
                // killed instance is not.
                let Some(claim) = create_claim(&client).await else { continue };
                acknowledged.lock().expect("lock").claims.push(claim.clone());
                let pdf = unique_pdf(0);
                if upload(&client, &claim, pdf.clone()).await {
                    acknowledged.lock().expect("lock").files.push((claim, sha256(&pdf)));
                }
                if killed.load(Ordering::SeqCst) {
                    after_kill.fetch_add(1, Ordering::SeqCst);
                }
            }
        }));
    }
    let started = Instant::now();
    while acknowledged.lock().expect("lock").files.len() < 20 {
        assert!(started.elapsed() < Duration::from_secs(60), "the load got going");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let victim = &mut instances[1].0;
    victim.kill().expect("SIGKILL");
    victim.wait().expect("killed");
    killed.store(true, Ordering::SeqCst);
    let started = Instant::now();
    while after_kill.load(Ordering::SeqCst) < 40 {
        assert!(started.elapsed() < Duration::from_secs(60), "the other instances kept serving");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::SeqCst);
    for worker in workers {
        worker.await.expect("worker");
    }

    // Every acknowledged claim and file, through what is left.
    let acknowledged = std::mem::take(&mut *acknowledged.lock().expect("lock"));
    let checker = signed_in(&lb, Caller::GlobalAdmin).await;
    for claim in &acknowledged.claims {
        assert_eq!(checker.get(&format!("/claims/{claim}")).await.status, StatusCode::OK, "{claim} was acknowledged");
    }
    for (claim, expected) in &acknowledged.files {
        let page = checker.get(&format!("/claims/{claim}")).await;
        let links = crate::poe::download_links(&page.body, claim);
        assert_eq!(links.len(), 1, "{claim} has its file");
        let response = checker.http.get(format!("{lb}{}", links[0])).send().await.expect("download");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(&sha256(&response.bytes().await.expect("bytes")), expected, "{claim}'s file is intact");
    }
    assert!(acknowledged.files.len() >= 60, "{} uploads acknowledged", acknowledged.files.len());
}
