//! Asking `domain::allowed` from a request: the signed-in person, the claim, now.

use super::error::AppError;
use super::state::AppState;
use super::visitor::SignedIn;
use crate::db::claims::ClaimRecord;
use crate::domain::allowed::{self, ClaimAction, Offers, Person, WhyNot};

impl SignedIn {
    /// Who this user is on a claim they can see.
    pub fn person(&self) -> Person {
        Person::of_role(self.user().role)
    }

    /// This user as the one who takes an action.
    pub fn acting(&self) -> super::workflow_action::Acting {
        super::workflow_action::Acting { person: self.person(), actor: self.actor() }
    }
}

/// Everything the person may do to the claim now.
pub fn offers(state: &AppState, user: &SignedIn, claim: &ClaimRecord) -> Offers {
    Offers::new(&claim.facts(), user.person(), state.clock.now(), &state.durations())
}

/// The action, if the person may take it now; else 403 (their role) or 409 (the claim's status).
pub fn require(state: &AppState, user: &SignedIn, claim: &ClaimRecord, action: ClaimAction) -> Result<(), AppError> {
    allowed::may(&claim.facts(), user.person(), action, state.clock.now(), &state.durations()).map_err(|why| match why {
        WhyNot::Role => AppError::Forbidden,
        WhyNot::Status | WhyNot::Workflow(_) => AppError::Conflict(why.message_key(action)),
    })
}

/// 403 unless the person's role permits the action at all (its status is asked under the lock).
pub fn require_role(user: &SignedIn, action: ClaimAction) -> Result<(), AppError> {
    if allowed::permits(user.person(), action) { Ok(()) } else { Err(AppError::Forbidden) }
}
