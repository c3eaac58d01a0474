//! The program's own people: reviewers and operators. Operators invite them, deactivate them
//! (their sessions end at once) and reactivate them.

use super::{DoneQuery, Switch, confirmed, entry};
use crate::db::accounts::{self, Invitation, InviteOutcome, NewInvitation};
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

#[derive(Template)]
#[template(path = "admin/people.html")]
struct PeoplePage {
    page: Page,
    current: &'static str,
    people: Vec<User>,
    invitations: Vec<Invitation>,
    me: i64,
    typed_name: String,
    email: String,
    role: String,
    errors: FieldErrors,
    done: Option<&'static str>,
}

impl PeoplePage {
    pub fn role_options(&self) -> Vec<(&'static str, &'static str)> {
        Role::choices(&Role::PROGRAM_ROLES)
    }
}

const DONE: [&str; 4] = ["user-invited", "invitation-revoked", "user-deactivated", "user-reactivated"];

async fn page(
    state: &AppState,
    user: &SignedIn,
    typed: [String; 3],
    errors: FieldErrors,
    done: Option<&'static str>,
) -> Result<PeoplePage, AppError> {
    let [name, email, role] = typed;
    Ok(PeoplePage {
        page: Page::new(&user.visitor),
        current: "/admin/people",
        people: users::program_people(&state.db).await?,
        invitations: accounts::pending(&state.db, None).await?,
        me: user.user().id,
        typed_name: name,
        email,
        role,
        errors,
        done,
    })
}

#[get("/admin/people")]
pub async fn list(state: web::Data<AppState>, user: SignedIn, query: web::Query<DoneQuery>) -> Result<HttpResponse, AppError> {
    user.operator()?;
    ok(&page(&state, &user, Default::default(), FieldErrors::default(), confirmed(query.done.as_deref(), &DONE)).await?)
}

#[post("/admin/people")]
pub async fn invite(state: web::Data<AppState>, user: SignedIn, posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let mut errors = FieldErrors::default();
    let person = administration::person(&mut errors, posted.typed("email"), posted.typed("name"));
    let role = Role::parse(posted.typed("role")).filter(|r| Role::PROGRAM_ROLES.contains(r));
    if role.is_none() {
        errors.add("role", "error-choose-one");
    }
    if let (Some((address, name)), Some(role)) = (person, role) {
        let new = NewInvitation { email: &address, name: &name, role, org_id: None, invited_by: actor.user_id };
        let mail = account_mail::invitation_queued(&address, user.visitor.locale.tag());
        match accounts::invite(&state.db, new, mail, &actor, state.now()).await? {
            InviteOutcome::Invited(_) => return Ok(see_other("/admin/people?done=user-invited")),
            InviteOutcome::AddressTaken => errors.add("email", "error-email-has-account"),
        }
    }
    let typed = [posted.typed("name").to_owned(), posted.typed("email").to_owned(), posted.typed("role").to_owned()];
    render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, typed, errors, None).await?)
}

#[post("/admin/invitations/{id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let invitation = accounts::pending_of(&state.db, None, *path).await?.ok_or(AppError::NotFound)?;
    accounts::revoke(&state.db, &invitation, &actor, state.now()).await?;
    Ok(see_other("/admin/people?done=invitation-revoked"))
}

/// Deactivates one of the program's people (their sessions end at once), or reactivates them.
#[post("/admin/people/{id}/{switch:(deactivate|reactivate)}")]
pub async fn set_active(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<(i64, String)>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = user.operator()?;
    let person = users::program_person(&state.db, path.0).await?.ok_or(AppError::NotFound)?;
    if person.id == user.user().id {
        return Err(AppError::Conflict("error-cannot-change-self"));
    }
    let Switch(active) = Switch::on(&path.1);
    let kind = if active { AuditKind::UserReactivated } else { AuditKind::UserDeactivated };
    users::set_active(&state.db, None, person.id, active, &entry(kind, &actor, &person.email, person.role.as_str(), None), state.now())
        .await?;
    Ok(see_other(if active { "/admin/people?done=user-reactivated" } else { "/admin/people?done=user-deactivated" }))
}
