//! Documents the bot writes: contracts and invoices filled from .docx templates.

pub mod docx;
