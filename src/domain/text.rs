//! Text a person types (comments, names, descriptions, reasons): one set of rules for every field.
//! Text is kept exactly as typed and never interpreted; it is refused when it carries characters a
//! person cannot see: control characters (NUL, ESC, BEL, ...; line breaks and tabs only where the
//! field has several lines) and the bidirectional overrides that make text read differently from
//! how it is stored.

/// The longest name of a person or an org.
pub const NAME_CHARS: usize = 200;
/// The longest comment or note.
pub const COMMENT_CHARS: usize = 2000;
/// The longest long text (a partner's solution, commentary, a dispute's justification).
pub const LONG_TEXT_CHARS: usize = 4000;

/// Whether a field holds one line or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// What is wrong with a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    Required,
    TooLong,
    InvisibleCharacters,
}

impl TextProblem {
    pub fn message_key(self) -> &'static str {
        match self {
            TextProblem::Required => "error-required",
            TextProblem::TooLong => "error-too-long",
            TextProblem::InvisibleCharacters => "error-control-characters",
        }
    }
}

/// The bidirectional embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069), which
/// can make `evil\u{202E}fdp.exe` read as `evilexe.pdf`.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_refused(c: char, lines: Lines) -> bool {
    is_bidi_control(c) || (c.is_control() && !(lines == Lines::Many && (c == '\n' || c == '\t')))
}

/// An optional text: trimmed, line breaks as `\n`, at most `max_chars`; empty is fine.
pub fn optional(value: &str, max_chars: usize, lines: Lines) -> Result<String, TextProblem> {
    let value = value.trim().replace("\r\n", "\n");
    if value.chars().count() > max_chars {
        Err(TextProblem::TooLong)
    } else if value.chars().any(|c| is_refused(c, lines)) {
        Err(TextProblem::InvisibleCharacters)
    } else {
        Ok(value)
    }
}

/// A required text: as `optional`, and not empty.
pub fn required(value: &str, max_chars: usize, lines: Lines) -> Result<String, TextProblem> {
    match optional(value, max_chars, lines)? {
        value if value.is_empty() => Err(TextProblem::Required),
        value => Ok(value),
    }
}

/// A name as given by a client (a file name): invisible characters removed rather than refused,
/// since the person did not type it here.
pub fn without_invisible(value: &str) -> String {
    value.chars().filter(|c| !is_refused(*c, Lines::One) && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_in_every_language_passes() {
        for text in ["Contoso Ltd", "Ügyfél Kft.", "고객 회사", "ООО «Клиент»", "O'Brien & Sons"] {
            assert_eq!(required(text, 200, Lines::One).as_deref(), Ok(text));
        }
        assert_eq!(required("  first line\r\nsecond\tcolumn ", 200, Lines::Many).as_deref(), Ok("first line\nsecond\tcolumn"));
        assert_eq!(optional("   ", 10, Lines::One).as_deref(), Ok(""));
    }

    #[test]
    fn invisible_characters_are_refused() {
        for bad in ["a\0b", "a\u{1b}[31mb", "bell\u{7}", "a\u{85}b", "safe\u{202E}fdp.exe", "x\u{2066}y"] {
            assert_eq!(required(bad, 200, Lines::Many), Err(TextProblem::InvisibleCharacters), "{bad:?}");
        }
        assert_eq!(required("two\nlines", 200, Lines::One), Err(TextProblem::InvisibleCharacters));
    }

    #[test]
    fn empty_and_long_texts_are_refused() {
        assert_eq!(required(" ", 10, Lines::One), Err(TextProblem::Required));
        assert_eq!(required(&"é".repeat(11), 10, Lines::One), Err(TextProblem::TooLong));
        assert_eq!(optional(&"é".repeat(10), 10, Lines::One).map(|s| s.chars().count()), Ok(10));
    }

    #[test]
    fn file_names_lose_their_invisible_characters() {
        assert_eq!(without_invisible("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(without_invisible("a\u{200F}b\u{0}c.pdf"), "abc.pdf");
    }
}
