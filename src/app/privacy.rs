//! A contact's personal data on request (152-ФЗ): everything stored about them as a file, and
//! its erasure. Only a head of sales may do either; the deal's figures are kept, and so is the
//! fact that an erasure happened.

use super::{Btn, Cb, Ctx, Kb, Out, Res};
use crate::pipeline::timeline::{Body, Word};
use crate::pipeline::ActivityKind;
use crate::storage::privacy;
use crate::tr;

impl Ctx<'_> {
    /// The deal's client's contacts, each with «Выгрузить» and «Стереть».
    pub(super) async fn privacy(&mut self, deal_id: i64) -> Res {
        if !self.require_head() {
            return Ok(());
        }
        let Some(d) = self.visible_deal(deal_id).await? else {
            return Ok(());
        };
        let contacts = crate::storage::flow::contacts_of_deal(&mut self.tx, d.id).await?;
        let mut text = tr!(
            self.me.lang,
            "privacy-title",
            id = d.id,
            client = &d.client_name
        );
        let mut rows = Vec::new();
        for c in &contacts {
            if c.name == privacy::ERASED {
                text.push_str(&format!("\n• {}", self.t("privacy-erased-contact")));
                continue;
            }
            text.push_str(&format!(
                "\n• {}, {}",
                crate::i18n::escape(&c.name),
                crate::i18n::escape(&c.position)
            ));
            let who = crate::domain::text::ellipsize(&c.name, 24);
            rows.push(vec![
                Btn::new(
                    tr!(self.me.lang, "btn-contact-export", name = &who),
                    Cb::ContactExport(c.id),
                ),
                Btn::new(
                    tr!(self.me.lang, "btn-contact-erase", name = &who),
                    Cb::ContactErase(c.id),
                ),
            ]);
        }
        rows.push(vec![Btn::new(self.t("btn-open-deal"), Cb::Deal(d.id))]);
        self.show(text, Kb::Inline(rows));
        Ok(())
    }

    /// The contact, if it exists and the user is a head of sales.
    async fn contact_for_head(&mut self, id: i64) -> Res<Option<privacy::ContactRow>> {
        if !self.require_head() {
            return Ok(None);
        }
        let c = privacy::contact(&mut self.tx, id).await?;
        if c.is_none() {
            let text = self.t("err-stale-button");
            self.toast(text, false);
        }
        Ok(c)
    }

    /// Everything stored about one person, as a JSON file.
    pub(super) async fn contact_export(&mut self, id: i64) -> Res {
        let Some(c) = self.contact_for_head(id).await? else {
            return Ok(());
        };
        let entries = privacy::entries_about(&mut self.tx, &c).await?;
        let refusals = privacy::refusals_by(&mut self.tx, &c).await?;
        let steps = privacy::steps_about(&mut self.tx, &c).await?;
        let deals: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, stage, status FROM deals WHERE contact_id = $1 ORDER BY id")
                .bind(c.id)
                .fetch_all(&mut *self.tx)
                .await?;
        let lang = self.me.lang;
        let doc = serde_json::json!({
            "contact": c,
            "deals": deals.iter().map(|(id, stage, status)| serde_json::json!({"id": id, "stage": stage, "status": status})).collect::<Vec<_>>(),
            "timeline": entries.iter().map(|e| serde_json::json!({
                "id": e.id, "deal_id": e.deal_id, "kind": e.kind, "at": e.created_at,
                "text": Body::decode(&e.body).render(lang),
                "file_name": e.file_name,
            })).collect::<Vec<_>>(),
            "refusals": refusals,
            "step_answers": steps.iter().map(|(id, deal, stage, data)| serde_json::json!({
                "id": id, "deal_id": deal, "stage": stage,
                "answers": serde_json::from_str::<serde_json::Value>(data).unwrap_or_default(),
            })).collect::<Vec<_>>(),
        });
        tracing::info!(
            contact_id = c.id,
            by = self.me.user.id,
            "personal data exported"
        );
        self.out.msgs.push(Out::Upload {
            chat: self.chat,
            file_name: format!("contact_{}.json", c.id),
            bytes: serde_json::to_vec_pretty(&doc).unwrap_or_default(),
            caption: tr!(self.me.lang, "privacy-export-caption", name = &c.name),
        });
        self.ack();
        Ok(())
    }

    pub(super) async fn confirm_erase(&mut self, id: i64) -> Res {
        let Some(c) = self.contact_for_head(id).await? else {
            return Ok(());
        };
        let n = privacy::entries_about(&mut self.tx, &c).await?.len();
        let text = tr!(
            self.me.lang,
            "privacy-erase-confirm",
            name = &c.name,
            client = &c.client,
            entries = n as i64
        );
        let deal: Option<i64> =
            sqlx::query_scalar("SELECT id FROM deals WHERE client_id = $1 ORDER BY id LIMIT 1")
                .bind(c.client_id)
                .fetch_optional(&mut *self.tx)
                .await?;
        let back = deal.map_or(Cb::Deals { page: 0 }, Cb::Privacy);
        let kb = Kb::Inline(vec![vec![
            Btn::new(self.t("btn-erase-yes"), Cb::ContactEraseYes(c.id)),
            Btn::new(self.t("btn-cancel"), back),
        ]]);
        self.show(text, kb);
        Ok(())
    }

    pub(super) async fn erase_contact(&mut self, id: i64) -> Res {
        let Some(c) = self.contact_for_head(id).await? else {
            return Ok(());
        };
        if c.name == privacy::ERASED {
            let text = self.t("privacy-already-erased");
            self.toast(text, true);
            return Ok(());
        }
        let n = privacy::erase(&mut self.tx, &c, self.me.user.id, self.now.ts).await?;
        // this chat's own dialogue is saved after the turn: it must not bring the name back
        let person = privacy::Person::of(&c);
        if let Ok(mut v) = serde_json::to_value(&self.state) {
            if privacy::scrub_json(&mut v, &person) {
                if let Ok(state) = serde_json::from_value(v) {
                    self.state = state;
                }
            }
        }
        // the fact stays on every deal of the client: who erased, when
        let deals: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, stage FROM deals WHERE client_id = $1")
                .bind(c.client_id)
                .fetch_all(&mut *self.tx)
                .await?;
        let body = Body::line("tl-erasure")
            .with("who", Word::Text(self.me.user.name.clone()))
            .encode();
        for (deal_id, stage) in deals {
            let stage = crate::pipeline::Stage::from_code(&stage)
                .unwrap_or(crate::pipeline::Stage::FirstContact);
            self.note(deal_id, ActivityKind::Note, stage, &body, None, None)
                .await?;
        }
        tracing::info!(
            contact_id = c.id,
            by = self.me.user.id,
            entries = n,
            "personal data erased"
        );
        let text = tr!(self.me.lang, "privacy-erased", entries = n);
        self.show(text, Kb::None);
        Ok(())
    }
}
