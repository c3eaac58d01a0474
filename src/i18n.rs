//! Every user-visible string goes through here: Fluent bundles under `locales/`, the visitor's
//! language from a cookie or `Accept-Language`, dates and numbers in the locale's format.

use actix_web::HttpRequest;
use actix_web::http::header::{AcceptLanguage, Header};
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages the portal speaks: tag and the language's own name.
pub const SUPPORTED: &[(&str, &str)] = &[("en", "English"), ("de", "Deutsch"), ("hu", "Magyar"), ("ko", "한국어"), ("ru", "Русский")];

/// The cookie that remembers a visitor's choice of language.
pub const LANGUAGE_COOKIE: &str = "cpor_lang";

#[derive(Debug, Clone)]
pub struct Locale {
    tag: &'static str,
    /// Position in `SUPPORTED`, for the memo of texts.
    index: usize,
    id: LanguageIdentifier,
    /// The time zone times are shown in (the business time zone).
    zone: chrono_tz::Tz,
}

/// What shows where a text is missing (a bug: `tests/translations.rs` checks every key).
pub const MISSING_TEXT: &str = "[missing text]";

/// How many texts are memoised, in every language (for tests: a bounded set).
pub fn memoised_texts() -> usize {
    MEMO.iter().map(|memo| memo.read().unwrap_or_else(|e| e.into_inner()).len()).sum()
}

/// Logs a missing key, shortened and escaped: a key may come from a request.
fn missing(key: &str, locale: &str) {
    let shown: String = key.chars().take(64).collect();
    tracing::warn!(key = format!("{shown:?}"), locale, "missing translation");
}

/// Texts already looked up, per supported locale. Hashed with FxHash: a page looks up hundreds
/// of keys, and SipHash's resistance to chosen keys buys nothing for keys from the locale files.
static MEMO: LazyLock<Vec<RwLock<FxHashMap<String, &'static str>>>> =
    LazyLock::new(|| SUPPORTED.iter().map(|_| RwLock::new(FxHashMap::default())).collect());

/// The patterns and names dates are written with, in one locale: looked up once, since a page
/// writes a hundred dates and each would otherwise look up three texts.
struct DateWords {
    date_pattern: &'static str,
    date_time_pattern: &'static str,
    months: [&'static str; 12],
    weekdays: [&'static str; 7],
}

/// `DateWords` per supported locale, in the order of `SUPPORTED`.
static DATE_WORDS: LazyLock<Vec<DateWords>> = LazyLock::new(|| {
    SUPPORTED
        .iter()
        .map(|(tag, _)| {
            let locale = Locale::from_tag(tag).unwrap_or_default();
            DateWords {
                date_pattern: locale.t("date-pattern"),
                date_time_pattern: locale.t("date-time-pattern"),
                months: MONTH_KEYS.map(|key| locale.t(key)),
                weekdays: WEEKDAY_KEYS.map(|key| locale.t(key)),
            }
        })
        .collect()
});

const WEEKDAY_KEYS: [&str; 7] =
    ["weekday-short-1", "weekday-short-2", "weekday-short-3", "weekday-short-4", "weekday-short-5", "weekday-short-6", "weekday-short-7"];

const MONTH_KEYS: [&str; 12] = [
    "month-short-1",
    "month-short-2",
    "month-short-3",
    "month-short-4",
    "month-short-5",
    "month-short-6",
    "month-short-7",
    "month-short-8",
    "month-short-9",
    "month-short-10",
    "month-short-11",
    "month-short-12",
];

impl Default for Locale {
    fn default() -> Self {
        Locale::from_tag("en").unwrap_or_else(|| Locale {
            tag: "en",
            index: 0,
            id: LanguageIdentifier::default(),
            zone: chrono_tz::Tz::UTC,
        })
    }
}

impl Locale {
    /// A supported locale by its tag (`en`, `de`, ...) or a regional variant of it (`de-AT`).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        let index = SUPPORTED.iter().position(|(t, _)| *t == primary)?;
        let tag = SUPPORTED[index].0;
        Some(Locale { tag, index, id: tag.parse().ok()?, zone: chrono_tz::Tz::UTC })
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

    /// The same language, showing times in `zone`.
    pub fn in_zone(mut self, zone: chrono_tz::Tz) -> Locale {
        self.zone = zone;
        self
    }

    /// The time zone times are shown in.
    pub fn zone(&self) -> chrono_tz::Tz {
        self.zone
    }

    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// The text for `key`. Texts without arguments are looked up in Fluent once per locale and
    /// then served from a memo: the dashboard shows hundreds of them per page. Only keys that
    /// exist are memoised (their set is fixed by the locale files), so no request can grow it; a
    /// missing key shows a fixed marker and is logged, shortened, so it is noticed.
    pub fn t(&self, key: &str) -> &'static str {
        let memo = &MEMO[self.index];
        if let Some(text) = memo.read().unwrap_or_else(|e| e.into_inner()).get(key) {
            return text;
        }
        let Some(text) = LOCALES.try_lookup(&self.id, key) else {
            missing(key, self.tag);
            return MISSING_TEXT;
        };
        // Leaked once per (locale, key) of the locale files: a bounded set.
        let text: &'static str = Box::leak(text.into_boxed_str());
        memo.write().unwrap_or_else(|e| e.into_inner()).insert(key.to_owned(), text);
        text
    }

    /// The text for `key` with named arguments.
    pub fn t_with(&self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(name, value)| (Cow::Borrowed(*name), value.clone())).collect();
        LOCALES.try_lookup_with_args(&self.id, key, &args).unwrap_or_else(|| {
            missing(key, self.tag);
            MISSING_TEXT.to_owned()
        })
    }

    /// A text with one argument, translated once for many values: the text before the argument
    /// and after it, instead of a Fluent lookup for each of a page's fifty rows.
    pub fn around(&self, key: &str, name: &'static str) -> (String, String) {
        // A private-use character, which no translation holds.
        const MARK: &str = "\u{E000}";
        let text = self.t_with(key, &[(name, FluentValue::from(MARK))]);
        match text.split_once(MARK) {
            Some((before, after)) => (before.to_owned(), after.to_owned()),
            None => (text, String::new()),
        }
    }

    /// A count in words with the locale's plural rules, e.g. `claims-count` with `count`.
    pub fn t_count(&self, key: &str, count: i64) -> String {
        self.t_with(key, &[("count", FluentValue::from(count)), ("formatted", FluentValue::from(self.number(count)))])
    }

    /// A date in the locale's pattern (`date-pattern`: `%a` the weekday's short name, `%d` day,
    /// `%m` two-digit month, `%b` the month's short name, `%Y` year).
    pub fn date(&self, date: NaiveDate) -> String {
        let mut out = String::with_capacity(16);
        self.write_pattern(&mut out, self.date_words().date_pattern, date, None);
        out
    }

    /// A date and time in the locale's `date-time-pattern`, in the locale's time zone (`%H:%M` for
    /// the time, `%Z` for the zone's abbreviation).
    pub fn date_time(&self, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&self.zone);
        let mut out = String::with_capacity(28);
        // The zone's abbreviation as stored (no formatting: a dashboard shows a hundred times).
        let zone: Cow<str> = match chrono_tz::OffsetName::abbreviation(local.offset()) {
            Some(abbreviation) => Cow::Borrowed(abbreviation),
            None => Cow::Owned(local.format("%Z").to_string()),
        };
        let pattern = self.date_words().date_time_pattern;
        self.write_pattern(&mut out, pattern, local.date_naive(), Some((local.hour(), local.minute(), &zone)));
        out
    }

    fn date_words(&self) -> &'static DateWords {
        &DATE_WORDS[self.index]
    }

    fn write_pattern(&self, out: &mut String, pattern: &str, date: NaiveDate, time: Option<(u32, u32, &str)>) {
        use std::fmt::Write;
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let _ = match chars.next() {
                Some('d') => write!(out, "{}", date.day()),
                Some('m') => write!(out, "{:02}", date.month()),
                Some('b') => write!(out, "{}", self.date_words().months[date.month0() as usize]),
                Some('a') => write!(out, "{}", self.date_words().weekdays[date.weekday().num_days_from_monday() as usize]),
                Some('Y') => write!(out, "{}", date.year()),
                Some('H') => write!(out, "{:02}", time.map_or(0, |t| t.0)),
                Some('M') => write!(out, "{:02}", time.map_or(0, |t| t.1)),
                Some('Z') => write!(out, "{}", time.map_or("", |t| t.2)),
                Some(other) => write!(out, "%{other}"),
                None => write!(out, "%"),
            };
        }
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
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
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
    fn a_text_around_its_argument_is_the_text_with_it() {
        for (tag, _) in SUPPORTED {
            let locale = Locale::from_tag(tag).expect("locale");
            let (before, after) = locale.around("bulk-select-claim", "id");
            let whole = locale.t_with("bulk-select-claim", &[("id", FluentValue::from("CP-0001-0001"))]);
            assert_eq!(format!("{before}CP-0001-0001{after}"), whole, "{tag}");
        }
    }

    #[test]
    fn english_dates_and_numbers() {
        let en = Locale::default();
        assert_eq!(en.date(NaiveDate::from_ymd_opt(2026, 12, 3).expect("date")), "3 Dec 2026");
        let due = DateTime::parse_from_rfc3339("2026-12-03T16:30:00Z").expect("time").with_timezone(&Utc);
        assert_eq!(en.date_time(due), "Thu 3 Dec 2026, 16:30 UTC");
        let berlin = Locale::default().in_zone("Europe/Berlin".parse().expect("zone"));
        assert_eq!(berlin.date_time(due), "Thu 3 Dec 2026, 17:30 CET", "shown in the business time zone");
        assert_eq!(en.number(1234567), "1,234,567");
        assert_eq!(en.number(-12), "-12");
        assert_eq!(en.t_count("claims-count", 1), "1 claim");
        assert_eq!(en.t_count("claims-count", 1200), "1,200 claims");
    }

    #[test]
    fn every_language_formats_dates_numbers_and_plurals() {
        let due = DateTime::parse_from_rfc3339("2026-12-03T16:30:00Z").expect("time").with_timezone(&Utc);
        let de = Locale::from_tag("de-AT").expect("de");
        assert_eq!(de.number(1234567), "1.234.567");
        assert!(de.date_time(due).contains("3. Dez"), "{}", de.date_time(due));
        let ko = Locale::from_tag("ko").expect("ko");
        assert!(ko.date_time(due).starts_with("2026. 12. 3. (목)"), "{}", ko.date_time(due));
        let ru = Locale::from_tag("ru").expect("ru");
        assert_eq!(ru.number(1234567), "1\u{a0}234\u{a0}567");
        for (n, word) in [(1, "заявка"), (3, "заявки"), (5, "заявок"), (21, "заявка"), (22, "заявки"), (11, "заявок")]
        {
            assert!(ru.t_count("claims-count", n).contains(word), "{n}: {}", ru.t_count("claims-count", n));
        }
        let hu = Locale::from_tag("hu").expect("hu");
        assert!(hu.date(due.date_naive()).starts_with("2026. dec"), "{}", hu.date(due.date_naive()));
        for locale in [&de, &ko, &ru, &hu] {
            assert_ne!(locale.t("status-partner-action-required"), "Partner action required", "{}", locale.tag());
        }
    }

    #[test]
    fn regional_tags_fall_back_to_their_language() {
        assert_eq!(Locale::from_tag("en-GB").map(|l| l.tag()), Some("en"));
        assert!(Locale::from_tag("xx").is_none());
    }
}
