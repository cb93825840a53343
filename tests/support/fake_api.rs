//! A fake Telegram Bot API on 127.0.0.1 for end-to-end tests: long polling, messages, edits,
//! callback answers, files. It keeps every call the bot makes, and checks what Telegram checks
//! (HTML entities, message length, callback data size, "message is not modified").

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::Notify;

pub const BOT_ID: i64 = 4242;
pub const BOT_USERNAME: &str = "sales_test_bot";

/// One Bot API call the bot made, as a test reads it.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub chat_id: Option<i64>,
    pub message_id: Option<i32>,
    /// Text (or caption) as the user sees it: tags stripped, entities unescaped.
    pub text: String,
    pub buttons: InlineRows,
    pub menu: MenuRows,
    pub file_id: Option<String>,
    pub params: Value,
}

#[derive(Default)]
struct St {
    updates: Vec<(i64, Value)>,
    /// Updates served again whatever the offset: a bot that crashed before confirming them.
    redelivered: Vec<Value>,
    next_update: i64,
    calls: Vec<Call>,
    next_message: HashMap<i64, i32>,
    /// Messages as they stand now, by (chat, id): the JSON a callback carries.
    messages: HashMap<(i64, i32), Value>,
    files: HashMap<String, Vec<u8>>,
    /// Refusals queued per chat for the next sendMessage calls.
    failures: HashMap<i64, std::collections::VecDeque<Failure>>,
    /// Chats that blocked the bot: every send answers 403.
    blocked: std::collections::HashSet<i64>,
    /// Another process polls with the same token: getUpdates answers 409.
    conflict: bool,
    /// Server errors queued for the next sends to any chat (500s).
    server_errors: usize,
    /// Edits refused as «message is not modified»: calls the bot wasted.
    not_modified: usize,
}

/// A refusal the fake answers instead of sending.
#[derive(Debug, Clone, Copy)]
pub enum Failure {
    /// 429 Too Many Requests with this retry_after.
    RetryAfter(u64),
}

#[derive(Clone)]
pub struct FakeApi {
    pub url: String,
    st: Arc<Mutex<St>>,
    notify: Arc<Notify>,
}

type Shared = (Arc<Mutex<St>>, Arc<Notify>);

impl FakeApi {
    pub async fn start() -> Self {
        let st = Arc::new(Mutex::new(St {
            next_update: 1,
            ..St::default()
        }));
        let notify = Arc::new(Notify::new());
        let app = Router::new()
            .route("/{bot}/{method}", post(api))
            .route("/file/{bot}/{*path}", get(file))
            .with_state((st.clone(), notify.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self {
            url: format!("http://{addr}/"),
            st,
            notify,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, St> {
        self.st.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues an update (its `update_id` is assigned here) and returns its id.
    pub fn push(&self, mut update: Value) -> i64 {
        let id = {
            let mut st = self.lock();
            let id = st.next_update;
            st.next_update += 1;
            update["update_id"] = json!(id);
            st.updates.push((id, update));
            id
        };
        self.notify.notify_waiters();
        id
    }

    /// Queues an update again with the same id, as Telegram does after a crash.
    pub fn redeliver(&self, update: Value) -> i64 {
        let id = update["update_id"].as_i64().unwrap();
        self.lock().redelivered.push(update);
        self.notify.notify_waiters();
        id
    }

    /// Makes getUpdates answer as Telegram does when a second process polls with the token.
    pub fn set_conflict(&self, on: bool) {
        self.lock().conflict = on;
    }

    /// The next `n` sends (to any chat) answer 500, as a Bot API having a bad moment.
    pub fn fail_next_sends(&self, n: usize) {
        self.lock().server_errors = n;
    }

    pub fn last_update_id(&self) -> i64 {
        self.lock().next_update - 1
    }

    pub fn next_message_id(&self, chat: i64) -> i32 {
        let mut st = self.lock();
        let n = st.next_message.entry(chat).or_insert(0);
        *n += 1;
        *n
    }

    pub fn add_file(&self, bytes: Vec<u8>) -> String {
        let mut st = self.lock();
        let id = format!("FILE{}", st.files.len() + 1);
        st.files.insert(id.clone(), bytes);
        id
    }

    pub fn fail_next(&self, chat: i64, f: Failure) {
        self.lock().failures.entry(chat).or_default().push_back(f);
    }

    pub fn unblock(&self, chat: i64) {
        self.lock().blocked.remove(&chat);
    }

    pub fn block(&self, chat: i64) {
        self.lock().blocked.insert(chat);
    }

    /// The bytes of a file the bot uploaded (or a user sent).
    pub fn file(&self, id: &str) -> Option<Vec<u8>> {
        self.lock().files.get(id).cloned()
    }

    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    pub fn calls_len(&self) -> usize {
        self.lock().calls.len()
    }

    /// The newest message the bot sent to a chat.
    pub fn last_bot_message(&self, chat: i64) -> Option<i32> {
        self.lock()
            .messages
            .keys()
            .filter(|(c, _)| *c == chat)
            .map(|(_, id)| *id)
            .max()
    }

    pub fn message(&self, chat: i64, id: i32) -> Option<Value> {
        self.lock().messages.get(&(chat, id)).cloned()
    }

    /// Edits refused because they would not change the message (a wasted call each).
    pub fn not_modified(&self) -> usize {
        self.lock().not_modified
    }

    /// Calls that failed on the fake's side (Telegram would have refused them).
    pub fn errors(&self) -> Vec<Call> {
        self.lock()
            .calls
            .iter()
            .filter(|c| c.method.starts_with("ERROR "))
            .cloned()
            .collect()
    }
}

fn ok(result: Value) -> Response {
    Json(json!({"ok": true, "result": result})).into_response()
}

fn bad(description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"ok": false, "error_code": 400, "description": description})),
    )
        .into_response()
}

async fn params_of(req: Request) -> Value {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    if ct.starts_with("multipart/form-data") {
        let mut mp = Multipart::from_request(req, &()).await.unwrap();
        let mut map = serde_json::Map::new();
        while let Ok(Some(field)) = mp.next_field().await {
            let name = field.name().unwrap_or("").to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let bytes = field.bytes().await.unwrap_or_default();
            if let Some(file_name) = file_name {
                // an uploaded file: kept whole, so tests can open what the bot made
                map.insert(name, json!({"upload": file_name, "base64": b64(&bytes)}));
                continue;
            }
            let text = String::from_utf8_lossy(&bytes).to_string();
            let value = if text.starts_with('{') || text.starts_with('[') {
                serde_json::from_str(&text).unwrap_or(Value::String(text))
            } else {
                Value::String(text)
            };
            map.insert(name, value);
        }
        Value::Object(map)
    } else {
        let body = Bytes::from_request(req, &()).await.unwrap_or_default();
        serde_json::from_slice(&body).unwrap_or(json!({}))
    }
}

fn b64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn unb64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = s.bytes().filter(|c| *c != b'=').collect();
    let mut out = Vec::new();
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= u32::from(val(*c)) << (18 - 6 * i);
        }
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

fn as_i64(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

/// Strips Telegram HTML to plain text; `Err` where Telegram would say "can't parse entities".
fn plain(html: &str) -> Result<String, String> {
    const TAGS: [&str; 7] = ["b", "i", "u", "s", "code", "pre", "a"];
    let mut out = String::new();
    let mut rest = html;
    let mut open: Vec<String> = Vec::new();
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let end = rest[pos..].find('>').ok_or("unclosed tag")? + pos;
        let tag = &rest[pos + 1..end];
        let (closing, name) = match tag.strip_prefix('/') {
            Some(n) => (true, n.trim()),
            None => (false, tag.split_whitespace().next().unwrap_or("")),
        };
        if !TAGS.contains(&name) {
            return Err(format!("Unsupported start tag \"{name}\""));
        }
        if closing {
            if open.pop().as_deref() != Some(name) {
                return Err(format!("Unexpected end tag \"{name}\""));
            }
        } else {
            open.push(name.to_owned());
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    if !open.is_empty() {
        return Err("unclosed tag".into());
    }
    Ok(out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&"))
}

type InlineRows = Vec<Vec<(String, String)>>;
type MenuRows = Vec<Vec<String>>;

fn keyboard(markup: &Value) -> (InlineRows, MenuRows) {
    let inline = markup["inline_keyboard"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    r.as_array()
                        .unwrap_or(&vec![])
                        .iter()
                        .map(|b| {
                            (
                                b["text"].as_str().unwrap_or("").to_owned(),
                                // a Mini App button carries its https URL instead of data
                                match b["web_app"]["url"].as_str() {
                                    Some(url) if url.starts_with("https://") => {
                                        format!("web_app:{url}")
                                    }
                                    _ => b["callback_data"].as_str().unwrap_or("").to_owned(),
                                },
                            )
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    let menu = markup["keyboard"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    r.as_array()
                        .unwrap_or(&vec![])
                        .iter()
                        .map(|b| b["text"].as_str().or(b.as_str()).unwrap_or("").to_owned())
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    (inline, menu)
}

fn bot_message(chat: i64, id: i32, extra: Value) -> Value {
    let mut m = json!({
        "message_id": id,
        "date": 1_790_000_000,
        "chat": {"id": chat, "type": "private", "first_name": "User"},
        "from": {"id": BOT_ID, "is_bot": true, "first_name": "Sales bot", "username": BOT_USERNAME},
    });
    if let (Value::Object(m), Value::Object(e)) = (&mut m, extra) {
        m.extend(e);
    }
    m
}

async fn api(
    State((st, notify)): State<Shared>,
    Path((_bot, method)): Path<(String, String)>,
    req: Request,
) -> Response {
    let p = params_of(req).await;
    let method_lc = method.to_lowercase();
    // teloxide writes `SendMessage`; record the Bot API's own spelling, `sendMessage`
    let method = {
        let mut c = method.chars();
        c.next()
            .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    if method_lc == "getupdates" && st.lock().unwrap_or_else(|e| e.into_inner()).conflict {
        let body = json!({"ok": false, "error_code": 409, "description": "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"});
        return (StatusCode::CONFLICT, axum::Json(body)).into_response();
    }
    if method_lc == "getupdates" {
        let offset = p["offset"].as_i64().unwrap_or(0);
        let timeout = p["timeout"].as_u64().unwrap_or(0);
        let take = |st: &Arc<Mutex<St>>| {
            let mut s = st.lock().unwrap_or_else(|e| e.into_inner());
            s.updates.retain(|(id, _)| *id >= offset);
            let mut out: Vec<Value> = std::mem::take(&mut s.redelivered);
            out.extend(s.updates.iter().map(|(_, u)| u.clone()));
            out
        };
        let mut got = take(&st);
        if got.is_empty() && timeout > 0 {
            // long poll, capped so a stopping bot is not held for long
            let wait = notify.notified();
            let _ = tokio::time::timeout(Duration::from_millis(300), wait).await;
            got = take(&st);
        }
        return ok(Value::Array(got));
    }
    let mut s = st.lock().unwrap_or_else(|e| e.into_inner());
    let chat = as_i64(&p["chat_id"]);
    let record = |s: &mut St, call: Call| s.calls.push(call);
    let base = Call {
        method: method.clone(),
        chat_id: chat,
        message_id: None,
        text: String::new(),
        buttons: vec![],
        menu: vec![],
        file_id: None,
        params: p.clone(),
    };
    match method_lc.as_str() {
        "getme" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Sales bot", "username": BOT_USERNAME,
            "can_join_groups": false, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "has_main_web_app": false
        })),
        "setmycommands" => {
            // chat-scoped menus are recorded against their chat
            let chat = as_i64(&p["scope"]["chat_id"]);
            record(
                &mut s,
                Call {
                    chat_id: chat,
                    text: p["commands"].to_string(),
                    ..base
                },
            );
            ok(json!(true))
        }
        "setchatmenubutton" => {
            // Telegram takes a web_app button only with its text and an https URL
            let b = &p["menu_button"];
            let url = b["web_app"]["url"].as_str().unwrap_or("");
            if b["type"] == "web_app"
                && (b["text"].as_str().unwrap_or("").is_empty() || !url.starts_with("https://"))
            {
                return bad("Bad Request: invalid menu button");
            }
            record(
                &mut s,
                Call {
                    text: url.to_owned(),
                    ..base
                },
            );
            ok(json!(true))
        }
        "deletewebhook" => ok(json!(true)),
        "setwebhook" => {
            let url = p["url"].as_str().unwrap_or("").to_owned();
            record(&mut s, Call { text: url, ..base });
            ok(json!(true))
        }
        "getwebhookinfo" => {
            ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0}))
        }
        "sendmessage" | "editmessagetext" => {
            let Some(chat) = chat else {
                return bad("Bad Request: chat_id is empty");
            };
            if s.blocked.contains(&chat) {
                record(
                    &mut s,
                    Call {
                        method: format!("REFUSED {method}"),
                        ..base
                    },
                );
                return (
                    StatusCode::FORBIDDEN,
                    Json(json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})),
                )
                    .into_response();
            }
            if method_lc == "sendmessage" && s.server_errors > 0 {
                s.server_errors -= 1;
                record(
                    &mut s,
                    Call {
                        method: format!("REFUSED {method}"),
                        ..base
                    },
                );
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(json!({"ok": false, "error_code": 500, "description": "Internal Server Error"})),
                )
                    .into_response();
            }
            if method_lc == "sendmessage" {
                if let Some(Failure::RetryAfter(secs)) =
                    s.failures.get_mut(&chat).and_then(|q| q.pop_front())
                {
                    record(
                        &mut s,
                        Call {
                            method: format!("REFUSED {method}"),
                            ..base
                        },
                    );
                    return (
                        StatusCode::TOO_MANY_REQUESTS,
                        Json(json!({"ok": false, "error_code": 429, "description": format!("Too Many Requests: retry after {secs}"), "parameters": {"retry_after": secs}})),
                    )
                        .into_response();
                }
            }
            let raw = p["text"].as_str().unwrap_or("").to_owned();
            let text = if p["parse_mode"].as_str() == Some("HTML") {
                match plain(&raw) {
                    Ok(t) => t,
                    Err(e) => {
                        record(
                            &mut s,
                            Call {
                                method: format!("ERROR {method}"),
                                text: e.clone(),
                                ..base
                            },
                        );
                        return bad(&format!("Bad Request: can't parse entities: {e}"));
                    }
                }
            } else {
                raw
            };
            // Telegram counts the text after entity parsing in UTF-16 code units
            if text.encode_utf16().count() > 4096 {
                record(
                    &mut s,
                    Call {
                        method: format!("ERROR {method}"),
                        text: "too long".into(),
                        ..base
                    },
                );
                return bad("Bad Request: message is too long");
            }
            let (buttons, menu) = keyboard(&p["reply_markup"]);
            if buttons
                .iter()
                .flatten()
                .any(|(_, d)| !d.starts_with("web_app:") && (d.len() > 64 || d.is_empty()))
            {
                record(
                    &mut s,
                    Call {
                        method: format!("ERROR {method}"),
                        text: "button data".into(),
                        ..base
                    },
                );
                return bad("Bad Request: BUTTON_DATA_INVALID");
            }
            let mut extra = json!({"text": text});
            if p["reply_markup"]["inline_keyboard"].is_array() {
                extra["reply_markup"] = p["reply_markup"].clone();
            }
            let id = if method_lc == "sendmessage" {
                let n = s.next_message.entry(chat).or_insert(0);
                *n += 1;
                *n
            } else {
                let id = as_i64(&p["message_id"]).unwrap_or(0) as i32;
                let Some(old) = s.messages.get(&(chat, id)) else {
                    record(
                        &mut s,
                        Call {
                            method: format!("ERROR {method}"),
                            text: "message to edit not found".into(),
                            ..base
                        },
                    );
                    return bad("Bad Request: message to edit not found");
                };
                if old["text"] == extra["text"] && old["reply_markup"] == extra["reply_markup"] {
                    s.not_modified += 1;
                    return bad("Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
                }
                id
            };
            let msg = bot_message(chat, id, extra);
            s.messages.insert((chat, id), msg.clone());
            record(
                &mut s,
                Call {
                    message_id: Some(id),
                    text,
                    buttons,
                    menu,
                    ..base
                },
            );
            ok(msg)
        }
        "senddocument" | "sendvoice" | "sendphoto" => {
            let Some(chat) = chat else {
                return bad("Bad Request: chat_id is empty");
            };
            let key = match method_lc.as_str() {
                "senddocument" => "document",
                "sendphoto" => "photo",
                _ => "voice",
            };
            // an upload is named in the field as attach://<part> (how teloxide sends it) or sent inline
            let part = match p[key].as_str().and_then(|v| v.strip_prefix("attach://")) {
                Some(name) => p[name].clone(),
                None => p[key].clone(),
            };
            let file_id = match part.get("base64").and_then(Value::as_str) {
                Some(data) => {
                    let id = format!("FILE{}", s.files.len() + 1);
                    s.files.insert(id.clone(), unb64(data));
                    id
                }
                None => p[key].as_str().unwrap_or("").to_owned(),
            };
            let n = s.next_message.entry(chat).or_insert(0);
            *n += 1;
            let id = *n;
            let caption = p["caption"]
                .as_str()
                .map(|c| plain(c).unwrap_or_else(|_| c.to_owned()))
                .unwrap_or_default();
            let file = if key == "photo" {
                json!([{"file_id": file_id, "file_unique_id": "u", "width": 900, "height": 700}])
            } else if key == "voice" {
                json!({"file_id": file_id, "file_unique_id": "u", "duration": 1})
            } else {
                json!({"file_id": file_id, "file_unique_id": "u", "file_name": "file"})
            };
            let msg = bot_message(chat, id, json!({ key: file, "caption": caption }));
            s.messages.insert((chat, id), msg.clone());
            record(
                &mut s,
                Call {
                    message_id: Some(id),
                    text: caption,
                    file_id: Some(file_id),
                    ..base
                },
            );
            ok(msg)
        }
        "answercallbackquery" => {
            let text = p["text"].as_str().unwrap_or("").to_owned();
            record(&mut s, Call { text, ..base });
            ok(json!(true))
        }
        "getfile" => {
            let id = p["file_id"].as_str().unwrap_or("").to_owned();
            match s.files.get(&id) {
                Some(bytes) => ok(json!({
                    "file_id": id, "file_unique_id": format!("u{id}"),
                    "file_size": bytes.len(), "file_path": format!("documents/{id}")
                })),
                None => bad("Bad Request: invalid file_id"),
            }
        }
        _ => {
            record(
                &mut s,
                Call {
                    method: format!("ERROR {method}"),
                    text: "not implemented".into(),
                    ..base
                },
            );
            (
                StatusCode::NOT_FOUND,
                Json(json!({"ok": false, "error_code": 404, "description": "Not Found"})),
            )
                .into_response()
        }
    }
}

async fn file(
    State((st, _)): State<Shared>,
    Path((_bot, path)): Path<(String, String)>,
) -> Response {
    let id = path.rsplit('/').next().unwrap_or("").to_owned();
    let s = st.lock().unwrap_or_else(|e| e.into_inner());
    match s.files.get(&id) {
        Some(b) => b.clone().into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn base64_round_trips() {
        for data in [&b""[..], b"a", b"ab", b"abc", b"PK\x03\x04 binary \xff\x00"] {
            assert_eq!(super::unb64(&super::b64(data)), data);
        }
    }

    #[test]
    fn html_is_checked_like_telegram_does() {
        assert_eq!(plain("<b>a</b> &lt;b&gt;").unwrap(), "a <b>");
        assert!(plain("<b>a").is_err());
        assert!(plain("<div>a</div>").is_err());
    }
}
