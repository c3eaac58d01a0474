//! The org's API tokens, managed by its global admin: create (shown once), list with last use,
//! revoke at once. Only a hash of each secret is kept.

use super::admin::{confirmed, entry};
use super::error::AppError;
use super::page::{Page, ok, render, see_other};
use super::posted::{NoFields, Posted};
use super::state::AppState;
use super::visitor::{OrgMember, SignedIn};
use crate::auth::tokens::{random_token, token_hash};
use crate::db::api_tokens::{self, TokenRecord};
use crate::domain::api_token::{self, HINT_CHARS, PREFIX, Scope};
use crate::domain::audit::AuditKind;
use crate::domain::claim_form::FieldErrors;
use crate::domain::role::Permission;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

/// What the creation form shows again after a problem.
#[derive(Default)]
struct Typed {
    name: String,
    scope: String,
    days: String,
}

#[derive(Template)]
#[template(path = "api_tokens.html")]
struct TokensPage {
    page: Page,
    tokens: Vec<TokenRecord>,
    /// The secret of the token just created: shown this once.
    created: Option<String>,
    typed: Typed,
    errors: FieldErrors,
    done: Option<&'static str>,
    now: crate::db::Timestamp,
}

impl TokensPage {
    pub fn scope_options(&self) -> Vec<(&'static str, &'static str)> {
        Scope::ALL.iter().map(|s| (s.as_str(), s.label_key())).collect()
    }

    pub fn scope_key(&self, token: &TokenRecord) -> &'static str {
        token.scope().map_or("api-scope-read", Scope::label_key)
    }

    /// The token's state in words: revoked, expired or active.
    pub fn state_key(&self, token: &TokenRecord) -> &'static str {
        if token.revoked_at.is_some() {
            "api-token-revoked"
        } else if !api_token::usable(false, token.expires_at.0, self.now.0) {
            "api-token-expired"
        } else {
            "account-active"
        }
    }

    pub fn revocable(&self, token: &TokenRecord) -> bool {
        api_token::usable(token.revoked_at.is_some(), token.expires_at.0, self.now.0)
    }
}

const DONE: [&str; 1] = ["api-token-revoked-done"];

async fn page(
    state: &AppState,
    user: &SignedIn,
    member: OrgMember,
    created: Option<String>,
    typed: Typed,
    errors: FieldErrors,
    done: Option<&'static str>,
) -> Result<TokensPage, AppError> {
    Ok(TokensPage {
        page: Page::new(&user.visitor),
        tokens: api_tokens::list(&state.db, member.org_id).await?,
        created,
        typed,
        errors,
        done,
        now: state.now(),
    })
}

#[get("/api-tokens")]
pub async fn list(
    state: web::Data<AppState>,
    user: SignedIn,
    query: web::Query<super::admin::DoneQuery>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageIntegrations)?;
    let typed = Typed { days: "90".into(), ..Typed::default() };
    ok(&page(&state, &user, member, None, typed, FieldErrors::default(), confirmed(query.done.as_deref(), &DONE)).await?)
}

/// Creates a token and shows its secret once, on the page the post answers with (never in a URL).
#[post("/api-tokens")]
pub async fn create(state: web::Data<AppState>, user: SignedIn, posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageIntegrations)?;
    let typed = Typed { name: posted.typed("name").into(), scope: posted.typed("scope").into(), days: posted.typed("days").into() };
    let mut errors = match api_token::parse_new(&typed.name, &typed.scope, &typed.days, state.now().0) {
        Ok(new) => {
            let secret = format!("{PREFIX}{}", random_token());
            let hint: String = secret.chars().take(HINT_CHARS).collect();
            let actor = user.audit_actor();
            let detail = format!("{} · {}", new.scope.as_str(), new.expires_at.date_naive());
            let audit = entry(AuditKind::ApiTokenCreated, &actor, &new.name, &detail, Some(member.org_id));
            if api_tokens::create(&state.db, member.org_id, &new, &token_hash(&secret), &hint, &audit, state.now()).await?.is_some() {
                let shown = page(
                    &state,
                    &user,
                    member,
                    Some(secret),
                    Typed { days: "90".into(), ..Typed::default() },
                    FieldErrors::default(),
                    None,
                );
                return render(StatusCode::CREATED, &shown.await?);
            }
            let mut errors = FieldErrors::default();
            errors.add("name", "error-api-token-limit");
            errors
        }
        Err(errors) => errors,
    };
    if errors.is_empty() {
        errors.add("name", "error-required");
    }
    render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, member, None, typed, errors, None).await?)
}

#[post("/api-tokens/{id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageIntegrations)?;
    let id = path.into_inner();
    let name = api_tokens::name_of(&state.db, member.org_id, id).await?.ok_or(AppError::NotFound)?;
    let actor = user.audit_actor();
    let audit = entry(AuditKind::ApiTokenRevoked, &actor, &name, "", Some(member.org_id));
    api_tokens::revoke(&state.db, member.org_id, id, &audit, state.now()).await?;
    Ok(see_other("/api-tokens?done=api-token-revoked-done"))
}
