//! A claim's PoE files through the API: list, download, and upload as `multipart/form-data`
//! (`file-1`, `description-1`, ...) with the same content checks and limits as the pages.

use super::caller::ApiCall;
use super::problem::{ApiError, Problem};
use super::{own_claim, require_action};
use crate::db::poe::{self, PoeFileRecord};
use crate::domain::allowed::ClaimAction;
use crate::domain::claim_form::FieldErrors;
use crate::domain::role::Permission;
use crate::web::poe_files::file_response;
use crate::web::poe_upload::receive::{Stop, receive};
use crate::web::poe_upload::{Stored, UPLOAD_TIMEOUT, store};
use crate::web::state::AppState;
use actix_multipart::Multipart;
use actix_web::{HttpResponse, get, post, web};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct PoeFile {
    pub id: i64,
    pub file_name: String,
    pub description: String,
    /// `pdf`, `docx`, `xlsx`, `pptx`, `png`, `jpeg`, `eml` or `msg`.
    pub kind: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
    /// Where to download it.
    pub href: String,
}

fn file_out(public_id: &str, file: PoeFileRecord) -> PoeFile {
    PoeFile {
        href: format!("/api/v1/claims/{public_id}/poe/{}", file.id),
        id: file.id,
        file_name: file.file_name,
        description: file.description,
        kind: file.kind,
        size_bytes: file.size_bytes,
        sha256: file.sha256,
        uploaded_by: file.uploaded_by_name,
        uploaded_at: file.uploaded_at.0.to_rfc3339(),
    }
}

async fn files(state: &AppState, claim_id: i64, public_id: &str) -> Result<Vec<PoeFile>, ApiError> {
    Ok(poe::files_of(&state.db, claim_id).await?.into_iter().map(|f| file_out(public_id, f)).collect())
}

#[utoipa::path(get, path = "/api/v1/claims/{id}/poe", tag = "poe", params(("id" = String, Path, description = "The claim ID")),
    responses((status = 200, body = Vec<PoeFile>), (status = 404, body = Problem)), security(("token" = [])))]
#[get("/claims/{id}/poe")]
pub async fn list(state: web::Data<AppState>, call: ApiCall, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    call.require(Permission::ViewOrgClaims)?;
    let claim = own_claim(&state, &call, &path).await?;
    Ok(HttpResponse::Ok().json(files(&state, claim.id, &claim.public_id).await?))
}

#[utoipa::path(get, path = "/api/v1/claims/{id}/poe/{file}", tag = "poe",
    params(("id" = String, Path, description = "The claim ID"), ("file" = i64, Path, description = "The file's id")),
    responses((status = 200, description = "The file's bytes, as an attachment", content_type = "application/octet-stream"), (status = 404, body = Problem)),
    security(("token" = [])))]
#[get("/claims/{id}/poe/{file}")]
pub async fn download(state: web::Data<AppState>, call: ApiCall, path: web::Path<(String, i64)>) -> Result<HttpResponse, ApiError> {
    call.require(Permission::ViewOrgClaims)?;
    let (public_id, file_id) = path.into_inner();
    let claim = own_claim(&state, &call, &public_id).await?;
    let file = poe::file(&state.db, claim.id, file_id).await?.ok_or(ApiError::NotFound)?;
    Ok(file_response(&state, &file).await?)
}

/// Every refused file's reason, in the order sent.
fn refused(files: Vec<(String, &'static str)>) -> ApiError {
    let mut errors = FieldErrors::default();
    for (_, key) in files {
        errors.add("files", key);
    }
    ApiError::Invalid(errors)
}

#[utoipa::path(post, path = "/api/v1/claims/{id}/poe", tag = "poe", params(("id" = String, Path, description = "The claim ID"),
    ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request safe")),
    request_body(content_type = "multipart/form-data", description = "Parts `file-1`, `file-2`, ... with a file name each, and optional `description-1`, ..."),
    responses((status = 201, body = Vec<PoeFile>), (status = 413, body = Problem), (status = 422, body = Problem), (status = 409, body = Problem)),
    security(("token" = [])))]
#[post("/claims/{id}/poe")]
pub async fn upload(
    state: web::Data<AppState>,
    call: ApiCall,
    path: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let claim = own_claim(&state, &call, &path).await?;
    require_action(&state, &call, &claim, ClaimAction::UploadPoe)?;
    let limits = state.settings.upload_limits;
    let (count, bytes) = poe::usage(&state.db, claim.id).await?;
    let received = match tokio::time::timeout(UPLOAD_TIMEOUT, receive(&state, None, payload, limits, count as u64, bytes as u64)).await {
        Err(_) => return Err(ApiError::Malformed("poe-upload-timeout")),
        Ok(Err(Stop::Csrf | Stop::Malformed)) => return Err(ApiError::Malformed("api-multipart-malformed")),
        Ok(Err(Stop::Io(error))) => return Err(crate::web::error::AppError::StorageUnavailable(error.into()).into()),
        Ok(Err(Stop::TooLarge(key))) => return Err(ApiError::TooLarge(key)),
        Ok(Ok(received)) => received,
    };
    match store(&state, &claim, &call.acting().actor, received).await? {
        Stored::Added(_) => Ok(HttpResponse::Created().json(files(&state, claim.id, &claim.public_id).await?)),
        Stored::Empty => {
            let mut errors = FieldErrors::default();
            errors.add("files", "poe-choose-file");
            Err(ApiError::Invalid(errors))
        }
        Stored::Refused(files) => Err(refused(files)),
        Stored::OverLimit => Err(ApiError::TooLarge("poe-too-many")),
        Stored::NotNow => Err(ApiError::Conflict("poe-not-now")),
        Stored::ClaimGone => Err(ApiError::NotFound),
    }
}
