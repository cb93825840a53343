//! Pure domain types: every value a user types becomes one of these newtypes, or a clear error.

pub mod clock;
pub mod money;
pub mod phone;
pub mod pricelist;
pub mod requisites;
pub mod role;
pub mod text;
pub mod when;

pub use money::{Money, MoneyError};
pub use phone::{Phone, PhoneError};
pub use role::Role;
pub use text::{BoundedText, TextError};
pub use when::{
    find_when, parse_past_day, parse_when, parse_when_phrase, parse_when_with, read_when, DayParts,
    Reading, WhenError,
};

/// A stored code that names nothing we know: a bug or a foreign write, logged and answered with
/// an apology, never read as a default.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} code «{code}» in the database")]
pub struct UnknownCode {
    pub what: &'static str,
    pub code: String,
}
