//! Business days: Monday to Friday. "N business days after T" keeps T's time of day; a T on a
//! non-business day counts from the start of the next business day. (Holidays and the business
//! time zone are configuration, added with the deadlines.)

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};

pub fn is_business_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_business_day(mut date: NaiveDate) -> NaiveDate {
    loop {
        date += Duration::days(1);
        if is_business_day(date) {
            return date;
        }
    }
}

pub fn add_business_days(t: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let (mut date, time) = if is_business_day(t.date_naive()) {
        (t.date_naive(), t.time())
    } else {
        (next_business_day(t.date_naive()), NaiveTime::MIN)
    };
    for _ in 0..days {
        date = next_business_day(date);
    }
    date.and_time(time).and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc)
    }

    #[test]
    fn five_business_days_skip_the_weekend_and_keep_the_time() {
        assert_eq!(add_business_days(at("2026-11-20T09:30:00Z"), 5), at("2026-11-27T09:30:00Z"), "Friday to Friday");
        assert_eq!(add_business_days(at("2026-11-18T16:00:00Z"), 5), at("2026-11-25T16:00:00Z"), "Wednesday to Wednesday");
        assert_eq!(add_business_days(at("2026-11-23T00:00:00Z"), 1), at("2026-11-24T00:00:00Z"));
    }

    #[test]
    fn a_weekend_start_counts_from_monday_morning() {
        assert_eq!(add_business_days(at("2026-11-21T15:00:00Z"), 5), at("2026-11-30T00:00:00Z"), "Saturday");
        assert_eq!(add_business_days(at("2026-11-22T23:59:59Z"), 1), at("2026-11-24T00:00:00Z"), "Sunday");
        assert_eq!(add_business_days(at("2026-11-21T15:00:00Z"), 0), at("2026-11-23T00:00:00Z"));
    }

    #[test]
    fn year_ends_are_crossed() {
        assert_eq!(add_business_days(at("2026-12-31T10:00:00Z"), 2), at("2027-01-04T10:00:00Z"));
    }
}
