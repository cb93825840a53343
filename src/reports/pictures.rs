//! What the two pictures show: the funnel's rows and footer, and the trend's bars, the plan's
//! pace over them and the legend. `chart` draws them; this decides what is in them.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::domain::Money;
use crate::i18n::{tr, Lang};
use crate::storage::reports::{self as q, Filter};
use crate::storage::Conn;
use crate::tr;

use super::chart;
use super::period::Period;
use super::summary::{Summary, MILESTONES};
use super::text::with_estimate;

fn money(kopecks: i64) -> String {
    Money::from_kopecks(kopecks).to_string()
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

/// The funnel picture of a period: the deals created in it through the milestones, each with
/// its money and its share of the milestone before, and what was won and lost.
pub fn funnel(s: &Summary, lang: Lang, period: &str, scope: &str) -> Vec<u8> {
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
    let (from, to) = p.bounds(now, tz);
    let end = if p.is_current() { p.end(now, tz) } else { to };
    let won = q::won_in(c, f, from, to).await?;
    let unit = Unit::of_days((end - from) / 86_400);
    let edges = bucket_edges(from, end, unit, tz);
    let monthly = monthly_plan(c, f, p, now, tz).await?;
    // the pace only where some month of the period has a money plan
    let pace: Option<Vec<i64>> = monthly.as_ref().filter(|m| !m.is_empty()).map(|m| {
        edges
            .windows(2)
            .map(|w| plan_share(w[0], w[1], m, tz))
            .collect()
    });
    let total: i64 = won.iter().map(|(_, k)| k).sum();
    Ok(chart::trend_png(
        &tr(lang, &format!("chart-trend-title-{}", unit.code())),
        &format!("{period} · {scope}"),
        &trend_bars(&edges, &won, unit, tz),
        pace.as_deref(),
        &|k: i64| short_money(lang, k),
        &trend_legend(lang, total, monthly.as_deref(), unit),
    ))
}

/// What one bar of the trend covers: days for up to two weeks, weeks up to four months,
/// calendar months beyond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
}

impl Unit {
    fn of_days(days: i64) -> Self {
        if days <= 14 {
            Unit::Day
        } else if days <= 124 {
            Unit::Week
        } else {
            Unit::Month
        }
    }

    /// The tail of the title's and the pace's locale keys.
    fn code(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
        }
    }

    /// A bar's label: the first day of a day or week, the month of a month.
    fn label_format(self) -> &'static str {
        match self {
            Unit::Day | Unit::Week => "%d.%m",
            Unit::Month => "%m.%y",
        }
    }
}

/// The local calendar day a moment falls on.
fn local_day(ts: i64, tz: Tz) -> NaiveDate {
    DateTime::from_timestamp(ts, 0)
        .map(|t| t.with_timezone(&tz).date_naive())
        .unwrap_or_default()
}

/// The moment a local day starts.
fn day_start(d: NaiveDate, tz: Tz) -> i64 {
    crate::domain::clock::at_local(d, 0, tz)
        .map(|t| t.timestamp())
        .unwrap_or(0)
}

/// The first day of the month after the one `d` is in.
fn next_month(d: NaiveDate) -> NaiveDate {
    let t = d.year() * 12 + d.month0() as i32 + 1;
    NaiveDate::from_ymd_opt(t.div_euclid(12), t.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

/// The bars' edges from `from` to `end`, each at the start of a local day, week or month; the
/// last bar ends at `end` however short it is.
fn bucket_edges(from: i64, end: i64, unit: Unit, tz: Tz) -> Vec<i64> {
    let mut edges = vec![from];
    loop {
        let last = *edges.last().unwrap_or(&from);
        let d = local_day(last, tz);
        let next = day_start(
            match unit {
                Unit::Day => d + chrono::Duration::days(1),
                Unit::Week => d + chrono::Duration::days(7),
                Unit::Month => next_month(d),
            },
            tz,
        );
        if next <= last || next >= end {
            edges.push(end);
            return edges;
        }
        edges.push(next);
    }
}

/// A bar per pair of edges, with the money won between them.
fn trend_bars(edges: &[i64], won: &[(i64, i64)], unit: Unit, tz: Tz) -> Vec<chart::TrendBar> {
    edges
        .windows(2)
        .map(|w| chart::TrendBar {
            label: local_day(w[0], tz).format(unit.label_format()).to_string(),
            kopecks: won
                .iter()
                .filter(|(at, _)| *at >= w[0] && *at < w[1])
                .map(|(_, k)| k)
                .sum(),
        })
        .collect()
}

/// The money plan of each month of the period that has one, (yyyymm, kopecks); None when the
/// period is not made of months.
async fn monthly_plan(
    c: &mut Conn,
    f: Filter,
    p: Period,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Option<Vec<(u32, i64)>>, sqlx::Error> {
    let months = p.plan_months(now, tz).unwrap_or_default();
    let (Some(a), Some(b)) = (months.first(), months.last()) else {
        return Ok(None);
    };
    Ok(Some(
        q::plan_by_month(c, f, *a, *b)
            .await?
            .into_iter()
            .filter_map(|p| Some((p.month, p.money?)))
            .collect(),
    ))
}

/// A bar's share of the plan: each of its days takes its month's plan divided by the month's
/// days, rounded to whole roubles.
fn plan_share(from: i64, to: i64, monthly: &[(u32, i64)], tz: Tz) -> i64 {
    let mut k = 0.0;
    let mut d = local_day(from, tz);
    let last = local_day(to - 1, tz);
    while d <= last {
        let ym = d.year() as u32 * 100 + d.month();
        if let Some((_, m)) = monthly.iter().find(|(x, _)| *x == ym) {
            let first = NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d);
            let in_month = (next_month(d) - first).num_days().max(1) as f64;
            k += *m as f64 / in_month;
        }
        d += chrono::Duration::days(1);
    }
    (k / 100.0).round() as i64 * 100
}

/// The lines under the trend: what was won, against the plan when the period has one, and the
/// dashes' name when they are drawn.
fn trend_legend(lang: Lang, won: i64, monthly: Option<&[(u32, i64)]>, unit: Unit) -> Vec<String> {
    match monthly {
        None => vec![tr!(lang, "chart-trend-total", won = money(won))],
        Some([]) => vec![tr!(lang, "chart-trend-no-plan", won = money(won))],
        Some(months) => {
            let plan: i64 = months.iter().map(|(_, k)| k).sum();
            vec![
                tr!(
                    lang,
                    "chart-trend-plan",
                    won = money(won),
                    plan = money(plan),
                    pct = if plan > 0 {
                        (won * 100 + plan / 2) / plan
                    } else {
                        0
                    }
                ),
                tr(lang, &format!("chart-pace-{}", unit.code())),
            ]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moscow_day(y: i32, m: u32, d: u32) -> i64 {
        day_start(
            NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            chrono_tz::Europe::Moscow,
        )
    }

    #[test]
    fn a_month_is_cut_into_weeks_from_its_first_day_and_the_last_week_ends_with_it() {
        let tz = chrono_tz::Europe::Moscow;
        let (from, end) = (moscow_day(2026, 11, 1), moscow_day(2026, 12, 1));
        let unit = Unit::of_days((end - from) / 86_400);
        assert_eq!(unit, Unit::Week);
        let edges = bucket_edges(from, end, unit, tz);
        let starts: Vec<String> = edges
            .iter()
            .map(|t| local_day(*t, tz).format("%d.%m").to_string())
            .collect();
        assert_eq!(
            starts,
            ["01.11", "08.11", "15.11", "22.11", "29.11", "01.12"]
        );
    }

    #[test]
    fn a_weeks_pace_is_its_days_share_of_each_months_plan() {
        let tz = chrono_tz::Europe::Moscow;
        // 3 000 000 ₽ over November's 30 days and 3 100 000 ₽ over December's 31: 100 000 ₽ a day
        let monthly = [(202611, 300_000_000), (202612, 310_000_000)];
        let week = plan_share(
            moscow_day(2026, 11, 29),
            moscow_day(2026, 12, 6),
            &monthly,
            tz,
        );
        assert_eq!(week, 70_000_000);
        // a month without a plan adds nothing
        let january = plan_share(moscow_day(2027, 1, 1), moscow_day(2027, 1, 8), &monthly, tz);
        assert_eq!(january, 0);
    }
}
