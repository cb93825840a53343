//! The pipeline summary: its message with the period and filter buttons, and its two charts.

use super::View;
use crate::app::{Btn, Cb, Ctx, Kb, Out, Res};
use crate::domain::Role;
use crate::reports::period::Period;
use crate::ui::callbacks::Report;

impl Ctx<'_> {
    pub(in crate::app) async fn pipeline(&mut self, v: View) -> Res {
        let Some(f) = self.scoped(&v, false).await? else {
            return Ok(());
        };
        let (s, outlook) =
            crate::reports::report_for(&mut self.tx, f, v.period, self.now.at, self.me.tz).await?;
        let scope = self.scope_label(&f).await?;
        let labels = self.outlook_labels(v.period);
        let text = crate::reports::report_text(
            self.me.lang,
            &s,
            (&outlook, &labels),
            &self.period_label(v.period),
            &scope,
        );
        let c = |report: Report| Cb::Report { report, view: v };
        let p = |t: &Self, key: &str, per: Period| {
            Btn::new(
                t.t(key),
                Cb::Report {
                    report: Report::Summary,
                    view: v.with_period(per),
                },
            )
        };
        let mut rows = vec![
            vec![
                p(self, "period-week", Period::Week),
                p(self, "period-month", Period::Month),
                p(self, "period-quarter", Period::Quarter),
                p(self, "period-year", Period::Year),
            ],
            vec![
                p(self, "period-last-week", Period::LastWeek),
                p(self, "period-last-month", Period::LastMonth),
                Btn::new(self.t("period-custom"), c(Report::OwnPeriod)),
            ],
        ];
        rows.push(vec![Btn::new(self.t("btn-chart"), c(Report::Chart))]);
        if let Some(url) = self.app.cfg.board_url() {
            rows.push(vec![Btn::web_app(self.t("btn-board"), &url)]);
        }
        if self.me.role != Role::Manager {
            rows.push(vec![Btn::new(
                self.t("btn-filter-manager"),
                c(Report::PickManager { page: 0 }),
            )]);
            if let (Role::HeadOfSales, Some(row)) = (self.me.role, rows.last_mut()) {
                row.push(Btn::new(
                    self.t("btn-filter-direction"),
                    c(Report::PickDirection { page: 0 }),
                ));
            }
            rows.push(vec![
                Btn::new(self.t("btn-people"), c(Report::People { page: 0 })),
                Btn::new(self.t("btn-lost"), c(Report::Lost)),
                Btn::new(self.t("btn-compliance"), c(Report::Compliance)),
            ]);
            let mut last = vec![Btn::new(self.t("btn-export"), c(Report::Export))];
            // plans are monthly: set from a view of this month, for the scope on screen
            if self.me.role == Role::HeadOfSales && v.period == Period::Month {
                last.push(Btn::new(self.t("btn-plan"), c(Report::Plan)));
            }
            rows.push(last);
        }
        self.show(text, Kb::Inline(rows));
        Ok(())
    }

    fn outlook_labels(&self, p: Period) -> crate::reports::OutlookLabels {
        let (from, to) = p.previous_bounds(self.now.at, self.me.tz);
        let end = p.end(self.now.at, self.me.tz) - 1;
        crate::reports::OutlookLabels {
            before: crate::reports::window_label(from, to, self.me.tz),
            end: self.fmt_day(end),
        }
    }

    pub(in crate::app) async fn pipeline_chart(&mut self, v: View) -> Res {
        let Some(f) = self.scoped(&v, false).await? else {
            return Ok(());
        };
        let s = self.summary_of(f, v.period).await?;
        let scope = self.scope_label(&f).await?;
        let label = self.period_label(v.period);
        let png = crate::reports::funnel(&s, self.me.lang, &label, &scope);
        self.out.msgs.push(Out::Photo {
            chat: self.chat,
            bytes: png,
            caption: self.t("chart-caption"),
        });
        let png = crate::reports::trend(
            &mut self.tx,
            f,
            v.period,
            self.now.at,
            self.me.tz,
            self.me.lang,
            &label,
            &scope,
        )
        .await?;
        self.out.msgs.push(Out::Photo {
            chat: self.chat,
            bytes: png,
            caption: self.t("chart-trend-caption"),
        });
        Ok(())
    }
}
