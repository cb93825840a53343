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
            words.iter().any(|w| word_is(w, n))
        }
    })
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct Entry {
    pub id: i64,
    pub deal_id: i64,
    pub kind: String,
    pub body: String,
    pub file_name: Option<String>,
    pub created_at: i64,
}

/// The timeline entries of the deals with this contact's client that name the person in their
/// words or their file's name.
pub async fn entries_about(c: &mut Conn, contact: &ContactRow) -> Result<Vec<Entry>, sqlx::Error> {
    let all: Vec<Entry> = sqlx::query_as(
        "SELECT a.id, a.deal_id, a.kind, a.body, a.file_name, a.created_at FROM activities a
         JOIN deals d ON d.id = a.deal_id WHERE d.client_id = $1 ORDER BY a.id",
    )
    .bind(contact.client_id)
    .fetch_all(&mut *c)
    .await?;
    let needles = needles(&contact.name, contact.phone.as_deref());
    let erased = erased_body();
    Ok(all
        .into_iter()
        .filter(|e| {
            e.body != erased && mentions(&e.body, &needles)
                || e.file_name
                    .as_deref()
                    .is_some_and(|f| mentions(f, &needles))
        })
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

/// What identifies the person in free text: their name and phone (`needles`), and their position,
/// which is replaced only in a text that also names them («Всеволод, главный технолог»).
pub struct Person {
    pub needles: Vec<String>,
    position: Vec<String>,
}

impl Person {
    pub fn of(contact: &ContactRow) -> Person {
        let position = super::deals::person_key(&contact.position);
        Person {
            needles: needles(&contact.name, contact.phone.as_deref()),
            position: if position.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
                position.split(' ').map(str::to_owned).collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// Whether one word (a person key) is the name word `n`, declined or not.
fn word_is(word: &str, n: &str) -> bool {
    // «Ивановой», «Анне»: the word starts with the name less its last letter and is not much
    // longer than it
    let len = n.chars().count();
    let stem: String = n
        .chars()
        .take(if len >= 4 { len - 1 } else { len })
        .collect();
    word.starts_with(stem.as_str()) && word.chars().count() <= len + 3
}

/// The text with every word naming the person, their phone, and their position where they are
/// named, replaced by the marker («Перезвонить Всеволоду насчёт КП» → «Перезвонить — насчёт
/// КП»); None when it does not name them. A text still naming them after that (a phone
/// scattered in pieces) is replaced whole.
pub fn redact(text: &str, person: &Person) -> Option<String> {
    let needles = &person.needles;
    if !mentions(text, needles) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut hit = vec![false; chars.len()];
    mark_name_and_position(&chars, person, &mut hit);
    mark_phones(&chars, needles, &mut hit);
    join_across_spaces(&chars, &mut hit);
    let out = with_markers(&chars, &hit, text.len());
    Some(if mentions(&out, needles) {
        ERASED.to_owned()
    } else {
        out
    })
}

/// The text's words: (start, end, person key), in chars.
fn words_of(chars: &[char]) -> Vec<(usize, usize, String)> {
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            words.push((start, i, super::deals::person_key(&word)));
        } else {
            i += 1;
        }
    }
    words
}

/// Marks the runs of words that are the person's name (whole or a part of it, declined or not)
/// or their position.
fn mark_name_and_position(chars: &[char], person: &Person, hit: &mut [bool]) {
    let words = words_of(chars);
    let phrases = person
        .needles
        .iter()
        .filter(|n| !n.chars().all(|c| c.is_ascii_digit()))
        .map(|n| n.split(' ').collect::<Vec<_>>())
        .chain((!person.position.is_empty()).then(|| {
            person
                .position
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        }));
    for phrase in phrases {
        for at in 0..words.len().saturating_sub(phrase.len() - 1) {
            if phrase
                .iter()
                .enumerate()
                .all(|(j, n)| word_is(&words[at + j].2, n))
            {
                hit[words[at].0..words[at + phrase.len() - 1].1].fill(true);
            }
        }
    }
}

/// Marks the phone: digits with the separators people write them with, holding the phone's
/// digits.
fn mark_phones(chars: &[char], needles: &[String], hit: &mut [bool]) {
    for n in needles
        .iter()
        .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
    {
        let mut i = 0;
        while i < chars.len() {
            let starts = chars[i].is_ascii_digit()
                || chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if !starts {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || " -().+".contains(chars[i])) {
                if chars[i].is_ascii_digit() {
                    end = i + 1;
                }
                i += 1;
            }
            let digits: String = chars[start..end]
                .iter()
                .filter(|c| c.is_ascii_digit())
                .collect();
            if digits.contains(n.as_str()) {
                hit[start..end].fill(true);
            }
            i = end.max(start + 1);
        }
    }
}

/// «Всеволоду Пантелеймонову» is one marker, not two: the spaces between marked runs are marked.
fn join_across_spaces(chars: &[char], hit: &mut [bool]) {
    let mut last_hit: Option<usize> = None;
    for i in 0..chars.len() {
        if hit[i] {
            if let Some(l) = last_hit {
                if chars[l + 1..i].iter().all(|c| c.is_whitespace()) {
                    hit[l + 1..i].fill(true);
                }
            }
            last_hit = Some(i);
        }
    }
}

/// The text with each marked run replaced by one marker.
fn with_markers(chars: &[char], hit: &[bool], capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    for (i, c) in chars.iter().enumerate() {
        if !hit[i] {
            out.push(*c);
        } else if i == 0 || !hit[i - 1] {
            out.push_str(ERASED);
        }
    }
    out
}

/// Redacts every string in JSON (step answers, dialogue states, drafts, approval cards) that
/// names the person; true when one did.
pub fn scrub_json(v: &mut serde_json::Value, person: &Person) -> bool {
    let mut changed = false;
    match v {
        serde_json::Value::String(s) => {
            if let Some(r) = redact(s, person) {
                *s = r;
                changed = true;
            }
        }
        // every string is visited: no short cut after the first one changed
        serde_json::Value::Array(a) => {
            for x in a {
                changed |= scrub_json(x, person);
            }
        }
        serde_json::Value::Object(o) => {
            for x in o.values_mut() {
                changed |= scrub_json(x, person);
            }
        }
        _ => {}
    }
    changed
}

/// A stored text with the person redacted, whatever its form: JSON (bare, or after the
/// timeline's marker byte) string by string, any other text word by word; None when it does
/// not name them.
pub fn scrub(text: &str, person: &Person) -> Option<String> {
    let (prefix, body) = match text.strip_prefix('\u{1e}') {
        Some(body) => ("\u{1e}", body),
        None => ("", text),
    };
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(mut v) if v.is_object() || v.is_array() => {
            scrub_json(&mut v, person).then(|| format!("{prefix}{v}"))
        }
        _ => redact(text, person),
    }
}

/// Tables the sweep over every text leaves alone: the contact's own row and the timeline are
/// erased on their own, the others hold the team's and the company's own data (members,
/// directions, the catalogue, the list of reasons, plans), codes, ids or hashes.
const SWEEP_SKIPS: &[&str] = &[
    "contacts",
    "activities",
    "users",
    "directions",
    "price_list",
    "refusal_reasons",
    "invites",
    "access_denied",
    "processed_updates",
    "notifications",
    "stage_limits",
    "settings",
    "plans",
    "erasures",
    "_sqlx_migrations",
];

/// Text columns that hold codes the bot reads back or requisites: never rewritten.
const CODES: &[(&str, &str)] = &[
    ("clients", "inn"),
    ("clients", "kpp"),
    ("clients", "ogrn"),
    ("clients", "bank_bik"),
    ("clients", "bank_account"),
    ("deals", "channel"),
    ("deals", "stage"),
    ("deals", "status"),
    ("deal_steps", "stage"),
    ("deal_steps", "prev_stage"),
    ("reminders", "kind"),
    ("reminders", "state"),
    ("documents", "kind"),
    ("documents", "file_id"),
    ("approvals", "kind"),
    ("approvals", "decider"),
    ("approvals", "state"),
    ("refusals", "stage"),
    ("form_drafts", "form"),
];

/// Every column of the schema as it is now: (table, column, type), the type lowercased.
async fn schema_columns(c: &mut Conn) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    let sql = if c.backend_name() == "PostgreSQL" {
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT), CAST(data_type AS TEXT)
         FROM information_schema.columns WHERE table_schema = current_schema()
         ORDER BY 1, 2"
    } else {
        "SELECT m.name, p.name, lower(p.type) FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2"
    };
    sqlx::query_as(sql).fetch_all(&mut *c).await
}

fn is_text(ty: &str) -> bool {
    ["text", "char", "json", "clob"]
        .iter()
        .any(|t| ty.contains(t))
}

/// Redacts the person in every text column of every row that may be about them: the client's
/// own row, the rows of the client's deals and of no deal (reminders, documents), and the
/// rows tied to no deal or client at all (dialogue states, drafts, searches). Read from the
/// schema, so a new text column is swept without code here. Returns how many values changed.
async fn sweep(c: &mut Conn, client_id: i64, person: &Person) -> Result<u64, sqlx::Error> {
    let columns = schema_columns(c).await?;
    let has = |table: &str, column: &str| {
        columns
            .iter()
            .any(|(t, col, _)| t == table && col == column)
    };
    let mut changed = 0;
    for (table, column, ty) in &columns {
        if !is_text(ty)
            || SWEEP_SKIPS.contains(&table.as_str())
            || CODES.contains(&(table.as_str(), column.as_str()))
        {
            continue;
        }
        // client_id is a number the schema gave: safe in the text of the query
        let scope = if table == "clients" {
            format!("id = {client_id}")
        } else if has(table, "deal_id") {
            format!("(deal_id IS NULL OR deal_id IN (SELECT id FROM deals WHERE client_id = {client_id}))")
        } else if has(table, "client_id") {
            format!("client_id = {client_id}")
        } else {
            "1 = 1".to_owned()
        };
        let values: Vec<String> = sqlx::query_scalar(&format!(
            r#"SELECT DISTINCT CAST("{column}" AS TEXT) FROM "{table}" WHERE {scope} AND "{column}" IS NOT NULL"#
        ))
        .fetch_all(&mut *c)
        .await?;
        let new_value = if ty.starts_with("json") {
            format!("CAST($1 AS {ty})")
        } else {
            "$1".to_owned()
        };
        for old in values {
            if let Some(new) = scrub(&old, person) {
                changed += sqlx::query(&format!(
                    r#"UPDATE "{table}" SET "{column}" = {new_value} WHERE CAST("{column}" AS TEXT) = $2 AND {scope}"#
                ))
                .bind(new)
                .bind(&old)
                .execute(&mut *c)
                .await?
                .rows_affected();
            }
        }
    }
    Ok(changed)
}

/// Erases the person, in the caller's one transaction: the contact's name, position and phone;
/// the timeline entries naming them (words and file name, their transcripts); the step answers
/// marked personal whatever they say; refusals naming them; and, swept over every text column
/// of the schema, every other text naming them (reminders, approval cards, drafts, dialogue
/// states, the client's card...), the name and phone replaced by the marker. Records that it
/// was done. Returns how many timeline entries lost their words.
pub async fn erase(
    c: &mut Conn,
    contact: &ContactRow,
    by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let person = Person::of(contact);
    let entries = entries_about(c, contact).await?;
    let erased = erased_body();
    for e in &entries {
        // the timeline's trigger allows the marker, and the file's name dropped with it
        let sql = if e
            .file_name
            .as_deref()
            .is_some_and(|f| mentions(f, &person.needles))
        {
            "UPDATE activities SET body = $2, file_name = NULL WHERE id = $1"
        } else {
            "UPDATE activities SET body = $2 WHERE id = $1"
        };
        sqlx::query(sql)
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
        scrub_json(&mut v, &person);
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
    sweep(c, contact.client_id, &person).await?;
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

    fn person() -> Person {
        Person::of(&ContactRow {
            id: 1,
            client_id: 1,
            client: "ООО Ромашка".into(),
            name: "Всеволод Пантелеймонов".into(),
            position: "главный технолог".into(),
            phone: Some("+79123456789".into()),
            created_at: 0,
        })
    }

    #[test]
    fn an_erased_text_reads_with_the_marker_where_the_person_was() {
        let p = person();
        assert_eq!(
            redact("Перезвонить Всеволоду насчёт КП", &p).as_deref(),
            Some("Перезвонить — насчёт КП")
        );
        assert_eq!(
            redact(
                "Всеволод Пантелеймонов, главный технолог, +7 (912) 345-67-89 — ждёт",
                &p
            )
            .as_deref(),
            Some("—, —, — — ждёт")
        );
        assert_eq!(redact("Отправил КП главному технологу", &p), None);
        assert_eq!(
            redact("Договор — Пантелеймонов В.docx", &p).as_deref(),
            Some("Договор — — В.docx")
        );
    }

    #[test]
    fn json_keeps_its_shape_and_loses_only_the_persons_words() {
        let p = person();
        let state = r#"{"state":"form","id":13456789012,"answers":{"name":{"text":"Всеволод Пантелеймонов"},"company":{"text":"ООО Лютик"}}}"#;
        let out: serde_json::Value = serde_json::from_str(&scrub(state, &p).unwrap()).unwrap();
        assert_eq!(out["answers"]["name"]["text"], ERASED);
        assert_eq!(out["answers"]["company"]["text"], "ООО Лютик");
        assert_eq!(out["id"], 13456789012_i64, "numbers are not phones");
        assert_eq!(scrub(r#"{"changes":"убрать доставку"}"#, &p), None);
    }
}
