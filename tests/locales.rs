//! Every word the bot says exists in both languages, and Russian plurals read right.

use sales_bot::dialogue::engine::{REJECTION_KEYS, TZ_CHOICES};
use sales_bot::dialogue::{FieldKind, FormKind, Skip};
use sales_bot::i18n::{has_key, keys_of, tr_args, Lang, EN_SOURCE, RU_SOURCE};
use sales_bot::pipeline::{ActivityKind, ApprovalKind, ApprovalState, Entry, ReminderKind, STAGES};
use sales_bot::tr;

#[test]
fn both_locales_define_the_same_keys() {
    let mut ru = keys_of(RU_SOURCE);
    let mut en = keys_of(EN_SOURCE);
    ru.sort();
    en.sort();
    let only_ru: Vec<_> = ru.iter().filter(|k| !en.contains(k)).collect();
    let only_en: Vec<_> = en.iter().filter(|k| !ru.contains(k)).collect();
    assert!(
        only_ru.is_empty() && only_en.is_empty(),
        "only in ru: {only_ru:?}; only in en: {only_en:?}"
    );
    let mut dedup = ru.clone();
    dedup.dedup();
    assert_eq!(dedup.len(), ru.len(), "a key is defined twice");
}

/// Keys the code builds from data: every form question, choice, stage, kind and error.
fn keys_built_from_data() -> Vec<String> {
    let mut keys = Vec::new();
    for form in FormKind::samples() {
        match form.titled_by() {
            // a step's form is titled from its row: «Шаг N · <stage name>»
            Some(stage) => {
                keys.extend(["step-title".to_owned(), format!("stage-{}", stage.code())])
            }
            None => keys.push(format!("title-{}", form.code())),
        }
        for f in form.fields() {
            keys.push(format!("q-{}-{}", form.code(), f.key));
            if let FieldKind::Choice(codes) = f.kind {
                keys.extend(codes.iter().map(|c| format!("opt-{}-{c}", f.key)));
            }
            if let FieldKind::When { quick } = f.kind {
                keys.extend(quick.iter().map(|q| q.label.to_owned()));
            }
            if let Some(label) = f.skip_label {
                keys.push(label.to_owned());
            }
            if f.kind == FieldKind::Confirm {
                // a confirmation button has its own label or the common «Готово»
                keys.push("btn-done".to_owned());
            }
            if f.skip == Skip::Counted {
                keys.push(format!("label-{}-{}", form.code(), f.key));
            }
        }
    }
    keys.extend(STAGES.iter().map(|s| format!("stage-{}", s.code)));
    // each row's timeline entry
    for s in STAGES {
        match s.timeline {
            Entry::Line(key) => keys.push(key.to_owned()),
            Entry::Typed => keys.extend(
                s.fields
                    .iter()
                    .filter(|f| matches!(f.kind, FieldKind::Text { .. }))
                    .map(|f| format!("label-{}-{}", s.code, f.key)),
            ),
        }
    }
    keys.extend(
        ReminderKind::ALL
            .iter()
            .map(|k| format!("reminder-{}", k.code())),
    );
    keys.extend(
        ActivityKind::ALL
            .iter()
            .map(|k| format!("opt-kind-{}", k.code())),
    );
    keys.extend(
        TZ_CHOICES
            .iter()
            .map(|z| format!("tz-{}", z.replace('/', "-"))),
    );
    keys.extend(REJECTION_KEYS.iter().map(|k| k.to_string()));
    keys.extend(
        [
            "role-manager",
            "role-head_of_sales",
            "role-head_of_direction",
            "role-lawyer",
        ]
        .map(String::from),
    );
    keys.extend(["status-won", "status-lost"].map(String::from));
    for kind in ApprovalKind::ALL.map(|k| k.code()) {
        keys.push(format!("needs-approval-{kind}"));
        for family in ["card", "approved", "returned", "kind", "tl-approved"] {
            keys.push(format!("{family}-{kind}"));
        }
    }
    for state in ApprovalState::ALL.map(|s| s.code()) {
        keys.push(format!("card-approval-{state}"));
    }
    for state in ["approved", "returned"] {
        keys.push(format!("card-state-{state}"));
        keys.push(format!("state-{state}"));
    }
    keys.extend((0..7).map(|d| format!("wd-{d}")));
    for key in [
        "inn",
        "kpp",
        "ogrn",
        "bik",
        "account",
        "address",
        "amount",
        "subject",
        "deadlines",
        "executor",
        "stages",
        "location",
    ] {
        keys.push(format!("label-terms-{key}"));
    }
    keys.extend(["opt-channel-call", "opt-channel-other"].map(String::from));
    keys
}

#[test]
fn every_key_built_from_data_exists_in_both_locales() {
    for lang in Lang::ALL {
        let missing: Vec<String> = keys_built_from_data()
            .into_iter()
            .filter(|k| !has_key(lang, k))
            .collect();
        assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
    }
}

#[test]
fn every_key_named_in_the_source_exists() {
    // string literals shaped like locale keys in tr!/t() calls across src/
    let mut missing = Vec::new();
    // i18n.rs defines the macro and shows it in its docs
    for entry in walk("src").into_iter().filter(|p| !p.ends_with("i18n.rs")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        const CALLS: [&str; 7] = [
            "self.t(\"",
            "tr!(self.lang, \"",
            "tr!(lang, \"",
            "tr!(ulang, \"",
            "tr!(ilang, \"",
            "tr(lang, \"",
            "l(\"menu",
        ];
        for (i, _) in CALLS.iter().flat_map(|c| text.match_indices(c)) {
            let rest = &text[i..];
            let start = rest.find('"').unwrap() + 1;
            let end = start + rest[start..].find('"').unwrap();
            let key = &rest[start..end];
            if key.contains('{') || key.is_empty() {
                continue;
            }
            if !has_key(Lang::Ru, key) || !has_key(Lang::En, key) {
                missing.push(format!("{}: {key}", entry.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys used in code but missing in a locale: {missing:?}"
    );
}

fn walk(dir: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(p.to_str().unwrap()));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

#[test]
fn russian_plurals_read_right() {
    let deals = |n: i64| tr!(Lang::Ru, "price-rows", count = n);
    assert_eq!(deals(1), "1 позиция в прайсе");
    assert_eq!(deals(2), "2 позиции в прайсе");
    assert_eq!(deals(5), "5 позиций в прайсе");
    assert_eq!(deals(11), "11 позиций в прайсе");
    assert_eq!(deals(21), "21 позиция в прайсе");
    assert_eq!(deals(22), "22 позиции в прайсе");
    let secs = |n: i64| tr!(Lang::Ru, "voice-seconds", n = n);
    assert_eq!(
        [1, 2, 5, 11, 21, 22].map(secs),
        [
            "1 секунда",
            "2 секунды",
            "5 секунд",
            "11 секунд",
            "21 секунда",
            "22 секунды"
        ]
    );
    let team = |n: i64| tr!(Lang::Ru, "team-title", count = n);
    assert!(team(3).ends_with("3 человека"));
    assert!(team(12).ends_with("12 человек"));
}

#[test]
fn english_plurals_read_right() {
    assert_eq!(
        tr!(Lang::En, "price-rows", count = 1i64),
        "1 price-list item"
    );
    assert_eq!(
        tr!(Lang::En, "price-rows", count = 21i64),
        "21 price-list items"
    );
}

#[test]
fn user_text_is_escaped_for_telegram_html() {
    let text = tr_args(
        Lang::Ru,
        "direction-added",
        &[(
            "name",
            sales_bot::dialogue::engine::Arg::Str("<b>Сайты & SEO".into()),
        )],
    );
    assert_eq!(text, "✅ Направление «&lt;b&gt;Сайты &amp; SEO» добавлено.");
}

#[test]
fn no_key_is_defined_twice_in_a_locale() {
    // a second definition makes Fluent refuse the whole bundle at the first message
    for (name, src) in [
        ("ru", sales_bot::i18n::RU_SOURCE),
        ("en", sales_bot::i18n::EN_SOURCE),
    ] {
        let keys = sales_bot::i18n::keys_of(src);
        let mut seen = std::collections::HashSet::new();
        let twice: Vec<&String> = keys.iter().filter(|k| !seen.insert(*k)).collect();
        assert!(twice.is_empty(), "{name}: defined twice: {twice:?}");
    }
}

#[test]
fn moments_are_shown_with_their_weekday() {
    use chrono::TimeZone;
    let ts = chrono::Utc
        .with_ymd_and_hms(2026, 12, 4, 7, 30, 0)
        .unwrap()
        .timestamp();
    let msk = chrono_tz::Europe::Moscow;
    assert_eq!(
        sales_bot::i18n::fmt_moment(sales_bot::i18n::Lang::Ru, msk, ts),
        "пт, 04.12.2026 в 10:30"
    );
    assert_eq!(
        sales_bot::i18n::fmt_moment(sales_bot::i18n::Lang::En, msk, ts),
        "Fri, 04.12.2026 at 10:30"
    );
}
