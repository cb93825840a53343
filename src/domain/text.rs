//! Free-text answers: trimmed, non-empty, bounded in length.

/// Longest free-text answer we accept (needs, offers, outcomes, notes). Documented in the README.
pub const LONG_TEXT_MAX: usize = 3000;
/// Longest short answer (names, positions, company names, places).
pub const SHORT_TEXT_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundedText(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("empty")]
    Empty,
    #[error("too long: {len} > {max}")]
    TooLong { len: usize, max: usize },
}

impl BoundedText {
    pub fn parse(raw: &str, max: usize) -> Result<Self, TextError> {
        // invisible characters (NUL, zero-width spaces, soft hyphens) are not an answer
        let visible: String = raw.chars().filter(|c| !is_invisible(*c)).collect();
        let trimmed = visible.trim();
        if trimmed.is_empty() {
            return Err(TextError::Empty);
        }
        let len = trimmed.chars().count();
        if len > max {
            return Err(TextError::TooLong { len, max });
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Characters that show nothing: controls other than line breaks and tabs, zero-width ones.
fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

/// Whether a name or a position is made of words: at least one letter.
pub fn has_letters(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// Cuts a text to at most `max` characters for display, marking the cut with an ellipsis.
pub fn ellipsize(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_alone_are_empty() {
        assert_eq!(
            BoundedText::parse("\u{200B}\u{0}\u{FEFF} ", 10),
            Err(TextError::Empty)
        );
        assert_eq!(
            BoundedText::parse("Ро\u{200B}машка", 10).map(|t| t.into_inner()),
            Ok("Ромашка".to_owned())
        );
        assert!(!has_letters("-"));
        assert!(!has_letters("— 123"));
        assert!(has_letters("Анна"));
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert_eq!(BoundedText::parse("  \n\t ", 10), Err(TextError::Empty));
    }

    #[test]
    fn answer_is_trimmed() {
        assert_eq!(BoundedText::parse("  Иван ", 10).unwrap().as_str(), "Иван");
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        assert!(BoundedText::parse(&"я".repeat(10), 10).is_ok());
        assert_eq!(
            BoundedText::parse(&"я".repeat(11), 10),
            Err(TextError::TooLong { len: 11, max: 10 })
        );
    }

    #[test]
    fn ellipsize_keeps_short_text_and_cuts_long() {
        assert_eq!(ellipsize("abc", 5), "abc");
        assert_eq!(ellipsize("abcdefgh", 5), "abcd…");
    }
}
