//! Telegram's check of a Mini App's `initData` (core.telegram.org/bots/webapps, «Validating data
//! received via the Mini App»): the fields but `hash`, sorted by key, as `key=value` lines joined
//! by `\n`, signed with HMAC-SHA256 under the key HMAC-SHA256(key = "WebAppData", msg = token).

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Who opened the page, as Telegram signed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebAppUser {
    pub id: i64,
    pub language_code: Option<String>,
    pub auth_date: i64,
}

/// Why initData was refused; the audit row records `code()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("no initData")]
    Missing,
    #[error("initData is not signed by this bot")]
    Forged,
    #[error("initData is too old")]
    Expired,
    #[error("initData names no user")]
    NoUser,
}

impl Refused {
    pub fn code(self) -> &'static str {
        match self {
            Refused::Missing => "miniapp_missing",
            Refused::Forged => "miniapp_forged",
            Refused::Expired => "miniapp_expired",
            Refused::NoUser => "miniapp_no_user",
        }
    }
}

/// The `key=value` pairs of a query string, percent-decoded (`+` is a space).
pub fn pairs(init_data: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(init_data.trim_start_matches('?').as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The string Telegram signs: every field but `hash`, sorted by key, `key=value` a line.
pub fn data_check_string(pairs: &[(String, String)]) -> String {
    let mut fields: Vec<&(String, String)> = pairs.iter().filter(|(k, _)| k != "hash").collect();
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    fields
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn secret_key(bot_token: &str) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(b"WebAppData").expect("any key length");
    mac.update(bot_token.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The `hash` the bot with this token gives these fields (for tests and tools).
pub fn sign(bot_token: &str, pairs: &[(String, String)]) -> String {
    let mut mac = HmacSha256::new_from_slice(&secret_key(bot_token)).expect("any key length");
    mac.update(data_check_string(pairs).as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// Checks initData: signed by this bot's token, at most `max_age` seconds old at `now`, naming
/// a user. The comparison of the hash is constant-time.
pub fn verify(
    init_data: &str,
    bot_token: &str,
    now: i64,
    max_age: i64,
) -> Result<WebAppUser, Refused> {
    if init_data.trim().is_empty() {
        return Err(Refused::Missing);
    }
    let pairs = pairs(init_data);
    let given = pairs
        .iter()
        .find(|(k, _)| k == "hash")
        .and_then(|(_, v)| unhex(v))
        .ok_or(Refused::Forged)?;
    let mut mac = HmacSha256::new_from_slice(&secret_key(bot_token)).expect("any key length");
    mac.update(data_check_string(&pairs).as_bytes());
    mac.verify_slice(&given).map_err(|_| Refused::Forged)?;
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let auth_date: i64 = field("auth_date")
        .and_then(|v| v.parse().ok())
        .ok_or(Refused::Forged)?;
    // older than allowed, or from a clock far ahead of ours
    if now - auth_date > max_age || auth_date - now > 300 {
        return Err(Refused::Expired);
    }
    let user: serde_json::Value = field("user")
        .and_then(|u| serde_json::from_str(u).ok())
        .ok_or(Refused::NoUser)?;
    let id = user["id"].as_i64().ok_or(Refused::NoUser)?;
    Ok(WebAppUser {
        id,
        language_code: user["language_code"].as_str().map(str::to_owned),
        auth_date,
    })
}

/// The user id initData claims, signed or not: only for the audit row of a refusal.
pub fn claimed_user(init_data: &str) -> i64 {
    pairs(init_data)
        .iter()
        .find(|(k, _)| k == "user")
        .and_then(|(_, v)| serde_json::from_str::<serde_json::Value>(v).ok())
        .and_then(|u| u["id"].as_i64())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "123456:TEST-TOKEN";
    /// Computed outside this crate (Python's hmac and hashlib) for `TOKEN`:
    /// secret = HMAC_SHA256(key=b"WebAppData", msg=TOKEN), hash = HMAC_SHA256(secret, dcs).
    const SECRET_HEX: &str = "97b85f353212ba6fa887c83713d6be865df1a84f004a490d2f0c564f57ec4513";
    const INIT_DATA: &str = "auth_date=1790000000&query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A1001%2C%22first_name%22%3A%22%D0%90%D0%BD%D0%BD%D0%B0%22%2C%22language_code%22%3A%22ru%22%7D&hash=e5281999581b349c7683b84b0b9cc0f027f1e58502d4047ad217dff9b9f6a906";
    const DCS: &str = "auth_date=1790000000\nquery_id=AAHdF6IQAAAAAN0XohDhrOrc\nuser={\"id\":1001,\"first_name\":\"Анна\",\"language_code\":\"ru\"}";
    const T: i64 = 1_790_000_000;

    #[test]
    fn the_secret_and_the_check_string_are_telegrams() {
        assert_eq!(hex(&secret_key(TOKEN)), SECRET_HEX);
        // the hash sits first here: the order the fields come in does not matter
        let shuffled = format!(
            "hash={}&{}",
            INIT_DATA.rsplit("hash=").next().unwrap(),
            INIT_DATA.split("&hash=").next().unwrap()
        );
        assert_eq!(data_check_string(&pairs(&shuffled)), DCS);
        assert_eq!(data_check_string(&pairs(INIT_DATA)), DCS);
    }

    #[test]
    fn a_vector_signed_elsewhere_is_accepted() {
        let u = verify(INIT_DATA, TOKEN, T + 10, 3600).unwrap();
        assert_eq!(u.id, 1001);
        assert_eq!(u.language_code.as_deref(), Some("ru"));
        assert_eq!(u.auth_date, T);
        // and the hash the crate computes is the one computed elsewhere
        assert_eq!(
            sign(TOKEN, &pairs(INIT_DATA)),
            "e5281999581b349c7683b84b0b9cc0f027f1e58502d4047ad217dff9b9f6a906"
        );
    }

    #[test]
    fn another_token_a_changed_field_or_a_bad_hash_is_forged() {
        assert_eq!(
            verify(INIT_DATA, "123456:OTHER", T, 3600),
            Err(Refused::Forged)
        );
        let switched = INIT_DATA.replace("%22id%22%3A1001", "%22id%22%3A1002");
        assert_eq!(verify(&switched, TOKEN, T, 3600), Err(Refused::Forged));
        let no_hash = INIT_DATA.split("&hash=").next().unwrap();
        assert_eq!(verify(no_hash, TOKEN, T, 3600), Err(Refused::Forged));
        let odd = format!("{no_hash}&hash=zz");
        assert_eq!(verify(&odd, TOKEN, T, 3600), Err(Refused::Forged));
        // a field added after signing
        let added = format!("{INIT_DATA}&chat_type=private");
        assert_eq!(verify(&added, TOKEN, T, 3600), Err(Refused::Forged));
        assert_eq!(verify("", TOKEN, T, 3600), Err(Refused::Missing));
        assert_eq!(claimed_user(&switched), 1002);
    }

    #[test]
    fn old_initdata_is_expired() {
        assert!(verify(INIT_DATA, TOKEN, T + 3600, 3600).is_ok());
        assert_eq!(
            verify(INIT_DATA, TOKEN, T + 3601, 3600),
            Err(Refused::Expired)
        );
        assert_eq!(
            verify(INIT_DATA, TOKEN, T - 3600, 3600),
            Err(Refused::Expired)
        );
    }
}
