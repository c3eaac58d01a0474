//! The public claim ID partners quote: `CP-` and eight Crockford base-32 characters, random so that
//! IDs reveal nothing about how many claims other orgs hold.

use rand::Rng;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimId(String);

impl ClaimId {
    pub fn generate() -> ClaimId {
        let mut rng = rand::rng();
        let body: String = (0..8).map(|_| ALPHABET[rng.random_range(0..32)] as char).collect();
        ClaimId(format!("CP-{}-{}", &body[..4], &body[4..]))
    }

    /// Accepts an ID as a person might type it: any case, with or without the hyphens, with
    /// the easily confused letters I, L and O read as 1, 1 and 0.
    pub fn parse(input: &str) -> Option<ClaimId> {
        let s: String = input.trim().to_ascii_uppercase().chars().filter(|c| *c != '-').collect();
        let body = s.strip_prefix("CP")?;
        if body.len() != 8 {
            return None;
        }
        let body: String = body
            .chars()
            .map(|c| match c {
                'I' | 'L' => '1',
                'O' => '0',
                c => c,
            })
            .collect();
        body.bytes().all(|b| ALPHABET.contains(&b)).then(|| ClaimId(format!("CP-{}-{}", &body[..4], &body[4..])))
    }
}

impl AsRef<str> for ClaimId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::ClaimId;

    #[test]
    fn generated_ids_parse_back_to_themselves() {
        for _ in 0..100 {
            let id = ClaimId::generate();
            assert_eq!(ClaimId::parse(id.as_ref()), Some(id));
        }
    }

    #[test]
    fn typed_ids_are_normalised() {
        assert_eq!(ClaimId::parse(" cp-7k2moqxa ").expect("valid").as_ref(), "CP-7K2M-0QXA");
        assert_eq!(ClaimId::parse("cp7k2m1lxa").expect("valid").as_ref(), "CP-7K2M-11XA");
    }

    #[test]
    fn other_text_is_not_an_id() {
        for bad in ["", "CP-", "CP-1234-567", "XP-1234-5678", "CP-1234-567U", "contoso"] {
            assert_eq!(ClaimId::parse(bad), None, "{bad:?}");
        }
    }
}
