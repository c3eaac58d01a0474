//! PoE uploads, storage, downloads and removal.

use crate::files;
use crate::helpers::*;
use reqwest::StatusCode;

/// Uploads files (name, bytes, description) to a claim the way the browser form does.
pub async fn upload(client: &Client, claim: &str, files: &[(&str, Vec<u8>, &str)]) -> Page {
    let mut form = reqwest::multipart::Form::new().text("csrf_token", client.csrf());
    for (i, (name, bytes, description)) in files.iter().enumerate() {
        let part =
            reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()).mime_str("application/octet-stream").expect("mime");
        form = form.part(format!("file-{}", i + 1), part).text(format!("description-{}", i + 1), description.to_string());
    }
    send(client, claim, form).await
}

pub async fn send(client: &Client, claim: &str, form: reqwest::multipart::Form) -> Page {
    let response = client.http.post(format!("{}/claims/{claim}/poe", client.base())).multipart(form).send().await.expect("upload");
    let status = response.status();
    let headers = response.headers().clone();
    Page { status, headers, body: response.text().await.unwrap_or_default() }
}

async fn file_rows(app: &TestApp) -> i64 {
    cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM poe_files").fetch_one(pool).await)
        .expect("count")
}

/// The download links on a claim page.
pub fn download_links(html: &str, claim: &str) -> Vec<String> {
    let marker = format!("href=\"/claims/{claim}/poe/");
    html.split(&marker)
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|id| !id.contains('/'))
        .map(|id| format!("/claims/{claim}/poe/{id}"))
        .collect()
}

#[tokio::test]
async fn every_accepted_kind_is_stored_listed_and_downloaded_intact() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::IncentivesAdmin).await;
    let samples = vec![
        ("signed.pdf", files::pdf(), "Signed PoE"),
        ("Word PoE.docx", files::docx(), "Statement of work"),
        ("usage.xlsx", files::xlsx(), ""),
        ("kickoff.pptx", files::pptx(), ""),
        ("photo.png", files::png(), ""),
        ("scan.jpg", files::jpeg(), ""),
        ("approval.eml", files::eml(), "Customer's e-mail"),
        ("approval.msg", files::msg(), ""),
    ];
    let response = upload(&client, &claim, &samples).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert_eq!(response.location(), format!("/claims/{claim}?uploaded=8#poe"));
    let page = client.get(&format!("/claims/{claim}?uploaded=8")).await.body;
    assert!(page.contains("8 files were uploaded."));
    for kind in
        ["PDF", "Word (.docx)", "Excel (.xlsx)", "PowerPoint (.pptx)", "PNG image", "JPEG image", "E-mail (.eml)", "Outlook message (.msg)"]
    {
        assert!(page.contains(kind), "{kind} listed");
    }
    assert!(page.contains("Signed PoE") && page.contains("Statement of work"), "descriptions shown");
    let links = download_links(&page, &claim);
    assert_eq!(links.len(), 8, "{links:?}");
    for (name, bytes, _) in &samples {
        let mut found = false;
        for link in &links {
            let response = client.http.get(app.url(link)).send().await.expect("download");
            let disposition = response.headers()["content-disposition"].to_str().expect("ascii").to_string();
            if !disposition.contains(&urlencoded(name)) {
                continue;
            }
            found = true;
            assert!(disposition.starts_with("attachment;"), "{disposition}");
            assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
            assert_eq!(response.headers()["x-content-type-options"], "nosniff");
            assert!(response.headers()["content-security-policy"].to_str().expect("csp").contains("sandbox"));
            assert_eq!(response.bytes().await.expect("bytes").to_vec(), *bytes, "{name} comes back intact");
        }
        assert!(found, "{name} downloadable");
    }
    let sha = cpor_portal::with_db!(&app.db, pool => sqlx::query_scalar::<_, String>("SELECT sha256 FROM poe_files WHERE file_name = 'signed.pdf'").fetch_one(pool).await).expect("sha");
    use sha2::Digest;
    assert_eq!(sha, hex::encode(sha2::Sha256::digest(files::pdf())), "the SHA-256 is recorded");
}

fn urlencoded(name: &str) -> String {
    name.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[tokio::test]
async fn every_refused_kind_explains_itself_and_leaves_nothing() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::GlobalAdmin).await;
    let cases = vec![
        ("invoice.pdf", files::exe(), "This kind of file is not accepted."),
        ("page.pdf", files::html(), "This kind of file is not accepted."),
        ("logo.svg", files::svg(), "This kind of file is not accepted."),
        ("bundle.docx", files::plain_zip(), "This kind of file is not accepted."),
        ("bundle.zip", files::plain_zip(), "This kind of file is not accepted."),
        ("old.msg", files::old_word(), "This kind of file is not accepted."),
        ("empty.pdf", Vec::new(), "The file is empty."),
        ("photo.pdf", files::png(), "does not match its content"),
        ("signed", files::pdf(), "does not match its content"),
        ("run.sh", b"#!/bin/sh\nrm -rf /\n".to_vec(), "This kind of file is not accepted."),
    ];
    for (name, bytes, message) in cases {
        let response = upload(&client, &claim, &[(name, bytes, "")]).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(response.body.contains(name) && response.body.contains(message), "{name}: {message}");
        assert!(
            response.body.contains("Accepted: PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG image, JPEG image"),
            "{name}: names what is accepted"
        );
    }
    assert_eq!(file_rows(&app).await, 0);
    assert!(app.poe().keys().await.is_empty(), "nothing in the store");
    assert_eq!(app.poe().incoming_count(), 0, "no temporary file left");
}

#[tokio::test]
async fn one_bad_file_refuses_the_whole_upload() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::GlobalAdmin).await;
    let response = upload(&client, &claim, &[("good.pdf", files::pdf(), ""), ("bad.pdf", files::exe(), "")]).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("bad.pdf") && !response.body.contains("<strong>good.pdf</strong>"));
    assert_eq!(file_rows(&app).await, 0);
    assert!(app.poe().keys().await.is_empty());
}

#[tokio::test]
async fn an_upload_without_files_asks_for_one() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::GlobalAdmin).await;
    let response = upload(&client, &claim, &[]).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Choose at least one file to upload."));
}

#[tokio::test]
async fn limits_answer_413_with_a_readable_page_and_store_nothing() {
    let app = spawn_app_with(|s| {
        s.upload_limits = cpor_portal::domain::poe::UploadLimits { max_file_bytes: 4096, max_files_per_claim: 3, max_claim_bytes: 10_000 };
    })
    .await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::GlobalAdmin).await;
    let mut big = files::pdf();
    big.extend(vec![b' '; 5000]);
    let response = upload(&client, &claim, &[("big.pdf", big, "")]).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.body.contains("A file is larger than the limit."));
    assert!(response.body.contains("Each file may be up to"), "the limits are explained");
    assert_eq!(file_rows(&app).await, 0);

    let mut three_k = files::pdf();
    three_k.extend(vec![b' '; 3000]);
    let response = upload(
        &client,
        &claim,
        &[("a.pdf", three_k.clone(), ""), ("b.pdf", three_k.clone(), ""), ("c.pdf", three_k.clone(), ""), ("d.pdf", files::pdf(), "")],
    )
    .await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE, "four files where three are allowed");
    assert_eq!(file_rows(&app).await, 0);

    assert_eq!(
        upload(&client, &claim, &[("a.pdf", three_k.clone(), ""), ("b.pdf", three_k.clone(), "")]).await.status,
        StatusCode::SEE_OTHER
    );
    let response = upload(&client, &claim, &[("c.pdf", three_k.clone(), ""), ("d.pdf", files::pdf(), "")]).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE, "the claim would hold four files");
    let response = upload(&client, &claim, &[("c.pdf", three_k.clone(), ""), ("d.pdf", files::pdf(), "")]).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    let mut four_k = files::pdf();
    four_k.extend(vec![b' '; 3900]);
    let response = upload(&client, &claim, &[("c.pdf", four_k, "")]).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE, "the claim would hold more than 10,000 bytes");
    assert!(response.body.contains("total size limit"));
    assert_eq!(file_rows(&app).await, 2, "only the accepted upload");
    assert_eq!(app.poe().keys().await.len(), 2);
    assert_eq!(app.poe().incoming_count(), 0);
}

#[tokio::test]
async fn an_upload_without_its_token_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::GlobalAdmin).await;
    let part = || reqwest::multipart::Part::bytes(files::pdf()).file_name("a.pdf");
    let no_token = reqwest::multipart::Form::new().part("file-1", part());
    assert_eq!(send(&client, &claim, no_token).await.status, StatusCode::FORBIDDEN);
    let wrong = reqwest::multipart::Form::new().text("csrf_token", "f".repeat(64)).part("file-1", part());
    assert_eq!(send(&client, &claim, wrong).await.status, StatusCode::FORBIDDEN);
    let late = reqwest::multipart::Form::new().part("file-1", part()).text("csrf_token", client.csrf());
    assert_eq!(send(&client, &claim, late).await.status, StatusCode::FORBIDDEN, "the token must come before the files");
    assert_eq!(file_rows(&app).await, 0);
    assert!(app.poe().keys().await.is_empty());
    assert_eq!(app.poe().incoming_count(), 0);
}

#[tokio::test]
async fn only_partners_who_edit_may_upload_and_only_to_their_orgs_claims() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    for (caller, expected) in [
        (Caller::BillingAdmin, StatusCode::FORBIDDEN),
        (Caller::Reviewer, StatusCode::FORBIDDEN),
        (Caller::OtherOrgAdmin, StatusCode::NOT_FOUND),
        (Caller::Anonymous, StatusCode::SEE_OTHER),
    ] {
        let client = app.client(caller).await;
        assert_eq!(upload(&client, &claim, &[("a.pdf", files::pdf(), "")]).await.status, expected, "{caller:?}");
    }
    assert_eq!(file_rows(&app).await, 0);
}

#[tokio::test]
async fn downloads_follow_the_claims_visibility() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let owner = app.person(Caller::IncentivesAdmin).await;
    upload(&owner, &claim, &[("a.pdf", files::pdf(), "")]).await;
    let link = download_links(&owner.get(&format!("/claims/{claim}")).await.body, &claim).remove(0);
    for (caller, expected) in [
        (Caller::GlobalAdmin, StatusCode::OK),
        (Caller::IncentivesAdmin, StatusCode::OK),
        (Caller::BillingAdmin, StatusCode::OK),
        (Caller::OtherOrgAdmin, StatusCode::NOT_FOUND),
        (Caller::Reviewer, StatusCode::NOT_FOUND),
        (Caller::Anonymous, StatusCode::SEE_OTHER),
    ] {
        assert_eq!(app.client(caller).await.get(&link).await.status, expected, "{caller:?} while Editing");
    }
    crate::submit::submit_ok(&owner, &claim).await;
    assert_eq!(app.person(Caller::Reviewer).await.get(&link).await.status, StatusCode::OK, "a reviewer once submitted");
    assert_eq!(app.person(Caller::OtherOrgAdmin).await.get(&link).await.status, StatusCode::NOT_FOUND);
    let other = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let id = link.rsplit('/').next().expect("id");
    assert_eq!(owner.get(&format!("/claims/{other}/poe/{id}")).await.status, StatusCode::NOT_FOUND, "a file only under its own claim");
}

#[tokio::test]
async fn files_can_be_removed_while_editing_and_are_kept_after_submission() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::IncentivesAdmin).await;
    upload(&client, &claim, &[("first.pdf", files::pdf(), ""), ("second.pdf", files::pdf(), "")]).await;
    let links = download_links(&client.get(&format!("/claims/{claim}")).await.body, &claim);
    let removed = client.post(&format!("{}/remove", links[0]), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(file_rows(&app).await, 1);
    assert_eq!(app.poe().keys().await.len(), 1, "the bytes went with the row");
    assert_eq!(client.post(&format!("{}/remove", links[0]), &[]).await.status, StatusCode::NOT_FOUND, "a second click finds nothing");

    crate::submit::submit_ok(&client, &claim).await;
    let kept = client.post(&format!("{}/remove", links[1]), &[]).await;
    assert_eq!(kept.status, StatusCode::CONFLICT);
    assert!(kept.body.contains("kept as evidence"));
    app.clock.advance(chrono::Duration::minutes(10));
    assert_eq!(upload(&client, &claim, &[("newer.pdf", files::pdf(), "Countersigned")]).await.status, StatusCode::SEE_OTHER);
    let page = client.get(&format!("/claims/{claim}")).await.body;
    assert_eq!(download_links(&page, &claim).len(), 2, "the old file stays beside the new one");
    let newest = page.find("Newest").expect("a newest badge");
    assert!(page[..newest].contains("newer.pdf") && !page[..newest].contains("second.pdf"), "the newest is marked");
    assert!(!page.contains(">Remove<"), "no remove buttons after submission");
}

#[tokio::test]
async fn deleting_a_claim_in_editing_deletes_its_files() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::GlobalAdmin).await;
    upload(&client, &claim, &[("a.pdf", files::pdf(), "")]).await;
    assert_eq!(client.post(&format!("/claims/{claim}/delete"), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(file_rows(&app).await, 0);
    assert!(app.poe().keys().await.is_empty());
}

#[tokio::test]
async fn a_crash_between_file_and_row_leaves_an_orphan_the_sweep_removes() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = app.person(Caller::GlobalAdmin).await;
    upload(&client, &claim, &[("kept.pdf", files::pdf(), "")]).await;
    app.poe().simulate_crash_before_row(true);
    let response = upload(&client, &claim, &[("lost.pdf", files::pdf(), "")]).await;
    assert_eq!(response.status, StatusCode::INTERNAL_SERVER_ERROR);
    app.poe().simulate_crash_before_row(false);
    assert_eq!(file_rows(&app).await, 1, "no row for the interrupted upload");
    assert_eq!(app.poe().keys().await.len(), 2, "its file is on disk, as after a power cut");
    let removed = app.poe().sweep(&app.db, std::time::Duration::ZERO).await.expect("sweep");
    assert_eq!(removed, 1);
    let keys = app.poe().keys().await;
    assert_eq!(keys.len(), 1, "the file with a row survives");
    let link = download_links(&client.get(&format!("/claims/{claim}")).await.body, &claim).remove(0);
    assert_eq!(client.get(&link).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_sweep_spares_recent_files_and_clears_stale_temporaries() {
    let app = spawn_app().await;
    let mut orphan = app.poe().incoming_file().await.expect("staging");
    tokio::io::AsyncWriteExt::write_all(&mut orphan.file, b"%PDF-1.7").await.expect("write");
    app.poe().persist(orphan, &cpor_portal::storage::PoeStore::new_key("CP-STRA-Y000")).await.expect("an object without a row");
    std::fs::write(app.data_dir.path().join("poe-incoming").join("half-upload"), b"%PDF-1").expect("temporary");
    assert_eq!(app.poe().sweep(&app.db, std::time::Duration::from_secs(3600)).await.expect("sweep"), 0, "an hour's grace");
    assert_eq!(app.poe().sweep(&app.db, std::time::Duration::ZERO).await.expect("sweep"), 2);
    assert!(app.poe().keys().await.is_empty());
    assert_eq!(app.poe().incoming_count(), 0);
}

#[tokio::test]
async fn the_printable_template_is_filled_from_the_claim() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let page = app.person(Caller::BillingAdmin).await.get(&format!("/claims/{claim}/poe-template")).await;
    assert_eq!(page.status, StatusCode::OK);
    for expected in [
        "Proof of Execution",
        "Contoso Ltd",
        "8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c",
        "Microsoft Teams",
        "Exchange Online",
        "Fabrikam Partners",
        "1234567",
        "Deployed Teams to 400 seats",
        "Ana Lopez",
        "Signature",
        "1 Oct 2026",
    ] {
        assert!(page.body.contains(expected), "{expected}");
    }
    assert_eq!(app.person(Caller::OtherOrgAdmin).await.get(&format!("/claims/{claim}/poe-template")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_aborted_upload_leaves_nothing_behind() {
    use std::io::Write;
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let client = Client::new(&app);
    let session = crate::sign_in::session_value(&client.sign_in(Caller::GlobalAdmin.email(), PASSWORD).await);
    client.refresh_csrf().await;
    let boundary = "cporboundary";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file-1\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n",
        client.csrf()
    );
    let address = app.address.trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&address).expect("connect");
    let request = format!(
        "POST /claims/{claim}/poe HTTP/1.1\r\nHost: {address}\r\nCookie: cpor_session={session}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 5000000\r\n\r\n{head}"
    );
    stream.write_all(request.as_bytes()).expect("headers");
    stream.write_all(&vec![b'x'; 200_000]).expect("part of the file");
    stream.flush().expect("flush");
    // Wait (bounded) until the server is writing the upload, then cut the connection.
    let mut started = false;
    for _ in 0..200 {
        if app.poe().incoming_count() > 0 {
            started = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(started, "the upload was being received");
    drop(stream);
    let mut cleaned = false;
    for _ in 0..200 {
        if app.poe().incoming_count() == 0 {
            cleaned = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(cleaned, "the partial file was removed");
    assert_eq!(file_rows(&app).await, 0);
    assert!(app.poe().keys().await.is_empty());
}

#[tokio::test]
async fn a_reviewer_previews_a_pdf_and_an_image_without_downloading() {
    let app = spawn_app().await;
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    let owner = app.person(Caller::IncentivesAdmin).await;
    let mut jpeg = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(2400, 1200, image::Rgb([20, 90, 160])).write_to(&mut jpeg, image::ImageFormat::Jpeg).expect("jpeg");
    let uploaded = upload(
        &owner,
        &claim,
        &[
            ("signed.pdf", cpor_portal::demo::DEMO_PDF.to_vec(), "Signed PoE"),
            ("photo.jpg", jpeg.into_inner(), "Whiteboard"),
            ("broken.pdf", crate::files::pdf(), ""),
        ],
    )
    .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER);
    assert_eq!(owner.submit(&claim).await.status, StatusCode::SEE_OTHER);
    let ids: Vec<(i64, String)> =
        cpor_portal::with_db!(&app.db, pool => sqlx::query_as("SELECT id, file_name FROM poe_files ORDER BY id").fetch_all(pool).await)
            .expect("files");
    let id_of = |name: &str| ids.iter().find(|(_, n)| n == name).map(|(id, _)| *id).expect("file");
    let reviewer = app.person(Caller::Reviewer).await;
    assert!(reviewer.get(&format!("/claims/{claim}")).await.body.contains(&format!("/poe/{}/preview", id_of("signed.pdf"))));

    let pdf = reviewer.get(&format!("/claims/{claim}/poe/{}/preview", id_of("signed.pdf"))).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.contains("alt=\"Page 1\""), "{}", pdf.body);
    let page = reviewer.http.get(app.url(&format!("/claims/{claim}/poe/{}/preview/1", id_of("signed.pdf")))).send().await.expect("page");
    assert_eq!(page.headers()["content-type"], "image/png");
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    assert!(page.headers()["content-security-policy"].to_str().unwrap_or_default().contains("sandbox"));
    let png = page.bytes().await.expect("bytes");
    assert!(image::load_from_memory_with_format(&png, image::ImageFormat::Png).is_ok(), "a PNG the portal rendered");
    assert_eq!(reviewer.get(&format!("/claims/{claim}/poe/{}/preview/2", id_of("signed.pdf"))).await.status, StatusCode::NOT_FOUND);

    let photo = reviewer.http.get(app.url(&format!("/claims/{claim}/poe/{}/preview/1", id_of("photo.jpg")))).send().await.expect("photo");
    assert_eq!(photo.headers()["content-type"], "image/png", "an image is encoded again, never sent as uploaded");
    let photo = image::load_from_memory(&photo.bytes().await.expect("bytes")).expect("png");
    assert!(photo.width() <= 1400 && photo.height() <= 1400);

    let broken = reviewer.get(&format!("/claims/{claim}/poe/{}/preview", id_of("broken.pdf"))).await;
    assert!(broken.body.contains("cannot be shown in the page"), "a file that cannot be rendered says so");
    let other = app.client(Caller::OtherOrgAdmin).await;
    assert_eq!(other.get(&format!("/claims/{claim}/poe/{}/preview", id_of("signed.pdf"))).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(&format!("/claims/{claim}/poe/{}/preview/1", id_of("signed.pdf"))).await.status, StatusCode::NOT_FOUND);
}

/// An upload the store cannot take: a clean 503 page, no row, nothing left behind, and every file
/// acknowledged before still there.
async fn refused_upload(app: &TestApp, client: &Client, claim: &str) {
    let rows = file_rows(app).await;
    let response = upload(client, claim, &[("refused.pdf", files::pdf(), "")]).await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.body.contains("cannot store files right now"), "{}", response.body);
    assert_eq!(file_rows(app).await, rows, "nothing recorded");
    assert_eq!(app.poe().incoming_count(), 0, "no temporary file left");
}

#[tokio::test]
async fn a_full_disk_or_a_refusing_store_gets_a_clean_error_and_loses_nothing() {
    use cpor_portal::storage::StorageLocation;
    let app = spawn_app().await;
    let owner = app.person(Caller::IncentivesAdmin).await;
    let kept = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    assert_eq!(owner.upload_pdf(&kept).await.status, StatusCode::SEE_OTHER);
    let claim = app.insert_claim(app.seed.org_a, valid_claim_form()).await;
    // This instance's staging disk takes no more bytes.
    let staging = app.data_dir.path().join("poe-incoming");
    std::fs::remove_dir_all(&staging).expect("remove");
    std::fs::write(&staging, b"full").expect("block");
    refused_upload(&app, &owner, &claim).await;
    std::fs::remove_file(&staging).expect("unblock");
    std::fs::create_dir(&staging).expect("restore");
    // The store refuses the write itself: a folder that cannot be made, or a bucket that says no.
    match app.poe().location() {
        StorageLocation::Files(root) => {
            std::fs::create_dir_all(root.join("claims")).expect("claims");
            std::fs::write(root.join("claims").join(&claim), b"in the way").expect("block");
            refused_upload(&app, &owner, &claim).await;
            std::fs::remove_file(root.join("claims").join(&claim)).expect("unblock");
        }
        StorageLocation::Bucket { .. } => {
            // A store that refuses this instance's writes: its credentials are no longer accepted.
            // (nextest runs each test in a process of its own, so no other test sees the change.)
            let secret = std::env::var("AWS_SECRET_ACCESS_KEY").expect("the test server's secret");
            unsafe { std::env::set_var("AWS_SECRET_ACCESS_KEY", "revoked") };
            let gone = spawn_app().await;
            unsafe { std::env::set_var("AWS_SECRET_ACCESS_KEY", secret) };
            let other = gone.insert_claim(gone.seed.org_a, valid_claim_form()).await;
            refused_upload(&gone, &gone.client(Caller::IncentivesAdmin).await, &other).await;
            assert_eq!(Client::new(&gone).get("/ready").await.status, StatusCode::SERVICE_UNAVAILABLE);
        }
    }
    // What was acknowledged is there, and uploads work again.
    let link = download_links(&owner.get(&format!("/claims/{kept}")).await.body, &kept).remove(0);
    assert_eq!(owner.get(&link).await.status, StatusCode::OK);
    assert_eq!(owner.upload_pdf(&claim).await.status, StatusCode::SEE_OTHER);
}
