//! Downloading and removing PoE files.

use super::allowed::require;
use super::claim_page::visible_claim;
use super::error::AppError;
use super::page::see_other;
use super::posted::{NoFields, Posted};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::claims::{self, ClaimScope};
use crate::db::poe;
use crate::domain::allowed::ClaimAction;
use crate::domain::poe::PoeKind;
use crate::domain::role::Permission;
use actix_web::http::header::{self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue};
use actix_web::{HttpResponse, get, post, web};
use futures_util::StreamExt;

/// The download's `Content-Disposition`: always an attachment, with an ASCII fallback name and
/// the real name in RFC 6266 / 5987 `filename*`.
pub fn attachment(file_name: &str) -> ContentDisposition {
    let ascii: String =
        file_name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: file_name.as_bytes().to_vec(),
            }),
        ],
    }
}

/// Only through here: the claim's own org, or a reviewer once the claim is submitted. Never shown
/// inline, never sniffed, sandboxed if a browser tried.
#[get("/claims/{id}/poe/{file}")]
pub async fn download(state: web::Data<AppState>, user: SignedIn, path: web::Path<(String, i64)>) -> Result<HttpResponse, AppError> {
    let (public_id, file_id) = path.into_inner();
    let claim = visible_claim(&state, &user, &public_id).await?;
    let file = poe::file(&state.db, claim.id, file_id).await?.ok_or(AppError::NotFound)?;
    file_response(&state, &file).await
}

/// A stored file as a download, streamed from the store.
pub async fn file_response(state: &AppState, file: &poe::PoeFileRecord) -> Result<HttpResponse, AppError> {
    let stream =
        state.poe.read(&file.storage_key).await.map_err(|e| AppError::Internal(anyhow::anyhow!("PoE file {}: {e}", file.storage_key)))?;
    let content_type = PoeKind::parse(&file.kind).map(PoeKind::content_type).unwrap_or("application/octet-stream");
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(attachment(&file.file_name))
        .insert_header((header::CONTENT_LENGTH, file.size_bytes.to_string()))
        .insert_header((header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .streaming(stream.map(|chunk| chunk.map_err(|e| AppError::Internal(e.into())))))
}

/// Removes a file while the claim is in Editing and was never submitted: the row first, then the
/// bytes (a crash in between leaves an orphan the sweep removes, never a row without its file).
#[post("/claims/{id}/poe/{file}/remove")]
pub async fn remove(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<(String, i64)>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let (public_id, file_id) = path.into_inner();
    let claim = claims::find(&state.db, ClaimScope::Org(member.org_id), &public_id).await?.ok_or(AppError::NotFound)?;
    if poe::file(&state.db, claim.id, file_id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    require(&state, &user, &claim, ClaimAction::RemovePoe)?;
    // Asked again when the row is deleted, under the write lock.
    let key = poe::remove_file(&state.db, claim.id, file_id, &user.actor(), state.now())
        .await?
        .ok_or(AppError::Conflict("poe-kept-after-submission"))?;
    state.poe.delete(&key).await;
    Ok(see_other(&format!("/claims/{public_id}?removed=1#poe")))
}

#[cfg(test)]
mod tests {
    use super::attachment;

    #[test]
    fn download_names_have_an_ascii_fallback_and_the_real_name() {
        let header = attachment("Ügyfél \"PoE\".pdf").to_string();
        assert!(header.starts_with("attachment; filename=\"_gyf_l _PoE_.pdf\""), "{header}");
        assert!(header.contains("filename*=UTF-8''%C3%9Cgyf%C3%A9l%20%22PoE%22.pdf"), "{header}");
    }
}
