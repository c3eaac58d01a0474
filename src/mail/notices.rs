//! Who hears what (SPEC, Notifications): the partner contact and the org's incentives admins on
//! a request for more information, approval, rejection, the outcome of a dispute, automatic
//! rejection and the end of the consent period; the customer contact on approval, with the
//! consent link. Each in the recipient's language where known.

use super::{MailContent, NewMail};
use crate::db::outbox::MintedLink;
pub use crate::db::outbox::NoticeFacts;
use crate::db::workflow::Change;
use crate::domain::workflow::{Action, ClaimState, InfoReason, RejectionReason};
use crate::i18n::Locale;
use chrono::{DateTime, Utc};
use fluent_templates::fluent_bundle::FluentValue;

fn text(locale: &Locale, key: &str, facts: &NoticeFacts, extra: &[(&'static str, String)]) -> String {
    let mut args: Vec<(&'static str, FluentValue<'static>)> = vec![
        ("id", FluentValue::from(facts.public_id.clone())),
        ("name", FluentValue::from(facts.name.clone())),
        ("customer", FluentValue::from(facts.customer_name.clone())),
        ("org", FluentValue::from(facts.org_name.clone())),
    ];
    args.extend(extra.iter().map(|(k, v)| (*k, FluentValue::from(v.clone()))));
    locale.t_with(key, &args)
}

fn partner_mail(facts: &NoticeFacts, base_url: &str, kind: &'static str, build: impl Fn(&Locale) -> (String, Vec<String>)) -> Vec<NewMail> {
    facts
        .partner_recipients
        .iter()
        .map(|(email, language)| {
            let locale = language.as_deref().and_then(Locale::from_tag).unwrap_or_default().in_zone(facts.zone);
            let (subject, paragraphs) = build(&locale);
            let content = MailContent {
                subject,
                paragraphs,
                link: Some((locale.t("mail-open-claim").to_owned(), format!("{base_url}/claims/{}", facts.public_id))),
                footer: locale.t("mail-footer").to_owned(),
            };
            content.into_mail(kind, Some(facts.claim_id), email, locale.tag())
        })
        .collect()
}

/// Who hears of a change, and what: the e-mails to queue with it.
pub fn for_change(change: &Change, base_url: &str) -> Vec<NewMail> {
    for_transition(change.claim, change.action, change.before, change.after, change.info_reasons, base_url)
}

/// The e-mails a transition sends.
fn for_transition(
    facts: &NoticeFacts,
    action: Action,
    before: &ClaimState,
    after: &ClaimState,
    reasons: &[InfoReason],
    base_url: &str,
) -> Vec<NewMail> {
    let due = |locale: &Locale| after.due.map(|d| locale.date_time(d)).unwrap_or_default();
    let dispute_line = |locale: &Locale| if before.in_dispute { Some(locale.t("mail-dispute-outcome").to_owned()) } else { None };
    match action {
        Action::RequestInformation => partner_mail(facts, base_url, "information-requested", |l| {
            let list = reasons.iter().map(|r| l.t(&format!("info-reason-{}", r.as_str()))).collect::<Vec<_>>().join("; ");
            let mut body: Vec<String> = dispute_line(l).into_iter().collect();
            body.push(text(l, "mail-info-requested-body", facts, &[("reasons", list), ("due", due(l))]));
            (text(l, "mail-info-requested-subject", facts, &[]), body)
        }),
        Action::Approve => {
            let mut mails = partner_mail(facts, base_url, "approved", |l| {
                let mut body: Vec<String> = dispute_line(l).into_iter().collect();
                body.push(text(l, "mail-approved-body", facts, &[("due", due(l))]));
                (text(l, "mail-approved-subject", facts, &[]), body)
            });
            mails.push(consent_mail_queued(facts));
            mails
        }
        Action::Reject(_) | Action::Withdraw | Action::CustomerDeny | Action::NoPartnerResponse => {
            let reason = after.rejection.unwrap_or(RejectionReason::InsufficientPoe);
            let kind = if action == Action::NoPartnerResponse { "auto-rejected" } else { "rejected" };
            partner_mail(facts, base_url, kind, |l| {
                let mut body: Vec<String> = dispute_line(l).into_iter().collect();
                let reason_text = l.t(&format!("rejection-reason-{}", reason.as_str())).to_owned();
                body.push(text(l, "mail-rejected-body", facts, &[("reason", reason_text)]));
                body.push(match after.due {
                    Some(_) => text(l, "mail-rejected-dispute", facts, &[("due", due(l))]),
                    None => l.t("mail-rejected-final").to_owned(),
                });
                (text(l, "mail-rejected-subject", facts, &[]), body)
            })
        }
        Action::SendForAssessment => consent_ended(facts, before.due.unwrap_or(after.since), base_url),
        Action::Submit | Action::StartReview | Action::Resubmit | Action::Dispute => Vec::new(),
    }
}

fn customer_locale(facts: &NoticeFacts) -> Locale {
    Locale::from_tag(&facts.customer_locale).unwrap_or_default().in_zone(facts.zone)
}

/// The consent e-mail as queued with the approval: addressed, with no bodies yet. The worker makes
/// them at delivery with `consent_mail`, around the link it mints then, so the raw token is never
/// stored.
fn consent_mail_queued(facts: &NoticeFacts) -> NewMail {
    let locale = customer_locale(facts);
    NewMail {
        kind: "consent",
        claim_id: Some(facts.claim_id),
        recipient: facts.customer_contact_email.clone(),
        locale: locale.tag().to_owned(),
        subject: text(&locale, "mail-consent-subject", facts, &[]),
        text: String::new(),
        html: String::new(),
        link: Some(MintedLink::Consent),
    }
}

/// The consent e-mail to the customer contact, in the language the partner chose for them, with
/// the link minted for this delivery.
pub fn consent_mail(facts: &NoticeFacts, until: DateTime<Utc>, link: &str) -> NewMail {
    let locale = customer_locale(facts);
    let until = locale.date_time(until);
    let content = MailContent {
        subject: text(&locale, "mail-consent-subject", facts, &[]),
        paragraphs: vec![
            text(&locale, "mail-consent-greeting", facts, &[("contact", facts.customer_contact_name.clone())]),
            text(
                &locale,
                "mail-consent-body",
                facts,
                &[
                    ("mpn", facts.mpn_id.clone()),
                    ("products", facts.products.clone()),
                    ("activity", locale.t(&format!("activity-{}", facts.activity)).to_owned()),
                ],
            ),
            text(&locale, "mail-consent-deny", facts, &[("due", until)]),
        ],
        link: Some((locale.t("mail-consent-link").to_owned(), link.to_owned())),
        footer: locale.t("mail-footer").to_owned(),
    };
    content.into_mail("consent", Some(facts.claim_id), &facts.customer_contact_email, locale.tag())
}

/// The e-mails when the consent period ends and the claim goes to incentive assessment.
fn consent_ended(facts: &NoticeFacts, at: DateTime<Utc>, base_url: &str) -> Vec<NewMail> {
    partner_mail(facts, base_url, "consent-ended", |l| {
        (text(l, "mail-consent-ended-subject", facts, &[]), vec![text(l, "mail-consent-ended-body", facts, &[("date", l.date_time(at))])])
    })
}

/// Tells a reviewer that a colleague assigned them a claim. Not filed under the claim: a failure
/// to deliver it is the operators' to see, never the partner's.
pub fn assigned(to: (&str, Option<&str>), claim: (&str, &str, &str), by: &str, zone: chrono_tz::Tz, base_url: &str) -> NewMail {
    let (email, language) = to;
    let (public_id, name, customer) = claim;
    let locale = language.and_then(Locale::from_tag).unwrap_or_default().in_zone(zone);
    let args = |extra: Option<(&'static str, String)>| {
        let mut args: Vec<(&'static str, FluentValue<'static>)> = vec![
            ("id", FluentValue::from(public_id.to_owned())),
            ("name", FluentValue::from(name.to_owned())),
            ("customer", FluentValue::from(customer.to_owned())),
        ];
        args.extend(extra.map(|(k, v)| (k, FluentValue::from(v))));
        args
    };
    let content = MailContent {
        subject: locale.t_with("mail-assigned-subject", &args(None)),
        paragraphs: vec![locale.t_with("mail-assigned-body", &args(Some(("by", by.to_owned()))))],
        link: Some((locale.t("mail-open-claim").to_owned(), format!("{base_url}/claims/{public_id}"))),
        footer: locale.t("mail-footer").to_owned(),
    };
    content.into_mail("assigned", None, email, locale.tag())
}
