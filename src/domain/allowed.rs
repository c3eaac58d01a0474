//! What a person may do to a claim now: the one place that decides. Pages, handlers, the
//! dashboard and the consent page ask here and nowhere else. Every workflow action is judged by
//! trying the state machine itself (`workflow::apply`), so what is offered and what is accepted
//! can never disagree; the other actions (editing, files, comments) have their rules here.

use super::api_token::Scope;
use super::claim::ClaimStatus;
use super::role::{Permission, Role};
use super::workflow::{Action, ClaimState, Durations, Facts, RejectionReason, Side, WorkflowError, apply};
use chrono::{DateTime, Utc};

/// Who is asking. Visibility (another org's claim is a 404, reviewers never see Editing) is
/// decided before: here the claim is one the person may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Person {
    /// A user of the claim's own org, with their role.
    Partner(Role),
    Reviewer,
    /// The customer behind a consent link of this claim.
    Customer,
    /// An org's own system, through an API token made by someone of `Role`, within its scope.
    Token(Role, Scope),
}

impl Person {
    /// The person a signed-in user is on a claim they can see.
    pub fn of_role(role: Role) -> Person {
        if role.may(Permission::Review) { Person::Reviewer } else { Person::Partner(role) }
    }

    fn may(self, permission: Permission) -> bool {
        match self {
            Person::Partner(role) => role.may(permission),
            Person::Token(role, scope) => scope.permits(role, permission),
            Person::Reviewer => Role::Reviewer.may(permission),
            Person::Customer => false,
        }
    }

    fn side(self) -> Side {
        match self {
            Person::Partner(_) | Person::Token(..) => Side::Partner,
            Person::Reviewer => Side::Reviewer,
            Person::Customer => Side::Customer,
        }
    }
}

/// Everything that can be done to a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClaimAction {
    /// Change every field (Editing).
    Edit,
    /// Delete the claim (Editing).
    Delete,
    /// Change the fields that may still change once submitted.
    Update,
    UploadPoe,
    /// Remove a PoE file (Editing, never submitted).
    RemovePoe,
    Submit,
    StartReview,
    RequestInformation,
    Approve,
    Reject,
    Resubmit,
    /// Request rejection.
    Withdraw,
    Dispute,
    /// "Create a new association from this claim", once it is closed for good.
    CreateFromThis,
    CustomerDeny,
    Comment,
    /// A reviewers' note that partners never see.
    InternalNote,
    /// Assign a reviewer (oneself or a colleague), or unassign.
    Assign,
}

impl ClaimAction {
    pub const ALL: [ClaimAction; 18] = [
        ClaimAction::Edit,
        ClaimAction::Delete,
        ClaimAction::Update,
        ClaimAction::UploadPoe,
        ClaimAction::RemovePoe,
        ClaimAction::Submit,
        ClaimAction::StartReview,
        ClaimAction::RequestInformation,
        ClaimAction::Approve,
        ClaimAction::Reject,
        ClaimAction::Resubmit,
        ClaimAction::Withdraw,
        ClaimAction::Dispute,
        ClaimAction::CreateFromThis,
        ClaimAction::CustomerDeny,
        ClaimAction::Comment,
        ClaimAction::InternalNote,
        ClaimAction::Assign,
    ];

    /// The action's name in the API (`allowed_actions` of a claim).
    pub fn code(self) -> &'static str {
        match self {
            ClaimAction::Edit => "edit",
            ClaimAction::Delete => "delete",
            ClaimAction::Update => "update",
            ClaimAction::UploadPoe => "upload-poe",
            ClaimAction::RemovePoe => "remove-poe",
            ClaimAction::Submit => "submit",
            ClaimAction::StartReview => "start-review",
            ClaimAction::RequestInformation => "request-information",
            ClaimAction::Approve => "approve",
            ClaimAction::Reject => "reject",
            ClaimAction::Resubmit => "resubmit",
            ClaimAction::Withdraw => "request-rejection",
            ClaimAction::Dispute => "dispute",
            ClaimAction::CreateFromThis => "create-from-this",
            ClaimAction::CustomerDeny => "customer-deny",
            ClaimAction::Comment => "comment",
            ClaimAction::InternalNote => "internal-note",
            ClaimAction::Assign => "assign",
        }
    }

    /// The state machine's action behind this one, if it is a transition. Any of the reviewers'
    /// rejection reasons stands for Reject: the guard treats them alike.
    pub fn workflow(self) -> Option<Action> {
        Some(match self {
            ClaimAction::Submit => Action::Submit,
            ClaimAction::StartReview => Action::StartReview,
            ClaimAction::RequestInformation => Action::RequestInformation,
            ClaimAction::Approve => Action::Approve,
            ClaimAction::Reject => Action::Reject(RejectionReason::FOR_REVIEWERS[0]),
            ClaimAction::Resubmit => Action::Resubmit,
            ClaimAction::Withdraw => Action::Withdraw,
            ClaimAction::Dispute => Action::Dispute,
            ClaimAction::CustomerDeny => Action::CustomerDeny,
            _ => return None,
        })
    }

    /// The permission a person's role needs for it.
    fn permission(self) -> Option<Permission> {
        Some(match self {
            ClaimAction::Edit
            | ClaimAction::Delete
            | ClaimAction::Update
            | ClaimAction::UploadPoe
            | ClaimAction::RemovePoe
            | ClaimAction::Submit
            | ClaimAction::Resubmit
            | ClaimAction::CreateFromThis => Permission::EditClaims,
            ClaimAction::Withdraw | ClaimAction::Dispute => Permission::WithdrawOrDispute,
            ClaimAction::StartReview
            | ClaimAction::RequestInformation
            | ClaimAction::Approve
            | ClaimAction::Reject
            | ClaimAction::InternalNote
            | ClaimAction::Assign => Permission::Review,
            ClaimAction::Comment => Permission::Comment,
            ClaimAction::CustomerDeny => return None,
        })
    }
}

/// Why an action is not offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhyNot {
    /// The person's role does not allow it.
    Role,
    /// Not in the claim's status (or stage).
    Status,
    /// The state machine refuses it, and says why.
    Workflow(WorkflowError),
}

impl WhyNot {
    /// What to tell the person who asked for `action`.
    pub fn message_key(self, action: ClaimAction) -> &'static str {
        match (self, action) {
            (WhyNot::Role, _) => "error-page-forbidden",
            (WhyNot::Workflow(error), _) => error.message_key(),
            (WhyNot::Status, ClaimAction::Edit | ClaimAction::Delete) => "error-claim-not-editable",
            (WhyNot::Status, ClaimAction::RemovePoe) => "poe-kept-after-submission",
            (WhyNot::Status, ClaimAction::Update) => "error-claim-not-updatable",
            (WhyNot::Status, ClaimAction::UploadPoe) => "poe-not-now",
            (WhyNot::Status, _) => "workflow-wrong-status",
        }
    }
}

/// What the claim is, as far as the rules beside the state machine need it.
#[derive(Debug, Clone)]
pub struct ClaimFacts {
    pub state: ClaimState,
    pub has_poe: bool,
    /// The claim was submitted once; from then on no PoE is removed.
    pub ever_submitted: bool,
}

/// Whether `person` may take `action` on the claim now, or why not. Facts a form supplies (the
/// self-check, a dispute's justification) are taken as supplied: the form asks for them, and the
/// state machine checks them again when the form is posted.
pub fn may(claim: &ClaimFacts, person: Person, action: ClaimAction, now: DateTime<Utc>, durations: &Durations) -> Result<(), WhyNot> {
    if person == Person::Customer && action != ClaimAction::CustomerDeny {
        return Err(WhyNot::Role);
    }
    if let Some(permission) = action.permission()
        && !person.may(permission)
    {
        return Err(WhyNot::Role);
    }
    if action == ClaimAction::CustomerDeny && person != Person::Customer {
        return Err(WhyNot::Role);
    }
    let state = &claim.state;
    if let Some(workflow) = action.workflow() {
        let facts = offering_facts(claim, now, durations);
        return apply(state, person.side(), workflow, &facts).map(|_| ()).map_err(WhyNot::Workflow);
    }
    let allowed = match action {
        ClaimAction::Edit | ClaimAction::Delete => state.status == ClaimStatus::Editing,
        ClaimAction::RemovePoe => state.status == ClaimStatus::Editing && !claim.ever_submitted,
        ClaimAction::Update => matches!(state.status, ClaimStatus::Submitted | ClaimStatus::PartnerActionRequired),
        ClaimAction::UploadPoe => state.accepts_poe(now, durations),
        ClaimAction::CreateFromThis => state.closed_for_good(now, durations),
        ClaimAction::Comment => person != Person::Reviewer || state.status != ClaimStatus::Editing,
        ClaimAction::InternalNote => state.status != ClaimStatus::Editing,
        ClaimAction::Assign => state.status.assignable(),
        _ => false,
    };
    if allowed { Ok(()) } else { Err(WhyNot::Status) }
}

/// Whether the person reads the reviewers' internal notes (in the history and on the claim page).
/// Partners never do: not on a page, in the history, an e-mail or an export.
pub fn sees_internal_notes(person: Person) -> bool {
    person == Person::Reviewer
}

/// Whether `action` would be permitted to this person by their role alone, whatever the claim's
/// status (a handler's first question; the status is asked under the write lock).
pub fn permits(person: Person, action: ClaimAction) -> bool {
    match action.permission() {
        Some(permission) => person != Person::Customer && person.may(permission),
        None => person == Person::Customer,
    }
}

/// The facts the state machine is asked with when offering: the claim's own, with what a form
/// supplies taken as supplied.
pub fn offering_facts(claim: &ClaimFacts, now: DateTime<Utc>, durations: &Durations) -> Facts {
    Facts { has_poe: claim.has_poe, self_check_confirmed: true, dispute_evidence: true, ..Facts::at(now, durations) }
}

/// Every action's answer for one person, for a page to ask.
#[derive(Debug, Clone)]
pub struct Offers {
    answers: Vec<(ClaimAction, Result<(), WhyNot>)>,
}

impl Offers {
    pub fn new(claim: &ClaimFacts, person: Person, now: DateTime<Utc>, durations: &Durations) -> Offers {
        Offers { answers: ClaimAction::ALL.iter().map(|a| (*a, may(claim, person, *a, now, durations))).collect() }
    }

    fn answer(&self, action: ClaimAction) -> Result<(), WhyNot> {
        self.answers.iter().find(|(a, _)| *a == action).map_or(Err(WhyNot::Status), |(_, r)| *r)
    }

    pub fn allows(&self, action: ClaimAction) -> bool {
        self.answer(action).is_ok()
    }

    /// Whether the action's form is shown: it is allowed, or refused only for what the person
    /// can still supply on this page (PoE before a submission: the form then says so).
    pub fn shows_form(&self, action: ClaimAction) -> bool {
        matches!(self.answer(action), Ok(()) | Err(WhyNot::Workflow(WorkflowError::NoPoe)))
    }

    pub fn why_not(&self, action: ClaimAction) -> Option<WhyNot> {
        self.answer(action).err()
    }
}

#[cfg(test)]
mod tests;
