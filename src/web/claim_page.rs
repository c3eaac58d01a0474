//! The claim page, and deleting a claim in Editing.

use super::error::AppError;
use super::form::PostedForm;
use super::page::{Page, ok, see_other};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::claims::{self, ClaimRecord, ClaimScope};
use crate::domain::role::Permission;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

#[derive(Template)]
#[template(path = "claim.html")]
struct ClaimPage {
    page: Page,
    claim: ClaimRecord,
    can_edit: bool,
}

#[derive(Template)]
#[template(path = "claim_delete.html")]
struct DeletePage {
    page: Page,
    claim: ClaimRecord,
}

/// The claim as the signed-in person may see it: their org's, or for a reviewer any claim that
/// has left Editing. Anything else does not exist for them.
async fn visible_claim(state: &AppState, user: &SignedIn, public_id: &str) -> Result<ClaimRecord, AppError> {
    let scope = if user.user().role.may(Permission::Review) {
        ClaimScope::Reviewer
    } else {
        ClaimScope::Org(user.org_member(Permission::ViewOrgClaims)?.org_id)
    };
    claims::find(&state.db, scope, public_id).await?.ok_or(AppError::NotFound)
}

#[get("/claims/{id}")]
pub async fn show(state: web::Data<AppState>, user: SignedIn, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let claim = visible_claim(&state, &user, &path).await?;
    let can_edit = claim.status().is_editable() && user.user().role.may(Permission::EditClaims);
    ok(&ClaimPage { page: Page::new(&user.visitor), claim, can_edit })
}

#[get("/claims/{id}/delete")]
pub async fn confirm_delete(state: web::Data<AppState>, user: SignedIn, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let claim = claims::find(&state.db, ClaimScope::Org(member.org_id), &path).await?.ok_or(AppError::NotFound)?;
    if !claim.status().is_editable() {
        return Err(AppError::Conflict("error-claim-not-editable"));
    }
    ok(&DeletePage { page: Page::new(&user.visitor), claim })
}

#[post("/claims/{id}/delete")]
pub async fn delete(state: web::Data<AppState>, user: SignedIn, path: web::Path<String>, _form: PostedForm) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let claim = claims::find(&state.db, ClaimScope::Org(member.org_id), &path).await?.ok_or(AppError::NotFound)?;
    if !claims::delete_editing(&state.db, claim.id).await? {
        return Err(AppError::Conflict("error-claim-not-editable"));
    }
    Ok(see_other("/claims"))
}
