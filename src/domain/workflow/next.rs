//! What happens next on a claim: who acts, what they must (or may) do, and by when.

use super::{ClaimState, Durations, Side};
use crate::domain::claim::ClaimStatus;
use chrono::{DateTime, Utc};

/// Who must act next on a claim, what, and by when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextStep {
    pub side: Side,
    /// Translation key of what they must (or may) do.
    pub what: &'static str,
    pub due: Option<DateTime<Utc>>,
}

/// Who acts next on a claim of this status whose current deadline is `due`, if anyone: the
/// partner while writing, answering or (until its deadline) disputing; reviewers while it waits
/// for them; the customer during the consent period. The dashboard's one word comes from here.
pub fn who_acts(status: ClaimStatus, due: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<Side> {
    use ClaimStatus::*;
    match status {
        Editing | PartnerActionRequired => Some(Side::Partner),
        Submitted | UnderReview => Some(Side::Reviewer),
        // An approved claim's deadline is the end of the consent period (none once assessed); a
        // rejected one's is the end of the dispute window (none once final).
        Approved if due.is_some_and(|end| now < end) => Some(Side::Customer),
        Rejected if due.is_some_and(|end| now <= end) => Some(Side::Partner),
        Approved | Rejected => None,
    }
}

pub fn next_step(state: &ClaimState, now: DateTime<Utc>, durations: &Durations) -> Option<NextStep> {
    use ClaimStatus::*;
    let side = who_acts(state.status, state.due, now)?;
    let what = match state.status {
        Editing => return Some(NextStep { side, what: "next-editing", due: None }),
        Submitted => "next-submitted",
        UnderReview if state.in_dispute => "next-dispute-review",
        UnderReview => "next-under-review",
        PartnerActionRequired => "next-partner-action",
        Approved => "next-consent",
        Rejected if state.can_dispute(now, durations) => "next-dispute",
        Rejected => return None,
    };
    Some(NextStep { side, what, due: state.due })
}
