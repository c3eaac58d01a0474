//! What each command of `cpor` does, once its arguments are parsed.

use super::{OrgAddArgs, PersonArgs, ServeArgs, SweepArgs, UserAddArgs, UserInviteArgs, UserResetMfaArgs, open};
use crate::auth::password;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Db;
use crate::db::audit::{AuditActor, AuditEntry};
use crate::db::users::{CreateUserError, NewUser};
use crate::db::{Timestamp, accounts, orgs, users};
use crate::domain::audit::AuditKind;
use crate::domain::contact::EmailAddress;
use crate::domain::password_rules;
use crate::domain::role::Role;
use crate::mail::account_mail;
use crate::startup::Application;
use anyhow::{Context, bail};

/// `cpor serve`: settings from the flags, then the server until it stops.
pub async fn serve(mut settings: Settings, args: ServeArgs) -> anyhow::Result<()> {
    settings.durations = args.deadlines.durations()?;
    settings.smtp_url = args.mail.smtp_url;
    settings.mail_from = args.mail.mail_from;
    if args.session_idle_minutes <= 0 || args.session_absolute_hours <= 0 {
        bail!("session timeouts must be positive");
    }
    if args.max_poe_file_mb == 0 || args.max_poe_files == 0 || args.max_poe_claim_mb < args.max_poe_file_mb {
        bail!("PoE limits must be positive, and the claim's total at least one file's size");
    }
    settings.upload_limits = crate::domain::poe::UploadLimits {
        max_file_bytes: args.max_poe_file_mb << 20,
        max_files_per_claim: args.max_poe_files,
        max_claim_bytes: args.max_poe_claim_mb << 20,
    };
    settings.bind = args.bind;
    settings.session_key = args.session_key;
    if args.invitation_days <= 0 {
        bail!("--invitation-days must be at least one day");
    }
    settings.invitation_days = args.invitation_days;
    settings.metrics_bind = args.metrics_bind;
    settings.api_requests_per_minute = args.api_requests_per_minute;
    settings.webhook_allow_private = args.webhook_allow_private;
    settings.sso = match (args.oidc_issuer, args.oidc_client_id, args.oidc_client_secret) {
        (Some(issuer), Some(client_id), Some(client_secret)) => Some(crate::config::SsoSettings { issuer, client_id, client_secret }),
        (None, None, None) => None,
        _ => bail!("single sign-on needs all three of --oidc-issuer, --oidc-client-id and --oidc-client-secret"),
    };
    settings.require_two_step_for =
        args.require_mfa_for.iter().filter(|r| !r.trim().is_empty()).map(|r| parse_role(r.trim())).collect::<anyhow::Result<_>>()?;
    settings.public_url = args.public_url.map(|u| u.trim_end_matches('/').to_owned());
    settings.session_idle_timeout = chrono::Duration::minutes(args.session_idle_minutes);
    settings.session_absolute_timeout = chrono::Duration::hours(args.session_absolute_hours);
    let app = Application::build(settings, Clock::system()).await?;
    if args.demo {
        crate::demo::load(app.state()).await?;
    }
    let host = app.state().settings.bind.rsplit_once(':').map_or("127.0.0.1", |(host, _)| host).to_owned();
    println!("The CPOR portal is listening on http://{host}:{}", app.port());
    app.run().await?;
    Ok(())
}

/// `cpor sweep`: the deadline sweeper once, then the e-mails it queued.
pub async fn sweep(settings: Settings, args: SweepArgs) -> anyhow::Result<()> {
    let now = match args.now {
        Some(text) => chrono::DateTime::parse_from_rfc3339(&text)
            .with_context(|| format!("{text:?} is not an RFC 3339 time such as 2026-12-03T09:00:00Z"))?
            .with_timezone(&chrono::Utc),
        None => chrono::Utc::now(),
    };
    let defaults = args.deadlines.durations()?;
    let db = open(&settings).await?;
    // The durations and holidays operators set; the flags only seed a fresh database.
    crate::db::calendar::seed_once(&db, &defaults, Timestamp(now)).await?;
    let durations = crate::db::calendar::load(&db, &defaults).await?;
    let base_url = base_url(args.public_url);
    let started = std::time::Instant::now();
    let report = crate::sweeper::sweep(&db, &durations, now, &base_url).await?;
    // What was swept is counted until it is in the database file, not only in SQLite's log.
    db.checkpoint().await?;
    let swept_in = started.elapsed();
    let mailer = crate::mail::worker::Mailer::new(args.mail.smtp_url.as_deref(), &args.mail.mail_from, &settings.data_dir)?
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
        "rejected for no partner response: {}; sent for incentive assessment: {}; e-mails delivered: {sent} (swept in {:.2} s)",
        report.auto_rejected,
        report.sent_for_assessment,
        swept_in.as_secs_f64()
    );
    db.close().await;
    Ok(())
}

/// `cpor org add`: prints the new org's id.
pub async fn org_add(settings: Settings, args: OrgAddArgs) -> anyhow::Result<()> {
    let name = args.name.trim();
    if name.is_empty() {
        bail!("--name must not be empty");
    }
    let mpn: Vec<String> = args.mpn.iter().map(|m| m.trim().to_owned()).collect();
    if let Some(bad) = mpn.iter().find(|m| !crate::domain::claim_form::is_mpn_id(m)) {
        bail!("{bad:?} is not an MPN ID (1 to 20 letters or digits)");
    }
    let db = open(&settings).await?;
    let actor = command_line();
    let detail = mpn.join(", ");
    let entry = AuditEntry { kind: AuditKind::OrgCreated, actor: &actor, subject: name, detail: &detail, org_id: None };
    let id = match orgs::create_org(&db, name, &mpn, Some(&entry), Timestamp(Clock::system().now())).await {
        Ok(id) => id,
        Err(orgs::OrgError::MpnIdTaken(taken)) => bail!("the MPN ID {taken} belongs to another org"),
        Err(orgs::OrgError::Database(e)) => return Err(e.into()),
    };
    println!("{id}");
    Ok(())
}

/// The address links in e-mails point at: `--public-url`, or the default address of `serve`.
fn base_url(public_url: Option<String>) -> String {
    public_url.unwrap_or_else(|| "http://127.0.0.1:8080".into()).trim_end_matches('/').to_owned()
}

fn parse_role(role: &str) -> anyhow::Result<Role> {
    Role::parse(role).with_context(|| format!("{role:?} is not a role (global-admin, billing-admin, incentives-admin, reviewer, operator)"))
}

/// Whoever runs the command line on the server, as the audit log records them.
fn command_line() -> AuditActor {
    AuditActor { user_id: None, name: "cpor (command line)".into(), email: String::new(), client_addr: "local".into() }
}

/// A person `user add` or `user invite` is for, their arguments checked.
struct Person {
    email: EmailAddress,
    name: String,
    role: Role,
    org: Option<i64>,
}

fn person(args: PersonArgs) -> anyhow::Result<Person> {
    let email = EmailAddress::parse(&args.email).with_context(|| format!("{:?} is not an e-mail address", args.email))?;
    let role = parse_role(&args.role)?;
    let name = args.name.trim().to_owned();
    if name.is_empty() {
        bail!("--name must not be empty");
    }
    match (role.is_partner(), args.org) {
        (true, None) => bail!("a {} needs --org", role.as_str()),
        (false, Some(_)) => bail!("the role {} belongs to no org; leave out --org", role.as_str()),
        _ => {}
    }
    Ok(Person { email, name, role, org: args.org })
}

async fn check_org(db: &Db, org: Option<i64>) -> anyhow::Result<()> {
    match org {
        Some(org) if !orgs::org_exists(db, org).await? => bail!("there is no org {org}"),
        _ => Ok(()),
    }
}

/// `cpor user add`: the password from standard input, judged like any new password; prints the
/// new user's id.
pub async fn user_add(settings: Settings, args: UserAddArgs) -> anyhow::Result<()> {
    let Person { email, name, role, org } = person(args.person)?;
    if !args.password_stdin {
        bail!("give the password on standard input with --password-stdin");
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).context("cannot read the password from standard input")?;
    let typed = line.trim_end_matches(['\n', '\r']).to_owned();
    if let Err(problem) = password_rules::check(&typed, email.as_ref(), &name) {
        bail!("the password is too weak: {}", password_rules_text(problem));
    }
    let db = open(&settings).await?;
    check_org(&db, org).await?;
    let hash = password::hash(typed).await?;
    let new_user = NewUser { org_id: org, email: email.as_ref(), name: &name, role, password_hash: &hash };
    match users::create_user(&db, new_user, Timestamp(Clock::system().now())).await {
        Ok(id) => println!("{id}"),
        Err(CreateUserError::DuplicateEmail) => bail!("a user with the e-mail {} already exists", email.as_ref()),
        Err(CreateUserError::Database(e)) => return Err(e.into()),
    }
    Ok(())
}
/// `cpor user invite`: records the invitation and delivers its e-mail (over SMTP, or as an .eml
/// file in DATA_DIR/mail), whose link lets the person choose their password.
pub async fn user_invite(settings: Settings, args: UserInviteArgs) -> anyhow::Result<()> {
    let Person { email, name, role, org } = person(args.person)?;
    let db = open(&settings).await?;
    check_org(&db, org).await?;
    let now = Timestamp(Clock::system().now());
    let address = email.as_ref().to_lowercase();
    let new = accounts::NewInvitation { email: &address, name: &name, role, org_id: org, invited_by: None };
    match accounts::invite(&db, new, account_mail::invitation_queued(&address, "en"), &command_line(), now).await? {
        accounts::InviteOutcome::Invited(id) => {
            let base_url = base_url(args.public_url);
            let mailer = crate::mail::worker::Mailer::new(args.mail.smtp_url.as_deref(), &args.mail.mail_from, &settings.data_dir)?;
            crate::mail::worker::deliver_due(&db, &mailer, now, &base_url).await?;
            let via = if args.mail.smtp_url.is_some() {
                "by e-mail".to_owned()
            } else {
                format!("as a file in {}", settings.data_dir.join("mail").display())
            };
            println!("invitation {id} sent to {address} {via}");
        }
        accounts::InviteOutcome::AddressTaken => bail!("{address} already has an account or a pending invitation"),
    }
    db.close().await;
    Ok(())
}

/// `cpor user reset-mfa`: turns off a person's two-step verification and ends their sessions, so
/// a locked-out person can sign in with their password and set it up again. They are told by
/// e-mail.
pub async fn user_reset_mfa(settings: Settings, args: UserResetMfaArgs) -> anyhow::Result<()> {
    let db = open(&settings).await?;
    let Some((user_id, name, locale)) = crate::db::two_step::account(&db, &args.email).await? else {
        bail!("there is no user with the e-mail {}", args.email);
    };
    let now = Timestamp(Clock::system().now());
    let base_url = base_url(args.public_url);
    let email = args.email.to_lowercase();
    let to = account_mail::Recipient { email: &email, name: &name, locale: locale.as_deref().unwrap_or("en"), zone: chrono_tz::Tz::UTC };
    let mail = account_mail::two_step_off(&to, now.0, &base_url);
    crate::db::two_step::disable(&db, user_id, true, Some(mail), now).await?;
    let actor = command_line();
    let entry = AuditEntry { kind: AuditKind::TwoStepDisabled, actor: &actor, subject: &email, detail: "reset-mfa", org_id: None };
    crate::db::audit::record(&db, &entry, now).await?;
    println!("two-step verification of {email} is off; their sessions ended");
    db.close().await;
    Ok(())
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
