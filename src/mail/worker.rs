//! Delivering the outbox: over SMTP when a server is configured, else as `.eml` files in the data
//! directory. Rows are leased, so two instances never send the same row; a worker that dies
//! mid-way leaves a lease that runs out, and the row is sent by the next one. A failed attempt is
//! retried with a growing backoff.

use super::notices;
use crate::auth::tokens::{random_token, token_hash};
use crate::db::outbox::{self, OutboxRow};
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
}

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
        Ok(Mailer { transport, from, zone: chrono_tz::Tz::UTC })
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
        let (text, html) = if row.consent_link {
            match consent_bodies(db, &row, now, base_url, mailer.zone).await? {
                Some(bodies) => bodies,
                None => {
                    // The claim no longer awaits the customer's consent: nothing to send.
                    outbox::delivered(db, row.id, now).await?;
                    continue;
                }
            }
        } else {
            (row.body_text.clone(), row.body_html.clone())
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
