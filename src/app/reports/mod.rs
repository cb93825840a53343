//! Reports in chat, scoped by role: a manager sees their own deals, a head of direction their
//! direction, a head of sales everything (with filters). Periods and filters travel in the
//! buttons and are re-checked on every press.
//!
//! One file per role: the pipeline summary and its charts (`summary`), the filter pickers and
//! the own period (`filters`), per manager (`people`), why deals are lost (`lost`), whether the
//! regulation is followed (`compliance`), search (`search`), the export (`export`) and plans
//! (`plans`). Here: whose deals a report may show, and how its scope and period read.

mod compliance;
mod export;
mod filters;
mod lost;
mod people;
mod plans;
mod search;
mod summary;

use crate::app::{Btn, Cb, Ctx, Res};
use crate::domain::Role;
use crate::reports::period::Period;
use crate::reports::summary::Summary;
use crate::storage::reports::Filter;
use crate::storage::{catalog, users};

pub(super) use crate::ui::callbacks::View;
pub(super) use export::export_files;

impl Ctx<'_> {
    /// The filter this user may see: the view's choice narrowed by the role. `None` when the role
    /// sees no reports or the view asks for something it may not.
    async fn scoped(&mut self, v: &View, heads_only: bool) -> Res<Option<Filter>> {
        let refuse = |t: &mut Self, key: &str| {
            let text = t.t(key);
            t.toast(text, true);
        };
        if let Some(m) = v.manager {
            match users::by_id(&mut self.tx, m).await? {
                Some(u) if u.active => {}
                Some(_) => {
                    refuse(self, "report-user-inactive");
                    return Ok(None);
                }
                None => {
                    refuse(self, "err-stale-button");
                    return Ok(None);
                }
            }
        }
        Ok(match self.me.role {
            Role::HeadOfSales => Some(Filter {
                manager: v.manager,
                direction: v.direction,
            }),
            Role::HeadOfDirection => match self.me.user.direction_id {
                Some(d) if v.direction.is_none_or(|x| x == d) => Some(Filter {
                    manager: v.manager,
                    direction: Some(d),
                }),
                _ => {
                    refuse(self, "report-not-yours");
                    None
                }
            },
            Role::Manager
                if !heads_only
                    && v.manager.is_none_or(|m| m == self.me.user.id)
                    && v.direction.is_none() =>
            {
                Some(Filter {
                    manager: Some(self.me.user.id),
                    direction: None,
                })
            }
            Role::Manager => {
                refuse(self, "report-heads-only");
                None
            }
            Role::Lawyer => {
                refuse(self, "report-heads-only");
                None
            }
        })
    }

    async fn scope_label(&mut self, f: &Filter) -> Res<String> {
        let mut parts = Vec::new();
        if let Some(m) = f.manager {
            parts.push(
                users::by_id(&mut self.tx, m)
                    .await?
                    .map(|u| u.name)
                    .unwrap_or_default(),
            );
        }
        if let Some(d) = f.direction {
            parts.push(
                catalog::direction(&mut self.tx, d)
                    .await?
                    .map(|d| d.name)
                    .unwrap_or_default(),
            );
        }
        Ok(if parts.is_empty() {
            self.t("report-everyone")
        } else {
            parts.join(" · ")
        })
    }

    fn period_label(&self, p: Period) -> String {
        crate::reports::period_label(self.me.lang, p, self.now.at, self.me.tz)
    }

    async fn summary_of(&mut self, f: Filter, p: Period) -> Res<Summary> {
        Ok(crate::reports::summary_for(&mut self.tx, f, p, self.now.at, self.me.tz).await?)
    }
}

/// The ◀️ ▶️ row under a paged list, `turn` making the button data for a page; `None` when there
/// is no other page to turn to.
fn page_nav(page: i64, pages: i64, turn: impl Fn(i64) -> Cb) -> Option<Vec<Btn>> {
    let mut nav = Vec::new();
    if page > 0 {
        nav.push(Btn::new("◀️".to_owned(), turn(page - 1)));
    }
    if page + 1 < pages {
        nav.push(Btn::new("▶️".to_owned(), turn(page + 1)));
    }
    (!nav.is_empty()).then_some(nav)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(row: Option<Vec<Btn>>) -> Vec<String> {
        row.unwrap_or_default()
            .into_iter()
            .map(|b| b.label)
            .collect()
    }

    #[test]
    fn a_paged_list_offers_back_after_the_first_page_and_forward_before_the_last() {
        let turn = |page: i64| Cb::SearchPage { page };
        assert_eq!(page_nav(0, 1, turn), None);
        assert_eq!(labels(page_nav(0, 3, turn)), ["▶️"]);
        assert_eq!(labels(page_nav(1, 3, turn)), ["◀️", "▶️"]);
        assert_eq!(labels(page_nav(2, 3, turn)), ["◀️"]);
        assert_eq!(
            page_nav(1, 3, turn),
            Some(vec![
                Btn::new("◀️".to_owned(), Cb::SearchPage { page: 0 }),
                Btn::new("▶️".to_owned(), Cb::SearchPage { page: 2 }),
            ])
        );
    }
}
