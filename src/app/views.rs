//! What the user looks at: the menu, the deals list, a deal card and its timeline, the team,
//! directions, the price list and settings.

use super::{Btn, Cb, Command, Ctx, Kb, Out, Res};
use crate::dialogue::{FormKind, State};
use crate::domain::text::ellipsize;
use crate::domain::{Money, Phone, Role};
use crate::i18n::{escape, tr, Lang};
use crate::pipeline::timeline::Body;
use crate::pipeline::{ActivityKind, ApprovalKind, DealStatus, Stage};
use crate::storage::{catalog, deals, users};
use crate::tr;

const PAGE: i64 = 8;
const TIMELINE_PAGE: i64 = 10;

/// The reply keyboard a role gets: its commands' buttons, two to a row.
pub fn menu(lang: Lang, role: Role) -> Kb {
    Kb::Menu(
        Command::keyboard_for(role)
            .into_iter()
            .map(|row| row.into_iter().map(|(_, key)| tr(lang, key)).collect())
            .collect(),
    )
}

/// The command a menu button's text stands for, in either language.
pub fn menu_command(text: &str) -> Option<Command> {
    // the labels in both languages, rendered once
    static LABELS: std::sync::OnceLock<Vec<(String, Command)>> = std::sync::OnceLock::new();
    let labels = LABELS.get_or_init(|| {
        Command::ALL
            .into_iter()
            .filter_map(|c| c.keyboard_label().map(|key| (c, key)))
            .flat_map(|(c, key)| Lang::ALL.iter().map(move |l| (tr(*l, key), c)))
            .collect()
    });
    let t = text.trim();
    labels.iter().find(|(l, _)| l == t).map(|(_, c)| *c)
}

/// The commands Telegram's menu offers a role, with their description keys.
pub fn commands_for(chat: i64, lang: Lang, role: Role) -> Out {
    Out::Commands {
        chat,
        lang,
        commands: Command::menu_for(role),
    }
}

/// /help: what the bot is, a line for each command the role is offered, and how a deal goes for
/// those who work deals.
pub fn help(lang: Lang, role: Role) -> String {
    let mut text = tr(lang, "help-intro");
    for (name, key) in Command::help_for(role) {
        text.push_str(&format!(
            "\n/{name} — {}",
            tr!(lang, key, role = role.code())
        ));
    }
    if role.works_deals() {
        text.push_str("\n\n");
        text.push_str(&tr(lang, "help-manager"));
    }
    text
}

impl Ctx<'_> {
    /// /start from a member: a deep link from the board opens its deal's card; otherwise the
    /// menus again and a welcome back.
    pub(super) async fn start(&mut self, arg: &str) -> Res {
        // t.me/<bot>?start=deal_<id>
        if let Some(id) = arg
            .strip_prefix("deal_")
            .and_then(|d| d.parse::<i64>().ok())
        {
            return self.deal_card(id).await;
        }
        let key = if arg.is_empty() {
            "welcome-back"
        } else {
            "invite-already-member"
        };
        self.out
            .msgs
            .push(commands_for(self.chat, self.me.lang, self.me.role));
        let text = tr!(self.me.lang, key, name = &self.me.user.name);
        let kb = menu(self.me.lang, self.me.role);
        self.send(text, kb);
        self.reprompt().await
    }

    /// /cancel: the form in progress is left (its answers kept as a draft where they can be).
    pub(super) async fn cancel(&mut self) -> Res {
        let key = match std::mem::take(&mut self.state) {
            State::Form(fs) => {
                if self.keep_draft(&fs).await? {
                    "cancelled-kept"
                } else {
                    "cancelled"
                }
            }
            State::Idle => "nothing-to-cancel",
        };
        let text = self.t(key);
        let kb = menu(self.me.lang, self.me.role);
        self.send(text, kb);
        Ok(())
    }

    fn scope(&self) -> Option<deals::Scope> {
        match self.me.role {
            Role::HeadOfSales => Some(deals::Scope::All),
            Role::Manager => Some(deals::Scope::Manager(self.me.user.id)),
            Role::HeadOfDirection => Some(match self.me.user.direction_id {
                Some(d) => deals::Scope::Direction(d),
                None => deals::Scope::Manager(self.me.user.id),
            }),
            Role::Lawyer => None,
        }
    }

    pub(super) async fn deals_list(&mut self, page: i64) -> Res {
        let Some(scope) = self.scope() else {
            let text = self.t("role-cannot-work-deals");
            self.toast(text, true);
            return Ok(());
        };
        let page = page.max(0);
        let (rows, total) = deals::open_deals(&mut self.tx, scope, PAGE, page * PAGE).await?;
        if total == 0 {
            let text = self.t("deals-empty");
            let kb = if self.me.role.works_deals() {
                Kb::Inline(vec![vec![Btn::new(self.t("menu-new"), Cb::NewContact)]])
            } else {
                Kb::None
            };
            self.show(text, kb);
            return Ok(());
        }
        let pages = (total + PAGE - 1) / PAGE;
        let mut kb: Vec<Vec<Btn>> = rows
            .iter()
            .map(|d| {
                let mut label = format!(
                    "№{} {} · {}",
                    d.id,
                    d.client_name,
                    self.t(&format!("stage-{}", d.stage.code()))
                );
                if !matches!(scope, deals::Scope::Manager(_)) {
                    label.push_str(&format!(" · {}", d.manager_name));
                }
                vec![Btn::new(ellipsize(&label, 60), Cb::Deal(d.id))]
            })
            .collect();
        let mut nav = Vec::new();
        if page > 0 {
            nav.push(Btn::new("◀️".to_owned(), Cb::Deals { page: page - 1 }));
        }
        if page + 1 < pages {
            nav.push(Btn::new("▶️".to_owned(), Cb::Deals { page: page + 1 }));
        }
        if !nav.is_empty() {
            kb.push(nav);
        }
        let text = tr!(
            self.me.lang,
            "deals-title",
            count = total,
            page = page + 1,
            pages = pages
        );
        self.show(text, Kb::Inline(kb));
        Ok(())
    }

    pub(super) async fn deal_card(&mut self, id: i64) -> Res {
        let Some(d) = self.visible_deal(id).await? else {
            return Ok(());
        };
        let stage = d.stage;
        let mut text = format!("<b>№{} · {}</b>\n", d.id, escape(&d.client_name));
        let phone = d
            .contact_phone
            .clone()
            .map(|p| format!(" · {}", Phone::from_stored(p)))
            .unwrap_or_default();
        text.push_str(&format!(
            "👤 {}, {}{}\n",
            escape(&d.contact_name),
            escape(&d.contact_position),
            phone
        ));
        let status = match d.status {
            DealStatus::Open => String::new(),
            s => format!(" · {}", self.t(&format!("status-{}", s.code()))),
        };
        text.push_str(&format!("🧭 {}{}\n", self.stage_name(stage), status));
        let mut line = format!("👔 {}", escape(&d.manager_name));
        if let Some(dir) = &d.direction_name {
            line.push_str(&format!(" · 📂 {}", escape(dir)));
        }
        let channel = self.t(&format!("opt-channel-{}", d.channel));
        line.push_str(&format!(
            " · {}",
            tr!(self.me.lang, "card-channel", channel = channel)
        ));
        text.push_str(&line);
        text.push('\n');
        if let Some(amount) = d.amount_kopecks {
            text.push_str(&format!("💰 {}\n", Money::from_kopecks(amount)));
        }
        match deals::next_reminder(&mut self.tx, d.id).await? {
            Some(r) => {
                let kind = r.kind;
                let overdue = if r.due_at < self.now.ts {
                    format!(" {}", self.t("overdue"))
                } else {
                    String::new()
                };
                let note = if r.note.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", escape(&r.note))
                };
                text.push_str(&format!(
                    "⏰ {}: {}{}{}\n",
                    self.t(&format!("reminder-{}", kind.code())),
                    self.fmt_time(r.due_at),
                    note,
                    overdue
                ));
            }
            None => text.push_str(&format!("⏰ {}\n", self.t("nothing-due"))),
        }
        text.push_str(&self.deal_state_lines(&d).await?);
        let recent = deals::recent_activities(&mut self.tx, d.id, 5).await?;
        if !recent.is_empty() {
            text.push_str(&format!("\n<b>{}</b>\n", self.t("recent-activity")));
            for a in &recent {
                text.push_str(&self.activity_line(a, 120));
                text.push('\n');
            }
        }
        let mut rows = Vec::new();
        let open = d.status == DealStatus::Open;
        if open && self.can_work(&d) {
            if let Some(next) = stage.next().filter(|n| FormKind::in_bot(*n)) {
                rows.push(vec![Btn::new(
                    tr!(self.me.lang, "btn-next-step", stage = self.stage_name(next)),
                    Cb::Step {
                        deal: d.id,
                        stage: next,
                    },
                )]);
            }
        }
        rows.push(vec![
            Btn::new(self.t("btn-log"), Cb::Log(d.id)),
            Btn::new(self.t("btn-remind"), Cb::Remind(d.id)),
        ]);
        let mut last = vec![Btn::new(
            self.t("btn-history"),
            Cb::Timeline {
                deal: d.id,
                page: None,
            },
        )];
        if open && self.can_work(&d) {
            last.push(Btn::new(self.t("btn-refusal"), Cb::Refuse(d.id)));
        }
        if d.status == DealStatus::Lost && self.me.role == Role::HeadOfSales {
            last.push(Btn::new(self.t("btn-reopen"), Cb::Reopen(d.id)));
        }
        rows.push(last);
        if self.me.role == Role::HeadOfSales {
            rows.push(vec![Btn::new(self.t("btn-privacy"), Cb::Privacy(d.id))]);
        }
        rows.push(vec![Btn::new(
            self.t("btn-back-to-list"),
            Cb::Deals { page: 0 },
        )]);
        self.show(text, Kb::Inline(rows));
        Ok(())
    }

    /// What a card says about decisions, refusal, win and payments.
    async fn deal_state_lines(&mut self, d: &deals::Deal) -> Res<String> {
        use crate::storage::flow;
        let mut out = String::new();
        if d.status == DealStatus::Lost {
            if let Some(r) = flow::last_refusal(&mut self.tx, d.id).await? {
                let day = chrono::DateTime::from_timestamp(r.refused_on, 0)
                    .map(|t| t.with_timezone(&self.me.tz).format("%d.%m.%Y").to_string())
                    .unwrap_or_default();
                out.push_str(&tr!(
                    self.me.lang,
                    "card-refused",
                    day = day,
                    reason = r.reason,
                    name = r.contact_name,
                    position = r.contact_position
                ));
                out.push('\n');
            }
        }
        if d.status == DealStatus::Won {
            out.push_str(&self.t("card-won"));
            out.push('\n');
        }
        for kind in ApprovalKind::ALL {
            let Some(a) = flow::latest_approval(&mut self.tx, d.id, kind).await? else {
                continue;
            };
            let who = match a.decided_by {
                Some(id) => users::by_id(&mut self.tx, id)
                    .await?
                    .map(|u| u.name)
                    .unwrap_or_default(),
                None => String::new(),
            };
            let line = tr!(
                self.me.lang,
                &format!("card-approval-{}", a.state.code()),
                what = self.t(&format!("kind-{}", kind.code())),
                who = who,
                comment = a.comment.clone().unwrap_or_default()
            );
            out.push_str(&line);
            out.push('\n');
        }
        let stage = d.stage;
        if stage >= Stage::Invoice {
            let (total, paid) = self.owed(d.id).await?;
            out.push_str(&tr!(
                self.me.lang,
                "card-paid",
                paid = Money::from_kopecks(paid).to_string(),
                total = Money::from_kopecks(total).to_string()
            ));
            out.push('\n');
        }
        Ok(out)
    }

    /// One timeline entry on one line: «27.11 15:04 · Звонок · Анна: текст».
    fn activity_line(&self, a: &deals::Activity, max_body: usize) -> String {
        let when = chrono::DateTime::from_timestamp(a.created_at, 0)
            .map(|t| {
                t.with_timezone(&self.me.tz)
                    .format("%d.%m %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        let kind = ActivityKind::from_code(&a.kind);
        let what = match kind {
            Some(ActivityKind::Stage) => {
                let stage = Stage::from_code(&a.stage)
                    .map(|s| self.stage_name(s))
                    .unwrap_or_default();
                tr!(self.me.lang, "tl-stage", stage = stage)
            }
            Some(ActivityKind::Reminder) => {
                let (k, due) = a.body.split_once('@').unwrap_or(("custom", "0"));
                let due = due.parse().unwrap_or(0);
                tr!(
                    self.me.lang,
                    "tl-reminder",
                    kind = self.t(&format!("reminder-{k}")),
                    at = self.fmt_time(due)
                )
            }
            Some(k) => self.t(&format!("opt-kind-{}", k.code())),
            None => escape(&a.kind),
        };
        let author = a
            .author_name
            .as_deref()
            .map(|n| format!(" · {}", escape(n)))
            .unwrap_or_default();
        let mut body = String::new();
        if kind != Some(ActivityKind::Reminder) && !a.body.is_empty() {
            let words = Body::decode(&a.body).render(self.me.lang);
            if !words.is_empty() {
                body = format!(
                    ": {}",
                    escape(&ellipsize(&words.replace('\n', " / "), max_body))
                );
            }
        }
        if let Some(secs) = a.duration_secs {
            body.push_str(&format!(
                " 🎤 {}",
                tr!(self.me.lang, "voice-seconds", n = secs)
            ));
        } else if let Some(name) = &a.file_name {
            body.push_str(&format!(" 📎 {}", escape(name)));
        }
        format!("{when} · {what}{author}{body}")
    }

    /// A «Шаг N» button: it names the step it records, so once the deal is elsewhere (the step
    /// recorded, another device, a head) the old button is refused instead of opening another.
    pub(super) async fn next_step(&mut self, deal_id: i64, target: Stage) -> Res {
        let Some(d) = self.visible_deal(deal_id).await? else {
            return Ok(());
        };
        if d.status != DealStatus::Open {
            let text = self.t("step-closed");
            self.toast(text, true);
            return Ok(());
        }
        // a payment is recorded again and again while the deal waits at the invoice
        let again = target == Stage::Payment && d.stage == Stage::Invoice;
        if d.stage.next() != Some(target) && !again {
            let text = tr!(
                self.me.lang,
                "step-button-stale",
                stage = self.stage_name(d.stage)
            );
            self.toast(text, true);
            self.deal_card(deal_id).await?;
            // pressed twice, or on a card that already shows where the deal is: nothing to edit
            self.drop_unchanged_edit();
            return Ok(());
        }
        if self.second_half_step(deal_id, target).await? {
            return Ok(());
        }
        match FormKind::for_stage(target, deal_id) {
            Some(form) => self.start_form(form).await,
            None => {
                let text = tr!(
                    self.me.lang,
                    "step-not-in-bot",
                    stage = self.stage_name(target)
                );
                self.toast(text, true);
                Ok(())
            }
        }
    }

    /// A deal's whole history, oldest first, a page at a time; `page` -1 means the last page.
    pub(super) async fn timeline(&mut self, deal_id: i64, page: i64) -> Res {
        let Some(d) = self.visible_deal(deal_id).await? else {
            return Ok(());
        };
        let (_, total) = deals::activities(&mut self.tx, deal_id, 0, 0).await?;
        let pages = ((total + TIMELINE_PAGE - 1) / TIMELINE_PAGE).max(1);
        let page = if page < 0 || page >= pages {
            pages - 1
        } else {
            page
        };
        let (rows, _) =
            deals::activities(&mut self.tx, deal_id, TIMELINE_PAGE, page * TIMELINE_PAGE).await?;
        let mut text = tr!(
            self.me.lang,
            "timeline-title",
            id = d.id,
            client = &d.client_name,
            page = page + 1,
            pages = pages
        );
        text.push('\n');
        let mut media = Vec::new();
        for (i, a) in rows.iter().enumerate() {
            let n = page * TIMELINE_PAGE + i as i64 + 1;
            text.push_str(&format!("\n{n}. {}", self.activity_line(a, 300)));
            if a.file_id.is_some() {
                media.push(Btn::new(format!("▶️ {n}"), Cb::Play(a.id)));
            }
        }
        let mut kb: Vec<Vec<Btn>> = media.chunks(4).map(<[Btn]>::to_vec).collect();
        let mut nav = Vec::new();
        if page > 0 {
            nav.push(Btn::new(
                "◀️".to_owned(),
                Cb::Timeline {
                    deal: deal_id,
                    page: Some(page - 1),
                },
            ));
        }
        if page + 1 < pages {
            nav.push(Btn::new(
                "▶️".to_owned(),
                Cb::Timeline {
                    deal: deal_id,
                    page: Some(page + 1),
                },
            ));
        }
        if !nav.is_empty() {
            kb.push(nav);
        }
        kb.push(vec![Btn::new(self.t("btn-open-deal"), Cb::Deal(deal_id))]);
        self.show(text, Kb::Inline(kb));
        Ok(())
    }

    /// Plays back a voice note or resends a file from the timeline.
    pub(super) async fn play(&mut self, activity_id: i64) -> Res {
        let Some(a) = deals::activity(&mut self.tx, activity_id).await? else {
            let text = self.t("err-stale-button");
            self.toast(text, false);
            return Ok(());
        };
        if self.visible_deal(a.deal_id).await?.is_none() {
            return Ok(());
        }
        let Some(file_id) = a.file_id.clone() else {
            return Ok(());
        };
        let caption = self.activity_line(&a, 200);
        // a document the deal produced is kept by the bot itself, not by Telegram
        if let Some(doc) = file_id
            .strip_prefix(super::flow::KEPT_PREFIX)
            .and_then(|d| d.parse::<i64>().ok())
        {
            match crate::storage::flow::kept_document(&mut self.tx, doc).await? {
                Some(k) if k.deal_id == Some(a.deal_id) => self.out.msgs.push(Out::Upload {
                    chat: self.chat,
                    file_name: k.file_name,
                    bytes: k.content,
                    caption,
                }),
                _ => {
                    let text = self.t("err-stale-button");
                    self.toast(text, false);
                }
            }
            return Ok(());
        }
        self.out.msgs.push(if a.duration_secs.is_some() {
            Out::Voice {
                chat: self.chat,
                file_id,
                caption,
            }
        } else {
            Out::Document {
                chat: self.chat,
                file_id,
                caption,
            }
        });
        Ok(())
    }

    pub(super) async fn team(&mut self) -> Res {
        if !self.require_head() {
            return Ok(());
        }
        let members = users::list_active(&mut self.tx).await?;
        let dirs = catalog::directions(&mut self.tx).await?;
        let mut text = tr!(self.me.lang, "team-title", count = members.len());
        text.push('\n');
        let mut kb = Vec::new();
        for m in &members {
            let dir = m
                .direction_id
                .and_then(|id| dirs.iter().find(|d| d.id == id))
                .map(|d| format!(" · {}", escape(&d.name)))
                .unwrap_or_default();
            let uname = m
                .username
                .as_deref()
                .map(|u| format!(" @{}", escape(u)))
                .unwrap_or_default();
            text.push_str(&format!(
                "\n• {}{} — {}{}",
                escape(&m.name),
                uname,
                self.t(&format!("role-{}", m.role.code())),
                dir
            ));
            if let Some(p) = m.paused_until.filter(|p| *p > self.now.ts) {
                text.push_str(&format!(
                    " · {}",
                    tr!(self.me.lang, "team-paused", until = self.fmt_day(p))
                ));
            }
            if m.blocked_at.is_some() {
                text.push_str(&format!(" · {}", self.t("team-blocked")));
            }
            let protected =
                m.id == self.me.user.id || self.app.cfg.head_of_sales_ids.contains(&m.tg_id);
            if !protected {
                kb.push(vec![Btn::new(
                    tr!(self.me.lang, "btn-deactivate", name = &m.name),
                    Cb::Deactivate(m.id),
                )]);
            }
        }
        kb.push(vec![Btn::new(self.t("btn-invite"), Cb::Invite)]);
        self.show(text, Kb::Inline(kb));
        Ok(())
    }

    pub(super) async fn confirm_deactivate(&mut self, id: i64) -> Res {
        if !self.require_head() {
            return Ok(());
        }
        let Some(u) = users::by_id(&mut self.tx, id).await?.filter(|u| u.active) else {
            let text = self.t("err-stale-button");
            self.toast(text, false);
            return Ok(());
        };
        let text = tr!(self.me.lang, "deactivate-confirm", name = &u.name);
        let kb = Kb::Inline(vec![vec![
            Btn::new(self.t("btn-yes-deactivate"), Cb::DeactivateYes(id)),
            Btn::new(self.t("btn-back"), Cb::Team),
        ]]);
        self.show(text, kb);
        Ok(())
    }

    pub(super) async fn deactivate(&mut self, id: i64) -> Res {
        if !self.require_head() {
            return Ok(());
        }
        let Some(u) = users::by_id(&mut self.tx, id).await? else {
            return Ok(());
        };
        if u.id == self.me.user.id || self.app.cfg.head_of_sales_ids.contains(&u.tg_id) {
            let text = self.t("cannot-deactivate");
            self.toast(text, true);
            return Ok(());
        }
        if users::deactivate(&mut self.tx, id, self.now.ts).await? {
            tracing::info!(user_id = id, by = self.me.user.id, "user deactivated");
            let text = tr!(self.me.lang, "deactivated", name = &u.name);
            self.toast(text, false);
        }
        self.team().await
    }

    pub(super) async fn directions(&mut self) -> Res {
        if !self.require_head() {
            return Ok(());
        }
        let list = catalog::direction_summaries(&mut self.tx).await?;
        let mut text = self.t("directions-title");
        if list.is_empty() {
            text.push_str("\n\n");
            text.push_str(&self.t("no-directions"));
        }
        for d in &list {
            let q = self.t(if d.has_questionnaire {
                "has-questionnaire"
            } else {
                "no-questionnaire"
            });
            let heads = d
                .heads
                .as_deref()
                .map(|h| format!(" · {}", escape(h)))
                .unwrap_or_default();
            text.push_str(&format!(
                "\n\n<b>{}</b>{heads}\n{} · {}",
                escape(&d.name),
                tr!(self.me.lang, "price-rows", count = d.prices),
                q
            ));
        }
        let kb = Kb::Inline(vec![
            vec![Btn::new(self.t("btn-add-direction"), Cb::AddDirection)],
            vec![
                Btn::new(self.t("btn-upload-questionnaire"), Cb::Questionnaire),
                Btn::new(self.t("btn-upload-pricelist"), Cb::PriceList),
            ],
        ]);
        self.show(text, kb);
        Ok(())
    }

    pub(super) async fn price_list_view(&mut self) -> Res {
        if !self.require_head() {
            return Ok(());
        }
        let rows = catalog::price_list(&mut self.tx).await?;
        let mut text = self.t("pricelist-title");
        if rows.is_empty() {
            text.push_str("\n\n");
            text.push_str(&self.t("pricelist-empty"));
        }
        let mut last_dir = String::new();
        for r in &rows {
            if text.chars().count() > 3500 {
                text.push_str("\n…");
                break;
            }
            if r.direction != last_dir {
                text.push_str(&format!("\n\n<b>{}</b>", escape(&r.direction)));
                last_dir = r.direction.clone();
            }
            text.push_str(&format!(
                "\n• {}: {} – {}",
                escape(&r.item),
                Money::from_kopecks(r.min_kopecks),
                Money::from_kopecks(r.max_kopecks)
            ));
        }
        text.push_str("\n\n");
        text.push_str(&self.t("pricelist-format"));
        let kb = Kb::Inline(vec![vec![Btn::new(
            self.t("btn-upload-pricelist"),
            Cb::PriceList,
        )]]);
        self.show(text, kb);
        Ok(())
    }

    pub(super) async fn set_lang(&mut self, code: &str) -> Res {
        let lang = Lang::from_code(code);
        users::set_locale(&mut self.tx, self.me.user.id, lang.code()).await?;
        self.me.user.locale = lang.code().to_owned();
        self.me.lang = lang;
        let text = self.t("lang-changed");
        let kb = menu(self.me.lang, self.me.role);
        self.send(text, kb);
        self.settings().await
    }
}
