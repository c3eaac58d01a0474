//! The business calendar: Monday to Friday minus a configured list of holidays, in the business
//! time zone that decides what "a day" is. "N business days after T" keeps T's local time of day;
//! a T on a non-business day counts from the start of the next business day. Instants stay UTC.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    zone: Tz,
    holidays: BTreeSet<NaiveDate>,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar { zone: Tz::UTC, holidays: BTreeSet::new() }
    }
}

impl Calendar {
    pub fn new(zone: Tz, holidays: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        Calendar { zone, holidays: holidays.into_iter().collect() }
    }

    /// Parses a time zone name (`Europe/Berlin`) and a comma- or space-separated list of dates.
    pub fn parse(zone: &str, holidays: &str) -> Result<Calendar, String> {
        let zone: Tz = zone.trim().parse().map_err(|_| format!("{zone:?} is not a time zone name such as Europe/Berlin"))?;
        let mut dates = BTreeSet::new();
        for item in holidays.split([',', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
            dates.insert(NaiveDate::parse_from_str(item, "%Y-%m-%d").map_err(|_| format!("{item:?} is not a date (YYYY-MM-DD)"))?);
        }
        Ok(Calendar { zone, holidays: dates })
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The holidays, in date order.
    pub fn holidays(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.holidays.iter().copied()
    }

    /// The same time zone with these holidays instead.
    pub fn with_holidays(&self, holidays: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        Calendar::new(self.zone, holidays)
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&date)
    }

    fn next_business_day(&self, mut date: NaiveDate) -> NaiveDate {
        loop {
            date += Duration::days(1);
            if self.is_business_day(date) {
                return date;
            }
        }
    }

    /// The instant of a local date and time; a time skipped by a clock change moves forward.
    fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self.zone.from_local_datetime(&local) {
            LocalResult::Single(t) => t.with_timezone(&Utc),
            LocalResult::Ambiguous(earlier, _) => earlier.with_timezone(&Utc),
            LocalResult::None => self.instant(local + Duration::hours(1)),
        }
    }

    /// The business days from `from` to `to`: those after `from`'s local date up to and including
    /// `to`'s (the same day is 0). At most a year's worth is counted.
    pub fn business_days_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        let (mut day, last) = (from.with_timezone(&self.zone).date_naive(), to.with_timezone(&self.zone).date_naive());
        let mut count = 0;
        for _ in 0..366 {
            if day >= last {
                break;
            }
            day += Duration::days(1);
            if self.is_business_day(day) {
                count += 1;
            }
        }
        count
    }

    /// The end of the local day of `t` (the start of the next), in this calendar's time zone.
    pub fn end_of_day(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        let next = t.with_timezone(&self.zone).date_naive() + Duration::days(1);
        self.instant(next.and_time(NaiveTime::MIN))
    }

    pub fn add_business_days(&self, t: DateTime<Utc>, days: u32) -> DateTime<Utc> {
        let local = t.with_timezone(&self.zone).naive_local();
        let (mut date, time) = if self.is_business_day(local.date()) {
            (local.date(), local.time())
        } else {
            (self.next_business_day(local.date()), NaiveTime::MIN)
        };
        for _ in 0..days {
            date = self.next_business_day(date);
        }
        self.instant(date.and_time(time))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc)
    }

    fn utc() -> Calendar {
        Calendar::default()
    }

    #[test]
    fn business_days_between_skips_weekends_and_holidays() {
        let calendar = Calendar::parse("UTC", "2026-11-25").expect("calendar");
        let friday = at("2026-11-20T09:00:00Z");
        assert_eq!(calendar.business_days_between(friday, at("2026-11-20T17:00:00Z")), 0, "the same day");
        assert_eq!(calendar.business_days_between(friday, at("2026-11-23T08:00:00Z")), 1, "Monday");
        assert_eq!(calendar.business_days_between(friday, at("2026-11-27T09:00:00Z")), 4, "a week, less the holiday");
        assert_eq!(calendar.business_days_between(at("2026-11-27T09:00:00Z"), friday), 0, "backwards is nothing");
    }

    #[test]
    fn five_business_days_skip_the_weekend_and_keep_the_time() {
        assert_eq!(utc().add_business_days(at("2026-11-20T09:30:00Z"), 5), at("2026-11-27T09:30:00Z"), "Friday to Friday");
        assert_eq!(utc().add_business_days(at("2026-11-18T16:00:00Z"), 5), at("2026-11-25T16:00:00Z"), "Wednesday to Wednesday");
        assert_eq!(utc().add_business_days(at("2026-11-23T00:00:00Z"), 1), at("2026-11-24T00:00:00Z"));
    }

    #[test]
    fn a_weekend_start_counts_from_monday_morning() {
        assert_eq!(utc().add_business_days(at("2026-11-21T15:00:00Z"), 5), at("2026-11-30T00:00:00Z"), "Saturday");
        assert_eq!(utc().add_business_days(at("2026-11-22T23:59:59Z"), 1), at("2026-11-24T00:00:00Z"), "Sunday");
        assert_eq!(utc().add_business_days(at("2026-11-21T15:00:00Z"), 0), at("2026-11-23T00:00:00Z"));
    }

    #[test]
    fn year_ends_and_runs_of_holidays_are_crossed() {
        assert_eq!(utc().add_business_days(at("2026-12-31T10:00:00Z"), 2), at("2027-01-04T10:00:00Z"));
        let christmas = Calendar::parse("UTC", "2026-12-24, 2026-12-25 2026-12-28,2026-12-31,2027-01-01").expect("calendar");
        assert_eq!(christmas.add_business_days(at("2026-12-23T10:00:00Z"), 1), at("2026-12-29T10:00:00Z"));
        assert_eq!(christmas.add_business_days(at("2026-12-23T10:00:00Z"), 3), at("2027-01-04T10:00:00Z"));
        assert_eq!(
            christmas.add_business_days(at("2026-12-25T10:00:00Z"), 1),
            at("2026-12-30T00:00:00Z"),
            "a holiday start counts from the next business morning"
        );
    }

    #[test]
    fn the_business_time_zone_decides_what_a_day_is() {
        let seoul = Calendar::parse("Asia/Seoul", "").expect("calendar");
        // Friday 23:30 UTC is already Saturday 08:30 in Seoul: counting starts Monday 00:00 KST.
        assert_eq!(seoul.add_business_days(at("2026-11-20T23:30:00Z"), 1), at("2026-11-23T15:00:00Z"));
        let berlin = Calendar::parse("Europe/Berlin", "").expect("calendar");
        // Across the end of summer time the local time of day is kept (10:00 CEST -> 10:00 CET).
        assert_eq!(berlin.add_business_days(at("2026-10-23T08:00:00Z"), 1), at("2026-10-26T09:00:00Z"));
    }

    #[test]
    fn bad_configuration_is_explained() {
        assert!(Calendar::parse("Mars/Olympus", "").err().is_some_and(|e| e.contains("time zone")));
        assert!(Calendar::parse("UTC", "2026-13-01").err().is_some_and(|e| e.contains("not a date")));
    }
}
