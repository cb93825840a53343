//! Turns one input into an answer to the current field, or into a rejection with a reason.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::button::FormButton;
use super::forms::{Field, FieldKind, Requisite, Skip};
use crate::domain::clock::{parse_clock, parse_hours, HoursError};
use crate::domain::requisites::{self, RequisiteError};
use crate::domain::when::{read_when_given, Given};
use crate::domain::{
    parse_past_day, parse_when_phrase, parse_when_with, read_when, BoundedText, DayParts, Money,
    MoneyError, Phone, PhoneError, TextError, WhenError,
};
pub use crate::pipeline::fields::{Answer, Answers};

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

/// A value for a message argument: the locales format numbers with plural rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Num(i64),
}

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

/// Times of day offered when a day came without one, hours.
const TIMES_OFFERED: [u32; 4] = [10, 12, 15, 18];

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

/// Time zones offered as buttons: Russia's, west to east.
pub const TZ_CHOICES: [&str; 11] = [
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Kamchatka",
];

const YES_WORDS: [&str; 8] = ["да", "д", "yes", "y", "+", "ок", "ok", "готово"];
const NO_WORDS: [&str; 4] = ["нет", "н", "no", "n"];

pub fn accept(field: &Field, input: &Input, ctx: &Ctx<'_>) -> Result<Answer, Rejection> {
    if let Input::Button(FormButton::Skip) = input {
        return match field.skip {
            Skip::No => Err(Rejection::new("err-not-skippable")),
            Skip::Allowed | Skip::Counted => Ok(Answer::Skipped),
        };
    }
    match field.kind {
        FieldKind::Text { max } => text(input, max).map(Answer::Text),
        FieldKind::Name => {
            let t = text(input, crate::domain::text::SHORT_TEXT_MAX)?;
            if crate::domain::text::has_letters(&t) {
                Ok(Answer::Text(t))
            } else {
                Err(Rejection::new("err-name-letters"))
            }
        }
        FieldKind::Phone => {
            let raw = expect_text(input)?;
            Phone::parse(raw)
                .map(|p| Answer::Phone(p.as_str().to_owned()))
                .map_err(|e| match e {
                    PhoneError::BadCharacters => Rejection::new("err-phone-chars"),
                    PhoneError::WrongLength => Rejection::new("err-phone-length"),
                })
        }
        FieldKind::Choice(_) => pick(input, ctx.options).map(Answer::Choice),
        FieldKind::Options(_) => {
            let value = pick(input, ctx.options)?;
            value
                .parse()
                .map(Answer::Id)
                .map_err(|_| Rejection::new("err-use-buttons"))
        }
        FieldKind::When { quick } => {
            let phrase = match input {
                // a reading the bot offered, confirmed by its button
                Input::Button(FormButton::Moment(at)) => {
                    return if *at > ctx.now.timestamp() {
                        Ok(Answer::At(*at))
                    } else {
                        Err(Rejection::new("err-when-past"))
                    };
                }
                Input::Button(FormButton::Quick(i)) => {
                    quick
                        .get(usize::from(*i))
                        .ok_or_else(|| Rejection::new("err-stale-button"))?
                        .phrase
                }
                other => expect_text(other)?,
            };
            parse_when_with(phrase, ctx.now, ctx.tz, &ctx.parts)
                .map(|at| Answer::At(at.timestamp()))
                .map_err(|e| {
                    let offers = when_offers(phrase, e, ctx);
                    let mut r = when_rejection(e);
                    // «в полседьмого»: the message names the readings its buttons carry
                    if let (WhenError::AmbiguousHour(_), [Offer::At(a), Offer::At(b)]) =
                        (e, offers.as_slice())
                    {
                        let hm = |t: i64| {
                            DateTime::from_timestamp(t, 0)
                                .map(|t| t.with_timezone(&ctx.tz).format("%H:%M").to_string())
                                .unwrap_or_default()
                        };
                        r = Rejection::new("err-when-ambiguous-hour")
                            .with("said", Arg::Str(phrase.trim().to_owned()))
                            .with("morning", Arg::Str(hm(*a)))
                            .with("evening", Arg::Str(hm(*b)));
                    }
                    r.offers = offers;
                    r
                })
        }
        FieldKind::Confirm => match input {
            Input::Button(FormButton::Ok) => Ok(Answer::Yes),
            Input::Text(t) if YES_WORDS.contains(&t.trim().to_lowercase().as_str()) => {
                Ok(Answer::Yes)
            }
            _ => Err(Rejection::new("err-use-buttons")),
        },
        FieldKind::YesNo => match input {
            Input::Button(FormButton::Yes) => Ok(Answer::Yes),
            Input::Button(FormButton::No) => Ok(Answer::No),
            Input::Text(t) => {
                let t = t.trim().to_lowercase();
                if YES_WORDS.contains(&t.as_str()) {
                    Ok(Answer::Yes)
                } else if NO_WORDS.contains(&t.as_str()) {
                    Ok(Answer::No)
                } else {
                    Err(Rejection::new("err-yes-no"))
                }
            }
            _ => Err(Rejection::new("err-yes-no")),
        },
        FieldKind::Document { exts, max_bytes } => match input {
            Input::Document {
                file_id,
                name,
                size,
                ..
            } => {
                let ext = name.rsplit_once('.').map(|(_, e)| e.to_lowercase());
                if !ext.is_some_and(|e| exts.contains(&e.as_str())) {
                    return Err(
                        Rejection::new("err-doc-ext").with("exts", Arg::Str(exts.join(", ")))
                    );
                }
                if *size > max_bytes {
                    return Err(Rejection::new("err-doc-size")
                        .with("mb", Arg::Num((max_bytes / (1024 * 1024)) as i64)));
                }
                if *size == 0 {
                    return Err(Rejection::new("err-doc-empty"));
                }
                Ok(Answer::File {
                    file_id: file_id.clone(),
                    name: name.clone(),
                    size: *size,
                    caption: None,
                })
            }
            _ => Err(Rejection::new("err-doc-expected").with("exts", Arg::Str(exts.join(", ")))),
        },
        FieldKind::Attachment { max } => match input {
            Input::Voice { file_id, duration } => Ok(Answer::Voice {
                file_id: file_id.clone(),
                duration: *duration,
                transcript: None,
            }),
            Input::Document {
                file_id,
                name,
                size,
                caption,
            } => Ok(Answer::File {
                file_id: file_id.clone(),
                name: name.clone(),
                size: *size,
                caption: kept_caption(caption, max)?,
            }),
            Input::Photo { file_id, caption } => Ok(Answer::File {
                file_id: file_id.clone(),
                name: "photo.jpg".into(),
                size: 0,
                caption: kept_caption(caption, max)?,
            }),
            Input::Text(_) => text(input, max).map(Answer::Text),
            _ => Err(Rejection::new("err-attachment-expected")),
        },
        FieldKind::Timezone => {
            let name = match input {
                Input::Button(FormButton::Choice(i)) => TZ_CHOICES
                    .get(usize::from(*i))
                    .map(|s| s.to_string())
                    .ok_or_else(|| Rejection::new("err-stale-button"))?,
                other => expect_text(other)?.trim().to_owned(),
            };
            Tz::from_str(&name)
                .map(|tz| Answer::Tz(tz.name().to_owned()))
                .map_err(|_| Rejection::new("err-timezone"))
        }
        FieldKind::Clock => parse_clock(expect_text(input)?)
            .map(|m| Answer::Num(i64::from(m)))
            .ok_or_else(|| Rejection::new("err-clock")),
        FieldKind::Hours => match parse_hours(expect_text(input)?) {
            Ok((a, b)) => Ok(Answer::Span(i64::from(a), i64::from(b))),
            Err(HoursError::Format) => Err(Rejection::new("err-hours-format")),
            Err(HoursError::EndBeforeStart) => Err(Rejection::new("err-hours-order")),
        },
        FieldKind::Day => {
            let raw = expect_text(input)?;
            // a day alone means its very start: «до 10.12» — back on the 10th
            let midnight = Given::Time(chrono::NaiveTime::MIN);
            read_when_given(raw, ctx.now, ctx.tz, &DayParts::default(), midnight)
                .map(|r| Answer::At(r.at.timestamp()))
                .map_err(when_rejection)
        }
        FieldKind::Requisite(kind) => {
            let raw = expect_text(input)?;
            let checked = match kind {
                Requisite::Inn => requisites::inn(raw),
                Requisite::Kpp => requisites::kpp(raw),
                Requisite::Ogrn => requisites::ogrn(raw),
                Requisite::Bik => requisites::bik(raw),
                Requisite::Account => {
                    let bik = match ctx.answers.get("bik") {
                        Some(Answer::Text(b)) => b.clone(),
                        _ => String::new(),
                    };
                    requisites::account(raw, &bik)
                }
            };
            let name = match kind {
                Requisite::Inn => "inn",
                Requisite::Kpp => "kpp",
                Requisite::Ogrn => "ogrn",
                Requisite::Bik => "bik",
                Requisite::Account => "account",
            };
            checked.map(Answer::Text).map_err(|e| {
                Rejection::new(match e {
                    RequisiteError::NotDigits => "err-req-digits",
                    RequisiteError::Length => "err-req-length",
                    RequisiteError::Checksum => "err-req-checksum",
                    RequisiteError::Format => "err-req-format",
                    RequisiteError::Kind => "err-req-kind",
                })
                .with("what", Arg::Str(name.into()))
            })
        }
        FieldKind::Money => {
            let raw = match input {
                // a quick button carries the amount itself, in kopecks
                Input::Button(FormButton::Amount(k)) => return Ok(Answer::Money(*k)),
                other => expect_text(other)?,
            };
            Money::parse(raw)
                .map(|m| Answer::Money(m.kopecks()))
                .map_err(|e| match e {
                    MoneyError::Ambiguous { thousands } => {
                        // the message names the readings as their buttons do, in Russian
                        // notation: «1 500 ₽» or «1,50 ₽» (never «1.500 ₽», fifteen hundred
                        // to a Russian reader)
                        let decimal = decimal_reading(raw);
                        let decimal_label = match decimal {
                            Some(k) => amount_label(k),
                            // «1,001»: a tenth of a kopeck, named as written, offered not
                            None => format!(
                                "{}\u{a0}₽",
                                raw.trim().trim_end_matches('₽').trim().replace(' ', "")
                            ),
                        };
                        let mut r = Rejection::new("err-money-ambiguous")
                            .with("raw", Arg::Str(raw.trim().to_owned()))
                            .with("thousands", Arg::Str(amount_label(thousands * 100)))
                            .with("decimal", Arg::Str(decimal_label));
                        r.offers.push(Offer::Money(thousands * 100));
                        if let Some(k) = decimal {
                            r.offers.push(Offer::Money(k));
                        }
                        r
                    }
                    e => Rejection::new(match e {
                        MoneyError::Empty => "err-empty",
                        MoneyError::Negative => "err-money-negative",
                        MoneyError::Zero => "err-money-zero",
                        MoneyError::TooLarge => "err-money-too-large",
                        MoneyError::TooPrecise => "err-money-too-precise",
                        MoneyError::NotANumber | MoneyError::Ambiguous { .. } => "err-money-nan",
                    }),
                })
        }
        FieldKind::PastDay => {
            let raw = match input {
                Input::Button(FormButton::Quick(0)) => "сегодня",
                Input::Button(FormButton::Quick(1)) => "вчера",
                other => expect_text(other)?,
            };
            let day = parse_past_day(raw, ctx.now, ctx.tz).map_err(when_rejection)?;
            let start = crate::domain::clock::at_local(day, 0, ctx.tz)
                .ok_or_else(|| Rejection::new("err-when-impossible"))?;
            Ok(Answer::At(start.timestamp()))
        }
        FieldKind::ChoiceOrText(_) => match input {
            Input::Button(_) => pick(input, ctx.options).map(Answer::Text),
            other => text(other, 200).map(Answer::Text),
        },
        FieldKind::StageLines => {
            let raw = expect_text(input)?;
            let mut stages = Vec::new();
            let mut bad = Vec::new();
            for (i, line) in raw
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .enumerate()
            {
                let parsed = line
                    .rsplit_once(['—', '–', '-'])
                    .map(|(name, date)| (name.trim(), date.trim()))
                    .filter(|(name, _)| !name.is_empty())
                    .and_then(|(name, date)| {
                        let date = date.trim_start_matches("до ").trim();
                        // the line's date alone: the name beside it is no filler to skip
                        parse_when_phrase(
                            &format!("{date} 00:00"),
                            ctx.now - chrono::Duration::days(1),
                            ctx.tz,
                        )
                        .ok()
                        .map(|t| (name.to_owned(), t.timestamp()))
                    });
                match parsed {
                    Some(s) => stages.push(s),
                    None => bad.push((i + 1).to_string()),
                }
            }
            if !bad.is_empty() {
                return Err(
                    Rejection::new("err-stage-lines").with("lines", Arg::Str(bad.join(", ")))
                );
            }
            if stages.is_empty() {
                return Err(Rejection::new("err-empty"));
            }
            if stages.len() > 20 {
                return Err(Rejection::new("err-stage-count"));
            }
            Ok(Answer::Stages(stages))
        }
        FieldKind::Number { min, max } => {
            let raw = expect_text(input)?.trim();
            match raw.parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(Answer::Num(n)),
                _ => Err(Rejection::new("err-number")
                    .with("min", Arg::Num(min))
                    .with("max", Arg::Num(max))),
            }
        }
    }
}

fn expect_text(input: &Input) -> Result<&str, Rejection> {
    match input {
        Input::Text(t) => Ok(t),
        Input::Button(_) => Err(Rejection::new("err-stale-button")),
        _ => Err(Rejection::new("err-text-expected")),
    }
}

fn text(input: &Input, max: usize) -> Result<String, Rejection> {
    let raw = expect_text(input)?;
    BoundedText::parse(raw, max)
        .map(BoundedText::into_inner)
        .map_err(|e| match e {
            TextError::Empty => Rejection::new("err-empty"),
            TextError::TooLong { len, max } => Rejection::new("err-too-long")
                .with("len", Arg::Num(len as i64))
                .with("max", Arg::Num(max as i64)),
        })
}

/// The words sent with a file, checked like a typed answer; none when there were none.
fn kept_caption(caption: &Option<String>, max: usize) -> Result<Option<String>, Rejection> {
    match caption.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(c) => text(&Input::Text(c.to_owned()), max).map(Some),
    }
}

/// A choice by button (`c<index>`) or by typing its label.
fn pick(input: &Input, options: &[(String, String)]) -> Result<String, Rejection> {
    match input {
        Input::Button(FormButton::Choice(i)) => options
            .get(usize::from(*i))
            .map(|(v, _)| v.clone())
            .ok_or_else(|| Rejection::new("err-stale-button")),
        Input::Button(_) => Err(Rejection::new("err-stale-button")),
        Input::Text(t) => {
            let t = t.trim().to_lowercase();
            options
                .iter()
                .find(|(_, label)| label.to_lowercase() == t)
                .map(|(v, _)| v.clone())
                .ok_or_else(|| Rejection::new("err-use-buttons"))
        }
        _ => Err(Rejection::new("err-use-buttons")),
    }
}

/// The range a date answer was typed as («с 9 до 10 утра»), unix seconds from and to: said back
/// so that both ends are seen understood, while the answer keeps the start.
pub fn range_said(field: &Field, input: &Input, ctx: &Ctx<'_>) -> Option<(i64, i64)> {
    let (FieldKind::When { .. }, Input::Text(t)) = (field.kind, input) else {
        return None;
    };
    let r = read_when(t, ctx.now, ctx.tz, &ctx.parts).ok()?;
    r.until.map(|until| (r.at.timestamp(), until.timestamp()))
}

/// The readings of a date answer that was understood but not taken: morning and evening for
/// «в 7», today and next week for today's weekday, a few times for a day said without one —
/// each the moment read with what it lacked given, so words after the date change nothing.
fn when_offers(phrase: &str, e: WhenError, ctx: &Ctx<'_>) -> Vec<Offer> {
    let read = |given: Given| {
        read_when_given(phrase, ctx.now, ctx.tz, &ctx.parts, given)
            .ok()
            .map(|r| Offer::At(r.at.timestamp()))
    };
    match e {
        WhenError::AmbiguousHour(_) => [Given::Morning, Given::Evening]
            .into_iter()
            .filter_map(read)
            .collect(),
        WhenError::AmbiguousDay { first, second }
        | WhenError::TwoMoments(Some((first, second))) => {
            vec![Offer::At(first), Offer::At(second)]
        }
        WhenError::MissingTime => TIMES_OFFERED
            .iter()
            .filter_map(|h| chrono::NaiveTime::from_hms_opt(*h, 0, 0))
            .filter_map(|t| read(Given::Time(t)))
            .collect(),
        _ => Vec::new(),
    }
}

/// An amount as its offer button and the message about it name it: «1 500 ₽», «1,50 ₽».
pub fn amount_label(kopecks: i64) -> String {
    Money::from_kopecks(kopecks).to_string()
}

/// «1,500» read with the comma as the decimal mark, when that is a whole number of kopecks.
fn decimal_reading(raw: &str) -> Option<i64> {
    let t = raw.trim();
    let comma = t.find(',')?;
    let frac: String = t[comma + 1..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let cut = frac.strip_suffix('0')?;
    let fixed = format!("{}{}{}", &t[..comma + 1], cut, &t[comma + 1 + frac.len()..]);
    Money::parse(&fixed).ok().map(Money::kopecks)
}

fn when_rejection(e: WhenError) -> Rejection {
    if let WhenError::AmbiguousHour(h) = e {
        return Rejection::new("err-when-ambiguous-hour")
            .with("said", Arg::Str(h.to_string()))
            .with("morning", Arg::Str(format!("{h:02}:00")))
            .with("evening", Arg::Str(format!("{}:00", h + 12)));
    }
    Rejection::new(match e {
        WhenError::Unparseable => "err-when-unparseable",
        WhenError::MissingTime => "err-when-missing-time",
        WhenError::BadTime => "err-when-bad-time",
        WhenError::ImpossibleDate => "err-when-impossible",
        WhenError::InPast => "err-when-past",
        WhenError::NegativeOffset => "err-when-negative",
        WhenError::TooFar => "err-when-too-far",
        WhenError::InFuture => "err-when-future",
        WhenError::WeekdayMismatch => "err-when-weekday",
        WhenError::AmbiguousHour(_) => "err-when-ambiguous-hour",
        WhenError::AmbiguousDay { .. } => "err-when-ambiguous-day",
        WhenError::TwoMoments(_) => "err-when-two-moments",
        WhenError::StrayWords => "err-when-stray-words",
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialogue::{FormKind, FormState};
    use crate::pipeline::Stage;
    use chrono::TimeZone;

    static NO_ANSWERS: std::sync::LazyLock<Answers> = std::sync::LazyLock::new(Answers::new);

    fn ctx(options: &[(String, String)]) -> Ctx<'_> {
        Ctx {
            now: Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
            tz: chrono_tz::Europe::Moscow,
            options,
            answers: &NO_ANSWERS,
            parts: DayParts::default(),
        }
    }

    fn field(form: FormKind, key: &str) -> &'static Field {
        form.fields().iter().find(|f| f.key == key).unwrap()
    }

    #[test]
    fn the_contact_name_is_mandatory() {
        let f = field(FormKind::NewContact, "name");
        assert_eq!(
            accept(f, &Input::Text("   ".into()), &ctx(&[])),
            Err(Rejection::new("err-empty"))
        );
        assert_eq!(
            accept(f, &Input::Button(FormButton::Skip), &ctx(&[])),
            Err(Rejection::new("err-not-skippable"))
        );
    }

    #[test]
    fn a_photo_where_text_is_expected_is_explained() {
        let f = field(FormKind::NewContact, "position");
        let photo = Input::Photo {
            file_id: "x".into(),
            caption: None,
        };
        assert_eq!(
            accept(f, &photo, &ctx(&[])),
            Err(Rejection::new("err-text-expected"))
        );
        assert_eq!(
            accept(f, &Input::Other, &ctx(&[])),
            Err(Rejection::new("err-text-expected"))
        );
    }

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
    fn an_overlong_answer_names_the_limit() {
        let f = field(
            FormKind::Step {
                deal_id: 1,
                stage: Stage::Needs,
            },
            "specifics",
        );
        let r = accept(f, &Input::Text("я".repeat(5000)), &ctx(&[])).unwrap_err();
        assert_eq!(r.key, "err-too-long");
        assert!(r.args.contains(&("max", Arg::Num(3000))));
    }

    #[test]
    fn a_choice_by_button_or_by_its_label() {
        let f = field(FormKind::NewContact, "channel");
        let opts = vec![
            ("call".to_string(), "Звонок".to_string()),
            ("website".into(), "Заявка с сайта".into()),
        ];
        assert_eq!(
            accept(f, &Input::Button(FormButton::Choice(1)), &ctx(&opts)),
            Ok(Answer::Choice("website".into()))
        );
        assert_eq!(
            accept(f, &Input::Text("звонок".into()), &ctx(&opts)),
            Ok(Answer::Choice("call".into()))
        );
        assert_eq!(
            accept(f, &Input::Text("почта".into()), &ctx(&opts)),
            Err(Rejection::new("err-use-buttons"))
        );
        assert_eq!(
            accept(f, &Input::Button(FormButton::Choice(9)), &ctx(&opts)),
            Err(Rejection::new("err-stale-button"))
        );
    }

    #[test]
    fn a_meeting_in_the_past_is_refused_and_a_quick_button_works() {
        let f = field(
            FormKind::Step {
                deal_id: 1,
                stage: Stage::Application,
            },
            "meeting_at",
        );
        assert_eq!(
            accept(f, &Input::Text("01.01.2020 10:00".into()), &ctx(&[])),
            Err(Rejection::new("err-when-past"))
        );
        assert_eq!(
            accept(f, &Input::Text("31.02 10:00".into()), &ctx(&[])),
            Err(Rejection::new("err-when-impossible"))
        );
        let tomorrow_15 = Utc
            .with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
            .unwrap()
            .timestamp();
        assert_eq!(
            accept(f, &Input::Button(FormButton::Quick(1)), &ctx(&[])),
            Ok(Answer::At(tomorrow_15))
        );
    }

    #[test]
    fn a_phone_with_letters_is_refused() {
        let f = field(FormKind::NewContact, "phone");
        assert_eq!(
            accept(f, &Input::Text("8912abc4567".into()), &ctx(&[])),
            Err(Rejection::new("err-phone-chars"))
        );
        assert_eq!(
            accept(f, &Input::Text("8 912 345-67-89".into()), &ctx(&[])),
            Ok(Answer::Phone("+79123456789".into()))
        );
    }

    #[test]
    fn a_voice_note_is_a_valid_log_entry() {
        let f = field(FormKind::LogActivity { deal_id: 1 }, "body");
        let v = Input::Voice {
            file_id: "AwAD".into(),
            duration: 12,
        };
        assert_eq!(
            accept(f, &v, &ctx(&[])),
            Ok(Answer::Voice {
                file_id: "AwAD".into(),
                duration: 12,
                transcript: None,
            })
        );
        assert_eq!(
            accept(f, &Input::Other, &ctx(&[])),
            Err(Rejection::new("err-attachment-expected"))
        );
    }

    #[test]
    fn a_questionnaire_must_be_a_document_of_the_right_type() {
        let f = field(FormKind::Questionnaire, "file");
        let exe = Input::Document {
            file_id: "f".into(),
            name: "virus.exe".into(),
            size: 10,
            caption: None,
        };
        assert_eq!(accept(f, &exe, &ctx(&[])).unwrap_err().key, "err-doc-ext");
        let big = Input::Document {
            file_id: "f".into(),
            name: "a.PDF".into(),
            size: 50 << 20,
            caption: None,
        };
        assert_eq!(accept(f, &big, &ctx(&[])).unwrap_err().key, "err-doc-size");
        let ok = Input::Document {
            file_id: "f".into(),
            name: "Анкета.docx".into(),
            size: 1000,
            caption: None,
        };
        assert!(accept(f, &ok, &ctx(&[])).is_ok());
    }

    #[test]
    fn unknown_time_zones_are_refused() {
        let f = field(FormKind::Timezone, "tz");
        assert_eq!(
            accept(f, &Input::Text("Mars/Olympus".into()), &ctx(&[])),
            Err(Rejection::new("err-timezone"))
        );
        assert_eq!(
            accept(f, &Input::Text("Asia/Omsk".into()), &ctx(&[])),
            Ok(Answer::Tz("Asia/Omsk".into()))
        );
        assert_eq!(
            accept(f, &Input::Button(FormButton::Choice(9)), &ctx(&[])),
            Ok(Answer::Tz("Asia/Vladivostok".into()))
        );
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
    fn working_hours_must_end_after_they_start() {
        let f = field(FormKind::WorkHours, "hours");
        assert_eq!(
            accept(f, &Input::Text("9:00-19:00".into()), &ctx(&[])),
            Ok(Answer::Span(540, 1140))
        );
        assert_eq!(
            accept(f, &Input::Text("19:00-9:00".into()), &ctx(&[])),
            Err(Rejection::new("err-hours-order"))
        );
        assert_eq!(
            accept(f, &Input::Text("с утра".into()), &ctx(&[])),
            Err(Rejection::new("err-hours-format"))
        );
    }

    #[test]
    fn a_pause_ends_at_the_start_of_a_named_day() {
        let f = field(FormKind::Pause, "until");
        let dec10 = Utc
            .with_ymd_and_hms(2026, 12, 9, 21, 0, 0)
            .unwrap()
            .timestamp();
        assert_eq!(
            accept(f, &Input::Text("10.12".into()), &ctx(&[])),
            Ok(Answer::At(dec10))
        );
        assert_eq!(
            accept(f, &Input::Text("20.11".into()), &ctx(&[])),
            Err(Rejection::new("err-when-past"))
        );
    }

    #[test]
    fn numbers_stay_within_their_bounds() {
        let f = field(
            FormKind::StageLimit {
                stage: crate::pipeline::Stage::Needs,
            },
            "days",
        );
        assert_eq!(
            accept(f, &Input::Text(" 7 ".into()), &ctx(&[])),
            Ok(Answer::Num(7))
        );
        assert_eq!(
            accept(f, &Input::Text("0".into()), &ctx(&[]))
                .unwrap_err()
                .key,
            "err-number"
        );
        assert_eq!(
            accept(f, &Input::Text("неделя".into()), &ctx(&[]))
                .unwrap_err()
                .key,
            "err-number"
        );
    }

    #[test]
    fn a_bank_account_is_checked_against_the_bik_given_before_it() {
        let f = field(
            FormKind::Step {
                deal_id: 1,
                stage: Stage::Terms,
            },
            "account",
        );
        let mut a = Answers::new();
        a.insert("bik".into(), Answer::Text("044525225".into()));
        let c = Ctx {
            answers: &a,
            ..ctx(&[])
        };
        assert_eq!(
            accept(f, &Input::Text("40702810938000000001".into()), &c),
            Ok(Answer::Text("40702810938000000001".into()))
        );
        assert_eq!(
            accept(f, &Input::Text("40702810938000000002".into()), &c)
                .unwrap_err()
                .key,
            "err-req-checksum"
        );
    }

    #[test]
    fn amounts_and_refusal_days_are_validated() {
        let f = field(
            FormKind::Step {
                deal_id: 1,
                stage: Stage::Terms,
            },
            "amount",
        );
        assert_eq!(
            accept(f, &Input::Text("1,5 млн".into()), &ctx(&[])),
            Ok(Answer::Money(150_000_000))
        );
        assert_eq!(
            accept(f, &Input::Text("1,5,0 млн".into()), &ctx(&[]))
                .unwrap_err()
                .key,
            "err-money-nan"
        );
        assert_eq!(
            accept(f, &Input::Text("0".into()), &ctx(&[]))
                .unwrap_err()
                .key,
            "err-money-zero"
        );
        assert_eq!(
            accept(f, &Input::Text("2000000 млн".into()), &ctx(&[]))
                .unwrap_err()
                .key,
            "err-money-too-large"
        );
        let d = field(FormKind::Refusal { deal_id: 1 }, "on");
        assert_eq!(
            accept(d, &Input::Text("30.11.2026".into()), &ctx(&[]))
                .unwrap_err()
                .key,
            "err-when-future"
        );
        assert!(accept(d, &Input::Button(FormButton::Quick(0)), &ctx(&[])).is_ok());
    }

    #[test]
    fn work_stages_are_lines_of_name_and_date() {
        let f = field(
            FormKind::Step {
                deal_id: 1,
                stage: Stage::Work,
            },
            "stages",
        );
        let ok = accept(
            f,
            &Input::Text("Дизайн — 15.12\nВёрстка - до 25.12.2026".into()),
            &ctx(&[]),
        )
        .unwrap();
        match ok {
            Answer::Stages(s) => assert_eq!(
                s.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
                ["Дизайн", "Вёрстка"]
            ),
            other => panic!("{other:?}"),
        }
        let bad = accept(
            f,
            &Input::Text("Дизайн — 15.12\nкогда-нибудь".into()),
            &ctx(&[]),
        )
        .unwrap_err();
        assert_eq!(bad.key, "err-stage-lines");
        assert_eq!(bad.args, vec![("lines", Arg::Str("2".into()))]);
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

    #[test]
    fn an_hour_said_two_ways_names_the_readings_its_buttons_carry() {
        let f = field(
            FormKind::Step {
                deal_id: 1,
                stage: Stage::Needs,
            },
            "callback",
        );
        let r = match accept(f, &Input::Text("завтра в полседьмого".into()), &ctx(&[]))
        {
            Err(r) => r,
            Ok(a) => panic!("taken as {a:?}"),
        };
        let morning = Utc
            .with_ymd_and_hms(2026, 11, 27, 3, 30, 0)
            .unwrap()
            .timestamp();
        let evening = Utc
            .with_ymd_and_hms(2026, 11, 27, 15, 30, 0)
            .unwrap()
            .timestamp();
        assert_eq!(r.offers, [Offer::At(morning), Offer::At(evening)]);
        let text = crate::i18n::tr_args(crate::i18n::Lang::Ru, r.key, &r.args);
        assert!(text.contains("06:30") && text.contains("18:30"), "{text}");
        assert!(text.contains("завтра в полседьмого"), "{text}");
    }

    #[test]
    fn an_amount_that_reads_two_ways_offers_both_readings() {
        let f = field(
            FormKind::Step {
                deal_id: 1,
                stage: Stage::Invoice,
            },
            "amount",
        );
        let offers = |raw: &str| match accept(f, &Input::Text(raw.into()), &ctx(&[])) {
            Err(r) => r.offers,
            Ok(a) => panic!("{raw} taken as {a:?}"),
        };
        assert_eq!(offers("1,500"), [Offer::Money(150_000), Offer::Money(150)]);
        assert_eq!(
            offers("15,000 ₽"),
            [Offer::Money(1_500_000), Offer::Money(1_500)]
        );
        // 1,001 roubles has no whole kopeck reading: only the thousands one is offered
        assert_eq!(offers("1,001"), [Offer::Money(100_100)]);
        // the message names the same two values as the buttons, in Russian notation
        for raw in ["1,500", "15,000 ₽", "2,500"] {
            let r = match accept(f, &Input::Text(raw.into()), &ctx(&[])) {
                Err(r) => r,
                Ok(a) => panic!("{raw} taken as {a:?}"),
            };
            let text = crate::i18n::tr_args(crate::i18n::Lang::Ru, r.key, &r.args);
            let labels: Vec<String> = r
                .offers
                .iter()
                .map(|o| match o {
                    Offer::Money(k) => amount_label(*k),
                    Offer::At(_) => unreachable!(),
                })
                .collect();
            assert_eq!(labels.len(), 2, "{raw}");
            for l in &labels {
                assert!(text.contains(l.as_str()), "«{text}» does not name {l}");
            }
            assert!(
                !text.contains("1.500") && !text.contains("15.000"),
                "{text}"
            );
        }
        let text = |raw: &str| match accept(f, &Input::Text(raw.into()), &ctx(&[])) {
            Err(r) => crate::i18n::tr_args(crate::i18n::Lang::Ru, r.key, &r.args),
            Ok(a) => panic!("{raw} taken as {a:?}"),
        };
        assert!(
            text("1,500").contains("1\u{a0}500\u{a0}₽ или 1,50\u{a0}₽"),
            "{}",
            text("1,500")
        );
        // the button carries the amount
        assert_eq!(
            accept(f, &Input::Button(FormButton::Amount(150)), &ctx(&[])),
            Ok(Answer::Money(150))
        );
    }
}
