//! Reports in chat, scoped by role: a manager sees their own deals, a head of direction their
//! direction, a head of sales everything (with filters). Periods and filters travel in the
//! buttons and are re-checked on every press.

use chrono::DateTime;

use super::{Btn, Cb, Ctx, Kb, Out, Res};
use crate::domain::text::ellipsize;
use crate::domain::Role;
use crate::i18n::{escape, tr};
use crate::pipeline::{Check, DealStatus, Stage, STAGES};
use crate::reports::export;
use crate::reports::period::Period;
use crate::reports::summary::Summary;
use crate::storage::reports::{self as q, Filter};
use crate::storage::{catalog, deals, users};
use crate::tr;

use crate::ui::callbacks::Report;
pub(super) use crate::ui::callbacks::View;

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

    pub(super) async fn pipeline(&mut self, v: View) -> Res {
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

    pub(super) async fn pipeline_chart(&mut self, v: View) -> Res {
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

    /// Filter pickers: managers (active only) or directions, a page of at most 40 at a time.
    pub(super) async fn pick_filter(&mut self, v: View, what: &str, page: i64) -> Res {
        const PICK_PAGE: usize = 40;
        if self.scoped(&v, true).await?.is_none() {
            return Ok(());
        }
        let summary = |view: View| Cb::Report {
            report: Report::Summary,
            view,
        };
        let everyone = if what == "m" {
            View { manager: None, ..v }
        } else {
            View {
                direction: None,
                ..v
            }
        };
        let mut rows = vec![vec![Btn::new(self.t("report-everyone"), summary(everyone))]];
        let choices: Vec<(String, View)> = if what == "m" {
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
        };
        let pages = choices.len().div_ceil(PICK_PAGE).max(1) as i64;
        let page = page.clamp(0, pages - 1);
        for (name, view) in choices
            .into_iter()
            .skip(page as usize * PICK_PAGE)
            .take(PICK_PAGE)
        {
            rows.push(vec![Btn::new(ellipsize(&name, 40), summary(view))]);
        }
        let turn = |page: i64| {
            let report = if what == "m" {
                Report::PickManager { page }
            } else {
                Report::PickDirection { page }
            };
            Cb::Report { report, view: v }
        };
        let mut nav = Vec::new();
        if page > 0 {
            nav.push(Btn::new("◀️".to_owned(), turn(page - 1)));
        }
        if page + 1 < pages {
            nav.push(Btn::new("▶️".to_owned(), turn(page + 1)));
        }
        if !nav.is_empty() {
            rows.push(nav);
        }
        let text = self.t(if what == "m" {
            "pick-manager"
        } else {
            "pick-direction"
        });
        self.show(text, Kb::Inline(rows));
        Ok(())
    }

    /// «Свой период»: the view's filters are checked before the form starts, so a forged button
    /// changes nothing.
    pub(super) async fn own_period(&mut self, v: View) -> Res {
        if self.scoped(&v, false).await?.is_none() {
            return Ok(());
        }
        self.start_form(crate::dialogue::FormKind::ReportPeriod {
            manager: v.manager.unwrap_or(0),
            direction: v.direction.unwrap_or(0),
        })
        .await
    }

    /// «🎯 План»: this month's plan for the scope on screen, from a head of sales.
    pub(super) async fn plan_form(&mut self, v: View) -> Res {
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

    pub(super) async fn save_plan(&mut self, v: View, a: &crate::dialogue::Answers) -> Res {
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

    /// Per manager: calls, meetings, documents, steps moved, won, lost, overdue.
    pub(super) async fn people(&mut self, v: View, page: i64) -> Res {
        let page = usize::try_from(page).unwrap_or(0);
        let Some(f) = self.scoped(&v, true).await? else {
            return Ok(());
        };
        let (from, to) = v.period.bounds(self.now.at, self.me.tz);
        let acts = q::activity_counts(&mut self.tx, f, from, to).await?;
        let closed = q::closed_by_manager(&mut self.tx, f, from, to).await?;
        let overdue = q::overdue_by_user(&mut self.tx, f, self.now.ts).await?;
        let won = q::won_money_by_manager(&mut self.tx, f, from, to).await?;
        let silent = q::silent_by_manager(&mut self.tx, f, self.now.ts).await?;
        let plans = match v.period.plan_months(self.now.at, self.me.tz) {
            Some(m) => match (m.first(), m.last()) {
                (Some(a), Some(b)) => q::manager_plans(&mut self.tx, *a, *b).await?,
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        // everyone who worked in the period counts, switched off since or not
        let worked = |id: i64| {
            acts.iter().any(|a| a.author_id == id) || closed.iter().any(|c| c.manager_id == id)
        };
        let mut people: Vec<users::User> = users::list_all(&mut self.tx)
            .await?
            .into_iter()
            .filter(|u| u.role == Role::Manager || u.role == Role::HeadOfSales)
            .filter(|u| u.active || worked(u.id))
            .filter(|u| f.manager.is_none_or(|m| m == u.id))
            .filter(|u| f.direction.is_none() || u.role == Role::Manager)
            .collect();
        people.sort_by(|a, b| a.name.cmp(&b.name));
        let sum = |rows: &[(i64, i64)], id: i64| {
            rows.iter().filter(|x| x.0 == id).map(|x| x.1).sum::<i64>()
        };
        // money won against the plan, in percent, for those with a money plan
        let plan_pct = |id: i64| -> Option<i64> {
            let (_, money, _) = plans.iter().find(|p| p.0 == id)?;
            let m = (*money)?;
            let fact = won.iter().find(|w| w.0 == id).map_or(0, |w| w.2);
            Some((fact * 100 + m / 2) / m)
        };
        const PER_PAGE: usize = 25;
        let pages = people.len().div_ceil(PER_PAGE).max(1);
        let page = page.min(pages - 1);
        let mut t = tr!(
            self.me.lang,
            "people-title",
            period = self.period_label(v.period),
            scope = self.scope_label(&f).await?
        );
        // who is behind: under plan first, then the most overdue, then the most silent deals
        let mut behind: Vec<(&users::User, Option<i64>, i64, i64)> = people
            .iter()
            .filter(|u| u.active)
            .map(|u| (u, plan_pct(u.id), sum(&overdue, u.id), sum(&silent, u.id)))
            .filter(|(_, p, o, s)| p.is_some_and(|p| p < 100) || *o > 0 || *s > 0)
            .collect();
        behind.sort_by(|a, b| {
            a.1.unwrap_or(100)
                .cmp(&b.1.unwrap_or(100))
                .then(b.2.cmp(&a.2))
                .then(b.3.cmp(&a.3))
                .then(a.0.name.cmp(&b.0.name))
        });
        if page == 0 && !behind.is_empty() {
            t.push('\n');
            t.push_str(&self.t("people-behind"));
            for (i, (u, p, o, s)) in behind.iter().take(5).enumerate() {
                let mut parts = Vec::new();
                if let Some(p) = p {
                    parts.push(tr!(self.me.lang, "people-plan", pct = *p));
                }
                if *o > 0 {
                    parts.push(tr!(self.me.lang, "people-overdue", count = *o));
                }
                if *s > 0 {
                    parts.push(tr!(self.me.lang, "people-silent", count = *s));
                }
                t.push_str(&format!(
                    "\n{}. <b>{}</b> — {}",
                    i + 1,
                    escape(&u.name),
                    parts.join(" · ")
                ));
            }
            t.push('\n');
        }
        t.push('\n');
        t.push_str(&self.t("people-legend"));
        for u in people.iter().skip(page * PER_PAGE).take(PER_PAGE) {
            let n = |kind: &str| {
                acts.iter()
                    .filter(|a| a.author_id == u.id && a.kind == kind)
                    .map(|a| a.n)
                    .sum::<i64>()
            };
            let c = |status: &str| {
                closed
                    .iter()
                    .filter(|x| x.manager_id == u.id && x.status == status)
                    .map(|x| x.n)
                    .sum::<i64>()
            };
            let off = if u.active {
                String::new()
            } else {
                format!(" {}", self.t("people-off"))
            };
            let plan = plan_pct(u.id)
                .map(|p| format!(" · 🎯 {p}%"))
                .unwrap_or_default();
            t.push_str(&format!(
                "\n<b>{}</b>{off}: 📞 {} · 🤝 {} · 📄 {} · ▶️ {} · 🏆 {} · ❌ {} · ⚠️ {} · 💤 {}{plan}",
                escape(&u.name),
                n("call"),
                n("meeting"),
                n("document"),
                n("stage"),
                c("won"),
                c("lost"),
                sum(&overdue, u.id),
                sum(&silent, u.id)
            ));
        }
        let mut rows = Vec::new();
        let mut nav = Vec::new();
        if page > 0 {
            nav.push(Btn::new(
                "◀️".to_owned(),
                Cb::Report {
                    report: Report::People {
                        page: page as i64 - 1,
                    },
                    view: v,
                },
            ));
        }
        if page + 1 < pages {
            nav.push(Btn::new(
                "▶️".to_owned(),
                Cb::Report {
                    report: Report::People {
                        page: page as i64 + 1,
                    },
                    view: v,
                },
            ));
        }
        if !nav.is_empty() {
            rows.push(nav);
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

    /// Why deals are lost: reasons, stages, positions of who refused.
    pub(super) async fn lost(&mut self, v: View) -> Res {
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
    pub(super) async fn compliance(&mut self, v: View) -> Res {
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

    pub(super) async fn compliance_drill(&mut self, check: Check, v: View) -> Res {
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

    /// Deals and activities of the period as CSV (for Russian Excel) and XLSX. The turn only
    /// checks who may export what; the files are built after the commit, on a read connection,
    /// so a large export never holds the write lock other users' updates wait for.
    pub(super) async fn export(&mut self, v: View) -> Res {
        let Some(filter) = self.scoped(&v, true).await? else {
            return Ok(());
        };
        let (from, to) = v.period.bounds(self.now.at, self.me.tz);
        let text = self.t("export-started");
        self.send(text, Kb::None);
        self.out
            .msgs
            .push(Out::Job(super::Job::Export(super::ExportJob {
                chat: self.chat,
                lang: self.me.lang,
                tz: self.me.tz,
                now: self.now.at,
                filter,
                from,
                to,
            })));
        Ok(())
    }

    /// Deals found by client, contact, ИНН or manager, within what the user may see.
    pub(super) async fn search(&mut self, query: &str) -> Res {
        self.search_page(query, 0).await
    }

    /// A page of the chat's last search.
    pub(super) async fn search_more(&mut self, page: i64) -> Res {
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
        const SEARCH_PAGE: i64 = 10;
        let page = page.max(0);
        let q = query.trim();
        let len = q.chars().count();
        if !(2..=100).contains(&len) {
            let text = self.t("search-length");
            self.send(text, Kb::None);
            return Ok(());
        }
        let filter = match self.me.role {
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
                return Ok(());
            }
        };
        let needle = q.to_lowercase();
        let managers: Vec<i64> = users::list_active(&mut self.tx)
            .await?
            .into_iter()
            .filter(|u| u.name.to_lowercase().contains(&needle))
            .map(|u| u.id)
            .collect();
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
        crate::storage::save_search(&mut self.tx, self.chat, q, self.now.ts).await?;
        let pages = (total + SEARCH_PAGE - 1) / SEARCH_PAGE;
        let mut nav = Vec::new();
        if page > 0 {
            nav.push(Btn::new("◀️".to_owned(), Cb::SearchPage { page: page - 1 }));
        }
        if page + 1 < pages {
            nav.push(Btn::new("▶️".to_owned(), Cb::SearchPage { page: page + 1 }));
        }
        if !nav.is_empty() {
            rows.push(nav);
        }
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
}

/// Builds the export files on a read connection, after the turn that asked for them.
pub(super) async fn export_files(
    db: &crate::storage::Db,
    job: &super::ExportJob,
) -> Result<Vec<Out>, sqlx::Error> {
    let super::ExportJob {
        chat,
        lang,
        tz,
        now,
        filter: f,
        from,
        to,
    } = job.clone();
    let mut c = db.acquire().await?;
    let deals_rows = q::export_deals(&mut c, f, from, to).await?;
    let acts = q::export_activities(&mut c, f, from, to).await?;
    if deals_rows.is_empty() && acts.is_empty() {
        return Ok(vec![Out::Send {
            chat,
            text: tr(lang, "no-data"),
            kb: Kb::None,
        }]);
    }
    use export::Cell;
    let time = |ts: i64| {
        DateTime::from_timestamp(ts, 0)
            .map(|t| Cell::Time(t.with_timezone(&tz).naive_local()))
            .unwrap_or(Cell::Empty)
    };
    let l = |k: &str| tr(lang, k);
    let stage = |code: &str| {
        Stage::from_code(code)
            .map(|s| {
                tr!(
                    lang,
                    "stage-name",
                    step = u32::from(s.step()),
                    name = tr(lang, &format!("stage-{}", s.code()))
                )
            })
            .unwrap_or_default()
    };
    let dh = [
        l("x-id"),
        l("x-client"),
        l("x-inn"),
        l("x-contact"),
        l("x-position"),
        l("x-manager"),
        l("x-direction"),
        l("x-stage"),
        l("x-status"),
        l("x-amount"),
        l("x-created"),
        l("x-closed"),
    ];
    let dh: Vec<&str> = dh.iter().map(String::as_str).collect();
    let text = |s: String| Cell::Text(s);
    let drows: Vec<Vec<Cell>> = deals_rows
        .iter()
        .map(|d| {
            vec![
                Cell::Int(d.id),
                text(d.client.clone()),
                text(d.inn.clone().unwrap_or_default()),
                text(d.contact.clone()),
                text(d.position.clone()),
                text(d.manager.clone()),
                text(d.direction.clone().unwrap_or_default()),
                text(stage(&d.stage)),
                text(l(&format!("x-status-{}", d.status))),
                d.amount_kopecks.map(Cell::Money).unwrap_or(Cell::Empty),
                time(d.created_at),
                d.closed_at.map(time).unwrap_or(Cell::Empty),
            ]
        })
        .collect();
    let ah = [
        l("x-id"),
        l("x-deal"),
        l("x-client"),
        l("x-author"),
        l("x-kind"),
        l("x-stage"),
        l("x-body"),
        l("x-time"),
    ];
    let ah: Vec<&str> = ah.iter().map(String::as_str).collect();
    let arows: Vec<Vec<Cell>> = acts
        .iter()
        .map(|a| {
            vec![
                Cell::Int(a.id),
                Cell::Int(a.deal_id),
                text(a.client.clone()),
                text(a.author.clone().unwrap_or_default()),
                text(l(&format!("opt-kind-{}", a.kind))),
                text(stage(&a.stage)),
                text(crate::i18n::render_body(
                    lang,
                    &crate::pipeline::timeline::Body::decode(&a.body),
                )),
                time(a.created_at),
            ]
        })
        .collect();
    let stamp = now.with_timezone(&tz).format("%Y-%m-%d").to_string();
    let mut outs = Vec::new();
    // a file over what Telegram takes comes in parts, each opening on its own
    for (name, header, rows) in [("deals", &dh, &drows), ("activities", &ah, &arows)] {
        let parts = export::csv_parts(header, rows, export::MAX_FILE_BYTES);
        let n = parts.len();
        for (i, bytes) in parts.into_iter().enumerate() {
            let file_name = if n == 1 {
                format!("{name}_{stamp}.csv")
            } else {
                format!("{name}_{stamp}_part{}of{n}.csv", i + 1)
            };
            outs.push(Out::Upload {
                chat,
                file_name,
                bytes,
                caption: String::new(),
            });
        }
    }
    match export::xlsx(&[
        (&l("x-sheet-deals"), &dh, &drows),
        (&l("x-sheet-activities"), &ah, &arows),
    ]) {
        Ok(bytes) if bytes.len() > export::MAX_FILE_BYTES => {
            outs.push(Out::Send {
                chat,
                text: tr(lang, "export-xlsx-too-big"),
                kb: Kb::None,
            });
        }
        Ok(bytes) => {
            let caption = tr!(
                lang,
                "export-caption",
                deals = drows.len(),
                activities = arows.len()
            );
            outs.push(Out::Upload {
                chat,
                file_name: format!("report_{stamp}.xlsx"),
                bytes,
                caption,
            });
        }
        Err(e) => tracing::error!(error = %e, "xlsx export failed"),
    }
    Ok(outs)
}
