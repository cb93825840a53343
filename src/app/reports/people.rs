//! Per manager: calls, meetings, documents, steps moved, won, lost, overdue, silent deals and
//! the plan, 25 a page, with who is behind named first.

use super::{page_nav, View};
use crate::app::{Btn, Cb, Ctx, Kb, Res};
use crate::domain::Role;
use crate::i18n::{escape, tr, Lang};
use crate::reports::period::Period;
use crate::storage::reports::{self as q, Filter};
use crate::storage::users::{self, User};
use crate::tr;
use crate::ui::callbacks::Report;

/// How many people one page lists.
const PER_PAGE: usize = 25;

/// How many of those behind the first page names.
const BEHIND_SHOWN: usize = 5;

impl Ctx<'_> {
    /// Per manager: calls, meetings, documents, steps moved, won, lost, overdue.
    pub(in crate::app) async fn people(&mut self, v: View, page: i64) -> Res {
        let page = usize::try_from(page).unwrap_or(0);
        let Some(f) = self.scoped(&v, true).await? else {
            return Ok(());
        };
        let figures = self.people_figures(f, v.period).await?;
        let people = people_listed(users::list_all(&mut self.tx).await?, f, &figures);
        let pages = people.len().div_ceil(PER_PAGE).max(1);
        let page = page.min(pages - 1);
        let mut t = tr!(
            self.me.lang,
            "people-title",
            period = self.period_label(v.period),
            scope = self.scope_label(&f).await?
        );
        if page == 0 {
            t.push_str(&behind_block(self.me.lang, &people, &figures));
        }
        t.push('\n');
        t.push_str(&self.t("people-legend"));
        for u in people.iter().skip(page * PER_PAGE).take(PER_PAGE) {
            t.push_str(&person_line(self.me.lang, u, &figures));
        }
        let mut rows = Vec::new();
        rows.extend(page_nav(page as i64, pages as i64, |page| Cb::Report {
            report: Report::People { page },
            view: v,
        }));
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

    /// Everything the page counts, read once for all the people on it.
    async fn people_figures(&mut self, f: Filter, p: Period) -> Res<Figures> {
        let (from, to) = p.bounds(self.now.at, self.me.tz);
        let acts = q::activity_counts(&mut self.tx, f, from, to).await?;
        let closed = q::closed_by_manager(&mut self.tx, f, from, to).await?;
        let overdue = q::overdue_by_user(&mut self.tx, f, self.now.ts).await?;
        let won = q::won_money_by_manager(&mut self.tx, f, from, to).await?;
        let silent = q::silent_by_manager(&mut self.tx, f, self.now.ts).await?;
        let plans = match p.plan_months(self.now.at, self.me.tz) {
            Some(m) => match (m.first(), m.last()) {
                (Some(a), Some(b)) => q::manager_plans(&mut self.tx, *a, *b).await?,
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        Ok(Figures {
            acts,
            closed,
            overdue,
            won,
            silent,
            plans,
        })
    }
}

/// The period's figures per person, as the queries return them.
struct Figures {
    acts: Vec<q::ActivityCount>,
    closed: Vec<q::ManagerClosed>,
    /// (user, overdue deals)
    overdue: Vec<(i64, i64)>,
    /// (manager, won deals, won kopecks)
    won: Vec<(i64, i64, i64)>,
    /// (manager, silent deals)
    silent: Vec<(i64, i64)>,
    /// (manager, money plan, deals plan)
    plans: Vec<(i64, Option<i64>, Option<i64>)>,
}

impl Figures {
    /// Acted or closed a deal in the period.
    fn worked(&self, id: i64) -> bool {
        self.acts.iter().any(|a| a.author_id == id)
            || self.closed.iter().any(|c| c.manager_id == id)
    }

    fn acts(&self, id: i64, kind: &str) -> i64 {
        self.acts
            .iter()
            .filter(|a| a.author_id == id && a.kind == kind)
            .map(|a| a.n)
            .sum()
    }

    fn closed(&self, id: i64, status: &str) -> i64 {
        self.closed
            .iter()
            .filter(|x| x.manager_id == id && x.status == status)
            .map(|x| x.n)
            .sum()
    }

    fn overdue(&self, id: i64) -> i64 {
        sum(&self.overdue, id)
    }

    fn silent(&self, id: i64) -> i64 {
        sum(&self.silent, id)
    }

    /// Money won against the plan, in percent, for those with a money plan.
    fn plan_pct(&self, id: i64) -> Option<i64> {
        let (_, money, _) = self.plans.iter().find(|p| p.0 == id)?;
        let m = (*money)?;
        let fact = self.won.iter().find(|w| w.0 == id).map_or(0, |w| w.2);
        Some((fact * 100 + m / 2) / m)
    }
}

fn sum(rows: &[(i64, i64)], id: i64) -> i64 {
    rows.iter().filter(|x| x.0 == id).map(|x| x.1).sum()
}

/// Who the report lists, by name: managers and heads of sales in the scope, everyone who worked
/// in the period counted, switched off since or not.
fn people_listed(all: Vec<User>, f: Filter, figures: &Figures) -> Vec<User> {
    let mut people: Vec<User> = all
        .into_iter()
        .filter(|u| u.role == Role::Manager || u.role == Role::HeadOfSales)
        .filter(|u| u.active || figures.worked(u.id))
        .filter(|u| f.manager.is_none_or(|m| m == u.id))
        .filter(|u| f.direction.is_none() || u.role == Role::Manager)
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    people
}

/// One of those behind: the plan in percent, overdue and silent deals.
type Behind<'a> = (&'a User, Option<i64>, i64, i64);

/// Who is behind: under plan first, then the most overdue, then the most silent deals.
fn who_is_behind<'a>(people: &'a [User], figures: &Figures) -> Vec<Behind<'a>> {
    let mut behind: Vec<Behind> = people
        .iter()
        .filter(|u| u.active)
        .map(|u| {
            (
                u,
                figures.plan_pct(u.id),
                figures.overdue(u.id),
                figures.silent(u.id),
            )
        })
        .filter(|(_, p, o, s)| p.is_some_and(|p| p < 100) || *o > 0 || *s > 0)
        .collect();
    behind.sort_by(|a, b| {
        a.1.unwrap_or(100)
            .cmp(&b.1.unwrap_or(100))
            .then(b.2.cmp(&a.2))
            .then(b.3.cmp(&a.3))
            .then(a.0.name.cmp(&b.0.name))
    });
    behind
}

/// The first page's «who is behind» block, the first five named; empty when nobody is.
fn behind_block(lang: Lang, people: &[User], figures: &Figures) -> String {
    let behind = who_is_behind(people, figures);
    if behind.is_empty() {
        return String::new();
    }
    let mut t = String::from("\n");
    t.push_str(&tr(lang, "people-behind"));
    for (i, (u, p, o, s)) in behind.iter().take(BEHIND_SHOWN).enumerate() {
        let mut parts = Vec::new();
        if let Some(p) = p {
            parts.push(tr!(lang, "people-plan", pct = *p));
        }
        if *o > 0 {
            parts.push(tr!(lang, "people-overdue", count = *o));
        }
        if *s > 0 {
            parts.push(tr!(lang, "people-silent", count = *s));
        }
        t.push_str(&format!(
            "\n{}. <b>{}</b> — {}",
            i + 1,
            escape(&u.name),
            parts.join(" · ")
        ));
    }
    t.push('\n');
    t
}

/// One person's line of the table, in the legend's order; «(off)» for one switched off.
fn person_line(lang: Lang, u: &User, figures: &Figures) -> String {
    let off = if u.active {
        String::new()
    } else {
        format!(" {}", tr(lang, "people-off"))
    };
    let plan = figures
        .plan_pct(u.id)
        .map(|p| format!(" · 🎯 {p}%"))
        .unwrap_or_default();
    format!(
        "\n<b>{}</b>{off}: 📞 {} · 🤝 {} · 📄 {} · ▶️ {} · 🏆 {} · ❌ {} · ⚠️ {} · 💤 {}{plan}",
        escape(&u.name),
        figures.acts(u.id, "call"),
        figures.acts(u.id, "meeting"),
        figures.acts(u.id, "document"),
        figures.acts(u.id, "stage"),
        figures.closed(u.id, "won"),
        figures.closed(u.id, "lost"),
        figures.overdue(u.id),
        figures.silent(u.id)
    )
}
