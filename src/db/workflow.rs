//! Applying the state machine to a stored claim: read its state under the write lock, ask
//! `domain::workflow::apply`, write the new state and its history entry in one transaction.

use super::history::Actor;
use super::outbox::{NewMail, NoticeFacts};
use super::{BeginWrite, Db, Timestamp};
use crate::domain::claim::ClaimStatus;
use crate::domain::workflow::{Action, ClaimState, Facts, InfoReason, RejectionReason, Stamps, WorkflowError, apply};
use crate::with_db;

/// The columns of a claim the state machine reads, decoded into their types (an unknown status
/// or reason is an error). `state` is the one builder of a claim's state from a row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StateRow {
    pub status: ClaimStatus,
    pub revision: i64,
    pub disputed: bool,
    pub in_dispute: bool,
    pub rejection_reason: Option<RejectionReason>,
    pub rejection_final: bool,
    pub status_changed_at: Option<Timestamp>,
    pub due_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub sent_for_assessment_at: Option<Timestamp>,
}

impl StateRow {
    /// The `STATE_COLUMNS` of a row, by column name (a direct read).
    pub fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<StateRow> {
        Ok(StateRow {
            status: row.get("status")?,
            revision: row.get("revision")?,
            disputed: row.get("disputed")?,
            in_dispute: row.get("in_dispute")?,
            rejection_reason: row.get("rejection_reason")?,
            rejection_final: row.get("rejection_final")?,
            status_changed_at: row.get("status_changed_at")?,
            due_at: row.get("due_at")?,
            created_at: row.get("created_at")?,
            sent_for_assessment_at: row.get("sent_for_assessment_at")?,
        })
    }

    pub fn state(&self) -> ClaimState {
        ClaimState {
            status: self.status,
            disputed: self.disputed,
            in_dispute: self.in_dispute,
            rejection: self.rejection_reason,
            rejection_final: self.rejection_final,
            since: self.status_changed_at.unwrap_or(self.created_at).0,
            due: self.due_at.map(|t| t.0),
            sent_for_assessment: self.sent_for_assessment_at.is_some(),
        }
    }
}

pub const STATE_COLUMNS: &str =
    "status, revision, disputed, in_dispute, rejection_reason, rejection_final, status_changed_at, due_at, created_at,
     sent_for_assessment_at";

/// The state columns of the claims table under `alias`, for queries that join it.
pub fn state_columns_of(alias: &str) -> String {
    STATE_COLUMNS.split(',').map(|c| format!("{alias}.{}", c.trim())).collect::<Vec<_>>().join(", ")
}

pub async fn state_of(db: &Db, claim_id: i64) -> sqlx::Result<Option<StateRow>> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {STATE_COLUMNS} FROM claims WHERE id = $1"));
    with_db!(db, pool => sqlx::query_as(sql).bind(claim_id).fetch_optional(pool).await)
}

/// What a transition also records beside the status.
#[derive(Debug, Default, Clone)]
pub struct Extras {
    /// The history entry's details (reasons, comment, justification, ...).
    pub details: serde_json::Value,
    /// Self-check answers confirmed with a submission.
    pub self_check: Option<[bool; 5]>,
    /// Reasons of a request for more information, for the claim page and the notices.
    pub info_reasons: Vec<InfoReason>,
}

#[derive(Debug, PartialEq)]
pub enum Outcome {
    Done(ClaimState),
    /// The claim changed since the page was shown (its revision moved on).
    Stale,
    Refused(WorkflowError),
}

/// A transition asked of a claim: by whom, what, with which facts, at which revision (if the
/// asker saw one).
pub struct Transition<'a> {
    pub claim_id: i64,
    pub expected_revision: Option<i64>,
    pub actor: &'a Actor,
    pub action: Action,
    pub facts: Facts,
    pub extras: Extras,
}

/// What a transition changed, handed to the layer above so that it says who hears of it; the
/// e-mails it returns are queued in the transition's own transaction.
pub struct Change<'a> {
    pub claim: &'a NoticeFacts,
    pub action: Action,
    pub before: &'a ClaimState,
    pub after: &'a ClaimState,
    pub info_reasons: &'a [InfoReason],
}

/// Applies the transition under the claim's write lock, if the claim is still at the expected
/// revision and the state machine accepts it: the state, the moments the domain stamps, the
/// history entry and the e-mails `notices` returns, in one transaction.
pub async fn transition(db: &Db, request: Transition<'_>, notices: impl Fn(&Change) -> Vec<NewMail>) -> sqlx::Result<Outcome> {
    Ok(transition_all(db, vec![request], notices).await?.pop().unwrap_or(Outcome::Stale))
}

/// What a transition writes to its claim's row besides the revision: the same for every claim of
/// a sweep's batch, so they are written by one statement.
#[derive(PartialEq)]
struct Written {
    after: ClaimState,
    stamps: Stamps,
    now: Timestamp,
    /// Who becomes the assigned reviewer, if `stamps.assigns_reviewer`.
    assignee: Option<i64>,
    info_reasons: Option<String>,
}

/// Writes `Written` to the claims `ids`, inside the transaction `tx`; evaluates to
/// `sqlx::Result<_>`. The ids are one bound JSON array, so the statement is prepared once: each
/// preparation of an UPDATE of claims compiles its triggers (5% of a sweep when the ids were
/// written into the text).
macro_rules! update_claims {
    ($tx:expr, $written:expr, $ids:expr) => {{
        let Written { after, stamps, now, assignee, info_reasons } = $written;
        let at = |set: bool| set.then_some(now);
        let ids_in = super::param::Dialect::of(&$tx).ids_in("$18");
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE claims SET status = $1, status_changed_at = $2, due_at = $3, disputed = $4, in_dispute = $5,
                rejection_reason = $6, rejection_final = $7, revision = revision + 1, updated_at = $8,
                rejected_at = COALESCE($9, rejected_at),
                approved_at = COALESCE($10, approved_at),
                submitted_at = COALESCE($11, submitted_at),
                first_submitted_at = COALESCE(first_submitted_at, $12),
                review_started_at = COALESCE($13, review_started_at),
                assigned_reviewer_id = CASE WHEN $14 THEN $15 ELSE assigned_reviewer_id END,
                info_reasons = COALESCE($16, info_reasons),
                sent_for_assessment_at = COALESCE($17, sent_for_assessment_at)
             WHERE id IN ({ids_in})"
        )))
        .bind(after.status)
        .bind(Timestamp(after.since))
        .bind(after.due.map(Timestamp))
        .bind(after.disputed)
        .bind(after.in_dispute)
        .bind(after.rejection)
        .bind(after.rejection_final)
        .bind(now)
        .bind(at(stamps.rejected))
        .bind(at(stamps.approved))
        .bind(at(stamps.submitted))
        .bind(at(stamps.first_submitted))
        .bind(at(stamps.review_started))
        .bind(stamps.assigns_reviewer)
        .bind(assignee)
        .bind(info_reasons)
        .bind(at(stamps.sent_for_assessment))
        .bind(super::param::json_list(&$ids))
        .execute(&mut *$tx)
        .await
    }};
}

/// A claim's state read with its id (a batch reads all of its claims in one statement).
#[derive(sqlx::FromRow)]
struct LockedState {
    id: i64,
    #[sqlx(flatten)]
    state: StateRow,
}

/// Applies several transitions in one transaction (the sweeper's batches: one commit for many
/// claims instead of one each), each exactly as `transition` would, each claim locked and asked
/// again; one refused or stale does not stop the others. The outcomes are in the requests' order.
/// A batch is taken at one moment, its first request's (`Facts::now`).
///
/// The writes are set-based: the claims' states and the notices' facts are read in one statement
/// each (on PostgreSQL locked in id order, as any two batches lock them), the claims that get the
/// same values are updated by one statement, the history rows and e-mails inserted up to
/// `ROWS_PER_INSERT` (a sweeper's batch) to a statement, and the competing flags of the claims they
/// overlap recomputed once. Each claim is still asked of the state machine on its own.
///
/// On PostgreSQL a batch that loses a deadlock (its competing flags against another transition's)
/// is run again whole (`deadlock::retried`).
pub async fn transition_all(
    db: &Db,
    requests: Vec<Transition<'_>>,
    notices: impl Fn(&Change) -> Vec<NewMail>,
) -> sqlx::Result<Vec<Outcome>> {
    super::deadlock::retried(|| transition_all_once(db, &requests, &notices)).await
}

/// One attempt of `transition_all`, in one transaction.
async fn transition_all_once(
    db: &Db,
    requests: &[Transition<'_>],
    notices: &impl Fn(&Change) -> Vec<NewMail>,
) -> sqlx::Result<Vec<Outcome>> {
    let Some(first) = requests.first() else { return Ok(Vec::new()) };
    let now = Timestamp(first.facts.now);
    let ids: Vec<i64> = requests.iter().map(|r| r.claim_id).collect();
    let list = super::param::number_list(&ids);
    let select = match db {
        Db::Pg(..) => format!("SELECT id, {STATE_COLUMNS} FROM claims WHERE id IN ({list}) ORDER BY id FOR UPDATE"),
        Db::Sqlite(..) => format!("SELECT id, {STATE_COLUMNS} FROM claims WHERE id IN ({list})"),
    };
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let locked: Vec<LockedState> = sqlx::query_as(sqlx::AssertSqlSafe(select)).persistent(false).fetch_all(&mut *tx).await?;
        let mut states: std::collections::HashMap<i64, StateRow> = locked.into_iter().map(|l| (l.id, l.state)).collect();
        let mut facts = crate::claims_facts!(tx, &ids).await?;
        let webhook_orgs: std::collections::HashSet<i64> =
            sqlx::query_scalar(super::webhooks::ORGS_WITH_ENDPOINTS).fetch_all(&mut *tx).await?.into_iter().collect();
        let mut outcomes = Vec::with_capacity(requests.len());
        let mut history = Vec::with_capacity(requests.len());
        let mut mails = Vec::new();
        let mut holding_changed = Vec::new();
        // Claims written the same values are written by one statement (a sweep's batch: one).
        let mut updates: Vec<(Written, Vec<i64>)> = Vec::new();
        for request in requests {
            let (claim_id, expected_revision, actor, action) = (request.claim_id, request.expected_revision, request.actor, request.action);
            let (facts_in, extras) = (&request.facts, &request.extras);
            let row = match states.remove(&claim_id) {
                Some(row) => row,
                // Asked twice in one batch: read again, as changed by the first.
                None => {
                    for (written, ids) in updates.drain(..) {
                        update_claims!(tx, written, ids)?;
                    }
                    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {STATE_COLUMNS} FROM claims WHERE id = $1")))
                    .bind(claim_id)
                    .fetch_one(&mut *tx)
                    .await?
                }
            };
            if expected_revision.is_some_and(|r| r != row.revision) {
                outcomes.push(Outcome::Stale);
                continue;
            }
            let before = row.state();
            let after = match apply(&before, actor.side, action, facts_in) {
                Ok(after) => after,
                Err(error) => {
                    outcomes.push(Outcome::Refused(error));
                    continue;
                }
            };
            let stamps = Stamps::of(action, &before, &after);
            let info_reasons =
                (!extras.info_reasons.is_empty()).then(|| extras.info_reasons.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(","));
            let written = Written { after: after.clone(), stamps, now, assignee: actor.user_id, info_reasons };
            match updates.iter_mut().find(|(w, _)| *w == written) {
                Some((_, ids)) => ids.push(claim_id),
                None => updates.push((written, vec![claim_id])),
            }
            if before.holds_workloads() != after.holds_workloads() {
                holding_changed.push(claim_id);
            }
            if let Some(answers) = extras.self_check {
                crate::write_self_check!(&mut *tx, claim_id, answers, actor.user_id, now)?;
            }
            let details = if extras.details.is_null() { serde_json::json!({}) } else { extras.details.clone() };
            history.push(super::history::Entry {
                claim_id,
                at: now,
                actor,
                action: action.code(),
                from: Some(before.status.as_str()),
                to: Some(after.status.as_str()),
                details,
            });
            let claim = facts.get_mut(&claim_id).ok_or(sqlx::Error::RowNotFound)?;
            claim.zone = facts_in.durations.calendar.zone();
            let change = Change { claim, action, before: &before, after: &after, info_reasons: &extras.info_reasons };
            mails.extend(notices(&change));
            if webhook_orgs.contains(&claim.org_id) {
                for kind in crate::domain::webhook::events_of(action, &before, &after) {
                    let data = serde_json::json!({ "claim": {
                        "id": claim.public_id, "name": claim.name, "customer_name": claim.customer_name,
                        "status": after.status.as_str(), "previous_status": before.status.as_str(), "action": action.code(),
                    } });
                    crate::raise_event!(&mut *tx, claim_id, kind, data, now)?;
                }
            }
            outcomes.push(Outcome::Done(after));
        }
        for (written, ids) in updates {
            update_claims!(tx, written, ids)?;
        }
        crate::record_histories!(tx, &history).await?;
        crate::enqueue_mails!(tx, &mails, now).await?;
        if !holding_changed.is_empty() {
            sqlx::query(sqlx::AssertSqlSafe(super::competing::refresh_around_all(&holding_changed)))
                .persistent(false)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(outcomes)
    })
}

/// Approved claims whose consent period has ended by `now` and have not gone to assessment yet.
pub async fn consent_ended(db: &Db, now: Timestamp) -> sqlx::Result<Vec<i64>> {
    with_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM claims WHERE status = $2 AND due_at <= $1 AND sent_for_assessment_at IS NULL ORDER BY due_at")
        .bind(now)
        .bind(ClaimStatus::Approved)
        .fetch_all(pool)
        .await)
}

/// Partner action required claims past their deadline.
pub async fn partner_deadline_passed(db: &Db, now: Timestamp) -> sqlx::Result<Vec<i64>> {
    with_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM claims WHERE status = $2 AND due_at <= $1 ORDER BY due_at")
        .bind(now)
        .bind(ClaimStatus::PartnerActionRequired)
        .fetch_all(pool)
        .await)
}
