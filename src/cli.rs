//! The `cpor` command line. Every flag can also come from a `CPOR_*` environment variable.

use crate::auth::password;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::users::{CreateUserError, NewUser};
use crate::db::{Db, Timestamp, orgs, users};
use crate::domain::contact::EmailAddress;
use crate::domain::password_rules;
use crate::domain::role::Role;
use crate::startup::Application;
use anyhow::{Context, bail};
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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply migrations, then serve the portal.
    Serve {
        #[arg(long, env = "CPOR_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// The address people use, e.g. https://cpor.example.com (Secure cookies when https).
        #[arg(long, env = "CPOR_PUBLIC_URL")]
        public_url: Option<String>,
        /// Load the demo dataset (once) and print its sign-ins.
        #[arg(long, env = "CPOR_DEMO")]
        demo: bool,
        /// Minutes of inactivity after which a session ends.
        #[arg(long, env = "CPOR_SESSION_IDLE_MINUTES", default_value_t = 30)]
        session_idle_minutes: i64,
        /// Hours after sign-in after which a session ends regardless of activity.
        #[arg(long, env = "CPOR_SESSION_ABSOLUTE_HOURS", default_value_t = 12)]
        session_absolute_hours: i64,
        /// Largest PoE file accepted, in MB.
        #[arg(long, env = "CPOR_MAX_POE_FILE_MB", default_value_t = 25)]
        max_poe_file_mb: u64,
        /// Most PoE files one claim may hold.
        #[arg(long, env = "CPOR_MAX_POE_FILES", default_value_t = 10)]
        max_poe_files: u64,
        /// Most PoE one claim may hold in all, in MB.
        #[arg(long, env = "CPOR_MAX_POE_CLAIM_MB", default_value_t = 100)]
        max_poe_claim_mb: u64,
        #[command(flatten)]
        deadlines: DeadlineArgs,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Run the deadline sweeper once (then deliver the e-mails it queued) and exit.
    Sweep {
        /// Sweep as of this time (RFC 3339), instead of now.
        #[arg(long, env = "CPOR_SWEEP_NOW")]
        now: Option<String>,
        /// The address links in e-mails point at.
        #[arg(long, env = "CPOR_PUBLIC_URL")]
        public_url: Option<String>,
        #[command(flatten)]
        deadlines: DeadlineArgs,
        #[command(flatten)]
        mail: MailArgs,
    },
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
}

/// The process's durations and business calendar (SPEC defaults); changing one needs no rebuild.
#[derive(clap::Args, Clone)]
struct DeadlineArgs {
    /// Business days from submission until review must start.
    #[arg(long, env = "CPOR_REVIEW_START_DAYS", default_value_t = 5)]
    review_start_days: u32,
    /// Business days from the start of a review until the decision.
    #[arg(long, env = "CPOR_DECISION_DAYS", default_value_t = 5)]
    decision_days: u32,
    /// Business days the partner has to answer a request for more information.
    #[arg(long, env = "CPOR_PARTNER_RESPONSE_DAYS", default_value_t = 5)]
    partner_response_days: u32,
    /// Days the customer may deny an approved association.
    #[arg(long, env = "CPOR_CONSENT_DAYS", default_value_t = 7)]
    consent_days: i64,
    /// Days the partner may dispute a rejection.
    #[arg(long, env = "CPOR_DISPUTE_DAYS", default_value_t = 30)]
    dispute_days: i64,
    /// Business days to decide a dispute.
    #[arg(long, env = "CPOR_DISPUTE_DECISION_DAYS", default_value_t = 5)]
    dispute_decision_days: u32,
    /// The time zone that decides what a business day is, e.g. Europe/Berlin.
    #[arg(long, env = "CPOR_BUSINESS_TIME_ZONE", default_value = "UTC")]
    business_time_zone: String,
    /// Holidays (YYYY-MM-DD), separated by commas or spaces.
    #[arg(long, env = "CPOR_HOLIDAYS", default_value = "")]
    holidays: String,
}

impl DeadlineArgs {
    fn durations(&self) -> anyhow::Result<crate::domain::workflow::Durations> {
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
struct MailArgs {
    /// SMTP server for e-mail, e.g. smtp://mail.example.com:25; without it e-mails are written
    /// as .eml files in DATA_DIR/mail.
    #[arg(long, env = "CPOR_SMTP_URL")]
    smtp_url: Option<String>,
    /// The sender of the portal's e-mails.
    #[arg(long, env = "CPOR_MAIL_FROM", default_value = "CPOR portal <no-reply@cpor.invalid>")]
    mail_from: String,
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Create a partner org; prints its id.
    Add {
        #[arg(long, env = "CPOR_ORG_NAME")]
        name: String,
        /// An MPN ID (partner location); repeat for several.
        #[arg(long = "mpn", env = "CPOR_ORG_MPN", value_delimiter = ',', required = true)]
        mpn: Vec<String>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from standard input.
    Add {
        #[arg(long, env = "CPOR_USER_EMAIL")]
        email: String,
        #[arg(long, env = "CPOR_USER_NAME")]
        name: String,
        /// global-admin, billing-admin, incentives-admin or reviewer.
        #[arg(long, env = "CPOR_USER_ROLE")]
        role: String,
        /// The org's id (partner roles only).
        #[arg(long, env = "CPOR_USER_ORG")]
        org: Option<i64>,
        /// Read the password from standard input (required).
        #[arg(long, env = "CPOR_PASSWORD_STDIN")]
        password_stdin: bool,
    },
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
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CPOR_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(if serving { "info" } else { "warn" })),
        )
        .with_writer(std::io::stderr)
        // Colour only on a terminal: a log file or a journal gets plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
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
    match cli.command {
        Command::Serve {
            bind,
            public_url,
            demo,
            session_idle_minutes,
            session_absolute_hours,
            max_poe_file_mb,
            max_poe_files,
            max_poe_claim_mb,
            deadlines,
            mail,
        } => {
            settings.durations = deadlines.durations()?;
            settings.smtp_url = mail.smtp_url;
            settings.mail_from = mail.mail_from;
            if session_idle_minutes <= 0 || session_absolute_hours <= 0 {
                bail!("session timeouts must be positive");
            }
            if max_poe_file_mb == 0 || max_poe_files == 0 || max_poe_claim_mb < max_poe_file_mb {
                bail!("PoE limits must be positive, and the claim's total at least one file's size");
            }
            settings.upload_limits = crate::domain::poe::UploadLimits {
                max_file_bytes: max_poe_file_mb << 20,
                max_files_per_claim: max_poe_files,
                max_claim_bytes: max_poe_claim_mb << 20,
            };
            settings.bind = bind;
            settings.public_url = public_url.map(|u| u.trim_end_matches('/').to_owned());
            settings.session_idle_timeout = chrono::Duration::minutes(session_idle_minutes);
            settings.session_absolute_timeout = chrono::Duration::hours(session_absolute_hours);
            let app = Application::build(settings, Clock::system()).await?;
            if demo {
                crate::demo::load(&app.state().db, app.state().now()).await?;
            }
            let host = app.state().settings.bind.rsplit_once(':').map_or("127.0.0.1", |(host, _)| host).to_owned();
            println!("The CPOR portal is listening on http://{host}:{}", app.port());
            app.run().await?;
        }
        Command::Sweep { now, public_url, deadlines, mail } => {
            let now = match now {
                Some(text) => chrono::DateTime::parse_from_rfc3339(&text)
                    .with_context(|| format!("{text:?} is not an RFC 3339 time such as 2026-12-03T09:00:00Z"))?
                    .with_timezone(&chrono::Utc),
                None => chrono::Utc::now(),
            };
            let durations = deadlines.durations()?;
            let db = open(&settings).await?;
            let base_url = public_url.unwrap_or_else(|| "http://127.0.0.1:8080".into()).trim_end_matches('/').to_owned();
            let report = crate::sweeper::sweep(&db, &durations, now, &base_url).await?;
            let mailer = crate::mail::worker::Mailer::new(mail.smtp_url.as_deref(), &mail.mail_from, &settings.data_dir)?
                .in_zone(durations.calendar.zone());
            let mut sent = 0;
            loop {
                let batch = crate::mail::worker::deliver_due(&db, &mailer, Timestamp(now), &base_url).await?;
                if batch == 0 {
                    break;
                }
                sent += batch;
            }
            println!(
                "rejected for no partner response: {}; sent for incentive assessment: {}; e-mails delivered: {sent}",
                report.auto_rejected, report.sent_for_assessment
            );
            db.close().await;
        }
        Command::Migrate => {
            let db = open(&settings).await?;
            db.close().await;
            println!("migrations applied");
        }
        Command::Org { command: OrgCommand::Add { name, mpn } } => {
            let name = name.trim();
            if name.is_empty() {
                bail!("--name must not be empty");
            }
            let mpn: Vec<String> = mpn.iter().map(|m| m.trim().to_owned()).collect();
            if let Some(bad) = mpn.iter().find(|m| !crate::domain::claim_form::is_mpn_id(m)) {
                bail!("{bad:?} is not an MPN ID (1 to 20 letters or digits)");
            }
            let db = open(&settings).await?;
            let id = orgs::create_org(&db, name, &mpn, Timestamp(Clock::system().now())).await?;
            println!("{id}");
        }
        Command::User { command: UserCommand::Add { email, name, role, org, password_stdin } } => {
            let email = EmailAddress::parse(&email).with_context(|| format!("{email:?} is not an e-mail address"))?;
            let role = Role::parse(&role)
                .with_context(|| format!("{role:?} is not a role (global-admin, billing-admin, incentives-admin, reviewer)"))?;
            if name.trim().is_empty() {
                bail!("--name must not be empty");
            }
            match (role.is_partner(), org) {
                (true, None) => bail!("a {} needs --org", role.as_str()),
                (false, Some(_)) => bail!("a reviewer belongs to no org; leave out --org"),
                _ => {}
            }
            if !password_stdin {
                bail!("give the password on standard input with --password-stdin");
            }
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).context("cannot read the password from standard input")?;
            let typed = line.trim_end_matches(['\n', '\r']).to_owned();
            if let Err(problem) = password_rules::check(&typed, email.as_ref(), &name) {
                bail!("the password is too weak: {}", password_rules_text(problem));
            }
            let db = open(&settings).await?;
            if let Some(org) = org
                && !orgs::org_exists(&db, org).await?
            {
                bail!("there is no org {org}");
            }
            let hash = password::hash(typed).await?;
            let new_user = NewUser { org_id: org, email: email.as_ref(), name: name.trim(), role, password_hash: &hash };
            match users::create_user(&db, new_user, Timestamp(Clock::system().now())).await {
                Ok(id) => println!("{id}"),
                Err(CreateUserError::DuplicateEmail) => bail!("a user with the e-mail {} already exists", email.as_ref()),
                Err(CreateUserError::Database(e)) => return Err(e.into()),
            }
        }
    }
    Ok(())
}

async fn open(settings: &Settings) -> anyhow::Result<Db> {
    crate::startup_failure::ensure_data_directory(&settings.data_dir)?;
    let db = Db::connect(&settings.database_url).await?;
    db.migrate().await?;
    Ok(db)
}

/// What the command line says of a refused password (the browser says it in the person's language).
fn password_rules_text(problem: password_rules::PasswordProblem) -> String {
    use password_rules::PasswordProblem::*;
    match problem {
        TooShort => format!("use at least {} characters", password_rules::MIN_CHARS),
        TooLong => format!("use at most {} characters", password_rules::MAX_CHARS),
        Personal => "it contains the e-mail address or the name; choose one without them".into(),
        Guessable => "it is common or follows a simple pattern; use a few unrelated words or a password manager".into(),
    }
}
