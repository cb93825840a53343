//! Why deals are lost: refusals grouped by reason, stage, person and position.

use super::View;
use crate::app::{Btn, Cb, Ctx, Kb, Res};
use crate::i18n::escape;
use crate::pipeline::Stage;
use crate::storage::reports as q;
use crate::tr;
use crate::ui::callbacks::Report;

impl Ctx<'_> {
    /// Why deals are lost: reasons, stages, positions of who refused.
    pub(in crate::app) async fn lost(&mut self, v: View) -> Res {
        let Some(f) = self.scoped(&v, true).await? else {
            return Ok(());
        };
        let (from, to) = v.period.bounds(self.now.at, self.me.tz);
        let reasons = q::refusals_by(&mut self.tx, f, "reason", from, to).await?;
        let stages = q::refusals_by(&mut self.tx, f, "stage", from, to).await?;
        let positions = q::refusals_by(&mut self.tx, f, "position", from, to).await?;
        let people = q::refusals_by(&mut self.tx, f, "person", from, to).await?;
        let mut t = tr!(
            self.me.lang,
            "lost-title",
            period = self.period_label(v.period),
            scope = self.scope_label(&f).await?
        );
        if reasons.is_empty() {
            t.push_str("\n\n");
            t.push_str(&self.t("no-data"));
        } else {
            let lang = self.me.lang;
            let line = |g: &q::Grouped, name: String| {
                format!(
                    "\n• {} — {} · {}",
                    escape(&name),
                    g.n,
                    crate::reports::with_estimate(lang, g.kopecks, g.estimated_kopecks)
                )
            };
            t.push_str(&format!("\n\n<b>{}</b>", self.t("lost-reasons")));
            for g in &reasons {
                t.push_str(&line(g, g.key.clone()));
            }
            t.push_str(&format!("\n\n<b>{}</b>", self.t("lost-stages")));
            for g in &stages {
                let name = Stage::from_code(&g.key)
                    .map(|s| self.stage_name(s))
                    .unwrap_or_else(|| g.key.clone());
                t.push_str(&line(g, name));
            }
            t.push_str(&format!("\n\n<b>{}</b>", self.t("lost-people")));
            for g in &people {
                t.push_str(&line(g, g.key.clone()));
            }
            t.push_str(&format!("\n\n<b>{}</b>", self.t("lost-positions")));
            for g in &positions {
                t.push_str(&line(g, g.key.clone()));
            }
        }
        let kb = Kb::Inline(vec![vec![Btn::new(
            self.t("btn-back-to-report"),
            Cb::Report {
                report: Report::Summary,
                view: v,
            },
        )]]);
        self.show(t, kb);
        Ok(())
    }
}
