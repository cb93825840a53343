//! Search: deals found by client, contact, ИНН or manager, within what the user may see, ten a
//! page; the chat's last query is kept so the page buttons carry only a number.

use super::page_nav;
use crate::app::{Btn, Cb, Ctx, Kb, Res};
use crate::domain::text::ellipsize;
use crate::domain::Role;
use crate::pipeline::DealStatus;
use crate::storage::reports::{self as q, Filter};
use crate::storage::{deals, users};
use crate::tr;

/// How many deals one page of results shows.
const SEARCH_PAGE: i64 = 10;

impl Ctx<'_> {
    /// Deals found by client, contact, ИНН or manager, within what the user may see.
    pub(in crate::app) async fn search(&mut self, query: &str) -> Res {
        self.search_page(query, 0).await
    }

    /// A page of the chat's last search.
    pub(in crate::app) async fn search_more(&mut self, page: i64) -> Res {
        match crate::storage::last_search(&mut self.tx, self.chat).await? {
            Some(q) => self.search_page(&q, page).await,
            None => {
                let text = self.t("err-stale-button");
                self.toast(text, false);
                Ok(())
            }
        }
    }

    async fn search_page(&mut self, query: &str, page: i64) -> Res {
        let page = page.max(0);
        let q = query.trim();
        let len = q.chars().count();
        if !(2..=100).contains(&len) {
            let text = self.t("search-length");
            self.send(text, Kb::None);
            return Ok(());
        }
        let Some(filter) = self.search_scope() else {
            return Ok(());
        };
        let managers = self.managers_named(q).await?;
        let (ids, total) = q::search(
            &mut self.tx,
            filter,
            q,
            &managers,
            SEARCH_PAGE,
            page * SEARCH_PAGE,
        )
        .await?;
        if ids.is_empty() && page == 0 {
            let text = tr!(self.me.lang, "search-none", query = q);
            self.send(text, Kb::None);
            return Ok(());
        }
        let mut rows = self.found_deal_rows(ids).await?;
        crate::storage::save_search(&mut self.tx, self.chat, q, self.now.ts).await?;
        let pages = (total + SEARCH_PAGE - 1) / SEARCH_PAGE;
        rows.extend(page_nav(page, pages, |page| Cb::SearchPage { page }));
        let text = tr!(
            self.me.lang,
            "search-found",
            query = q,
            count = total,
            page = page + 1,
            pages = pages.max(1)
        );
        self.show(text, Kb::Inline(rows));
        Ok(())
    }

    /// Whose deals a search looks through: all for a head of sales, the direction's for its
    /// head, a manager's own; the lawyer is told searching is for the others (`None`).
    fn search_scope(&mut self) -> Option<Filter> {
        Some(match self.me.role {
            Role::HeadOfSales => Filter::default(),
            Role::HeadOfDirection => Filter {
                manager: None,
                direction: self.me.user.direction_id.or(Some(-1)),
            },
            Role::Manager => Filter {
                manager: Some(self.me.user.id),
                direction: None,
            },
            Role::Lawyer => {
                let text = self.t("report-heads-only");
                self.send(text, Kb::None);
                return None;
            }
        })
    }

    /// Active team members whose name holds the query, so a search by a manager's name finds
    /// their deals.
    async fn managers_named(&mut self, q: &str) -> Res<Vec<i64>> {
        let needle = q.to_lowercase();
        Ok(users::list_active(&mut self.tx)
            .await?
            .into_iter()
            .filter(|u| u.name.to_lowercase().contains(&needle))
            .map(|u| u.id)
            .collect())
    }

    /// A button per found deal, its status named unless the deal is open.
    async fn found_deal_rows(&mut self, ids: Vec<i64>) -> Res<Vec<Vec<Btn>>> {
        let mut rows = Vec::new();
        for id in ids {
            if let Some(d) = deals::deal(&mut self.tx, id).await? {
                let status = if d.status == DealStatus::Open {
                    String::new()
                } else {
                    format!(" · {}", self.t(&format!("status-{}", d.status.code())))
                };
                rows.push(vec![Btn::new(
                    ellipsize(
                        &format!("№{} {} · {}{status}", d.id, d.client_name, d.manager_name),
                        60,
                    ),
                    Cb::Deal(d.id),
                )]);
            }
        }
        Ok(rows)
    }
}
