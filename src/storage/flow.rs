//! The second half of the pipeline: approvals, refusals, amounts with history, payments,
//! templates, client requisites.

use sqlx::FromRow;

use super::Conn;
use crate::pipeline::approval::Payload;
use crate::pipeline::{ApprovalKind, ApprovalState};

#[derive(Debug, Clone, FromRow)]
pub struct Approval {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: ApprovalKind,
    pub deal_id: i64,
    pub requested_by: i64,
    pub decider: String,
    pub payload: String,
    #[sqlx(try_from = "String")]
    pub state: ApprovalState,
    pub decided_by: Option<i64>,
    pub comment: Option<String>,
    pub requested_at: i64,
    pub decided_at: Option<i64>,
}

impl Approval {
    /// The payload as its kind's struct; a payload that does not read is an error, not a default.
    pub fn payload(&self) -> Result<Payload, serde_json::Error> {
        Payload::read(self.kind, &self.payload)
    }
}

/// The columns every approvals query reads; a macro so queries stay static strings.
macro_rules! approval_cols {
    () => {
        "id, kind, deal_id, requested_by, decider, payload, state, decided_by, comment, requested_at, decided_at"
    };
}

pub async fn add_approval(
    c: &mut Conn,
    deal_id: i64,
    requested_by: i64,
    decider: &str,
    payload: &Payload,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let r: i64 = sqlx::query_scalar(
        "INSERT INTO approvals (kind, deal_id, requested_by, decider, payload, requested_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(payload.kind().code())
    .bind(deal_id)
    .bind(requested_by)
    .bind(decider)
    .bind(payload.to_json())
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    Ok(r)
}

pub async fn approval(c: &mut Conn, id: i64) -> Result<Option<Approval>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        approval_cols!(),
        " FROM approvals WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *c)
    .await
}

/// The newest request of a kind on a deal.
pub async fn latest_approval(
    c: &mut Conn,
    deal_id: i64,
    kind: ApprovalKind,
) -> Result<Option<Approval>, sqlx::Error> {
    latest_approval_of(c, deal_id, &[kind]).await
}

/// The newest request of any of these kinds on a deal (the contract: reviewed or drafted).
pub async fn latest_approval_of(
    c: &mut Conn,
    deal_id: i64,
    kinds: &[ApprovalKind],
) -> Result<Option<Approval>, sqlx::Error> {
    // the kinds are the enum's own codes, never user text
    let list: Vec<String> = kinds.iter().map(|k| format!("'{}'", k.code())).collect();
    let sql = format!(
        concat!(
            "SELECT ",
            approval_cols!(),
            " FROM approvals WHERE deal_id = $1 AND kind IN ({}) ORDER BY id DESC LIMIT 1"
        ),
        list.join(", ")
    );
    sqlx::query_as(&sql)
        .bind(deal_id)
        .fetch_optional(&mut *c)
        .await
}

/// Decides a pending request; false when it was decided already.
pub async fn decide(
    c: &mut Conn,
    id: i64,
    state: ApprovalState,
    by: i64,
    comment: Option<&str>,
    payload: Option<&Payload>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE approvals SET state = $2, decided_by = $3, comment = $4, decided_at = $5,
             payload = COALESCE($6, payload)
         WHERE id = $1 AND state = 'pending'",
    )
    .bind(id)
    .bind(state.code())
    .bind(by)
    .bind(comment)
    .bind(now)
    .bind(payload.map(Payload::to_json))
    .execute(&mut *c)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Pending requests a user may decide, oldest first.
pub async fn pending_for(
    c: &mut Conn,
    decider: &str,
    direction: Option<i64>,
    all_directions: bool,
) -> Result<Vec<Approval>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.kind, a.deal_id, a.requested_by, a.decider, a.payload, a.state,
             a.decided_by, a.comment, a.requested_at, a.decided_at
         FROM approvals a JOIN deals d ON d.id = a.deal_id
         WHERE a.state = 'pending' AND a.decider = $1 AND ($2 OR d.direction_id = $3)
         ORDER BY a.requested_at, a.id",
    )
    .bind(decider)
    .bind(all_directions)
    .bind(direction)
    .fetch_all(&mut *c)
    .await
}

pub async fn set_amount(
    c: &mut Conn,
    deal_id: i64,
    kopecks: i64,
    reason: &str,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE deals SET amount_kopecks = $2 WHERE id = $1")
        .bind(deal_id)
        .bind(kopecks)
        .execute(&mut *c)
        .await?;
    sqlx::query("INSERT INTO deal_amounts (deal_id, amount_kopecks, reason, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(deal_id)
        .bind(kopecks)
        .bind(reason)
        .bind(by)
        .bind(now)
        .execute(&mut *c)
        .await?;
    Ok(())
}

pub struct NewRefusal<'a> {
    pub deal_id: i64,
    pub stage: &'a str,
    pub refused_on: i64,
    pub reason: &'a str,
    pub contact_name: &'a str,
    pub contact_position: &'a str,
    pub recorded_by: i64,
}

/// Records a refusal and closes the deal as lost, with its open reminders.
pub async fn refuse(c: &mut Conn, r: &NewRefusal<'_>, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO refusals (deal_id, stage, refused_on, reason, contact_name, contact_position, recorded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(r.deal_id)
    .bind(r.stage)
    .bind(r.refused_on)
    .bind(r.reason)
    .bind(r.contact_name)
    .bind(r.contact_position)
    .bind(r.recorded_by)
    .bind(now)
    .execute(&mut *c)
    .await?;
    super::deals::close_deal(c, r.deal_id, crate::pipeline::DealStatus::Lost, now).await
}

pub async fn set_status(
    c: &mut Conn,
    deal_id: i64,
    status: &str,
    closed_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE deals SET status = $2, closed_at = $3 WHERE id = $1")
        .bind(deal_id)
        .bind(status)
        .bind(closed_at)
        .execute(&mut *c)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct Refusal {
    pub refused_on: i64,
    pub reason: String,
    pub contact_name: String,
    pub contact_position: String,
    pub stage: String,
}

pub async fn last_refusal(c: &mut Conn, deal_id: i64) -> Result<Option<Refusal>, sqlx::Error> {
    sqlx::query_as(
        "SELECT refused_on, reason, contact_name, contact_position, stage FROM refusals WHERE deal_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(deal_id)
    .fetch_optional(&mut *c)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Reason {
    pub id: i64,
    pub text: String,
}

pub async fn reasons(c: &mut Conn) -> Result<Vec<Reason>, sqlx::Error> {
    sqlx::query_as("SELECT id, text FROM refusal_reasons WHERE active = 1 ORDER BY id")
        .fetch_all(&mut *c)
        .await
}

pub async fn add_reason(c: &mut Conn, text: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO refusal_reasons (text) VALUES ($1) ON CONFLICT (text) DO UPDATE SET active = 1")
        .bind(text)
        .execute(&mut *c)
        .await?;
    Ok(())
}

pub async fn remove_reason(c: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE refusal_reasons SET active = 0 WHERE id = $1")
        .bind(id)
        .execute(&mut *c)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub position: String,
}

pub async fn contacts_of_deal(c: &mut Conn, deal_id: i64) -> Result<Vec<Contact>, sqlx::Error> {
    sqlx::query_as(
        "SELECT ct.id, ct.name, ct.position FROM contacts ct JOIN deals d ON d.client_id = ct.client_id
         WHERE d.id = $1 ORDER BY ct.id",
    )
    .bind(deal_id)
    .fetch_all(&mut *c)
    .await
}

pub async fn contact(c: &mut Conn, id: i64) -> Result<Option<Contact>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, position FROM contacts WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *c)
        .await
}

pub async fn add_payment(
    c: &mut Conn,
    deal_id: i64,
    kopecks: i64,
    paid_on: i64,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO payments (deal_id, amount_kopecks, paid_on, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(deal_id)
        .bind(kopecks)
        .bind(paid_on)
        .bind(by)
        .bind(now)
        .execute(&mut *c)
        .await?;
    Ok(())
}

pub async fn paid_total(c: &mut Conn, deal_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COALESCE(CAST(SUM(amount_kopecks) AS BIGINT), 0) FROM payments WHERE deal_id = $1",
    )
    .bind(deal_id)
    .fetch_one(&mut *c)
    .await
}

pub struct Requisites<'a> {
    pub inn: &'a str,
    pub kpp: Option<&'a str>,
    pub ogrn: &'a str,
    pub bik: &'a str,
    pub account: &'a str,
    pub address: &'a str,
    pub location: &'a str,
}

pub async fn set_requisites(
    c: &mut Conn,
    client_id: i64,
    r: &Requisites<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE clients SET inn = $2, kpp = $3, ogrn = $4, bank_bik = $5, bank_account = $6, legal_address = $7, location = $8
         WHERE id = $1",
    )
    .bind(client_id)
    .bind(r.inn)
    .bind(r.kpp)
    .bind(r.ogrn)
    .bind(r.bik)
    .bind(r.account)
    .bind(r.address)
    .bind(r.location)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// A direction's template of a kind (`contract_template`, `invoice_template`) with its bytes.
pub async fn template(
    c: &mut Conn,
    kind: &str,
    direction_id: i64,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT file_name, content FROM documents WHERE kind = $1 AND direction_id = $2 AND active = 1 AND content IS NOT NULL
         ORDER BY id DESC LIMIT 1",
    )
    .bind(kind)
    .bind(direction_id)
    .fetch_optional(&mut *c)
    .await
}

#[allow(clippy::too_many_arguments)]
pub async fn put_template(
    c: &mut Conn,
    kind: &str,
    direction_id: i64,
    file_id: &str,
    file_name: &str,
    content: &[u8],
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE documents SET active = 0 WHERE kind = $1 AND direction_id = $2")
        .bind(kind)
        .bind(direction_id)
        .execute(&mut *c)
        .await?;
    sqlx::query(
        "INSERT INTO documents (kind, direction_id, file_id, file_name, size_bytes, content, uploaded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(kind)
    .bind(direction_id)
    .bind(file_id)
    .bind(file_name)
    .bind(content.len() as i64)
    .bind(content)
    .bind(by)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// A document the deal produced (a filled contract or invoice), kept with its bytes so the
/// timeline can give it back; `active = 0` keeps it out of the direction's current documents.
pub struct KeptDocument<'a> {
    pub kind: &'a str,
    pub deal_id: i64,
    pub file_name: &'a str,
    pub content: &'a [u8],
    pub by: i64,
}

pub async fn keep_document(
    c: &mut Conn,
    d: &KeptDocument<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO documents (kind, deal_id, file_id, file_name, size_bytes, content, active, uploaded_by, created_at)
         VALUES ($1, $2, '', $3, $4, $5, 0, $6, $7) RETURNING id",
    )
    .bind(d.kind)
    .bind(d.deal_id)
    .bind(d.file_name)
    .bind(d.content.len() as i64)
    .bind(d.content)
    .bind(d.by)
    .bind(now)
    .fetch_one(&mut *c)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Kept {
    pub deal_id: Option<i64>,
    pub file_name: String,
    pub content: Vec<u8>,
}

pub async fn kept_document(c: &mut Conn, id: i64) -> Result<Option<Kept>, sqlx::Error> {
    sqlx::query_as(
        "SELECT deal_id, file_name, content FROM documents WHERE id = $1 AND content IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(&mut *c)
    .await
}

/// The request of a kind on a deal filed just before `id`.
pub async fn approval_before(
    c: &mut Conn,
    deal_id: i64,
    kind: ApprovalKind,
    id: i64,
) -> Result<Option<Approval>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        approval_cols!(),
        " FROM approvals WHERE deal_id = $1 AND kind = $2 AND id < $3
         ORDER BY id DESC LIMIT 1"
    ))
    .bind(deal_id)
    .bind(kind.code())
    .bind(id)
    .fetch_optional(&mut *c)
    .await
}
