//! Reports for heads: the pipeline summary, the funnel picture, people, refusals, compliance,
//! exports. Numbers are computed here from query rows; nothing here talks to Telegram.

pub mod chart;
pub mod export;
pub mod period;
pub mod summary;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::Money;
use crate::i18n::{tr, Lang};
use crate::pipeline::Stage;
use crate::storage::reports::{self as q, Filter};
use crate::storage::Conn;
use crate::tr;
use period::Period;
use summary::Summary;

/// The summary's numbers for a scope and period.
pub async fn summary_for(
    c: &mut Conn,
    f: Filter,
    p: Period,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Summary, sqlx::Error> {
    let (from, to) = p.bounds(now, tz);
    let open = q::open_by_stage(c, f).await?;
    let closed = q::closed(c, f, from, to).await?;
    let cohort = q::cohort(c, f, from, to).await?;
    let overdue = q::overdue(c, f, now.timestamp()).await?;
    let silent = q::silent_count(c, f, now.timestamp()).await?;
    Ok(Summary::build(&open, &closed, &cohort, overdue, silent))
}

pub fn period_label(lang: Lang, p: Period, now: DateTime<Utc>, tz: Tz) -> String {
    let (from, to) = p.bounds(now, tz);
    let day = |ts: i64| {
        DateTime::from_timestamp(ts, 0)
            .map(|t| t.with_timezone(&tz).format("%d.%m.%Y").to_string())
            .unwrap_or_default()
    };
    let name = match p {
        Period::Week => tr(lang, "period-week"),
        Period::Month => tr(lang, "period-month"),
        Period::Quarter => tr(lang, "period-quarter"),
        Period::LastMonth => tr(lang, "period-last-month"),
        Period::LastWeek => tr(lang, "period-last-week"),
        Period::Year => tr(lang, "period-year"),
        Period::Custom { .. } => tr(lang, "period-custom"),
    };
    format!("{name} ({}–{})", day(from), day(to - 1))
}

fn stage_label(lang: Lang, st: Stage) -> String {
    tr!(
        lang,
        "stage-name",
        step = u32::from(st.step()),
        name = tr(lang, &format!("stage-{}", st.code()))
    )
}

/// The summary as one message, short enough for a phone (well under Telegram's 4,096 characters).
pub fn summary_text(lang: Lang, s: &Summary, period: &str, scope: &str) -> String {
    let money = |k: i64| Money::from_kopecks(k).to_string();
    let (n, k) = s.open_total();
    let mut t = tr!(lang, "report-title", period = period, scope = scope);
    t.push('\n');
    t.push_str(&tr!(lang, "report-open", count = n, amount = money(k)));
    for (st, n, k) in s.open.iter().filter(|r| r.1 > 0) {
        t.push_str(&format!(
            "\n{} — {n} · {}",
            stage_label(lang, *st),
            money(*k)
        ));
    }
    t.push_str("\n\n");
    t.push_str(&tr!(
        lang,
        "report-closed",
        won = s.won.0,
        won_amount = money(s.won.1),
        lost = s.lost.0,
        lost_amount = money(s.lost.1)
    ));
    // the funnel's milestones by name, each with its share of the one before: readable at a
    // glance, unlike seventeen bare step numbers
    const MILESTONES: [Stage; 7] = [
        Stage::FirstContact,
        Stage::Meeting,
        Stage::Proposal,
        Stage::Terms,
        Stage::Signing,
        Stage::Payment,
        Stage::Work,
    ];
    let mut conv: Vec<String> = Vec::new();
    let mut before: Option<i64> = None;
    for m in MILESTONES {
        let Some((_, n, _)) = s.reached.iter().find(|r| r.0 == m) else {
            continue;
        };
        if *n == 0 {
            break;
        }
        let name = tr(lang, &format!("conv-{}", m.code()));
        conv.push(match before {
            Some(b) if b > 0 => format!("{name} {n} ({}%)", (n * 100 + b / 2) / b),
            _ => format!("{name} {n}"),
        });
        before = Some(*n);
    }
    if !conv.is_empty() {
        t.push('\n');
        t.push_str(&tr!(lang, "report-conversion", steps = conv.join(" → ")));
    }
    t.push('\n');
    t.push_str(&tr!(
        lang,
        "report-problems",
        overdue = s.overdue,
        silent = s.silent
    ));
    t
}

/// The funnel picture of a summary.
pub fn funnel(s: &Summary, lang: Lang, period: &str, scope: &str) -> Vec<u8> {
    let rows: Vec<(String, i64, String)> = s
        .open
        .iter()
        .map(|(st, n, k)| {
            (
                stage_label(lang, *st),
                *n,
                format!("{n} · {}", Money::from_kopecks(*k)),
            )
        })
        .collect();
    chart::funnel_png(
        &tr(lang, "chart-title"),
        &format!("{period} · {scope}"),
        &rows,
    )
}
