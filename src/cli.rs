//! The `cpor` command line. Every flag can also come from a `CPOR_*` environment variable.

mod commands;

use crate::config::Settings;
use crate::db::Db;
use anyhow::bail;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cpor", version, about = "The CPOR portal: Claiming Partner of Record")]
struct Cli {
    /// Where the portal keeps its SQLite database and files.
    #[arg(long, env = "CPOR_DATA_DIR", default_value = "./data", global = true)]
    data_dir: PathBuf,
    /// `sqlite:...` or `postgres://...`; by default SQLite inside the data directory.
    #[arg(long, env = "CPOR_DATABASE_URL", global = true)]
    database_url: Option<String>,
    /// Where PoE files are kept: `file://DIR` (by default `DATA_DIR/poe`) or `s3://BUCKET[/PREFIX]`,
    /// with the endpoint, region and credentials from `AWS_ENDPOINT`, `AWS_REGION`,
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (and `AWS_ALLOW_HTTP=true` for plain http).
    #[arg(long, env = "CPOR_STORAGE_URL", global = true)]
    storage_url: Option<String>,
    /// `text` for people, `json` (one object a line) for log collectors; `serve` logs one line per
    /// request, with the id it returns in `X-Request-Id`.
    #[arg(long, env = "CPOR_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"], global = true)]
    log_format: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply migrations, then serve the portal.
    Serve(ServeArgs),
    /// Run the deadline sweeper once (then deliver the e-mails it queued) and exit.
    Sweep(SweepArgs),
    /// Apply the database migrations and exit.
    Migrate,
    /// Manage partner orgs.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Write a consistent snapshot of a running portal (SQLite and its PoE files) into a new
    /// directory, with a manifest of checksums.
    Backup {
        /// Where to write it (new or empty).
        dir: PathBuf,
    },
    /// Restore a backup into an empty data directory, every checksum verified first.
    Restore {
        /// The backup's directory.
        dir: PathBuf,
    },
    /// Load the demo's people and many realistic claims into a fresh database (for benchmarks,
    /// load tests and demos): every status, ten orgs, products and history.
    Demo {
        /// How many claims.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(i64).range(1..=20_000_000))]
        claims: i64,
    },
}

/// The process's durations and business calendar (SPEC defaults); changing one needs no rebuild.
#[derive(clap::Args, Clone)]
pub struct DeadlineArgs {
    /// Business days from submission until review must start.
    #[arg(long, env = "CPOR_REVIEW_START_DAYS", default_value_t = 5)]
    pub review_start_days: u32,
    /// Business days from the start of a review until the decision.
    #[arg(long, env = "CPOR_DECISION_DAYS", default_value_t = 5)]
    pub decision_days: u32,
    /// Business days the partner has to answer a request for more information.
    #[arg(long, env = "CPOR_PARTNER_RESPONSE_DAYS", default_value_t = 5)]
    pub partner_response_days: u32,
    /// Days the customer may deny an approved association.
    #[arg(long, env = "CPOR_CONSENT_DAYS", default_value_t = 7)]
    pub consent_days: i64,
    /// Days the partner may dispute a rejection.
    #[arg(long, env = "CPOR_DISPUTE_DAYS", default_value_t = 30)]
    pub dispute_days: i64,
    /// Business days to decide a dispute.
    #[arg(long, env = "CPOR_DISPUTE_DECISION_DAYS", default_value_t = 5)]
    pub dispute_decision_days: u32,
    /// The time zone that decides what a business day is, e.g. Europe/Berlin.
    #[arg(long, env = "CPOR_BUSINESS_TIME_ZONE", default_value = "UTC")]
    pub business_time_zone: String,
    /// Holidays (YYYY-MM-DD), separated by commas or spaces.
    #[arg(long, env = "CPOR_HOLIDAYS", default_value = "")]
    pub holidays: String,
}

impl DeadlineArgs {
    pub fn durations(&self) -> anyhow::Result<crate::domain::workflow::Durations> {
        if self.consent_days <= 0 || self.dispute_days <= 0 {
            bail!("the consent and dispute periods must be at least one day");
        }
        let calendar =
            crate::domain::business_days::Calendar::parse(&self.business_time_zone, &self.holidays).map_err(anyhow::Error::msg)?;
        Ok(crate::domain::workflow::Durations {
            review_start_business_days: self.review_start_days,
            decision_business_days: self.decision_days,
            partner_response_business_days: self.partner_response_days,
            consent_days: self.consent_days,
            dispute_days: self.dispute_days,
            dispute_decision_business_days: self.dispute_decision_days,
            calendar,
        })
    }
}

#[derive(clap::Args, Clone)]
pub struct MailArgs {
    /// SMTP server for e-mail, e.g. smtp://mail.example.com:25; without it e-mails are written
    /// as .eml files in DATA_DIR/mail.
    #[arg(long, env = "CPOR_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of the portal's e-mails.
    #[arg(long, env = "CPOR_MAIL_FROM", default_value = "CPOR portal <no-reply@cpor.invalid>")]
    pub mail_from: String,
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Create a partner org; prints its id.
    Add(OrgAddArgs),
}

#[derive(clap::Args)]
pub struct OrgAddArgs {
    #[arg(long, env = "CPOR_ORG_NAME")]
    pub name: String,
    /// An MPN ID (partner location); repeat for several.
    #[arg(long = "mpn", env = "CPOR_ORG_MPN", value_delimiter = ',', required = true)]
    pub mpn: Vec<String>,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from standard input.
    Add(UserAddArgs),
    /// Invite a person by e-mail: they choose their own password from the link.
    Invite(UserInviteArgs),
    /// Turn off a locked-out person's two-step verification (they set it up again).
    ResetMfa(UserResetMfaArgs),
}

#[derive(clap::Args)]
pub struct UserResetMfaArgs {
    #[arg(long, env = "CPOR_USER_EMAIL")]
    pub email: String,
    /// The address links in the e-mail point at.
    #[arg(long, env = "CPOR_PUBLIC_URL")]
    pub public_url: Option<String>,
}

/// Who `user add` and `user invite` are for.
#[derive(clap::Args)]
pub struct PersonArgs {
    #[arg(long, env = "CPOR_USER_EMAIL")]
    pub email: String,
    #[arg(long, env = "CPOR_USER_NAME")]
    pub name: String,
    /// global-admin, billing-admin, incentives-admin or reviewer.
    #[arg(long, env = "CPOR_USER_ROLE")]
    pub role: String,
    /// The org's id (partner roles only).
    #[arg(long, env = "CPOR_USER_ORG")]
    pub org: Option<i64>,
}

#[derive(clap::Args)]
pub struct UserInviteArgs {
    #[command(flatten)]
    pub person: PersonArgs,
    /// The address links in the e-mail point at.
    #[arg(long, env = "CPOR_PUBLIC_URL")]
    pub public_url: Option<String>,
    #[command(flatten)]
    pub mail: MailArgs,
}

#[derive(clap::Args)]
pub struct UserAddArgs {
    #[command(flatten)]
    pub person: PersonArgs,
    /// Read the password from standard input (required).
    #[arg(long, env = "CPOR_PASSWORD_STDIN")]
    pub password_stdin: bool,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    #[arg(long, env = "CPOR_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// The address people use, e.g. https://cpor.example.com (Secure cookies when https).
    #[arg(long, env = "CPOR_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Load the demo dataset (once) and print its sign-ins.
    #[arg(long, env = "CPOR_DEMO")]
    pub demo: bool,
    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "CPOR_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: i64,
    /// Hours after sign-in after which a session ends regardless of activity.
    #[arg(long, env = "CPOR_SESSION_ABSOLUTE_HOURS", default_value_t = 12)]
    pub session_absolute_hours: i64,
    /// Largest PoE file accepted, in MB.
    #[arg(long, env = "CPOR_MAX_POE_FILE_MB", default_value_t = 25)]
    pub max_poe_file_mb: u64,
    /// Most PoE files one claim may hold.
    #[arg(long, env = "CPOR_MAX_POE_FILES", default_value_t = 10)]
    pub max_poe_files: u64,
    /// Most PoE one claim may hold in all, in MB.
    #[arg(long, env = "CPOR_MAX_POE_CLAIM_MB", default_value_t = 100)]
    pub max_poe_claim_mb: u64,
    /// Days an invitation's link is valid.
    #[arg(long, env = "CPOR_INVITATION_DAYS", default_value_t = 7)]
    pub invitation_days: i64,
    /// Serve /metrics (Prometheus text format) on this address, e.g. 127.0.0.1:9100; off by default.
    #[arg(long, env = "CPOR_METRICS_BIND")]
    pub metrics_bind: Option<String>,
    /// Requests an API token may make per minute on each instance (bursts of a tenth of it);
    /// beyond it the API answers 429 with Retry-After.
    #[arg(long, env = "CPOR_API_REQUESTS_PER_MINUTE", default_value_t = 600, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub api_requests_per_minute: u32,
    /// Let webhook endpoints be private or loopback addresses, or plain http; refused otherwise.
    #[arg(long, env = "CPOR_WEBHOOK_ALLOW_PRIVATE")]
    pub webhook_allow_private: bool,
    /// The key session cookies are encrypted with (128 hex digits or more); by default one is made
    /// once and kept in DATA_DIR/session.key. Instances that share sessions share the key.
    #[arg(long, env = "CPOR_SESSION_KEY", hide_env_values = true)]
    pub session_key: Option<String>,
    /// Roles whose people must set up two-step verification before anything else, e.g.
    /// reviewer,global-admin.
    #[arg(long = "require-mfa-for", env = "CPOR_REQUIRE_MFA_FOR", value_delimiter = ',')]
    pub require_mfa_for: Vec<String>,
    /// The OpenID Connect provider for "Sign in with single sign-on", e.g.
    /// https://login.example.com (with --oidc-client-id and --oidc-client-secret).
    #[arg(long, env = "CPOR_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    #[arg(long, env = "CPOR_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    #[arg(long, env = "CPOR_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,
    #[command(flatten)]
    pub deadlines: DeadlineArgs,
    #[command(flatten)]
    pub mail: MailArgs,
}

#[derive(clap::Args)]
pub struct SweepArgs {
    /// Sweep as of this time (RFC 3339), instead of now.
    #[arg(long, env = "CPOR_SWEEP_NOW")]
    pub now: Option<String>,
    /// The address links in e-mails point at.
    #[arg(long, env = "CPOR_PUBLIC_URL")]
    pub public_url: Option<String>,
    #[command(flatten)]
    pub deadlines: DeadlineArgs,
    #[command(flatten)]
    pub mail: MailArgs,
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => e.exit(),
        Err(e) => {
            // clap explains over several lines; operators and scripts get the gist on one.
            let text = e.render().to_string();
            let gist: Vec<&str> = text.lines().take_while(|l| !l.trim().is_empty()).map(str::trim).collect();
            eprintln!("{}", gist.join(" "));
            return ExitCode::from(2);
        }
    };
    let serving = matches!(cli.command, Command::Serve { .. });
    let filter = tracing_subscriber::EnvFilter::try_from_env("CPOR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(if serving { "info" } else { "warn" }));
    // A request's span closes with its route, status, request id and time: one line per request.
    let spans = if serving { tracing_subscriber::fmt::format::FmtSpan::CLOSE } else { tracing_subscriber::fmt::format::FmtSpan::NONE };
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_span_events(spans);
    if cli.log_format == "json" {
        logs.json().with_current_span(true).with_span_list(false).init();
    } else {
        // Colour only on a terminal: a log file or a journal gets plain text.
        logs.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr())).init();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        // What was tried and why on one line, what to do on the next.
        Err(e) => match e.downcast_ref::<crate::startup_failure::StartupFailure>() {
            Some(failure) => {
                eprintln!("error: {failure}");
                ExitCode::from(failure.kind.exit_code())
            }
            None => {
                eprintln!("error: {}", format!("{e:#}").replace('\n', " "));
                ExitCode::FAILURE
            }
        },
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = Settings::new(cli.data_dir.clone(), cli.database_url.clone());
    settings.storage_url = cli.storage_url.clone();
    match cli.command {
        Command::Serve(args) => commands::serve(settings, args).await,
        Command::Sweep(args) => commands::sweep(settings, args).await,
        Command::Migrate => {
            let db = open(&settings).await?;
            db.close().await;
            println!("migrations applied");
            Ok(())
        }
        Command::Org { command: OrgCommand::Add(args) } => commands::org_add(settings, args).await,
        Command::User { command: UserCommand::Add(args) } => commands::user_add(settings, args).await,
        Command::User { command: UserCommand::Invite(args) } => commands::user_invite(settings, args).await,
        Command::User { command: UserCommand::ResetMfa(args) } => commands::user_reset_mfa(settings, args).await,
        Command::Backup { dir } => {
            let db = open(&settings).await?;
            let manifest = crate::backup::backup(&db, &settings, &dir, chrono::Utc::now()).await?;
            db.close().await;
            println!("backed up the database and {} PoE files into {}", manifest.files.len(), dir.display());
            for key in manifest.missing {
                println!("note: {key} was removed while the backup ran; its row is in the backup without a file");
            }
            Ok(())
        }
        Command::Demo { claims } => {
            let db = open(&settings).await?;
            let started = std::time::Instant::now();
            crate::demo::load_many(&db, claims, crate::db::Timestamp(chrono::Utc::now())).await?;
            db.close().await;
            println!("loaded {claims} claims in {:.1?}", started.elapsed());
            Ok(())
        }
        Command::Restore { dir } => {
            if settings.database_url.starts_with("postgres") {
                bail!("cpor restore restores the embedded SQLite database; for PostgreSQL use pg_restore (README, Backups)");
            }
            crate::startup_failure::ensure_data_directory(&settings.data_dir)?;
            let manifest = crate::backup::restore(&dir, &settings).await?;
            println!(
                "restored the backup of {} ({} PoE files) into {}",
                manifest.created_at,
                manifest.files.len(),
                settings.data_dir.display()
            );
            Ok(())
        }
    }
}

pub(crate) async fn open(settings: &Settings) -> anyhow::Result<Db> {
    crate::startup_failure::ensure_data_directory(&settings.data_dir)?;
    let db = Db::connect(&settings.database_url).await?;
    db.migrate().await?;
    Ok(db)
}
