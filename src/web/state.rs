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
    pub mailer: Arc<crate::mail::worker::Mailer>,
}

impl AppState {
    /// The address links in e-mails point at: the public URL, or where the server listens.
    pub fn base_url(&self) -> String {
        self.settings.public_url.clone().unwrap_or_else(|| format!("http://{}", self.settings.bind))
    }

    pub fn now(&self) -> Timestamp {
        Timestamp(self.clock.now())
    }
}
