//! Forms in chat: starting one (with its guards), asking the current question with its buttons,
//! taking an answer or explaining why not, and handing a complete form to `steps`.

use super::{Btn, Cb, Command, Ctx, Kb, Out, Res};
use crate::dialogue::engine::{self, Arg, Rejection, TZ_CHOICES};
use crate::dialogue::{
    Answer, Field, FieldKind, FormButton, FormKind, FormState, Input, OptionSource, Skip, State,
};
use crate::domain::pricelist::{parse_price_list, LineProblem, PriceListError};
use crate::domain::{Money, MoneyError, Role};
use crate::i18n::{escape, has_key, tr_args};
use crate::pipeline::{can_record, Stage, StepBlocked};
use crate::storage::{catalog, deals};
use crate::tr;

/// A question as it is asked: its locale key and arguments, what is shown under it (the terms
/// being confirmed), and an amount offered for one tap (the deal's, or what is left to pay).
struct Prompt {
    key: String,
    args: Vec<(&'static str, Arg)>,
    extra: Option<String>,
    quick_amount: Option<(String, i64)>,
}

impl Ctx<'_> {
    /// Starts a form if the user may fill it now; otherwise says why and what to do instead.
    pub(super) async fn start_form(&mut self, kind: FormKind) -> Res {
        self.read.last_seen_deal = None;
        let allowed = match kind {
            FormKind::NewContact => {
                if !self.me.role.works_deals() {
                    let text = self.t("role-cannot-work-deals");
                    self.toast(text, true);
                    return Ok(());
                }
                true
            }
            FormKind::Invite | FormKind::AddDirection | FormKind::PriceList => self.require_head(),
            FormKind::Questionnaire => {
                let ok = matches!(self.me.role, Role::HeadOfSales)
                    || (self.me.role == Role::HeadOfDirection
                        && self.me.user.direction_id.is_some());
                if !ok {
                    let text = self.t("head-only");
                    self.toast(text, true);
                }
                ok
            }
            FormKind::Timezone | FormKind::Search => true,
            FormKind::ReportPeriod { .. } => self.me.role != Role::Lawyer,
            FormKind::Plan { .. } => self.require_head(),
            k if Self::is_reminder_form(k) => self.reminder_form_allowed(k).await?,
            // rule zero: any action on any deal the user can see, at any time
            FormKind::LogActivity { deal_id } => self.visible_deal(deal_id).await?.is_some(),
            other => self.flow_form_allowed(other).await?,
        };
        if !allowed {
            return Ok(());
        }
        if let State::Form(old) = std::mem::take(&mut self.state) {
            self.keep_draft(&old).await?;
            let text = self.t("form-replaced");
            self.send(text, Kb::None);
        }
        let mut fs = FormState::new(kind);
        let kept = if keeps_drafts(kind) {
            crate::storage::take_draft(&mut self.tx, self.chat, &draft_key(kind)).await?
        } else {
            None
        };
        if let Some(mut kept) = kept {
            // times may have passed since: those questions are asked again
            kept.retain(|_, a| !matches!(a, Answer::At(_) | Answer::Passed));
            if !kept.is_empty() {
                fs.answers = kept;
                let text = self.t("draft-restored");
                self.send(text, Kb::None);
            }
        }
        // the deal the guard just read is the one the first question shows: not read again
        self.read.deal_hint = self
            .read
            .last_seen_deal
            .take()
            .filter(|d| Some(d.id) == kind.deal_id());
        self.ask(fs, None).await
    }

    /// Keeps what was typed into a deal's form that is left unfinished; true when anything was.
    pub(super) async fn keep_draft(&mut self, fs: &FormState) -> Res<bool> {
        let typed = fs.answers.values().any(|a| !matches!(a, Answer::Passed));
        if !keeps_drafts(fs.kind) || !typed {
            return Ok(false);
        }
        crate::storage::save_draft(
            &mut self.tx,
            self.chat,
            &draft_key(fs.kind),
            &fs.answers,
            self.now.ts,
        )
        .await?;
        Ok(true)
    }

    /// The regulation's guard for recording `target` on a deal, explained when it fails.
    pub(super) async fn step_allowed(&mut self, deal_id: i64, target: Stage) -> Res<bool> {
        let Some(d) = self.visible_deal(deal_id).await? else {
            return Ok(false);
        };
        if !self.can_work(&d) {
            let text = self.t("deal-not-yours");
            self.toast(text, true);
            return Ok(false);
        }
        let current = d.stage;
        let status = d.status;
        match can_record(current, status, target) {
            Ok(()) => Ok(true),
            Err(blocked) => {
                let (text, kb) = match blocked {
                    StepBlocked::Closed => (self.t("step-closed"), Kb::None),
                    StepBlocked::AlreadyDone => (
                        tr!(
                            self.me.lang,
                            "step-already-done",
                            stage = self.stage_name(target)
                        ),
                        Kb::Inline(vec![vec![Btn::new(
                            self.t("btn-open-deal"),
                            Cb::Deal(deal_id),
                        )]]),
                    ),
                    StepBlocked::Missing(next) => {
                        let mut rows = Vec::new();
                        if FormKind::in_bot(next) {
                            rows.push(vec![Btn::new(
                                tr!(self.me.lang, "btn-next-step", stage = self.stage_name(next)),
                                Cb::Step {
                                    deal: deal_id,
                                    stage: next,
                                },
                            )]);
                        }
                        (
                            tr!(
                                self.me.lang,
                                "step-missing",
                                stage = self.stage_name(target),
                                missing = self.stage_name(next)
                            ),
                            Kb::Inline(rows),
                        )
                    }
                };
                self.ack();
                self.send(text, kb);
                Ok(false)
            }
        }
    }

    /// Re-asks the current question after a command answered in the middle of a form.
    pub(super) async fn reprompt(&mut self) -> Res {
        if let State::Form(fs) = std::mem::take(&mut self.state) {
            let title = self.form_title(fs.kind, None);
            let text = tr!(self.me.lang, "form-continue", title = title);
            self.send(text, Kb::None);
            self.ask(fs, None).await?;
        }
        Ok(())
    }

    /// A button of a form question: valid only while that very question of that very form is
    /// the current one; a button of another form, or of an earlier run of this one, is stale.
    pub(super) async fn form_button(&mut self, form: u32, seq: u32, button: FormButton) -> Res {
        match (std::mem::take(&mut self.state), button) {
            (State::Form(fs), FormButton::Cancel) if fs.id == form && fs.seq == seq => {
                self.state = State::Form(fs);
                self.command(Command::Cancel, "").await
            }
            // a voice answer's buttons stay good while its question is asked again around it
            (State::Form(fs), FormButton::Voice(action))
                if fs.id == form && fs.dictation.as_ref().is_some_and(|d| d.seq == seq) =>
            {
                self.voice_button(fs, action).await
            }
            (State::Form(fs), button) if fs.id == form && fs.seq == seq => {
                self.form_input(fs, Input::Button(button)).await
            }
            (other, _) => {
                self.state = other;
                let text = self.t("err-stale-button");
                self.toast(text, false);
                Ok(())
            }
        }
    }

    pub(super) async fn form_input(&mut self, mut fs: FormState, input: Input) -> Res {
        let Some(field) = fs.current() else {
            return Box::pin(self.complete(fs)).await;
        };
        if let Input::Voice { file_id, duration } = &input {
            // spoken words: transcribed and confirmed first (a note without an engine is kept
            // as a recording, as before)
            let note = matches!(field.kind, FieldKind::Attachment { .. });
            if field.kind.takes_voice() && self.app.stt.is_some() {
                self.dictate(fs, field, file_id, *duration);
                return Ok(());
            }
            if field.kind.takes_voice() && !note {
                return self.ask(fs, Some(Rejection::new("stt-off"))).await;
            }
        }
        let options = self.options_for(&fs, field).await?;
        // a parameter fixed on its own is checked against the rest of the stored terms (an
        // account against the БИК)
        let merged = match fs.kind {
            FormKind::EditTerm { deal_id, .. } => {
                let mut all = self.step_answers(deal_id, Stage::Terms).await?;
                all.extend(fs.answers.clone());
                Some(all)
            }
            _ => None,
        };
        let parts = match field.kind {
            FieldKind::When { .. } => crate::storage::notify::day_parts(&mut self.tx).await?,
            _ => crate::domain::DayParts::default(),
        };
        let ctx = engine::Ctx {
            parts,
            answers: merged.as_ref().unwrap_or(&fs.answers),
            now: self.now.at,
            tz: self.me.tz,
            options: &options,
        };
        let range = engine::range_said(field, &input, &ctx);
        let verdict = match engine::accept(field, &input, &ctx) {
            Ok(answer) => self.extra_check(&fs, field, answer).await?,
            Err(r) => Err(r),
        };
        match verdict {
            Ok(answer) => {
                if matches!(input, Input::Button(_)) {
                    self.mark_chosen(fs.kind, field, &answer, &options);
                }
                // a payment above what is owed is asked to be confirmed, not silently taken
                if let (
                    FormKind::Step {
                        deal_id,
                        stage: Stage::Payment,
                    },
                    Answer::Money(k),
                ) = (fs.kind, &answer)
                {
                    let (total, paid) = self.owed(deal_id).await?;
                    if *k > total - paid {
                        fs.answers.insert("over".into(), Answer::Yes);
                    } else {
                        fs.answers.remove("over");
                    }
                }
                let typed = match &input {
                    Input::Text(t) => Some(t.as_str()),
                    _ => None,
                };
                let answer = self.attach_dictation(&mut fs, field, typed, answer);
                fs.answers.insert(field.key.to_owned(), answer);
                if let Some((from, to)) = range {
                    let line = self.range_line(from, to);
                    self.send(line, Kb::None);
                }
                self.ask(fs, None).await
            }
            Err(rejection) => {
                if matches!(input, Input::Button(_)) {
                    let text = tr_args(self.me.lang, rejection.key, &rejection.args);
                    self.toast(text, false);
                }
                self.ask(fs, Some(rejection)).await
            }
        }
    }

    /// A range typed for a moment, said back as understood: «пт, 27.11.2026, с 9:00 до 10:00»;
    /// an end on the next day names its day.
    fn range_line(&self, from: i64, to: i64) -> String {
        let clock = |t: i64| {
            chrono::DateTime::from_timestamp(t, 0)
                .map(|t| t.with_timezone(&self.me.tz).format("%-H:%M").to_string())
                .unwrap_or_default()
        };
        let end = match self.fmt_day(to) == self.fmt_day(from) {
            true => clock(to),
            false => format!("{} {}", self.fmt_day(to), clock(to)),
        };
        tr!(
            self.me.lang,
            "when-range-said",
            day = self.fmt_day(from),
            from = clock(from),
            to = end
        )
    }

    /// Edits the question whose button was pressed to show the choice and drop the buttons.
    fn mark_chosen(
        &mut self,
        kind: FormKind,
        field: &Field,
        answer: &Answer,
        options: &[(String, String)],
    ) {
        let label = match answer {
            Answer::Skipped => self.t(field.skip_label.unwrap_or("btn-skip")),
            Answer::Yes => match field.kind {
                FieldKind::Confirm => self.confirm_label(kind, field),
                _ => self.t("btn-yes"),
            },
            Answer::No => self.t("btn-no"),
            Answer::Choice(c) => options
                .iter()
                .find(|(v, _)| v == c)
                .map(|(_, l)| l.clone())
                .unwrap_or_default(),
            Answer::Id(id) => options
                .iter()
                .find(|(v, _)| *v == id.to_string())
                .map(|(_, l)| l.clone())
                .unwrap_or_default(),
            Answer::At(ts) if matches!(field.kind, FieldKind::Day | FieldKind::PastDay) => {
                self.fmt_day(*ts)
            }
            Answer::At(ts) => self.fmt_time(*ts),
            Answer::Tz(name) => name.clone(),
            Answer::Money(k) => Money::from_kopecks(*k).to_string(),
            Answer::Text(t) if matches!(field.kind, FieldKind::ChoiceOrText(_)) => t.clone(),
            _ => return,
        };
        if let Some(cb) = self.out.callback.as_ref() {
            if let (Some(message_id), Some(text)) = (cb.message_id, cb.message_text.clone()) {
                self.out.msgs.push(Out::Edit {
                    chat: self.chat,
                    message_id,
                    text: format!(
                        "{}\n\n✅ {}",
                        escape(&text),
                        escape(label.trim_start_matches("✅ "))
                    ),
                    kb: Kb::None,
                });
            }
        }
    }

    /// Asks the current question (or completes the form). `error` explains a refused answer
    /// before the question is asked again.
    pub(super) async fn ask(&mut self, mut fs: FormState, error: Option<Rejection>) -> Res {
        loop {
            let Some(field) = fs.current() else {
                return Box::pin(self.complete(fs)).await;
            };
            let options = self.options_for(&fs, field).await?;
            if matches!(field.kind, FieldKind::Options(_)) && options.is_empty() {
                // nothing to choose from (no directions yet, no similar clients): pass over
                fs.answers.insert(field.key.to_owned(), Answer::Passed);
                continue;
            }
            fs.seq += 1;
            // the deal is read once for the question's title and its prompt
            let hint = self
                .read
                .deal_hint
                .take()
                .filter(|d| Some(d.id) == fs.kind.deal_id());
            let deal = match (hint, fs.kind.deal_id()) {
                (Some(d), _) => Some(d),
                (None, Some(id)) => deals::deal(&mut self.tx, id).await?,
                (None, None) => None,
            };
            let prompt = self
                .prompt_for(&fs, field, error.is_none(), deal.clone())
                .await?;
            let mut text = String::new();
            if let Some(r) = &error {
                text.push_str("⚠️ ");
                text.push_str(&tr_args(self.me.lang, r.key, &r.args));
                text.push_str("\n\n");
            }
            let (n, total) = fs.progress();
            let title = self.form_title(fs.kind, deal.as_ref());
            text.push_str(&format!("<b>{title}</b>"));
            if total > 1 {
                text.push_str(&format!(" · {n}/{total}"));
            }
            text.push('\n');
            text.push_str(&tr_args(self.me.lang, &prompt.key, &prompt.args));
            if let Some(extra) = &prompt.extra {
                text.push_str("\n\n");
                text.push_str(extra);
            }
            if field.skip == Skip::Counted {
                text.push_str("\n<i>");
                text.push_str(&self.t("hint-skip-counted"));
                text.push_str("</i>");
            }
            let mut kb = self.buttons(&fs, field, &options, prompt.quick_amount);
            // the readings of an answer not guessed, one tap each
            if let (Some(r), Kb::Inline(rows)) = (&error, &mut kb) {
                if !r.offers.is_empty() {
                    text.push_str("\n\n");
                    text.push_str(&self.t("hint-pick-offer"));
                }
                for (i, offer) in r.offers.iter().enumerate() {
                    let label = match offer {
                        engine::Offer::At(t) => self.fmt_time(*t),
                        engine::Offer::Money(k) => engine::amount_label(*k),
                    };
                    let data = Cb::Form {
                        form: fs.id,
                        seq: fs.seq,
                        button: offer.button(),
                    };
                    rows.insert(i, vec![Btn::new(format!("👉 {label}"), data)]);
                }
            }
            self.send(text, kb);
            self.state = State::Form(fs);
            return Ok(());
        }
    }

    /// A form's title: a step's is «Шаг N · name», from its row; the others have their own.
    fn form_title(&self, kind: FormKind, deal: Option<&deals::Deal>) -> String {
        let title = match kind.titled_by() {
            Some(stage) => tr!(
                self.me.lang,
                "step-title",
                step = u32::from(stage.step()),
                name = self.t(&format!("stage-{}", stage.code()))
            ),
            None => self.t(&format!("title-{}", kind.code())),
        };
        match deal {
            Some(d) => format!("{title} — №{} {}", d.id, escape(&d.client_name)),
            None => title,
        }
    }

    /// The question's locale key and arguments; a few questions show data from the deal.
    async fn prompt_for(
        &mut self,
        fs: &FormState,
        field: &Field,
        first_time: bool,
        deal: Option<deals::Deal>,
    ) -> Res<Prompt> {
        let base = format!("q-{}-{}", fs.kind.code(), field.key);
        let (mut extra, mut quick_amount) = (None, None);
        let money = |k: i64| Arg::Str(Money::from_kopecks(k).to_string());
        let (key, args) = match (fs.kind, field.key, deal) {
            (
                FormKind::Step {
                    stage: Stage::Invoice,
                    ..
                },
                "amount",
                Some(d),
            ) => {
                if let Some(a) = d.amount_kopecks {
                    let label = tr!(
                        self.me.lang,
                        "btn-deal-amount",
                        amount = Money::from_kopecks(a).to_string()
                    );
                    quick_amount = Some((label, a));
                }
                (base, vec![])
            }
            (
                FormKind::Step {
                    stage: Stage::Payment,
                    ..
                },
                "amount",
                Some(d),
            ) => {
                let (total, paid) = self.owed(d.id).await?;
                let left = (total - paid).max(0);
                if left > 0 {
                    let label = tr!(
                        self.me.lang,
                        "btn-pay-rest",
                        amount = Money::from_kopecks(left).to_string()
                    );
                    quick_amount = Some((label, left));
                }
                (
                    base,
                    vec![
                        ("total", money(total)),
                        ("paid", money(paid)),
                        ("left", money(left)),
                    ],
                )
            }
            (
                FormKind::Step {
                    stage: Stage::Payment,
                    ..
                },
                "over_ok",
                Some(d),
            ) => {
                let (total, paid) = self.owed(d.id).await?;
                let amount = match fs.answers.get("amount") {
                    Some(Answer::Money(k)) => *k,
                    _ => 0,
                };
                (
                    base,
                    vec![
                        ("amount", money(amount)),
                        ("left", money((total - paid).max(0))),
                    ],
                )
            }
            (
                FormKind::Step {
                    stage: Stage::TermsConfirmed,
                    ..
                },
                "confirmed",
                Some(d),
            ) => {
                extra = Some(self.terms_summary(d.id, self.me.lang).await?);
                (base, vec![])
            }
            (
                FormKind::Step {
                    stage: Stage::Offer,
                    ..
                },
                "price_named",
                Some(d),
            ) => {
                let floor = match d.direction_id {
                    Some(dir) => catalog::lower_bound(&mut self.tx, dir).await?,
                    None => None,
                };
                match floor {
                    Some(p) => (
                        base,
                        vec![
                            (
                                "price",
                                Arg::Str(Money::from_kopecks(p.min_kopecks).to_string()),
                            ),
                            ("item", Arg::Str(p.item)),
                            ("direction", Arg::Str(p.direction)),
                        ],
                    ),
                    None => (format!("{base}-none"), vec![]),
                }
            }
            (
                FormKind::Step {
                    stage: Stage::Application,
                    ..
                },
                "questionnaire",
                Some(d),
            ) => {
                let doc = match d.direction_id {
                    Some(dir) => {
                        catalog::active_document(&mut self.tx, catalog::QUESTIONNAIRE, dir).await?
                    }
                    None => None,
                };
                match doc {
                    Some(doc) => {
                        if first_time {
                            let caption = tr!(
                                self.me.lang,
                                "questionnaire-caption",
                                client = &d.client_name
                            );
                            self.out.msgs.push(Out::Document {
                                chat: self.chat,
                                file_id: doc.file_id,
                                caption,
                            });
                        }
                        (base, vec![])
                    }
                    None => (format!("{base}-none"), vec![]),
                }
            }
            (
                FormKind::Step {
                    stage: Stage::Meeting,
                    ..
                },
                "result",
                Some(d),
            ) => {
                // the meeting as it stands now: moved from a reminder or the card, not as booked
                let (at, place) = match self.open_meeting(d.id).await? {
                    Some(r) => (self.fmt_time(r.due_at), r.note),
                    None => {
                        let a = self.step_answers(d.id, Stage::Application).await?;
                        let at = match a.get("meeting_at") {
                            Some(Answer::At(ts)) => self.fmt_time(*ts),
                            _ => String::new(),
                        };
                        let place = match a.get("place") {
                            Some(Answer::Text(p)) => p.clone(),
                            _ => String::new(),
                        };
                        (at, place)
                    }
                };
                (base, vec![("at", Arg::Str(at)), ("place", Arg::Str(place))])
            }
            (FormKind::NewContact, "client", _) => {
                let company = match fs.answers.get("company") {
                    Some(Answer::Text(t)) => t.clone(),
                    _ => String::new(),
                };
                (base, vec![("company", Arg::Str(company))])
            }
            _ => (base, vec![]),
        };
        Ok(Prompt {
            key,
            args,
            extra,
            quick_amount,
        })
    }

    /// The label of a confirmation button: the field's own (`btn-<form>-<field>`) or «Готово».
    fn confirm_label(&self, kind: FormKind, field: &Field) -> String {
        let own = format!("btn-{}-{}", kind.code(), field.key);
        if has_key(self.me.lang, &own) {
            self.t(&own)
        } else {
            self.t("btn-done")
        }
    }

    /// The buttons of a question: its choices, quick answers, skip, and cancel.
    fn buttons(
        &self,
        fs: &FormState,
        field: &Field,
        options: &[(String, String)],
        quick_amount: Option<(String, i64)>,
    ) -> Kb {
        let (form, seq) = (fs.id, fs.seq);
        let b = |label: String, button: FormButton| Btn::new(label, Cb::Form { form, seq, button });
        let mut rows: Vec<Vec<Btn>> = Vec::new();
        let per_row = |kind: &FieldKind| match kind {
            FieldKind::Options(OptionSource::SimilarClients) => 1,
            FieldKind::Options(_) => 1,
            _ => 2,
        };
        let quick_rows = |quick: &[crate::dialogue::forms::QuickWhen]| -> Vec<Vec<Btn>> {
            let buttons: Vec<Btn> = quick
                .iter()
                .enumerate()
                .map(|(i, q)| b(self.t(q.label), FormButton::Quick(i as u8)))
                .collect();
            buttons.chunks(2).map(<[Btn]>::to_vec).collect()
        };
        match field.kind {
            FieldKind::PastDay => rows.extend(quick_rows(&crate::dialogue::forms::PAST_QUICK)),
            FieldKind::Money => {
                if let Some((label, kopecks)) = quick_amount {
                    rows.push(vec![b(label, FormButton::Amount(kopecks))]);
                }
            }
            FieldKind::Choice(_)
            | FieldKind::Options(_)
            | FieldKind::Timezone
            | FieldKind::ChoiceOrText(_) => {
                let buttons: Vec<Btn> = options
                    .iter()
                    .enumerate()
                    .map(|(i, (_, label))| b(label.clone(), FormButton::Choice(i as u16)))
                    .collect();
                for chunk in buttons.chunks(per_row(&field.kind)) {
                    rows.push(chunk.to_vec());
                }
            }
            FieldKind::When { quick } => rows.extend(quick_rows(quick)),
            FieldKind::Confirm => {
                rows.push(vec![b(self.confirm_label(fs.kind, field), FormButton::Ok)])
            }
            FieldKind::YesNo => rows.push(vec![
                b(self.t("btn-yes"), FormButton::Yes),
                b(self.t("btn-no"), FormButton::No),
            ]),
            _ => {}
        }
        if field.skip != Skip::No {
            rows.push(vec![b(
                self.t(field.skip_label.unwrap_or("btn-skip")),
                FormButton::Skip,
            )]);
        }
        // cancel carries the question's number too: an old question's button cancels nothing new
        rows.push(vec![b(self.t("btn-cancel"), FormButton::Cancel)]);
        Kb::Inline(rows)
    }

    /// (value, label) of each choice a question offers right now.
    async fn options_for(&mut self, fs: &FormState, field: &Field) -> Res<Vec<(String, String)>> {
        Ok(match field.kind {
            FieldKind::Choice(codes) => codes
                .iter()
                .map(|c| (c.to_string(), self.t(&format!("opt-{}-{c}", field.key))))
                .collect(),
            FieldKind::Options(OptionSource::Directions) => {
                let all = catalog::directions(&mut self.tx).await?;
                let own_only =
                    fs.kind == FormKind::Questionnaire && self.me.role == Role::HeadOfDirection;
                all.into_iter()
                    .filter(|d| !own_only || Some(d.id) == self.me.user.direction_id)
                    .map(|d| (d.id.to_string(), d.name))
                    .collect()
            }
            FieldKind::Options(OptionSource::SimilarClients) => {
                let company = match fs.answers.get("company") {
                    Some(Answer::Text(t)) => t.clone(),
                    _ => return Ok(Vec::new()),
                };
                deals::similar_clients(&mut self.tx, &company)
                    .await?
                    .into_iter()
                    .map(|c| (c.id.to_string(), c.name))
                    .collect()
            }
            FieldKind::Options(OptionSource::Deciders) => {
                let Some(deal_id) = fs.kind.deal_id() else {
                    return Ok(Vec::new());
                };
                let direction = deals::deal(&mut self.tx, deal_id)
                    .await?
                    .and_then(|d| d.direction_id);
                // the proposal is prepared with someone else: the requester is never offered
                self.other_heads(direction)
                    .await?
                    .into_iter()
                    .map(|u| {
                        let role = self.t(&format!("role-{}", u.role.code()));
                        (u.id.to_string(), format!("{} — {role}", u.name))
                    })
                    .collect()
            }
            FieldKind::Options(OptionSource::DealContacts) => {
                let Some(deal_id) = fs.kind.deal_id() else {
                    return Ok(Vec::new());
                };
                crate::storage::flow::contacts_of_deal(&mut self.tx, deal_id)
                    .await?
                    .into_iter()
                    .map(|c| (c.id.to_string(), format!("{}, {}", c.name, c.position)))
                    .collect()
            }
            FieldKind::ChoiceOrText(_) | FieldKind::Options(OptionSource::RefusalReasons) => {
                crate::storage::flow::reasons(&mut self.tx)
                    .await?
                    .into_iter()
                    .map(|r| (r.text.clone(), r.text))
                    .collect()
            }
            FieldKind::Timezone => TZ_CHOICES
                .iter()
                .map(|z| {
                    (
                        z.to_string(),
                        self.t(&format!("tz-{}", z.replace('/', "-"))),
                    )
                })
                .collect(),
            _ => Vec::new(),
        })
    }

    /// Checks that need the database: a unique direction name, a price list that names known
    /// directions.
    async fn extra_check(
        &mut self,
        fs: &FormState,
        field: &Field,
        answer: Answer,
    ) -> Res<Result<Answer, Rejection>> {
        match (fs.kind, field.key, &answer) {
            // morning before lunch before evening, or «после обеда» would come before «утром»
            (FormKind::DayParts, "lunch" | "evening", Answer::Num(m)) => {
                let before = if field.key == "lunch" {
                    "morning"
                } else {
                    "lunch"
                };
                if let Some(Answer::Num(b)) = fs.answers.get(before) {
                    if m <= b {
                        return Ok(Err(Rejection::new(if field.key == "lunch" {
                            "err-parts-lunch"
                        } else {
                            "err-parts-evening"
                        })));
                    }
                }
            }
            (FormKind::AddDirection, "name", Answer::Text(name)) => {
                let taken = catalog::direction_by_name(&mut self.tx, name).await?;
                if taken.is_some() {
                    return Ok(Err(
                        Rejection::new("err-direction-exists").with("name", Arg::Str(name.clone()))
                    ));
                }
            }
            (FormKind::ReportPeriod { .. }, "range", Answer::Text(t)) => {
                use crate::reports::period::{Period, PeriodError};
                if let Err(e) = Period::parse_custom(t) {
                    return Ok(Err(Rejection::new(match e {
                        PeriodError::Format => "err-period-format",
                        PeriodError::Reversed => "err-period-reversed",
                        PeriodError::TooLong => "err-period-long",
                    })));
                }
            }
            // the regulation's mandatory meeting is held when it has begun, not before
            (
                FormKind::Step {
                    deal_id,
                    stage: Stage::Meeting,
                },
                "result",
                Answer::Choice(c),
            ) if c == "held" => {
                if let Some(r) = self.open_meeting(deal_id).await? {
                    if r.due_at > self.now.ts {
                        return Ok(Err(Rejection::new("err-meeting-not-yet")
                            .with("at", Arg::Str(self.fmt_time(r.due_at)))));
                    }
                }
            }
            (FormKind::Search, "query", Answer::Text(t)) if t.chars().count() < 2 => {
                return Ok(Err(Rejection::new("search-length")));
            }
            (FormKind::Template, "file", Answer::File { .. }) => {
                if let Err(r) = self.check_template_upload() {
                    return Ok(Err(r));
                }
            }
            (FormKind::PriceList, "file", Answer::File { .. }) => {
                let Some(bytes) = self.read.file_bytes.clone() else {
                    return Ok(Err(Rejection::new("err-file-download")));
                };
                if let Err(r) = self.check_price_list(&bytes).await? {
                    return Ok(Err(r));
                }
            }
            _ => {}
        }
        Ok(Ok(answer))
    }

    /// The price list's rows, or why the file is refused (each line with its problem).
    pub(super) async fn check_price_list(
        &mut self,
        bytes: &[u8],
    ) -> Res<Result<Vec<(i64, String, i64, i64)>, Rejection>> {
        let lines = match parse_price_list(bytes) {
            Ok(lines) => lines,
            Err(PriceListError::Empty) => return Ok(Err(Rejection::new("err-pricelist-empty"))),
            Err(PriceListError::Lines(errs)) => {
                let details: Vec<String> = errs
                    .iter()
                    .take(10)
                    .map(|e| {
                        let what = match &e.problem {
                            LineProblem::Columns(n) => tr!(self.me.lang, "pl-columns", n = *n),
                            LineProblem::EmptyDirection => self.t("pl-empty-direction"),
                            LineProblem::EmptyItem => self.t("pl-empty-item"),
                            LineProblem::MinPrice(m) => {
                                tr!(self.me.lang, "pl-min", why = self.money_error(m))
                            }
                            LineProblem::MaxPrice(m) => {
                                tr!(self.me.lang, "pl-max", why = self.money_error(m))
                            }
                            LineProblem::MinAboveMax => self.t("pl-min-above-max"),
                        };
                        tr!(self.me.lang, "pl-line", line = e.line, what = what)
                    })
                    .collect();
                return Ok(Err(Rejection::new("err-pricelist")
                    .with("count", Arg::Num(errs.len() as i64))
                    .with("details", Arg::Str(details.join("\n")))));
            }
        };
        let mut rows = Vec::new();
        let mut unknown = Vec::new();
        for l in lines {
            match catalog::direction_by_name(&mut self.tx, &l.direction).await? {
                Some(d) => rows.push((d.id, l.item, l.min.kopecks(), l.max.kopecks())),
                None => unknown.push(tr!(
                    self.me.lang,
                    "pl-line",
                    line = l.line,
                    what = tr!(self.me.lang, "pl-unknown-direction", name = l.direction)
                )),
            }
        }
        if !unknown.is_empty() {
            let count = unknown.len();
            unknown.truncate(10);
            return Ok(Err(Rejection::new("err-pricelist")
                .with("count", Arg::Num(count as i64))
                .with("details", Arg::Str(unknown.join("\n")))));
        }
        Ok(Ok(rows))
    }

    fn money_error(&self, e: &MoneyError) -> String {
        self.t(match e {
            MoneyError::Empty => "money-empty",
            MoneyError::NotANumber => "money-nan",
            MoneyError::Negative => "money-negative",
            MoneyError::Zero => "money-zero",
            MoneyError::TooLarge => "money-too-large",
            MoneyError::TooPrecise => "money-too-precise",
            MoneyError::Ambiguous { .. } => "money-ambiguous",
        })
    }
}

/// A form's identity for its kept draft: the form and the deal it is on.
fn draft_key(kind: FormKind) -> String {
    serde_json::to_string(&kind).unwrap_or_default()
}

/// The forms whose typed answers are kept when left unfinished: the regulation's steps.
fn keeps_drafts(kind: FormKind) -> bool {
    kind.stage().is_some()
        || matches!(
            kind,
            FormKind::ProposalDraft { .. } | FormKind::Refusal { .. }
        )
}
