//! Readers of moments and times: a moment ahead, a day ahead, a day that has come, a time of
//! day, working hours — and the readings offered when a moment was understood but not taken.

use chrono::DateTime;

use super::text::expect_text;
use super::{Answer, Arg, Ctx, FormButton, Input, Offer, Rejection};
use crate::dialogue::forms::{Field, FieldKind, QuickWhen, PAST_QUICK};
use crate::domain::clock::{parse_clock, parse_hours, HoursError};
use crate::domain::when::{read_when_given, Given};
use crate::domain::{parse_past_day, parse_when_with, read_when, DayParts, WhenError};

/// Times of day offered when a day came without one, hours.
const TIMES_OFFERED: [u32; 4] = [10, 12, 15, 18];

/// A moment in the future: typed, a quick button's phrase, or a reading the bot offered.
pub(super) fn moment(
    input: &Input,
    quick: &[QuickWhen],
    ctx: &Ctx<'_>,
) -> Result<Answer, Rejection> {
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
        .map_err(|e| moment_refused(phrase, e, ctx))
}

/// Why a moment was not taken, with the readings it could have had as buttons.
fn moment_refused(phrase: &str, e: WhenError, ctx: &Ctx<'_>) -> Rejection {
    let offers = when_offers(phrase, e, ctx);
    let mut r = when_rejection(e);
    // «в полседьмого»: the message names the readings its buttons carry
    if let (WhenError::AmbiguousHour(_), [Offer::At(a), Offer::At(b)]) = (e, offers.as_slice()) {
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
}

/// A day in the future, taken at its very start.
pub(super) fn day(input: &Input, ctx: &Ctx<'_>) -> Result<Answer, Rejection> {
    let raw = expect_text(input)?;
    // a day alone means its very start: «до 10.12» — back on the 10th
    let midnight = Given::Time(chrono::NaiveTime::MIN);
    read_when_given(raw, ctx.now, ctx.tz, &DayParts::default(), midnight)
        .map(|r| Answer::At(r.at.timestamp()))
        .map_err(when_rejection)
}

/// A day that has come, taken at its start; the quick buttons are today and yesterday.
pub(super) fn past_day(input: &Input, ctx: &Ctx<'_>) -> Result<Answer, Rejection> {
    let raw = match input {
        Input::Button(FormButton::Quick(i)) => {
            PAST_QUICK
                .get(usize::from(*i))
                .ok_or_else(|| Rejection::new("err-stale-button"))?
                .phrase
        }
        other => expect_text(other)?,
    };
    let day = parse_past_day(raw, ctx.now, ctx.tz).map_err(when_rejection)?;
    let start = crate::domain::clock::at_local(day, 0, ctx.tz)
        .ok_or_else(|| Rejection::new("err-when-impossible"))?;
    Ok(Answer::At(start.timestamp()))
}

/// A time of day, «9:00», as minutes after midnight.
pub(super) fn clock(input: &Input) -> Result<Answer, Rejection> {
    parse_clock(expect_text(input)?)
        .map(|m| Answer::Num(i64::from(m)))
        .ok_or_else(|| Rejection::new("err-clock"))
}

/// Working hours, «9:00-19:00», as minutes after midnight from and to.
pub(super) fn hours(input: &Input) -> Result<Answer, Rejection> {
    match parse_hours(expect_text(input)?) {
        Ok((a, b)) => Ok(Answer::Span(i64::from(a), i64::from(b))),
        Err(HoursError::Format) => Err(Rejection::new("err-hours-format")),
        Err(HoursError::EndBeforeStart) => Err(Rejection::new("err-hours-order")),
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

/// The locale key and arguments of a date answer that did not read.
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

#[cfg(test)]
mod tests {
    use crate::dialogue::engine::testing::{ctx, field};
    use crate::dialogue::engine::*;
    use crate::dialogue::FormKind;
    use crate::pipeline::Stage;
    use chrono::TimeZone;

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
}
