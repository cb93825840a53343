//! The pipeline summary's numbers, from query rows.

use crate::pipeline::{Stage, STAGES};
use crate::storage::reports::StageRow;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// Open deals per stage, in the regulation's order: (stage, deals, kopecks).
    pub open: Vec<(Stage, i64, i64)>,
    pub won: (i64, i64),
    pub lost: (i64, i64),
    /// For deals created in the period: how many reached each stage, and the percentage of those
    /// at the stage before that reached it.
    pub reached: Vec<(Stage, i64, Option<i64>)>,
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
                    s.stage,
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
        let mut reached = Vec::with_capacity(STAGES.len());
        for (i, s) in STAGES.iter().enumerate() {
            let n: i64 = at[i..].iter().sum();
            let prev: Option<i64> = if i == 0 {
                None
            } else {
                Some(at[i - 1..].iter().sum())
            };
            let pct = prev.filter(|p| *p > 0).map(|p| (n * 100 + p / 2) / p);
            reached.push((s.stage, n, pct));
        }
        Self {
            open,
            won: pick("won"),
            lost: pick("lost"),
            reached,
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
}
