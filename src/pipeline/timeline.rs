//! What a timeline entry says, stored language-neutral: the words people typed as they are, and
//! the bot's own words as locale keys, rendered in each reader's language when read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::{tr, tr_args, Arg, Lang};

/// Marks a body stored as JSON. People cannot type it, and a body that starts with it but does
/// not read as JSON is shown as plain text.
const MARK: char = '\u{1e}';

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    /// Words a person typed (a note, a reason, an outcome): shown as they are.
    Text(String),
    /// A line of the bot's own, by locale key, with its arguments.
    Line {
        key: String,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        args: BTreeMap<String, Word>,
    },
    /// A step's typed answers, each under its label's locale key.
    Fields(Vec<(String, String)>),
}

/// An argument of a line: a person's words, or a locale key rendered in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Word {
    Text(String),
    Key(String),
}

impl Body {
    /// A timeline entry's body in the reader's language, as plain text (escape it for HTML).
    pub fn render(&self, lang: Lang) -> String {
        let unescape = |s: String| {
            s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        };
        match self {
            Body::Text(t) => t.clone(),
            Body::Line { key, args } => {
                let args: Vec<(&str, Arg)> = args
                    .iter()
                    .map(|(name, w)| {
                        let v = match w {
                            Word::Text(t) => t.clone(),
                            Word::Key(k) => unescape(tr(lang, k)),
                        };
                        (name.as_str(), Arg::Str(v))
                    })
                    .collect();
                unescape(tr_args(lang, key, &args))
            }
            Body::Fields(fields) => fields
                .iter()
                .map(|(label, text)| format!("{}: {text}", unescape(tr(lang, label))))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    pub fn line(key: &str) -> Self {
        Body::Line {
            key: key.to_owned(),
            args: BTreeMap::new(),
        }
    }

    pub fn with(mut self, name: &str, word: Word) -> Self {
        if let Body::Line { args, .. } = &mut self {
            args.insert(name.to_owned(), word);
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Body::Text(t) => t.is_empty(),
            Body::Fields(f) => f.is_empty(),
            Body::Line { .. } => false,
        }
    }

    /// The stored form: plain text as it is, anything else as marked JSON.
    pub fn encode(&self) -> String {
        match self {
            Body::Text(t) => t.trim_start_matches(MARK).to_owned(),
            other => {
                let json = serde_json::to_string(other).unwrap_or_default();
                format!("{MARK}{json}")
            }
        }
    }

    /// Reads a stored body; rows written before bodies were structured are plain text.
    pub fn decode(stored: &str) -> Self {
        stored
            .strip_prefix(MARK)
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_else(|| Body::Text(stored.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_body_reads_back_as_written() {
        let bodies = [
            Body::Text("Перезвонить после 15:00".into()),
            Body::line("tl-contract-sent"),
            Body::line("tl-approved-proposal").with("who", Word::Text("Марина".into())),
            Body::line("tl-term-edited").with("field", Word::Key("label-terms-inn".into())),
            Body::Fields(vec![("label-needs-specifics".into(), "Сеть кофеен".into())]),
        ];
        for b in bodies {
            assert_eq!(Body::decode(&b.encode()), b);
        }
    }

    #[test]
    fn old_plain_rows_and_odd_text_read_as_text() {
        assert_eq!(
            Body::decode("Договор составлен по шаблону"),
            Body::Text("Договор составлен по шаблону".into())
        );
        let odd = format!("{MARK}not json");
        assert_eq!(Body::decode(&odd), Body::Text(odd.clone()));
        // a typed text can never pass itself off as a structured body
        assert_eq!(
            Body::decode(&Body::Text(format!("{MARK}{{\"text\":\"x\"}}")).encode()),
            Body::Text("{\"text\":\"x\"}".into())
        );
    }
}
