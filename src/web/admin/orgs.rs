//! Organisations: list with search, create (name and MPN IDs), rename, add and remove MPN IDs
//! (one a claim names is retired instead), deactivate and reactivate, and invite the org's global
//! admin.

use super::{DoneQuery, Switch, confirmed, entry};
use crate::db::accounts::{self, InviteOutcome, NewInvitation};
use crate::db::orgs::{self, MpnRemoval, OrgError, OrgMpnId, OrgSummary};
use crate::db::users::{self, User};
use crate::domain::administration;
use crate::domain::audit::AuditKind;
use crate::domain::claim_form::FieldErrors;
use crate::domain::role::Role;
use crate::mail::account_mail;
use crate::web::error::AppError;
use crate::web::page::{Page, ok, render, see_other};
use crate::web::posted::{NoFields, Posted};
use crate::web::state::AppState;
use crate::web::visitor::SignedIn;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

/// The most orgs one search lists.
const LIST_LIMIT: i64 = 200;

#[derive(Template)]
#[template(path = "admin/orgs.html")]
struct OrgsPage {
    page: Page,
    current: &'static str,
    search: String,
    orgs: Vec<OrgSummary>,
    /// More matched than are listed.
    more: bool,
    typed_name: String,
    mpn_ids: String,
    errors: FieldErrors,
}

#[derive(serde::Deserialize)]
pub struct OrgsQuery {
    q: Option<String>,
}

async fn list_page(
    state: &AppState,
    user: &SignedIn,
    search: String,
    typed: (String, String),
    errors: FieldErrors,
) -> Result<OrgsPage, AppError> {
    let search: String = search.trim().chars().take(200).collect();
    let mut orgs = orgs::list(&state.db, &search, LIST_LIMIT + 1).await?;
    let more = orgs.len() as i64 > LIST_LIMIT;
    orgs.truncate(LIST_LIMIT as usize);
    let (name, mpn_ids) = typed;
    Ok(OrgsPage { page: Page::new(&user.visitor), current: "/admin/orgs", search, orgs, more, typed_name: name, mpn_ids, errors })
}

#[get("/admin/orgs")]
pub async fn list(state: web::Data<AppState>, user: SignedIn, query: web::Query<OrgsQuery>) -> Result<HttpResponse, AppError> {
    user.operator()?;
    let search = query.q.clone().unwrap_or_default();
    ok(&list_page(&state, &user, search, Default::default(), FieldErrors::default()).await?)
}

#[post("/admin/orgs")]
pub async fn create(state: web::Data<AppState>, user: SignedIn, posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let mut errors = FieldErrors::default();
    let name = administration::org_name(&mut errors, "org_name", posted.typed("org_name"));
    let mpn_ids = administration::mpn_ids(&mut errors, "mpn_ids", posted.typed("mpn_ids"));
    if errors.is_empty() {
        let detail = mpn_ids.join(", ");
        let audit = entry(AuditKind::OrgCreated, &actor, &name, &detail, None);
        match orgs::create_org(&state.db, &name, &mpn_ids, Some(&audit), state.now()).await {
            Ok(id) => return Ok(see_other(&format!("/admin/orgs/{id}?done=org-created"))),
            Err(OrgError::MpnIdTaken(_)) => errors.add("mpn_ids", "error-mpn-taken"),
            Err(OrgError::Database(e)) => return Err(e.into()),
        }
    }
    let typed = (posted.typed("org_name").to_owned(), posted.typed("mpn_ids").to_owned());
    render(StatusCode::UNPROCESSABLE_ENTITY, &list_page(&state, &user, String::new(), typed, errors).await?)
}

#[derive(Template)]
#[template(path = "admin/org.html")]
struct OrgPage {
    page: Page,
    current: &'static str,
    org: OrgSummary,
    mpn_ids: Vec<OrgMpnId>,
    users: Vec<User>,
    invitations: Vec<accounts::Invitation>,
    /// What was typed into the forms, to show again beside a problem.
    typed: Typed,
    errors: FieldErrors,
    done: Option<&'static str>,
}

#[derive(Default)]
struct Typed {
    org_name: String,
    mpn_ids: String,
    name: String,
    email: String,
}

impl Typed {
    fn from(posted: &Posted<NoFields>) -> Typed {
        let get = |k: &str| posted.typed(k).to_owned();
        Typed { org_name: get("org_name"), mpn_ids: get("mpn_ids"), name: get("name"), email: get("email") }
    }
}

const DONE: [&str; 9] = [
    "org-created",
    "org-renamed",
    "mpn-ids-added",
    "mpn-id-removed",
    "mpn-id-retired",
    "org-deactivated",
    "org-reactivated",
    "user-invited",
    "invitation-revoked",
];

async fn org_of(state: &AppState, id: i64) -> Result<OrgSummary, AppError> {
    orgs::org(&state.db, id).await?.ok_or(AppError::NotFound)
}

async fn org_page(
    state: &AppState,
    user: &SignedIn,
    org: OrgSummary,
    typed: Typed,
    errors: FieldErrors,
    done: Option<&'static str>,
) -> Result<OrgPage, AppError> {
    Ok(OrgPage {
        page: Page::new(&user.visitor),
        current: "/admin/orgs",
        mpn_ids: orgs::org_mpn_ids(&state.db, org.id).await?,
        users: users::org_users(&state.db, org.id).await?,
        invitations: accounts::pending(&state.db, Some(org.id)).await?,
        org,
        typed,
        errors,
        done,
    })
}

#[get("/admin/orgs/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, AppError> {
    user.operator()?;
    let org = org_of(&state, *path).await?;
    let done = confirmed(query.done.as_deref(), &DONE);
    ok(&org_page(&state, &user, org, Typed::default(), FieldErrors::default(), done).await?)
}

fn done_at(org_id: i64, done: &str) -> HttpResponse {
    see_other(&format!("/admin/orgs/{org_id}?done={done}"))
}

async fn refused(
    state: &AppState,
    user: &SignedIn,
    org: OrgSummary,
    posted: &Posted<NoFields>,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    render(StatusCode::UNPROCESSABLE_ENTITY, &org_page(state, user, org, Typed::from(posted), errors, None).await?)
}

#[post("/admin/orgs/{id}/rename")]
pub async fn rename(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let org = org_of(&state, *path).await?;
    let mut errors = FieldErrors::default();
    let name = administration::org_name(&mut errors, "org_name", posted.typed("org_name"));
    if !errors.is_empty() {
        return refused(&state, &user, org, &posted, errors).await;
    }
    let detail = format!("{} → {name}", org.name);
    orgs::rename(&state.db, org.id, &name, &entry(AuditKind::OrgRenamed, &actor, &name, &detail, Some(org.id)), state.now()).await?;
    Ok(done_at(org.id, "org-renamed"))
}

#[post("/admin/orgs/{id}/mpn-ids")]
pub async fn add_mpn_ids(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let org = org_of(&state, *path).await?;
    let mut errors = FieldErrors::default();
    let ids = administration::mpn_ids(&mut errors, "mpn_ids", posted.typed("mpn_ids"));
    if errors.is_empty() {
        let detail = ids.join(", ");
        let audit = entry(AuditKind::MpnIdAdded, &actor, &org.name, &detail, Some(org.id));
        match orgs::add_mpn_ids(&state.db, org.id, &ids, &audit, state.now()).await {
            Ok(()) => return Ok(done_at(org.id, "mpn-ids-added")),
            Err(OrgError::MpnIdTaken(_)) => errors.add("mpn_ids", "error-mpn-taken"),
            Err(OrgError::Database(e)) => return Err(e.into()),
        }
    }
    refused(&state, &user, org, &posted, errors).await
}

/// Removes an MPN ID, or retires it when a claim names it.
#[post("/admin/orgs/{id}/mpn-ids/remove")]
pub async fn remove_mpn_id(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let org = org_of(&state, *path).await?;
    let mpn_id = posted.typed("mpn_id");
    let audit = entry(AuditKind::MpnIdRemoved, &actor, &org.name, mpn_id, Some(org.id));
    match orgs::remove_mpn_id(&state.db, org.id, mpn_id, &audit, state.now()).await? {
        MpnRemoval::Removed => Ok(done_at(org.id, "mpn-id-removed")),
        MpnRemoval::Retired => Ok(done_at(org.id, "mpn-id-retired")),
        MpnRemoval::NotFound => Err(AppError::NotFound),
    }
}

/// Deactivates the org (its people's sessions end at once and they cannot sign in), or
/// reactivates it.
#[post("/admin/orgs/{id}/{switch:(deactivate|reactivate)}")]
pub async fn set_active(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<(i64, String)>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let org = org_of(&state, path.0).await?;
    let Switch(active) = Switch::on(&path.1);
    let kind = if active { AuditKind::OrgReactivated } else { AuditKind::OrgDeactivated };
    orgs::set_active(&state.db, org.id, active, &entry(kind, &actor, &org.name, "", Some(org.id)), state.now()).await?;
    Ok(done_at(org.id, if active { "org-reactivated" } else { "org-deactivated" }))
}

/// Invites a global admin of the org (its first, or another).
#[post("/admin/orgs/{id}/invite")]
pub async fn invite(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let org = org_of(&state, *path).await?;
    let mut errors = FieldErrors::default();
    if let Some((address, name)) = administration::person(&mut errors, posted.typed("email"), posted.typed("name")) {
        let new = NewInvitation { email: &address, name: &name, role: Role::GlobalAdmin, org_id: Some(org.id), invited_by: actor.user_id };
        let mail = account_mail::invitation_queued(&address, user.visitor.locale.tag());
        match accounts::invite(&state.db, new, mail, &actor, state.now()).await? {
            InviteOutcome::Invited(_) => return Ok(done_at(org.id, "user-invited")),
            InviteOutcome::AddressTaken => errors.add("email", "error-email-has-account"),
        }
    }
    refused(&state, &user, org, &posted, errors).await
}

/// Revokes a pending invitation to the org.
#[post("/admin/orgs/{id}/invitations/{invitation}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<(i64, i64)>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let (org_id, invitation) = *path;
    let invitation = accounts::pending_of(&state.db, Some(org_id), invitation).await?.ok_or(AppError::NotFound)?;
    accounts::revoke(&state.db, &invitation, &actor, state.now()).await?;
    Ok(done_at(org_id, "invitation-revoked"))
}
