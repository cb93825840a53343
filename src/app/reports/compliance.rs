//! Is the regulation followed? How many deals break each check, and the deals behind a count.

use super::View;
use crate::app::{Btn, Cb, Ctx, Kb, Res};
use crate::domain::text::ellipsize;
use crate::pipeline::{Check, Stage, STAGES};
use crate::reports::period::Period;
use crate::storage::deals;
use crate::storage::reports::{self as q, Filter};
use crate::tr;
use crate::ui::callbacks::Report;

impl Ctx<'_> {
    /// The deals one check found: the first `limit`, and how many in all (exact at any size).
    async fn breach_ids(
        &mut self,
        f: Filter,
        check: Check,
        p: Period,
        limit: i64,
    ) -> Res<(Vec<i64>, i64)> {
        let (from, to) = p.bounds(self.now.at, self.me.tz);
        let after = |s: Stage| {
            STAGES
                .iter()
                .filter(|x| x.stage() > s)
                .map(|x| x.code)
                .collect::<Vec<_>>()
        };
        let tx = &mut self.tx;
        Ok(match check {
            Check::Meeting | Check::Proposal => {
                q::breaches(tx, f, check, &after(Stage::Meeting), from, to, limit).await?
            }
            Check::Price => q::breaches(tx, f, check, &[], from, to, limit).await?,
            Check::Lawyer => {
                q::breaches(tx, f, check, &after(Stage::TermsConfirmed), from, to, limit).await?
            }
            Check::Overdue => q::overdue_deals(tx, f, self.now.ts, limit).await?,
            Check::Silent => {
                let ids = q::silent(tx, f, self.now.ts, limit).await?;
                let total = q::silent_count(tx, f, self.now.ts).await?;
                (ids, total)
            }
        })
    }

    /// Is the regulation followed? Counts per rule, each with a drill-down.
    pub(in crate::app) async fn compliance(&mut self, v: View) -> Res {
        let Some(f) = self.scoped(&v, true).await? else {
            return Ok(());
        };
        let mut t = tr!(
            self.me.lang,
            "compliance-title",
            period = self.period_label(v.period),
            scope = self.scope_label(&f).await?
        );
        let mut rows = Vec::new();
        for check in Check::ALL {
            let (_, n) = self.breach_ids(f, check, v.period, 0).await?;
            t.push_str(&format!(
                "\n{} {}: {n}",
                if n == 0 { "✅" } else { "⚠️" },
                self.t(&format!("check-{}", check.code()))
            ));
            if n > 0 {
                rows.push(vec![Btn::new(
                    format!("{} ({n})", self.t(&format!("check-{}", check.code()))),
                    Cb::Report {
                        report: Report::Drill { check },
                        view: v,
                    },
                )]);
            }
        }
        rows.push(vec![Btn::new(
            self.t("btn-back-to-report"),
            Cb::Report {
                report: Report::Summary,
                view: v,
            },
        )]);
        self.show(t, Kb::Inline(rows));
        Ok(())
    }

    pub(in crate::app) async fn compliance_drill(&mut self, check: Check, v: View) -> Res {
        let Some(f) = self.scoped(&v, true).await? else {
            return Ok(());
        };
        let (ids, total) = self.breach_ids(f, check, v.period, 20).await?;
        let mut rows = Vec::new();
        for id in &ids {
            if let Some(d) = deals::deal(&mut self.tx, *id).await? {
                rows.push(vec![Btn::new(
                    ellipsize(
                        &format!("№{} {} · {}", d.id, d.client_name, d.manager_name),
                        60,
                    ),
                    Cb::Deal(d.id),
                )]);
            }
        }
        rows.push(vec![Btn::new(
            self.t("btn-back-to-report"),
            Cb::Report {
                report: Report::Compliance,
                view: v,
            },
        )]);
        let text = tr!(
            self.me.lang,
            "compliance-drill",
            check = self.t(&format!("check-{}", check.code())),
            count = total
        );
        self.show(text, Kb::Inline(rows));
        Ok(())
    }
}
