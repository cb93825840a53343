//! Turns one input into an answer to the current field, or into a rejection with a reason.
//!
//! `accept` handles the skip button, then hands the input to the one reader of the field's
//! kind: text, names, phones and numbers (`text.rs`), choices, yes/no and time zones
//! (`choice.rs`), dates and times of day (`when.rs`), money (`money.rs`), files (`files.rs`),
//! requisites (`requisites.rs`) and work stages (`stages.rs`).

mod choice;
mod files;
mod money;
mod requisites;
mod stages;
mod text;
mod when;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::button::FormButton;
use super::forms::{Field, FieldKind, Skip};
use crate::domain::DayParts;
pub use crate::pipeline::fields::{Answer, Answers};

pub use choice::TZ_CHOICES;
pub use money::amount_label;
pub use when::range_said;

/// What the user sent, stripped of Telegram.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Text(String),
    /// A button of the current question.
    Button(FormButton),
    Voice {
        file_id: String,
        duration: u32,
    },
    Document {
        file_id: String,
        name: String,
        size: u64,
        caption: Option<String>,
    },
    Photo {
        file_id: String,
        caption: Option<String>,
    },
    /// A sticker, a location, a video… anything a question never asks for.
    Other,
}

pub use crate::i18n::Arg;

/// Why an input was not accepted: a locale key and its arguments, and the readings it could
/// have had, offered as buttons so the user confirms one instead of the bot guessing.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
    pub offers: Vec<Offer>,
}

/// A reading of an answer offered for one tap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// A moment, unix seconds.
    At(i64),
    /// An amount in kopecks.
    Money(i64),
}

impl Offer {
    /// The button that takes this reading.
    pub fn button(self) -> FormButton {
        match self {
            Offer::At(t) => FormButton::Moment(t),
            Offer::Money(k) => FormButton::Amount(k),
        }
    }
}

impl Rejection {
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
            offers: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: Arg) -> Self {
        self.args.push((name, value));
        self
    }
}

/// Everything besides the input that deciding on an answer needs.
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub tz: Tz,
    /// For choice and option fields: (value, label) of each button, in order.
    pub options: &'a [(String, String)],
    /// The form's answers so far (a bank account is checked against the БИК before it).
    pub answers: &'a Answers,
    /// What «утром», «после обеда», «вечером» mean for this team.
    pub parts: DayParts,
}

/// The answer `input` gives to `field`, or why it gives none.
pub fn accept(field: &Field, input: &Input, ctx: &Ctx<'_>) -> Result<Answer, Rejection> {
    if let Input::Button(FormButton::Skip) = input {
        return skipped(field.skip);
    }
    match field.kind {
        FieldKind::Text { max } => text::bounded(input, max).map(Answer::Text),
        FieldKind::Name => text::name(input),
        FieldKind::Phone => text::phone(input),
        FieldKind::Number { min, max } => text::number(input, min, max),
        FieldKind::Choice(_) => choice::choice(input, ctx.options),
        FieldKind::Options(_) => choice::option_id(input, ctx.options),
        FieldKind::ChoiceOrText(_) => choice::choice_or_text(input, ctx.options),
        FieldKind::Confirm => choice::confirm(input),
        FieldKind::YesNo => choice::yes_no(input),
        FieldKind::Timezone => choice::timezone(input),
        FieldKind::When { quick } => when::moment(input, quick, ctx),
        FieldKind::Day => when::day(input, ctx),
        FieldKind::PastDay => when::past_day(input, ctx),
        FieldKind::Clock => when::clock(input),
        FieldKind::Hours => when::hours(input),
        FieldKind::Money => money::money(input),
        FieldKind::Document { exts, max_bytes } => files::document(input, exts, max_bytes),
        FieldKind::Attachment { max } => files::attachment(input, max),
        FieldKind::Requisite(kind) => requisites::requisite(input, kind, ctx.answers),
        FieldKind::StageLines => stages::stage_lines(input, ctx),
    }
}

/// The skip button: an answer where the field may be passed, a refusal where it may not.
fn skipped(skip: Skip) -> Result<Answer, Rejection> {
    match skip {
        Skip::No => Err(Rejection::new("err-not-skippable")),
        Skip::Allowed | Skip::Counted => Ok(Answer::Skipped),
    }
}

/// Every rejection key the engine can produce, for the locale completeness test.
pub const REJECTION_KEYS: [&str; 40] = [
    "err-when-ambiguous-day",
    "err-when-two-moments",
    "err-when-stray-words",
    "err-req-digits",
    "err-req-length",
    "err-req-checksum",
    "err-req-format",
    "err-money-nan",
    "err-money-negative",
    "err-money-zero",
    "err-money-too-large",
    "err-money-too-precise",
    "err-when-future",
    "err-stage-lines",
    "err-stage-count",
    "err-clock",
    "err-hours-format",
    "err-hours-order",
    "err-number",
    "err-not-skippable",
    "err-phone-chars",
    "err-phone-length",
    "err-use-buttons",
    "err-stale-button",
    "err-yes-no",
    "err-doc-ext",
    "err-doc-size",
    "err-doc-expected",
    "err-attachment-expected",
    "err-timezone",
    "err-text-expected",
    "err-empty",
    "err-too-long",
    "err-when-unparseable",
    "err-when-missing-time",
    "err-when-bad-time",
    "err-when-impossible",
    "err-when-past",
    "err-when-negative",
    "err-when-too-far",
];

/// What the readers' tests share: a fixed moment in Moscow and a form's field by its key.
#[cfg(test)]
mod testing {
    use super::*;
    use crate::dialogue::FormKind;
    use chrono::TimeZone;

    static NO_ANSWERS: std::sync::LazyLock<Answers> = std::sync::LazyLock::new(Answers::new);

    pub(super) fn ctx(options: &[(String, String)]) -> Ctx<'_> {
        Ctx {
            now: Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
            tz: chrono_tz::Europe::Moscow,
            options,
            answers: &NO_ANSWERS,
            parts: DayParts::default(),
        }
    }

    pub(super) fn field(form: FormKind, key: &str) -> &'static Field {
        form.fields().iter().find(|f| f.key == key).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{ctx, field};
    use super::*;
    use crate::dialogue::{FormKind, FormState};
    use crate::pipeline::Stage;

    #[test]
    fn a_needs_question_can_be_skipped() {
        let f = field(
            FormKind::Step {
                deal_id: 1,
                stage: Stage::Needs,
            },
            "news",
        );
        assert_eq!(
            accept(f, &Input::Button(FormButton::Skip), &ctx(&[])),
            Ok(Answer::Skipped)
        );
        assert_eq!(f.skip, Skip::Counted);
    }

    #[test]
    fn the_price_confirmation_is_asked_only_when_the_client_demanded_a_price() {
        let mut s = FormState::new(FormKind::Step {
            deal_id: 1,
            stage: Stage::Offer,
        });
        s.answers.insert("offer".into(), Answer::Text("x".into()));
        s.answers.insert("price_demanded".into(), Answer::No);
        assert_eq!(s.current().unwrap().key, "callback");
        s.answers.insert("price_demanded".into(), Answer::Yes);
        assert_eq!(s.current().unwrap().key, "price_named");
    }

    #[test]
    fn state_round_trips_through_json() {
        let mut s = FormState::new(FormKind::Step {
            deal_id: 7,
            stage: Stage::Meeting,
        });
        s.answers
            .insert("result".into(), Answer::Choice("held".into()));
        s.seq = 3;
        let state = crate::dialogue::State::Form(s);
        let json = serde_json::to_string(&state).unwrap();
        assert_eq!(
            serde_json::from_str::<crate::dialogue::State>(&json).unwrap(),
            state
        );
    }
}
