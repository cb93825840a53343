//! One contact's personal data: everything stored about them, and its erasure on request.

use super::Conn;
use crate::pipeline::timeline::Body;

/// What an erased timeline entry says instead of the words it had.
pub fn erased_body() -> String {
    Body::line("tl-erased").encode()
}

/// What an erased name, position or phone reads as.
pub const ERASED: &str = "—";

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ContactRow {
    pub id: i64,
    pub client_id: i64,
    pub client: String,
    pub name: String,
    pub position: String,
    pub phone: Option<String>,
    pub created_at: i64,
}

pub async fn contact(c: &mut Conn, id: i64) -> Result<Option<ContactRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT ct.id, ct.client_id, cl.name AS client, ct.name, ct.position, ct.phone, ct.created_at
         FROM contacts ct JOIN clients cl ON cl.id = ct.client_id WHERE ct.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *c)
    .await
}

/// The words that identify the person in free text: the full name, each part of it of three
/// letters or more, the phone's digits.
pub fn needles(name: &str, phone: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    let key = super::deals::person_key(name);
    if !key.is_empty() {
        out.push(key.clone());
    }
    for part in key.split(' ') {
        if part.chars().count() >= 3 && !out.iter().any(|o| o == part) {
            out.push(part.to_owned());
        }
    }
    if let Some(p) = phone {
        let digits: String = p.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 7 {
            out.push(digits[digits.len() - 7..].to_owned());
        }
    }
    out
}

/// Whether free text names the person.
pub fn mentions(text: &str, needles: &[String]) -> bool {
    let key = super::deals::person_key(text);
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    needles.iter().any(|n| {
        if n.chars().all(|c| c.is_ascii_digit()) {
            digits.contains(n.as_str())
        } else if n.contains(' ') {
            key.contains(n.as_str())
        } else {
            // a name declined («Ивановой», «Анне»): the word starts with the name less its
            // last letter and is not much longer than it
            let len = n.chars().count();
            let stem: String = n
                .chars()
                .take(if len >= 4 { len - 1 } else { len })
                .collect();
            words
                .iter()
                .any(|w| w.starts_with(stem.as_str()) && w.chars().count() <= len + 3)
        }
    })
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct Entry {
    pub id: i64,
    pub deal_id: i64,
    pub kind: String,
    pub body: String,
    pub created_at: i64,
}

/// The timeline entries of the deals with this contact's client that name the person, and the
/// entry that created the contact's deal.
pub async fn entries_about(c: &mut Conn, contact: &ContactRow) -> Result<Vec<Entry>, sqlx::Error> {
    let all: Vec<Entry> = sqlx::query_as(
        "SELECT a.id, a.deal_id, a.kind, a.body, a.created_at FROM activities a
         JOIN deals d ON d.id = a.deal_id WHERE d.client_id = $1 ORDER BY a.id",
    )
    .bind(contact.client_id)
    .fetch_all(&mut *c)
    .await?;
    let needles = needles(&contact.name, contact.phone.as_deref());
    let erased = erased_body();
    Ok(all
        .into_iter()
        .filter(|e| e.body != erased && mentions(&e.body, &needles))
        .collect())
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct Refused {
    pub deal_id: i64,
    pub refused_on: i64,
    pub reason: String,
    pub contact_name: String,
    pub contact_position: String,
}

pub async fn refusals_by(c: &mut Conn, contact: &ContactRow) -> Result<Vec<Refused>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.deal_id, r.refused_on, r.reason, r.contact_name, r.contact_position
         FROM refusals r JOIN deals d ON d.id = r.deal_id
         WHERE d.client_id = $1 AND r.contact_name = $2",
    )
    .bind(contact.client_id)
    .bind(&contact.name)
    .fetch_all(&mut *c)
    .await
}

/// The answers of a step that hold personal data, as its row marks them (`fields::personal`).
pub fn personal_keys(stage: &str) -> Vec<&'static str> {
    crate::pipeline::Stage::from_code(stage)
        .map(|s| {
            s.spec()
                .fields
                .iter()
                .filter(|f| f.personal)
                .map(|f| f.key)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a step's answers hold a field its row marks personal.
fn holds_personal(stage: &str, data: &str) -> bool {
    let keys = personal_keys(stage);
    !keys.is_empty()
        && serde_json::from_str::<serde_json::Value>(data)
            .is_ok_and(|v| keys.iter().any(|k| v.get(*k).is_some()))
}

/// Step answers of the person's deals that hold their words or a field marked personal:
/// (step id, deal, stage, data).
pub async fn steps_about(
    c: &mut Conn,
    contact: &ContactRow,
) -> Result<Vec<(i64, i64, String, String)>, sqlx::Error> {
    let rows: Vec<(i64, i64, String, String, i64)> = sqlx::query_as(
        "SELECT s.id, s.deal_id, s.stage, s.data, d.contact_id FROM deal_steps s
         JOIN deals d ON d.id = s.deal_id WHERE d.client_id = $1 ORDER BY s.id",
    )
    .bind(contact.client_id)
    .fetch_all(&mut *c)
    .await?;
    let needles = needles(&contact.name, contact.phone.as_deref());
    Ok(rows
        .into_iter()
        .filter(|(_, _, stage, data, person)| {
            mentions(data, &needles) || (*person == contact.id && holds_personal(stage, data))
        })
        .map(|(id, deal, stage, data, _)| (id, deal, stage, data))
        .collect())
}

/// Replaces every string in a step's answers that names the person with the marker.
pub fn scrub_json(v: &mut serde_json::Value, needles: &[String]) {
    match v {
        serde_json::Value::String(s) if mentions(s, needles) => *s = ERASED.to_owned(),
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| scrub_json(x, needles)),
        serde_json::Value::Object(o) => o.values_mut().for_each(|x| scrub_json(x, needles)),
        _ => {}
    }
}

/// Erases the person: the contact's name, position and phone, refusals naming them, the step
/// answers and timeline entries with their words, the search keys; records that it was done.
/// Returns how many timeline entries lost their words.
pub async fn erase(
    c: &mut Conn,
    contact: &ContactRow,
    by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let needles = needles(&contact.name, contact.phone.as_deref());
    let entries = entries_about(c, contact).await?;
    let erased = erased_body();
    for e in &entries {
        sqlx::query("UPDATE activities SET body = $2 WHERE id = $1")
            .bind(e.id)
            .bind(&erased)
            .execute(&mut *c)
            .await?;
        sqlx::query("DELETE FROM transcripts WHERE activity_id = $1")
            .bind(e.id)
            .execute(&mut *c)
            .await?;
    }
    for (id, _, stage, data) in steps_about(c, contact).await? {
        let mut v: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
        scrub_json(&mut v, &needles);
        // what the row marks personal goes whatever it says (an e-mail names no one)
        for key in personal_keys(&stage) {
            if let Some(answer) = v.get_mut(key) {
                *answer = serde_json::json!({ "text": ERASED });
            }
        }
        sqlx::query("UPDATE deal_steps SET data = $2 WHERE id = $1")
            .bind(id)
            .bind(v.to_string())
            .execute(&mut *c)
            .await?;
    }
    sqlx::query(
        "UPDATE refusals SET contact_name = $3, contact_position = ''
         WHERE contact_name = $2 AND deal_id IN (SELECT id FROM deals WHERE client_id = $1)",
    )
    .bind(contact.client_id)
    .bind(&contact.name)
    .bind(ERASED)
    .execute(&mut *c)
    .await?;
    // approvals carry the deal's answers for the head: scrubbed the same way
    let approvals: Vec<(i64, String)> = sqlx::query_as(
        "SELECT a.id, a.payload FROM approvals a JOIN deals d ON d.id = a.deal_id WHERE d.client_id = $1",
    )
    .bind(contact.client_id)
    .fetch_all(&mut *c)
    .await?;
    for (id, payload) in approvals {
        if mentions(&payload, &needles) {
            let mut v: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
            scrub_json(&mut v, &needles);
            sqlx::query("UPDATE approvals SET payload = $2 WHERE id = $1")
                .bind(id)
                .bind(v.to_string())
                .execute(&mut *c)
                .await?;
        }
    }
    sqlx::query(
        "UPDATE contacts SET name = $2, position = $2, phone = NULL, name_key = '' WHERE id = $1",
    )
    .bind(contact.id)
    .bind(ERASED)
    .execute(&mut *c)
    .await?;
    sqlx::query(
        "INSERT INTO erasures (contact_id, erased_by, erased_at, entries) VALUES ($1, $2, $3, $4)",
    )
    .bind(contact.id)
    .bind(by)
    .bind(now)
    .bind(entries.len() as i64)
    .execute(&mut *c)
    .await?;
    Ok(entries.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_found_by_name_declined_or_by_phone() {
        let n = needles("Анна Иванова", Some("+7 912 345-67-89"));
        assert!(mentions("Звонил Анне Ивановой, ждёт КП", &n));
        assert!(mentions("Иванова просила перезвонить", &n));
        assert!(mentions("Анна, директор", &n));
        assert!(mentions("номер 912 345 67 89", &n));
        assert!(!mentions("Созвон с Петром", &n));
        assert!(!mentions("", &n));
    }
}
