//! The export: deals and activities of the period as CSV (for Russian Excel) and XLSX. The turn
//! only checks who may export what and queues the job; the files are built afterwards.

use chrono::DateTime;
use chrono_tz::Tz;

use super::View;
use crate::app::{Ctx, ExportJob, Job, Kb, Out, Res};
use crate::i18n::{tr, Lang};
use crate::pipeline::Stage;
use crate::reports::export::{self as files, Cell};
use crate::storage::reports::{self as q, ActivityExport, DealExport};
use crate::tr;

impl Ctx<'_> {
    /// Deals and activities of the period as CSV (for Russian Excel) and XLSX. The turn only
    /// checks who may export what; the files are built after the commit, on a read connection,
    /// so a large export never holds the write lock other users' updates wait for.
    pub(in crate::app) async fn export(&mut self, v: View) -> Res {
        let Some(filter) = self.scoped(&v, true).await? else {
            return Ok(());
        };
        let (from, to) = v.period.bounds(self.now.at, self.me.tz);
        let text = self.t("export-started");
        self.send(text, Kb::None);
        self.out.msgs.push(Out::Job(Job::Export(ExportJob {
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
}

/// Builds the export files on a read connection, after the turn that asked for them.
pub(in crate::app) async fn export_files(
    db: &crate::storage::Db,
    job: &ExportJob,
) -> Result<Vec<Out>, sqlx::Error> {
    let ExportJob {
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
    let reader = Reader { lang, tz };
    let deals = deals_table(reader, &deals_rows);
    let activities = activities_table(reader, &acts);
    let stamp = now.with_timezone(&tz).format("%Y-%m-%d").to_string();
    let mut outs = csv_uploads(chat, "deals", &stamp, &deals);
    outs.extend(csv_uploads(chat, "activities", &stamp, &activities));
    outs.extend(xlsx_upload(chat, reader, &stamp, &deals, &activities));
    Ok(outs)
}

/// Whose export it is: cells read in their language and time zone.
#[derive(Clone, Copy)]
struct Reader {
    lang: Lang,
    tz: Tz,
}

impl Reader {
    fn t(self, key: &str) -> String {
        tr(self.lang, key)
    }

    /// The column titles, one locale key each.
    fn header(self, keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| self.t(k)).collect()
    }

    /// A stored moment as a date and time in the reader's zone (empty if out of range).
    fn time(self, ts: i64) -> Cell {
        DateTime::from_timestamp(ts, 0)
            .map(|t| Cell::Time(t.with_timezone(&self.tz).naive_local()))
            .unwrap_or(Cell::Empty)
    }

    /// A stage code as the chat names it, «N. Name» (empty for a code the table does not know).
    fn stage(self, code: &str) -> Cell {
        Cell::Text(
            Stage::from_code(code)
                .map(|s| {
                    tr!(
                        self.lang,
                        "stage-name",
                        step = u32::from(s.step()),
                        name = tr(self.lang, &format!("stage-{}", s.code()))
                    )
                })
                .unwrap_or_default(),
        )
    }
}

/// One table of the export: the same columns in the CSV and on the workbook's sheet.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    fn titles(&self) -> Vec<&str> {
        self.header.iter().map(String::as_str).collect()
    }
}

fn deals_table(r: Reader, deals: &[DealExport]) -> Table {
    let header = r.header(&[
        "x-id",
        "x-client",
        "x-inn",
        "x-contact",
        "x-position",
        "x-manager",
        "x-direction",
        "x-stage",
        "x-status",
        "x-amount",
        "x-created",
        "x-closed",
    ]);
    let rows = deals
        .iter()
        .map(|d| {
            vec![
                Cell::Int(d.id),
                Cell::Text(d.client.clone()),
                Cell::Text(d.inn.clone().unwrap_or_default()),
                Cell::Text(d.contact.clone()),
                Cell::Text(d.position.clone()),
                Cell::Text(d.manager.clone()),
                Cell::Text(d.direction.clone().unwrap_or_default()),
                r.stage(&d.stage),
                Cell::Text(r.t(&format!("x-status-{}", d.status))),
                d.amount_kopecks.map(Cell::Money).unwrap_or(Cell::Empty),
                r.time(d.created_at),
                d.closed_at.map(|t| r.time(t)).unwrap_or(Cell::Empty),
            ]
        })
        .collect();
    Table { header, rows }
}

fn activities_table(r: Reader, acts: &[ActivityExport]) -> Table {
    let header = r.header(&[
        "x-id", "x-deal", "x-client", "x-author", "x-kind", "x-stage", "x-body", "x-time",
    ]);
    let rows = acts
        .iter()
        .map(|a| {
            vec![
                Cell::Int(a.id),
                Cell::Int(a.deal_id),
                Cell::Text(a.client.clone()),
                Cell::Text(a.author.clone().unwrap_or_default()),
                Cell::Text(r.t(&format!("opt-kind-{}", a.kind))),
                r.stage(&a.stage),
                Cell::Text(crate::pipeline::timeline::Body::decode(&a.body).render(r.lang)),
                r.time(a.created_at),
            ]
        })
        .collect();
    Table { header, rows }
}

/// A table as CSV: one file, or — over what Telegram takes — parts, each opening on its own.
fn csv_uploads(chat: i64, name: &str, stamp: &str, table: &Table) -> Vec<Out> {
    let parts = files::csv_parts(&table.titles(), &table.rows, files::MAX_FILE_BYTES);
    let n = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| {
            let file_name = if n == 1 {
                format!("{name}_{stamp}.csv")
            } else {
                format!("{name}_{stamp}_part{}of{n}.csv", i + 1)
            };
            Out::Upload {
                chat,
                file_name,
                bytes,
                caption: String::new(),
            }
        })
        .collect()
}

/// Both tables in one workbook; a workbook too big to send is said so instead (the CSV parts
/// carry the data), and one that could not be built is logged.
fn xlsx_upload(
    chat: i64,
    r: Reader,
    stamp: &str,
    deals: &Table,
    activities: &Table,
) -> Option<Out> {
    let (deal_titles, activity_titles) = (deals.titles(), activities.titles());
    match files::xlsx(&[
        (&r.t("x-sheet-deals"), &deal_titles, &deals.rows),
        (
            &r.t("x-sheet-activities"),
            &activity_titles,
            &activities.rows,
        ),
    ]) {
        Ok(bytes) if bytes.len() > files::MAX_FILE_BYTES => Some(Out::Send {
            chat,
            text: r.t("export-xlsx-too-big"),
            kb: Kb::None,
        }),
        Ok(bytes) => Some(Out::Upload {
            chat,
            file_name: format!("report_{stamp}.xlsx"),
            bytes,
            caption: tr!(
                r.lang,
                "export-caption",
                deals = deals.rows.len(),
                activities = activities.rows.len()
            ),
        }),
        Err(e) => {
            tracing::error!(error = %e, "xlsx export failed");
            None
        }
    }
}
