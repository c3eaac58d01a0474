//! E-mail addresses and domain names as a claim carries them.

/// An e-mail address: one `@`, a non-empty local part, a domain with at least one dot.
/// Stored as typed, with the domain in lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(input: &str) -> Option<EmailAddress> {
        let s = input.trim();
        if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\"[]\\".contains(c)) {
            return None;
        }
        let (local, domain) = s.rsplit_once('@')?;
        if local.is_empty() || local.len() > 64 || local.contains('@') || local.starts_with('.') || local.ends_with('.') {
            return None;
        }
        let domain = DomainName::parse(domain)?;
        let address = format!("{local}@{}", domain.as_ref());
        // The mailer's own rules too (no `..`, no dot next to the `@`, ...): an address it would
        // refuse is refused here, where the person can correct it.
        address.parse::<lettre::Address>().ok()?;
        Some(EmailAddress(address))
    }
}

impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A customer's domain name such as `contoso.com`, in lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainName(String);

impl DomainName {
    pub fn parse(input: &str) -> Option<DomainName> {
        let s = input.trim().trim_end_matches('.').to_ascii_lowercase();
        if s.len() > 253 || !s.contains('.') {
            return None;
        }
        let labels_ok = s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
        let tld_ok = s.rsplit('.').next().is_some_and(|tld| tld.chars().any(|c| c.is_ascii_alphabetic()));
        (labels_ok && tld_ok).then_some(DomainName(s))
    }
}

impl AsRef<str> for DomainName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        assert_eq!(EmailAddress::parse(" Ana.Lopez+cpor@Contoso.COM ").expect("valid").as_ref(), "Ana.Lopez+cpor@contoso.com");
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@contoso.com",
            "ana@contoso",
            "ana lopez@contoso.com",
            "ana@@contoso.com",
            "<ana@contoso.com>",
            "ana.@contoso.com",
            "a..b@example.com",
        ] {
            assert_eq!(EmailAddress::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn domains_are_lower_cased_and_checked_label_by_label() {
        assert_eq!(DomainName::parse("Contoso.OnMicrosoft.com").expect("valid").as_ref(), "contoso.onmicrosoft.com");
        for bad in ["contoso", "-contoso.com", "contoso-.com", "con toso.com", "contoso..com", "contoso.123", "https://contoso.com"] {
            assert_eq!(DomainName::parse(bad), None, "{bad:?}");
        }
    }
}
