//! The review queue's filters and sort, as reviewers choose them and save them as views. Parsed
//! strictly from the address (an unknown value is refused, never guessed) and written back in one
//! canonical form, which is what a saved view stores: nothing typed is ever kept or interpreted.

use super::claim::{ClaimStatus, Program};

/// A filter value no form of ours sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownFilter;

/// When the claim is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueFilter {
    /// Past its due date now.
    Overdue,
    /// Due by the end of today (in the business time zone), not overdue yet.
    Today,
    /// Due within this many business days (overdue ones included).
    Within(u32),
}

/// Whose claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AssignmentFilter {
    #[default]
    Anyone,
    Me,
    Unassigned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueSort {
    /// The earliest due date first.
    #[default]
    Due,
    /// The longest waiting first (by submission).
    Age,
}

/// The most business days "due within" may span.
pub const MAX_WITHIN_DAYS: u32 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueueFilter {
    pub org: Option<i64>,
    pub program: Option<Program>,
    /// Submitted or Under review.
    pub status: Option<ClaimStatus>,
    pub due: Option<DueFilter>,
    pub competing: bool,
    pub disputes: bool,
    pub assignment: AssignmentFilter,
    pub sort: QueueSort,
}

impl QueueFilter {
    /// The filter the address names; `Err` for a value no form of ours sends. Empty values mean
    /// "any". Other parameters (the page's cursor, a selection) are left to the caller.
    pub fn parse(pairs: &[(String, String)]) -> Result<QueueFilter, UnknownFilter> {
        let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty());
        let mut filter = QueueFilter {
            org: get("org").map(|v| v.parse().map_err(|_| UnknownFilter)).transpose()?,
            program: get("program").map(|v| Program::parse(v).ok_or(UnknownFilter)).transpose()?,
            status: get("status").map(|v| ClaimStatus::parse(v).filter(|s| s.assignable()).ok_or(UnknownFilter)).transpose()?,
            due: match get("due") {
                None => None,
                Some("overdue") => Some(DueFilter::Overdue),
                Some("today") => Some(DueFilter::Today),
                Some("within") => {
                    let days: u32 = get("days").unwrap_or("5").parse().map_err(|_| UnknownFilter)?;
                    if !(1..=MAX_WITHIN_DAYS).contains(&days) {
                        return Err(UnknownFilter);
                    }
                    Some(DueFilter::Within(days))
                }
                Some(_) => return Err(UnknownFilter),
            },
            competing: flag(get("competing"))?,
            disputes: flag(get("disputes"))?,
            assignment: match get("assignment") {
                None | Some("anyone") => AssignmentFilter::Anyone,
                Some("me") => AssignmentFilter::Me,
                Some("unassigned") => AssignmentFilter::Unassigned,
                Some(_) => return Err(UnknownFilter),
            },
            sort: match get("sort") {
                None | Some("due") => QueueSort::Due,
                Some("age") => QueueSort::Age,
                Some(_) => return Err(UnknownFilter),
            },
        };
        // The queue's first tabs: "mine" is the same as assignment=me.
        if get("mine").is_some() {
            filter.assignment = AssignmentFilter::Me;
        }
        Ok(filter)
    }

    /// The canonical address form: only what differs from the default, in a fixed order.
    pub fn query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(org) = self.org {
            pairs.push(("org", org.to_string()));
        }
        if let Some(program) = self.program {
            pairs.push(("program", program.as_str().to_owned()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        match self.due {
            Some(DueFilter::Overdue) => pairs.push(("due", "overdue".into())),
            Some(DueFilter::Today) => pairs.push(("due", "today".into())),
            Some(DueFilter::Within(days)) => {
                pairs.push(("due", "within".into()));
                pairs.push(("days", days.to_string()));
            }
            None => {}
        }
        if self.competing {
            pairs.push(("competing", "1".into()));
        }
        if self.disputes {
            pairs.push(("disputes", "1".into()));
        }
        match self.assignment {
            AssignmentFilter::Anyone => {}
            AssignmentFilter::Me => pairs.push(("assignment", "me".into())),
            AssignmentFilter::Unassigned => pairs.push(("assignment", "unassigned".into())),
        }
        if self.sort == QueueSort::Age {
            pairs.push(("sort", "age".into()));
        }
        pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    }

    /// The business days of "due within", for the form.
    pub fn within_days(&self) -> u32 {
        match self.due {
            Some(DueFilter::Within(days)) => days,
            _ => 5,
        }
    }
}

fn flag(value: Option<&str>) -> Result<bool, UnknownFilter> {
    match value {
        None => Ok(false),
        Some("1" | "on" | "true") => Ok(true),
        Some(_) => Err(UnknownFilter),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &str) -> Vec<(String, String)> {
        serde_urlencoded::from_str(query).expect("pairs")
    }

    #[test]
    fn a_filter_round_trips_through_its_canonical_form() {
        let query = "org=7&program=osu-m365&status=submitted&due=within&days=3&competing=1&disputes=1&assignment=unassigned&sort=age";
        let filter = QueueFilter::parse(&pairs(query)).expect("valid");
        assert_eq!(filter.due, Some(DueFilter::Within(3)));
        assert_eq!(filter.query_string(), query);
        assert_eq!(QueueFilter::parse(&pairs(&filter.query_string())), Ok(filter));
        assert_eq!(QueueFilter::parse(&pairs("")).map(|f| f.query_string()), Ok(String::new()), "the default is empty");
        assert_eq!(QueueFilter::parse(&pairs("mine=1")).map(|f| f.assignment), Ok(AssignmentFilter::Me));
        assert_eq!(QueueFilter::parse(&pairs("org=&due=&competing=on")).map(|f| f.competing), Ok(true), "empty means any");
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "org=x",
            "program=nope",
            "status=approved",
            "due=soon",
            "due=within&days=0",
            "due=within&days=61",
            "competing=2",
            "assignment=them",
            "sort=name",
        ] {
            assert_eq!(QueueFilter::parse(&pairs(bad)), Err(UnknownFilter), "{bad}");
        }
    }
}
