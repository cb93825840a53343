//! The pipeline summary's numbers, from query rows.

use crate::pipeline::{Stage, STAGES};
use crate::storage::reports::{PeriodStats, StageRow};

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

/// Where a step's win probability comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateSource {
    /// The team's deals closed in the last twelve months.
    History,
    /// Too few closed deals reached the step: the regulation's default.
    Default,
    /// A head set it in /limits.
    Set,
}

/// Closed deals that must have reached a step before its history is trusted over the default.
pub const MIN_HISTORY: i64 = 20;

/// The win probability of each step, in percent: a head's own figure, else the share of the
/// team's deals closed in the last year that reached the step and ended won (with at least
/// `MIN_HISTORY` of them), else the default.
pub fn win_rates(
    history: &[(String, String, i64)],
    set: &[(Stage, i64)],
) -> Vec<(Stage, i64, RateSource)> {
    let index = |code: &str| STAGES.iter().position(|s| s.code == code);
    STAGES
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if let Some((_, pct)) = set.iter().find(|(st, _)| *st == s.stage()) {
                return (s.stage(), *pct, RateSource::Set);
            }
            // a deal that ended at stage k reached every stage up to k; a won one reached all
            let (mut reached, mut won) = (0, 0);
            for (stage, status, n) in history {
                let at = if status == "won" {
                    Some(STAGES.len() - 1)
                } else {
                    index(stage)
                };
                if at.is_some_and(|k| k >= i) {
                    reached += n;
                    if status == "won" {
                        won += n;
                    }
                }
            }
            if reached >= MIN_HISTORY {
                (
                    s.stage(),
                    (won * 100 + reached / 2) / reached,
                    RateSource::History,
                )
            } else {
                (s.stage(), s.win_pct, RateSource::Default)
            }
        })
        .collect()
}

/// Open money weighted by each step's win probability, in kopecks: agreed amounts and estimates.
pub fn weighted(
    open: &[(Stage, i64, i64)],
    estimated: &[(Stage, i64)],
    rates: &[(Stage, i64, RateSource)],
) -> i64 {
    rates
        .iter()
        .map(|(st, pct, _)| {
            let k = open.iter().find(|r| r.0 == *st).map_or(0, |r| r.2)
                + estimated.iter().find(|r| r.0 == *st).map_or(0, |r| r.1);
            k * pct / 100
        })
        .sum()
}

/// The figures beside the snapshot: the previous equal period, the plan, the forecast, how
/// long deals take.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outlook {
    pub now: PeriodStats,
    pub before: PeriodStats,
    /// Open deals without an agreed amount but with an estimate: (deals, kopecks).
    pub estimated: (i64, i64),
    /// Open deals with neither.
    pub unpriced: i64,
    /// Per stage: the estimated money of deals without an amount, and how many have neither.
    pub stage_estimates: Vec<(Stage, i64, i64)>,
    /// The plan of the period's months: (money, deals); None when the period is not in months.
    pub plan: Option<(Option<i64>, Option<i64>)>,
    /// Won so far plus the weighted open money, for a period that runs to now.
    pub forecast: Option<i64>,
    /// The stages deals stay at longest before the next step: (stage, days).
    pub slowest: Vec<(Stage, f64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// Open deals per stage, in the regulation's order: (stage, deals, kopecks).
    pub open: Vec<(Stage, i64, i64)>,
    /// Won and lost in the period: (deals, kopecks — the agreed amount, else the estimate).
    pub won: (i64, i64),
    pub lost: (i64, i64),
    /// The parts of the won and the lost money that are only the price named at step 2.
    pub closed_estimated: (i64, i64),
    /// For deals created in the period: how many reached each stage, and the percentage of those
    /// at the stage before that reached it.
    pub reached: Vec<(Stage, i64, Option<i64>)>,
    /// The money of those deals, per stage in the same order.
    pub reached_kopecks: Vec<i64>,
    pub overdue: i64,
    pub silent: i64,
}

impl Summary {
    pub fn build(
        open: &[StageRow],
        closed: &[StageRow],
        cohort: &[StageRow],
        overdue: i64,
        silent: i64,
    ) -> Self {
        let open = STAGES
            .iter()
            .map(|s| {
                let r = open.iter().find(|r| r.stage == s.code);
                (
                    s.stage(),
                    r.map_or(0, |r| r.deals),
                    r.map_or(0, |r| r.kopecks),
                )
            })
            .collect();
        let pick = |status: &str| {
            closed
                .iter()
                .find(|r| r.stage == status)
                .map_or((0, 0), |r| (r.deals, r.kopecks))
        };
        // a deal that stands at stage k has passed every stage before it (steps go in order)
        let at: Vec<i64> = STAGES
            .iter()
            .map(|s| {
                cohort
                    .iter()
                    .find(|r| r.stage == s.code)
                    .map_or(0, |r| r.deals)
            })
            .collect();
        let money_at: Vec<i64> = STAGES
            .iter()
            .map(|s| {
                cohort
                    .iter()
                    .find(|r| r.stage == s.code)
                    .map_or(0, |r| r.kopecks)
            })
            .collect();
        let reached_kopecks = (0..STAGES.len())
            .map(|i| money_at[i..].iter().sum())
            .collect();
        let mut reached = Vec::with_capacity(STAGES.len());
        for (i, s) in STAGES.iter().enumerate() {
            let n: i64 = at[i..].iter().sum();
            let prev: Option<i64> = if i == 0 {
                None
            } else {
                Some(at[i - 1..].iter().sum())
            };
            let pct = prev.filter(|p| *p > 0).map(|p| (n * 100 + p / 2) / p);
            reached.push((s.stage(), n, pct));
        }
        Self {
            open,
            won: pick("won"),
            lost: pick("lost"),
            closed_estimated: (0, 0),
            reached,
            reached_kopecks,
            overdue,
            silent,
        }
    }

    pub fn open_total(&self) -> (i64, i64) {
        self.open
            .iter()
            .fold((0, 0), |(n, k), (_, a, b)| (n + a, k + b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(stage: &str, deals: i64, kopecks: i64) -> StageRow {
        StageRow {
            stage: stage.into(),
            deals,
            kopecks,
        }
    }

    #[test]
    fn conversion_counts_deals_that_passed_each_stage() {
        // 10 deals created: 4 still at first contact, 3 at needs, 2 at meeting, 1 won (at work)
        let cohort = [
            row("first_contact", 4, 0),
            row("needs", 3, 0),
            row("meeting", 2, 0),
            row("work", 1, 0),
        ];
        let s = Summary::build(&[], &[], &cohort, 0, 0);
        let get = |st: Stage| s.reached.iter().find(|r| r.0 == st).copied().unwrap();
        assert_eq!(get(Stage::FirstContact), (Stage::FirstContact, 10, None));
        assert_eq!(get(Stage::Needs), (Stage::Needs, 6, Some(60)));
        assert_eq!(get(Stage::Offer), (Stage::Offer, 3, Some(50)));
        assert_eq!(get(Stage::Meeting), (Stage::Meeting, 3, Some(100)));
        assert_eq!(get(Stage::Proposal), (Stage::Proposal, 1, Some(33)));
        assert_eq!(get(Stage::Work), (Stage::Work, 1, Some(100)));
    }

    #[test]
    fn totals_and_closed_deals() {
        let s = Summary::build(
            &[row("needs", 2, 300), row("offer", 1, 200)],
            &[row("won", 1, 1000), row("lost", 2, 50)],
            &[],
            3,
            4,
        );
        assert_eq!(s.open_total(), (3, 500));
        assert_eq!(
            (s.won, s.lost, s.overdue, s.silent),
            ((1, 1000), (2, 50), 3, 4)
        );
    }

    #[test]
    fn win_rates_come_from_history_when_there_is_enough_of_it() {
        let h = |stage: &str, status: &str, n: i64| (stage.to_owned(), status.to_owned(), n);
        // 30 closed: 12 won, 10 lost at first contact, 8 lost at the proposal
        let history = [
            h("work", "won", 12),
            h("first_contact", "lost", 10),
            h("proposal", "lost", 8),
        ];
        let rates = win_rates(&history, &[(Stage::Work, 100)]);
        let get = |st: Stage| rates.iter().find(|r| r.0 == st).copied().unwrap();
        assert_eq!(
            get(Stage::FirstContact),
            (Stage::FirstContact, 40, RateSource::History)
        );
        // 20 reached the proposal (12 won + 8 lost there): 60 %
        assert_eq!(
            get(Stage::Proposal),
            (Stage::Proposal, 60, RateSource::History)
        );
        // past the proposal only the 12 won ones: too few, the default
        assert_eq!(get(Stage::Terms), (Stage::Terms, 55, RateSource::Default));
        assert_eq!(get(Stage::Work), (Stage::Work, 100, RateSource::Set));
        // weighted: 1 000 ₽ at the proposal (60 %) and a 500 ₽ estimate at terms (55 %)
        let w = weighted(
            &[(Stage::Proposal, 1, 100_000)],
            &[(Stage::Terms, 50_000)],
            &rates,
        );
        assert_eq!(w, 60_000 + 27_500);
    }
}
