//! The service-level report of a period: what reviewers decided, how long it took in business
//! days (median and 90th percentile), the share within the service level, and the same per
//! reviewer. Pure: the caller reads the decisions and passes the calendar.

use super::business_days::Calendar;
use chrono::{DateTime, Utc};

/// What a reviewer's decision was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionKind {
    Approved,
    Rejected,
    InformationRequested,
}

impl DecisionKind {
    pub const ALL: [DecisionKind; 3] = [DecisionKind::Approved, DecisionKind::Rejected, DecisionKind::InformationRequested];

    /// The history's action code.
    pub fn code(self) -> &'static str {
        match self {
            DecisionKind::Approved => "approved",
            DecisionKind::Rejected => "rejected",
            DecisionKind::InformationRequested => "information-requested",
        }
    }

    pub fn parse(code: &str) -> Option<DecisionKind> {
        DecisionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_key(self) -> String {
        format!("history-action-{}", self.code())
    }
}

/// One decision: when, on a claim submitted (or resubmitted, or disputed) when, by whom.
#[derive(Debug, Clone)]
pub struct Decision {
    pub at: DateTime<Utc>,
    pub since: Option<DateTime<Utc>>,
    pub kind: DecisionKind,
    pub reviewer: String,
}

/// A reviewer's share of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewerLine {
    pub reviewer: String,
    pub decided: i64,
    pub median_days: Option<i64>,
    pub within_percent: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub decided: i64,
    pub by_kind: Vec<(DecisionKind, i64)>,
    pub median_days: Option<i64>,
    pub p90_days: Option<i64>,
    /// The share decided within the service level, in whole percent.
    pub within_percent: Option<i64>,
    /// How many took 0, 1, ... 10 and more than 10 business days.
    pub histogram: Vec<i64>,
    pub per_reviewer: Vec<ReviewerLine>,
}

/// The longest time the histogram shows on its own; longer ones share the last bar.
pub const HISTOGRAM_DAYS: usize = 10;

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[i64], percent: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (percent * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

fn within(days: &[i64], target: i64) -> Option<i64> {
    (!days.is_empty()).then(|| (days.iter().filter(|d| **d <= target).count() as i64 * 100) / days.len() as i64)
}

/// The report of `decisions`, with `target` business days from submission to decision as the
/// service level.
pub fn report(decisions: &[Decision], calendar: &Calendar, target: i64) -> Report {
    let took = |d: &Decision| d.since.map(|since| calendar.business_days_between(since, d.at));
    let mut days: Vec<i64> = decisions.iter().filter_map(took).collect();
    days.sort_unstable();
    let mut histogram = vec![0; HISTOGRAM_DAYS + 2];
    for d in &days {
        histogram[(*d as usize).min(HISTOGRAM_DAYS + 1)] += 1;
    }
    let mut reviewers: Vec<String> = decisions.iter().map(|d| d.reviewer.clone()).collect();
    reviewers.sort();
    reviewers.dedup();
    let per_reviewer = reviewers
        .into_iter()
        .map(|reviewer| {
            let mine: Vec<&Decision> = decisions.iter().filter(|d| d.reviewer == reviewer).collect();
            let mut mine_days: Vec<i64> = mine.iter().filter_map(|d| took(d)).collect();
            mine_days.sort_unstable();
            ReviewerLine {
                decided: mine.len() as i64,
                median_days: percentile(&mine_days, 50),
                within_percent: within(&mine_days, target),
                reviewer,
            }
        })
        .collect();
    Report {
        decided: decisions.len() as i64,
        by_kind: DecisionKind::ALL.iter().map(|k| (*k, decisions.iter().filter(|d| d.kind == *k).count() as i64)).collect(),
        median_days: percentile(&days, 50),
        p90_days: percentile(&days, 90),
        within_percent: within(&days, target),
        histogram,
        per_reviewer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc)
    }

    fn decision(since: &str, at_: &str, kind: DecisionKind, reviewer: &str) -> Decision {
        Decision { at: at(at_), since: Some(at(since)), kind, reviewer: reviewer.into() }
    }

    #[test]
    fn medians_percentiles_and_shares_in_business_days() {
        let monday = "2026-11-16T09:00:00Z";
        let decisions = vec![
            decision(monday, "2026-11-16T15:00:00Z", DecisionKind::Approved, "Rui"),
            decision(monday, "2026-11-17T10:00:00Z", DecisionKind::Approved, "Rui"),
            decision(monday, "2026-11-18T10:00:00Z", DecisionKind::Rejected, "Rita"),
            decision(monday, "2026-11-30T10:00:00Z", DecisionKind::InformationRequested, "Rita"),
        ];
        let report = report(&decisions, &Calendar::default(), 5);
        assert_eq!(report.decided, 4);
        assert_eq!(report.by_kind, vec![(DecisionKind::Approved, 2), (DecisionKind::Rejected, 1), (DecisionKind::InformationRequested, 1)]);
        // 0, 1, 2 and 10 business days.
        assert_eq!((report.median_days, report.p90_days), (Some(1), Some(10)));
        assert_eq!(report.within_percent, Some(75));
        assert_eq!(report.histogram[0] + report.histogram[1] + report.histogram[2] + report.histogram[10], 4);
        assert_eq!(
            report.per_reviewer[0],
            ReviewerLine { reviewer: "Rita".into(), decided: 2, median_days: Some(2), within_percent: Some(50) }
        );
    }

    #[test]
    fn an_empty_period_has_no_figures() {
        let report = report(&[], &Calendar::default(), 5);
        assert_eq!((report.decided, report.median_days, report.within_percent), (0, None, None));
        assert_eq!(percentile(&[7], 90), Some(7));
    }
}
