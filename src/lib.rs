//! Telegram sales assistant: the company's 17-step sales regulation, walked in chat.

pub mod dialogue;
pub mod domain;
pub mod pipeline;
