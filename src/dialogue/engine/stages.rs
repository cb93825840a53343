//! The reader of work stages: one a line, a name and a date, «Дизайн — 15.12».

use super::text::expect_text;
use super::{Answer, Arg, Ctx, Input, Rejection};
use crate::domain::parse_when_phrase;

/// Work stages, one a line; the refusal names every line that did not read.
pub(super) fn stage_lines(input: &Input, ctx: &Ctx<'_>) -> Result<Answer, Rejection> {
    let raw = expect_text(input)?;
    let mut stages = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        match stage_line(line, ctx) {
            Some(s) => stages.push(s),
            None => bad.push((i + 1).to_string()),
        }
    }
    if !bad.is_empty() {
        return Err(Rejection::new("err-stage-lines").with("lines", Arg::Str(bad.join(", "))));
    }
    if stages.is_empty() {
        return Err(Rejection::new("err-empty"));
    }
    if stages.len() > 20 {
        return Err(Rejection::new("err-stage-count"));
    }
    Ok(Answer::Stages(stages))
}

/// One line, «name — date» or «name - до date»: the name and the date's midnight.
fn stage_line(line: &str, ctx: &Ctx<'_>) -> Option<(String, i64)> {
    line.rsplit_once(['—', '–', '-'])
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
        })
}

#[cfg(test)]
mod tests {
    use crate::dialogue::engine::testing::{ctx, field};
    use crate::dialogue::engine::*;
    use crate::dialogue::FormKind;
    use crate::pipeline::Stage;

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
}
