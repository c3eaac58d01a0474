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
    /// PoE previews (pages of PDFs and images, rendered to PNG).
    pub previews: Arc<crate::preview::Previewer>,
    pub mailer: Arc<crate::mail::worker::Mailer>,
    /// The service-level durations and holidays in force (operators change them).
    pub live_durations: Arc<crate::live_durations::LiveDurations>,
    /// Requests per API token.
    pub api_throttle: Arc<crate::web::api::Throttle>,
}

impl AppState {
    /// The address links in e-mails point at: the public URL, or where the server listens.
    pub fn base_url(&self) -> String {
        self.settings.public_url.clone().unwrap_or_else(|| format!("http://{}", self.settings.bind))
    }

    /// The durations and holidays in force now.
    pub fn durations(&self) -> Arc<crate::domain::workflow::Durations> {
        self.live_durations.get()
    }

    pub fn now(&self) -> Timestamp {
        Timestamp(self.clock.now())
    }
}
