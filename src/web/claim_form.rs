//! "Create association" and editing a claim in Editing: one form, validated on the server, shown
//! again with the input kept and an error beside each bad field.

use super::action_forms::ClaimEditForm;
use super::allowed::require;
use super::error::AppError;
use super::page::{Page, ok, render, see_other};
use super::posted::Posted;
use super::state::AppState;
use super::visitor::{OrgMember, SignedIn, Visitor};
use super::workflow_action::conflict_page;
use crate::db::claims::{self, ClaimRecord, ClaimScope};
use crate::db::{catalogue, orgs};
use crate::domain::allowed::ClaimAction;
use crate::domain::claim::{Activity, SolutionArea};
use crate::domain::claim_form::{CatalogueProduct, ClaimDraft, ClaimFormInput, FieldErrors, FormContext, parse_claim_form};
use crate::domain::role::Permission;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

#[derive(Template)]
#[template(path = "claim_form.html")]
struct ClaimFormPage {
    page: Page,
    /// The claim being edited, or `None` for a new one.
    public_id: Option<String>,
    input: ClaimFormInput,
    errors: FieldErrors,
    mpn_ids: Vec<String>,
    catalogue: Vec<CatalogueProduct>,
    areas: &'static [SolutionArea],
    activities: &'static [Activity],
    /// A submitted claim: only MPN ID, products, contacts and commentary may change.
    limited: bool,
    /// The revision of the claim the form was filled from: a save against a claim that changed
    /// since is refused with the 409 page.
    revision: Option<i64>,
}

impl ClaimFormPage {
    /// The languages a customer contact may be written to in: tag and the language's own name.
    fn languages(&self) -> &'static [(&'static str, &'static str)] {
        crate::i18n::SUPPORTED
    }

    fn products_in(&self, area: &SolutionArea) -> Vec<&CatalogueProduct> {
        self.catalogue.iter().filter(|p| p.solution_area == *area).collect()
    }

    fn ticked(&self, code: &str) -> bool {
        self.input.products.iter().any(|p| p == code)
    }

    fn subscription(&self, code: &str) -> &str {
        self.input.subscriptions.get(code).map(String::as_str).unwrap_or("")
    }

    fn action(&self) -> String {
        match (&self.public_id, self.limited) {
            (Some(id), true) => format!("/claims/{id}/update"),
            (Some(id), false) => format!("/claims/{id}/edit"),
            (None, _) => "/claims/new".into(),
        }
    }
}

/// The form's fields as stored, for editing.
pub fn input_from_record(claim: &ClaimRecord) -> ClaimFormInput {
    ClaimFormInput {
        name: claim.name.clone(),
        mpn_id: claim.mpn_id.clone(),
        solution_area: claim.solution_area.clone(),
        activity: claim.activity.clone(),
        customer_name: claim.customer_name.clone(),
        customer_domain: claim.customer_domain.clone(),
        tenant_id: claim.tenant_id.clone(),
        products: claim.products.iter().map(|p| p.code.clone()).collect(),
        subscriptions: claim.products.iter().filter_map(|p| Some((p.code.clone(), p.subscription_id.clone()?))).collect(),
        customer_contact_name: claim.customer_contact_name.clone(),
        customer_contact_title: claim.customer_contact_title.clone(),
        customer_contact_email: claim.customer_contact_email.clone(),
        customer_contact_locale: claim.customer_contact_locale.clone(),
        technical_contact_name: claim.technical_contact_name.clone().unwrap_or_default(),
        technical_contact_title: claim.technical_contact_title.clone().unwrap_or_default(),
        technical_contact_email: claim.technical_contact_email.clone().unwrap_or_default(),
        partner_contact_name: claim.partner_contact_name.clone(),
        partner_contact_email: claim.partner_contact_email.clone(),
        partner_solution: claim.partner_solution.clone(),
        engagement_date: claim.engagement_date.format("%Y-%m-%d").to_string(),
        commentary: claim.commentary.clone(),
    }
}

/// The MPN IDs and products a claim may name: those in use, and the claim's own (which stay on it
/// when retired).
pub async fn offered(state: &AppState, org_id: i64, claim: Option<&ClaimRecord>) -> Result<(Vec<String>, Vec<CatalogueProduct>), AppError> {
    let mpn_ids = orgs::mpn_ids(&state.db, org_id, claim.map(|c| c.mpn_id.as_str())).await?;
    let keep: Vec<String> = claim.map(|c| c.products.iter().map(|p| p.code.clone()).collect()).unwrap_or_default();
    Ok((mpn_ids, catalogue::offered(&state.db, &keep).await?))
}

async fn form_page(
    state: &AppState,
    user: &SignedIn,
    member: OrgMember,
    claim: Option<&ClaimRecord>,
    input: ClaimFormInput,
    errors: FieldErrors,
) -> Result<ClaimFormPage, AppError> {
    let (mpn_ids, catalogue) = offered(state, member.org_id, claim).await?;
    Ok(ClaimFormPage {
        page: Page::new(&user.visitor),
        public_id: claim.map(|c| c.public_id.clone()),
        input,
        errors,
        mpn_ids,
        catalogue,
        areas: SolutionArea::ALL,
        activities: Activity::ALL,
        limited: false,
        revision: None,
    })
}

/// Parses a posted claim form against the org's MPN IDs and the catalogue.
async fn parse_posted(
    state: &AppState,
    member: OrgMember,
    claim: Option<&ClaimRecord>,
    mut input: ClaimFormInput,
    visitor: &Visitor,
) -> Result<(ClaimFormInput, Result<ClaimDraft, FieldErrors>), AppError> {
    if input.customer_contact_locale.is_empty() {
        input.customer_contact_locale = visitor.locale.tag().to_owned();
    }
    let (mpn_ids, catalogue) = offered(state, member.org_id, claim).await?;
    let today = state.clock.now().date_naive();
    let parsed = parse_claim_form(&input, &FormContext { mpn_ids: &mpn_ids, catalogue: &catalogue, today });
    Ok((input, parsed))
}

/// The org's claim, if the person may take `action` on it now: 404 for another org's, else as
/// `domain::allowed` decides.
async fn claim_for(
    state: &AppState,
    user: &SignedIn,
    member: OrgMember,
    public_id: &str,
    action: ClaimAction,
) -> Result<ClaimRecord, AppError> {
    let claim = claims::find(&state.db, ClaimScope::Org(member.org_id), public_id).await?.ok_or(AppError::NotFound)?;
    require(state, user, &claim, action)?;
    Ok(claim)
}

#[derive(serde::Deserialize)]
pub struct NewQuery {
    /// A claim of the org to copy the fields from ("Create a new association from this claim").
    from: Option<String>,
}

#[get("/claims/new")]
pub async fn new_form(state: web::Data<AppState>, user: SignedIn, query: web::Query<NewQuery>) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    // The customer contact's language is the partner's until they choose another.
    let mut input = ClaimFormInput { customer_contact_locale: user.visitor.locale.tag().to_owned(), ..ClaimFormInput::default() };
    if let Some(from) = &query.from {
        let source = claims::find(&state.db, ClaimScope::Org(member.org_id), from).await?.ok_or(AppError::NotFound)?;
        input = input_from_record(&source);
    }
    let mpn_ids = orgs::mpn_ids(&state.db, member.org_id, None).await?;
    if let [only] = mpn_ids.as_slice() {
        input.mpn_id = only.clone();
    }
    ok(&form_page(&state, &user, member, None, input, FieldErrors::default()).await?)
}

#[post("/claims/new")]
pub async fn create(state: web::Data<AppState>, user: SignedIn, posted: Posted<ClaimFormInput>) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let (input, parsed) = parse_posted(&state, member, None, posted.form, &posted.visitor).await?;
    match parsed {
        Ok(draft) => {
            let id = claims::insert(&state.db, member.org_id, &user.actor(), &draft, state.now()).await?;
            Ok(see_other(&format!("/claims/{}", id.as_ref())))
        }
        Err(errors) => render(StatusCode::UNPROCESSABLE_ENTITY, &form_page(&state, &user, member, None, input, errors).await?),
    }
}

#[get("/claims/{id}/edit")]
pub async fn edit_form(state: web::Data<AppState>, user: SignedIn, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let claim = claim_for(&state, &user, member, &path, ClaimAction::Edit).await?;
    let input = input_from_record(&claim);
    let revision = claim.revision();
    let mut page = form_page(&state, &user, member, Some(&claim), input, FieldErrors::default()).await?;
    page.revision = Some(revision);
    ok(&page)
}

#[post("/claims/{id}/edit")]
pub async fn update(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    posted: Posted<ClaimEditForm>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let claim = claim_for(&state, &user, member, &path, ClaimAction::Edit).await?;
    let revision = posted.form.revision()?;
    let (input, parsed) = parse_posted(&state, member, Some(&claim), posted.form.input, &posted.visitor).await?;
    match parsed {
        Ok(draft) => {
            if claim.revision() != revision || !claims::update(&state.db, &claim, &draft, &user.actor(), state.now()).await? {
                // Filled before the claim last changed: nothing is written; the 409 page says why.
                return conflict_page(&state, &user, &claim).await;
            }
            Ok(see_other(&format!("/claims/{}", claim.public_id)))
        }
        Err(errors) => {
            let mut page = form_page(&state, &user, member, Some(&claim), input, errors).await?;
            page.revision = Some(revision);
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// The fields a partner may still change once a claim is submitted (SPEC, Editing).
const LIMITED_FIELDS: [&str; 11] = [
    "mpn_id",
    "customer_contact_name",
    "customer_contact_title",
    "customer_contact_email",
    "customer_contact_locale",
    "technical_contact_name",
    "technical_contact_title",
    "technical_contact_email",
    "partner_contact_name",
    "partner_contact_email",
    "commentary",
];

/// The stored claim with the fields a submitted claim may still change taken from `typed`;
/// everything else stays as stored whatever was sent.
pub fn limited_input(claim: &ClaimRecord, mut typed: ClaimFormInput) -> ClaimFormInput {
    let mut input = input_from_record(claim);
    for field in LIMITED_FIELDS {
        if let (Some(slot), Some(value)) = (input.text_field_mut(field), typed.text_field_mut(field)) {
            *slot = std::mem::take(value);
        }
    }
    input.products = typed.products;
    input.subscriptions = typed.subscriptions;
    input
}

/// Judges a limited update (see `limited_input`) by the form's rules.
pub async fn parse_limited(
    state: &AppState,
    org_id: i64,
    claim: &ClaimRecord,
    input: &ClaimFormInput,
) -> Result<Result<ClaimDraft, FieldErrors>, AppError> {
    let (mpn_ids, catalogue) = offered(state, org_id, Some(claim)).await?;
    // The engagement date cannot change here, so it is not judged against today again.
    let today = claim.engagement_date.max(state.clock.now().date_naive());
    Ok(parse_claim_form(input, &FormContext { mpn_ids: &mpn_ids, catalogue: &catalogue, today }))
}

#[get("/claims/{id}/update")]
pub async fn update_form(state: web::Data<AppState>, user: SignedIn, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let claim = claim_for(&state, &user, member, &path, ClaimAction::Update).await?;
    let input = input_from_record(&claim);
    let revision = claim.revision();
    let mut page = form_page(&state, &user, member, Some(&claim), input, FieldErrors::default()).await?;
    page.limited = true;
    page.revision = Some(revision);
    ok(&page)
}

/// Applies the allowed fields of the posted form on top of the stored claim; everything else
/// stays as stored whatever the form says.
#[post("/claims/{id}/update")]
pub async fn limited_update(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    posted: Posted<ClaimEditForm>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let claim = claim_for(&state, &user, member, &path, ClaimAction::Update).await?;
    let revision = posted.form.revision()?;
    let input = limited_input(&claim, posted.form.input);
    match parse_limited(&state, member.org_id, &claim, &input).await? {
        Ok(draft) => {
            if claim.revision() != revision || !claims::update(&state.db, &claim, &draft, &user.actor(), state.now()).await? {
                // Filled before the claim last changed: nothing is written; the 409 page says why.
                return conflict_page(&state, &user, &claim).await;
            }
            Ok(see_other(&super::done::Done::Updated.location(&claim.public_id)))
        }
        Err(errors) => {
            let mut page = form_page(&state, &user, member, Some(&claim), input, errors).await?;
            page.limited = true;
            page.revision = Some(revision);
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
