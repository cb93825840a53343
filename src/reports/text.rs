//! The pipeline summary as one message for the phone: each line decided by its own function
//! (what is open, what the period came to, plan, forecast, averages, where deals stay, the
//! funnel's conversion, what is overdue), joined in the order a head reads them.

use crate::domain::Money;
use crate::i18n::{tr, Lang};
use crate::pipeline::Stage;
use crate::storage::reports::PeriodStats;
use crate::tr;

use super::summary::{Outlook, Summary, MILESTONES};

/// The labels the outlook's lines need: the window compared with, and where a forecast ends.
pub struct OutlookLabels {
    pub before: String,
    pub end: String,
}

/// The summary with its outlook: trend, plan, forecast, averages, where deals stay longest.
pub fn report_text(
    lang: Lang,
    s: &Summary,
    (o, l): (&Outlook, &OutlookLabels),
    period: &str,
    scope: &str,
) -> String {
    let (now, before) = (&o.now, &o.before);
    let mut lines = vec![
        tr!(lang, "report-title", period = period, scope = scope),
        open_lines(lang, s, o),
        // a blank line between what is open now and what the period came to
        String::new(),
    ];
    lines.extend(period_lines(lang, now, before, &l.before));
    lines.extend(
        [
            o.plan.map(|plan| plan_line(lang, plan, now)),
            o.forecast
                .map(|f| forecast_line(lang, f, o.plan, &l.end, now)),
            average_line(lang, now, before),
            slowest_line(lang, &o.slowest),
            conversion_line(lang, s),
        ]
        .into_iter()
        .flatten(),
    );
    lines.push(tr!(
        lang,
        "report-problems",
        overdue = s.overdue,
        silent = s.silent
    ));
    lines.join("\n")
}

fn money(kopecks: i64) -> String {
    Money::from_kopecks(kopecks).to_string()
}

/// Money of which a part may be only the price named at step 2, marked as the open lines mark
/// it: «2 904 000 ₽ + ≈ 590 000 ₽», «≈ 590 000 ₽», or plain when nothing is estimated.
pub fn with_estimate(lang: Lang, agreed: i64, estimated: i64) -> String {
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

fn stage_label(lang: Lang, st: Stage) -> String {
    tr!(
        lang,
        "stage-name",
        step = u32::from(st.step()),
        name = tr(lang, &format!("stage-{}", st.code()))
    )
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

/// `part` as a whole percentage of `whole`, rounded to nearest (0 of nothing); the board's plan
/// percentage uses it too, so the two read the same.
pub fn pct(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        0
    } else {
        (part * 100 + whole / 2) / whole
    }
}

/// What is open now: the total with how much of it is only estimated or unpriced, then a line
/// per step that has deals.
fn open_lines(lang: Lang, s: &Summary, o: &Outlook) -> String {
    let (n, k) = s.open_total();
    let mut t = tr!(
        lang,
        "report-open",
        count = n,
        amount = money(k + o.estimated.1)
    );
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
    for &(st, n, k) in s.open.iter().filter(|r| r.1 > 0) {
        t.push('\n');
        t.push_str(&open_stage_line(lang, o, st, n, k));
    }
    t
}

/// One step's open deals and money; the deals without any sum are named only when some of the
/// step's deals have one.
fn open_stage_line(lang: Lang, o: &Outlook, st: Stage, n: i64, k: i64) -> String {
    let (est, unpriced) = o
        .stage_estimates
        .iter()
        .find(|e| e.0 == st)
        .map_or((0, 0), |e| (e.1, e.2));
    let amount = match (k, est) {
        (0, 0) => tr(lang, "report-no-amount"),
        (k, e) => with_estimate(lang, k, e),
    };
    let unknown = if unpriced > 0 && unpriced < n {
        tr!(lang, "report-stage-unpriced", count = unpriced)
    } else {
        String::new()
    };
    format!("{} — {n} · {amount}{unknown}", stage_label(lang, st))
}

/// What the period came to beside the window before: created, won, lost, and which window.
fn period_lines(lang: Lang, a: &PeriodStats, b: &PeriodStats, window: &str) -> [String; 4] {
    [
        tr!(
            lang,
            "report-created",
            count = a.created,
            trend = delta(a.created, b.created),
            before = b.created
        ),
        tr!(
            lang,
            "report-won",
            count = a.won,
            amount = closed_money(lang, a.won_kopecks, a.won_estimated_kopecks),
            trend = delta(a.won_kopecks, b.won_kopecks),
            before = b.won,
            before_amount = closed_money(lang, b.won_kopecks, b.won_estimated_kopecks)
        ),
        tr!(
            lang,
            "report-lost",
            count = a.lost,
            amount = closed_money(lang, a.lost_kopecks, a.lost_estimated_kopecks),
            trend = delta(a.lost, b.lost),
            before = b.lost
        ),
        tr!(lang, "report-compared", window = window),
    ]
}

/// Money won or lost, of which `estimated` is only the price named at step 2, marked as such.
fn closed_money(lang: Lang, kopecks: i64, estimated: i64) -> String {
    with_estimate(lang, kopecks - estimated, estimated)
}

/// The period's plan against what was won: money, deals, or both; «no plan» when neither is set.
fn plan_line(
    lang: Lang,
    (plan_money, plan_deals): (Option<i64>, Option<i64>),
    a: &PeriodStats,
) -> String {
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
        tr(lang, "report-plan-none")
    } else {
        tr!(lang, "report-plan", parts = parts.join(" · "))
    }
}

/// The forecast to the period's end: won so far plus the weighted funnel, as a share of the
/// money plan when there is one.
fn forecast_line(
    lang: Lang,
    forecast: i64,
    plan: Option<(Option<i64>, Option<i64>)>,
    end: &str,
    a: &PeriodStats,
) -> String {
    let of_plan = match plan {
        Some((Some(m), _)) => tr!(lang, "report-of-plan", pct = pct(forecast, m)),
        _ => String::new(),
    };
    tr!(
        lang,
        "report-forecast",
        end = end,
        amount = money(forecast),
        of_plan = of_plan,
        won = money(a.won_kopecks),
        weighted = money(forecast - a.won_kopecks)
    )
}

/// The average won deal, the win rate by deals and by money, the days to a win — each beside
/// its value in the window before, when there was one. None when nothing was won.
fn average_line(lang: Lang, a: &PeriodStats, b: &PeriodStats) -> Option<String> {
    if a.won <= 0 {
        return None;
    }
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
    Some(line)
}

/// The steps deals stay at longest, with their days; None when none is known.
fn slowest_line(lang: Lang, slowest: &[(Stage, f64)]) -> Option<String> {
    if slowest.is_empty() {
        return None;
    }
    let list: Vec<String> = slowest
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
    Some(tr!(lang, "report-slowest", list = list.join(" · ")))
}

/// The funnel's milestones by name, each with its share of the one before, up to the first that
/// no deal reached: readable at a glance, unlike seventeen bare step numbers.
fn conversion_line(lang: Lang, s: &Summary) -> Option<String> {
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
    (!conv.is_empty()).then(|| tr!(lang, "report-conversion", steps = conv.join(" → ")))
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
