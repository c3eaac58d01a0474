//! The durations and holidays in force, as every request reads them: kept in memory and read
//! again from the database when this instance changes them, and every few seconds for changes
//! made on other instances. A deadline is computed once, when it is set, from what is here then.

use crate::db::{Db, calendar};
use crate::domain::workflow::Durations;
use std::sync::{Arc, RwLock};

/// How often an instance looks for changes made on another.
pub const REFRESH_SECONDS: u64 = 5;

pub struct LiveDurations {
    /// The flags' values: the time zone, and what a fresh database starts with.
    defaults: Durations,
    current: RwLock<Arc<Durations>>,
}

impl LiveDurations {
    pub fn new(defaults: Durations) -> LiveDurations {
        LiveDurations { current: RwLock::new(Arc::new(defaults.clone())), defaults }
    }

    pub fn defaults(&self) -> &Durations {
        &self.defaults
    }

    /// The durations in force now.
    pub fn get(&self) -> Arc<Durations> {
        match self.current.read() {
            Ok(current) => current.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Reads them again from the database.
    pub async fn refresh(&self, db: &Db) -> sqlx::Result<Arc<Durations>> {
        let fresh = Arc::new(calendar::load(db, &self.defaults).await?);
        match self.current.write() {
            Ok(mut current) => *current = fresh.clone(),
            Err(poisoned) => *poisoned.into_inner() = fresh.clone(),
        }
        Ok(fresh)
    }
}
