//! E-mail: what each event tells whom (`notices`), and the worker that delivers the outbox (which
//! `db::outbox` keeps) over SMTP or as `.eml` files (`worker`).

pub mod account_mail;
pub mod notices;
pub mod worker;

use askama::Template;

pub use crate::db::outbox::NewMail;

/// What a message says, before it is laid out as plain text and HTML.
pub struct MailContent {
    pub subject: String,
    pub paragraphs: Vec<String>,
    pub link: Option<(String, String)>,
    pub footer: String,
}

#[derive(Template)]
#[template(path = "mail/message.txt")]
struct TextMail<'a> {
    content: &'a MailContent,
}

#[derive(Template)]
#[template(path = "mail/message.html")]
struct HtmlMail<'a> {
    content: &'a MailContent,
    lang: &'a str,
}

impl MailContent {
    pub fn into_mail(self, kind: &'static str, claim_id: Option<i64>, recipient: &str, locale: &str) -> NewMail {
        let text = TextMail { content: &self }.render().unwrap_or_else(|_| self.paragraphs.join("\n\n"));
        let html = HtmlMail { content: &self, lang: locale }.render().unwrap_or_default();
        NewMail {
            kind,
            claim_id,
            recipient: recipient.to_owned(),
            locale: locale.to_owned(),
            subject: self.subject,
            text,
            html,
            link: None,
        }
    }
}
