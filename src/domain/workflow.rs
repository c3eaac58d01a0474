//! The claim's state machine: every status, every allowed transition with its actor and guard.
//! An illegal transition is an error, never a silent change. Pure: the caller supplies the
//! facts the guards need (the time, whether PoE is present, ...).

mod next;
mod reasons;
pub use next::{NextStep, next_step, who_acts};
pub use reasons::{InfoReason, RejectionReason, WithdrawReason};

use super::business_days::Calendar;
use super::claim::ClaimStatus;
use chrono::{DateTime, Duration, Utc};

/// Who acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Partner,
    Reviewer,
    Customer,
    System,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Partner => "partner",
            Side::Reviewer => "reviewer",
            Side::Customer => "customer",
            Side::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<Side> {
        [Side::Partner, Side::Reviewer, Side::Customer, Side::System].into_iter().find(|x| x.as_str() == s)
    }
}

/// The durations of the process (SPEC defaults; configuration with the deadlines issue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Durations {
    pub review_start_business_days: u32,
    pub decision_business_days: u32,
    pub partner_response_business_days: u32,
    pub consent_days: i64,
    pub dispute_days: i64,
    pub dispute_decision_business_days: u32,
    /// Which days count as business days, and in which time zone.
    pub calendar: Calendar,
}

impl Default for Durations {
    fn default() -> Self {
        Durations {
            review_start_business_days: 5,
            decision_business_days: 5,
            partner_response_business_days: 5,
            consent_days: 7,
            dispute_days: 30,
            dispute_decision_business_days: 5,
            calendar: Calendar::default(),
        }
    }
}

/// Everything about a claim the state machine decides on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimState {
    pub status: ClaimStatus,
    /// A dispute was opened (a claim is disputed at most once).
    pub disputed: bool,
    /// The claim is being reviewed as a dispute.
    pub in_dispute: bool,
    pub rejection: Option<RejectionReason>,
    /// A rejection that can no longer be disputed whatever the date.
    pub rejection_final: bool,
    /// When the claim entered its current status.
    pub since: DateTime<Utc>,
    /// The deadline of whoever must act next.
    pub due: Option<DateTime<Utc>>,
    /// An approved claim whose consent period ended went to incentive assessment: the customer
    /// can no longer deny it.
    pub sent_for_assessment: bool,
}

impl ClaimState {
    pub fn new(created: DateTime<Utc>) -> ClaimState {
        ClaimState {
            status: ClaimStatus::Editing,
            disputed: false,
            in_dispute: false,
            rejection: None,
            rejection_final: false,
            since: created,
            due: None,
            sent_for_assessment: false,
        }
    }

    /// Whether the partner may dispute now: until the end of the period set at the rejection
    /// (`due`), which a later change of the duration does not move.
    pub fn can_dispute(&self, now: DateTime<Utc>, durations: &Durations) -> bool {
        let until = self.due.unwrap_or(self.since + Duration::days(durations.dispute_days));
        self.status == ClaimStatus::Rejected
            && !self.disputed
            && !self.rejection_final
            && self.rejection.is_some_and(RejectionReason::disputable)
            && now <= until
    }

    /// Whether the claim holds its workloads against other orgs' claims now.
    pub fn holds_workloads(&self) -> bool {
        self.status.holds_workloads()
    }

    /// Whether the claim takes new PoE now (SPEC: in Editing; in Submitted and Partner action
    /// required the partner may add PoE; an updated PoE may back a dispute while the claim can be
    /// disputed).
    pub fn accepts_poe(&self, now: DateTime<Utc>, durations: &Durations) -> bool {
        matches!(self.status, ClaimStatus::Editing | ClaimStatus::Submitted | ClaimStatus::PartnerActionRequired)
            || self.can_dispute(now, durations)
    }

    /// Whether a rejected claim can no longer be revived, so only a new association remains.
    pub fn closed_for_good(&self, now: DateTime<Utc>, durations: &Durations) -> bool {
        self.status == ClaimStatus::Rejected && !self.can_dispute(now, durations)
    }
}

/// What someone asks to do to a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Submit,
    StartReview,
    RequestInformation,
    Approve,
    Reject(RejectionReason),
    Resubmit,
    Withdraw,
    Dispute,
    CustomerDeny,
    NoPartnerResponse,
    /// The consent period of an approved claim ended: it goes to incentive assessment.
    SendForAssessment,
}

impl Action {
    /// The history entry's action code.
    pub fn code(self) -> &'static str {
        match self {
            Action::Submit => "submitted",
            Action::StartReview => "review-started",
            Action::RequestInformation => "information-requested",
            Action::Approve => "approved",
            Action::Reject(_) => "rejected",
            Action::Resubmit => "resubmitted",
            Action::Withdraw => "withdrawn",
            Action::Dispute => "disputed",
            Action::CustomerDeny => "customer-denied",
            Action::NoPartnerResponse => "no-partner-response",
            Action::SendForAssessment => "sent-for-assessment",
        }
    }

    /// The action a history entry records: its code, and for a rejection the reason its details
    /// keep. `None` for a code that is not a transition (a comment, an edit, ...).
    pub fn from_history(code: &str, rejection: Option<RejectionReason>) -> Option<Action> {
        Some(match code {
            "submitted" => Action::Submit,
            "review-started" => Action::StartReview,
            "information-requested" => Action::RequestInformation,
            "approved" => Action::Approve,
            "rejected" => Action::Reject(rejection?),
            "resubmitted" => Action::Resubmit,
            "withdrawn" => Action::Withdraw,
            "disputed" => Action::Dispute,
            "customer-denied" => Action::CustomerDeny,
            "no-partner-response" => Action::NoPartnerResponse,
            "sent-for-assessment" => Action::SendForAssessment,
            _ => return None,
        })
    }

    /// The one side that may take this action.
    pub fn side(self) -> Side {
        match self {
            Action::Submit | Action::Resubmit | Action::Withdraw | Action::Dispute => Side::Partner,
            Action::StartReview | Action::RequestInformation | Action::Approve | Action::Reject(_) => Side::Reviewer,
            Action::CustomerDeny => Side::Customer,
            Action::NoPartnerResponse | Action::SendForAssessment => Side::System,
        }
    }
}

/// The facts the guards need, supplied by the caller.
#[derive(Debug, Clone)]
pub struct Facts {
    pub now: DateTime<Utc>,
    pub has_poe: bool,
    pub self_check_confirmed: bool,
    /// A dispute needs a business justification and/or an updated PoE.
    pub dispute_evidence: bool,
    pub durations: Durations,
}

impl Facts {
    /// The facts of `now` with nothing supplied yet: the one way facts start; an action's form
    /// then fills in what it supplies (its PoE, the self-check, a dispute's evidence).
    pub fn at(now: DateTime<Utc>, durations: &Durations) -> Facts {
        Facts { now, has_poe: false, self_check_confirmed: false, dispute_evidence: false, durations: durations.clone() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("this side may not take this action")]
    WrongSide,
    #[error("not possible from the claim's status")]
    WrongStatus,
    #[error("no PoE")]
    NoPoe,
    #[error("self-check not confirmed")]
    SelfCheckMissing,
    #[error("the reason is not a reviewer's")]
    NotAReviewerReason,
    #[error("cannot be disputed")]
    NotDisputable,
    #[error("the dispute window is closed")]
    DisputeWindowClosed,
    #[error("a dispute needs a justification or an updated PoE")]
    DisputeNeedsEvidence,
    #[error("the consent period is over")]
    ConsentPeriodOver,
    #[error("the partner's deadline has not passed")]
    DeadlineNotPassed,
}

impl WorkflowError {
    pub fn message_key(self) -> &'static str {
        match self {
            WorkflowError::WrongSide => "workflow-wrong-side",
            WorkflowError::WrongStatus => "workflow-wrong-status",
            WorkflowError::NoPoe => "submit-needs-poe",
            WorkflowError::SelfCheckMissing => "workflow-self-check",
            WorkflowError::NotAReviewerReason => "workflow-reason",
            WorkflowError::NotDisputable => "workflow-not-disputable",
            WorkflowError::DisputeWindowClosed => "workflow-dispute-window",
            WorkflowError::DisputeNeedsEvidence => "workflow-dispute-evidence",
            WorkflowError::ConsentPeriodOver => "workflow-consent-over",
            WorkflowError::DeadlineNotPassed => "workflow-deadline-not-passed",
        }
    }
}

/// Applies `action` by `side` to `state`: the new state, or why not.
pub fn apply(state: &ClaimState, side: Side, action: Action, facts: &Facts) -> Result<ClaimState, WorkflowError> {
    if action.side() != side {
        return Err(WorkflowError::WrongSide);
    }
    let mut next = state.clone();
    next.since = facts.now;
    match side {
        Side::Partner => partner(state, &mut next, action, facts)?,
        Side::Reviewer => reviewer(state, &mut next, action, facts)?,
        Side::Customer | Side::System => customer_or_system(state, &mut next, action, facts)?,
    }
    Ok(next)
}

fn require(ok: bool) -> Result<(), WorkflowError> {
    if ok { Ok(()) } else { Err(WorkflowError::WrongStatus) }
}

/// The partner's actions: submit, resubmit, withdraw (request rejection), dispute.
fn partner(state: &ClaimState, next: &mut ClaimState, action: Action, facts: &Facts) -> Result<(), WorkflowError> {
    use ClaimStatus::*;
    let (now, d) = (facts.now, &facts.durations);
    match action {
        Action::Submit => {
            require(state.status == Editing)?;
            if !facts.has_poe {
                return Err(WorkflowError::NoPoe);
            }
            if !facts.self_check_confirmed {
                return Err(WorkflowError::SelfCheckMissing);
            }
            next.status = Submitted;
            next.due = Some(d.calendar.add_business_days(now, d.review_start_business_days));
        }
        Action::Resubmit => {
            require(state.status == PartnerActionRequired)?;
            next.status = UnderReview;
            let days = if state.in_dispute { d.dispute_decision_business_days } else { d.decision_business_days };
            next.due = Some(d.calendar.add_business_days(now, days));
        }
        Action::Withdraw => {
            require(!matches!(state.status, Editing | Rejected))?;
            reject(next, RejectionReason::PartnerRequest, true, d, now);
        }
        Action::Dispute => {
            require(state.status == Rejected)?;
            if state.disputed || state.rejection_final || !state.rejection.is_some_and(RejectionReason::disputable) {
                return Err(WorkflowError::NotDisputable);
            }
            if now > state.since + Duration::days(d.dispute_days) {
                return Err(WorkflowError::DisputeWindowClosed);
            }
            if !facts.dispute_evidence {
                return Err(WorkflowError::DisputeNeedsEvidence);
            }
            next.status = UnderReview;
            next.disputed = true;
            next.in_dispute = true;
            next.rejection = None;
            next.due = Some(d.calendar.add_business_days(now, d.dispute_decision_business_days));
        }
        _ => return Err(WorkflowError::WrongSide),
    }
    Ok(())
}

/// The reviewer's actions: start review, request information, approve, reject.
fn reviewer(state: &ClaimState, next: &mut ClaimState, action: Action, facts: &Facts) -> Result<(), WorkflowError> {
    use ClaimStatus::*;
    let (now, d) = (facts.now, &facts.durations);
    match action {
        Action::StartReview => {
            require(state.status == Submitted)?;
            next.status = UnderReview;
            next.due = Some(d.calendar.add_business_days(now, d.decision_business_days));
        }
        Action::RequestInformation => {
            require(state.status == UnderReview)?;
            next.status = PartnerActionRequired;
            next.due = Some(d.calendar.add_business_days(now, d.partner_response_business_days));
        }
        Action::Approve => {
            require(state.status == UnderReview)?;
            next.status = Approved;
            next.in_dispute = false;
            next.due = Some(now + Duration::days(d.consent_days));
        }
        Action::Reject(reason) => {
            require(state.status == UnderReview)?;
            if !RejectionReason::FOR_REVIEWERS.contains(&reason) {
                return Err(WorkflowError::NotAReviewerReason);
            }
            reject(next, reason, state.in_dispute, d, now);
        }
        _ => return Err(WorkflowError::WrongSide),
    }
    Ok(())
}

/// The customer's denial, and what the system does when a deadline passes.
fn customer_or_system(state: &ClaimState, next: &mut ClaimState, action: Action, facts: &Facts) -> Result<(), WorkflowError> {
    use ClaimStatus::*;
    let (now, d) = (facts.now, &facts.durations);
    match action {
        Action::CustomerDeny => {
            require(state.status == Approved)?;
            // The period set at approval (`due`) holds, whatever the durations are now.
            if state.sent_for_assessment || state.due.is_none_or(|end| now >= end) {
                return Err(WorkflowError::ConsentPeriodOver);
            }
            reject(next, RejectionReason::CustomerDeclined, true, d, now);
        }
        Action::SendForAssessment => {
            require(state.status == Approved && !state.sent_for_assessment)?;
            if state.due.is_some_and(|end| now < end) {
                return Err(WorkflowError::DeadlineNotPassed);
            }
            // The status stays Approved and so does `since`: the claim was approved then.
            next.since = state.since;
            next.sent_for_assessment = true;
            next.due = None;
        }
        Action::NoPartnerResponse => {
            require(state.status == PartnerActionRequired)?;
            if state.due.is_some_and(|due| now < due) {
                return Err(WorkflowError::DeadlineNotPassed);
            }
            reject(next, RejectionReason::NoPartnerResponse, state.in_dispute, d, now);
        }
        _ => return Err(WorkflowError::WrongSide),
    }
    Ok(())
}

/// The moments a transition records on the claim beside its state, each set to the time it is
/// taken: decided here, so the database only writes them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamps {
    pub rejected: bool,
    pub approved: bool,
    /// The latest (re)submission, from which the reviewers' clock runs.
    pub submitted: bool,
    /// The first submission, after which no PoE is deleted (kept once set).
    pub first_submitted: bool,
    pub review_started: bool,
    /// The reviewer who starts a review is assigned to it.
    pub assigns_reviewer: bool,
    pub sent_for_assessment: bool,
}

impl Stamps {
    pub fn of(action: Action, before: &ClaimState, after: &ClaimState) -> Stamps {
        Stamps {
            rejected: after.status == ClaimStatus::Rejected && before.status != ClaimStatus::Rejected,
            approved: action == Action::Approve,
            submitted: matches!(action, Action::Submit | Action::Resubmit),
            first_submitted: action == Action::Submit,
            review_started: after.status == ClaimStatus::UnderReview,
            assigns_reviewer: action == Action::StartReview,
            sent_for_assessment: after.sent_for_assessment && !before.sent_for_assessment,
        }
    }
}

fn reject(next: &mut ClaimState, reason: RejectionReason, final_: bool, d: &Durations, now: DateTime<Utc>) {
    next.status = ClaimStatus::Rejected;
    next.rejection = Some(reason);
    next.rejection_final = final_ || !reason.disputable();
    next.in_dispute = false;
    next.due = if next.rejection_final { None } else { Some(now + Duration::days(d.dispute_days)) };
}

#[cfg(test)]
mod tests;
