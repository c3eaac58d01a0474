//! Every user-visible string goes through here: Fluent bundles under `locales/`, the visitor's
//! language from a cookie or `Accept-Language`, dates and numbers in the locale's format.

use actix_web::HttpRequest;
use actix_web::http::header::{AcceptLanguage, Header};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages the portal speaks: tag and the language's own name.
pub const SUPPORTED: &[(&str, &str)] = &[("en", "English")];

/// The cookie that remembers a visitor's choice of language.
pub const LANGUAGE_COOKIE: &str = "cpor_lang";

#[derive(Debug, Clone)]
pub struct Locale {
    tag: &'static str,
    id: LanguageIdentifier,
}

impl Default for Locale {
    fn default() -> Self {
        Locale::from_tag("en").unwrap_or_else(|| Locale { tag: "en", id: LanguageIdentifier::default() })
    }
}

impl Locale {
    /// A supported locale by its tag (`en`, `de`, ...) or a regional variant of it (`de-AT`).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        let (tag, _) = SUPPORTED.iter().find(|(t, _)| *t == primary)?;
        Some(Locale { tag, id: tag.parse().ok()? })
    }

    /// The visitor's language: a remembered choice first, then the browser's preferences.
    pub fn for_request(req: &HttpRequest) -> Locale {
        if let Some(locale) = req.cookie(LANGUAGE_COOKIE).and_then(|c| Locale::from_tag(c.value())) {
            return locale;
        }
        AcceptLanguage::parse(req)
            .ok()
            .and_then(|accept| {
                accept.ranked().into_iter().find_map(|pref| match pref {
                    actix_web::http::header::Preference::Specific(tag) => Locale::from_tag(&tag.to_string()),
                    actix_web::http::header::Preference::Any => None,
                })
            })
            .unwrap_or_default()
    }

    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// The text for `key`; a missing key shows as the key itself so it is noticed, not hidden.
    pub fn t(&self, key: &str) -> String {
        LOCALES.try_lookup(&self.id, key).unwrap_or_else(|| {
            tracing::warn!(key, locale = self.tag, "missing translation");
            key.to_owned()
        })
    }

    /// The text for `key` with named arguments.
    pub fn t_with(&self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(name, value)| (Cow::Borrowed(*name), value.clone())).collect();
        LOCALES.try_lookup_with_args(&self.id, key, &args).unwrap_or_else(|| {
            tracing::warn!(key, locale = self.tag, "missing translation");
            key.to_owned()
        })
    }

    /// A count in words with the locale's plural rules, e.g. `claims-count` with `count`.
    pub fn t_count(&self, key: &str, count: i64) -> String {
        self.t_with(key, &[("count", FluentValue::from(count)), ("formatted", FluentValue::from(self.number(count)))])
    }

    pub fn date(&self, date: NaiveDate) -> String {
        self.t_with(
            "date-format",
            &[
                ("day", FluentValue::from(date.day().to_string())),
                ("month", FluentValue::from(format!("{:02}", date.month()))),
                ("month_name", FluentValue::from(self.t(&format!("month-short-{}", date.month())))),
                ("year", FluentValue::from(date.year().to_string())),
            ],
        )
    }

    pub fn date_time(&self, at: DateTime<Utc>) -> String {
        self.t_with(
            "date-time-format",
            &[("date", FluentValue::from(self.date(at.date_naive()))), ("time", FluentValue::from(at.format("%H:%M").to_string()))],
        )
    }

    /// A whole number with the locale's digit grouping.
    pub fn number(&self, n: i64) -> String {
        let separator = match self.tag {
            "de" => ".",
            "ru" | "hu" => "\u{a0}",
            _ => ",",
        };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(separator);
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_dates_and_numbers() {
        let en = Locale::default();
        assert_eq!(en.date(NaiveDate::from_ymd_opt(2026, 12, 3).expect("date")), "3 Dec 2026");
        assert_eq!(en.number(1234567), "1,234,567");
        assert_eq!(en.number(-12), "-12");
        assert_eq!(en.t_count("claims-count", 1), "1 claim");
        assert_eq!(en.t_count("claims-count", 1200), "1,200 claims");
    }

    #[test]
    fn regional_tags_fall_back_to_their_language() {
        assert_eq!(Locale::from_tag("en-GB").map(|l| l.tag()), Some("en"));
        assert!(Locale::from_tag("xx").is_none());
    }
}
