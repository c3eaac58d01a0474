//! Uploading PoE files: a streamed multipart form, one or several files with a description each.
//! The CSRF token must come first; every file is written to a temporary file while its SHA-256 is
//! computed and the limits are enforced; types are judged by content; only when every file is
//! accepted are they made durable and recorded, all or nothing.

pub mod receive;

use super::allowed::require;
use super::error::AppError;
use super::form::comes_from_this_site;
use super::page::{Page, render, see_other};
use super::state::AppState;
use super::visitor::{SignedIn, Visitor};
use crate::db::claims::{self, ClaimRecord, ClaimScope};
use crate::db::poe::{self, AddOutcome, NewPoeFile};
use crate::domain::allowed::ClaimAction;
use crate::domain::poe::{
    Content, MAX_CONTENT_TYPES_BYTES, MAX_ZIP_ENTRIES, PoeKind, Refusal, UploadLimits, ZipEntry, judge, office_kind, sniff,
};
use crate::domain::role::Permission;
use crate::domain::text::{self, Lines};
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use askama::Template;
use receive::{DESCRIPTION_CHARS, Received, ReceivedFile, Stop, receive};
use std::time::Duration;

/// An upload that takes longer than this is abandoned and leaves nothing behind.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(15 * 60);

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
    let expected = user.visitor.csrf_token().unwrap_or_default().to_owned();
    let received =
        match tokio::time::timeout(UPLOAD_TIMEOUT, receive(&state, Some(&expected), payload, limits, count as u64, bytes as u64)).await {
            Err(_) => return Err(AppError::BadRequest("poe-upload-timeout")),
            Ok(Err(Stop::Csrf)) => return Err(AppError::CsrfRejected),
            Ok(Err(Stop::Malformed)) => return Err(AppError::BadRequest("error-page-bad-request")),
            Ok(Err(Stop::Io(e))) => return Err(AppError::StorageUnavailable(e.into())),
            Ok(Err(Stop::TooLarge(key))) => {
                return refused_page(&state, &user.visitor, &claim, StatusCode::PAYLOAD_TOO_LARGE, Some(key), Vec::new());
            }
            Ok(Ok(received)) => received,
        };
    match store(&state, &claim, &user.actor(), received).await? {
        Stored::Added(count) => Ok(see_other(&format!("/claims/{}?uploaded={count}#poe", claim.public_id))),
        Stored::Empty => refused_page(&state, &user.visitor, &claim, StatusCode::UNPROCESSABLE_ENTITY, Some("poe-choose-file"), Vec::new()),
        Stored::Refused(refused) => refused_page(&state, &user.visitor, &claim, StatusCode::UNPROCESSABLE_ENTITY, None, refused),
        Stored::OverLimit => refused_page(&state, &user.visitor, &claim, StatusCode::PAYLOAD_TOO_LARGE, Some("poe-too-many"), Vec::new()),
        Stored::NotNow => Err(AppError::Conflict("poe-not-now")),
        Stored::ClaimGone => Err(AppError::NotFound),
    }
}

/// What became of a received upload.
pub enum Stored {
    /// This many files were stored and recorded.
    Added(usize),
    /// No file was chosen.
    Empty,
    /// Files refused for their content or description: each one's name and why.
    Refused(Vec<(String, &'static str)>),
    /// The claim's limits would be passed (another upload landed meanwhile).
    OverLimit,
    /// The claim moved on and takes no PoE now.
    NotNow,
    ClaimGone,
}

/// Judges every received file by its content, stores the accepted ones and records them, all or
/// nothing: the claim's state is asked again under its write lock when the rows are written.
pub async fn store(
    state: &AppState,
    claim: &ClaimRecord,
    actor: &crate::db::history::Actor,
    received: Received,
) -> Result<Stored, AppError> {
    if received.files.is_empty() {
        return Ok(Stored::Empty);
    }
    let accepted = match judge_files(received).await {
        Ok(accepted) => accepted,
        Err(refused) => return Ok(Stored::Refused(refused)),
    };
    let mut stored: Vec<NewPoeFile> = Vec::new();
    for (kind, file, description) in accepted {
        let key = crate::storage::PoeStore::new_key(&claim.public_id);
        if let Err(error) = state.poe.persist(file.incoming, &key).await {
            for file in &stored {
                state.poe.delete(&file.storage_key).await;
            }
            return Err(AppError::StorageUnavailable(error));
        }
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
    let limits = state.settings.upload_limits;
    let outcome = poe::add_files(&state.db, claim.id, actor, &stored, limits, &state.durations(), state.now()).await;
    if !matches!(outcome, Ok(AddOutcome::Added)) {
        for file in &stored {
            state.poe.delete(&file.storage_key).await;
        }
    }
    Ok(match outcome? {
        AddOutcome::Added => {
            crate::metrics::uploaded(stored.len(), stored.iter().map(|f| f.size_bytes.max(0) as u64).sum());
            Stored::Added(stored.len())
        }
        AddOutcome::OverLimit => Stored::OverLimit,
        AddOutcome::NotNow => Stored::NotNow,
        AddOutcome::ClaimGone => Stored::ClaimGone,
    })
}

/// Every received file with its kind and description, or each refused file's name with why: a
/// description with invisible characters, or content that is not an accepted kind.
async fn judge_files(received: Received) -> Result<Vec<(PoeKind, ReceivedFile, String)>, Vec<(String, &'static str)>> {
    let Received { files, mut descriptions } = received;
    let mut accepted = Vec::new();
    let mut refused = Vec::new();
    for file in files {
        let typed = descriptions.remove(&file.index).unwrap_or_default();
        let description = match text::optional(&typed, DESCRIPTION_CHARS, Lines::One) {
            Ok(description) => description,
            Err(problem) => {
                refused.push((file.name.clone(), problem.message_key()));
                continue;
            }
        };
        match kind_of(&file).await {
            Ok(kind) => accepted.push((kind, file, description)),
            Err(refusal) => refused.push((file.name.clone(), refusal.message_key())),
        }
    }
    if refused.is_empty() { Ok(accepted) } else { Err(refused) }
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
