//! Directions, the price list and stored documents (questionnaires, templates).

use sqlx::FromRow;

use super::Conn;

#[derive(Debug, Clone, FromRow)]
pub struct Direction {
    pub id: i64,
    pub name: String,
}

pub async fn directions(c: &mut Conn) -> Result<Vec<Direction>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM directions ORDER BY name")
        .fetch_all(&mut *c)
        .await
}

pub async fn direction(c: &mut Conn, id: i64) -> Result<Option<Direction>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM directions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *c)
        .await
}

pub async fn direction_by_name(c: &mut Conn, name: &str) -> Result<Option<Direction>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM directions WHERE lower(name) = lower($1)")
        .bind(name.trim())
        .fetch_optional(&mut *c)
        .await
}

pub async fn add_direction(c: &mut Conn, name: &str, now: i64) -> Result<i64, sqlx::Error> {
    let r: i64 = sqlx::query_scalar(
        "INSERT INTO directions (name, created_at) VALUES ($1, $2) RETURNING id",
    )
    .bind(name)
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    Ok(r)
}

#[derive(Debug, Clone, FromRow)]
pub struct PriceRow {
    pub direction_id: i64,
    pub direction: String,
    pub item: String,
    pub min_kopecks: i64,
    pub max_kopecks: i64,
}

pub async fn price_list(c: &mut Conn) -> Result<Vec<PriceRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.direction_id, d.name AS direction, p.item, p.min_kopecks, p.max_kopecks
         FROM price_list p JOIN directions d ON d.id = p.direction_id
         ORDER BY d.name, p.min_kopecks, p.item",
    )
    .fetch_all(&mut *c)
    .await
}

/// The cheapest item of a direction: the price list's lower bound, named when a client demands.
pub async fn lower_bound(c: &mut Conn, direction_id: i64) -> Result<Option<PriceRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.direction_id, d.name AS direction, p.item, p.min_kopecks, p.max_kopecks
         FROM price_list p JOIN directions d ON d.id = p.direction_id
         WHERE p.direction_id = $1 ORDER BY p.min_kopecks, p.id LIMIT 1",
    )
    .bind(direction_id)
    .fetch_optional(&mut *c)
    .await
}

/// Replaces the whole price list (an upload is the new truth).
pub async fn replace_price_list(
    c: &mut Conn,
    rows: &[(i64, String, i64, i64)],
    uploaded_by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM price_list")
        .execute(&mut *c)
        .await?;
    for (direction_id, item, min, max) in rows {
        sqlx::query(
            "INSERT INTO price_list (direction_id, item, min_kopecks, max_kopecks, uploaded_by, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(direction_id)
        .bind(item)
        .bind(min)
        .bind(max)
        .bind(uploaded_by)
        .bind(now)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct Document {
    pub id: i64,
    pub file_id: String,
    pub file_name: String,
}

pub const QUESTIONNAIRE: &str = "questionnaire";

pub async fn active_document(
    c: &mut Conn,
    kind: &str,
    direction_id: i64,
) -> Result<Option<Document>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, file_id, file_name FROM documents
         WHERE kind = $1 AND direction_id = $2 AND active = 1 ORDER BY id DESC LIMIT 1",
    )
    .bind(kind)
    .bind(direction_id)
    .fetch_optional(&mut *c)
    .await
}

pub struct NewDocument<'a> {
    pub kind: &'a str,
    pub direction_id: i64,
    pub file_id: &'a str,
    pub file_name: &'a str,
    pub size: i64,
    pub uploaded_by: i64,
}

/// Stores a direction's document of a kind, retiring the one it replaces.
pub async fn put_direction_document(
    c: &mut Conn,
    d: &NewDocument<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE documents SET active = 0 WHERE kind = $1 AND direction_id = $2")
        .bind(d.kind)
        .bind(d.direction_id)
        .execute(&mut *c)
        .await?;
    sqlx::query(
        "INSERT INTO documents (kind, direction_id, file_id, file_name, size_bytes, uploaded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(d.kind)
    .bind(d.direction_id)
    .bind(d.file_id)
    .bind(d.file_name)
    .bind(d.size)
    .bind(d.uploaded_by)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct DirectionSummary {
    pub id: i64,
    pub name: String,
    pub prices: i64,
    #[sqlx(try_from = "super::Flag")]
    pub has_questionnaire: bool,
    pub heads: Option<String>,
}

pub async fn direction_summaries(c: &mut Conn) -> Result<Vec<DirectionSummary>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, d.name,
            (SELECT COUNT(*) FROM price_list p WHERE p.direction_id = d.id) AS prices,
            EXISTS (SELECT 1 FROM documents x WHERE x.kind = 'questionnaire' AND x.direction_id = d.id AND x.active = 1) AS has_questionnaire,
            (SELECT string_agg(u.name, ', ') FROM users u WHERE u.direction_id = d.id AND u.role = 'head_of_direction' AND u.active = 1) AS heads
         FROM directions d ORDER BY d.name",
    )
    .fetch_all(&mut *c)
    .await
}
