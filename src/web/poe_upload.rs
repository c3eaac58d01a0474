//! Uploading PoE files: a streamed multipart form, one or several files with a description each.
//! The CSRF token must come first; every file is written to a temporary file while its SHA-256 is
//! computed and the limits are enforced; types are judged by content; only when every file is
//! accepted are they made durable and recorded, all or nothing.

use super::allowed::require;
use super::error::AppError;
use super::form::comes_from_this_site;
use super::page::{Page, render, see_other};
use super::state::AppState;
use super::visitor::{SignedIn, Visitor};
use crate::auth::tokens::same_secret;
use crate::db::claims::{self, ClaimRecord, ClaimScope};
use crate::db::poe::{self, AddOutcome, NewPoeFile};
use crate::domain::allowed::ClaimAction;
use crate::domain::poe::{
    Content, MAX_CONTENT_TYPES_BYTES, MAX_ZIP_ENTRIES, PoeKind, Refusal, UploadLimits, ZipEntry, judge, office_kind, sniff,
};
use crate::domain::role::Permission;
use crate::domain::text::{self, Lines};
use crate::storage::IncomingFile;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use askama::Template;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// An upload that takes longer than this is abandoned and leaves nothing behind.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(15 * 60);
const HEAD_BYTES: usize = 8 * 1024;
const DESCRIPTION_CHARS: usize = 300;

/// Why an upload was refused, for the page that explains it.
#[derive(Template)]
#[template(path = "upload_refused.html")]
struct UploadRefusedPage {
    page: Page,
    claim_id: String,
    /// A problem of the whole upload (a limit), as a translation key.
    problem: Option<&'static str>,
    /// Files refused for their content: name and translation key.
    refused: Vec<(String, &'static str)>,
    accepted: String,
    limits: String,
}

struct Received {
    files: Vec<ReceivedFile>,
    descriptions: HashMap<String, String>,
}

struct ReceivedFile {
    index: String,
    name: String,
    incoming: IncomingFile,
    size: u64,
    sha256: String,
    head: Vec<u8>,
}

enum Stop {
    Csrf,
    /// A limit was passed: the translation key of which.
    TooLarge(&'static str),
    Malformed,
    Io(std::io::Error),
}

/// The names of accepted kinds, for messages.
fn accepted_kinds(page: &Page) -> String {
    PoeKind::ALL.iter().map(|k| page.t(k.label_key())).collect::<Vec<_>>().join(", ")
}

fn limits_text(page: &Page, limits: UploadLimits) -> String {
    use fluent_templates::fluent_bundle::FluentValue;
    page.locale.t_with(
        "poe-limits",
        &[
            ("file_mb", FluentValue::from((limits.max_file_bytes >> 20) as i64)),
            ("files", FluentValue::from(limits.max_files_per_claim as i64)),
            ("claim_mb", FluentValue::from((limits.max_claim_bytes >> 20) as i64)),
        ],
    )
}

fn refused_page(
    state: &AppState,
    visitor: &Visitor,
    claim: &ClaimRecord,
    status: StatusCode,
    problem: Option<&'static str>,
    refused: Vec<(String, &'static str)>,
) -> Result<HttpResponse, AppError> {
    let page = Page::new(visitor);
    let accepted = accepted_kinds(&page);
    let limits = limits_text(&page, state.settings.upload_limits);
    render(status, &UploadRefusedPage { page, claim_id: claim.public_id.clone(), problem, refused, accepted, limits })
}

#[post("/claims/{id}/poe")]
pub async fn upload(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    req: HttpRequest,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let claim = claims::find(&state.db, ClaimScope::Org(member.org_id), &path).await?.ok_or(AppError::NotFound)?;
    if !comes_from_this_site(req.headers(), state.settings.public_url.as_deref()) {
        return Err(AppError::CsrfRejected);
    }
    // Asked now so a refused upload is not streamed for nothing, and again when the files are
    // recorded, under the claim's write lock: the claim may move on while they stream.
    require(&state, &user, &claim, ClaimAction::UploadPoe)?;
    let limits = state.settings.upload_limits;
    let (count, bytes) = poe::usage(&state.db, claim.id).await?;
    let received =
        match tokio::time::timeout(UPLOAD_TIMEOUT, receive(&state, &user.visitor, payload, limits, count as u64, bytes as u64)).await {
            Err(_) => return Err(AppError::BadRequest("poe-upload-timeout")),
            Ok(Err(Stop::Csrf)) => return Err(AppError::CsrfRejected),
            Ok(Err(Stop::Malformed)) => return Err(AppError::BadRequest("error-page-bad-request")),
            Ok(Err(Stop::Io(e))) => return Err(AppError::Internal(e.into())),
            Ok(Err(Stop::TooLarge(key))) => {
                return refused_page(&state, &user.visitor, &claim, StatusCode::PAYLOAD_TOO_LARGE, Some(key), Vec::new());
            }
            Ok(Ok(received)) => received,
        };
    if received.files.is_empty() {
        return refused_page(&state, &user.visitor, &claim, StatusCode::UNPROCESSABLE_ENTITY, Some("poe-choose-file"), Vec::new());
    }
    let mut descriptions = HashMap::new();
    for file in &received.files {
        let typed = received.descriptions.get(&file.index).map(String::as_str).unwrap_or("");
        match text::optional(typed, DESCRIPTION_CHARS, Lines::One) {
            Ok(description) => descriptions.insert(file.index.clone(), description),
            Err(problem) => {
                let refused = vec![(file.name.clone(), problem.message_key())];
                return refused_page(&state, &user.visitor, &claim, StatusCode::UNPROCESSABLE_ENTITY, None, refused);
            }
        };
    }
    let mut accepted = Vec::new();
    let mut refused = Vec::new();
    for file in received.files {
        match kind_of(&file).await {
            Ok(kind) => accepted.push((kind, file)),
            Err(refusal) => refused.push((file.name.clone(), refusal.message_key())),
        }
    }
    if !refused.is_empty() {
        return refused_page(&state, &user.visitor, &claim, StatusCode::UNPROCESSABLE_ENTITY, None, refused);
    }
    let mut stored = Vec::new();
    for (kind, file) in accepted {
        let key = crate::storage::PoeStore::new_key(&claim.public_id);
        state.poe.persist(file.incoming, &key).await.map_err(anyhow::Error::from)?;
        let description = descriptions.remove(&file.index).unwrap_or_default();
        stored.push(NewPoeFile {
            storage_key: key,
            file_name: file.name,
            description,
            kind: kind.as_str().into(),
            size_bytes: file.size as i64,
            sha256: file.sha256,
        });
    }
    if state.poe.crashes_before_row() {
        return Err(AppError::Internal(anyhow::anyhow!("simulated crash between storing the files and recording them")));
    }
    let outcome = poe::add_files(&state.db, claim.id, &user.actor(), &stored, limits, &state.settings.durations, state.now()).await;
    if !matches!(outcome, Ok(AddOutcome::Added)) {
        for file in &stored {
            state.poe.delete(&file.storage_key).await;
        }
    }
    match outcome? {
        AddOutcome::Added => Ok(see_other(&format!("/claims/{}?uploaded={}#poe", claim.public_id, stored.len()))),
        AddOutcome::OverLimit => {
            refused_page(&state, &user.visitor, &claim, StatusCode::PAYLOAD_TOO_LARGE, Some("poe-too-many"), Vec::new())
        }
        AddOutcome::NotNow => Err(AppError::Conflict("poe-not-now")),
        AddOutcome::ClaimGone => Err(AppError::NotFound),
    }
}

/// What a received file is, by its content; the extension must agree.
async fn kind_of(file: &ReceivedFile) -> Result<PoeKind, Refusal> {
    let content = match sniff(&file.head) {
        Content::Empty => return judge(&file.name, None, true),
        Content::Kind(kind) => Some(kind),
        Content::Zip => {
            let path = file.incoming.path.clone();
            tokio::task::spawn_blocking(move || office_kind_of_zip(&path)).await.ok().flatten()
        }
        Content::CompoundFile => {
            let bytes = tokio::fs::read(&file.incoming.path).await.unwrap_or_default();
            crate::domain::poe::is_outlook_message(&bytes).then_some(PoeKind::Msg)
        }
        Content::Other => None,
    };
    judge(&file.name, content, false)
}

/// Every byte of an upload request, whatever part it is in, counts against one budget: the claim's
/// room for files plus a little for the form's other fields. Past it, reading stops.
struct Budget {
    used: u64,
    max: u64,
}

impl Budget {
    fn take(&mut self, bytes: usize) -> Result<(), Stop> {
        self.used += bytes as u64;
        if self.used > self.max { Err(Stop::TooLarge("poe-request-too-large")) } else { Ok(()) }
    }
}

/// Parts a request may have besides its files: the token and one description per file.
const OTHER_PARTS: u64 = 4;

/// Reads what `office_kind` judges a zip by: each entry's name and first bytes, and the content
/// types part, all bounded.
fn office_kind_of_zip(path: &std::path::Path) -> Option<PoeKind> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return None;
    }
    let mut entries = Vec::with_capacity(archive.len());
    let mut content_types = None;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).ok()?;
        let name = entry.name().ok()?.into_owned();
        let mut head = Vec::with_capacity(8);
        (&mut entry).take(8).read_to_end(&mut head).ok()?;
        if name == "[Content_Types].xml" {
            let mut text = head.clone();
            (&mut entry).take(MAX_CONTENT_TYPES_BYTES as u64).read_to_end(&mut text).ok()?;
            content_types = Some(String::from_utf8(text).ok()?);
        }
        entries.push(ZipEntry { name, head });
    }
    office_kind(&entries, content_types.as_deref())
}

/// Reads the multipart stream. After a limit is passed the rest is read and discarded (up to a
/// bound), so the browser receives the explanation instead of a broken connection. The number of
/// parts, each text field and the whole request are bounded, so no request can hold more memory
/// or disk than the limits allow.
async fn receive(
    state: &AppState,
    visitor: &Visitor,
    mut payload: Multipart,
    limits: UploadLimits,
    existing_files: u64,
    existing_bytes: u64,
) -> Result<Received, Stop> {
    let expected_token = visitor.csrf_token().unwrap_or_default().to_owned();
    let mut token_ok = false;
    let mut received = Received { files: Vec::new(), descriptions: HashMap::new() };
    let mut total = existing_bytes;
    let mut over: Option<&'static str> = None;
    let mut discarded: u64 = 0;
    // Files past the claim's limits are still read (and discarded) so the browser gets the page
    // that explains; twice the claim's room bounds that.
    let mut budget = Budget { used: 0, max: 2 * limits.max_claim_bytes + (1 << 20) };
    let max_parts = 2 * limits.max_files_per_claim + OTHER_PARTS;
    let mut parts: u64 = 0;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| Stop::Malformed)?;
        parts += 1;
        if parts > max_parts {
            return Err(Stop::TooLarge("poe-too-many-parts"));
        }
        let name = field.name().unwrap_or_default().to_owned();
        if name == "csrf_token" {
            let value = read_text(&mut field, 256, &mut budget).await?;
            token_ok = same_secret(&value, &expected_token);
            continue;
        }
        if !token_ok {
            return Err(Stop::Csrf);
        }
        if let Some(index) = name.strip_prefix("description-") {
            let value = read_text(&mut field, DESCRIPTION_CHARS * 4, &mut budget).await?;
            // Their number is bounded by the number of parts.
            if index.len() > 8 {
                return Err(Stop::Malformed);
            }
            received.descriptions.insert(index.to_owned(), value);
            continue;
        }
        let Some(index) = name.strip_prefix("file-").map(str::to_owned) else {
            drain(&mut field, &mut discarded, &mut budget).await?;
            continue;
        };
        let original = field.content_disposition().and_then(|d| d.get_filename()).unwrap_or_default().to_owned();
        if original.is_empty() || over.is_some() {
            drain(&mut field, &mut discarded, &mut budget).await?;
            if discarded > 2 * limits.max_claim_bytes {
                break;
            }
            continue;
        }
        if existing_files + received.files.len() as u64 + 1 > limits.max_files_per_claim {
            over = Some("poe-too-many");
            drain(&mut field, &mut discarded, &mut budget).await?;
            continue;
        }
        let mut incoming = state.poe.incoming_file().await.map_err(Stop::Io)?;
        let mut hasher = Sha256::new();
        let mut head = Vec::with_capacity(HEAD_BYTES);
        let mut size: u64 = 0;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| Stop::Malformed)?;
            budget.take(chunk.len())?;
            size += chunk.len() as u64;
            total += chunk.len() as u64;
            if size > limits.max_file_bytes || total > limits.max_claim_bytes {
                over = Some(if size > limits.max_file_bytes { "poe-file-too-large" } else { "poe-claim-too-large" });
                discarded += chunk.len() as u64;
                break;
            }
            if head.len() < HEAD_BYTES {
                let take = (HEAD_BYTES - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
            }
            hasher.update(&chunk);
            incoming.file.write_all(&chunk).await.map_err(Stop::Io)?;
        }
        if over.is_some() {
            drop(incoming);
            drain(&mut field, &mut discarded, &mut budget).await?;
            continue;
        }
        received.files.push(ReceivedFile {
            index,
            name: display_name(&original),
            incoming,
            size,
            sha256: hex::encode(hasher.finalize()),
            head,
        });
    }
    if !token_ok {
        return Err(Stop::Csrf);
    }
    match over {
        Some(key) => Err(Stop::TooLarge(key)),
        None => Ok(received),
    }
}

/// The uploaded name made safe to show and to offer as a download name (never used as a path).
pub fn display_name(original: &str) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or(original);
    // Shorten the stem, not the extension, which the type check reads.
    let (stem, extension) = match base.rsplit_once('.') {
        Some((stem, extension)) if extension.len() <= 10 => (stem, Some(extension)),
        _ => (base, None),
    };
    // Invisible characters go: a right-to-left override would show `evil\u{202E}fdp.exe` as
    // `evilexe.pdf`.
    let stem: String = text::without_invisible(stem).chars().take(190).collect();
    let extension = extension.map(text::without_invisible);
    let shortened = match &extension {
        Some(extension) => format!("{stem}.{extension}"),
        None => stem,
    };
    let clean = sanitize_filename::sanitize(&shortened);
    if clean.is_empty() { "file".into() } else { clean }
}

async fn read_text(field: &mut actix_multipart::Field, max_bytes: usize, budget: &mut Budget) -> Result<String, Stop> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|_| Stop::Malformed)?;
        budget.take(chunk.len())?;
        if bytes.len() + chunk.len() > max_bytes {
            return Err(Stop::Malformed);
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| Stop::Malformed)
}

async fn drain(field: &mut actix_multipart::Field, discarded: &mut u64, budget: &mut Budget) -> Result<(), Stop> {
    while let Some(chunk) = field.next().await {
        let length = chunk.map_err(|_| Stop::Malformed)?.len();
        budget.take(length)?;
        *discarded += length as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::display_name;

    #[test]
    fn uploaded_names_are_made_harmless() {
        assert_eq!(display_name("C:\\Users\\ana\\PoE signed.pdf"), "PoE signed.pdf");
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("a<b>c|d?.pdf"), "abcd.pdf");
        assert_eq!(display_name("Ügyfél 고객.pdf"), "Ügyfél 고객.pdf");
        assert_eq!(display_name(""), "file");
        assert_eq!(display_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe", "no override fakes an extension");
        assert_eq!(display_name("report.p\u{202E}df"), "report.pdf");
        let long = format!("{}.pdf", "x".repeat(300));
        assert!(display_name(&long).ends_with(".pdf") && display_name(&long).chars().count() <= 200);
    }
}
