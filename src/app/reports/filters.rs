//! Narrowing a report: the manager and direction pickers, and «Свой период».

use super::{page_nav, View};
use crate::app::{Btn, Cb, Ctx, Kb, Res};
use crate::domain::text::ellipsize;
use crate::storage::{catalog, users};
use crate::ui::callbacks::Report;

/// How many names one page of a picker shows.
const PICK_PAGE: usize = 40;

impl Ctx<'_> {
    /// Filter pickers: managers (active only) or directions, a page of at most 40 at a time.
    pub(in crate::app) async fn pick_filter(&mut self, v: View, what: &str, page: i64) -> Res {
        if self.scoped(&v, true).await?.is_none() {
            return Ok(());
        }
        let managers = what == "m";
        let everyone = if managers {
            View { manager: None, ..v }
        } else {
            View {
                direction: None,
                ..v
            }
        };
        let mut rows = vec![vec![Btn::new(self.t("report-everyone"), summary(everyone))]];
        let choices = self.filter_choices(v, managers).await?;
        let pages = choices.len().div_ceil(PICK_PAGE).max(1) as i64;
        let page = page.clamp(0, pages - 1);
        for (name, view) in choices
            .into_iter()
            .skip(page as usize * PICK_PAGE)
            .take(PICK_PAGE)
        {
            rows.push(vec![Btn::new(ellipsize(&name, 40), summary(view))]);
        }
        rows.extend(page_nav(page, pages, |page| {
            let report = if managers {
                Report::PickManager { page }
            } else {
                Report::PickDirection { page }
            };
            Cb::Report { report, view: v }
        }));
        let text = self.t(if managers {
            "pick-manager"
        } else {
            "pick-direction"
        });
        self.show(text, Kb::Inline(rows));
        Ok(())
    }

    /// What a picker offers, each name with the view it opens: the managers this role may filter
    /// by, or every direction.
    async fn filter_choices(&mut self, v: View, managers: bool) -> Res<Vec<(String, View)>> {
        Ok(if managers {
            users::filter_managers(&mut self.tx, self.me.role, self.me.user.direction_id)
                .await?
                .into_iter()
                .map(|u| {
                    (
                        u.name,
                        View {
                            manager: Some(u.id),
                            ..v
                        },
                    )
                })
                .collect()
        } else {
            catalog::directions(&mut self.tx)
                .await?
                .into_iter()
                .map(|d| {
                    (
                        d.name,
                        View {
                            direction: Some(d.id),
                            ..v
                        },
                    )
                })
                .collect()
        })
    }

    /// «Свой период»: the view's filters are checked before the form starts, so a forged button
    /// changes nothing.
    pub(in crate::app) async fn own_period(&mut self, v: View) -> Res {
        if self.scoped(&v, false).await?.is_none() {
            return Ok(());
        }
        self.start_form(crate::dialogue::FormKind::ReportPeriod {
            manager: v.manager.unwrap_or(0),
            direction: v.direction.unwrap_or(0),
        })
        .await
    }
}

/// The summary report for a view: where a picked name leads.
fn summary(view: View) -> Cb {
    Cb::Report {
        report: Report::Summary,
        view,
    }
}
