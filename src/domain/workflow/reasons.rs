//! The reasons of the process: why more information is asked for, why a claim was rejected, why
//! a partner withdraws one. Each is stored by its code (`as_str`) and read back with `parse`.

/// Reasons a reviewer asks for more information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InfoReason {
    MissingAllPoe,
    MissingCustomerAcknowledgment,
    MissingOrOldDates,
    MissingPartnerSolution,
    MissingProducts,
}

impl InfoReason {
    pub const ALL: [InfoReason; 5] = [
        InfoReason::MissingAllPoe,
        InfoReason::MissingCustomerAcknowledgment,
        InfoReason::MissingOrOldDates,
        InfoReason::MissingPartnerSolution,
        InfoReason::MissingProducts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InfoReason::MissingAllPoe => "missing-all-poe",
            InfoReason::MissingCustomerAcknowledgment => "missing-customer-acknowledgment",
            InfoReason::MissingOrOldDates => "missing-or-old-dates",
            InfoReason::MissingPartnerSolution => "missing-partner-solution",
            InfoReason::MissingProducts => "missing-products",
        }
    }

    pub fn parse(s: &str) -> Option<InfoReason> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Why a claim was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RejectionReason {
    InsufficientPoe,
    MissingCustomerConsent,
    MissingProducts,
    PoeUnavailable,
    NoPartnerResponse,
    PartnerRequest,
    CustomerDeclined,
}

impl RejectionReason {
    pub const ALL: [RejectionReason; 7] = [
        RejectionReason::InsufficientPoe,
        RejectionReason::MissingCustomerConsent,
        RejectionReason::MissingProducts,
        RejectionReason::PoeUnavailable,
        RejectionReason::NoPartnerResponse,
        RejectionReason::PartnerRequest,
        RejectionReason::CustomerDeclined,
    ];

    /// The reasons a reviewer may choose (the others come from the system, partner or customer).
    pub const FOR_REVIEWERS: [RejectionReason; 4] = [
        RejectionReason::InsufficientPoe,
        RejectionReason::MissingCustomerConsent,
        RejectionReason::MissingProducts,
        RejectionReason::PoeUnavailable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RejectionReason::InsufficientPoe => "insufficient-poe",
            RejectionReason::MissingCustomerConsent => "missing-customer-consent",
            RejectionReason::MissingProducts => "missing-products",
            RejectionReason::PoeUnavailable => "poe-unavailable",
            RejectionReason::NoPartnerResponse => "no-partner-response",
            RejectionReason::PartnerRequest => "partner-request",
            RejectionReason::CustomerDeclined => "customer-declined",
        }
    }

    pub fn parse(s: &str) -> Option<RejectionReason> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Rejections the partner asked for, or the customer declined, cannot be disputed.
    pub fn disputable(self) -> bool {
        !matches!(self, RejectionReason::PartnerRequest | RejectionReason::CustomerDeclined)
    }
}

/// Why a partner withdraws ("requests rejection of") a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithdrawReason {
    WrongMpn,
    WrongActivity,
    NoLongerWorkingWithCustomer,
}

impl WithdrawReason {
    pub const ALL: [WithdrawReason; 3] =
        [WithdrawReason::WrongMpn, WithdrawReason::WrongActivity, WithdrawReason::NoLongerWorkingWithCustomer];

    pub fn as_str(self) -> &'static str {
        match self {
            WithdrawReason::WrongMpn => "wrong-mpn",
            WithdrawReason::WrongActivity => "wrong-activity",
            WithdrawReason::NoLongerWorkingWithCustomer => "no-longer-working-with-customer",
        }
    }

    pub fn parse(s: &str) -> Option<WithdrawReason> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}
