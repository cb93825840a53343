//! Telegram sales assistant: the company's 17-step sales regulation, walked in chat.

pub mod app;
pub mod config;
pub mod dialogue;
pub mod documents;
pub mod domain;
pub mod i18n;
pub mod metrics;
pub mod miniapp;
pub mod pipeline;
pub mod reminders;
pub mod reports;
pub mod storage;
pub mod stt;
pub mod telegram;
pub mod ui;
