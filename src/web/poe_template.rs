//! The printable PoE template: the claim's facts and signature lines, for the customer to sign.

use super::claim_page::visible_claim;
use super::error::AppError;
use super::page::{Page, ok};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::claims::ClaimRecord;
use crate::db::orgs;
use actix_web::{HttpResponse, get, web};
use askama::Template;

#[derive(Template)]
#[template(path = "poe_template.html")]
struct PoeTemplatePage {
    page: Page,
    claim: ClaimRecord,
    org_name: String,
}

#[get("/claims/{id}/poe-template")]
pub async fn show(state: web::Data<AppState>, user: SignedIn, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let claim = visible_claim(&state, &user, &path).await?;
    let org_name = orgs::org_name(&state.db, claim.org_id).await?.unwrap_or_default();
    ok(&PoeTemplatePage { page: Page::new(&user.visitor), claim, org_name })
}
