//! Comments on a claim, between partner and reviewer: plain text, each a history entry.

use super::action_forms::CommentForm;
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
    require_role(&user, ClaimAction::Comment)?;
    let claim = visible_claim(&state, &user, &path).await?;
    require(&state, &user, &claim, ClaimAction::Comment)?;
    let typed = &posted.form.comment;
    let text = match text::required(typed, COMMENT_CHARS, Lines::Many) {
        Ok(text) => text,
        Err(problem) => return refuse(&state, &user, claim, "comment", problem.message_key(), &[("comment", typed)]).await,
    };
    history::add_comment(&state.db, claim.id, &user.actor(), &text, state.now()).await?;
    Ok(see_other(&format!("/claims/{}#comments", claim.public_id)))
}
