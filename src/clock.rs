//! The one clock of the program. Production reads the system time; tests set and advance it, so
//! no test waits for time to pass.

use chrono::{DateTime, Duration, DurationRound, Utc};
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct Clock(Arc<Source>);

enum Source {
    System,
    Fixed(Mutex<DateTime<Utc>>),
}

impl Clock {
    pub fn system() -> Clock {
        Clock(Arc::new(Source::System))
    }

    /// A clock that stands still at `now` until it is set or advanced.
    pub fn fixed(now: DateTime<Utc>) -> Clock {
        Clock(Arc::new(Source::Fixed(Mutex::new(truncate(now)))))
    }

    /// The current time, to the microsecond (what both databases store).
    pub fn now(&self) -> DateTime<Utc> {
        match &*self.0 {
            Source::System => truncate(Utc::now()),
            Source::Fixed(t) => *t.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Moves a fixed clock forward; a system clock cannot be moved.
    pub fn advance(&self, by: Duration) {
        if let Source::Fixed(t) = &*self.0 {
            let mut t = t.lock().unwrap_or_else(|e| e.into_inner());
            *t += by;
        }
    }

    pub fn set(&self, now: DateTime<Utc>) {
        if let Source::Fixed(t) = &*self.0 {
            *t.lock().unwrap_or_else(|e| e.into_inner()) = truncate(now);
        }
    }
}

fn truncate(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(Duration::microseconds(1)).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_moves_only_when_told() {
        let start = DateTime::parse_from_rfc3339("2026-11-20T09:00:00Z").expect("time").with_timezone(&Utc);
        let clock = Clock::fixed(start);
        assert_eq!(clock.now(), start);
        clock.advance(Duration::minutes(31));
        assert_eq!(clock.now(), start + Duration::minutes(31));
        clock.set(start);
        assert_eq!(clock.now(), start);
    }
}
