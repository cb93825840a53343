//! Configuration from the environment (and an optional `.env`). A missing or malformed value
//! stops the bot at start with one line naming the variable.

use std::fmt;
use std::net::SocketAddr;
use std::str::FromStr;

use chrono_tz::Tz;

/// The configuration, as `sales-bot --help` lists it after the commands.
pub const CONFIG_HELP: &str = "\
Configuration is read from the environment and from an optional .env file:
  TELOXIDE_TOKEN     (required) the bot token from @BotFather; never logged
  TELOXIDE_API_URL   Bot API base URL (default https://api.telegram.org); point it at a local
                     fake Bot API to try the bot offline
  DATABASE_URL       sqlite://FILE (default sqlite://sales-bot.sqlite) or
                     postgres://USER:PASSWORD@HOST/DB; created (SQLite) and migrated at start
  HEAD_OF_SALES_IDS  comma-separated Telegram user ids of the heads of sales (default: none);
                     they invite everybody else
  DEFAULT_TIMEZONE   IANA time zone for new users (default Europe/Moscow)
  RUST_LOG           log filter (default info,sqlx=warn,teloxide=warn)
  LOG_FORMAT         json for one JSON object a line (default: text)
  STT_URL            speech-to-text server speaking the OpenAI transcription API, e.g.
                     http://127.0.0.1:8080 (whisper.cpp's server); unset: voice answers are off
  STT_MODEL          model name sent with each request (default whisper-1)
  STT_API_KEY        bearer key for the server, if it wants one; never logged
  STT_TIMEOUT_SECS   how long one transcription may take (default 60)
  STT_MAX_SECONDS    longest voice message transcribed (default 300)
  WEBHOOK_URL        public https URL Telegram posts updates to (behind a reverse proxy); unset:
                     the bot polls
  WEBHOOK_LISTEN     address the webhook, /healthz and /metrics listen on (default 0.0.0.0:8080)
  WEBHOOK_SECRET     secret Telegram sends with every update (required with WEBHOOK_URL; 1-256
                     of A-Z a-z 0-9 _ -); never logged
  HEALTH_LISTEN      when polling: address for /healthz and /metrics (default: not served)
  AUDIT_RETENTION_DAYS  days refused strangers' audit rows are kept (default 90)
  MINIAPP_URL        public https URL of the pipeline board (the bot serves it under /app/ on
                     WEBHOOK_LISTEN, or on HEALTH_LISTEN when polling); unset: no board
  MINIAPP_AUTH_MAX_AGE  seconds the board's signed initData stays valid (default 3600)
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
    /// Speech-to-text for voice answers; `None` when `STT_URL` is not set.
    pub stt: Option<SttConfig>,
    /// Updates by webhook instead of polling; `None` when `WEBHOOK_URL` is not set.
    pub webhook: Option<WebhookConfig>,
    /// Where /healthz and /metrics are served while polling.
    pub health_listen: Option<std::net::SocketAddr>,
    pub audit_retention_days: u64,
    /// The pipeline board as a Telegram Mini App; `None` when `MINIAPP_URL` is not set.
    pub miniapp: Option<MiniAppConfig>,
}

/// The board Telegram opens from the menu button: its public URL (a proxy passes `/app/` to the
/// bot's listener), how old initData may be, and where the bot serves it while polling.
#[derive(Debug, Clone)]
pub struct MiniAppConfig {
    pub url: url::Url,
    pub auth_max_age_secs: u64,
    /// `HEALTH_LISTEN`, else `WEBHOOK_LISTEN` (default 0.0.0.0:8080), when polling.
    pub listen: std::net::SocketAddr,
}

impl Config {
    /// The board's URL for the menu button and the «📋 Доска» button, when the board is on.
    pub fn board_url(&self) -> Option<String> {
        self.miniapp.as_ref().map(|m| m.url.to_string())
    }
}

/// Telegram posts updates to `url`; the bot listens on `listen` behind the reverse proxy.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    pub url: url::Url,
    pub listen: std::net::SocketAddr,
    pub secret: Token,
}

/// Where and how voice messages are transcribed.
#[derive(Debug, Clone)]
pub struct SttConfig {
    /// The server's base URL; requests go to `{url}/v1/audio/transcriptions`.
    pub url: url::Url,
    pub model: String,
    pub api_key: Option<Token>,
    pub timeout_secs: u64,
    /// Voice messages longer than this are not sent to the server.
    pub max_seconds: u32,
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
    /// The settings are read in this order, so the first malformed one is the one reported.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let env = Env { get: &get };
        let token = env.token()?;
        let api_url = env.api_url()?;
        let database_url = env.database_url()?;
        let head_of_sales_ids = env.head_of_sales_ids()?;
        let default_tz = env.default_tz()?;
        let stt = env.stt()?;
        let webhook = env.webhook()?;
        let health_listen = env.health_listen()?;
        let audit_retention_days = env.number("AUDIT_RETENTION_DAYS", 90, 36_500)?;
        let miniapp = env.miniapp(health_listen, webhook.as_ref())?;
        Ok(Self {
            token,
            api_url,
            database_url,
            head_of_sales_ids,
            default_tz,
            stt,
            webhook,
            health_listen,
            audit_retention_days,
            miniapp,
        })
    }
}

/// The environment as the readers see it: values trimmed, an empty one the same as an unset one.
struct Env<'a> {
    get: &'a dyn Fn(&str) -> Option<String>,
}

impl Env<'_> {
    fn non_empty(&self, k: &str) -> Option<String> {
        (self.get)(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// A whole number from 1 to `max`; `default` when unset.
    fn number(&self, var: &'static str, default: u64, max: u64) -> Result<u64, ConfigError> {
        match self.non_empty(var) {
            None => Ok(default),
            Some(raw) => raw
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| ConfigError::Malformed {
                    var,
                    reason: format!("«{raw}» is not a whole number from 1 to {max}"),
                }),
        }
    }

    fn token(&self) -> Result<Token, ConfigError> {
        let token = self
            .non_empty("TELOXIDE_TOKEN")
            .ok_or(ConfigError::Missing("TELOXIDE_TOKEN"))?;
        if token.chars().any(char::is_whitespace) || !token.contains(':') {
            return Err(ConfigError::Malformed {
                var: "TELOXIDE_TOKEN",
                reason: "expected the form <digits>:<secret> from @BotFather".into(),
            });
        }
        Ok(Token(token))
    }

    fn api_url(&self) -> Result<Option<url::Url>, ConfigError> {
        match self.non_empty("TELOXIDE_API_URL") {
            None => Ok(None),
            Some(raw) => Ok(Some(url::Url::parse(&raw).map_err(|e| {
                ConfigError::Malformed {
                    var: "TELOXIDE_API_URL",
                    reason: e.to_string(),
                }
            })?)),
        }
    }

    fn database_url(&self) -> Result<String, ConfigError> {
        let database_url = self
            .non_empty("DATABASE_URL")
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let problem =
            if database_url.starts_with("postgres:") || database_url.starts_with("postgresql:") {
                postgres_url_problem(&database_url)
            } else if database_url.starts_with("sqlite:") {
                sqlite_url_problem(&database_url)
            } else {
                Some("expected sqlite://FILE or postgres://USER@HOST/DB".into())
            };
        match problem {
            None => Ok(database_url),
            Some(reason) => Err(ConfigError::Malformed {
                var: "DATABASE_URL",
                reason,
            }),
        }
    }

    fn head_of_sales_ids(&self) -> Result<Vec<i64>, ConfigError> {
        let Some(raw) = self.non_empty("HEAD_OF_SALES_IDS") else {
            return Ok(Vec::new());
        };
        raw.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<i64>().map_err(|_| ConfigError::Malformed {
                    var: "HEAD_OF_SALES_IDS",
                    reason: format!("«{s}» is not a Telegram user id"),
                })
            })
            .collect()
    }

    fn default_tz(&self) -> Result<Tz, ConfigError> {
        match self.non_empty("DEFAULT_TIMEZONE") {
            None => Ok(chrono_tz::Europe::Moscow),
            Some(raw) => Tz::from_str(&raw).map_err(|_| ConfigError::Malformed {
                var: "DEFAULT_TIMEZONE",
                reason: format!("«{raw}» is not an IANA time zone such as Europe/Moscow"),
            }),
        }
    }

    /// `STT_*`; off (`None`) unless `STT_URL` is set.
    fn stt(&self) -> Result<Option<SttConfig>, ConfigError> {
        let Some(raw) = self.non_empty("STT_URL") else {
            return Ok(None);
        };
        let url = url::Url::parse(&raw)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| ConfigError::Malformed {
                var: "STT_URL",
                reason: format!("«{raw}» is not an http(s) URL"),
            })?;
        Ok(Some(SttConfig {
            url,
            model: self
                .non_empty("STT_MODEL")
                .unwrap_or_else(|| "whisper-1".to_owned()),
            api_key: self.non_empty("STT_API_KEY").map(Token),
            timeout_secs: self.number("STT_TIMEOUT_SECS", 60, 3600)?,
            max_seconds: u32::try_from(self.number("STT_MAX_SECONDS", 300, 3600)?).unwrap_or(300),
        }))
    }

    /// `WEBHOOK_*`; polling (`None`) unless `WEBHOOK_URL` is set.
    fn webhook(&self) -> Result<Option<WebhookConfig>, ConfigError> {
        let Some(raw) = self.non_empty("WEBHOOK_URL") else {
            return Ok(None);
        };
        let url = public_url("WEBHOOK_URL", &raw)?;
        let secret = self
            .non_empty("WEBHOOK_SECRET")
            .ok_or(ConfigError::Missing("WEBHOOK_SECRET"))?;
        if secret.len() > 256
            || !secret
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(ConfigError::Malformed {
                var: "WEBHOOK_SECRET",
                reason: "1 to 256 characters of A-Z, a-z, 0-9, _ and -".into(),
            });
        }
        Ok(Some(WebhookConfig {
            url,
            listen: self.webhook_listen()?,
            secret: Token(secret),
        }))
    }

    /// `WEBHOOK_LISTEN`, 0.0.0.0:8080 when unset.
    fn webhook_listen(&self) -> Result<SocketAddr, ConfigError> {
        addr(
            "WEBHOOK_LISTEN",
            self.non_empty("WEBHOOK_LISTEN")
                .unwrap_or_else(|| "0.0.0.0:8080".into()),
        )
    }

    fn health_listen(&self) -> Result<Option<SocketAddr>, ConfigError> {
        match self.non_empty("HEALTH_LISTEN") {
            None => Ok(None),
            Some(raw) => Ok(Some(addr("HEALTH_LISTEN", raw)?)),
        }
    }

    /// `MINIAPP_*`; no board (`None`) unless `MINIAPP_URL` is set. The board is served on the
    /// webhook's listener, else on `HEALTH_LISTEN`'s, else on `WEBHOOK_LISTEN`.
    fn miniapp(
        &self,
        health_listen: Option<SocketAddr>,
        webhook: Option<&WebhookConfig>,
    ) -> Result<Option<MiniAppConfig>, ConfigError> {
        let Some(raw) = self.non_empty("MINIAPP_URL") else {
            return Ok(None);
        };
        let url = public_url("MINIAPP_URL", &raw)?;
        let listen = match (health_listen, webhook) {
            (_, Some(w)) => w.listen,
            (Some(h), None) => h,
            (None, None) => self.webhook_listen()?,
        };
        Ok(Some(MiniAppConfig {
            url,
            auth_max_age_secs: self.number("MINIAPP_AUTH_MAX_AGE", 3600, 7 * 86_400)?,
            listen,
        }))
    }
}

/// Why a `postgres://` URL cannot be used, if it cannot.
fn postgres_url_problem(database_url: &str) -> Option<String> {
    let parsed = match url::Url::parse(database_url) {
        Ok(parsed) => parsed,
        Err(e) => return Some(e.to_string()),
    };
    (parsed.host_str().is_none_or(str::is_empty) && !database_url.contains("host="))
        .then(|| "names no PostgreSQL server, e.g. postgres://bot@db/sales".into())
}

/// Why a `sqlite:` URL cannot be used, if it cannot: «sqlite://» or «sqlite::memory:» would be a
/// database that vanishes with the process.
fn sqlite_url_problem(database_url: &str) -> Option<String> {
    let path = database_url
        .trim_start_matches("sqlite:")
        .trim_start_matches("//")
        .split('?')
        .next()
        .unwrap_or("");
    (path.is_empty() || path == ":memory:")
        .then(|| "names no database file, e.g. sqlite://sales-bot.sqlite".into())
}

fn addr(var: &'static str, raw: String) -> Result<SocketAddr, ConfigError> {
    raw.parse::<SocketAddr>()
        .map_err(|_| ConfigError::Malformed {
            var,
            reason: format!("«{raw}» is not an address such as 0.0.0.0:8080"),
        })
}

/// A URL Telegram opens or posts to: https (plain http only to 127.0.0.1, for a local try-out).
fn public_url(var: &'static str, raw: &str) -> Result<url::Url, ConfigError> {
    url::Url::parse(raw)
        .ok()
        .filter(|u| u.scheme() == "https" || u.host_str() == Some("127.0.0.1"))
        .ok_or_else(|| ConfigError::Malformed {
            var,
            reason: format!("«{raw}» is not an https URL"),
        })
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
        assert_eq!(bad("DATABASE_URL", "mysql://x"), "DATABASE_URL");
        assert_eq!(bad("DATABASE_URL", "postgres://"), "DATABASE_URL");
        assert_eq!(bad("DATABASE_URL", "sqlite://"), "DATABASE_URL");
        assert_eq!(bad("DATABASE_URL", "sqlite::memory:"), "DATABASE_URL");
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let c = cfg(&[("TELOXIDE_TOKEN", "123:very-secret")]).unwrap();
        assert!(!format!("{c:?}").contains("very-secret"));
    }

    #[test]
    fn speech_to_text_is_off_unless_its_url_is_set() {
        let c = cfg(&[("TELOXIDE_TOKEN", "1:a")]).unwrap();
        assert!(c.stt.is_none());
        let c = cfg(&[
            ("TELOXIDE_TOKEN", "1:a"),
            ("STT_URL", "http://127.0.0.1:8080"),
            ("STT_API_KEY", "sk-very-secret"),
        ])
        .unwrap();
        let stt = c.stt.clone().unwrap();
        assert_eq!(stt.model, "whisper-1");
        assert_eq!((stt.timeout_secs, stt.max_seconds), (60, 300));
        assert!(!format!("{c:?}").contains("very-secret"));
        let bad = |k, v| {
            cfg(&[("TELOXIDE_TOKEN", "1:a"), ("STT_URL", "http://h"), (k, v)])
                .unwrap_err()
                .to_string()
        };
        assert!(bad("STT_TIMEOUT_SECS", "0").starts_with("STT_TIMEOUT_SECS"));
        assert!(bad("STT_URL", "ftp://h").starts_with("STT_URL"));
    }

    #[test]
    fn a_webhook_needs_an_https_url_and_a_secret() {
        let c = cfg(&[("TELOXIDE_TOKEN", "1:a")]).unwrap();
        assert!(c.webhook.is_none());
        assert_eq!(c.audit_retention_days, 90);
        let c = cfg(&[
            ("TELOXIDE_TOKEN", "1:a"),
            ("WEBHOOK_URL", "https://bot.example.ru/tg"),
            ("WEBHOOK_SECRET", "s3cret_value-1"),
        ])
        .unwrap();
        let w = c.webhook.clone().unwrap();
        assert_eq!(w.listen.to_string(), "0.0.0.0:8080");
        assert!(!format!("{c:?}").contains("s3cret_value-1"));
        let err = |pairs: &[(&str, &str)]| cfg(pairs).unwrap_err().to_string();
        assert!(
            err(&[("TELOXIDE_TOKEN", "1:a"), ("WEBHOOK_URL", "https://x/tg")])
                .starts_with("WEBHOOK_SECRET")
        );
        assert!(err(&[
            ("TELOXIDE_TOKEN", "1:a"),
            ("WEBHOOK_URL", "http://x/tg"),
            ("WEBHOOK_SECRET", "a")
        ])
        .starts_with("WEBHOOK_URL"));
        assert!(err(&[
            ("TELOXIDE_TOKEN", "1:a"),
            ("WEBHOOK_URL", "https://x/tg"),
            ("WEBHOOK_SECRET", "no spaces")
        ])
        .starts_with("WEBHOOK_SECRET"));
        assert!(
            err(&[("TELOXIDE_TOKEN", "1:a"), ("HEALTH_LISTEN", "nowhere")])
                .starts_with("HEALTH_LISTEN")
        );
    }

    #[test]
    fn the_board_needs_an_https_url() {
        let c = cfg(&[("TELOXIDE_TOKEN", "1:a")]).unwrap();
        assert!(c.miniapp.is_none());
        let c = cfg(&[
            ("TELOXIDE_TOKEN", "1:a"),
            ("MINIAPP_URL", "https://bot.example.ru/app/"),
        ])
        .unwrap();
        let m = c.miniapp.unwrap();
        assert_eq!(m.auth_max_age_secs, 3600);
        assert_eq!(m.listen.to_string(), "0.0.0.0:8080");
        let err = |pairs: &[(&str, &str)]| cfg(pairs).unwrap_err().to_string();
        assert!(
            err(&[("TELOXIDE_TOKEN", "1:a"), ("MINIAPP_URL", "http://x/app/")])
                .starts_with("MINIAPP_URL")
        );
        assert!(err(&[
            ("TELOXIDE_TOKEN", "1:a"),
            ("MINIAPP_URL", "https://x/app/"),
            ("MINIAPP_AUTH_MAX_AGE", "0")
        ])
        .starts_with("MINIAPP_AUTH_MAX_AGE"));
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
