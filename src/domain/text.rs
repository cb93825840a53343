//! Free-text answers: trimmed, non-empty, bounded in length; and the one cutter that fits a
//! formatted (HTML) message into Telegram's limits without breaking a tag or an entity.

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

/// Telegram's limit on a message's text: 4096 characters of the text after entity parsing,
/// counted in UTF-16 code units (an emoji outside the BMP counts two).
pub const MESSAGE_LIMIT: usize = 4096;
/// Telegram's limit on a caption, counted the same way.
pub const CAPTION_LIMIT: usize = 1024;

/// A piece of Telegram HTML: a tag, or one visible character (a literal or an entity).
#[derive(Debug, Clone, Copy)]
enum Tok<'a> {
    Open { name: &'a str, raw: &'a str },
    Close { raw: &'a str },
    Char { raw: &'a str, ch: char },
}

impl Tok<'_> {
    /// UTF-16 code units the token shows as.
    fn units(&self) -> usize {
        match self {
            Tok::Char { ch, .. } => ch.len_utf16(),
            _ => 0,
        }
    }

    fn raw(&self) -> &str {
        match self {
            Tok::Open { raw, .. } | Tok::Close { raw } | Tok::Char { raw, .. } => raw,
        }
    }

    fn is_space(&self) -> bool {
        matches!(self, Tok::Char { ch, .. } if ch.is_whitespace())
    }
}

/// The character an HTML entity at the start of `s` stands for, and the entity's length.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.char_indices().take(12).find(|(_, c)| *c == ';')?.0;
    let body = &s[1..end];
    let ch = match body {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        _ => {
            let num = body.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((ch, end + 1))
}

fn tokens(html: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(ch) = html[i..].chars().next() {
        let rest = &html[i..];
        let (tok, len) = match ch {
            '<' if rest.contains('>') => {
                let len = rest.find('>').unwrap_or(0) + 1;
                let raw = &rest[..len];
                let inner = raw[1..len - 1].trim();
                match inner.strip_prefix('/') {
                    Some(_) => (Tok::Close { raw }, len),
                    None => {
                        let name = inner.split_whitespace().next().unwrap_or("");
                        (Tok::Open { name, raw }, len)
                    }
                }
            }
            '&' => match entity(rest) {
                Some((ch, len)) => (
                    Tok::Char {
                        raw: &rest[..len],
                        ch,
                    },
                    len,
                ),
                None => (Tok::Char { raw: "&", ch }, 1),
            },
            _ => {
                let len = ch.len_utf8();
                (
                    Tok::Char {
                        raw: &rest[..len],
                        ch,
                    },
                    len,
                )
            }
        };
        out.push(tok);
        i += len;
    }
    out
}

/// The length of a formatted message as Telegram counts it: UTF-16 code units of what shows.
pub fn visible_len(html: &str) -> usize {
    tokens(html).iter().map(Tok::units).sum()
}

/// Whether a cut before this character would tear a glyph apart (a joined emoji, a skin tone,
/// a variation selector, a combining accent).
fn glues_to_previous(ch: char) -> bool {
    matches!(ch, '\u{200D}' | '\u{FE0F}' | '\u{FE0E}' | '\u{0300}'..='\u{036F}' | '\u{1F3FB}'..='\u{1F3FF}')
}

/// Where the piece starting at `start` ends: the whole rest if it fits `budget`, else after a
/// paragraph, a line or a word in the piece's second half, else at the last character that
/// fits. Never inside a tag or an entity (they are single tokens); a tag that opens right at
/// the cut goes to the next piece, one that closes right there stays in this one.
fn piece_end(toks: &[Tok<'_>], start: usize, budget: usize) -> usize {
    let mut units = 0;
    let mut hard = start;
    // the last break of each kind: after "\n\n", after "\n", after a space
    let mut breaks = [None::<(usize, usize)>; 3];
    while hard < toks.len() {
        let t = &toks[hard];
        if units + t.units() > budget {
            break;
        }
        units += t.units();
        if let Tok::Char { ch, .. } = t {
            let prev_newline = toks[start..hard]
                .iter()
                .rev()
                .find(|t| t.units() > 0)
                .is_some_and(|t| matches!(t, Tok::Char { ch: '\n', .. }));
            let kind = match ch {
                '\n' if prev_newline => Some(0),
                '\n' => Some(1),
                c if c.is_whitespace() => Some(2),
                _ => None,
            };
            if let Some(k) = kind {
                breaks[k] = Some((hard + 1, units));
            }
        }
        hard += 1;
    }
    if hard == toks.len() {
        return hard;
    }
    let mut end = breaks
        .iter()
        .flatten()
        .find(|(_, u)| *u * 2 >= budget)
        .map(|(i, _)| *i)
        .unwrap_or(hard);
    if end == hard {
        while end > start + 1
            && (matches!(toks[end], Tok::Char { ch, .. } if glues_to_previous(ch))
                || matches!(toks[end - 1], Tok::Char { ch: '\u{200D}', .. }))
        {
            end -= 1;
        }
    }
    while end > start + 1 && matches!(toks[end - 1], Tok::Open { .. }) {
        end -= 1;
    }
    if end <= start {
        end = hard.max(start + 1);
    }
    while end < toks.len() && matches!(toks[end], Tok::Close { .. }) {
        end += 1;
    }
    end
}

/// Writes `toks` as HTML with the tags open before them reopened and those open after them
/// closed; `stack` is updated to the tags still open. `mark` goes after the last visible
/// character (trailing spaces dropped) — how a cut says so.
fn write_piece<'a>(toks: &[Tok<'a>], stack: &mut Vec<Tok<'a>>, mark: Option<&str>) -> String {
    let mut out: String = stack.iter().map(Tok::raw).collect();
    let last_shown = toks
        .iter()
        .rposition(|t| t.units() > 0 && !t.is_space())
        .unwrap_or(0);
    for (i, t) in toks.iter().enumerate() {
        if mark.is_some() && i > last_shown && t.is_space() {
            continue;
        }
        out.push_str(t.raw());
        match t {
            Tok::Open { .. } => stack.push(*t),
            Tok::Close { .. } => {
                stack.pop();
            }
            Tok::Char { .. } => {}
        }
        if i == last_shown {
            if let Some(m) = mark {
                out.push_str(m);
            }
        }
    }
    for t in stack.iter().rev() {
        if let Tok::Open { name, .. } = t {
            out.push_str(&format!("</{name}>"));
        }
    }
    out
}

/// Splits a formatted message into messages of at most `limit` UTF-16 units each, as Telegram
/// counts them, losing no word: cut at a paragraph, a line or a space where one is near, never
/// inside a tag or an entity; tags open at a cut are closed there and reopened in the next
/// message. Pieces that would show nothing are dropped.
pub fn split_html(html: &str, limit: usize) -> Vec<String> {
    let toks = tokens(html);
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut start = 0;
    while start < toks.len() {
        let end = piece_end(&toks, start, limit.max(2));
        let piece = write_piece(&toks[start..end], &mut stack, None);
        if toks[start..end]
            .iter()
            .any(|t| t.units() > 0 && !t.is_space())
        {
            out.push(piece);
        }
        start = end;
    }
    if out.is_empty() {
        out.push(html.to_owned());
    }
    out
}

/// A formatted message cut to `limit` UTF-16 units where it cannot be split (an edit, a
/// caption): the head, marked «…», with its tags closed. Unchanged when it fits.
pub fn cut_html(html: &str, limit: usize) -> String {
    if visible_len(html) <= limit {
        return html.to_owned();
    }
    let toks = tokens(html);
    let end = piece_end(&toks, 0, limit.max(2) - 1);
    write_piece(&toks[..end], &mut Vec::new(), Some("…"))
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

    /// Checks a piece as Telegram does: tags balanced and known, within `limit` UTF-16 units
    /// of visible text; returns that text.
    fn telegram_accepts(html: &str, limit: usize) -> String {
        let mut open: Vec<String> = Vec::new();
        let mut rest = html;
        while let Some(pos) = rest.find('<') {
            let end = rest[pos..].find('>').expect("a tag is never cut") + pos;
            let tag = &rest[pos + 1..end];
            match tag.strip_prefix('/') {
                Some(name) => assert_eq!(open.pop().as_deref(), Some(name), "{html}"),
                None => open.push(tag.split_whitespace().next().unwrap_or("").to_owned()),
            }
            rest = &rest[end + 1..];
        }
        assert!(open.is_empty(), "tags left open: {open:?} in {html}");
        // the one numeric entity the tests use, read as Telegram reads it
        let shown = crate::i18n::plain(html).replace("&#128640;", "🚀");
        assert!(
            !shown.contains("&am") || shown.contains("&amp"),
            "an entity was cut: {html}"
        );
        assert!(
            visible_len(html) <= limit,
            "{} > {limit}",
            visible_len(html)
        );
        assert_eq!(visible_len(html), shown.encode_utf16().count());
        shown
    }

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn the_length_is_what_telegram_shows_in_utf16_units() {
        assert_eq!(visible_len("<b>Я</b> &amp; 🚀"), 6);
        assert_eq!(visible_len("&lt;&gt;&quot;&#128640;"), 5);
        assert_eq!(visible_len("a & b"), 5);
    }

    #[test]
    fn a_message_that_fits_is_one_piece_unchanged() {
        let html = "<b>Шаг 1</b>\nПотребности &amp; бюджет 🚀";
        assert_eq!(split_html(html, MESSAGE_LIMIT), vec![html.to_owned()]);
        assert_eq!(cut_html(html, MESSAGE_LIMIT), html);
    }

    #[test]
    fn a_long_code_block_is_split_with_its_tag_closed_and_reopened_and_no_word_lost() {
        let said = (1..=80)
            .map(|i| format!("Пункт {i}: «Рога & Копыта» < 500 ₽ 🚀."))
            .collect::<Vec<_>>()
            .join(" ");
        let html = format!(
            "Скопируйте текст:\n\n<code>{}</code>",
            crate::i18n::escape(&said)
        );
        for limit in [100, 333, 1000, MESSAGE_LIMIT] {
            let pieces = split_html(&html, limit);
            assert!(pieces.len() > 1 || limit == MESSAGE_LIMIT);
            let shown: Vec<String> = pieces.iter().map(|p| telegram_accepts(p, limit)).collect();
            for p in &pieces[1..] {
                assert!(p.starts_with("<code>"), "{p}");
            }
            assert_eq!(words(&shown.join(" ")), words(&crate::i18n::plain(&html)));
        }
    }

    #[test]
    fn a_cut_is_never_inside_a_tag_or_an_entity_at_any_limit() {
        let html =
            "<b>Ж</b>&amp;<i>ё&lt;🚀</i>&#128640;<a href=\"https://t.me/x\">сс</a>".repeat(7);
        let all = telegram_accepts(&html, usize::MAX);
        for limit in 2..40 {
            let pieces = split_html(&html, limit);
            let shown: String = pieces.iter().map(|p| telegram_accepts(p, limit)).collect();
            assert_eq!(shown, all, "limit {limit}");
            let cut = cut_html(&html, limit);
            let head = telegram_accepts(&cut, limit);
            assert!(head.ends_with('…'), "{cut}");
        }
    }

    #[test]
    fn words_are_cut_between_them_and_emoji_are_kept_whole() {
        let html = "🚀".repeat(10);
        let pieces = split_html(&html, 5);
        assert!(pieces.iter().all(|p| p.chars().all(|c| c == '🚀')));
        assert_eq!(pieces.concat(), html);
        let family = "👨\u{200D}👩\u{200D}👧 ".repeat(5);
        for p in split_html(&family, 12) {
            assert!(
                !p.starts_with('\u{200D}') && !p.ends_with('\u{200D}'),
                "{p:?}"
            );
        }
        let pieces = split_html("Первое слово. Второе слово. Третье слово.", 30);
        assert_eq!(
            pieces,
            vec!["Первое слово. Второе слово. ", "Третье слово."]
        );
    }

    #[test]
    fn a_cut_message_says_so_and_keeps_its_tags_whole() {
        let html = format!("<b>Заголовок</b>\n<i>{}</i>", "слово ".repeat(1000));
        let cut = cut_html(&html, MESSAGE_LIMIT);
        let shown = telegram_accepts(&cut, MESSAGE_LIMIT);
        assert!(shown.ends_with("слово…"), "{shown}");
        assert!(cut.ends_with("…</i>"));
    }
}
