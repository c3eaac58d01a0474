//! The outbox table: rows written with the change that causes them, leased by a worker, marked
//! delivered once sent or given up after too many attempts.

use crate::db::{Db, Timestamp, direct};
use crate::with_db;
use std::sync::LazyLock;

const INSERT_INTO: &str = "INSERT INTO outbox (kind, claim_id, recipient, locale, subject, body_text, body_html, consent_link,
        created_at, next_attempt_at, mints, mint_for) VALUES ";
const ROW: &str = "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

/// One mail.
pub static INSERT: LazyLock<String> = LazyLock::new(|| format!("{INSERT_INTO}{ROW}"));

/// `rows` mails in one statement, each bound by `bind_mail!`.
pub fn insert_rows(rows: usize, dialect: super::param::Dialect) -> String {
    format!("{INSERT_INTO}{}", super::param::numbered_rows(ROW, 12, rows, dialect))
}

/// Binds one mail's values to `query`, in the order of `ROW` (`now` twice: created, and first due).
#[macro_export]
macro_rules! bind_mail {
    ($query:expr, $mail:expr, $now:expr) => {
        $query
            .bind($mail.kind)
            .bind($mail.claim_id)
            .bind(&$mail.recipient)
            .bind(&$mail.locale)
            .bind(&$mail.subject)
            .bind(&$mail.text)
            .bind(&$mail.html)
            .bind($mail.link == Some($crate::db::outbox::MintedLink::Consent))
            .bind($now)
            .bind($now)
            .bind($mail.link.and_then($crate::db::outbox::MintedLink::mints))
            .bind($mail.link.and_then($crate::db::outbox::MintedLink::mint_for))
    };
}

/// Queues a mail inside the caller's transaction: `enqueue_mail!(&mut *tx, &mail, now)`.
#[macro_export]
macro_rules! enqueue_mail {
    ($conn:expr, $mail:expr, $now:expr) => {
        $crate::bind_mail!(sqlx::query($crate::db::outbox::INSERT.as_str()), $mail, $now).execute($conn).await
    };
}

/// Queues many mails (`&[NewMail]`) inside the caller's transaction, up to `ROWS_PER_INSERT` to a
/// statement:
/// `enqueue_mails!(tx, &mails, now)` evaluates to `sqlx::Result<()>`.
#[macro_export]
macro_rules! enqueue_mails {
    ($tx:expr, $mails:expr, $now:expr) => {
        async {
            let dialect = $crate::db::param::Dialect::of(&$tx);
            for chunk in $mails.chunks($crate::db::ROWS_PER_INSERT) {
                let mut query = sqlx::query(sqlx::AssertSqlSafe($crate::db::outbox::insert_rows(chunk.len(), dialect)));
                for mail in chunk {
                    query = $crate::bind_mail!(query, mail, $now);
                }
                query.execute(&mut *$tx).await?;
            }
            Ok::<(), sqlx::Error>(())
        }
    };
}

/// Reads what notices need about claims and their people, inside the caller's transaction, in
/// two statements however many claims: `claims_facts!(tx, &claim_ids)` evaluates to
/// `sqlx::Result<HashMap<i64, NoticeFacts>>`, by claim id.
#[macro_export]
macro_rules! claims_facts {
    ($tx:expr, $claim_ids:expr) => {
        async {
            let ids: &[i64] = $claim_ids;
            if ids.is_empty() {
                return Ok(std::collections::HashMap::new());
            }
            let rows: Vec<$crate::db::outbox::FactsRow> =
                sqlx::query_as(sqlx::AssertSqlSafe($crate::db::outbox::facts_sql(ids))).persistent(false).fetch_all(&mut *$tx).await?;
            let (sql, emails) = $crate::db::outbox::people_query(&rows);
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).persistent(false);
            for email in &emails {
                query = query.bind(email);
            }
            let people: Vec<$crate::db::outbox::Person> =
                query.bind($crate::domain::role::Role::IncentivesAdmin).fetch_all(&mut *$tx).await?;
            Ok::<_, sqlx::Error>($crate::db::outbox::facts_of(rows, &people))
        }
    };
}

/// What notices need about one claim and its people, inside the caller's transaction:
/// `claim_facts!(tx, claim_id)` evaluates to `sqlx::Result<NoticeFacts>`.
#[macro_export]
macro_rules! claim_facts {
    ($tx:expr, $claim_id:expr) => {
        async {
            let claim_id: i64 = $claim_id;
            let mut facts = $crate::claims_facts!($tx, &[claim_id]).await?;
            facts.remove(&claim_id).ok_or(sqlx::Error::RowNotFound)
        }
    };
}

/// The claims' rows notices need; the ids are numbers, written into the text.
pub fn facts_sql(claim_ids: &[i64]) -> String {
    format!(
        "SELECT c.id AS claim_id, c.public_id, c.name, c.customer_name, o.name AS org_name, c.mpn_id, c.products_label,
                c.activity, c.customer_contact_name, c.customer_contact_email, c.customer_contact_locale,
                c.partner_contact_email, c.org_id
         FROM claims c JOIN orgs o ON o.id = c.org_id WHERE c.id IN ({})",
        super::param::number_list(claim_ids)
    )
}

/// A person who may hear of a claim: an active user who is its partner contact or an incentives
/// admin of its org.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Person {
    pub email: String,
    pub locale: Option<String>,
    pub org_id: Option<i64>,
    pub role: crate::domain::role::Role,
}

/// The active users who may hear of these claims (a superset: `facts_of` decides who does), and
/// the partner contacts' addresses to bind in order, then the incentives admin's role.
pub fn people_query(rows: &[FactsRow]) -> (String, Vec<String>) {
    let mut emails: Vec<String> = rows.iter().map(|r| r.partner_contact_email.to_lowercase()).collect();
    emails.sort();
    emails.dedup();
    let mut orgs: Vec<i64> = rows.iter().map(|r| r.org_id).collect();
    orgs.sort_unstable();
    orgs.dedup();
    let placeholders = (1..=emails.len()).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT email, locale, org_id, role FROM users
         WHERE active = TRUE AND (email IN ({placeholders}) OR (org_id IN ({}) AND role = ${})) ORDER BY id",
        super::param::number_list(&orgs),
        emails.len() + 1
    );
    (sql, emails)
}

/// Each claim's facts, with the people who hear of it: its partner contact, if a user, and its
/// org's incentives admins.
pub fn facts_of(rows: Vec<FactsRow>, people: &[Person]) -> std::collections::HashMap<i64, NoticeFacts> {
    use crate::domain::role::Role;
    rows.into_iter()
        .map(|row| {
            let contact = row.partner_contact_email.to_lowercase();
            let hears = people
                .iter()
                .filter(|p| p.email == contact || (p.org_id == Some(row.org_id) && p.role == Role::IncentivesAdmin))
                .map(|p| (p.email.clone(), p.locale.clone()))
                .collect();
            (row.claim_id, facts_from(row, hears))
        })
        .collect()
}

/// What a notice needs to know about the claim and its people.
#[derive(Debug, Clone)]
pub struct NoticeFacts {
    pub claim_id: i64,
    pub public_id: String,
    pub name: String,
    pub customer_name: String,
    pub org_name: String,
    pub mpn_id: String,
    pub products: String,
    pub activity: String,
    pub customer_contact_name: String,
    pub customer_contact_email: String,
    /// The language the partner chose for the customer contact.
    pub customer_locale: String,
    /// The partner contact and the org's incentives admins, with their language when known.
    pub partner_recipients: Vec<(String, Option<String>)>,
    pub org_id: i64,
    /// The business time zone, which deadlines are written in.
    pub zone: chrono_tz::Tz,
}

/// An e-mail ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub kind: &'static str,
    pub claim_id: Option<i64>,
    pub recipient: String,
    pub locale: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// A mail whose bodies are made at delivery, around a freshly minted link, and are empty
    /// until then. Which mail carries a link is known by this alone; no body is ever searched.
    pub link: Option<MintedLink>,
}

/// A link minted when its e-mail is delivered, so its raw token is never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MintedLink {
    /// The customer's consent link, for the mail's claim.
    Consent,
    /// An invitation's link, for the invitation.
    Invitation(i64),
    /// A password reset link, for the user.
    PasswordReset(i64),
}

impl MintedLink {
    /// The outbox's `mints` column (the consent link has its own).
    pub fn mints(self) -> Option<&'static str> {
        match self {
            MintedLink::Consent => None,
            MintedLink::Invitation(_) => Some("invitation"),
            MintedLink::PasswordReset(_) => Some("password-reset"),
        }
    }

    pub fn mint_for(self) -> Option<i64> {
        match self {
            MintedLink::Consent => None,
            MintedLink::Invitation(id) | MintedLink::PasswordReset(id) => Some(id),
        }
    }
}

/// The claim's columns a notice needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FactsRow {
    pub claim_id: i64,
    pub public_id: String,
    pub name: String,
    pub customer_name: String,
    pub org_name: String,
    pub mpn_id: String,
    pub products_label: String,
    pub activity: String,
    pub customer_contact_name: String,
    pub customer_contact_email: String,
    pub customer_contact_locale: String,
    pub partner_contact_email: String,
    pub org_id: i64,
}

/// The facts of a claim, with its partner contact first among the people who hear of it (each
/// with their language when known, nobody twice).
pub fn facts_from(row: FactsRow, people: Vec<(String, Option<String>)>) -> NoticeFacts {
    let partner_contact = row.partner_contact_email;
    let contact_locale = people.iter().find(|(email, _)| email.eq_ignore_ascii_case(&partner_contact)).and_then(|(_, l)| l.clone());
    let mut recipients = vec![(partner_contact, contact_locale)];
    for (email, locale) in people {
        if !recipients.iter().any(|(e, _)| e.eq_ignore_ascii_case(&email)) {
            recipients.push((email, locale));
        }
    }
    NoticeFacts {
        claim_id: row.claim_id,
        public_id: row.public_id,
        name: row.name,
        customer_name: row.customer_name,
        org_name: row.org_name,
        mpn_id: row.mpn_id,
        products: row.products_label,
        activity: row.activity,
        customer_contact_name: row.customer_contact_name,
        customer_contact_email: row.customer_contact_email,
        customer_locale: row.customer_contact_locale,
        partner_recipients: recipients,
        org_id: row.org_id,
        zone: chrono_tz::Tz::UTC,
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub claim_id: Option<i64>,
    pub recipient: String,
    pub locale: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub attempts: i64,
    pub consent_link: bool,
    pub mints: Option<String>,
    pub mint_for: Option<i64>,
}

impl OutboxRow {
    /// The link this mail's bodies are made around at delivery, if any.
    pub fn link(&self) -> Option<MintedLink> {
        match (self.consent_link, self.mints.as_deref(), self.mint_for) {
            (true, _, _) => Some(MintedLink::Consent),
            (_, Some("invitation"), Some(id)) => Some(MintedLink::Invitation(id)),
            (_, Some("password-reset"), Some(id)) => Some(MintedLink::PasswordReset(id)),
            _ => None,
        }
    }
}

/// A message is given up after this many failed attempts (about nine hours with the backoff).
pub const MAX_ATTEMPTS: i64 = 10;

/// Takes up to `limit` undelivered rows that are due and not held by another worker, holding them
/// until `lease_until`.
pub async fn lease(db: &Db, now: Timestamp, lease_until: Timestamp, limit: i64) -> sqlx::Result<Vec<OutboxRow>> {
    let skip_locked = if matches!(db, Db::Pg(..)) { "FOR UPDATE SKIP LOCKED" } else { "" };
    let sql = sqlx::AssertSqlSafe(format!(
        "UPDATE outbox SET locked_until = $1, attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2
                        AND (locked_until IS NULL OR locked_until <= $2) ORDER BY id LIMIT $3 {skip_locked})
         RETURNING id, kind, claim_id, recipient, locale, subject, body_text, body_html, attempts, consent_link, mints, mint_for"
    ));
    with_db!(db, pool => sqlx::query_as(sql).bind(lease_until).bind(now).bind(limit).fetch_all(pool).await)
}

pub async fn delivered(db: &Db, id: i64, now: Timestamp) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query("UPDATE outbox SET delivered_at = $1, locked_until = NULL, last_error = NULL WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Records a failed attempt; the row is tried again after a backoff that grows with each attempt.
pub async fn failed(db: &Db, id: i64, now: Timestamp, attempts: i64, error: &str) -> sqlx::Result<()> {
    let backoff = chrono::Duration::seconds(30 * 2i64.pow(attempts.clamp(1, 10) as u32 - 1)).min(chrono::Duration::hours(6));
    with_db!(db, pool => sqlx::query("UPDATE outbox SET next_attempt_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3")
        .bind(Timestamp(now.0 + backoff))
        .bind(error)
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Gives a message up: it failed for good (a recipient the mailer refuses, or too many attempts).
pub async fn given_up(db: &Db, id: i64, now: Timestamp, error: &str) -> sqlx::Result<()> {
    with_db!(db, pool => sqlx::query("UPDATE outbox SET failed_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3")
        .bind(now)
        .bind(error)
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Rows not yet delivered nor given up (for tests and operators).
pub async fn undelivered(db: &Db) -> sqlx::Result<i64> {
    with_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL")
        .fetch_one(pool)
        .await)
}

/// The messages about a claim that could not be delivered: whether it was the customer's consent
/// mail, and to whom; oldest first.
pub async fn failed_for_claim(db: &Db, claim_id: i64) -> sqlx::Result<Vec<(bool, String)>> {
    const FAILED: &str = "SELECT consent_link, recipient FROM outbox WHERE claim_id = $1 AND failed_at IS NOT NULL ORDER BY id";
    direct::all(db, FAILED, vec![crate::db::param::Param::Int(claim_id)], |r| Ok((r.get(0)?, r.get(1)?))).await
}

/// Which messages the delivery view lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    Pending,
    Delivered,
    Failed,
}

impl DeliveryState {
    pub const ALL: [DeliveryState; 3] = [DeliveryState::Pending, DeliveryState::Failed, DeliveryState::Delivered];

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryState> {
        DeliveryState::ALL.into_iter().find(|d| d.as_str() == s)
    }

    fn condition(self) -> &'static str {
        match self {
            DeliveryState::Pending => "delivered_at IS NULL AND failed_at IS NULL",
            DeliveryState::Delivered => "delivered_at IS NOT NULL",
            DeliveryState::Failed => "failed_at IS NOT NULL",
        }
    }
}

/// A message as the delivery view shows it. Bodies are not read: they may hold a link.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Delivery {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
    pub failed_at: Option<Timestamp>,
}

/// Messages in `state`, newest first, older than `before` (the keyset of the next page).
pub async fn deliveries(db: &Db, state: DeliveryState, before: Option<i64>, limit: i64) -> sqlx::Result<Vec<Delivery>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT id, kind, recipient, subject, attempts, last_error, created_at, delivered_at, failed_at FROM outbox
         WHERE {} AND ($1 IS NULL OR id < $1) ORDER BY id DESC LIMIT $2",
        state.condition()
    ));
    with_db!(db, pool => sqlx::query_as(sql).bind(before).bind(limit).fetch_all(pool).await)
}

/// How many messages are in each state (pending, failed), for the view's tabs.
pub async fn waiting_and_failed(db: &Db) -> sqlx::Result<(i64, i64)> {
    with_db!(db, pool => sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL),
                (SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL)")
        .fetch_one(pool)
        .await)
}

/// Puts a failed message back in the queue, due now, for one more attempt (its attempts are past
/// the limit, so a temporary failure gives it up again at once), with its audit entry;
/// `false` when it is not (or no longer) failed.
pub async fn retry(db: &Db, id: i64, audit: &crate::db::audit::AuditEntry<'_>, now: Timestamp) -> sqlx::Result<bool> {
    use crate::db::BeginWrite;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let recipient: Option<String> = sqlx::query_scalar(
            "UPDATE outbox SET failed_at = NULL, next_attempt_at = $1, locked_until = NULL
             WHERE id = $2 AND failed_at IS NOT NULL RETURNING recipient")
            .bind(now)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(recipient) = recipient else { return Ok(false) };
        let entry = crate::db::audit::AuditEntry { subject: &recipient, ..audit.clone() };
        crate::record_audit!(&mut *tx, entry, now)?;
        tx.commit().await?;
        Ok(true)
    })
}

/// How many messages wait to be sent, and since when the oldest.
pub async fn depth(db: &Db) -> sqlx::Result<(i64, Option<Timestamp>)> {
    with_db!(db, pool => sqlx::query_as("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL")
        .fetch_one(pool)
        .await)
}
