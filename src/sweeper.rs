//! The deadline sweeper: rejects Partner action required claims past their deadline (No partner
//! response) and sends approved claims whose consent period ended to incentive assessment. Safe to
//! run twice or on two instances at once: each transition is taken under the claim's write lock
//! with its guard checked again, so it happens once, with one history entry and one set of e-mails.
//! Reviewers' service-level breaches only show (overdue in the queue); nothing moves for them.

use crate::db::history::Actor;
use crate::db::workflow::{self, Extras, Outcome, Transition};
use crate::db::{Db, Timestamp};
use crate::domain::workflow::{Action, Durations, Facts, Side};
use crate::mail::notices;
use chrono::{DateTime, Utc};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SweepReport {
    pub auto_rejected: usize,
    pub sent_for_assessment: usize,
}

fn system() -> Actor {
    Actor { user_id: None, name: "CPOR portal".into(), side: Side::System }
}

/// Claims whose deadline passed are moved in batches of this many, one transaction each: a
/// commit per claim would make 10,000 due claims take a minute of fsyncs.
const BATCH: usize = 500;

pub async fn sweep(db: &Db, durations: &Durations, now: DateTime<Utc>, base_url: &str) -> anyhow::Result<SweepReport> {
    let mut report = SweepReport::default();
    let at = Timestamp(now);
    let actor = system();
    let fire = async |ids: &[i64], action: Action, extras: &Extras| -> anyhow::Result<usize> {
        let requests = ids
            .iter()
            .map(|&claim_id| Transition {
                claim_id,
                expected_revision: None,
                actor: &actor,
                action,
                facts: Facts::at(now, durations),
                extras: extras.clone(),
            })
            .collect();
        let outcomes = workflow::transition_all(db, requests, |change| notices::for_change(change, base_url)).await?;
        Ok(outcomes.iter().filter(|o| matches!(o, Outcome::Done(_))).count())
    };
    let no_response = Extras { details: serde_json::json!({ "reason": "no-partner-response" }), ..Extras::default() };
    for ids in workflow::partner_deadline_passed(db, at).await?.chunks(BATCH) {
        report.auto_rejected += fire(ids, Action::NoPartnerResponse, &no_response).await?;
    }
    for ids in workflow::consent_ended(db, at).await?.chunks(BATCH) {
        report.sent_for_assessment += fire(ids, Action::SendForAssessment, &Extras::default()).await?;
    }
    Ok(report)
}
