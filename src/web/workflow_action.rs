//! Taking a workflow action from a form: the form's revision guards against stale pages and
//! double clicks. A repeat of the same action by the same person is answered as a success (it
//! happened once); anything else that moved the claim on is a 409 page saying what happened.

use super::done::Done;
use super::error::AppError;
use super::page::{Page, render};
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::claims::ClaimRecord;
use crate::db::history::{self, Actor, HistoryRow};
use crate::db::workflow::{self, Extras, Outcome, Transition};
use crate::domain::allowed::Person;
use crate::domain::claim::ClaimStatus;
use crate::domain::workflow::{Action, Facts, WorkflowError};
use crate::mail::notices;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

/// Who takes an action: a person on the pages, or an org's system through an API token.
pub struct Acting {
    pub person: Person,
    pub actor: Actor,
}

/// What became of an action, whoever asked.
pub enum Taken {
    Done,
    /// The same actor's same action had already been recorded: nothing changed now.
    Repeated,
    Refused(WorkflowError),
    /// The claim moved on; the latest entry of its history says how.
    MovedOn(Option<HistoryRow>),
}

pub enum Attempt {
    Done,
    /// The same person's same action had already been recorded: nothing changed now.
    Repeated,
    Refused(WorkflowError),
    /// The claim moved on: the 409 page to answer with.
    Conflict(HttpResponse),
}

#[derive(Template)]
#[template(path = "conflict.html")]
struct ConflictPage {
    page: Page,
    claim_id: String,
    status: ClaimStatus,
    last: Option<HistoryRow>,
}

/// The facts of now, with the configured durations; `adjust` fills in the action's own.
pub fn facts(state: &AppState) -> Facts {
    Facts::at(state.clock.now(), &state.durations())
}

/// Takes a workflow action under the claim's write lock, with its history entry and e-mails.
pub async fn take(
    state: &AppState,
    acting: &Acting,
    claim: &ClaimRecord,
    revision: Option<i64>,
    action: Action,
    extras: Extras,
    adjust: impl FnOnce(&mut Facts),
) -> Result<Taken, AppError> {
    let mut facts = facts(state);
    adjust(&mut facts);
    let request = Transition { claim_id: claim.id, expected_revision: revision, actor: &acting.actor, action, facts, extras };
    let base_url = state.base_url();
    let outcome = workflow::transition(&state.db, request, |change| notices::for_change(change, &base_url)).await?;
    let last = match outcome {
        Outcome::Done(_) => return Ok(Taken::Done),
        Outcome::Refused(WorkflowError::WrongStatus) | Outcome::Stale => history::latest(&state.db, claim.id).await?,
        Outcome::Refused(error) => return Ok(Taken::Refused(error)),
    };
    // A double click or a replayed post: the same actor's same action is already the latest.
    if last.as_ref().is_some_and(|l| l.action == action.code() && l.actor_id.is_some() && l.actor_id == acting.actor.user_id) {
        return Ok(Taken::Repeated);
    }
    match outcome {
        Outcome::Refused(error) => Ok(Taken::Refused(error)),
        _ => Ok(Taken::MovedOn(last)),
    }
}

/// Takes a workflow action from a page: a claim that moved on is answered with the 409 page.
pub async fn attempt(
    state: &AppState,
    user: &SignedIn,
    claim: &ClaimRecord,
    revision: Option<i64>,
    action: Action,
    extras: Extras,
    adjust: impl FnOnce(&mut Facts),
) -> Result<Attempt, AppError> {
    Ok(match take(state, &user.acting(), claim, revision, action, extras, adjust).await? {
        Taken::Done => Attempt::Done,
        Taken::Repeated => Attempt::Repeated,
        Taken::Refused(error) => Attempt::Refused(error),
        Taken::MovedOn(last) => Attempt::Conflict(conflict_page_after(state, user, claim, last).await?),
    })
}

/// The 409 page for a form shown before the claim last changed: its status now and the latest
/// entry of its history.
pub async fn conflict_page(state: &AppState, user: &SignedIn, claim: &ClaimRecord) -> Result<HttpResponse, AppError> {
    let last = history::latest(&state.db, claim.id).await?;
    conflict_page_after(state, user, claim, last).await
}

async fn conflict_page_after(
    state: &AppState,
    user: &SignedIn,
    claim: &ClaimRecord,
    last: Option<HistoryRow>,
) -> Result<HttpResponse, AppError> {
    let current = workflow::state_of(&state.db, claim.id).await?.map_or(claim.status(), |r| r.status);
    let page = ConflictPage { page: Page::new(&user.visitor), claim_id: claim.public_id.clone(), status: current, last };
    render(StatusCode::CONFLICT, &page)
}

/// The usual ending of an action: back to the claim page, or the reason it could not be done.
pub fn finish(outcome: Attempt, claim: &ClaimRecord, done: Done) -> Result<HttpResponse, AppError> {
    match outcome {
        Attempt::Done | Attempt::Repeated => Ok(super::page::see_other(&done.location(&claim.public_id))),
        Attempt::Refused(error) => Err(AppError::Conflict(error.message_key())),
        Attempt::Conflict(page) => Ok(page),
    }
}
