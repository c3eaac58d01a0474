//! The service-level durations of SPEC.md as operators set them: each has a stored name, a unit
//! (business days or calendar days) and its place in `Durations`. A change applies to deadlines
//! set from then on; a deadline already running keeps the date it was given.

use super::workflow::Durations;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceLevel {
    ReviewStart,
    Decision,
    PartnerResponse,
    Consent,
    Dispute,
    DisputeDecision,
}

/// The longest duration an operator may set, in days.
pub const MAX_DAYS: i64 = 365;

impl ServiceLevel {
    pub const ALL: [ServiceLevel; 6] = [
        ServiceLevel::ReviewStart,
        ServiceLevel::Decision,
        ServiceLevel::PartnerResponse,
        ServiceLevel::Consent,
        ServiceLevel::Dispute,
        ServiceLevel::DisputeDecision,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceLevel::ReviewStart => "review-start",
            ServiceLevel::Decision => "decision",
            ServiceLevel::PartnerResponse => "partner-response",
            ServiceLevel::Consent => "consent",
            ServiceLevel::Dispute => "dispute",
            ServiceLevel::DisputeDecision => "dispute-decision",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceLevel> {
        ServiceLevel::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The translation key of its name.
    pub fn label_key(self) -> String {
        format!("field-{}", self.as_str())
    }

    /// Counted in business days (else calendar days).
    pub fn in_business_days(self) -> bool {
        !matches!(self, ServiceLevel::Consent | ServiceLevel::Dispute)
    }

    pub fn get(self, d: &Durations) -> i64 {
        match self {
            ServiceLevel::ReviewStart => d.review_start_business_days.into(),
            ServiceLevel::Decision => d.decision_business_days.into(),
            ServiceLevel::PartnerResponse => d.partner_response_business_days.into(),
            ServiceLevel::Consent => d.consent_days,
            ServiceLevel::Dispute => d.dispute_days,
            ServiceLevel::DisputeDecision => d.dispute_decision_business_days.into(),
        }
    }

    /// Sets the duration; a value outside 1..=365 is ignored (`parse_days` refuses it first).
    pub fn set(self, d: &mut Durations, days: i64) {
        let Ok(small) = u32::try_from(days) else { return };
        if !(1..=MAX_DAYS).contains(&days) {
            return;
        }
        match self {
            ServiceLevel::ReviewStart => d.review_start_business_days = small,
            ServiceLevel::Decision => d.decision_business_days = small,
            ServiceLevel::PartnerResponse => d.partner_response_business_days = small,
            ServiceLevel::Consent => d.consent_days = days,
            ServiceLevel::Dispute => d.dispute_days = days,
            ServiceLevel::DisputeDecision => d.dispute_decision_business_days = small,
        }
    }
}

/// A duration as typed: a whole number of days from 1 to 365, else the message key that says why.
pub fn parse_days(typed: &str) -> Result<i64, &'static str> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err("error-required");
    }
    match typed.parse::<i64>() {
        Ok(days) if (1..=MAX_DAYS).contains(&days) => Ok(days),
        _ => Err("error-days-range"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_reads_and_writes_its_own_duration() {
        for (i, level) in ServiceLevel::ALL.into_iter().enumerate() {
            let mut d = Durations::default();
            let days = 40 + i as i64;
            level.set(&mut d, days);
            assert_eq!(level.get(&d), days);
            for other in ServiceLevel::ALL.into_iter().filter(|o| *o != level) {
                assert_eq!(other.get(&d), other.get(&Durations::default()), "{level:?} left {other:?} alone");
            }
            assert_eq!(ServiceLevel::parse(level.as_str()), Some(level));
        }
    }

    #[test]
    fn durations_are_whole_days_within_a_year() {
        assert_eq!(parse_days(" 12 "), Ok(12));
        assert_eq!(parse_days(""), Err("error-required"));
        for bad in ["0", "-3", "366", "1.5", "ten", "99999999999999999999"] {
            assert_eq!(parse_days(bad), Err("error-days-range"), "{bad}");
        }
        let mut d = Durations::default();
        ServiceLevel::Consent.set(&mut d, 0);
        assert_eq!(d.consent_days, 7, "out of range is never stored");
    }
}
