//! Settings of a running portal, from the command line or `CPOR_*` environment variables.

use chrono::Duration;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: String,
    pub data_dir: PathBuf,
    /// `sqlite:...` or `postgres://...`; by default a SQLite file inside the data directory.
    pub database_url: String,
    /// The address people use to reach the portal, e.g. `https://cpor.example.com`. Cookies are
    /// marked Secure when it is https, and form posts must come from its origin.
    pub public_url: Option<String>,
    pub session_idle_timeout: Duration,
    pub session_absolute_timeout: Duration,
    pub sign_in_throttle: ThrottleSettings,
    pub upload_limits: crate::domain::poe::UploadLimits,
    /// The process's durations and business calendar.
    pub durations: crate::domain::workflow::Durations,
    /// `smtp://host:port` (or `smtps://...`); without it e-mails are written as `.eml` files.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// Run the mail worker and the deadline sweeper inside the server (tests drive them by hand).
    pub background_jobs: bool,
    /// The key session cookies are encrypted with (hex, 64 bytes or more); without it one is made
    /// once and kept in `DATA_DIR/session.key`. Instances that share sessions share the key.
    pub session_key: Option<String>,
    /// People of these roles must set up two-step verification before anything else.
    pub require_two_step_for: Vec<crate::domain::role::Role>,
    /// Single sign-on with an OpenID Connect provider, when configured.
    pub sso: Option<SsoSettings>,
    /// Days an invitation's link is valid.
    pub invitation_days: i64,
    /// Where `/metrics` is served (its own address); none: no metrics endpoint.
    pub metrics_bind: Option<String>,
    /// Where PoE files are kept: `file://DIR` or `s3://BUCKET[/PREFIX]`; `None` is `DATA_DIR/poe`.
    pub storage_url: Option<String>,
    /// Requests an API token may make per minute (per instance), in bursts of a tenth of it.
    pub api_requests_per_minute: u32,
    /// Let webhooks call private and loopback addresses, and plain http (for tests and closed
    /// networks): otherwise refused, against server-side request forgery.
    pub webhook_allow_private: bool,
}

/// An OpenID Connect provider and this portal's client at it.
#[derive(Debug, Clone)]
pub struct SsoSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
}

/// How many failed sign-ins within the window lock an account, or a client address, out.
#[derive(Debug, Clone)]
pub struct ThrottleSettings {
    pub window: Duration,
    pub per_account: i64,
    pub per_address: i64,
}

impl Default for ThrottleSettings {
    fn default() -> Self {
        ThrottleSettings { window: Duration::minutes(15), per_account: 5, per_address: 20 }
    }
}

impl Settings {
    pub fn new(data_dir: PathBuf, database_url: Option<String>) -> Settings {
        let database_url = database_url.unwrap_or_else(|| format!("sqlite://{}?mode=rwc", data_dir.join("cpor.sqlite3").display()));
        Settings {
            bind: "127.0.0.1:8080".into(),
            data_dir,
            database_url,
            public_url: None,
            session_idle_timeout: Duration::minutes(30),
            session_absolute_timeout: Duration::hours(12),
            sign_in_throttle: ThrottleSettings::default(),
            upload_limits: crate::domain::poe::UploadLimits::default(),
            durations: crate::domain::workflow::Durations::default(),
            smtp_url: None,
            mail_from: "CPOR portal <no-reply@cpor.invalid>".into(),
            background_jobs: true,
            session_key: None,
            require_two_step_for: Vec::new(),
            sso: None,
            invitation_days: 7,
            metrics_bind: None,
            storage_url: None,
            api_requests_per_minute: 600,
            webhook_allow_private: false,
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }
}
