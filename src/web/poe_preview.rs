//! **Preview**: a PDF's pages or an image, read in the page. Only images the portal made are sent
//! (see `preview`): PNG, never sniffed, sandboxed, private; the stored file itself is only ever a
//! download. Who may preview is who may download.

use super::claim_page::visible_claim;
use super::error::AppError;
use super::page::{Page, ok};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::claims::ClaimRecord;
use crate::db::poe::{self, PoeFileRecord};
use crate::domain::poe::PoeKind;
use crate::preview::PreviewError;
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use askama::Template;
use futures_util::TryStreamExt;
use std::path::PathBuf;

/// The claim and file, if the person may see them and the file can be previewed.
async fn previewable(
    state: &AppState,
    user: &SignedIn,
    public_id: &str,
    file_id: i64,
) -> Result<(ClaimRecord, PoeFileRecord, PoeKind), AppError> {
    let claim = visible_claim(state, user, public_id).await?;
    let file = poe::file(&state.db, claim.id, file_id).await?.ok_or(AppError::NotFound)?;
    let kind = PoeKind::parse(&file.kind).filter(|k| k.previewable()).ok_or(AppError::NotFound)?;
    Ok((claim, file, kind))
}

/// The file's pages as images, kept from before, or read from the store and rendered now.
async fn pages(state: &AppState, file: &PoeFileRecord, kind: PoeKind) -> Result<Result<Vec<PathBuf>, PreviewError>, AppError> {
    if let Some(pages) = state.previews.kept(&file.sha256) {
        return Ok(Ok(pages));
    }
    let read = |e: object_store::Error| AppError::Internal(anyhow::anyhow!("PoE file {}: {e}", file.storage_key));
    let stream = state.poe.read(&file.storage_key).await.map_err(read)?;
    let chunks: Vec<actix_web::web::Bytes> = stream.try_collect().await.map_err(read)?;
    let bytes: Vec<u8> = chunks.concat();
    Ok(match kind {
        PoeKind::Pdf => state.previews.pdf_pages(&file.sha256, &bytes).await,
        PoeKind::Png => state.previews.image(&file.sha256, bytes, image::ImageFormat::Png).await,
        _ => state.previews.image(&file.sha256, bytes, image::ImageFormat::Jpeg).await,
    })
}

#[derive(Template)]
#[template(path = "poe_preview.html")]
struct PreviewPage {
    page: Page,
    claim: ClaimRecord,
    file: PoeFileRecord,
    /// How many pages there are, or why there is no preview.
    pages: Result<usize, &'static str>,
}

#[get("/claims/{id}/poe/{file}/preview")]
pub async fn show(state: web::Data<AppState>, user: SignedIn, path: web::Path<(String, i64)>) -> Result<HttpResponse, AppError> {
    let (public_id, file_id) = path.into_inner();
    let (claim, file, kind) = previewable(&state, &user, &public_id, file_id).await?;
    let pages = match pages(&state, &file, kind).await? {
        Ok(pages) => Ok(pages.len()),
        Err(PreviewError::Unavailable) => Err("preview-unavailable"),
        Err(error) => {
            tracing::info!(file = file.id, %error, "a PoE file could not be previewed");
            Err("preview-unreadable")
        }
    };
    ok(&PreviewPage { page: Page::new(&user.visitor), claim, file, pages })
}

#[get("/claims/{id}/poe/{file}/preview/{page}")]
pub async fn page_image(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<(String, i64, usize)>,
) -> Result<HttpResponse, AppError> {
    let (public_id, file_id, number) = path.into_inner();
    let (_, file, kind) = previewable(&state, &user, &public_id, file_id).await?;
    let pages = pages(&state, &file, kind).await?.map_err(|_| AppError::NotFound)?;
    let image = pages.get(number.wrapping_sub(1)).ok_or(AppError::NotFound)?;
    let bytes = tokio::fs::read(image).await.map_err(|e| AppError::Internal(e.into()))?;
    Ok(HttpResponse::Ok()
        .content_type("image/png")
        .insert_header((header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, max-age=300"))
        .body(bytes))
}
