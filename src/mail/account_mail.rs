//! E-mails about a person's account: the invitation to join, the password reset link, and the
//! security notices (password changed, two-step turned off, recovery code used). Invitations and
//! resets are queued addressed but without bodies; the worker makes the bodies at delivery around
//! the link it mints then.

use super::{MailContent, NewMail};
use crate::domain::role::Role;
use crate::i18n::Locale;
use chrono::{DateTime, Utc};
use fluent_templates::fluent_bundle::FluentValue;

fn locale_of(tag: &str, zone: chrono_tz::Tz) -> Locale {
    Locale::from_tag(tag).unwrap_or_default().in_zone(zone)
}

/// An e-mail addressed and titled, whose bodies the worker makes at delivery.
fn queued(kind: &'static str, recipient: &str, locale: &Locale, subject_key: &str) -> NewMail {
    NewMail {
        kind,
        claim_id: None,
        recipient: recipient.to_owned(),
        locale: locale.tag().to_owned(),
        subject: locale.t(subject_key).to_owned(),
        text: String::new(),
        html: String::new(),
        link: None,
    }
}

/// The invitation, queued; its link is minted at delivery.
pub fn invitation_queued(recipient: &str, locale_tag: &str) -> NewMail {
    queued("invitation", recipient, &locale_of(locale_tag, chrono_tz::Tz::UTC), "mail-invitation-subject")
}

/// The invitation's bodies around its link.
pub fn invitation(to: &Recipient, role: Role, org: Option<&str>, link: &str, until: DateTime<Utc>) -> NewMail {
    let locale = locale_of(to.locale, to.zone);
    let welcome = match (org, role) {
        (Some(org), _) => locale.t_with("mail-invitation-body-org", &[("name", to.name.to_owned().into()), ("org", org.to_owned().into())]),
        (None, Role::Operator) => locale.t_with("mail-invitation-body-operator", &[("name", to.name.to_owned().into())]),
        (None, _) => locale.t_with("mail-invitation-body-reviewer", &[("name", to.name.to_owned().into())]),
    };
    let until = locale.t_with("mail-invitation-until", &[("until", FluentValue::from(locale.date_time(until)))]);
    with_link("invitation", to, &locale, "mail-invitation-subject", vec![welcome, until], ("mail-invitation-link", link.to_owned()))
}

/// The reset link, queued; the link is minted at delivery.
pub fn reset_queued(recipient: &str, locale_tag: &str) -> NewMail {
    queued("password-reset", recipient, &locale_of(locale_tag, chrono_tz::Tz::UTC), "mail-reset-subject")
}

/// The reset e-mail's bodies around its link.
pub fn reset(to: &Recipient, link: &str, until: DateTime<Utc>) -> NewMail {
    let locale = locale_of(to.locale, to.zone);
    let paragraphs = vec![
        locale.t_with("mail-reset-body", &[("name", to.name.to_owned().into())]),
        locale.t_with("mail-reset-until", &[("until", FluentValue::from(locale.date_time(until)))]),
        locale.t("mail-reset-not-you").to_owned(),
    ];
    with_link("password-reset", to, &locale, "mail-reset-subject", paragraphs, ("mail-reset-link", link.to_owned()))
}

/// Who an account e-mail goes to.
pub struct Recipient<'a> {
    pub email: &'a str,
    pub name: &'a str,
    /// Their language's tag.
    pub locale: &'a str,
    /// The business time zone, which times are written in.
    pub zone: chrono_tz::Tz,
}

/// A security notice about the person's account: what happened, when, and what to do if it was
/// not them.
fn security_notice(kind: &'static str, to: &Recipient, at: DateTime<Utc>, keys: [&str; 2], base_url: &str) -> NewMail {
    let locale = locale_of(to.locale, to.zone);
    let paragraphs = vec![
        locale.t_with(keys[1], &[("name", to.name.to_owned().into()), ("date", locale.date_time(at).into())]),
        locale.t("mail-password-changed-not-you").to_owned(),
    ];
    with_link(kind, to, &locale, keys[0], paragraphs, ("mail-password-forgot-link", format!("{base_url}/password/forgot")))
}

/// An account e-mail: its paragraphs, then one link (the translation key of its text, and where
/// it goes), in the person's language.
fn with_link(
    kind: &'static str,
    to: &Recipient,
    locale: &Locale,
    subject_key: &str,
    paragraphs: Vec<String>,
    link: (&str, String),
) -> NewMail {
    let content = MailContent {
        subject: locale.t(subject_key).to_owned(),
        paragraphs,
        link: Some((locale.t(link.0).to_owned(), link.1)),
        footer: locale.t("mail-footer").to_owned(),
    };
    content.into_mail(kind, None, to.email, locale.tag())
}

/// The security notice that a person's password changed.
pub fn password_changed(to: &Recipient, at: DateTime<Utc>, base_url: &str) -> NewMail {
    security_notice("password-changed", to, at, ["mail-password-changed-subject", "mail-password-changed-body"], base_url)
}

/// The security notice that two-step verification was turned off.
pub fn two_step_off(to: &Recipient, at: DateTime<Utc>, base_url: &str) -> NewMail {
    security_notice("two-step-off", to, at, ["mail-two-step-off-subject", "mail-two-step-off-body"], base_url)
}

/// The security notice that a recovery code was used to sign in.
pub fn recovery_code_used(to: &Recipient, at: DateTime<Utc>, base_url: &str) -> NewMail {
    security_notice("recovery-code-used", to, at, ["mail-recovery-used-subject", "mail-recovery-used-body"], base_url)
}

/// The answer to a rejected partner application, with the operator's reason (quoted as typed,
/// never interpreted) and a link to apply again.
pub fn application_rejected(to: &Recipient, org_name: &str, reason: &str, base_url: &str) -> NewMail {
    let locale = locale_of(to.locale, to.zone);
    let paragraphs = vec![
        locale.t_with("mail-application-rejected-body", &[("name", to.name.to_owned().into()), ("org", org_name.to_owned().into())]),
        reason.to_owned(),
    ];
    with_link(
        "application-rejected",
        to,
        &locale,
        "mail-application-rejected-subject",
        paragraphs,
        ("mail-application-again", format!("{base_url}/apply")),
    )
}
