//! A claim's comments (read and add) and its history through the API. The reviewers' internal
//! notes are never shown: `domain::allowed::sees_internal_notes` says who sees them.

use super::caller::ApiCall;
use super::problem::{ApiError, Problem};
use super::{Json, own_claim, require_action};
use crate::db::history::{self, HistoryRow};
use crate::domain::allowed::{ClaimAction, sees_internal_notes};
use crate::domain::claim_form::FieldErrors;
use crate::domain::role::Permission;
use crate::domain::text::{self, Lines};
use crate::web::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An entry of a claim's history (a comment is one too).
#[derive(Serialize, ToSchema)]
pub struct HistoryEntry {
    pub id: i64,
    /// RFC 3339.
    pub at: String,
    /// Who: a person's name, or the system.
    pub actor: String,
    /// `partner`, `reviewer`, `customer` or `system`.
    pub side: String,
    /// What happened, e.g. `submit`, `approve`, `comment`, `edit`.
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    /// The entry's particulars (a comment's text, changed fields, reasons).
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

impl From<HistoryRow> for HistoryEntry {
    fn from(row: HistoryRow) -> Self {
        HistoryEntry {
            details: row.details_json(),
            id: row.id,
            at: row.at.0.to_rfc3339(),
            actor: row.actor_name,
            side: row.actor_side,
            action: row.action,
            from_status: row.from_status,
            to_status: row.to_status,
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct CommentInput {
    pub text: String,
}

#[utoipa::path(get, path = "/api/v1/claims/{id}/comments", tag = "comments", params(("id" = String, Path, description = "The claim ID")),
    responses((status = 200, body = Vec<HistoryEntry>), (status = 404, body = Problem)), security(("token" = [])))]
#[get("/claims/{id}/comments")]
pub async fn list(state: web::Data<AppState>, call: ApiCall, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    call.require(Permission::ViewOrgClaims)?;
    let claim = own_claim(&state, &call, &path).await?;
    let rows = history::comments(&state.db, claim.id, false).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(HistoryEntry::from).collect::<Vec<_>>()))
}

#[utoipa::path(post, path = "/api/v1/claims/{id}/comments", tag = "comments", request_body = CommentInput,
    params(("id" = String, Path, description = "The claim ID"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request safe")),
    responses((status = 201, body = Vec<HistoryEntry>), (status = 422, body = Problem)), security(("token" = [])))]
#[post("/claims/{id}/comments")]
pub async fn add(
    state: web::Data<AppState>,
    call: ApiCall,
    path: web::Path<String>,
    body: Json<CommentInput>,
) -> Result<HttpResponse, ApiError> {
    let claim = own_claim(&state, &call, &path).await?;
    require_action(&state, &call, &claim, ClaimAction::Comment)?;
    let text = text::required(&body.text, text::COMMENT_CHARS, Lines::Many).map_err(|problem| {
        let mut errors = FieldErrors::default();
        errors.add("text", problem.message_key());
        ApiError::Invalid(errors)
    })?;
    history::add_comment(&state.db, claim.id, &call.acting().actor, &text, false, state.now()).await?;
    let rows = history::comments(&state.db, claim.id, false).await?;
    Ok(HttpResponse::Created().json(rows.into_iter().map(HistoryEntry::from).collect::<Vec<_>>()))
}

#[utoipa::path(get, path = "/api/v1/claims/{id}/history", tag = "comments", params(("id" = String, Path, description = "The claim ID")),
    responses((status = 200, body = Vec<HistoryEntry>), (status = 404, body = Problem)), security(("token" = [])))]
#[get("/claims/{id}/history")]
pub async fn entries(state: web::Data<AppState>, call: ApiCall, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    call.require(Permission::ViewOrgClaims)?;
    let claim = own_claim(&state, &call, &path).await?;
    let rows = history::of_claim(&state.db, claim.id, sees_internal_notes(call.person())).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(HistoryEntry::from).collect::<Vec<_>>()))
}
