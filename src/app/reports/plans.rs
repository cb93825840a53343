//! Monthly plans: «🎯 План» shows this month's plan for the scope on screen and asks for a new
//! one; the finished form saves it and shows the summary again.

use super::View;
use crate::app::{Ctx, Kb, Res};
use crate::storage::reports::{self as q, Filter};
use crate::tr;

impl Ctx<'_> {
    /// «🎯 План»: this month's plan for the scope on screen, from a head of sales.
    pub(in crate::app) async fn plan_form(&mut self, v: View) -> Res {
        if !self.require_head() || self.scoped(&v, false).await?.is_none() {
            return Ok(());
        }
        let f = Filter {
            manager: v.manager,
            direction: v.direction,
        };
        let scope = self.scope_label(&f).await?;
        let month = self.month_label();
        let this = self.month();
        let current = q::plan(&mut self.tx, f, this, this).await?;
        let now = match current {
            (None, None) => self.t("plan-none-yet"),
            (m, d) => tr!(
                self.me.lang,
                "plan-current",
                money = m
                    .map(|k| crate::domain::Money::from_kopecks(k).to_string())
                    .unwrap_or_else(|| "—".into()),
                deals = d.map(|n| n.to_string()).unwrap_or_else(|| "—".into())
            ),
        };
        let text = tr!(
            self.me.lang,
            "plan-intro",
            month = month,
            scope = scope,
            now = now
        );
        self.send(text, Kb::None);
        self.start_form(crate::dialogue::FormKind::Plan {
            manager: v.manager.unwrap_or(0),
            direction: v.direction.unwrap_or(0),
        })
        .await
    }

    /// This month as yyyymm in the user's time zone.
    fn month(&self) -> u32 {
        use chrono::Datelike;
        let d = self.now.at.with_timezone(&self.me.tz).date_naive();
        d.year() as u32 * 100 + d.month()
    }

    fn month_label(&self) -> String {
        use chrono::Datelike;
        let d = self.now.at.with_timezone(&self.me.tz).date_naive();
        format!("{} {}", self.t(&format!("month-{}", d.month())), d.year())
    }

    pub(in crate::app) async fn save_plan(&mut self, v: View, a: &crate::dialogue::Answers) -> Res {
        use crate::dialogue::Answer;
        let f = Filter {
            manager: v.manager,
            direction: v.direction,
        };
        let money = match a.get("money") {
            Some(Answer::Money(k)) => Some(*k),
            _ => None,
        };
        let deals = match a.get("deals") {
            Some(Answer::Num(n)) => Some(*n),
            _ => None,
        };
        let month = self.month();
        q::set_plan(
            &mut self.tx,
            month,
            &q::plan_scope(f),
            money,
            deals,
            self.me.user.id,
            self.now.ts,
        )
        .await?;
        tracing::info!(month, scope = q::plan_scope(f), "plan set");
        let key = if money.is_none() && deals.is_none() {
            "plan-cleared"
        } else {
            "plan-saved"
        };
        let text = tr!(self.me.lang, key, month = self.month_label());
        self.send(text, Kb::None);
        self.pipeline(v).await
    }
}
