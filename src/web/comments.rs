//! Comments on a claim, between partner and reviewer, and the reviewers' internal notes, which
//! partners never see: plain text, each a history entry.

use super::action_forms::{CommentForm, NoteForm};
use super::allowed::{require, require_role};
use super::claim_page::{refuse, visible_claim};
use super::error::AppError;
use super::page::see_other;
use super::posted::Posted;
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::history;
use crate::domain::allowed::ClaimAction;
use crate::domain::text::{self, COMMENT_CHARS, Lines};
use actix_web::{HttpResponse, post, web};

#[post("/claims/{id}/comments")]
pub async fn add(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    posted: Posted<CommentForm>,
) -> Result<HttpResponse, AppError> {
    add_text(&state, &user, &path, ClaimAction::Comment, &posted.form.comment).await
}

/// Adds a reviewers' internal note.
#[post("/claims/{id}/notes")]
pub async fn add_note(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    posted: Posted<NoteForm>,
) -> Result<HttpResponse, AppError> {
    add_text(&state, &user, &path, ClaimAction::InternalNote, &posted.form.note).await
}

/// A comment or an internal note (`action`), if the person may add one to the claim now.
async fn add_text(state: &AppState, user: &SignedIn, public_id: &str, action: ClaimAction, typed: &str) -> Result<HttpResponse, AppError> {
    require_role(user, action)?;
    let claim = visible_claim(state, user, public_id).await?;
    require(state, user, &claim, action)?;
    let (field, anchor) = if action == ClaimAction::InternalNote { ("note", "notes") } else { ("comment", "comments") };
    let text = match text::required(typed, COMMENT_CHARS, Lines::Many) {
        Ok(text) => text,
        Err(problem) => return refuse(state, user, claim, field, problem.message_key(), &[(field, typed)]).await,
    };
    history::add_comment(&state.db, claim.id, &user.actor(), &text, action == ClaimAction::InternalNote, state.now()).await?;
    Ok(see_other(&format!("/claims/{}#{anchor}", claim.public_id)))
}
