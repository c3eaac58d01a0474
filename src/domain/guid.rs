//! GUIDs as the customer's tenant and subscription IDs are written: 8-4-4-4-12 hexadecimal digits.

use std::fmt;

/// A tenant or subscription ID, kept in lower-case hyphenated form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guid(String);

impl Guid {
    /// Accepts the hyphenated form, optionally in braces, in any case.
    pub fn parse(input: &str) -> Option<Guid> {
        let s = input.trim();
        let s = s.strip_prefix('{').and_then(|s| s.strip_suffix('}')).unwrap_or(s);
        if s.len() != 36 {
            return None;
        }
        let groups: Vec<&str> = s.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        if lengths != [8, 4, 4, 4, 12] || !groups.iter().all(|g| g.chars().all(|c| c.is_ascii_hexdigit())) {
            return None;
        }
        Some(Guid(s.to_ascii_lowercase()))
    }
}

impl AsRef<str> for Guid {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Guid;

    #[test]
    fn accepts_hyphenated_guids_in_any_case_and_braces() {
        let g = Guid::parse(" {8A1F2B3C-0D4E-4F5A-9B6C-7D8E9F0A1B2C} ").expect("valid");
        assert_eq!(g.as_ref(), "8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c");
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "",
            "not-a-guid",
            "8a1f2b3c0d4e4f5a9b6c7d8e9f0a1b2c",
            "8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2",
            "8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2g",
            "8a1f2b3c-0d4e4-f5a-9b6c-7d8e9f0a1b2c",
            "{8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c",
        ] {
            assert_eq!(Guid::parse(bad), None, "{bad:?}");
        }
    }
}
