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
        let trimmed = raw.trim();
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
