//! Delivering the outbox: over SMTP when a server is configured, else as `.eml` files in the data
//! directory. Rows are leased, so two instances never send the same row; a worker that dies
//! mid-way leaves a lease that runs out, and the row is sent by the next one. A failed attempt is
//! retried with a growing backoff.

use super::notices::CONSENT_LINK_PLACEHOLDER;
use super::outbox::{self, OutboxRow};
use crate::auth::tokens::{random_token, token_hash};
use crate::db::{Db, Timestamp};
use crate::with_db;
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
        Ok(Mailer { transport, from })
    }

    async fn send(&self, to: &str, subject: &str, text: String, html: String) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("bad recipient: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .multipart(MultiPart::alternative_plain_html(text, html))
            .map_err(|e| e.to_string())?;
        match &self.transport {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Files(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

/// Delivers what is due now; returns how many were sent.
pub async fn deliver_due(db: &Db, mailer: &Mailer, now: Timestamp, base_url: &str) -> anyhow::Result<usize> {
    let rows = outbox::lease(db, now, Timestamp(now.0 + chrono::Duration::seconds(LEASE_SECONDS)), BATCH).await?;
    let mut sent = 0;
    for row in rows {
        let (text, html) = match prepare(db, &row, now, base_url).await? {
            Some(bodies) => bodies,
            None => {
                // A consent e-mail for a claim no longer awaiting consent: nothing to send.
                outbox::delivered(db, row.id, now).await?;
                continue;
            }
        };
        match mailer.send(&row.recipient, &row.subject, text, html).await {
            Ok(()) => {
                outbox::delivered(db, row.id, now).await?;
                sent += 1;
            }
            Err(error) => {
                tracing::warn!(id = row.id, attempts = row.attempts, error, "e-mail not delivered; will retry");
                outbox::failed(db, row.id, now, row.attempts, &error).await?;
            }
        }
    }
    Ok(sent)
}

/// The bodies to send. A consent e-mail gets a freshly minted link here, so the raw token is
/// never stored: only its hash, valid until the consent period ends.
async fn prepare(db: &Db, row: &OutboxRow, now: Timestamp, base_url: &str) -> anyhow::Result<Option<(String, String)>> {
    if !row.body_text.contains(CONSENT_LINK_PLACEHOLDER) {
        return Ok(Some((row.body_text.clone(), row.body_html.clone())));
    }
    let Some(claim_id) = row.claim_id else { return Ok(None) };
    let until: Option<Option<Timestamp>> = with_db!(db, pool => sqlx::query_scalar(
        "SELECT due_at FROM claims WHERE id = $1 AND status = 'approved' AND sent_for_assessment_at IS NULL")
        .bind(claim_id)
        .fetch_optional(pool)
        .await)?;
    let Some(Some(until)) = until else { return Ok(None) };
    if until <= now {
        return Ok(None);
    }
    let token = random_token();
    with_db!(db, pool => sqlx::query("INSERT INTO consent_tokens (token_hash, claim_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(&token))
        .bind(claim_id)
        .bind(now)
        .bind(until)
        .execute(pool)
        .await
        .map(|_| ()))?;
    let link = format!("{base_url}/consent/{token}");
    Ok(Some((row.body_text.replace(CONSENT_LINK_PLACEHOLDER, &link), row.body_html.replace(CONSENT_LINK_PLACEHOLDER, &link))))
}
