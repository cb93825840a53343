//! Answers by voice. A voice message at a question that wants words is transcribed after the
//! turn's commit, outside any transaction (`Job::Transcribe`); the words come back as their own
//! turn (`App::dictated`) and are shown to the manager, and only their «Сохранить» makes them the
//! answer. The recording goes on the deal's timeline with its words, and a time named in them
//! is offered as a reminder — one tap, never set on its own.

use chrono::{DateTime, Utc};

use super::{AppError, Btn, Cb, Ctx, Job, Kb, Out, Res};
use crate::dialogue::{
    Answer, Dictated, Dictation, Field, FieldKind, FormButton, FormKind, FormState, State,
    VoiceAction,
};
use crate::domain::find_when;
use crate::i18n::{escape, Lang};
use crate::pipeline::{ActivityKind, ReminderKind};
use crate::storage::{self, deals, users, StoredState};
use crate::stt::SttError;
use crate::tr;

/// A voice message to transcribe, and the question it answers.
#[derive(Debug, Clone, PartialEq)]
pub struct TranscribeJob {
    pub chat: i64,
    pub tg_id: i64,
    pub lang: Lang,
    /// The form run it belongs to: words that come back after it ended are dropped.
    pub form: u32,
    pub file_id: String,
}

impl super::App {
    /// The words of a voice message (or why there are none), applied to the chat's dialogue as
    /// their own short write turn. Nothing happens when the dialogue moved on meanwhile.
    pub async fn dictated(
        &self,
        job: &TranscribeJob,
        heard: Result<String, SttError>,
        now: DateTime<Utc>,
    ) -> Vec<Out> {
        match self.try_dictated(job, heard, now).await {
            Ok(outs) => outs,
            Err(e) => {
                tracing::error!(error = %e, "a transcript could not be applied");
                vec![Out::Send {
                    chat: job.chat,
                    text: tr!(job.lang, "stt-err-not-kept"),
                    kb: Kb::None,
                }]
            }
        }
    }

    /// Voice answers whose transcription a restart cut short: started again at start-up.
    pub async fn unfinished_dictations(&self) -> Vec<TranscribeJob> {
        if self.stt.is_none() {
            return Vec::new();
        }
        let found = async {
            let mut c = self.read.acquire().await?;
            let states = storage::states_awaiting_words(&mut c).await?;
            let mut jobs = Vec::new();
            for (chat, state) in states {
                let State::Form(fs) = state else { continue };
                let Some(d) = fs
                    .dictation
                    .filter(|d| d.text.is_none() && d.failed.is_none())
                else {
                    continue;
                };
                // a private chat's id is its user's
                if let Some(u) = users::by_tg(&mut c, chat).await? {
                    jobs.push(TranscribeJob {
                        chat,
                        tg_id: u.tg_id,
                        lang: Lang::from_code(&u.locale),
                        form: fs.id,
                        file_id: d.file_id,
                    });
                }
            }
            Ok::<_, sqlx::Error>(jobs)
        };
        found.await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "unfinished transcriptions could not be listed");
            Vec::new()
        })
    }

    async fn try_dictated(
        &self,
        job: &TranscribeJob,
        heard: Result<String, SttError>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Out>, AppError> {
        let mut tx = storage::begin_write(&self.db).await?;
        let Some(user) = users::by_tg(&mut tx, job.tg_id).await?.filter(|u| u.active) else {
            return Ok(Vec::new());
        };
        let fs = match storage::load_state(&mut tx, job.chat).await? {
            StoredState::Found(State::Form(fs))
                if fs.id == job.form
                    && fs.dictation.as_ref().is_some_and(|d| {
                        d.file_id == job.file_id && d.text.is_none() && d.failed.is_none()
                    }) =>
            {
                fs
            }
            _ => {
                tracing::info!(
                    chat = job.chat,
                    "transcript for a question no longer asked dropped"
                );
                return Ok(Vec::new());
            }
        };
        let mut turn = Ctx::new(self, tx, user, job.chat, now, State::Idle, None);
        turn.heard(fs, heard);
        let (mut tx, state, outs) = turn.finish();
        storage::save_state(&mut tx, job.chat, &state, now.timestamp()).await?;
        tx.commit().await?;
        Ok(outs)
    }
}

impl Ctx<'_> {
    /// A voice message at a question that takes words: sent for transcription after this
    /// turn's commit, or refused with the reason. The question stays where it was.
    pub(super) fn dictate(
        &mut self,
        mut fs: FormState,
        field: &Field,
        file_id: &str,
        duration: u32,
    ) {
        let Some(stt) = self.app.stt.as_ref() else {
            // the caller explains that voice answers need an engine
            self.state = State::Form(fs);
            return;
        };
        let mut d = Dictation {
            file_id: file_id.to_owned(),
            duration,
            seq: fs.seq,
            text: None,
            failed: None,
        };
        if duration > stt.max_seconds() {
            d.failed = Some(SttError::TooLong.key().to_owned());
            fs.dictation = Some(d);
            self.tell_unheard(fs, field);
            return;
        }
        fs.dictation = Some(d);
        self.out.msgs.push(Out::Job(Job::Transcribe(TranscribeJob {
            chat: self.chat,
            tg_id: self.me.user.tg_id,
            lang: self.me.lang,
            form: fs.id,
            file_id: file_id.to_owned(),
        })));
        let text = self.t("stt-working");
        self.send(text, Kb::None);
        self.state = State::Form(fs);
    }

    /// The engine answered: the words are shown with what can be done with them.
    fn heard(&mut self, mut fs: FormState, heard: Result<String, SttError>) {
        let Some(field) = fs.current() else {
            self.state = State::Form(fs);
            return;
        };
        let Some(d) = fs.dictation.as_mut() else {
            self.state = State::Form(fs);
            return;
        };
        d.seq = fs.seq;
        match heard {
            Ok(words) => {
                // shown whole: a text longer than a message goes out in several
                let text = tr!(self.me.lang, "stt-heard", text = &words);
                d.text = Some(words);
                let kb = self.voice_buttons(
                    &fs,
                    &[
                        (VoiceAction::Save, "btn-stt-save"),
                        (VoiceAction::Edit, "btn-stt-edit"),
                        (VoiceAction::Again, "btn-stt-again"),
                    ],
                );
                self.send(text, kb);
                self.state = State::Form(fs);
            }
            Err(e) => {
                d.failed = Some(e.key().to_owned());
                self.tell_unheard(fs, field);
            }
        }
    }

    /// Why a voice message has no words, and the ways on: try again, keep the recording alone
    /// where a recording is an answer, or type.
    fn tell_unheard(&mut self, fs: FormState, field: &Field) {
        let key = fs
            .dictation
            .as_ref()
            .and_then(|d| d.failed.clone())
            .unwrap_or_else(|| SttError::Unavailable.key().to_owned());
        let max_minutes = self
            .app
            .stt
            .as_ref()
            .map(|s| i64::from(s.max_seconds().div_ceil(60)))
            .unwrap_or(5);
        let text = tr!(self.me.lang, &key, minutes = max_minutes);
        let mut buttons: Vec<(VoiceAction, &str)> = Vec::new();
        if key != SttError::TooLong.key() {
            buttons.push((VoiceAction::Retry, "btn-stt-retry"));
        }
        if matches!(field.kind, FieldKind::Attachment { .. }) {
            buttons.push((VoiceAction::Keep, "btn-stt-keep"));
        }
        let kb = self.voice_buttons(&fs, &buttons);
        self.send(text, kb);
        self.state = State::Form(fs);
    }

    fn voice_buttons(&self, fs: &FormState, buttons: &[(VoiceAction, &str)]) -> Kb {
        let seq = fs.dictation.as_ref().map(|d| d.seq).unwrap_or(fs.seq);
        let b = |button: FormButton, label: &str| {
            Btn::new(
                self.t(label),
                Cb::Form {
                    form: fs.id,
                    seq,
                    button,
                },
            )
        };
        let mut rows: Vec<Vec<Btn>> = buttons
            .chunks(2)
            .map(|c| c.iter().map(|(a, l)| b(FormButton::Voice(*a), l)).collect())
            .collect();
        rows.push(vec![b(FormButton::Cancel, "btn-cancel")]);
        Kb::Inline(rows)
    }

    /// A button under a transcript or under the reason there is none.
    pub(super) async fn voice_button(&mut self, mut fs: FormState, action: VoiceAction) -> Res {
        let Some(field) = fs.current() else {
            return Box::pin(self.complete(fs)).await;
        };
        let Some(d) = fs.dictation.clone() else {
            self.state = State::Form(fs);
            let text = self.t("err-stale-button");
            self.toast(text, false);
            return Ok(());
        };
        match action {
            VoiceAction::Save => {
                let Some(words) = d.text.clone() else {
                    self.state = State::Form(fs);
                    let text = self.t("err-stale-button");
                    self.toast(text, false);
                    return Ok(());
                };
                self.ack();
                // engines end every utterance with a full stop: a name, a company or a date
                // is saved without it
                let short = match field.kind {
                    FieldKind::Text { max } => max <= crate::domain::text::SHORT_TEXT_MAX,
                    FieldKind::Attachment { .. } => false,
                    _ => true,
                };
                let words = if short {
                    words.trim_end_matches(['.', '!', '…']).trim().to_owned()
                } else {
                    words
                };
                // checked exactly like the same words typed
                let sent = self.out.msgs.len();
                Box::pin(self.form_input(fs, crate::dialogue::Input::Text(words))).await?;
                match &self.state {
                    State::Form(now) if now.dictation.is_some() => {
                        // refused (too long, not a date…): the words can still be corrected
                        let now = now.clone();
                        self.offer_correction(&now, sent);
                    }
                    _ => self.settle_voice_message("stt-saved"),
                }
                Ok(())
            }
            VoiceAction::Edit => {
                let words = d.text.clone().unwrap_or_default();
                self.settle_voice_message("stt-editing");
                let text = tr!(self.me.lang, "stt-edit", text = words);
                self.send(text, Kb::None);
                self.state = State::Form(fs);
                Ok(())
            }
            VoiceAction::Again => {
                fs.dictation = None;
                self.settle_voice_message("stt-discarded");
                let text = self.t("stt-again");
                self.send(text, Kb::None);
                self.ask(fs, None).await
            }
            VoiceAction::Retry
                if d.failed.is_some() && d.failed.as_deref() != Some(SttError::TooLong.key()) =>
            {
                self.settle_voice_message("stt-retrying");
                self.dictate(fs, field, &d.file_id, d.duration);
                Ok(())
            }
            VoiceAction::Keep if matches!(field.kind, FieldKind::Attachment { .. }) => {
                fs.dictation = None;
                self.settle_voice_message("stt-kept-audio");
                // the recording alone, as it is kept without an engine
                fs.answers.insert(
                    field.key.to_owned(),
                    Answer::Voice {
                        file_id: d.file_id,
                        duration: d.duration,
                        transcript: None,
                    },
                );
                self.ask(fs, None).await
            }
            // a retry of a recording too long, or a keep where a recording is no answer
            VoiceAction::Retry | VoiceAction::Keep => {
                self.state = State::Form(fs);
                let text = self.t("err-stale-button");
                self.toast(text, false);
                Ok(())
            }
        }
    }

    /// «✏️ Исправить» above the buttons of the question asked again after the words were
    /// refused, so they are not lost; `since` is where this turn's own messages begin.
    fn offer_correction(&mut self, fs: &FormState, since: usize) {
        let Kb::Inline(edit) = self.voice_buttons(fs, &[(VoiceAction::Edit, "btn-stt-edit")])
        else {
            return;
        };
        let Some(row) = edit.into_iter().next() else {
            return;
        };
        let asked = self.out.msgs[since..]
            .iter_mut()
            .rev()
            .find_map(|o| match o {
                Out::Send { chat, kb, .. } if *chat == self.chat => Some(kb),
                _ => None,
            });
        match asked {
            Some(Kb::Inline(rows)) => rows.insert(0, row),
            Some(kb @ Kb::None) => *kb = Kb::Inline(vec![row]),
            _ => {}
        }
    }

    /// The message whose button was pressed loses its buttons and says what became of it.
    fn settle_voice_message(&mut self, key: &str) {
        use crate::domain::text::{cut_html, visible_len, MESSAGE_LIMIT};
        let line = self.t(key);
        if let Some(cb) = self.out.callback.as_ref() {
            if let (Some(message_id), Some(text)) = (cb.message_id, cb.message_text.clone()) {
                // the words give way to the line saying what became of them
                let room = MESSAGE_LIMIT.saturating_sub(visible_len(&line) + 2);
                self.out.msgs.push(Out::Edit {
                    chat: self.chat,
                    message_id,
                    text: format!("{}\n\n{line}", cut_html(&escape(&text), room)),
                    kb: Kb::None,
                });
            }
        }
    }

    /// A typed or confirmed answer while a voice message waits: the voice goes with it.
    pub(super) fn attach_dictation(
        &mut self,
        fs: &mut FormState,
        field: &Field,
        typed: Option<&str>,
        answer: Answer,
    ) -> Answer {
        let Some(d) = fs.dictation.take() else {
            return answer;
        };
        let Some(words) = typed.map(str::trim).filter(|w| !w.is_empty()) else {
            // answered by a button: the voice message answered nothing
            return answer;
        };
        match (answer, field.kind) {
            (Answer::Text(t), FieldKind::Attachment { .. }) => Answer::Voice {
                file_id: d.file_id,
                duration: d.duration,
                transcript: Some(t),
            },
            (other, _) => {
                fs.dictated.push(Dictated {
                    key: field.key.to_owned(),
                    file_id: d.file_id,
                    duration: d.duration,
                    text: words.to_owned(),
                });
                other
            }
        }
    }

    /// The deal a completed form was about (or `created`), for its voice answers.
    async fn form_deal(&mut self, kind: FormKind, created: Option<i64>) -> Res<Option<i64>> {
        Ok(match kind {
            FormKind::ReturnComment { approval_id, .. }
            | FormKind::LawyerUpload { approval_id, .. } => {
                storage::flow::approval(&mut self.tx, approval_id)
                    .await?
                    .map(|a| a.deal_id)
            }
            FormKind::NewContact => created,
            k => k.deal_id(),
        })
    }

    /// After a form completed: its voice answers go on the deal's timeline with their words.
    pub(super) async fn keep_dictated(
        &mut self,
        kind: FormKind,
        created: Option<i64>,
        dictated: Vec<Dictated>,
    ) -> Res {
        if dictated.is_empty() {
            return Ok(());
        }
        let Some(deal_id) = self.form_deal(kind, created).await? else {
            return Ok(());
        };
        let Some(d) = deals::deal(&mut self.tx, deal_id).await? else {
            return Ok(());
        };
        for v in dictated {
            let id = deals::add_activity(
                &mut self.tx,
                &deals::NewActivity {
                    deal_id,
                    author_id: Some(self.me.user.id),
                    kind: ActivityKind::Note.code(),
                    stage: d.stage.code(),
                    body: &v.text,
                    file_id: Some(&v.file_id),
                    file_name: None,
                    duration_secs: Some(i64::from(v.duration)),
                },
                self.now.ts,
            )
            .await?;
            self.voice_kept(id, deal_id, &v.text).await?;
        }
        Ok(())
    }

    /// A transcribed timeline entry: searchable, and a time it names offered as a reminder.
    pub(super) async fn voice_kept(&mut self, activity_id: i64, deal_id: i64, words: &str) -> Res {
        deals::add_transcript(&mut self.tx, activity_id, deal_id, words).await?;
        let parts = storage::notify::day_parts(&mut self.tx).await?;
        let Some(at) = find_when(words, self.now.at, self.me.tz, &parts) else {
            return Ok(());
        };
        let Some(d) = deals::deal(&mut self.tx, deal_id).await? else {
            return Ok(());
        };
        if !self.can_work(&d)
            || deals::has_open_reminder(&mut self.tx, deal_id, self.me.user.id, at.timestamp())
                .await?
        {
            return Ok(());
        }
        let text = tr!(
            self.me.lang,
            "stt-offer",
            at = self.fmt_time(at.timestamp())
        );
        let kb = Kb::Inline(vec![vec![Btn::new(
            tr!(
                self.me.lang,
                "btn-stt-remind",
                at = self.fmt_time(at.timestamp())
            ),
            Cb::VoiceRemind {
                activity: activity_id,
                at: at.timestamp(),
            },
        )]]);
        self.send(text, kb);
        Ok(())
    }

    /// «Напомнить» under a time named in a voice note: the reminder, once.
    pub(super) async fn remind_from_voice(&mut self, activity_id: i64, at: i64) -> Res {
        let Some(a) = deals::activity(&mut self.tx, activity_id).await? else {
            let text = self.t("err-stale-button");
            self.toast(text, false);
            return Ok(());
        };
        let Some(d) = self.visible_deal(a.deal_id).await? else {
            return Ok(());
        };
        if !self.can_work(&d) || a.file_id.is_none() {
            let text = self.t("deal-not-yours");
            self.toast(text, true);
            return Ok(());
        }
        if at <= self.now.ts {
            let text = self.t("stt-remind-past");
            self.toast(text, true);
            return Ok(());
        }
        if deals::has_open_reminder(&mut self.tx, d.id, self.me.user.id, at).await? {
            let text = self.t("stt-remind-exists");
            self.toast(text, false);
            return Ok(());
        }
        let what = crate::domain::text::ellipsize(&a.body, 200);
        self.reminder(d.id, self.me.user.id, ReminderKind::Custom, at, &what)
            .await?;
        tracing::info!(deal_id = d.id, "reminder set from a voice note");
        let text = tr!(
            self.me.lang,
            "reminder-set",
            at = self.fmt_time(at),
            what = &what
        );
        let kb = Kb::Inline(vec![vec![Btn::new(
            self.t("btn-open-deal"),
            Cb::Deal(d.id),
        )]]);
        self.show(text, kb);
        Ok(())
    }
}
