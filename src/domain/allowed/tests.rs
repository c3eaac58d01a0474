use super::*;
use chrono::Duration;
use proptest::prelude::*;

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-20T09:00:00Z").expect("time").with_timezone(&Utc)
}

fn facts(now: DateTime<Utc>) -> Facts {
    Facts { now, has_poe: true, self_check_confirmed: true, dispute_evidence: true, durations: Durations::default() }
}

fn claim(state: ClaimState) -> ClaimFacts {
    ClaimFacts { ever_submitted: state.status != ClaimStatus::Editing, state, has_poe: true }
}

fn offered(state: &ClaimState, person: Person, now: DateTime<Utc>) -> Vec<ClaimAction> {
    let offers = Offers::new(&claim(state.clone()), person, now, &Durations::default());
    ClaimAction::ALL.into_iter().filter(|a| offers.allows(*a)).collect()
}

const INCENTIVES: Person = Person::Partner(Role::IncentivesAdmin);
const BILLING: Person = Person::Partner(Role::BillingAdmin);

#[test]
fn a_draft_offers_its_editors_everything_of_editing_and_nothing_to_billing() {
    let draft = ClaimState::new(t0());
    use ClaimAction::*;
    assert_eq!(offered(&draft, INCENTIVES, t0()), vec![Edit, Delete, UploadPoe, RemovePoe, Submit, Comment]);
    assert_eq!(offered(&draft, BILLING, t0()), vec![Comment]);
    let mut no_poe = claim(draft.clone());
    no_poe.has_poe = false;
    let offers = Offers::new(&no_poe, INCENTIVES, t0(), &Durations::default());
    assert!(!offers.allows(Submit) && offers.shows_form(Submit), "the form shows and says PoE is missing");
    assert_eq!(offers.why_not(Submit), Some(WhyNot::Workflow(WorkflowError::NoPoe)));
}

#[test]
fn reviewers_are_offered_the_decisions_of_the_status() {
    use ClaimAction::*;
    let submitted = apply(&ClaimState::new(t0()), Side::Partner, Action::Submit, &facts(t0())).expect("submit");
    assert_eq!(offered(&submitted, Person::Reviewer, t0()), vec![StartReview, Comment, InternalNote, Assign]);
    assert_eq!(offered(&submitted, INCENTIVES, t0()), vec![Update, UploadPoe, Withdraw, Comment]);
    let reviewing = apply(&submitted, Side::Reviewer, Action::StartReview, &facts(t0())).expect("start");
    assert_eq!(offered(&reviewing, Person::Reviewer, t0()), vec![RequestInformation, Approve, Reject, Comment, InternalNote, Assign]);
    assert_eq!(offered(&reviewing, Person::Customer, t0()), Vec::<ClaimAction>::new());
}

#[test]
fn the_customer_may_deny_only_until_the_claim_goes_to_assessment() {
    let approved = [Action::Submit, Action::StartReview, Action::Approve]
        .iter()
        .zip([Side::Partner, Side::Reviewer, Side::Reviewer])
        .try_fold(ClaimState::new(t0()), |s, (a, side)| apply(&s, side, *a, &facts(t0())))
        .expect("approved");
    assert_eq!(offered(&approved, Person::Customer, t0()), vec![ClaimAction::CustomerDeny]);
    let end = approved.due.expect("consent period");
    let sent = apply(&approved, Side::System, Action::SendForAssessment, &facts(end)).expect("sent");
    assert_eq!(offered(&sent, Person::Customer, end - Duration::days(1)), Vec::<ClaimAction>::new());
    assert!(!offered(&approved, INCENTIVES, t0()).contains(&ClaimAction::CustomerDeny), "only the customer denies");
}

#[test]
fn a_closed_rejection_offers_a_new_association() {
    let rejected = [Action::Submit, Action::Withdraw]
        .iter()
        .try_fold(ClaimState::new(t0()), |s, a| apply(&s, Side::Partner, *a, &facts(t0())))
        .expect("withdrawn");
    assert_eq!(offered(&rejected, INCENTIVES, t0()), vec![ClaimAction::CreateFromThis, ClaimAction::Comment]);
}

#[test]
fn only_reviewers_write_and_read_internal_notes() {
    let submitted = apply(&ClaimState::new(t0()), Side::Partner, Action::Submit, &facts(t0())).expect("submitted");
    assert!(offered(&submitted, Person::Reviewer, t0()).contains(&ClaimAction::InternalNote));
    for person in [INCENTIVES, Person::Partner(crate::domain::role::Role::GlobalAdmin), Person::Customer] {
        assert!(!offered(&submitted, person, t0()).contains(&ClaimAction::InternalNote), "{person:?}");
        assert!(!sees_internal_notes(person), "{person:?}");
    }
    assert!(sees_internal_notes(Person::Reviewer));
    assert!(!offered(&ClaimState::new(t0()), Person::Reviewer, t0()).contains(&ClaimAction::InternalNote), "not in Editing");
}

fn arb_step() -> impl Strategy<Value = (Side, Action, i64)> {
    let actions = prop_oneof![
        Just(Action::Submit),
        Just(Action::StartReview),
        Just(Action::RequestInformation),
        Just(Action::Approve),
        proptest::sample::select(RejectionReason::ALL.to_vec()).prop_map(Action::Reject),
        Just(Action::Resubmit),
        Just(Action::Withdraw),
        Just(Action::Dispute),
        Just(Action::CustomerDeny),
        Just(Action::NoPartnerResponse),
        Just(Action::SendForAssessment),
    ];
    (proptest::sample::select(vec![Side::Partner, Side::Reviewer, Side::Customer, Side::System]), actions, 0i64..24 * 12)
}

fn arb_person() -> impl Strategy<Value = Person> {
    prop_oneof![
        proptest::sample::select(vec![Role::GlobalAdmin, Role::IncentivesAdmin, Role::BillingAdmin]).prop_map(Person::Partner),
        Just(Person::Reviewer),
        Just(Person::Customer),
    ]
}

proptest! {
    /// Whatever the claim's history, a workflow action is offered to a person exactly when their
    /// role permits it and the state machine would accept it from them now.
    #[test]
    fn an_action_is_offered_exactly_when_the_state_machine_accepts_it(
        steps in proptest::collection::vec(arb_step(), 0..30),
        person in arb_person(),
        later in 0i64..24 * 40,
        has_poe in any::<bool>(),
    ) {
        let mut state = ClaimState::new(t0());
        let mut now = t0();
        for (side, action, hours) in steps {
            now += Duration::hours(hours);
            if let Ok(next) = apply(&state, side, action, &facts(now)) {
                state = next;
            }
        }
        now += Duration::hours(later);
        let claim = ClaimFacts { state: state.clone(), has_poe, ever_submitted: true };
        let offers = Offers::new(&claim, person, now, &Durations::default());
        for action in ClaimAction::ALL {
            let Some(workflow) = action.workflow() else { continue };
            let accepted = permits(person, action) && apply(&state, person.side(), workflow, &offering_facts(&claim, now, &Durations::default())).is_ok();
            prop_assert_eq!(offers.allows(action), accepted, "{:?} by {:?} in {:?}", action, person, state.status);
            if offers.allows(action) {
                let mut posted = facts(now);
                posted.has_poe = has_poe;
                prop_assert!(apply(&state, person.side(), workflow, &posted).is_ok(), "what is offered is accepted when posted");
            }
        }
    }
}

#[test]
fn a_token_does_what_its_creator_may_within_its_scope() {
    use crate::domain::api_token::Scope;
    let draft = ClaimState::new(t0());
    let writer = Person::Token(Role::GlobalAdmin, Scope::ReadWrite);
    let global_admin = Person::Partner(Role::GlobalAdmin);
    assert_eq!(offered(&draft, writer, t0()), offered(&draft, global_admin, t0()), "the pages' rules, no more");
    let reader = Person::Token(Role::GlobalAdmin, Scope::Read);
    assert_eq!(offered(&draft, reader, t0()), Vec::<ClaimAction>::new(), "a read token changes nothing");
    assert_eq!(offered(&draft, Person::Token(Role::BillingAdmin, Scope::ReadWrite), t0()), offered(&draft, BILLING, t0()));
}
