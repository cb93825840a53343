//! Reports for heads: the pipeline summary, the funnel picture, people, refusals, compliance,
//! exports. Numbers are computed here from query rows; nothing here talks to Telegram.
//! This file gathers the summary and its outlook; `text` words them as a message, `pictures`
//! decides what the funnel and the trend show and `chart` draws them.

pub mod chart;
pub mod export;
pub mod period;
mod pictures;
pub mod summary;
mod text;

pub use pictures::{funnel, short_money, trend};
pub use text::{pct, report_text, with_estimate, OutlookLabels};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::i18n::{tr, Lang};
use crate::pipeline::Stage;
use crate::storage::reports::{self as q, Filter, OpenMoney, PeriodStats};
use crate::storage::Conn;
use period::Period;
use summary::{Outlook, Summary};

/// The summary's numbers for a scope and period.
pub async fn summary_for(
    c: &mut Conn,
    f: Filter,
    p: Period,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Summary, sqlx::Error> {
    Ok(report_for(c, f, p, now, tz).await?.0)
}

/// The summary and what stands beside it: the previous equal period, the plan, the forecast,
/// the money that is only estimated, where deals stay longest.
pub async fn report_for(
    c: &mut Conn,
    f: Filter,
    p: Period,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<(Summary, Outlook), sqlx::Error> {
    let (from, to) = p.bounds(now, tz);
    let money = q::open_money(c, f).await?;
    let stats = q::period_stats(c, f, from, to).await?;
    let summary = summary_of(c, f, (from, to), now, &money, &stats).await?;
    let (pf, pt) = p.previous_bounds(now, tz);
    let before = q::period_stats(c, f, pf, pt).await?;
    let plan = plan_of(c, f, p, now, tz).await?;
    let forecast = forecast(c, p, now, &summary, &money, &stats).await?;
    let slowest = slowest_stages(c, f, from, to).await?;
    Ok((
        summary,
        Outlook {
            now: stats,
            before,
            estimated: money.iter().fold((0, 0), |(n, k), m| {
                (n + m.estimated_deals, k + m.estimated_kopecks)
            }),
            unpriced: money.iter().map(|m| m.unpriced).sum(),
            stage_estimates: money
                .iter()
                .filter_map(|m| {
                    Some((Stage::from_code(&m.stage)?, m.estimated_kopecks, m.unpriced))
                })
                .collect(),
            plan,
            forecast,
            slowest,
        },
    ))
}

/// The snapshot: open deals per step, won and lost in the window [from, to) with their money as
/// the outlook counts it, the cohort created in it, what is overdue and silent now.
async fn summary_of(
    c: &mut Conn,
    f: Filter,
    (from, to): (i64, i64),
    now: DateTime<Utc>,
    money: &[OpenMoney],
    stats: &PeriodStats,
) -> Result<Summary, sqlx::Error> {
    let open: Vec<q::StageRow> = money
        .iter()
        .map(|m| q::StageRow {
            stage: m.stage.clone(),
            deals: m.deals,
            kopecks: m.kopecks,
        })
        .collect();
    let closed = [
        q::StageRow {
            stage: "won".into(),
            deals: stats.won,
            kopecks: stats.won_kopecks,
        },
        q::StageRow {
            stage: "lost".into(),
            deals: stats.lost,
            kopecks: stats.lost_kopecks,
        },
    ];
    let cohort = q::cohort(c, f, from, to).await?;
    let overdue = q::overdue(c, f, now.timestamp()).await?;
    let silent = q::silent_count(c, f, now.timestamp()).await?;
    let mut summary = Summary::build(&open, &closed, &cohort, overdue, silent);
    summary.closed_estimated = (stats.won_estimated_kopecks, stats.lost_estimated_kopecks);
    Ok(summary)
}

/// The plan of the period's months, (money, deals); None when the period is not made of months.
async fn plan_of(
    c: &mut Conn,
    f: Filter,
    p: Period,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Option<(Option<i64>, Option<i64>)>, sqlx::Error> {
    let months = p.plan_months(now, tz).unwrap_or_default();
    match (months.first(), months.last()) {
        (Some(a), Some(b)) => Ok(Some(q::plan(c, f, *a, *b).await?)),
        _ => Ok(None),
    }
}

/// Won so far plus the open money weighted by each step's win probability — only for a month,
/// quarter or year still running, since a finished period has nothing left to forecast.
async fn forecast(
    c: &mut Conn,
    p: Period,
    now: DateTime<Utc>,
    summary: &Summary,
    money: &[OpenMoney],
    stats: &PeriodStats,
) -> Result<Option<i64>, sqlx::Error> {
    if !p.is_current() || p == Period::Week {
        return Ok(None);
    }
    let rates = win_rates_now(c, now).await?;
    let est: Vec<(Stage, i64)> = money
        .iter()
        .filter_map(|m| Some((Stage::from_code(&m.stage)?, m.estimated_kopecks)))
        .collect();
    Ok(Some(
        stats.won_kopecks + summary::weighted(&summary.open, &est, &rates),
    ))
}

/// The three steps deals of the window stayed at longest, in days; stays under about an hour
/// are left out.
async fn slowest_stages(
    c: &mut Conn,
    f: Filter,
    from: i64,
    to: i64,
) -> Result<Vec<(Stage, f64)>, sqlx::Error> {
    let mut slowest: Vec<(Stage, f64)> = q::stage_durations(c, f, from, to)
        .await?
        .into_iter()
        .filter_map(|(st, secs, _)| Some((Stage::from_code(&st)?, secs / 86_400.0)))
        .filter(|(_, days)| *days >= 0.05)
        .collect();
    slowest.sort_by(|a, b| b.1.total_cmp(&a.1));
    slowest.truncate(3);
    Ok(slowest)
}

/// The win probabilities heads set in /limits: settings `win_pct_<stage>`.
pub async fn win_overrides(c: &mut Conn) -> Result<Vec<(Stage, i64)>, sqlx::Error> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT key, value FROM settings WHERE key LIKE 'win_pct_%'")
            .fetch_all(&mut *c)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(k, v)| Some((Stage::from_code(k.strip_prefix("win_pct_")?)?, v)))
        .collect())
}

/// The win probability of each step as reports use it, with where it comes from.
pub async fn win_rates_now(
    c: &mut Conn,
    now: DateTime<Utc>,
) -> Result<Vec<(Stage, i64, summary::RateSource)>, sqlx::Error> {
    let history = q::closed_history(c, now.timestamp() - 365 * 86_400).await?;
    let set = win_overrides(c).await?;
    Ok(summary::win_rates(&history, &set))
}

/// «01.11.2026–15.11.2026»: the days of a window [from, to).
pub fn window_label(from: i64, to: i64, tz: Tz) -> String {
    let day = |ts: i64| {
        DateTime::from_timestamp(ts, 0)
            .map(|t| t.with_timezone(&tz).format("%d.%m.%Y").to_string())
            .unwrap_or_default()
    };
    format!("{}–{}", day(from), day(to - 1))
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
