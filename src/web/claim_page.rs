//! The claim page, and deleting a claim in Editing.

use super::allowed::{offers, require};
use super::error::AppError;
use super::history::{HistoryItem, ProductNames, describe};
use super::page::{Page, ok, render, see_other};
use super::posted::{NoFields, Posted};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::claims::{self, ClaimRecord, ClaimScope};
use crate::db::competing::{self, CompetingClaim};
use crate::db::history;
use crate::db::poe::{self, PoeFileRecord};
use crate::domain::allowed::{ClaimAction, Offers, Person, sees_internal_notes};
use crate::domain::claim::ClaimStatus;
use crate::domain::poe::{PoeKind, SelfCheckItem};
use crate::domain::role::Permission;
use crate::domain::workflow::{Action, ClaimState, InfoReason, NextStep, RejectionReason, next_step};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

/// What the last action on the page asks to show.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ClaimNotice {
    uploaded: Option<usize>,
    removed: Option<u8>,
    submitted: Option<u8>,
    /// The action just taken (an action code), to confirm it.
    done: Option<String>,
}

/// Problems with a form of the claim page (submission, decisions, comments, ...), shown beside
/// the form with what was typed kept.
#[derive(Debug, Default)]
pub struct FormProblems {
    pub unchecked: Vec<SelfCheckItem>,
    pub no_poe: bool,
    pub fields: crate::domain::claim_form::FieldErrors,
    /// What was typed, by field, to show again.
    pub kept: std::collections::HashMap<String, String>,
}

impl FormProblems {
    pub fn field(field: &'static str, key: &'static str, kept: &[(&str, &str)]) -> FormProblems {
        let mut problems = FormProblems::default();
        problems.fields.add(field, key);
        problems.kept = kept.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        problems
    }
}

#[derive(Template)]
#[template(path = "claim.html")]
struct ClaimPage {
    page: Page,
    claim: ClaimRecord,
    files: Vec<PoeFileRecord>,
    /// The upload time of the newest files, which are what reviewers review.
    newest_at: Option<crate::db::Timestamp>,
    self_check: Option<[bool; 5]>,
    /// What this person may do now, as `domain::allowed` decides.
    offers: Offers,
    /// Room for more files on the upload form (the limit on files a claim holds).
    upload_room: bool,
    notice: ClaimNotice,
    problems: FormProblems,
    upload_rows: Vec<usize>,
    accepted_extensions: String,
    state: ClaimState,
    next: Option<NextStep>,
    /// A partner learns only that a workload is contested; reviewers see the competing claims.
    contested: bool,
    competitors: Vec<CompetingClaim>,
    /// E-mails about the claim that could not be delivered: what to say, and to whom.
    undelivered: Vec<(&'static str, String)>,
    comments: Vec<HistoryItem>,
    /// The reviewers' internal notes (empty for anyone else).
    notes: Vec<HistoryItem>,
    /// Who may be assigned (for reviewers, while the claim can be assigned).
    reviewers: Vec<crate::db::assignment::Reviewer>,
    /// Reviewers see competing claims by name; partners only that a workload is contested.
    is_reviewer: bool,
    /// The reasons of the request for more information the partner must answer.
    info_requested: Vec<InfoReason>,
    /// The reviewer's words with the decision that put the claim where it is.
    decision_note: Option<String>,
}

impl ClaimPage {
    /// Whether a file of this kind has a **Preview**.
    fn previewable(&self, kind: &str) -> bool {
        PoeKind::parse(kind).is_some_and(PoeKind::previewable)
    }

    fn is_assignee(&self, id: &i64) -> bool {
        self.claim.assigned_reviewer_id == Some(*id)
    }

    /// The name of the reviewer assigned, if any (reviewers see it).
    fn assignee(&self) -> Option<&str> {
        let id = self.claim.assigned_reviewer_id?;
        self.reviewers.iter().find(|r| r.id == id).map(|r| r.name.as_str())
    }

    /// Whether this person may take `action` now (asked of `domain::allowed`).
    fn can(&self, action: ClaimAction) -> bool {
        self.offers.allows(action)
    }

    /// Whether the form of `action` is shown (allowed, or refused only for what this page lets
    /// the person supply).
    fn shows(&self, action: ClaimAction) -> bool {
        self.offers.shows_form(action)
    }

    fn size(&self, bytes: &i64) -> String {
        let bytes = *bytes as f64;
        if bytes >= 1024.0 * 1024.0 { format!("{:.1} MB", bytes / 1024.0 / 1024.0) } else { format!("{:.0} KB", (bytes / 1024.0).ceil()) }
    }

    fn kind_label(&self, kind: &str) -> &'static str {
        PoeKind::parse(kind).map(|k| self.page.t(k.label_key())).unwrap_or("")
    }

    fn is_newest(&self, file: &PoeFileRecord) -> bool {
        self.claim.first_submitted_at.is_some() && Some(file.uploaded_at) == self.newest_at
    }

    fn unchecked(&self, item: &SelfCheckItem) -> bool {
        self.problems.unchecked.contains(item)
    }

    fn due_text(&self, due: &chrono::DateTime<chrono::Utc>) -> String {
        self.page.locale.date_time(*due)
    }

    fn error(&self, field: &str) -> Option<&'static str> {
        self.problems.fields.get(field)
    }

    fn kept(&self, field: &str) -> &str {
        self.problems.kept.get(field).map(String::as_str).unwrap_or("")
    }

    /// The customer contact's language, in its own name.
    fn customer_language(&self) -> &'static str {
        crate::i18n::SUPPORTED.iter().find(|(tag, _)| *tag == self.claim.customer_contact_locale).map_or("English", |(_, name)| name)
    }

    fn done_key(&self) -> Option<&'static str> {
        self.notice.done.as_deref().and_then(super::done::Done::parse).map(super::done::Done::message_key)
    }
}

/// The claim as the signed-in person may see it: their org's, or for a reviewer any claim that
/// has left Editing. Anything else does not exist for them.
pub async fn visible_claim(state: &AppState, user: &SignedIn, public_id: &str) -> Result<ClaimRecord, AppError> {
    let scope = if user.user().role.may(Permission::Review) {
        ClaimScope::Reviewer
    } else {
        ClaimScope::Org(user.org_member(Permission::ViewOrgClaims)?.org_id)
    };
    claims::find(&state.db, scope, public_id).await?.ok_or(AppError::NotFound)
}

/// Renders the claim page with the given notice and submission problems.
pub async fn claim_page(
    state: &AppState,
    user: &SignedIn,
    claim: ClaimRecord,
    notice: ClaimNotice,
    problems: FormProblems,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let files = poe::files_of(&state.db, claim.id).await?;
    let self_check = poe::self_check(&state.db, claim.id).await?;
    let is_reviewer = user.person() == Person::Reviewer;
    let status_now = claim.status();
    let now = state.clock.now();
    let durations = &state.durations();
    let claim_state = claim.state();
    let offers = offers(state, user, &claim);
    let (contested, competitors) = if is_reviewer {
        let competitors = competing::competitors(&state.db, claim.id).await?;
        (!competitors.is_empty(), competitors)
    } else {
        // Competition is decided at submission: a draft in Editing is never contested, so editing a
        // draft cannot probe which tenants other orgs claim.
        (claim_state.holds_workloads() && claim.competing, Vec::new())
    };
    let decision = match status_now {
        ClaimStatus::PartnerActionRequired => history::latest_of(&state.db, claim.id, Action::RequestInformation.code()).await?,
        ClaimStatus::Rejected => history::latest_of(&state.db, claim.id, Action::Reject(RejectionReason::InsufficientPoe).code()).await?,
        _ => None,
    };
    let decision_note = decision.map(|row| describe(&user.visitor.locale, &row, &ProductNames::default())).and_then(|item| item.text);
    let none = ProductNames::default();
    let comments = history::comments(&state.db, claim.id, false).await?.iter().map(|r| describe(&user.visitor.locale, r, &none)).collect();
    let reviewers = if offers.allows(ClaimAction::Assign) { crate::db::assignment::reviewers(&state.db).await? } else { Vec::new() };
    let notes = if sees_internal_notes(user.person()) {
        history::comments(&state.db, claim.id, true).await?.iter().map(|r| describe(&user.visitor.locale, r, &none)).collect()
    } else {
        Vec::new()
    };
    let newest_at = files.first().map(|f| f.uploaded_at);
    let undelivered = crate::db::outbox::failed_for_claim(&state.db, claim.id)
        .await?
        .into_iter()
        .map(|(consent, recipient)| (if consent { "claim-consent-mail-failed" } else { "claim-mail-failed" }, recipient))
        .collect();
    let limits = state.settings.upload_limits;
    let room = limits.max_files_per_claim.saturating_sub(files.len() as u64).min(3) as usize;
    let info_requested = match status_now {
        ClaimStatus::PartnerActionRequired => {
            claim.info_reasons.as_deref().unwrap_or("").split(',').filter_map(InfoReason::parse).collect()
        }
        _ => Vec::new(),
    };
    let page = ClaimPage {
        page: Page::new(&user.visitor),
        offers,
        upload_room: room > 0,
        upload_rows: (1..=room.max(1)).collect(),
        accepted_extensions: PoeKind::ALL.iter().flat_map(|k| k.extensions()).map(|e| format!(".{e}")).collect::<Vec<_>>().join(","),
        next: next_step(&claim_state, now, durations),
        info_requested,
        state: claim_state,
        decision_note,
        contested,
        competitors,
        comments,
        undelivered,
        notes,
        reviewers,
        is_reviewer,
        claim,
        files,
        newest_at,
        self_check,
        notice,
        problems,
    };
    render(status, &page)
}

/// Answers a claim-page form with one bad field: the page again (422), the error beside the field
/// and what was typed kept.
pub async fn refuse(
    state: &AppState,
    user: &SignedIn,
    claim: ClaimRecord,
    field: &'static str,
    key: &'static str,
    kept: &[(&str, &str)],
) -> Result<HttpResponse, AppError> {
    let problems = FormProblems::field(field, key, kept);
    claim_page(state, user, claim, ClaimNotice::default(), problems, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[get("/claims/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    notice: web::Query<ClaimNotice>,
) -> Result<HttpResponse, AppError> {
    let claim = visible_claim(&state, &user, &path).await?;
    claim_page(&state, &user, claim, notice.into_inner(), FormProblems::default(), StatusCode::OK).await
}

#[derive(Template)]
#[template(path = "claim_delete.html")]
struct DeletePage {
    page: Page,
    claim: ClaimRecord,
}

#[get("/claims/{id}/delete")]
pub async fn confirm_delete(state: web::Data<AppState>, user: SignedIn, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let claim = claims::find(&state.db, ClaimScope::Org(member.org_id), &path).await?.ok_or(AppError::NotFound)?;
    require(&state, &user, &claim, ClaimAction::Delete)?;
    ok(&DeletePage { page: Page::new(&user.visitor), claim })
}

#[post("/claims/{id}/delete")]
pub async fn delete(
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    _posted: Posted<NoFields>,
) -> Result<HttpResponse, AppError> {
    let member = user.org_member(Permission::EditClaims)?;
    let claim = claims::find(&state.db, ClaimScope::Org(member.org_id), &path).await?.ok_or(AppError::NotFound)?;
    let keys = poe::keys_of(&state.db, claim.id).await?;
    if !claims::delete_editing(&state.db, claim.id, &user.actor(), state.now()).await? {
        return Err(AppError::Conflict("error-claim-not-editable"));
    }
    // The rows are gone; now the bytes (a crash here leaves orphans for the start-up sweep).
    for key in keys {
        state.poe.delete(&key).await;
    }
    Ok(see_other("/claims"))
}
