//! Every user-facing word comes from `locales/<lang>/*.ftl` through here.
//! Arguments are HTML-escaped (messages are sent with HTML formatting); numbers stay numbers so
//! Russian plural forms (one / few / many) are chosen by Fluent.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{static_loader, LanguageIdentifier, Loader};
use serde::{Deserialize, Serialize};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "ru",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Self {
        if code == "en" {
            Lang::En
        } else {
            Lang::Ru
        }
    }

    /// Parsed once: every message looks it up.
    fn id(self) -> &'static LanguageIdentifier {
        static IDS: std::sync::OnceLock<[LanguageIdentifier; 2]> = std::sync::OnceLock::new();
        let ids = IDS.get_or_init(|| {
            [
                "ru".parse().expect("static language ids are valid"),
                "en".parse().expect("static language ids are valid"),
            ]
        });
        match self {
            Lang::Ru => &ids[0],
            Lang::En => &ids[1],
        }
    }
}

/// Escapes text for Telegram's HTML formatting.
/// A message's HTML as Telegram shows it (and sends back with a pressed button): tags dropped,
/// entities read back. The inverse of `escape` for the bot's own messages.
pub fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A value for a message argument: the locales format numbers with plural rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Num(i64),
}

/// Looks a key up with arguments. A missing key is a bug: it is logged and the key is shown.
pub fn tr_args(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'static>> = args
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Arg::Str(s) => FluentValue::from(escape(s)),
                Arg::Num(n) => FluentValue::from(*n),
            };
            (Cow::Owned(k.to_string()), value)
        })
        .collect();
    LOCALES
        .try_lookup_with_args(lang.id(), key, &map)
        .unwrap_or_else(|| {
            tracing::error!(key, lang = lang.code(), "missing locale key");
            key.to_owned()
        })
}

pub fn tr(lang: Lang, key: &str) -> String {
    tr_args(lang, key, &[])
}

/// Whether a key exists in a locale, without falling back to another language.
pub fn has_key(lang: Lang, key: &str) -> bool {
    type Keys = std::collections::HashSet<String>;
    static KEYS: std::sync::OnceLock<[Keys; 2]> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        [
            keys_of(RU_SOURCE).into_iter().collect(),
            keys_of(EN_SOURCE).into_iter().collect(),
        ]
    });
    match lang {
        Lang::Ru => keys[0].contains(key),
        Lang::En => keys[1].contains(key),
    }
}

pub const RU_SOURCE: &str = include_str!("../locales/ru/main.ftl");
pub const EN_SOURCE: &str = include_str!("../locales/en/main.ftl");

/// The message ids defined in a Fluent source (terms and attributes excluded).
pub fn keys_of(src: &str) -> Vec<String> {
    src.lines()
        .filter_map(|l| {
            let (id, _) = l.split_once('=')?;
            let id = id.trim_end();
            let ok = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            ok.then(|| id.to_owned())
        })
        .collect()
}

/// `tr!(lang, "key")` or `tr!(lang, "key", name = value, count = 3)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:expr) => {
        $crate::i18n::tr($lang, $key)
    };
    ($lang:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr_args($lang, $key, &[$((stringify!($name), $crate::i18n::IntoArg::into_arg($value))),+])
    };
}

pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl IntoArg for &str {
    fn into_arg(self) -> Arg {
        Arg::Str(self.to_owned())
    }
}
impl IntoArg for String {
    fn into_arg(self) -> Arg {
        Arg::Str(self)
    }
}
impl IntoArg for &String {
    fn into_arg(self) -> Arg {
        Arg::Str(self.clone())
    }
}
impl IntoArg for i64 {
    fn into_arg(self) -> Arg {
        Arg::Num(self)
    }
}
impl IntoArg for usize {
    fn into_arg(self) -> Arg {
        Arg::Num(self as i64)
    }
}
impl IntoArg for u32 {
    fn into_arg(self) -> Arg {
        Arg::Num(i64::from(self))
    }
}

/// A moment as the bot shows it: «пт, 27.11.2026 в 15:00» — the weekday lets a manager check at
/// a glance that «пт 10:30» was read as the right Friday.
pub fn fmt_moment(lang: Lang, tz: chrono_tz::Tz, ts: i64) -> String {
    use chrono::Datelike;
    let Some(t) = chrono::DateTime::from_timestamp(ts, 0).map(|t| t.with_timezone(&tz)) else {
        return String::new();
    };
    tr!(
        lang,
        "moment",
        weekday = tr(lang, &format!("wds-{}", t.weekday().number_from_monday())),
        date = t.format("%d.%m.%Y").to_string(),
        time = t.format("%H:%M").to_string()
    )
}

/// A day as the bot shows it: «вт, 01.12.2026».
pub fn fmt_day(lang: Lang, tz: chrono_tz::Tz, ts: i64) -> String {
    use chrono::Datelike;
    let Some(t) = chrono::DateTime::from_timestamp(ts, 0).map(|t| t.with_timezone(&tz)) else {
        return String::new();
    };
    tr!(
        lang,
        "day",
        weekday = tr(lang, &format!("wds-{}", t.weekday().number_from_monday())),
        date = t.format("%d.%m.%Y").to_string()
    )
}
