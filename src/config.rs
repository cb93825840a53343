//! Configuration from the environment (and an optional `.env`). A missing or malformed value
//! stops the bot at start with one line naming the variable.

use std::fmt;
use std::str::FromStr;

use chrono_tz::Tz;

/// The configuration, as `sales-bot --help` lists it after the commands.
pub const CONFIG_HELP: &str = "\
Configuration is read from the environment and from an optional .env file:
  TELOXIDE_TOKEN     (required) the bot token from @BotFather; never logged
  TELOXIDE_API_URL   Bot API base URL (default https://api.telegram.org); point it at a local
                     fake Bot API to try the bot offline
  DATABASE_URL       SQLite database (default sqlite://sales-bot.sqlite); created and migrated
                     at start
  HEAD_OF_SALES_IDS  comma-separated Telegram user ids of the heads of sales (default: none);
                     they invite everybody else
  DEFAULT_TIMEZONE   IANA time zone for new users (default Europe/Moscow)
  RUST_LOG           log filter (default info,sqlx=warn,teloxide=warn)
  LOG_FORMAT         json for one JSON object a line (default: text)
";

/// The bot token; its `Debug` and `Display` never show it.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub token: Token,
    pub api_url: Option<url::Url>,
    pub database_url: String,
    pub head_of_sales_ids: Vec<i64>,
    pub default_tz: Tz,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{0} is not set; see `sales-bot --help`")]
    Missing(&'static str),
    #[error("{var} is malformed: {reason}")]
    Malformed { var: &'static str, reason: String },
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://sales-bot.sqlite";

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads configuration through `get`, so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let non_empty = |k: &str| {
            get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let token = non_empty("TELOXIDE_TOKEN").ok_or(ConfigError::Missing("TELOXIDE_TOKEN"))?;
        if token.chars().any(char::is_whitespace) || !token.contains(':') {
            return Err(ConfigError::Malformed {
                var: "TELOXIDE_TOKEN",
                reason: "expected the form <digits>:<secret> from @BotFather".into(),
            });
        }
        let api_url = match non_empty("TELOXIDE_API_URL") {
            None => None,
            Some(raw) => Some(url::Url::parse(&raw).map_err(|e| ConfigError::Malformed {
                var: "TELOXIDE_API_URL",
                reason: e.to_string(),
            })?),
        };
        let database_url =
            non_empty("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if !database_url.starts_with("sqlite:") {
            return Err(ConfigError::Malformed {
                var: "DATABASE_URL",
                reason: "expected a sqlite: URL, e.g. sqlite://sales-bot.sqlite".into(),
            });
        }
        // «sqlite://» or «sqlite::memory:» would be a database that vanishes with the process
        let path = database_url
            .trim_start_matches("sqlite:")
            .trim_start_matches("//")
            .split('?')
            .next()
            .unwrap_or("");
        if path.is_empty() || path == ":memory:" {
            return Err(ConfigError::Malformed {
                var: "DATABASE_URL",
                reason: "names no database file, e.g. sqlite://sales-bot.sqlite".into(),
            });
        }
        let head_of_sales_ids = match non_empty("HEAD_OF_SALES_IDS") {
            None => Vec::new(),
            Some(raw) => raw
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse::<i64>().map_err(|_| ConfigError::Malformed {
                        var: "HEAD_OF_SALES_IDS",
                        reason: format!("«{s}» is not a Telegram user id"),
                    })
                })
                .collect::<Result<_, _>>()?,
        };
        let default_tz = match non_empty("DEFAULT_TIMEZONE") {
            None => chrono_tz::Europe::Moscow,
            Some(raw) => Tz::from_str(&raw).map_err(|_| ConfigError::Malformed {
                var: "DEFAULT_TIMEZONE",
                reason: format!("«{raw}» is not an IANA time zone such as Europe/Moscow"),
            })?,
        };
        Ok(Self {
            token: Token(token),
            api_url,
            database_url,
            head_of_sales_ids,
            default_tz,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn only_the_token_is_required() {
        let c = cfg(&[("TELOXIDE_TOKEN", "123:abc")]).unwrap();
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.default_tz, chrono_tz::Europe::Moscow);
        assert!(c.head_of_sales_ids.is_empty());
        assert_eq!(
            cfg(&[]).unwrap_err(),
            ConfigError::Missing("TELOXIDE_TOKEN")
        );
    }

    #[test]
    fn malformed_values_name_their_variable() {
        let bad = |k, v| match cfg(&[("TELOXIDE_TOKEN", "123:abc"), (k, v)]).unwrap_err() {
            ConfigError::Malformed { var, .. } => var,
            other => panic!("{other:?}"),
        };
        assert_eq!(bad("HEAD_OF_SALES_IDS", "12, x"), "HEAD_OF_SALES_IDS");
        assert_eq!(bad("DEFAULT_TIMEZONE", "Moscow"), "DEFAULT_TIMEZONE");
        assert_eq!(bad("TELOXIDE_API_URL", "not a url"), "TELOXIDE_API_URL");
        assert_eq!(bad("DATABASE_URL", "postgres://x"), "DATABASE_URL");
        assert_eq!(bad("DATABASE_URL", "sqlite://"), "DATABASE_URL");
        assert_eq!(bad("DATABASE_URL", "sqlite::memory:"), "DATABASE_URL");
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let c = cfg(&[("TELOXIDE_TOKEN", "123:very-secret")]).unwrap();
        assert!(!format!("{c:?}").contains("very-secret"));
    }

    #[test]
    fn head_ids_are_a_comma_list() {
        let c = cfg(&[
            ("TELOXIDE_TOKEN", "1:a"),
            ("HEAD_OF_SALES_IDS", " 10, 20 ,"),
        ])
        .unwrap();
        assert_eq!(c.head_of_sales_ids, vec![10, 20]);
    }
}
