//! What was just done to a claim, confirmed on its page after the redirect (`?done=...`). Only
//! these codes reach the translations; anything else in the address shows nothing.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    ReviewStarted,
    InformationRequested,
    Approved,
    Rejected,
    Resubmitted,
    Withdrawn,
    Disputed,
    Updated,
    Assigned,
}

impl Done {
    pub const ALL: [Done; 9] = [
        Done::ReviewStarted,
        Done::InformationRequested,
        Done::Approved,
        Done::Rejected,
        Done::Resubmitted,
        Done::Withdrawn,
        Done::Disputed,
        Done::Updated,
        Done::Assigned,
    ];

    /// The code in the address.
    pub fn code(self) -> &'static str {
        match self {
            Done::ReviewStarted => "review-started",
            Done::InformationRequested => "information-requested",
            Done::Approved => "approved",
            Done::Rejected => "rejected",
            Done::Resubmitted => "resubmitted",
            Done::Withdrawn => "withdrawn",
            Done::Disputed => "disputed",
            Done::Updated => "updated",
            Done::Assigned => "assigned",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            Done::ReviewStarted => "done-review-started",
            Done::InformationRequested => "done-information-requested",
            Done::Approved => "done-approved",
            Done::Rejected => "done-rejected",
            Done::Resubmitted => "done-resubmitted",
            Done::Withdrawn => "done-withdrawn",
            Done::Disputed => "done-disputed",
            Done::Updated => "done-updated",
            Done::Assigned => "done-assigned",
        }
    }

    pub fn parse(code: &str) -> Option<Done> {
        Done::ALL.into_iter().find(|d| d.code() == code)
    }

    /// The claim page that confirms it.
    pub fn location(self, public_id: &str) -> String {
        format!("/claims/{public_id}?done={}", self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Done;

    #[test]
    fn codes_round_trip_and_nothing_else_parses() {
        for done in Done::ALL {
            assert_eq!(Done::parse(done.code()), Some(done));
            assert_eq!(done.message_key(), format!("done-{}", done.code()));
        }
        for unknown in ["", "approved2", "x-1", "error-page-internal", "{{consent-link}}"] {
            assert_eq!(Done::parse(unknown), None);
        }
    }
}
