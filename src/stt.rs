//! Speech to text through an existing engine: any server that speaks the OpenAI transcription
//! API (`POST /v1/audio/transcriptions`, multipart `file`, `model`, `language`, answered with
//! `{"text": …}`) — whisper.cpp's server started with `--inference-path /v1/audio/transcriptions
//! --convert`, faster-whisper servers, LocalAI, hosted services. The bot never transcribes itself.

use std::time::Duration;

use crate::config::SttConfig;

/// Transcriptions running at once; more voice messages wait their turn, other updates do not.
const CONCURRENT: usize = 4;
/// Telegram lets a bot download files up to 20 MB.
pub const MAX_DOWNLOAD_BYTES: u32 = 20 * 1024 * 1024;

/// Why a voice message has no transcript: each has its own message to the manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SttError {
    /// The server could not be reached or failed (connection refused, 5xx).
    Unavailable,
    /// No answer within the timeout.
    Timeout,
    /// The voice message is longer than the bot sends for transcription.
    TooLong,
    /// The server heard no words.
    Empty,
    /// The server refused the request (a wrong key, model or format: 4xx).
    Refused,
    /// Telegram did not give the voice file.
    Download,
}

impl SttError {
    /// The locale key of the message the manager gets.
    pub fn key(self) -> &'static str {
        match self {
            Self::Unavailable => "stt-err-unavailable",
            Self::Timeout => "stt-err-timeout",
            Self::TooLong => "stt-err-too-long",
            Self::Empty => "stt-err-empty",
            Self::Refused => "stt-err-refused",
            Self::Download => "stt-err-download",
        }
    }
}

pub struct Transcriber {
    cfg: SttConfig,
    http: reqwest::Client,
    slots: tokio::sync::Semaphore,
}

#[derive(serde::Deserialize)]
struct Transcript {
    text: String,
}

impl Transcriber {
    pub fn new(cfg: SttConfig) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(cfg.timeout_secs))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        Self {
            cfg,
            http,
            slots: tokio::sync::Semaphore::new(CONCURRENT),
        }
    }

    pub fn max_seconds(&self) -> u32 {
        self.cfg.max_seconds
    }

    fn endpoint(&self) -> String {
        format!(
            "{}/v1/audio/transcriptions",
            self.cfg.url.as_str().trim_end_matches('/')
        )
    }

    /// The words of a voice message (Telegram's OGG/Opus), in Russian.
    pub async fn transcribe(&self, audio: Vec<u8>, file_name: &str) -> Result<String, SttError> {
        let _slot = self
            .slots
            .acquire()
            .await
            .map_err(|_| SttError::Unavailable)?;
        let part = reqwest::multipart::Part::bytes(audio)
            .file_name(file_name.to_owned())
            .mime_str("audio/ogg")
            .map_err(|_| SttError::Refused)?;
        let form = reqwest::multipart::Form::new()
            .part("file", part)
            .text("model", self.cfg.model.clone())
            .text("language", "ru")
            .text("response_format", "json");
        let mut req = self.http.post(self.endpoint()).multipart(form);
        if let Some(key) = &self.cfg.api_key {
            req = req.bearer_auth(key.expose());
        }
        let started = std::time::Instant::now();
        let resp = req.send().await.map_err(|e| {
            let kind = if e.is_timeout() {
                SttError::Timeout
            } else {
                SttError::Unavailable
            };
            // the error names the URL, never the key
            tracing::warn!(error = %e.without_url(), ?kind, "transcription request failed");
            kind
        })?;
        let status = resp.status();
        if !status.is_success() {
            tracing::warn!(status = status.as_u16(), "transcription server refused");
            return Err(if status.is_server_error() {
                SttError::Unavailable
            } else {
                SttError::Refused
            });
        }
        let body: Transcript = resp.json().await.map_err(|e| {
            let kind = if e.is_timeout() {
                SttError::Timeout
            } else {
                SttError::Refused
            };
            tracing::warn!(error = %e.without_url(), "transcription answer unreadable");
            kind
        })?;
        let text = clean(&body.text);
        tracing::info!(
            ms = started.elapsed().as_millis() as u64,
            chars = text.chars().count(),
            "voice transcribed"
        );
        if text.is_empty() {
            return Err(SttError::Empty);
        }
        Ok(text)
    }
}

/// A transcript as a typed answer: one line of words, without the markers engines add for
/// silence and noise («[музыка]», «(неразборчиво)»).
pub fn clean(raw: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in raw.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn engine_markers_and_line_breaks_are_dropped() {
        assert_eq!(
            clean(" [BLANK_AUDIO]\n Созвонимся в пятницу\n в 11 (музыка) "),
            "Созвонимся в пятницу в 11"
        );
        assert_eq!(clean("[тишина]"), "");
    }
}
