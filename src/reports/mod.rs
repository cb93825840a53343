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
    let open: Vec<q::StageRow> = money
        .iter()
        .map(|m| q::StageRow {
            stage: m.stage.clone(),
            deals: m.deals,
            kopecks: m.kopecks,
        })
        .collect();
    // won and lost of the period, with their money as the outlook counts it
    let stats = q::period_stats(c, f, from, to).await?;
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

    let (pf, pt) = p.previous_bounds(now, tz);
    let before = q::period_stats(c, f, pf, pt).await?;
    let estimated = money.iter().fold((0, 0), |(n, k), m| {
        (n + m.estimated_deals, k + m.estimated_kopecks)
    });
    let unpriced = money.iter().map(|m| m.unpriced).sum();
    let stage_estimates = money
        .iter()
        .filter_map(|m| Some((Stage::from_code(&m.stage)?, m.estimated_kopecks, m.unpriced)))
        .collect();
    let plan = match p.plan_months(now, tz) {
        Some(months) => match (months.first(), months.last()) {
            (Some(a), Some(b)) => Some(q::plan(c, f, *a, *b).await?),
            _ => None,
        },
        None => None,
    };
    // a forecast to the end of a month, quarter or year that is still running
    let forecast = if p.is_current() && p != Period::Week {
        let rates = win_rates_now(c, now).await?;
        let est: Vec<(Stage, i64)> = money
            .iter()
            .filter_map(|m| Some((Stage::from_code(&m.stage)?, m.estimated_kopecks)))
            .collect();
        Some(stats.won_kopecks + summary::weighted(&summary.open, &est, &rates))
    } else {
        None
    };
    let mut slowest: Vec<(Stage, f64)> = q::stage_durations(c, f, from, to)
        .await?
        .into_iter()
        .filter_map(|(st, secs, _)| Some((Stage::from_code(&st)?, secs / 86_400.0)))
        .filter(|(_, days)| *days >= 0.05)
        .collect();
    slowest.sort_by(|a, b| b.1.total_cmp(&a.1));
    slowest.truncate(3);
    Ok((
        summary,
        Outlook {
            now: stats,
            before,
            estimated,
            unpriced,
            stage_estimates,
            plan,
            forecast,
            slowest,
        },
    ))
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

fn stage_label(lang: Lang, st: Stage) -> String {
    tr!(
        lang,
        "stage-name",
        step = u32::from(st.step()),
        name = tr(lang, &format!("stage-{}", st.code()))
    )
}

/// The labels the outlook's lines need: the window compared with, and where a forecast ends.
pub struct OutlookLabels {
    pub before: String,
    pub end: String,
}

/// «▲ 25%», «▼ 10%», «= 0%», or «▲» alone when there was nothing before.
fn delta(now: i64, before: i64) -> String {
    if before == 0 {
        return if now > 0 { "▲".into() } else { "=".into() };
    }
    // half away from zero on the magnitude, so a fall is rounded exactly as a rise is
    let change = i128::from(now) - i128::from(before);
    let whole = i128::from(before).abs();
    let pct = (change.abs() * 100 + whole / 2) / whole;
    match (pct, change.signum()) {
        (0, _) => "= 0%".into(),
        (p, 1) => format!("▲ {p}%"),
        (p, _) => format!("▼ {p}%"),
    }
}

/// Money of which a part may be only the price named at step 2, marked as the open lines mark
/// it: «2 904 000 ₽ + ≈ 590 000 ₽», «≈ 590 000 ₽», or plain when nothing is estimated.
pub fn with_estimate(lang: Lang, agreed: i64, estimated: i64) -> String {
    let money = |k: i64| Money::from_kopecks(k).to_string();
    match (agreed, estimated) {
        (k, 0) => money(k),
        (0, e) => tr!(lang, "money-estimated-only", estimated = money(e)),
        (k, e) => tr!(
            lang,
            "money-with-estimate",
            agreed = money(k),
            estimated = money(e)
        ),
    }
}

/// `part` as a whole percentage of `whole`, rounded to nearest (0 of nothing); the board's plan
/// percentage uses it too, so the two read the same.
pub fn pct(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        0
    } else {
        (part * 100 + whole / 2) / whole
    }
}

/// The summary with its outlook: trend, plan, forecast, averages, where deals stay longest.
pub fn report_text(
    lang: Lang,
    s: &Summary,
    (o, l): (&Outlook, &OutlookLabels),
    period: &str,
    scope: &str,
) -> String {
    let money = |k: i64| Money::from_kopecks(k).to_string();
    let (n, k) = s.open_total();
    let mut t = tr!(lang, "report-title", period = period, scope = scope);
    t.push('\n');
    t.push_str(&tr!(
        lang,
        "report-open",
        count = n,
        amount = money(k + o.estimated.1)
    ));
    if o.estimated.0 > 0 {
        t.push_str(&tr!(
            lang,
            "report-open-estimated",
            amount = money(o.estimated.1),
            count = o.estimated.0
        ));
    }
    if o.unpriced > 0 {
        t.push_str(&tr!(lang, "report-open-unpriced", count = o.unpriced));
    }
    for (st, n, k) in s.open.iter().filter(|r| r.1 > 0) {
        let (est, unpriced) = o
            .stage_estimates
            .iter()
            .find(|e| e.0 == *st)
            .map_or((0, 0), |e| (e.1, e.2));
        let amount = match (*k, est) {
            (0, 0) => tr(lang, "report-no-amount"),
            (k, e) => with_estimate(lang, k, e),
        };
        let unknown = if unpriced > 0 && unpriced < *n {
            tr!(lang, "report-stage-unpriced", count = unpriced)
        } else {
            String::new()
        };
        t.push_str(&format!(
            "\n{} — {n} · {amount}{unknown}",
            stage_label(lang, *st)
        ));
    }
    t.push_str("\n\n");
    let (a, b) = (&o.now, &o.before);
    t.push_str(&tr!(
        lang,
        "report-created",
        count = a.created,
        trend = delta(a.created, b.created),
        before = b.created
    ));
    t.push('\n');
    t.push_str(&tr!(
        lang,
        "report-won",
        count = a.won,
        amount = with_estimate(
            lang,
            a.won_kopecks - a.won_estimated_kopecks,
            a.won_estimated_kopecks
        ),
        trend = delta(a.won_kopecks, b.won_kopecks),
        before = b.won,
        before_amount = with_estimate(
            lang,
            b.won_kopecks - b.won_estimated_kopecks,
            b.won_estimated_kopecks
        )
    ));
    t.push('\n');
    t.push_str(&tr!(
        lang,
        "report-lost",
        count = a.lost,
        amount = with_estimate(
            lang,
            a.lost_kopecks - a.lost_estimated_kopecks,
            a.lost_estimated_kopecks
        ),
        trend = delta(a.lost, b.lost),
        before = b.lost
    ));
    t.push('\n');
    t.push_str(&tr!(lang, "report-compared", window = l.before.as_str()));
    if let Some((plan_money, plan_deals)) = o.plan {
        t.push('\n');
        let mut parts = Vec::new();
        if let Some(m) = plan_money {
            parts.push(tr!(
                lang,
                "report-plan-money",
                plan = money(m),
                fact = money(a.won_kopecks),
                pct = pct(a.won_kopecks, m)
            ));
        }
        if let Some(d) = plan_deals {
            parts.push(tr!(
                lang,
                "report-plan-deals",
                plan = d,
                fact = a.won,
                pct = pct(a.won, d)
            ));
        }
        if parts.is_empty() {
            t.push_str(&tr(lang, "report-plan-none"));
        } else {
            t.push_str(&tr!(lang, "report-plan", parts = parts.join(" · ")));
        }
    }
    if let Some(f) = o.forecast {
        t.push('\n');
        let of_plan = match o.plan {
            Some((Some(m), _)) => tr!(lang, "report-of-plan", pct = pct(f, m)),
            _ => String::new(),
        };
        t.push_str(&tr!(
            lang,
            "report-forecast",
            end = l.end.as_str(),
            amount = money(f),
            of_plan = of_plan,
            won = money(a.won_kopecks),
            weighted = money(f - a.won_kopecks)
        ));
    }
    if a.won > 0 {
        t.push('\n');
        // each beside its value in the window before, when there was one
        let was = |v: String| tr!(lang, "report-was", value = v);
        let mut line = tr!(
            lang,
            "report-average",
            amount = money(a.won_kopecks / a.won),
            rate = pct(a.won, a.won + a.lost)
        );
        if b.won > 0 {
            line.push_str(&was(format!(
                "{} · {}%",
                money(b.won_kopecks / b.won),
                pct(b.won, b.won + b.lost)
            )));
        }
        if a.won_kopecks + a.lost_kopecks > 0 {
            line.push_str(&tr!(
                lang,
                "report-rate-money",
                rate = pct(a.won_kopecks, a.won_kopecks + a.lost_kopecks)
            ));
        }
        if let Some(secs) = a.cycle_secs {
            line.push_str(&tr!(
                lang,
                "report-cycle",
                days = (secs / 86_400.0).round() as i64
            ));
            if let Some(before) = b.cycle_secs {
                line.push_str(&was(((before / 86_400.0).round() as i64).to_string()));
            }
        }
        t.push_str(&line);
    }
    if !o.slowest.is_empty() {
        t.push('\n');
        let list: Vec<String> = o
            .slowest
            .iter()
            .map(|(st, days)| {
                format!(
                    "{} — {}",
                    tr(lang, &format!("stage-{}", st.code())),
                    tr!(
                        lang,
                        "days-decimal",
                        days = format!("{days:.1}").replace('.', ",")
                    )
                )
            })
            .collect();
        t.push_str(&tr!(lang, "report-slowest", list = list.join(" · ")));
    }
    // the funnel's milestones by name, each with its share of the one before: readable at a
    // glance, unlike seventeen bare step numbers

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

/// Money as a bar's label: «1,2 млн», «250 тыс.», «900 ₽».
pub fn short_money(lang: Lang, kopecks: i64) -> String {
    let rub = kopecks / 100;
    let one = |v: f64| {
        let s = format!("{v:.1}");
        let s = s.strip_suffix(".0").unwrap_or(&s).to_owned();
        if lang == Lang::Ru {
            s.replace('.', ",")
        } else {
            s
        }
    };
    if rub >= 1_000_000 {
        tr!(lang, "money-short-mln", n = one(rub as f64 / 1_000_000.0))
    } else if rub >= 1_000 {
        tr!(lang, "money-short-k", n = (rub / 1_000).to_string())
    } else {
        Money::from_kopecks(kopecks).to_string()
    }
}

/// The funnel's milestones: the regulation's steps a head reads the pipeline by.
pub const MILESTONES: [Stage; 7] = [
    Stage::FirstContact,
    Stage::Meeting,
    Stage::Proposal,
    Stage::Terms,
    Stage::Signing,
    Stage::Payment,
    Stage::Work,
];

/// The funnel picture of a period: the deals created in it through the milestones, each with
/// its money and its share of the milestone before, and what was won and lost.
pub fn funnel(s: &Summary, lang: Lang, period: &str, scope: &str) -> Vec<u8> {
    let money = |k: i64| Money::from_kopecks(k).to_string();
    let mut rows = Vec::new();
    let mut before: Option<i64> = None;
    for m in MILESTONES {
        let Some(i) = s.reached.iter().position(|r| r.0 == m) else {
            continue;
        };
        let n = s.reached[i].1;
        rows.push(chart::FunnelRow {
            name: tr(lang, &format!("conv-{}", m.code())),
            deals: n,
            money: money(s.reached_kopecks.get(i).copied().unwrap_or(0)),
            pct: before.map(|b| if b > 0 { (n * 100 + b / 2) / b } else { 0 }),
        });
        before = Some(n);
    }
    let (won_est, lost_est) = s.closed_estimated;
    let footer = vec![
        tr!(
            lang,
            "chart-won",
            count = s.won.0,
            amount = with_estimate(lang, s.won.1 - won_est, won_est)
        ),
        tr!(
            lang,
            "chart-lost",
            count = s.lost.0,
            amount = with_estimate(lang, s.lost.1 - lost_est, lost_est)
        ),
    ];
    chart::funnel_png(
        &tr(lang, "chart-title"),
        &format!("{period} · {scope}"),
        &rows,
        &footer,
    )
}

/// The trend picture of a period: money won per day (a week), per week (a month or a quarter)
/// or per month (a year), to the period's end, with the plan's pace when there is a plan.
#[allow(clippy::too_many_arguments)]
pub async fn trend(
    c: &mut Conn,
    f: Filter,
    p: Period,
    now: DateTime<Utc>,
    tz: Tz,
    lang: Lang,
    period: &str,
    scope: &str,
) -> Result<Vec<u8>, sqlx::Error> {
    use chrono::Datelike;
    let (from, to) = p.bounds(now, tz);
    let end = if p.is_current() { p.end(now, tz) } else { to };
    let won = q::won_in(c, f, from, to).await?;
    let day = |ts: i64| {
        DateTime::from_timestamp(ts, 0)
            .map(|t| t.with_timezone(&tz).date_naive())
            .unwrap_or_default()
    };
    let start = |d: chrono::NaiveDate| {
        crate::domain::clock::at_local(d, 0, tz)
            .map(|t| t.timestamp())
            .unwrap_or(0)
    };
    let days = (end - from) / 86_400;
    // bucket edges: days for a week, weeks up to four months, calendar months beyond
    let mut edges = vec![from];
    let (unit, label_fmt) = if days <= 14 {
        ("day", "%d.%m")
    } else if days <= 124 {
        ("week", "%d.%m")
    } else {
        ("month", "%m.%y")
    };
    loop {
        let last = *edges.last().unwrap_or(&from);
        let d = day(last);
        let next = match unit {
            "day" => start(d + chrono::Duration::days(1)),
            "week" => start(d + chrono::Duration::days(7)),
            _ => {
                let t = d.year() * 12 + d.month0() as i32 + 1;
                start(
                    chrono::NaiveDate::from_ymd_opt(
                        t.div_euclid(12),
                        t.rem_euclid(12) as u32 + 1,
                        1,
                    )
                    .unwrap_or(d),
                )
            }
        };
        if next <= last || next >= end {
            edges.push(end);
            break;
        }
        edges.push(next);
    }
    let bars: Vec<chart::TrendBar> = edges
        .windows(2)
        .map(|w| chart::TrendBar {
            label: day(w[0]).format(label_fmt).to_string(),
            kopecks: won
                .iter()
                .filter(|(at, _)| *at >= w[0] && *at < w[1])
                .map(|(_, k)| k)
                .sum(),
        })
        .collect();
    let total: i64 = won.iter().map(|(_, k)| k).sum();
    let money = |k: i64| Money::from_kopecks(k).to_string();
    // each bar's share of the plan: the plan of the months it falls in, by days
    let months = p.plan_months(now, tz).unwrap_or_default();
    let monthly: Vec<(u32, i64)> = match (months.first(), months.last()) {
        (Some(a), Some(b)) => q::plan_by_month(c, f, *a, *b)
            .await?
            .into_iter()
            .filter_map(|p| Some((p.month, p.money?)))
            .collect(),
        _ => Vec::new(),
    };
    let plan: Option<i64> = (!monthly.is_empty()).then(|| monthly.iter().map(|(_, k)| k).sum());
    let share = |a: i64, b: i64| -> i64 {
        let mut k = 0.0;
        let mut d = day(a);
        let last = day(b - 1);
        while d <= last {
            let ym = d.year() as u32 * 100 + d.month();
            if let Some((_, m)) = monthly.iter().find(|(x, _)| *x == ym) {
                let next = chrono::NaiveDate::from_ymd_opt(
                    if d.month() == 12 {
                        d.year() + 1
                    } else {
                        d.year()
                    },
                    d.month() % 12 + 1,
                    1,
                )
                .unwrap_or(d);
                let first = chrono::NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d);
                let in_month = (next - first).num_days().max(1) as f64;
                k += *m as f64 / in_month;
            }
            d += chrono::Duration::days(1);
        }
        (k / 100.0).round() as i64 * 100
    };
    let pace: Option<Vec<i64>> =
        plan.map(|_| edges.windows(2).map(|w| share(w[0], w[1])).collect());
    let mut legend = vec![match plan {
        _ if months.is_empty() => tr!(lang, "chart-trend-total", won = money(total)),
        Some(k) => tr!(
            lang,
            "chart-trend-plan",
            won = money(total),
            plan = money(k),
            pct = if k > 0 { (total * 100 + k / 2) / k } else { 0 }
        ),
        None => tr!(lang, "chart-trend-no-plan", won = money(total)),
    }];
    if plan.is_some() {
        legend.push(tr(lang, &format!("chart-pace-{unit}")));
    }
    Ok(chart::trend_png(
        &tr(lang, &format!("chart-trend-title-{unit}")),
        &format!("{period} · {scope}"),
        &bars,
        pace.as_deref(),
        &|k: i64| short_money(lang, k),
        &legend,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trend_is_rounded_half_away_from_zero_whichever_way_it_goes() {
        for (before, now, shown) in [
            // the two of the report: −27.4 % and −75 %
            (1_609_000_000, 1_167_900_000, "▼ 27%"),
            (4, 1, "▼ 75%"),
            // their mirror images rise by the same points
            (1_167_900_000, 1_609_000_000, "▲ 38%"),
            (1, 4, "▲ 300%"),
            // exactly half a point: away from zero both ways
            (200, 201, "▲ 1%"),
            (200, 199, "▼ 1%"),
            (8, 9, "▲ 13%"),
            (8, 7, "▼ 13%"),
            // under half a point both ways
            (1_000, 1_004, "= 0%"),
            (1_000, 996, "= 0%"),
            (3, 2, "▼ 33%"),
            (3, 4, "▲ 33%"),
            (3, 0, "▼ 100%"),
            (1, 5, "▲ 400%"),
            (7, 7, "= 0%"),
            (0, 0, "="),
            (0, 3, "▲"),
        ] {
            assert_eq!(delta(now, before), shown, "{before} → {now}");
        }
    }
}
