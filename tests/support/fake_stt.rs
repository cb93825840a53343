//! A speech-to-text server on loopback that answers like the OpenAI transcription API
//! (`POST /v1/audio/transcriptions`, multipart `file` + `model` + `language`, `{"text": …}`, errors
//! as `{"error": {"message": …}}`). What it "hears" is written in the audio bytes themselves:
//! `say:<words>`, `slow:<ms>:<words>`, `fail:<status>`, `silence`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;

/// One request as the server saw it.
#[derive(Debug, Clone, Default)]
pub struct SttRequest {
    pub model: String,
    pub language: String,
    pub file_name: String,
    pub file_bytes: usize,
    pub authorization: Option<String>,
}

#[derive(Default)]
struct St {
    requests: Vec<SttRequest>,
    /// Requests still to answer with 503, whatever the audio says.
    fail_next: usize,
    key: Option<String>,
}

#[derive(Clone)]
pub struct FakeStt {
    pub url: String,
    st: Arc<Mutex<St>>,
}

impl FakeStt {
    /// A server that wants `Authorization: Bearer <key>` when `key` is given.
    pub async fn start(key: Option<&str>) -> Self {
        let st = Arc::new(Mutex::new(St {
            key: key.map(str::to_owned),
            ..St::default()
        }));
        let app = Router::new()
            .route("/v1/audio/transcriptions", post(transcribe))
            .with_state(st.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self {
            url: format!("http://{addr}"),
            st,
        }
    }

    pub fn requests(&self) -> Vec<SttRequest> {
        self.lock().requests.clone()
    }

    pub fn fail_next(&self, n: usize) {
        self.lock().fail_next = n;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, St> {
        self.st.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn error(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({"error": {"message": message, "type": "invalid_request_error"}})),
    )
        .into_response()
}

async fn transcribe(
    State(st): State<Arc<Mutex<St>>>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let mut req = SttRequest {
        authorization: headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        ..SttRequest::default()
    };
    let mut audio = Vec::new();
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            req.file_name = field.file_name().unwrap_or("").to_owned();
            audio = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
            req.file_bytes = audio.len();
        } else {
            let value = field.text().await.unwrap_or_default();
            match name.as_str() {
                "model" => req.model = value,
                "language" => req.language = value,
                _ => {}
            }
        }
    }
    let (key, failing) = {
        let mut s = st.lock().unwrap_or_else(|e| e.into_inner());
        s.requests.push(req.clone());
        let failing = s.fail_next > 0;
        if failing {
            s.fail_next -= 1;
        }
        (s.key.clone(), failing)
    };
    if let Some(k) = key {
        if req.authorization.as_deref() != Some(&format!("Bearer {k}")) {
            return error(StatusCode::UNAUTHORIZED, "Incorrect API key provided");
        }
    }
    if req.file_bytes == 0 || req.model.is_empty() {
        return error(StatusCode::BAD_REQUEST, "file and model are required");
    }
    if failing {
        return error(StatusCode::SERVICE_UNAVAILABLE, "server overloaded");
    }
    let said = String::from_utf8_lossy(&audio).to_string();
    if let Some(words) = said.strip_prefix("say:") {
        return Json(json!({"text": words})).into_response();
    }
    if let Some(rest) = said.strip_prefix("slow:") {
        let (ms, words) = rest.split_once(':').unwrap_or(("1000", rest));
        tokio::time::sleep(Duration::from_millis(ms.parse().unwrap_or(1000))).await;
        return Json(json!({"text": words})).into_response();
    }
    if let Some(code) = said.strip_prefix("fail:") {
        let status = code
            .parse()
            .ok()
            .and_then(|c| StatusCode::from_u16(c).ok())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return error(status, "the engine failed");
    }
    if said == "silence" {
        return Json(json!({"text": " [BLANK_AUDIO]\n"})).into_response();
    }
    error(StatusCode::BAD_REQUEST, "unsupported audio")
}
