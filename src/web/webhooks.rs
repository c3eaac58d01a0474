//! The org's webhooks, managed by its global admin: register an endpoint for chosen events (its
//! signing secret is shown once), send a test event, read the delivery log, remove an endpoint.

use super::admin::{DoneQuery, confirmed, entry};
use super::error::AppError;
use super::page::{Page, ok, render, see_other};
use super::posted::{NoFields, Posted};
use super::state::AppState;
use super::visitor::{OrgMember, SignedIn};
use crate::auth::tokens::random_token;
use crate::db::webhooks::{self, DeliveryRecord, WebhookRecord};
use crate::domain::audit::AuditKind;
use crate::domain::claim_form::FieldErrors;
use crate::domain::role::Permission;
use crate::domain::webhook::{self, EventKind};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

/// Deliveries the log shows.
const LOG_ROWS: i64 = 50;

#[derive(Template)]
#[template(path = "webhooks.html")]
struct WebhooksPage {
    page: Page,
    hooks: Vec<WebhookRecord>,
    deliveries: Vec<DeliveryRecord>,
    /// The secret of the endpoint just registered: shown this once.
    created: Option<String>,
    typed_url: String,
    chosen: Vec<&'static str>,
    errors: FieldErrors,
    done: Option<&'static str>,
}

impl WebhooksPage {
    pub fn events(&self) -> [EventKind; 4] {
        EventKind::SUBSCRIBABLE
    }

    pub fn url_of(&self, delivery: &DeliveryRecord) -> &str {
        self.hooks.iter().find(|h| h.id == delivery.webhook_id).map_or("", |h| h.url.as_str())
    }

    pub fn is_chosen(&self, event: &EventKind) -> bool {
        self.chosen.contains(&event.as_str())
    }

    pub fn event_key(&self, code: &str) -> &'static str {
        EventKind::parse(code).map_or("webhook-event-test", EventKind::label_key)
    }

    /// The delivery's state in words.
    pub fn state_key(&self, delivery: &DeliveryRecord) -> &'static str {
        if delivery.delivered_at.is_some() {
            "webhook-delivered"
        } else if delivery.given_up_at.is_some() {
            "webhook-given-up"
        } else if delivery.attempts > 0 {
            "webhook-retrying"
        } else {
            "webhook-waiting"
        }
    }
}

const DONE: [&str; 2] = ["webhook-test-queued", "webhook-removed-done"];

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    user: &SignedIn,
    member: OrgMember,
    created: Option<String>,
    typed_url: String,
    chosen: Vec<&'static str>,
    errors: FieldErrors,
    done: Option<&'static str>,
) -> Result<WebhooksPage, AppError> {
    Ok(WebhooksPage {
        page: Page::new(&user.visitor),
        hooks: webhooks::list(&state.db, member.org_id).await?,
        deliveries: webhooks::recent_deliveries(&state.db, member.org_id, LOG_ROWS).await?,
        created,
        typed_url,
        chosen,
        errors,
        done,
    })
}

fn all_events() -> Vec<&'static str> {
    EventKind::SUBSCRIBABLE.iter().map(|e| e.as_str()).collect()
}

#[get("/webhooks")]
pub async fn list(state: web::Data<AppState>, user: SignedIn, query: web::Query<DoneQuery>) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageIntegrations)?;
    let done = confirmed(query.done.as_deref(), &DONE);
    ok(&page(&state, &user, member, None, String::new(), all_events(), FieldErrors::default(), done).await?)
}

/// Registers an endpoint and shows its signing secret once.
#[post("/webhooks")]
pub async fn add(state: web::Data<AppState>, user: SignedIn, posted: Posted<NoFields>) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageIntegrations)?;
    let typed_url = posted.typed("url").to_owned();
    let fields = super::posted::Fields(&posted.fields);
    let chosen: Vec<EventKind> = fields.all("events").into_iter().filter_map(EventKind::parse).filter(|e| *e != EventKind::Test).collect();
    let mut errors = FieldErrors::default();
    let url = webhook::endpoint(&typed_url, state.settings.webhook_allow_private).map_err(|key| errors.add("url", key)).ok();
    if chosen.is_empty() {
        errors.add("events", "error-webhook-events");
    }
    if let (Some(url), true) = (url, errors.is_empty()) {
        let secret = format!("whsec_{}", random_token());
        let actor = user.audit_actor();
        let audit = entry(AuditKind::WebhookAdded, &actor, url.as_str(), "", Some(member.org_id));
        if webhooks::add(&state.db, member.org_id, url.as_str(), &secret, &chosen, &audit, state.now()).await?.is_some() {
            let shown = page(&state, &user, member, Some(secret), String::new(), all_events(), FieldErrors::default(), None).await?;
            return render(StatusCode::CREATED, &shown);
        }
        errors.add("url", "error-webhook-limit");
    }
    let chosen = chosen.iter().map(|e| e.as_str()).collect();
    render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, member, None, typed_url, chosen, errors, None).await?)
}

#[post("/webhooks/{id}/test")]
pub async fn test(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageIntegrations)?;
    let hook = webhooks::find(&state.db, member.org_id, path.into_inner()).await?.ok_or(AppError::NotFound)?;
    webhooks::send_test(&state.db, hook.id, state.now()).await?;
    Ok(see_other("/webhooks?done=webhook-test-queued"))
}

#[post("/webhooks/{id}/remove")]
pub async fn remove(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<i64>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::ManageIntegrations)?;
    let hook = webhooks::find(&state.db, member.org_id, path.into_inner()).await?.ok_or(AppError::NotFound)?;
    let actor = user.audit_actor();
    let audit = entry(AuditKind::WebhookRemoved, &actor, &hook.url, "", Some(member.org_id));
    webhooks::remove(&state.db, member.org_id, hook.id, &audit, state.now()).await?;
    Ok(see_other("/webhooks?done=webhook-removed-done"))
}
