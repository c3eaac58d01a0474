//! The vocabulary of a claim: solution areas, activities, the programs they lead to, statuses.

/// Generates `as_str`, `parse`, `ALL` and `label_key` for a closed set of stored names.
macro_rules! vocabulary {
    ($name:ident { $($variant:ident => $code:literal, $label:literal;)+ }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name stored in the database and used in URLs and forms.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }

            /// The translation key of the name people read.
            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}

vocabulary!(SolutionArea {
    Microsoft365 => "m365", "solution-area-m365";
    BusinessApplications => "bizapps", "solution-area-bizapps";
});

vocabulary!(Activity {
    PreSales => "pre-sales", "activity-pre-sales";
    Usage => "usage", "activity-usage";
    RevenueAssociation => "revenue-association", "activity-revenue-association";
});

vocabulary!(Program {
    OsaSell => "osa-sell", "program-osa-sell";
    OsuMicrosoft365 => "osu-m365", "program-osu-m365";
    OsuBusinessApplications => "osu-bizapps", "program-osu-bizapps";
    RevenueAssociation => "revenue-association", "program-revenue-association";
});

vocabulary!(ClaimStatus {
    Editing => "editing", "status-editing";
    Submitted => "submitted", "status-submitted";
    UnderReview => "under-review", "status-under-review";
    PartnerActionRequired => "partner-action-required", "status-partner-action-required";
    Approved => "approved", "status-approved";
    Rejected => "rejected", "status-rejected";
});

impl SolutionArea {
    /// The activities a partner may claim in this solution area.
    pub fn activities(self) -> &'static [Activity] {
        match self {
            SolutionArea::Microsoft365 => &[Activity::Usage],
            SolutionArea::BusinessApplications => &[Activity::PreSales, Activity::Usage, Activity::RevenueAssociation],
        }
    }

    /// Business Applications claims name a technical contact and may carry subscription IDs.
    pub fn needs_technical_contact(self) -> bool {
        self == SolutionArea::BusinessApplications
    }
}

impl Program {
    /// The program follows from solution area and activity; `None` when the pair is not allowed.
    pub fn for_activity(area: SolutionArea, activity: Activity) -> Option<Program> {
        match (area, activity) {
            (SolutionArea::BusinessApplications, Activity::PreSales) => Some(Program::OsaSell),
            (SolutionArea::Microsoft365, Activity::Usage) => Some(Program::OsuMicrosoft365),
            (SolutionArea::BusinessApplications, Activity::Usage) => Some(Program::OsuBusinessApplications),
            (SolutionArea::BusinessApplications, Activity::RevenueAssociation) => Some(Program::RevenueAssociation),
            (SolutionArea::Microsoft365, _) => None,
        }
    }
}

impl ClaimStatus {
    /// Reviewers never see a claim that is still being written.
    pub fn visible_to_reviewers(self) -> bool {
        self != ClaimStatus::Editing
    }

    /// Every field may change, and the claim may be deleted, only while it is being written.
    pub fn is_editable(self) -> bool {
        self == ClaimStatus::Editing
    }

    /// The statuses in which a claim holds its workloads against other orgs' claims.
    pub const HOLDING_WORKLOADS: [ClaimStatus; 4] =
        [ClaimStatus::Submitted, ClaimStatus::UnderReview, ClaimStatus::PartnerActionRequired, ClaimStatus::Approved];

    /// The statuses that wait for a reviewer (the review queue).
    pub const AWAITING_REVIEW: [ClaimStatus; 2] = [ClaimStatus::Submitted, ClaimStatus::UnderReview];

    /// Whether a reviewer may be assigned (or unassigned): while the claim waits for a reviewer.
    pub fn assignable(self) -> bool {
        Self::AWAITING_REVIEW.contains(&self)
    }

    pub fn holds_workloads(self) -> bool {
        Self::HOLDING_WORKLOADS.contains(&self)
    }
}

/// A list of statuses as an SQL list of literals, `('a', 'b')`, for the database layer: the
/// statuses come from the domain's constants, never from a request.
pub fn sql_list(statuses: &[ClaimStatus]) -> String {
    let quoted: Vec<String> = statuses.iter().map(|s| format!("'{}'", s.as_str())).collect();
    format!("({})", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_follows_from_area_and_activity() {
        use Activity::*;
        use SolutionArea::*;
        assert_eq!(Program::for_activity(BusinessApplications, PreSales), Some(Program::OsaSell));
        assert_eq!(Program::for_activity(Microsoft365, Usage), Some(Program::OsuMicrosoft365));
        assert_eq!(Program::for_activity(BusinessApplications, Usage), Some(Program::OsuBusinessApplications));
        assert_eq!(Program::for_activity(BusinessApplications, RevenueAssociation), Some(Program::RevenueAssociation));
        assert_eq!(Program::for_activity(Microsoft365, PreSales), None);
        assert_eq!(Program::for_activity(Microsoft365, RevenueAssociation), None);
    }

    #[test]
    fn every_allowed_activity_has_a_program() {
        for area in SolutionArea::ALL {
            for activity in Activity::ALL {
                assert_eq!(area.activities().contains(activity), Program::for_activity(*area, *activity).is_some());
            }
        }
    }

    #[test]
    fn stored_names_round_trip() {
        for s in ClaimStatus::ALL {
            assert_eq!(ClaimStatus::parse(s.as_str()), Some(*s));
        }
        for p in Program::ALL {
            assert_eq!(Program::parse(p.as_str()), Some(*p));
        }
        assert_eq!(ClaimStatus::parse("Editing"), None);
    }

    #[test]
    fn reviewers_never_see_editing() {
        assert!(!ClaimStatus::Editing.visible_to_reviewers());
        assert!(ClaimStatus::ALL.iter().filter(|s| **s != ClaimStatus::Editing).all(|s| s.visible_to_reviewers()));
    }
}
