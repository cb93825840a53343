//! Step 8 in chat: the deal's parameters on one screen, each fixed on its own (checked against
//! the rest), open again after the lawyer's return, and the gate that keeps step 9 and the
//! contract closed while anything mandatory is missing.

use super::{Btn, Cb, Ctx, Kb, Res};
use crate::dialogue::{Answer, Answers, FormKind};
use crate::domain::Money;
use crate::i18n::{escape, Lang};
use crate::pipeline::fields::text;
use crate::pipeline::timeline::{Body, Word};
use crate::pipeline::{ActivityKind, ApprovalKind, ApprovalState, DealStatus, Stage};
use crate::storage::{deals, flow};
use crate::tr;

impl Ctx<'_> {
    /// The deal's terms as lines «ИНН: …», in the reader's language.
    pub(super) async fn terms_summary(&mut self, deal_id: i64, lang: Lang) -> Res<String> {
        let a = self.step_answers(deal_id, Stage::Terms).await?;
        Ok(terms_lines(&a, lang))
    }

    /// Whether the deal's terms may be corrected now: while step 8 is the last one recorded, and
    /// after the lawyer returned the contract (what the lawyer asks to fix is in the terms).
    pub(super) async fn terms_editable(&mut self, d: &deals::Deal) -> Res<bool> {
        if d.status != DealStatus::Open || !self.can_work(d) {
            return Ok(false);
        }
        Ok(match d.stage {
            Stage::Terms => true,
            Stage::TermsConfirmed => {
                flow::latest_approval(&mut self.tx, d.id, ApprovalKind::ContractReview)
                    .await?
                    .is_some_and(|a| a.state == ApprovalState::Returned)
            }
            _ => false,
        })
    }

    /// «Параметры сделки» from a button: the terms, with edit buttons where they may be fixed.
    pub(super) async fn terms_view(&mut self, deal_id: i64) -> Res {
        if self.visible_deal(deal_id).await?.is_none() {
            return Ok(());
        }
        self.show_terms(deal_id, "terms-title").await
    }

    pub(super) async fn show_terms(&mut self, deal_id: i64, heading: &str) -> Res {
        let Some(d) = deals::deal(&mut self.tx, deal_id).await? else {
            return Ok(());
        };
        let summary = self.terms_summary(deal_id, self.me.lang).await?;
        let mut text = format!("{}\n\n{summary}", tr!(self.me.lang, heading, id = deal_id));
        let a = self.step_answers(deal_id, Stage::Terms).await?;
        let mut rows: Vec<Vec<Btn>> = Vec::new();
        if self.terms_editable(&d).await? {
            let mut row = Vec::new();
            // every field that applies has its button, a missing one above all: the screen
            // names it below and the button is how it is filled
            for (i, f) in Stage::Terms.spec().fields.iter().enumerate() {
                if !a.contains_key(f.key) && !f.applies(&a) {
                    continue;
                }
                row.push(Btn::new(
                    self.t(&format!("label-terms-{}", f.key)),
                    Cb::EditTerm {
                        deal: deal_id,
                        field: i as u8,
                    },
                ));
                if row.len() == 3 {
                    rows.push(std::mem::take(&mut row));
                }
            }
            if !row.is_empty() {
                rows.push(row);
            }
        }
        match terms_gap(&a) {
            Some(key) => {
                text.push_str("\n\n⚠️ ");
                text.push_str(&tr!(
                    self.me.lang,
                    "terms-incomplete",
                    field = self.t(&format!("label-terms-{key}"))
                ));
            }
            None => {
                if let Some(next) = d.stage.next().filter(|_| d.status == DealStatus::Open) {
                    rows.push(vec![Btn::new(
                        tr!(self.me.lang, "btn-next-step", stage = self.stage_name(next)),
                        Cb::Step {
                            deal: deal_id,
                            stage: next,
                        },
                    )]);
                }
            }
        }
        self.send(text, Kb::Inline(rows));
        Ok(())
    }

    /// Whether one parameter may be fixed now: the terms are open and the parameter applies to
    /// them (no КПП for a sole trader's ИНН, whatever an older screen still shows).
    pub(super) async fn term_form_allowed(&mut self, deal_id: i64, field: u8) -> Res<bool> {
        let Some(d) = self.visible_deal(deal_id).await? else {
            return Ok(false);
        };
        if !self.terms_editable(&d).await? {
            let text = self.t("terms-locked");
            self.toast(text, true);
            return Ok(false);
        }
        let Some(f) = Stage::Terms.spec().fields.get(usize::from(field)) else {
            return Ok(false);
        };
        let a = self.step_answers(deal_id, Stage::Terms).await?;
        if !f.applies(&a) {
            let text = tr!(
                self.me.lang,
                "terms-not-needed",
                key = f.key,
                field = self.t(&format!("label-terms-{}", f.key))
            );
            self.send(text, Kb::None);
            self.show_terms(deal_id, "terms-title").await?;
            return Ok(false);
        }
        Ok(true)
    }

    /// One parameter corrected: kept as a new record of step 8, noted on the timeline. Whatever
    /// the correction leaves missing is asked at once: the account after a БИК it no longer
    /// fits, the КПП after a company's ИНН.
    pub(super) async fn edit_term(&mut self, d: &deals::Deal, field: u8, a: &Answers) -> Res {
        let Some(f) = Stage::Terms.spec().fields.get(usize::from(field)) else {
            return Ok(());
        };
        if !self.terms_editable(d).await? {
            let text = self.t("terms-locked");
            self.send(text, Kb::None);
            return Ok(());
        }
        let mut all = self.step_answers(d.id, Stage::Terms).await?;
        match a.get(f.key) {
            Some(v) => all.insert(f.key.to_owned(), v.clone()),
            // nothing was answered: the screen again, never silence
            None => return self.show_terms(d.id, "terms-title").await,
        };
        let mut account_dropped = false;
        if let (Some(bik), Some(acc)) = (text(&all, "bik"), text(&all, "account")) {
            if crate::domain::requisites::account(acc, bik).is_err() {
                all.remove("account");
                account_dropped = true;
            }
        }
        // a КПП belongs to an organisation: an ИНН of a sole trader drops it
        if !crate::dialogue::forms::inn_is_company(&all) {
            all.remove("kpp");
        }
        self.save_terms(d.id, d.client_id, &all).await?;
        let data = serde_json::to_value(&all).unwrap_or_default();
        deals::insert_step(
            &mut self.tx,
            d.id,
            Stage::Terms.code(),
            &data,
            0,
            self.me.user.id,
            self.now.ts,
        )
        .await?;
        let body =
            Body::line("tl-term-edited").with("field", Word::Key(format!("label-terms-{}", f.key)));
        self.note(
            d.id,
            ActivityKind::Note,
            d.stage,
            &body.encode(),
            None,
            None,
        )
        .await?;
        if let Some(key) = terms_gap(&all) {
            let text = if key == "account" && account_dropped {
                self.t("terms-account-mismatch")
            } else {
                tr!(
                    self.me.lang,
                    "terms-now-needed",
                    key = key,
                    field = self.t(&format!("label-terms-{key}"))
                )
            };
            self.send(text, Kb::None);
            let field = Stage::Terms
                .spec()
                .fields
                .iter()
                .position(|f| f.key == key)
                .unwrap_or(0);
            return self
                .start_form(FormKind::EditTerm {
                    deal_id: d.id,
                    field: field as u8,
                })
                .await;
        }
        self.show_terms(d.id, "terms-updated").await
    }

    pub(super) async fn save_terms(&mut self, deal_id: i64, client_id: i64, a: &Answers) -> Res {
        flow::set_requisites(
            &mut self.tx,
            client_id,
            &flow::Requisites {
                inn: text(a, "inn").unwrap_or(""),
                kpp: text(a, "kpp"),
                ogrn: text(a, "ogrn").unwrap_or(""),
                bik: text(a, "bik").unwrap_or(""),
                account: text(a, "account").unwrap_or(""),
                address: text(a, "address").unwrap_or(""),
                location: text(a, "location").unwrap_or(""),
            },
        )
        .await?;
        if let Some(Answer::Money(k)) = a.get("amount") {
            let current = deals::deal(&mut self.tx, deal_id)
                .await?
                .and_then(|d| d.amount_kopecks);
            if current != Some(*k) {
                flow::set_amount(
                    &mut self.tx,
                    deal_id,
                    *k,
                    "terms",
                    self.me.user.id,
                    self.now.ts,
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Whether the terms are complete and consistent; if not, says which parameter to fix.
    pub(super) async fn terms_ready(&mut self, deal_id: i64) -> Res<bool> {
        let a = self.step_answers(deal_id, Stage::Terms).await?;
        match terms_gap(&a) {
            None => Ok(true),
            Some(_) => {
                self.ack();
                self.show_terms(deal_id, "terms-title").await?;
                Ok(false)
            }
        }
    }
}

/// The terms as lines «ИНН: …» in a language; long texts are shortened so the summary fits one
/// message with the rest (the full text stays in the record and in the contract).
pub(super) fn terms_lines(a: &Answers, lang: Lang) -> String {
    let mut lines = Vec::new();
    for f in Stage::Terms.spec().fields {
        let value = match a.get(f.key) {
            Some(Answer::Text(t)) => escape(&crate::domain::text::ellipsize(t, 400)),
            Some(Answer::Money(k)) => Money::from_kopecks(*k).to_string(),
            _ => continue,
        };
        lines.push(format!(
            "{}: {value}",
            crate::i18n::tr(lang, &format!("label-terms-{}", f.key))
        ));
    }
    lines.join("\n")
}

/// The first mandatory parameter the terms lack (or whose account no longer fits the БИК): no
/// confirmation and no contract until it is there.
pub(super) fn terms_gap(a: &Answers) -> Option<&'static str> {
    for f in Stage::Terms.spec().fields {
        if f.skip == crate::dialogue::Skip::No && f.applies(a) && !a.contains_key(f.key) {
            return Some(f.key);
        }
    }
    match (text(a, "bik"), text(a, "account")) {
        (Some(bik), Some(acc)) if crate::domain::requisites::account(acc, bik).is_err() => {
            Some("account")
        }
        _ => None,
    }
}

/// The parameters whose values differ between two records of the terms, as label keys.
pub(super) fn terms_changed(before: &Answers, after: &Answers) -> Vec<String> {
    Stage::Terms
        .spec()
        .fields
        .iter()
        .filter(|f| before.get(f.key) != after.get(f.key))
        .map(|f| format!("label-terms-{}", f.key))
        .collect()
}
