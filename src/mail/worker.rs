//! Delivering the outbox: over SMTP when a server is configured, else as `.eml` files in the data
//! directory. Rows are leased, so two instances never send the same row; a worker that dies
//! mid-way leaves a lease that runs out, and the row is sent by the next one. A failed attempt is
//! retried with a growing backoff.

use super::{account_mail, notices};
use crate::auth::tokens::{random_token, token_hash};
use crate::db::accounts;
use crate::db::outbox::{self, MintedLink, OutboxRow};
use crate::db::{Db, Timestamp, consent};
use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::Path;

/// How long a worker holds the rows it took.
const LEASE_SECONDS: i64 = 120;
const BATCH: i64 = 20;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    /// The business time zone, which mails made at delivery write times in.
    zone: chrono_tz::Tz,
    /// How long an invitation's link is valid.
    invitation_valid: chrono::Duration,
}

/// How long a password reset link is valid.
pub const RESET_VALID_MINUTES: i64 = 60;

impl Mailer {
    /// SMTP when `smtp_url` is given (`smtp://host:port`, `smtps://user:password@host`), else
    /// `.eml` files under `DATA_DIR/mail`.
    pub fn new(smtp_url: Option<&str>, from: &str, data_dir: &Path) -> anyhow::Result<Mailer> {
        let from: Mailbox = from.parse().with_context(|| format!("{from:?} is not a sender address"))?;
        let transport = match smtp_url {
            Some(url) => Transport::Smtp(AsyncSmtpTransport::<Tokio1Executor>::from_url(url).context("the SMTP URL is not valid")?.build()),
            None => {
                let dir = data_dir.join("mail");
                std::fs::create_dir_all(&dir)?;
                Transport::Files(AsyncFileTransport::new(dir))
            }
        };
        Ok(Mailer { transport, from, zone: chrono_tz::Tz::UTC, invitation_valid: chrono::Duration::days(7) })
    }

    /// The same mailer, minting invitation links valid for `days`.
    pub fn invitations_valid_for(mut self, days: i64) -> Mailer {
        self.invitation_valid = chrono::Duration::days(days);
        self
    }

    /// The same mailer, writing times in `zone`.
    pub fn in_zone(mut self, zone: chrono_tz::Tz) -> Mailer {
        self.zone = zone;
        self
    }

    async fn send(&self, to: &str, subject: &str, text: String, html: String) -> Result<(), SendError> {
        let to: Mailbox = to.parse().map_err(|e| SendError::Permanent(format!("bad recipient: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .multipart(MultiPart::alternative_plain_html(text, html))
            .map_err(|e| SendError::Permanent(e.to_string()))?;
        match &self.transport {
            Transport::Smtp(t) => t
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| if e.is_permanent() { SendError::Permanent(e.to_string()) } else { SendError::Temporary(e.to_string()) }),
            Transport::Files(t) => t.send(message).await.map(|_| ()).map_err(|e| SendError::Temporary(e.to_string())),
        }
    }
}

/// Why a message was not sent.
enum SendError {
    /// Worth trying again later (a server down, a temporary refusal).
    Temporary(String),
    /// Will never pass (a recipient the mailer refuses, a permanent refusal by the server).
    Permanent(String),
}

/// Delivers what is due now; returns how many were sent.
pub async fn deliver_due(db: &Db, mailer: &Mailer, now: Timestamp, base_url: &str) -> anyhow::Result<usize> {
    let rows = outbox::lease(db, now, Timestamp(now.0 + chrono::Duration::seconds(LEASE_SECONDS)), BATCH).await?;
    let mut sent = 0;
    for row in rows {
        let bodies = match row.link() {
            None => Some((row.body_text.clone(), row.body_html.clone())),
            Some(MintedLink::Consent) => consent_bodies(db, &row, now, base_url, mailer.zone).await?,
            Some(MintedLink::Invitation(id)) => invitation_bodies(db, mailer, &row, id, now, base_url).await?,
            Some(MintedLink::PasswordReset(user_id)) => reset_bodies(db, mailer, &row, user_id, now, base_url).await?,
        };
        // No link to mint any more (the claim no longer awaits consent, the invitation was
        // revoked, the person deactivated): nothing to send.
        let Some((text, html)) = bodies else {
            outbox::delivered(db, row.id, now).await?;
            continue;
        };
        match mailer.send(&row.recipient, &row.subject, text, html).await {
            Ok(()) => {
                outbox::delivered(db, row.id, now).await?;
                sent += 1;
            }
            Err(SendError::Temporary(error)) if row.attempts < outbox::MAX_ATTEMPTS => {
                tracing::warn!(id = row.id, attempts = row.attempts, error, "e-mail not delivered; will retry");
                outbox::failed(db, row.id, now, row.attempts, &error).await?;
            }
            Err(SendError::Temporary(error) | SendError::Permanent(error)) => {
                tracing::warn!(id = row.id, attempts = row.attempts, error, "e-mail given up");
                outbox::given_up(db, row.id, now, &error).await?;
            }
        }
    }
    Ok(sent)
}

/// An invitation's bodies around a freshly minted link (only its hash is stored); `None` when the
/// invitation was accepted or revoked meanwhile.
async fn invitation_bodies(
    db: &Db,
    mailer: &Mailer,
    row: &OutboxRow,
    id: i64,
    now: Timestamp,
    base_url: &str,
) -> anyhow::Result<Option<(String, String)>> {
    let token = random_token();
    let until = now.0 + mailer.invitation_valid;
    let Some(invitation) = accounts::mint_invitation(db, id, &token_hash(&token), Timestamp(until)).await? else { return Ok(None) };
    let link = format!("{base_url}/invitations/{token}");
    let to = account_mail::Recipient { email: &row.recipient, name: &invitation.name, locale: &row.locale, zone: mailer.zone };
    let mail = account_mail::invitation(&to, invitation.role, invitation.org_name.as_deref(), &link, until);
    Ok(Some((mail.text, mail.html)))
}

/// A reset e-mail's bodies around a freshly minted link, valid an hour; `None` when the person
/// can no longer sign in.
async fn reset_bodies(
    db: &Db,
    mailer: &Mailer,
    row: &OutboxRow,
    user_id: i64,
    now: Timestamp,
    base_url: &str,
) -> anyhow::Result<Option<(String, String)>> {
    let token = random_token();
    let until = now.0 + chrono::Duration::minutes(RESET_VALID_MINUTES);
    let Some(name) = accounts::mint_reset(db, user_id, &token_hash(&token), now, Timestamp(until)).await? else { return Ok(None) };
    let to = account_mail::Recipient { email: &row.recipient, name: &name, locale: &row.locale, zone: mailer.zone };
    let mail = account_mail::reset(&to, &format!("{base_url}/password/reset/{token}"), until);
    Ok(Some((mail.text, mail.html)))
}

/// The consent e-mail's bodies, made now around a freshly minted link (only its hash is stored,
/// valid until the consent period ends); `None` when the claim no longer awaits consent.
async fn consent_bodies(
    db: &Db,
    row: &OutboxRow,
    now: Timestamp,
    base_url: &str,
    zone: chrono_tz::Tz,
) -> anyhow::Result<Option<(String, String)>> {
    let Some(claim_id) = row.claim_id else { return Ok(None) };
    let token = random_token();
    let Some((mut facts, until)) = consent::mint_link(db, claim_id, &token_hash(&token), now).await? else {
        return Ok(None);
    };
    facts.zone = zone;
    let mail = notices::consent_mail(&facts, until.0, &format!("{base_url}/consent/{token}"));
    Ok(Some((mail.text, mail.html)))
}
