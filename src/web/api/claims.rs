//! `/api/v1/claims`: the dashboard's list (search, filters, sort, cursor pages), one claim, and
//! creating, updating (all fields in Editing; the limited fields once submitted) and deleting
//! (Editing) a claim, by the same rules as the pages.

use super::caller::ApiCall;
use super::problem::{ApiError, Problem};
use super::{Json, allowed_actions, own_claim, require_action};
use crate::db::claims::{self, ClaimRecord};
use crate::db::dashboard::{self, DashboardRow};
use crate::db::poe;
use crate::domain::allowed::ClaimAction;
use crate::domain::claim_form::{ClaimFormInput, FormContext, parse_claim_form};
use crate::domain::dashboard_query::{DashboardParams, DashboardQuery};
use crate::domain::role::Permission;
use crate::web::claim_form::{input_from_record, limited_input, offered, parse_limited};
use crate::web::state::AppState;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// A claim in a list.
#[derive(Serialize, ToSchema)]
pub struct ClaimSummary {
    /// The claim ID, e.g. `CP-7K2M-9QXA`.
    pub id: String,
    pub name: String,
    pub status: String,
    pub program: String,
    pub customer_name: String,
    pub customer_domain: String,
    pub tenant_id: String,
    pub products: String,
    /// RFC 3339.
    pub updated_at: String,
    /// When whoever must act next must act by (RFC 3339).
    pub due_at: Option<String>,
}

impl From<DashboardRow> for ClaimSummary {
    fn from(row: DashboardRow) -> Self {
        ClaimSummary {
            id: row.public_id,
            name: row.name,
            status: row.status.as_str().into(),
            program: row.program,
            customer_name: row.customer_name,
            customer_domain: row.customer_domain,
            tenant_id: row.tenant_id,
            products: row.products_label,
            updated_at: row.updated_at.0.to_rfc3339(),
            due_at: row.due_at.map(|t| t.0.to_rfc3339()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ClaimPage {
    pub items: Vec<ClaimSummary>,
    /// Pass as `after` for the next page; absent on the last.
    pub next_cursor: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ProductChoice {
    /// A product code of the catalogue.
    pub code: String,
    /// Required for Business Applications products: the subscription's GUID.
    #[serde(default)]
    pub subscription_id: Option<String>,
}

/// A claim with every field, its revision, and what the token may do to it now.
#[derive(Serialize, ToSchema)]
pub struct Claim {
    pub id: String,
    pub status: String,
    /// Changes with every change of the claim.
    pub revision: i64,
    pub name: String,
    pub mpn_id: String,
    pub solution_area: String,
    pub activity: String,
    pub program: String,
    pub customer_name: String,
    pub customer_domain: String,
    pub tenant_id: String,
    pub products: Vec<ProductChoice>,
    pub customer_contact_name: String,
    pub customer_contact_title: String,
    pub customer_contact_email: String,
    /// `en`, `de`, `hu`, `ko` or `ru`.
    pub customer_contact_locale: String,
    pub technical_contact_name: Option<String>,
    pub technical_contact_title: Option<String>,
    pub technical_contact_email: Option<String>,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    pub partner_solution: String,
    /// `YYYY-MM-DD`.
    pub engagement_date: String,
    pub commentary: String,
    pub poe_files: i64,
    pub created_at: String,
    pub updated_at: String,
    pub submitted_at: Option<String>,
    pub due_at: Option<String>,
    /// What this token may do to the claim now, e.g. `edit`, `upload-poe`, `submit`.
    pub allowed_actions: Vec<String>,
}

pub fn claim_out(state: &AppState, call: &ApiCall, claim: ClaimRecord) -> Claim {
    let allowed_actions = allowed_actions(state, call, &claim);
    let products =
        claim.products.iter().map(|p| ProductChoice { code: p.code.clone(), subscription_id: p.subscription_id.clone() }).collect();
    Claim {
        allowed_actions,
        products,
        status: claim.status().as_str().into(),
        revision: claim.revision(),
        due_at: claim.workflow.due_at.map(|t| t.0.to_rfc3339()),
        id: claim.public_id,
        name: claim.name,
        mpn_id: claim.mpn_id,
        solution_area: claim.solution_area,
        activity: claim.activity,
        program: claim.program,
        customer_name: claim.customer_name,
        customer_domain: claim.customer_domain,
        tenant_id: claim.tenant_id,
        customer_contact_name: claim.customer_contact_name,
        customer_contact_title: claim.customer_contact_title,
        customer_contact_email: claim.customer_contact_email,
        customer_contact_locale: claim.customer_contact_locale,
        technical_contact_name: claim.technical_contact_name,
        technical_contact_title: claim.technical_contact_title,
        technical_contact_email: claim.technical_contact_email,
        partner_contact_name: claim.partner_contact_name,
        partner_contact_email: claim.partner_contact_email,
        partner_solution: claim.partner_solution,
        engagement_date: claim.engagement_date.format("%Y-%m-%d").to_string(),
        commentary: claim.commentary,
        poe_files: claim.poe_files,
        created_at: claim.created_at.0.to_rfc3339(),
        updated_at: claim.updated_at.0.to_rfc3339(),
        submitted_at: claim.submitted_at.map(|t| t.0.to_rfc3339()),
    }
}

/// The dashboard's search, filters and sort.
#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    /// Claim ID, tenant ID, or any part (three characters or more) of a customer's name or domain or of the claim's name; one or two characters match the start of a customer's name or domain.
    pub q: Option<String>,
    /// A status code, e.g. `editing`, `submitted`.
    pub status: Option<String>,
    /// A solution area code.
    pub area: Option<String>,
    /// A program code.
    pub program: Option<String>,
    /// `claim_id`, `name`, `customer`, `tenant_id`, `program`, `products`, `status` or `last_change` (the default).
    pub sort: Option<String>,
    /// `asc` or `desc`.
    pub dir: Option<String>,
    /// The `next_cursor` of the previous page.
    pub after: Option<String>,
    /// At most 200; 50 by default.
    pub limit: Option<usize>,
}

#[utoipa::path(get, path = "/api/v1/claims", tag = "claims", params(ListParams),
    responses((status = 200, body = ClaimPage), (status = 401, body = Problem), (status = 429, body = Problem)),
    security(("token" = [])))]
#[get("/claims")]
pub async fn list(state: web::Data<AppState>, call: ApiCall, params: web::Query<ListParams>) -> Result<HttpResponse, ApiError> {
    call.require(Permission::ViewOrgClaims)?;
    let params = params.into_inner();
    let limit = params.limit.unwrap_or(DashboardQuery::PAGE_SIZE).clamp(1, 200);
    let query = DashboardQuery::from_params(&DashboardParams {
        q: params.q,
        status: params.status,
        area: params.area,
        program: params.program,
        sort: params.sort,
        dir: params.dir,
        after: params.after,
        before: None,
    });
    let page = dashboard::page(&state.db, call.org_id(), &query, limit).await?;
    let next_cursor = page.next.map(|c| c.encode());
    Ok(HttpResponse::Ok().json(ClaimPage { items: page.rows.into_iter().map(ClaimSummary::from).collect(), next_cursor }))
}

#[utoipa::path(get, path = "/api/v1/claims/{id}", tag = "claims", params(("id" = String, Path, description = "The claim ID")),
    responses((status = 200, body = Claim), (status = 404, body = Problem)), security(("token" = [])))]
#[get("/claims/{id}")]
pub async fn get(state: web::Data<AppState>, call: ApiCall, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    call.require(Permission::ViewOrgClaims)?;
    let claim = own_claim(&state, &call, &path).await?;
    Ok(HttpResponse::Ok().json(claim_out(&state, &call, claim)))
}

/// A claim's fields, named as on the form. An update (PATCH) changes the fields it names and keeps
/// the others; a submitted claim takes only the fields that may still change (contacts, MPN ID,
/// products, subscriptions, commentary), and the rest are ignored.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ClaimInput {
    pub name: String,
    pub mpn_id: String,
    pub solution_area: String,
    pub activity: String,
    pub customer_name: String,
    pub customer_domain: String,
    pub tenant_id: String,
    pub products: Vec<ProductChoice>,
    pub customer_contact_name: String,
    pub customer_contact_title: String,
    pub customer_contact_email: String,
    /// By default the language of the request (`Accept-Language`).
    pub customer_contact_locale: String,
    pub technical_contact_name: String,
    pub technical_contact_title: String,
    pub technical_contact_email: String,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    pub partner_solution: String,
    /// `YYYY-MM-DD`.
    pub engagement_date: String,
    pub commentary: String,
    /// For updates: the revision the change was made against; a stale one is a 409.
    pub revision: Option<i64>,
}

impl ClaimInput {
    /// The stored claim's fields, which an update starts from: the edit form's, as JSON.
    fn stored(claim: &ClaimRecord) -> ClaimInput {
        let form = input_from_record(claim);
        let products = form
            .products
            .iter()
            .map(|code| ProductChoice { code: code.clone(), subscription_id: form.subscriptions.get(code).cloned() })
            .collect();
        ClaimInput {
            products,
            name: form.name,
            mpn_id: form.mpn_id,
            solution_area: form.solution_area,
            activity: form.activity,
            customer_name: form.customer_name,
            customer_domain: form.customer_domain,
            tenant_id: form.tenant_id,
            customer_contact_name: form.customer_contact_name,
            customer_contact_title: form.customer_contact_title,
            customer_contact_email: form.customer_contact_email,
            customer_contact_locale: form.customer_contact_locale,
            technical_contact_name: form.technical_contact_name,
            technical_contact_title: form.technical_contact_title,
            technical_contact_email: form.technical_contact_email,
            partner_contact_name: form.partner_contact_name,
            partner_contact_email: form.partner_contact_email,
            partner_solution: form.partner_solution,
            engagement_date: form.engagement_date,
            commentary: form.commentary,
            revision: None,
        }
    }

    /// The stored fields with those `changes` names replaced.
    fn merged(claim: &ClaimRecord, changes: serde_json::Map<String, serde_json::Value>) -> Result<ClaimInput, ApiError> {
        let mut fields = match serde_json::to_value(ClaimInput::stored(claim)) {
            Ok(serde_json::Value::Object(fields)) => fields,
            _ => return Err(ApiError::Internal(anyhow::anyhow!("a claim's fields as JSON"))),
        };
        fields.extend(changes);
        serde_json::from_value(serde_json::Value::Object(fields)).map_err(|_| ApiError::Malformed("api-json-malformed"))
    }

    fn into_form(self, call: &ApiCall) -> ClaimFormInput {
        let subscriptions: BTreeMap<String, String> =
            self.products.iter().filter_map(|p| Some((p.code.clone(), p.subscription_id.clone()?))).collect();
        let locale = if self.customer_contact_locale.is_empty() { call.locale.tag().to_owned() } else { self.customer_contact_locale };
        ClaimFormInput {
            name: self.name,
            mpn_id: self.mpn_id,
            solution_area: self.solution_area,
            activity: self.activity,
            customer_name: self.customer_name,
            customer_domain: self.customer_domain,
            tenant_id: self.tenant_id,
            products: self.products.into_iter().map(|p| p.code).collect(),
            subscriptions,
            customer_contact_name: self.customer_contact_name,
            customer_contact_title: self.customer_contact_title,
            customer_contact_email: self.customer_contact_email,
            customer_contact_locale: locale,
            technical_contact_name: self.technical_contact_name,
            technical_contact_title: self.technical_contact_title,
            technical_contact_email: self.technical_contact_email,
            partner_contact_name: self.partner_contact_name,
            partner_contact_email: self.partner_contact_email,
            partner_solution: self.partner_solution,
            engagement_date: self.engagement_date,
            commentary: self.commentary,
        }
    }
}

#[utoipa::path(post, path = "/api/v1/claims", tag = "claims", request_body = ClaimInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request safe")),
    responses((status = 201, body = Claim), (status = 422, body = Problem), (status = 403, body = Problem)), security(("token" = [])))]
#[post("/claims")]
pub async fn create(state: web::Data<AppState>, call: ApiCall, body: Json<ClaimInput>) -> Result<HttpResponse, ApiError> {
    call.require(Permission::EditClaims)?;
    let input = body.into_inner().into_form(&call);
    let (mpn_ids, catalogue) = offered(&state, call.org_id(), None).await?;
    let today = state.clock.now().date_naive();
    let draft = parse_claim_form(&input, &FormContext { mpn_ids: &mpn_ids, catalogue: &catalogue, today }).map_err(ApiError::Invalid)?;
    let id = claims::insert(&state.db, call.org_id(), &call.acting().actor, &draft, state.now()).await?;
    let claim = own_claim(&state, &call, id.as_ref()).await?;
    let location = format!("/api/v1/claims/{}", claim.public_id);
    Ok(HttpResponse::Created().insert_header(("Location", location)).json(claim_out(&state, &call, claim)))
}

#[utoipa::path(patch, path = "/api/v1/claims/{id}", tag = "claims", request_body = ClaimInput,
    params(("id" = String, Path, description = "The claim ID")),
    responses((status = 200, body = Claim), (status = 409, body = Problem), (status = 422, body = Problem)), security(("token" = [])))]
#[patch("/claims/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    call: ApiCall,
    path: web::Path<String>,
    changes: Json<serde_json::Map<String, serde_json::Value>>,
) -> Result<HttpResponse, ApiError> {
    call.require(Permission::EditClaims)?;
    let claim = own_claim(&state, &call, &path).await?;
    let body = ClaimInput::merged(&claim, changes.into_inner())?;
    let revision = body.revision;
    let typed = body.into_form(&call);
    let draft = if require_action(&state, &call, &claim, ClaimAction::Edit).is_ok() {
        let (mpn_ids, catalogue) = offered(&state, call.org_id(), Some(&claim)).await?;
        let today = state.clock.now().date_naive();
        parse_claim_form(&typed, &FormContext { mpn_ids: &mpn_ids, catalogue: &catalogue, today })
    } else {
        require_action(&state, &call, &claim, ClaimAction::Update)?;
        let input = limited_input(&claim, typed);
        parse_limited(&state, call.org_id(), &claim, &input).await?
    }
    .map_err(ApiError::Invalid)?;
    if revision.is_some_and(|r| r != claim.revision())
        || !claims::update(&state.db, &claim, &draft, &call.acting().actor, state.now()).await?
    {
        return Err(ApiError::Conflict("api-stale-revision"));
    }
    let claim = own_claim(&state, &call, &claim.public_id).await?;
    Ok(HttpResponse::Ok().json(claim_out(&state, &call, claim)))
}

#[utoipa::path(delete, path = "/api/v1/claims/{id}", tag = "claims", params(("id" = String, Path, description = "The claim ID")),
    responses((status = 204), (status = 409, body = Problem)), security(("token" = [])))]
#[delete("/claims/{id}")]
pub async fn remove(state: web::Data<AppState>, call: ApiCall, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    call.require(Permission::EditClaims)?;
    let claim = own_claim(&state, &call, &path).await?;
    require_action(&state, &call, &claim, ClaimAction::Delete)?;
    let keys = poe::keys_of(&state.db, claim.id).await?;
    if !claims::delete_editing(&state.db, claim.id, &call.acting().actor, state.now()).await? {
        return Err(ApiError::Conflict("error-claim-not-editable"));
    }
    for key in keys {
        state.poe.delete(&key).await;
    }
    Ok(HttpResponse::NoContent().finish())
}
