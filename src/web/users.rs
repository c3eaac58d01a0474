//! The org's users, managed by its global admin: list, add, change a role, deactivate.

use super::action_forms::{NewUserForm, RoleForm};
use super::error::AppError;
use super::page::{Page, ok, render, see_other};
use super::posted::{NoFields, Posted};
use super::state::AppState;
use super::visitor::{OrgMember, SignedIn};
use crate::db::accounts::{self, Invitation, InviteOutcome, NewInvitation};
use crate::db::audit::AuditEntry;
use crate::db::users::{self, User};
use crate::domain::administration;
use crate::domain::audit::AuditKind;
use crate::domain::claim_form::FieldErrors;
use crate::domain::role::{Permission, Role};
use crate::mail::account_mail;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

#[derive(Default)]
struct NewUserInput {
    email: String,
    name: String,
    role: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    page: Page,
    users: Vec<User>,
    /// Invitations not yet accepted.
    invitations: Vec<Invitation>,
    me: i64,
    input: NewUserInput,
    errors: FieldErrors,
    roles: [Role; 3],
    /// The translation key of what was just done, to confirm it.
    done: Option<&'static str>,
}

#[derive(serde::Deserialize)]
struct UsersQuery {
    done: Option<String>,
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    member: OrgMember,
    input: NewUserInput,
    errors: FieldErrors,
    done: Option<&'static str>,
) -> Result<UsersPage, AppError> {
    Ok(UsersPage {
        page: Page::new(&user.visitor),
        users: users::org_users(&state.db, member.org_id).await?,
        invitations: accounts::pending(&state.db, Some(member.org_id)).await?,
        me: member.user_id,
        input,
        errors,
        roles: Role::PARTNER_ROLES,
        done,
    })
}

impl UsersPage {
    pub fn role_options(&self) -> Vec<(&'static str, &'static str)> {
        Role::choices(&self.roles)
    }
}

const DONE_KEYS: [&str; 6] =
    ["user-invited", "invitation-resent", "invitation-revoked", "user-role-changed", "user-deactivated", "user-reactivated"];

#[get("/users")]
pub async fn list(state: web::Data<AppState>, user: SignedIn, query: web::Query<UsersQuery>) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageUsers)?;
    let done = super::admin::confirmed(query.done.as_deref(), &DONE_KEYS);
    ok(&page(&state, &user, member, NewUserInput::default(), FieldErrors::default(), done).await?)
}

/// Invites a person to the org: they choose their own password from the e-mailed link. The same
/// answer whoever already holds the address, so it says nothing of other orgs.
#[post("/users")]
pub async fn invite(state: web::Data<AppState>, user: SignedIn, posted: Posted<NewUserForm>) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageUsers)?;
    let NewUserForm { email, name, role } = posted.form;
    let input = NewUserInput { email, name, role };
    let mut errors = FieldErrors::default();
    let person = administration::person(&mut errors, &input.email, &input.name);
    let role = Role::parse(&input.role).filter(|r| r.is_partner());
    if role.is_none() {
        errors.add("role", "error-choose-one");
    }
    if let (Some((address, name)), Some(role), true) = (person, role, errors.is_empty()) {
        let new = NewInvitation { email: &address, name: &name, role, org_id: Some(member.org_id), invited_by: Some(member.user_id) };
        let mail = account_mail::invitation_queued(&address, user.visitor.locale.tag());
        match accounts::invite(&state.db, new, mail, &user.audit_actor(), state.now()).await? {
            InviteOutcome::Invited(_) => return Ok(see_other("/users?done=user-invited")),
            // Whose address it is, is never said: an address of this org points at the list;
            // one of another org or of a reviewer gets an answer that names nobody.
            InviteOutcome::AddressTaken => {
                let ours = users::org_user_by_email(&state.db, member.org_id, &address).await?.is_some();
                errors.add("email", if ours { "error-email-taken" } else { "error-email-unavailable" });
            }
        }
    }
    render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, member, input, errors, None).await?)
}

/// Sends a pending invitation again, with a new link (the old one stops working).
#[post("/invitations/{id}/resend")]
pub async fn resend(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageUsers)?;
    let invitation = accounts::pending_of(&state.db, Some(member.org_id), *path).await?.ok_or(AppError::NotFound)?;
    let mail = account_mail::invitation_queued(&invitation.email, user.visitor.locale.tag());
    accounts::resend(&state.db, &invitation, mail, state.now()).await?;
    Ok(see_other("/users?done=invitation-resent"))
}

/// Revokes a pending invitation: its link stops working.
#[post("/invitations/{id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageUsers)?;
    let invitation = accounts::pending_of(&state.db, Some(member.org_id), *path).await?.ok_or(AppError::NotFound)?;
    accounts::revoke(&state.db, &invitation, &user.audit_actor(), state.now()).await?;
    Ok(see_other("/users?done=invitation-revoked"))
}

/// The org's user named in the path, other than the admin themself (who cannot lock themself out).
async fn other_user(state: &AppState, member: OrgMember, user_id: i64) -> Result<User, AppError> {
    let target = users::org_user(&state.db, member.org_id, user_id).await?.ok_or(AppError::NotFound)?;
    if target.id == member.user_id {
        return Err(AppError::Conflict("error-cannot-change-self"));
    }
    Ok(target)
}

#[post("/users/{id}/role")]
pub async fn change_role(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    posted: Posted<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageUsers)?;
    let target = other_user(&state, member, *path).await?;
    let role = posted.form.role;
    let detail = format!("{} → {}", target.role.as_str(), role.as_str());
    let actor = user.audit_actor();
    let entry =
        AuditEntry { kind: AuditKind::RoleChanged, actor: &actor, subject: &target.email, detail: &detail, org_id: Some(member.org_id) };
    users::set_role(&state.db, member.org_id, target.id, role, &entry, state.now()).await?;
    Ok(see_other("/users?done=user-role-changed"))
}

#[post("/users/{id}/deactivate")]
pub async fn deactivate(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageUsers)?;
    let target = other_user(&state, member, *path).await?;
    let actor = user.audit_actor();
    let entry =
        AuditEntry { kind: AuditKind::UserDeactivated, actor: &actor, subject: &target.email, detail: "", org_id: Some(member.org_id) };
    users::set_active(&state.db, Some(member.org_id), target.id, false, &entry, state.now()).await?;
    Ok(see_other("/users?done=user-deactivated"))
}

#[post("/users/{id}/reactivate")]
pub async fn reactivate(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageUsers)?;
    let target = other_user(&state, member, *path).await?;
    let actor = user.audit_actor();
    let entry =
        AuditEntry { kind: AuditKind::UserReactivated, actor: &actor, subject: &target.email, detail: "", org_id: Some(member.org_id) };
    users::set_active(&state.db, Some(member.org_id), target.id, true, &entry, state.now()).await?;
    Ok(see_other("/users?done=user-reactivated"))
}
