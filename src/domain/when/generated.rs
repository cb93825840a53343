//! Generated phrases.
