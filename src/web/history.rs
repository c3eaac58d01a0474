//! The History page: every change, comment and action on a claim, newest first, with who (name
//! and side), when and what.

use super::claim_page::visible_claim;
use super::error::AppError;
use super::page::{Page, ok};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::Timestamp;
use crate::db::claims::ClaimRecord;
use crate::db::history::{self, HistoryRow};
use crate::domain::allowed::sees_internal_notes;
use crate::domain::workflow::{InfoReason, RejectionReason, WithdrawReason};
use crate::i18n::Locale;
use actix_web::{HttpResponse, get, web};
use askama::Template;
use std::collections::HashMap;

/// One entry as people read it; every string already in the reader's language.
pub struct HistoryItem {
    pub at: Timestamp,
    pub who: String,
    pub side: &'static str,
    pub action: &'static str,
    pub status_change: Option<(&'static str, &'static str)>,
    /// Field changes: field label, old value, new value.
    pub changes: Vec<(&'static str, String, String)>,
    pub lines: Vec<String>,
    /// Free text (a comment, a justification), shown as written.
    pub text: Option<String>,
    /// A reviewers' internal note (shown to reviewers only).
    pub internal: bool,
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

/// The catalogue's product names by code, to name products in the history as people know them.
#[derive(Default)]
pub struct ProductNames(HashMap<String, String>);

impl ProductNames {
    pub async fn load(state: &AppState) -> Result<ProductNames, AppError> {
        Ok(ProductNames(crate::db::catalogue::all(&state.db).await?.into_iter().map(|p| (p.code, p.name)).collect()))
    }

    /// The product's name; its code when the catalogue no longer has it.
    fn name(&self, code: &str) -> String {
        self.0.get(code).cloned().unwrap_or_else(|| code.to_owned())
    }
}

/// Describes a history row in the reader's language.
pub fn describe(locale: &Locale, row: &HistoryRow, products: &ProductNames) -> HistoryItem {
    let details = row.details_json();
    let mut lines = Vec::new();
    let reasons: Vec<&str> = strings(&details["reasons"])
        .iter()
        .filter_map(|r| InfoReason::parse(r))
        .map(|r| locale.t(&format!("info-reason-{}", r.as_str())))
        .collect();
    if !reasons.is_empty() {
        lines.push(format!("{} {}", locale.t("history-reasons"), reasons.join("; ")));
    }
    if let Some(reason) = details["reason"].as_str() {
        let label = if let Some(r) = RejectionReason::parse(reason) {
            locale.t(&format!("rejection-reason-{}", r.as_str()))
        } else if let Some(r) = WithdrawReason::parse(reason) {
            locale.t(&format!("withdraw-reason-{}", r.as_str()))
        } else {
            ""
        };
        lines.push(format!("{} {label}", locale.t("history-reason")));
    }
    if let Some(assignee) = details["assignee"].as_str() {
        lines.push(format!("{} {assignee}", locale.t("history-assignee")));
    }
    let files = strings(&details["files"]);
    if !files.is_empty() {
        lines.push(format!("{} {}", locale.t("history-files"), files.join(", ")));
    }
    let removals: Vec<String> = strings(&details["remove_products"]).iter().map(|code| products.name(code)).collect();
    if !removals.is_empty() {
        lines.push(format!("{} {}", locale.t("history-remove-products"), removals.join(", ")));
    }
    let changes = details["changes"]
        .as_array()
        .map(|changes| {
            changes
                .iter()
                .map(|c| {
                    let field = c["field"].as_str().unwrap_or_default();
                    (
                        locale.t(&format!("field-{field}")),
                        c["old"].as_str().unwrap_or_default().to_owned(),
                        c["new"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let text = ["text", "comment", "justification"].iter().find_map(|k| details[*k].as_str()).filter(|t| !t.is_empty()).map(str::to_owned);
    HistoryItem {
        at: row.at,
        who: row.actor_name.clone(),
        side: locale.t(&format!("side-{}", row.actor_side)),
        action: locale.t(&format!("history-action-{}", row.action)),
        status_change: match (&row.from_status, &row.to_status) {
            (Some(from), Some(to)) if from != to => Some((locale.t(&format!("status-{from}")), locale.t(&format!("status-{to}")))),
            _ => None,
        },
        changes,
        lines,
        text,
        internal: row.action == history::INTERNAL_NOTE,
    }
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    page: Page,
    claim: ClaimRecord,
    items: Vec<HistoryItem>,
}

#[get("/claims/{id}/history")]
pub async fn show(state: web::Data<AppState>, user: SignedIn, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let claim = visible_claim(&state, &user, &path).await?;
    let rows = history::of_claim(&state.db, claim.id, sees_internal_notes(user.person())).await?;
    let products = ProductNames::load(&state).await?;
    let items = rows.iter().map(|r| describe(&user.visitor.locale, r, &products)).collect();
    ok(&HistoryPage { page: Page::new(&user.visitor), claim, items })
}
