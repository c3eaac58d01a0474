//! What every handler can reach: the database, the settings and the clock.

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{Db, Timestamp};
use crate::storage::PoeStore;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    pub poe: Arc<PoeStore>,
}

impl AppState {
    pub fn now(&self) -> Timestamp {
        Timestamp(self.clock.now())
    }
}
