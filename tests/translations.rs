//! Every text key the templates and the code name exists in every language.

// Tests may stop at the first surprise: unwrap and expect are the point here.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;

fn keys_in(ftl: &str) -> BTreeSet<String> {
    ftl.lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && l.contains(" ="))
        .map(|l| l.split(" =").next().unwrap_or_default().trim().to_string())
        .collect()
}

/// Literal keys: `t("key")`, `t1("key", ...)`, `count("key", ...)`, `field_label("x")` and the
/// `label_key` / message key strings written as "word-word" in Rust sources.
fn used_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut files = Vec::new();
    for dir in ["templates", "src", "src/web", "src/domain", "src/auth", "src/db"] {
        for entry in std::fs::read_dir(dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                files.push(std::fs::read_to_string(&path).expect("read"));
            }
        }
    }
    for text in files {
        for marker in [".t(\"", ".t1(\"", ".count(\"", ".t_with(\"", ".t_count(\""] {
            for part in text.split(marker).skip(1) {
                if let Some(key) = part.split('"').next()
                    && !key.is_empty()
                    && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
                {
                    keys.insert(key.to_string());
                }
            }
        }
        for part in text.split("field_label(\"").skip(1) {
            if let Some(field) = part.split('"').next() {
                keys.insert(format!("field-{field}"));
            }
        }
    }
    keys
}

#[test]
fn every_key_used_is_translated_in_english() {
    let english = keys_in(&std::fs::read_to_string("locales/en/main.ftl").expect("en"));
    let missing: Vec<String> = used_keys().into_iter().filter(|k| !english.contains(k)).collect();
    assert!(missing.is_empty(), "missing English texts: {missing:?}");
}

#[test]
fn every_vocabulary_word_is_translated() {
    use cpor_portal::domain::claim::{Activity, ClaimStatus, Program, SolutionArea};
    use cpor_portal::domain::workflow::{InfoReason, RejectionReason, Side, WithdrawReason};
    let english = keys_in(&std::fs::read_to_string("locales/en/main.ftl").expect("en"));
    let mut wanted: Vec<String> = Vec::new();
    wanted.extend(ClaimStatus::ALL.iter().map(|s| s.label_key().to_string()));
    wanted.extend(Program::ALL.iter().map(|s| s.label_key().to_string()));
    wanted.extend(Activity::ALL.iter().map(|s| s.label_key().to_string()));
    wanted.extend(SolutionArea::ALL.iter().map(|s| s.label_key().to_string()));
    wanted.extend(InfoReason::ALL.iter().map(|r| format!("info-reason-{}", r.as_str())));
    wanted.extend(RejectionReason::ALL.iter().map(|r| format!("rejection-reason-{}", r.as_str())));
    wanted.extend(WithdrawReason::ALL.iter().map(|r| format!("withdraw-reason-{}", r.as_str())));
    wanted.extend([Side::Partner, Side::Reviewer, Side::Customer, Side::System].iter().map(|s| format!("side-{}", s.as_str())));
    for action in [
        "created",
        "edited",
        "deleted",
        "poe-uploaded",
        "poe-removed",
        "comment",
        "submitted",
        "review-started",
        "information-requested",
        "approved",
        "rejected",
        "resubmitted",
        "withdrawn",
        "disputed",
        "customer-denied",
        "no-partner-response",
    ] {
        wanted.push(format!("history-action-{action}"));
    }
    let missing: Vec<&String> = wanted.iter().filter(|k| !english.contains(*k)).collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
}

fn variables(value: &str) -> BTreeSet<String> {
    value.split('$').skip(1).map(|v| v.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()).collect()
}

/// Messages with their full text (continuation lines included).
fn messages(ftl: &str) -> std::collections::BTreeMap<String, String> {
    let mut map = std::collections::BTreeMap::new();
    let mut current: Option<String> = None;
    for line in ftl.lines() {
        if line.starts_with(' ') {
            if let Some(key) = &current {
                map.entry(key.clone()).and_modify(|v: &mut String| v.push_str(line));
            }
        } else if !line.starts_with('#') && line.contains(" =") {
            let (key, value) = line.split_once(" =").unwrap_or_default();
            current = Some(key.trim().to_string());
            map.insert(key.trim().to_string(), value.to_string());
        } else {
            current = None;
        }
    }
    map
}

#[test]
fn every_language_has_every_text_with_the_same_variables() {
    let english = messages(&std::fs::read_to_string("locales/en/main.ftl").expect("en"));
    for language in ["de", "hu", "ko", "ru"] {
        let other = messages(&std::fs::read_to_string(format!("locales/{language}/main.ftl")).expect("language"));
        let missing: Vec<&String> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{language} lacks {missing:?}");
        let extra: Vec<&String> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(extra.is_empty(), "{language} has unknown {extra:?}");
        for (key, value) in &english {
            let mut wanted = variables(value);
            let got = variables(&other[key]);
            // Korean has no plural categories: a count may be shown by its formatted form alone.
            if language == "ko" {
                wanted.remove("count");
            }
            assert!(wanted.is_subset(&got) || (language == "ko" && got.is_subset(&wanted)), "{language} {key}: {wanted:?} vs {got:?}");
        }
    }
}
