use super::*;
use proptest::prelude::*;

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-20T09:00:00Z").expect("time").with_timezone(&Utc)
}

fn facts(now: DateTime<Utc>) -> Facts {
    Facts { now, has_poe: true, self_check_confirmed: true, dispute_evidence: true, durations: Durations::default() }
}

fn run(steps: &[(Side, Action, i64)]) -> Result<ClaimState, WorkflowError> {
    let mut state = ClaimState::new(t0());
    let mut now = t0();
    for (side, action, hours) in steps {
        now += Duration::hours(*hours);
        state = apply(&state, *side, *action, &facts(now))?;
    }
    Ok(state)
}

use Action::*;
use Side::*;

#[test]
fn the_happy_path() {
    let state = run(&[(Partner, Submit, 1), (Reviewer, StartReview, 24), (Reviewer, Approve, 24)]).expect("path");
    assert_eq!(state.status, ClaimStatus::Approved);
    assert_eq!(state.due, Some(t0() + Duration::hours(49) + Duration::days(7)), "the consent period");
}

#[test]
fn the_more_information_loop() {
    let state = run(&[
        (Partner, Submit, 1),
        (Reviewer, StartReview, 1),
        (Reviewer, RequestInformation, 1),
        (Partner, Resubmit, 1),
        (Reviewer, RequestInformation, 1),
        (Partner, Resubmit, 1),
        (Reviewer, Approve, 1),
    ])
    .expect("loop");
    assert_eq!(state.status, ClaimStatus::Approved);
}

#[test]
fn reject_dispute_approve() {
    let state = run(&[
        (Partner, Submit, 1),
        (Reviewer, StartReview, 1),
        (Reviewer, Reject(RejectionReason::InsufficientPoe), 1),
        (Partner, Dispute, 24 * 29),
    ])
    .expect("dispute");
    assert!(state.in_dispute && state.disputed && state.status == ClaimStatus::UnderReview);
    let approved = apply(&state, Reviewer, Approve, &facts(t0() + Duration::days(31))).expect("approve");
    assert!(!approved.in_dispute && approved.disputed);
}

#[test]
fn a_failed_dispute_is_final() {
    let state = run(&[
        (Partner, Submit, 1),
        (Reviewer, StartReview, 1),
        (Reviewer, Reject(RejectionReason::MissingProducts), 1),
        (Partner, Dispute, 1),
        (Reviewer, Reject(RejectionReason::InsufficientPoe), 1),
    ])
    .expect("path");
    assert!(state.rejection_final && state.due.is_none());
    assert_eq!(apply(&state, Partner, Dispute, &facts(t0() + Duration::hours(6))), Err(WorkflowError::NotDisputable));
    assert!(state.closed_for_good(t0() + Duration::hours(6), &Durations::default()));
}

#[test]
fn disputes_need_the_window_and_evidence_and_a_disputable_reason() {
    let rejected =
        run(&[(Partner, Submit, 1), (Reviewer, StartReview, 1), (Reviewer, Reject(RejectionReason::PoeUnavailable), 1)]).expect("rejected");
    let late = rejected.since + Duration::days(30) + Duration::seconds(1);
    assert_eq!(apply(&rejected, Partner, Dispute, &facts(late)), Err(WorkflowError::DisputeWindowClosed));
    assert!(apply(&rejected, Partner, Dispute, &facts(rejected.since + Duration::days(30))).is_ok(), "the 30th day still counts");
    let mut no_evidence = facts(rejected.since);
    no_evidence.dispute_evidence = false;
    assert_eq!(apply(&rejected, Partner, Dispute, &no_evidence), Err(WorkflowError::DisputeNeedsEvidence));
    let withdrawn = run(&[(Partner, Submit, 1), (Partner, Withdraw, 1)]).expect("withdrawn");
    assert_eq!(withdrawn.rejection, Some(RejectionReason::PartnerRequest));
    assert_eq!(apply(&withdrawn, Partner, Dispute, &facts(t0() + Duration::hours(3))), Err(WorkflowError::NotDisputable));
}

#[test]
fn a_running_dispute_period_keeps_its_end_when_the_duration_changes() {
    let rejected =
        run(&[(Partner, Submit, 1), (Reviewer, StartReview, 1), (Reviewer, Reject(RejectionReason::PoeUnavailable), 1)]).expect("rejected");
    let shorter = Durations { dispute_days: 10, ..Durations::default() };
    let day_20 = rejected.since + Duration::days(20);
    assert!(rejected.can_dispute(day_20, &shorter), "the 30 days set at the rejection still run");
    let longer = Durations { dispute_days: 60, ..Durations::default() };
    assert!(!rejected.can_dispute(rejected.since + Duration::days(31), &longer), "nor does a longer one extend them");
}

#[test]
fn the_customer_may_deny_only_during_consent() {
    let approved = run(&[(Partner, Submit, 1), (Reviewer, StartReview, 1), (Reviewer, Approve, 1)]).expect("approved");
    let denied = apply(&approved, Customer, CustomerDeny, &facts(approved.since + Duration::days(7) - Duration::seconds(1))).expect("deny");
    assert_eq!(
        (denied.status, denied.rejection, denied.rejection_final),
        (ClaimStatus::Rejected, Some(RejectionReason::CustomerDeclined), true)
    );
    assert_eq!(apply(&approved, Customer, CustomerDeny, &facts(approved.since + Duration::days(7))), Err(WorkflowError::ConsentPeriodOver));
}

#[test]
fn assessment_follows_the_consent_period_and_ends_the_customers_say() {
    let approved = run(&[(Partner, Submit, 1), (Reviewer, StartReview, 1), (Reviewer, Approve, 1)]).expect("approved");
    let end = approved.due.expect("consent period");
    assert_eq!(apply(&approved, System, SendForAssessment, &facts(end - Duration::seconds(1))), Err(WorkflowError::DeadlineNotPassed));
    let sent = apply(&approved, System, SendForAssessment, &facts(end)).expect("sent");
    assert!(sent.sent_for_assessment && sent.status == ClaimStatus::Approved && sent.due.is_none());
    assert_eq!(sent.since, approved.since, "still approved since the approval");
    assert_eq!(apply(&sent, System, SendForAssessment, &facts(end)), Err(WorkflowError::WrongStatus), "once");
    // Even if the durations were lengthened meanwhile, an assessed claim cannot be denied.
    let mut longer = facts(end - Duration::seconds(1));
    longer.durations.consent_days = 30;
    assert_eq!(apply(&sent, Customer, CustomerDeny, &longer), Err(WorkflowError::ConsentPeriodOver));
    assert_eq!(next_step(&sent, end, &Durations::default()), None);
}

#[test]
fn guards_and_sides_are_enforced() {
    let editing = ClaimState::new(t0());
    assert_eq!(apply(&editing, Reviewer, Submit, &facts(t0())), Err(WorkflowError::WrongSide));
    assert_eq!(
        apply(&editing, Partner, Withdraw, &facts(t0())),
        Err(WorkflowError::WrongStatus),
        "an Editing claim is deleted, not withdrawn"
    );
    let mut no_poe = facts(t0());
    no_poe.has_poe = false;
    assert_eq!(apply(&editing, Partner, Submit, &no_poe), Err(WorkflowError::NoPoe));
    let submitted = apply(&editing, Partner, Submit, &facts(t0())).expect("submit");
    assert_eq!(apply(&submitted, Reviewer, Approve, &facts(t0())), Err(WorkflowError::WrongStatus), "review must start first");
    let reviewing = apply(&submitted, Reviewer, StartReview, &facts(t0())).expect("start");
    assert_eq!(
        apply(&reviewing, Reviewer, Reject(RejectionReason::CustomerDeclined), &facts(t0())),
        Err(WorkflowError::NotAReviewerReason)
    );
    let waiting = apply(&reviewing, Reviewer, RequestInformation, &facts(t0())).expect("info");
    assert_eq!(apply(&waiting, System, NoPartnerResponse, &facts(t0() + Duration::days(1))), Err(WorkflowError::DeadlineNotPassed));
    let lapsed = apply(&waiting, System, NoPartnerResponse, &facts(t0() + Duration::days(7))).expect("lapsed");
    assert_eq!(lapsed.rejection, Some(RejectionReason::NoPartnerResponse));
    assert!(lapsed.can_dispute(t0() + Duration::days(8), &Durations::default()), "no response can be disputed");
}

#[test]
fn what_happens_next_names_who_and_by_when() {
    let submitted = run(&[(Partner, Submit, 0)]).expect("submitted");
    let step = next_step(&submitted, t0(), &Durations::default()).expect("a step");
    assert_eq!((step.side, step.what), (Reviewer, "next-submitted"));
    assert_eq!(step.due, Some(DateTime::parse_from_rfc3339("2026-11-27T09:00:00Z").expect("t").with_timezone(&Utc)));
    let waiting = run(&[(Partner, Submit, 0), (Reviewer, StartReview, 0), (Reviewer, RequestInformation, 0)]).expect("waiting");
    assert_eq!(next_step(&waiting, t0(), &Durations::default()).map(|s| s.side), Some(Partner));
}

fn arb_action() -> impl Strategy<Value = (Side, Action, i64)> {
    let actions = prop_oneof![
        Just(Submit),
        Just(StartReview),
        Just(RequestInformation),
        Just(Approve),
        proptest::sample::select(RejectionReason::ALL.to_vec()).prop_map(Reject),
        Just(Resubmit),
        Just(Withdraw),
        Just(Dispute),
        Just(CustomerDeny),
        Just(NoPartnerResponse),
        Just(SendForAssessment),
    ];
    let sides = proptest::sample::select(vec![Partner, Reviewer, Customer, System]);
    (sides, actions, 0i64..24 * 12)
}

/// The transitions SPEC.md allows.
fn allowed(from: ClaimStatus, to: ClaimStatus) -> bool {
    use ClaimStatus::*;
    matches!(
        (from, to),
        (Editing, Submitted)
            | (Submitted, UnderReview)
            | (UnderReview, PartnerActionRequired | Approved | Rejected)
            | (PartnerActionRequired, UnderReview | Rejected)
            | (Approved, Rejected)
            | (Rejected, UnderReview)
            | (Submitted, Rejected)
    )
}

proptest! {
    #[test]
    fn no_sequence_of_actions_breaks_the_rules(steps in proptest::collection::vec(arb_action(), 1..40)) {
        let mut state = ClaimState::new(t0());
        let mut now = t0();
        let mut recorded: Vec<(DateTime<Utc>, Side, &'static str, Option<RejectionReason>)> = Vec::new();
        let mut disputes = 0;
        for (side, action, hours) in steps {
            now += Duration::hours(hours);
            let facts = facts(now);
            if let Ok(next) = apply(&state, side, action, &facts) {
                let assessed = action == SendForAssessment && state.status == ClaimStatus::Approved && next.status == state.status;
                prop_assert!(allowed(state.status, next.status) || assessed, "{:?} -> {:?} by {:?}", state.status, next.status, action);
                prop_assert_eq!(side, action.side());
                if action == Dispute { disputes += 1; }
                // What the history records: when, who, the action's code, and a rejection's reason.
                let reason = match action { Reject(reason) => Some(reason), _ => None };
                recorded.push((now, side, action.code(), reason));
                state = next;
            }
            prop_assert!(disputes <= 1, "a claim is disputed at most once");
            prop_assert_eq!(state.rejection.is_some(), state.status == ClaimStatus::Rejected);
            prop_assert!(!state.in_dispute || state.disputed);
            prop_assert!(state.status != ClaimStatus::Editing || recorded.is_empty(), "nothing returns to Editing");
            if let Some(reason) = state.rejection {
                prop_assert!(reason.disputable() || state.rejection_final);
            }
        }
        // Replaying the recorded history, decoded from its codes, gives the current state: a
        // recorded step's guards passed then, so the facts a form supplied are taken as given.
        let mut replayed = ClaimState::new(t0());
        for (at, side, code, reason) in &recorded {
            let action = Action::from_history(code, *reason);
            prop_assert!(action.is_some(), "{} decodes", code);
            let action = action.expect("checked");
            replayed = apply(&replayed, *side, action, &facts(*at)).expect("a recorded step replays");
        }
        prop_assert_eq!(replayed, state);
    }
}
