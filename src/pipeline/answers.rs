//! A step's answers as people read them. `shown` turns a step's kept answers into labelled
//! values, language-neutral (locale keys, moments, money, references to named rows), in the
//! row's order; `render` puts a value into the reader's language. The chat's timeline entry
//! (`typed_body`) and the board's deal view both read answers through here, so a label or a
//! choice reads the same wherever it is shown.

use super::fields::{Answer, Answers, Field, FieldKind, OptionSource};
use super::timeline::Body;
use super::Stage;
use crate::domain::phone::Phone;
use crate::domain::Money;
use crate::i18n::{self, has_key, tr, Lang};

/// What a step records beside the answers to its questions (facts the bot adds as the step
/// is recorded), by stage code. Shown under `label-<stage>-<key>` like an answer; anything
/// else kept in a step (an approval's id) is bookkeeping and not shown.
pub const RECORDED_BESIDE: &[(&str, &[&str])] = &[
    // the price-list floor named to the client, and its item
    ("offer", &["price_named_kopecks", "price_item"]),
    (
        "contract_draft",
        &[
            "template",
            "draft_started",
            "draft_finished",
            "lawyer_requested",
            "lawyer_decided",
            "lawyer",
            "file",
        ],
    ),
    // paid in all so far, and whether the payment went over what was owed
    ("payment", &["paid", "over"]),
];

/// A row of the database an answer points at, shown by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Direction,
    Client,
    /// A team member (a head who decided, the lawyer).
    Person,
    Contact,
    Reason,
}

/// An answer's value before it is put into words.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// Words a person typed, or a number as it stands.
    Text(String),
    /// The bot's own words: a choice, a skip, yes or no.
    Key(String),
    /// A confirmation button's own words (`btn-<form>-<field>`), or «Готово».
    Confirmed(String),
    Moment(i64),
    Day(i64),
    Money(i64),
    File(String),
    Voice(u32),
    Stages(Vec<(String, i64)>),
    Ref(Named, i64),
}

/// The locale key of an answer's label.
pub fn label_key(stage_code: &str, key: &str) -> String {
    format!("label-{stage_code}-{key}")
}

fn named(kind: &FieldKind) -> Named {
    match kind {
        FieldKind::Options(s) | FieldKind::ChoiceOrText(s) => match s {
            OptionSource::Directions => Named::Direction,
            OptionSource::SimilarClients => Named::Client,
            OptionSource::Deciders => Named::Person,
            OptionSource::DealContacts => Named::Contact,
            OptionSource::RefusalReasons => Named::Reason,
        },
        _ => Named::Person,
    }
}

/// One answer's value; `None` for a question that was not asked (passed over).
fn value(form_code: &str, key: &str, field: Option<&Field>, a: &Answer) -> Option<Shown> {
    let kind = field.map(|f| f.kind);
    Some(match a {
        Answer::Passed => return None,
        Answer::Text(t) => Shown::Text(t.clone()),
        Answer::Skipped => Shown::Key(
            field
                .and_then(|f| f.skip_label)
                .unwrap_or("btn-skip")
                .to_owned(),
        ),
        Answer::Choice(c) => Shown::Key(format!("opt-{key}-{c}")),
        Answer::Id(id) => Shown::Ref(kind.as_ref().map_or(Named::Person, named), *id),
        Answer::At(t) if matches!(kind, Some(FieldKind::Day | FieldKind::PastDay)) => {
            Shown::Day(*t)
        }
        Answer::At(t) => Shown::Moment(*t),
        Answer::Yes if matches!(kind, Some(FieldKind::Confirm)) => {
            Shown::Confirmed(format!("btn-{form_code}-{key}"))
        }
        Answer::Yes => Shown::Key("btn-yes".into()),
        Answer::No => Shown::Key("btn-no".into()),
        Answer::Phone(p) => Shown::Text(Phone::from_stored(p.clone()).to_string()),
        Answer::File { name, .. } => Shown::File(name.clone()),
        Answer::Voice {
            transcript: Some(t),
            ..
        } => Shown::Text(t.clone()),
        Answer::Voice { duration, .. } => Shown::Voice(*duration),
        Answer::Tz(z) => Shown::Text(z.clone()),
        Answer::Num(n) => Shown::Text(n.to_string()),
        Answer::Span(from, to) => Shown::Text(format!(
            "{}:{:02}–{}:{:02}",
            from / 60,
            from % 60,
            to / 60,
            to % 60
        )),
        Answer::Money(k) => Shown::Money(*k),
        Answer::Stages(s) => Shown::Stages(s.clone()),
    })
}

/// A step's kept answers, each under its label's key: the row's questions in order, then what
/// the step records beside them (`RECORDED_BESIDE`).
pub fn shown(stage: Stage, answers: &Answers) -> Vec<(String, Shown)> {
    let code = stage.code();
    // the first contact's form is the new-contact form («contact»): its buttons are named so
    let form_code = match stage.spec().form {
        super::StepForm::Contact => "contact",
        _ => code,
    };
    let fields = stage.spec().fields;
    let beside = RECORDED_BESIDE
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(&[][..], |(_, keys)| *keys);
    let asked = fields
        .iter()
        .filter_map(|f| answers.get(f.key).map(|a| (f.key, Some(f), a)));
    let added = beside
        .iter()
        .filter(|k| !fields.iter().any(|f| f.key == **k))
        .filter_map(|k| answers.get(*k).map(|a| (*k, None, a)));
    asked
        .chain(added)
        .filter_map(|(key, field, a)| {
            value(form_code, key, field, a).map(|v| (label_key(code, key), v))
        })
        .collect()
}

/// An answer's value in the reader's language, as plain text; a reference is named by the
/// caller (it needs the database) and reads empty here.
pub fn render(lang: Lang, tz: chrono_tz::Tz, v: &Shown) -> String {
    // a button's words as the chat marks a chosen one: without its «✅»
    let button = |key: &str| tr(lang, key).trim_start_matches("✅ ").to_owned();
    match v {
        Shown::Text(t) => t.clone(),
        Shown::Key(k) => button(k),
        Shown::Confirmed(k) if has_key(lang, k) => button(k),
        Shown::Confirmed(_) => button("btn-done"),
        Shown::Moment(t) => i18n::fmt_moment(lang, tz, *t),
        Shown::Day(t) => i18n::fmt_day(lang, tz, *t),
        Shown::Money(k) => Money::from_kopecks(*k).to_string(),
        Shown::File(name) => format!("📎 {name}"),
        Shown::Voice(secs) => format!("🎤 {}", crate::tr!(lang, "voice-seconds", n = *secs)),
        Shown::Stages(s) => s
            .iter()
            .map(|(name, day)| format!("{name} — {}", i18n::fmt_day(lang, tz, *day)))
            .collect::<Vec<_>>()
            .join("\n"),
        Shown::Ref(..) => String::new(),
    }
}

/// The timeline entry of a step whose row writes its typed answers: the words typed into its
/// text questions, each under its label's key, rendered in each reader's language when read.
pub fn typed_body(code: &str, fields: &[Field], a: &Answers) -> Body {
    Body::Fields(
        fields
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::Text { .. }))
            .filter_map(|f| match a.get(f.key) {
                Some(Answer::Text(t)) => Some((label_key(code, f.key), t.clone())),
                _ => None,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_a_row_keeps_has_a_label_in_both_languages() {
        for stage in Stage::all() {
            let code = stage.code();
            let beside = RECORDED_BESIDE
                .iter()
                .filter(|(c, _)| *c == code)
                .flat_map(|(_, keys)| keys.iter().copied());
            for key in stage.spec().fields.iter().map(|f| f.key).chain(beside) {
                for lang in [Lang::Ru, Lang::En] {
                    let label = label_key(code, key);
                    assert!(has_key(lang, &label), "{label} in {}", lang.code());
                }
            }
            for f in stage.spec().fields {
                if let FieldKind::Choice(codes) = f.kind {
                    for c in codes {
                        let key = format!("opt-{}-{c}", f.key);
                        assert!(has_key(Lang::Ru, &key) && has_key(Lang::En, &key), "{key}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_choice_a_skip_and_a_confirmation_read_as_the_buttons_did() {
        let tz = chrono_tz::Europe::Moscow;
        let mut a = Answers::new();
        a.insert("channel".into(), Answer::Choice("call".into()));
        a.insert("client".into(), Answer::Passed);
        a.insert("phone".into(), Answer::Skipped);
        let read: Vec<(String, String)> = shown(Stage::FirstContact, &a)
            .iter()
            .map(|(l, v)| (tr(Lang::Ru, l), render(Lang::Ru, tz, v)))
            .collect();
        assert_eq!(
            read,
            [
                ("Телефон".to_owned(), "Пропустить".to_owned()),
                ("Канал".to_owned(), "Звонок".to_owned()),
            ]
        );
        let mut a = Answers::new();
        a.insert("price_demanded".into(), Answer::Yes);
        a.insert("price_named".into(), Answer::Yes);
        a.insert("price_named_kopecks".into(), Answer::Money(9_000_000));
        let read: Vec<String> = shown(Stage::Offer, &a)
            .iter()
            .map(|(_, v)| render(Lang::En, tz, v))
            .collect();
        assert_eq!(read[0], "Yes");
        assert_eq!(
            read[1],
            tr(Lang::En, "btn-offer-price_named").replace("✅ ", "")
        );
        assert_eq!(read[2], Money::from_kopecks(9_000_000).to_string());
    }
}
