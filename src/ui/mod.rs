//! What the application says to people, independent of Telegram: buttons and keyboards (with
//! every button's data typed in `callbacks`), and where "now" comes from.

pub mod callbacks;
pub mod commands;

use std::sync::Arc;

use chrono::{DateTime, Utc};

pub use callbacks::Cb;
pub use commands::Command;

#[derive(Debug, Clone, PartialEq)]
pub struct Btn {
    pub label: String,
    pub data: String,
}

/// What a button that opens a Mini App carries instead of callback data.
const WEB_APP: &str = "web_app:";

impl Btn {
    pub fn new(label: impl Into<String>, cb: Cb) -> Self {
        Self {
            label: label.into(),
            data: cb.encode(),
        }
    }

    /// A button that opens the Mini App at `url` inside Telegram.
    pub fn web_app(label: impl Into<String>, url: &str) -> Self {
        Self {
            label: label.into(),
            data: format!("{WEB_APP}{url}"),
        }
    }

    /// The Mini App's URL, for a button made by `web_app`.
    pub fn web_app_url(&self) -> Option<&str> {
        self.data.strip_prefix(WEB_APP)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Kb {
    #[default]
    None,
    Inline(Vec<Vec<Btn>>),
    /// The reply keyboard under the input field: the main menu.
    Menu(Vec<Vec<String>>),
}

/// Where "now" comes from: the system clock, or a time set by a test.
#[derive(Clone, Default)]
pub struct Clock(Option<Arc<std::sync::Mutex<DateTime<Utc>>>>);

impl Clock {
    pub fn system() -> Self {
        Self(None)
    }

    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self(Some(Arc::new(std::sync::Mutex::new(at))))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            None => Utc::now(),
            Some(t) => *t.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Moves a fixed clock; no effect on the system clock.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(t) = &self.0 {
            *t.lock().unwrap_or_else(|e| e.into_inner()) = at;
        }
    }
}
