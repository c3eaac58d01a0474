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

pub async fn sweep(db: &Db, durations: &Durations, now: DateTime<Utc>, base_url: &str) -> anyhow::Result<SweepReport> {
    let mut report = SweepReport::default();
    let at = Timestamp(now);
    let facts = || Facts::at(now, durations);
    let actor = system();
    let fire = async |claim_id: i64, action: Action, extras: Extras| {
        let request = Transition { claim_id, expected_revision: None, actor: &actor, action, facts: facts(), extras };
        workflow::transition(db, request, |change| notices::for_change(change, base_url)).await.map(|o| matches!(o, Outcome::Done(_)))
    };
    for claim_id in workflow::partner_deadline_passed(db, at).await? {
        let extras = Extras { details: serde_json::json!({ "reason": "no-partner-response" }), ..Extras::default() };
        if fire(claim_id, Action::NoPartnerResponse, extras).await? {
            report.auto_rejected += 1;
        }
    }
    for claim_id in workflow::consent_ended(db, at).await? {
        if fire(claim_id, Action::SendForAssessment, Extras::default()).await? {
            report.sent_for_assessment += 1;
        }
    }
    Ok(report)
}
