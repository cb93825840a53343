//! Report queries. Filters are added to the SQL only when set, so each query can use the index
//! made for it (see `migrations/0004_reports.sql` and the EXPLAIN QUERY PLAN test).

use sqlx::FromRow;

use super::Conn;
use crate::pipeline::Check;

/// Whose deals a report covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    pub manager: Option<i64>,
    pub direction: Option<i64>,
}

impl Filter {
    /// ` AND d.manager_id = <id> AND d.direction_id = <id>` for the filters set. The ids are
    /// integers from the server's own state, so formatting them in is safe.
    pub fn clause(&self) -> String {
        let mut s = String::new();
        if let Some(m) = self.manager {
            s.push_str(&format!(" AND d.manager_id = {m}"));
        }
        if let Some(dir) = self.direction {
            s.push_str(&format!(" AND d.direction_id = {dir}"));
        }
        s
    }
}

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct StageRow {
    pub stage: String,
    pub deals: i64,
    pub kopecks: i64,
}

pub fn cohort_sql(f: Filter) -> String {
    format!(
        "SELECT d.stage, COUNT(*) AS deals, COALESCE(CAST(SUM(d.amount_kopecks) AS BIGINT), 0) AS kopecks
         FROM deals d WHERE d.created_at >= $1 AND d.created_at < $2{} GROUP BY d.stage",
        f.clause()
    )
}

/// Where the deals created in a period stand now (for stage-to-stage conversion).
pub async fn cohort(
    c: &mut Conn,
    f: Filter,
    from: i64,
    to: i64,
) -> Result<Vec<StageRow>, sqlx::Error> {
    sqlx::query_as(&cohort_sql(f))
        .bind(from)
        .bind(to)
        .fetch_all(&mut *c)
        .await
}

pub fn overdue_sql(f: Filter) -> String {
    // the deal is joined only to filter by it
    let join = if f == Filter::default() {
        ""
    } else {
        " JOIN deals d ON d.id = r.deal_id"
    };
    format!(
        "SELECT COUNT(*) FROM reminders r{join}
         WHERE r.state IN ('pending', 'sent') AND r.due_at < $1 AND r.deal_id IS NOT NULL{}",
        f.clause()
    )
}

pub async fn overdue(c: &mut Conn, f: Filter, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&overdue_sql(f))
        .bind(now)
        .fetch_one(&mut *c)
        .await
}

pub fn silent_sql(f: Filter) -> String {
    format!(
        "SELECT d.id FROM deals d JOIN stage_limits l ON l.stage = d.stage
         WHERE d.status = 'open' AND d.last_activity_at < $1 - l.days * 86400{} ORDER BY d.last_activity_at LIMIT $2",
        f.clause()
    )
}

/// Open deals silent past their stage's limit, the longest silent first.
pub async fn silent(
    c: &mut Conn,
    f: Filter,
    now: i64,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(&silent_sql(f))
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *c)
        .await
}

pub async fn silent_count(c: &mut Conn, f: Filter, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM deals d JOIN stage_limits l ON l.stage = d.stage
         WHERE d.status = 'open' AND d.last_activity_at < $1 - l.days * 86400{}",
        f.clause()
    ))
    .bind(now)
    .fetch_one(&mut *c)
    .await
}

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct ActivityCount {
    pub author_id: i64,
    pub kind: String,
    pub n: i64,
}

pub fn activity_counts_sql(f: Filter) -> String {
    let join = if f.direction.is_some() {
        " JOIN deals d ON d.id = a.deal_id"
    } else {
        ""
    };
    let manager = f
        .manager
        .map(|m| format!(" AND a.author_id = {m}"))
        .unwrap_or_default();
    let direction = f
        .direction
        .map(|d| format!(" AND d.direction_id = {d}"))
        .unwrap_or_default();
    format!(
        "SELECT a.author_id, a.kind, COUNT(*) AS n FROM activities a{join}
         WHERE a.created_at >= $1 AND a.created_at < $2 AND a.author_id IS NOT NULL{manager}{direction}
         GROUP BY a.author_id, a.kind"
    )
}

/// Actions per author and kind in a period.
pub async fn activity_counts(
    c: &mut Conn,
    f: Filter,
    from: i64,
    to: i64,
) -> Result<Vec<ActivityCount>, sqlx::Error> {
    sqlx::query_as(&activity_counts_sql(f))
        .bind(from)
        .bind(to)
        .fetch_all(&mut *c)
        .await
}

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct ManagerClosed {
    pub manager_id: i64,
    pub status: String,
    pub n: i64,
}

pub async fn closed_by_manager(
    c: &mut Conn,
    f: Filter,
    from: i64,
    to: i64,
) -> Result<Vec<ManagerClosed>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT d.manager_id, d.status, COUNT(*) AS n FROM deals d
         WHERE d.status IN ('won', 'lost') AND d.closed_at >= $1 AND d.closed_at < $2{} GROUP BY d.manager_id, d.status",
        f.clause()
    ))
    .bind(from)
    .bind(to)
    .fetch_all(&mut *c)
    .await
}

pub async fn overdue_by_user(
    c: &mut Conn,
    f: Filter,
    now: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT r.user_id, COUNT(*) FROM reminders r JOIN deals d ON d.id = r.deal_id
         WHERE r.state IN ('pending', 'sent') AND r.due_at < $1{} GROUP BY r.user_id",
        f.clause()
    ))
    .bind(now)
    .fetch_all(&mut *c)
    .await
}

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Grouped {
    pub key: String,
    pub n: i64,
    /// Agreed amounts.
    pub kopecks: i64,
    /// The price named at step 2, for deals without an agreed amount.
    pub estimated_kopecks: i64,
}

/// Refusals in a period grouped by `column` of the refusal (reason, stage, contact_position),
/// with their money as /pipeline counts the lost: agreed amounts and estimates apart.
pub async fn refusals_by(
    c: &mut Conn,
    f: Filter,
    column: &str,
    from: i64,
    to: i64,
) -> Result<Vec<Grouped>, sqlx::Error> {
    let column = match column {
        "stage" => "r.stage",
        "position" => "r.contact_position",
        // who, by name, with the position and the client
        "person" => "r.contact_name || ', ' || r.contact_position || ' — ' || cl.name",
        _ => "r.reason",
    };
    sqlx::query_as(&format!(
        "SELECT {column} AS key, COUNT(*) AS n, COALESCE(CAST(SUM(d.amount_kopecks) AS BIGINT), 0) AS kopecks,
            COALESCE(CAST(SUM(CASE WHEN d.amount_kopecks IS NULL THEN d.estimate_kopecks END) AS BIGINT), 0) AS estimated_kopecks
         FROM refusals r JOIN deals d ON d.id = r.deal_id JOIN clients cl ON cl.id = d.client_id
         WHERE r.refused_on >= $1 AND r.refused_on < $2{} GROUP BY {column} ORDER BY n DESC, kopecks DESC LIMIT 10",
        f.clause()
    ))
    .bind(from)
    .bind(to)
    .fetch_all(&mut *c)
    .await
}

/// Deals (created in a period) that broke one of the regulation's rules: the first `limit` of
/// them, and how many there are in all (exact at any size).
pub async fn breaches(
    c: &mut Conn,
    f: Filter,
    check: Check,
    later_stages: &[&str],
    from: i64,
    to: i64,
    limit: i64,
) -> Result<(Vec<i64>, i64), sqlx::Error> {
    let stages = later_stages
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let cond = match check {
        Check::Meeting => format!("d.stage IN ({stages}) AND NOT EXISTS (SELECT 1 FROM deal_steps s WHERE s.deal_id = d.id AND s.stage = 'meeting')"),
        Check::Price => format!(
            "EXISTS (SELECT 1 FROM deal_steps s WHERE s.deal_id = d.id AND s.stage = 'offer'
             AND {} = 'no' AND {} IS NOT NULL)",
            super::json_field(c, "s.data", "price_demanded"),
            super::json_field(c, "s.data", "price_named_kopecks")
        ),
        Check::Proposal => format!("d.stage IN ({stages}) AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.deal_id = d.id AND a.kind = 'proposal' AND a.state = 'approved')"),
        Check::Lawyer => format!("d.stage IN ({stages}) AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.deal_id = d.id AND a.kind IN ('contract_review', 'contract_draft') AND a.state = 'approved')"),
        // counted by their own queries (`silent`, `overdue_deals`)
        Check::Silent | Check::Overdue => "FALSE".to_owned(),
    };
    let matched = format!(
        "FROM deals d WHERE d.created_at >= $1 AND d.created_at < $2{} AND {cond}",
        f.clause()
    );
    let ids = sqlx::query_scalar(&format!("SELECT d.id {matched} ORDER BY d.id LIMIT $3"))
        .bind(from)
        .bind(to)
        .bind(limit)
        .fetch_all(&mut *c)
        .await?;
    let total = sqlx::query_scalar(&format!("SELECT COUNT(*) {matched}"))
        .bind(from)
        .bind(to)
        .fetch_one(&mut *c)
        .await?;
    Ok((ids, total))
}

/// Deals whose client, contact, ИНН, manager (`managers`, matched by the caller) or the words of
/// a voice note match a query, newest activity first: a page of them, and how many there are in all. The query is
/// normalised exactly as the stored keys are (legal forms, quotes and ё do not matter).
pub async fn search(
    c: &mut Conn,
    f: Filter,
    q: &str,
    managers: &[i64],
    limit: i64,
    offset: i64,
) -> Result<(Vec<i64>, i64), sqlx::Error> {
    let client_key = super::deals::name_key(q);
    let person = super::deals::person_key(q);
    let like = |k: &str| format!("%{}%", k.replace(['%', '_'], ""));
    let (client_like, person_like) = (like(&client_key), like(&person));
    let by_manager = if managers.is_empty() {
        String::new()
    } else {
        format!(
            " OR d.manager_id IN ({})",
            managers
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let matched = format!(
        "FROM deals d JOIN clients cl ON cl.id = d.client_id
         WHERE (($1 <> '%%' AND cl.name_key LIKE $1) OR cl.inn = $2{by_manager}
                OR EXISTS (SELECT 1 FROM contacts ct WHERE ct.client_id = cl.id AND ct.name_key LIKE $5)
                OR ($5 <> '%%' AND EXISTS (SELECT 1 FROM transcripts t WHERE t.deal_id = d.id AND t.text_key LIKE $5))){}",
        f.clause()
    );
    let ids = sqlx::query_scalar(&format!(
        "SELECT d.id {matched} ORDER BY d.last_activity_at DESC, d.id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(&client_like)
    .bind(q.trim())
    .bind(limit)
    .bind(offset)
    .bind(&person_like)
    .fetch_all(&mut *c)
    .await?;
    let total = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) {matched} AND $3 = $3 AND $4 = $4"
    ))
    .bind(&client_like)
    .bind(q.trim())
    .bind(limit)
    .bind(offset)
    .bind(&person_like)
    .fetch_one(&mut *c)
    .await?;
    Ok((ids, total))
}

#[derive(Debug, Clone, FromRow)]
pub struct DealExport {
    pub id: i64,
    pub client: String,
    pub inn: Option<String>,
    pub contact: String,
    pub position: String,
    pub manager: String,
    pub direction: Option<String>,
    pub stage: String,
    pub status: String,
    pub amount_kopecks: Option<i64>,
    pub created_at: i64,
    pub closed_at: Option<i64>,
}

/// Deals created or active in a period.
pub async fn export_deals(
    c: &mut Conn,
    f: Filter,
    from: i64,
    to: i64,
) -> Result<Vec<DealExport>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT d.id, cl.name AS client, cl.inn, ct.name AS contact, ct.position, u.name AS manager, dir.name AS direction,
                d.stage, d.status, d.amount_kopecks, d.created_at, d.closed_at
         FROM deals d JOIN clients cl ON cl.id = d.client_id JOIN contacts ct ON ct.id = d.contact_id
         JOIN users u ON u.id = d.manager_id LEFT JOIN directions dir ON dir.id = d.direction_id
         WHERE d.id IN (SELECT deal_id FROM activities WHERE created_at >= $1 AND created_at < $2){}
         ORDER BY d.id",
        f.clause()
    ))
    .bind(from)
    .bind(to)
    .fetch_all(&mut *c)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct ActivityExport {
    pub id: i64,
    pub deal_id: i64,
    pub client: String,
    pub author: Option<String>,
    pub kind: String,
    pub stage: String,
    pub body: String,
    pub created_at: i64,
}

pub async fn export_activities(
    c: &mut Conn,
    f: Filter,
    from: i64,
    to: i64,
) -> Result<Vec<ActivityExport>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT a.id, a.deal_id, cl.name AS client, u.name AS author, a.kind, a.stage, a.body, a.created_at
         FROM activities a JOIN deals d ON d.id = a.deal_id JOIN clients cl ON cl.id = d.client_id
         LEFT JOIN users u ON u.id = a.author_id
         WHERE a.created_at >= $1 AND a.created_at < $2{} ORDER BY a.created_at, a.id",
        f.clause()
    ))
    .bind(from)
    .bind(to)
    .fetch_all(&mut *c)
    .await
}

/// Open deals per stage with what their money is made of: agreed amounts, estimates (the price
/// named at step 2) for deals without one, and deals with neither.
#[derive(Debug, Clone, FromRow, PartialEq, Eq, Default)]
pub struct OpenMoney {
    pub stage: String,
    pub deals: i64,
    pub kopecks: i64,
    pub estimated_kopecks: i64,
    pub estimated_deals: i64,
    pub unpriced: i64,
}

pub fn open_money_sql(f: Filter) -> String {
    format!(
        "SELECT d.stage, COUNT(*) AS deals, COALESCE(CAST(SUM(d.amount_kopecks) AS BIGINT), 0) AS kopecks,
            COALESCE(CAST(SUM(CASE WHEN d.amount_kopecks IS NULL THEN d.estimate_kopecks END) AS BIGINT), 0) AS estimated_kopecks,
            COALESCE(COUNT(*) FILTER (WHERE d.amount_kopecks IS NULL AND d.estimate_kopecks IS NOT NULL), 0) AS estimated_deals,
            COALESCE(COUNT(*) FILTER (WHERE d.amount_kopecks IS NULL AND d.estimate_kopecks IS NULL), 0) AS unpriced
         FROM deals d WHERE d.status = 'open'{} GROUP BY d.stage",
        f.clause()
    )
}

pub async fn open_money(c: &mut Conn, f: Filter) -> Result<Vec<OpenMoney>, sqlx::Error> {
    sqlx::query_as(&open_money_sql(f)).fetch_all(&mut *c).await
}

/// What a period came to: new deals, won and lost with their money (the agreed amount, else the
/// estimate) and how much of it is only the estimate, and the average days from the first
/// contact to won.
#[derive(Debug, Clone, Copy, FromRow, PartialEq, Default)]
pub struct PeriodStats {
    pub created: i64,
    pub won: i64,
    pub won_kopecks: i64,
    /// The part of `won_kopecks` that is the price named at step 2, for deals without an amount.
    pub won_estimated_kopecks: i64,
    pub lost: i64,
    pub lost_kopecks: i64,
    /// The part of `lost_kopecks` that is the price named at step 2, for deals without an amount.
    pub lost_estimated_kopecks: i64,
    pub cycle_secs: Option<f64>,
}

pub fn period_stats_sql(f: Filter) -> String {
    format!(
        "SELECT COALESCE(COUNT(*) FILTER (WHERE d.status = 'won'), 0),
            COALESCE(CAST(SUM(CASE WHEN d.status = 'won' THEN COALESCE(d.amount_kopecks, d.estimate_kopecks, 0) END) AS BIGINT), 0),
            COALESCE(COUNT(*) FILTER (WHERE d.status = 'lost'), 0),
            COALESCE(CAST(SUM(CASE WHEN d.status = 'lost' THEN COALESCE(d.amount_kopecks, d.estimate_kopecks, 0) END) AS BIGINT), 0),
            COALESCE(CAST(SUM(CASE WHEN d.status = 'won' AND d.amount_kopecks IS NULL THEN d.estimate_kopecks END) AS BIGINT), 0),
            COALESCE(CAST(SUM(CASE WHEN d.status = 'lost' AND d.amount_kopecks IS NULL THEN d.estimate_kopecks END) AS BIGINT), 0),
            CAST(AVG(CASE WHEN d.status = 'won' THEN d.closed_at - d.created_at END) AS DOUBLE PRECISION)
         FROM deals d WHERE d.status IN ('won', 'lost') AND d.closed_at >= $1 AND d.closed_at < $2{}",
        f.clause()
    )
}

pub async fn period_stats(
    c: &mut Conn,
    f: Filter,
    from: i64,
    to: i64,
) -> Result<PeriodStats, sqlx::Error> {
    #[allow(clippy::type_complexity)]
    let (
        won,
        won_kopecks,
        lost,
        lost_kopecks,
        won_estimated_kopecks,
        lost_estimated_kopecks,
        cycle_secs,
    ): (i64, i64, i64, i64, i64, i64, Option<f64>) = sqlx::query_as(&period_stats_sql(f))
        .bind(from)
        .bind(to)
        .fetch_one(&mut *c)
        .await?;
    let created = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM deals d WHERE d.created_at >= $1 AND d.created_at < $2{}",
        f.clause()
    ))
    .bind(from)
    .bind(to)
    .fetch_one(&mut *c)
    .await?;
    Ok(PeriodStats {
        created,
        won,
        won_kopecks,
        won_estimated_kopecks,
        lost,
        lost_kopecks,
        lost_estimated_kopecks,
        cycle_secs,
    })
}

/// Deals closed since a moment, by the stage they ended at and how: the team's history the
/// win probability of each step is derived from.
pub async fn closed_history(
    c: &mut Conn,
    since: i64,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.stage, d.status, COUNT(*) FROM deals d
         WHERE d.status IN ('won', 'lost') AND d.closed_at >= $1 GROUP BY d.stage, d.status",
    )
    .bind(since)
    .fetch_all(&mut *c)
    .await
}

/// Average seconds deals stayed at each stage before their next step, over the steps recorded
/// in a period: (stage, seconds, how many).
pub async fn stage_durations(
    c: &mut Conn,
    f: Filter,
    from: i64,
    to: i64,
) -> Result<Vec<(String, f64, i64)>, sqlx::Error> {
    let join = if f.manager.is_some() || f.direction.is_some() {
        " JOIN deals d ON d.id = n.deal_id"
    } else {
        ""
    };
    sqlx::query_as(&format!(
        "SELECT n.prev_stage, CAST(AVG(n.completed_at - n.prev_completed_at) AS DOUBLE PRECISION), COUNT(*)
         FROM deal_steps n{join}
         WHERE n.completed_at >= $1 AND n.completed_at < $2 AND n.prev_stage IS NOT NULL{}
         GROUP BY n.prev_stage",
        f.clause()
    ))
    .bind(from)
    .bind(to)
    .fetch_all(&mut *c)
    .await
}

/// The scope a plan is set for: the team, a manager, a direction.
pub fn plan_scope(f: Filter) -> String {
    match (f.manager, f.direction) {
        (Some(m), _) => format!("m:{m}"),
        (None, Some(d)) => format!("d:{d}"),
        (None, None) => "team".to_owned(),
    }
}

/// One month's plan for a scope: money (kopecks) and deals, each `None` when not set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthPlan {
    pub month: u32,
    pub money: Option<i64>,
    pub deals: Option<i64>,
}

/// The plan of each month `first..=last` (yyyymm) that has one, for a scope, in order. The
/// team's plan of a month where none is set for the team is its managers' added up; a plan the
/// team has is taken whole, a figure left out of it included. Two grouped reads, whatever the
/// number of months. Every report that shows a plan (the message, the picture, the forecast, the
/// board) reads it from here.
pub async fn plan_by_month(
    c: &mut Conn,
    f: Filter,
    first: u32,
    last: u32,
) -> Result<Vec<MonthPlan>, sqlx::Error> {
    let scope = plan_scope(f);
    // the scopes hold no LIKE wildcards: `team`, `m:<id>`, `d:<id>` match only themselves
    let by_month = |pattern: String| {
        sqlx::query_as::<_, (i64, Option<i64>, Option<i64>)>(
            "SELECT month, CAST(SUM(money_kopecks) AS BIGINT), CAST(SUM(deals) AS BIGINT) FROM plans
             WHERE month >= $1 AND month <= $2 AND scope LIKE $3
             GROUP BY month ORDER BY month",
        )
        .bind(i64::from(first))
        .bind(i64::from(last))
        .bind(pattern)
    };
    let own = by_month(scope.clone()).fetch_all(&mut *c).await?;
    let managers = if scope == "team" {
        by_month("m:%".to_owned()).fetch_all(&mut *c).await?
    } else {
        Vec::new()
    };
    let mut months: Vec<i64> = own.iter().chain(&managers).map(|r| r.0).collect();
    months.sort_unstable();
    months.dedup();
    Ok(months
        .into_iter()
        .filter_map(|m| {
            let row = own.iter().chain(&managers).find(|r| r.0 == m)?;
            Some(MonthPlan {
                month: u32::try_from(m).ok()?,
                money: row.1,
                deals: row.2,
            })
        })
        .filter(|p| p.money.is_some() || p.deals.is_some())
        .collect())
}

/// The plan of a scope over months `first..=last` (yyyymm): money and deals, each the sum of
/// the months' plans (`plan_by_month`) that have one, `None` when no month has.
pub async fn plan(
    c: &mut Conn,
    f: Filter,
    first: u32,
    last: u32,
) -> Result<(Option<i64>, Option<i64>), sqlx::Error> {
    let add = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (Some(a), Some(b)) => Some(a + b),
        (a, b) => a.or(b),
    };
    Ok(plan_by_month(c, f, first, last)
        .await?
        .into_iter()
        .fold((None, None), |(m, d), p| (add(m, p.money), add(d, p.deals))))
}

/// Each manager's plan over months `first..=last`: (user id, money, deals).
pub async fn manager_plans(
    c: &mut Conn,
    first: u32,
    last: u32,
) -> Result<Vec<(i64, Option<i64>, Option<i64>)>, sqlx::Error> {
    let rows: Vec<(String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT scope, CAST(SUM(money_kopecks) AS BIGINT), CAST(SUM(deals) AS BIGINT) FROM plans
         WHERE month >= $1 AND month <= $2 AND scope LIKE 'm:%' GROUP BY scope",
    )
    .bind(i64::from(first))
    .bind(i64::from(last))
    .fetch_all(&mut *c)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(s, m, d)| Some((s.strip_prefix("m:")?.parse().ok()?, m, d)))
        .collect())
}

pub async fn set_plan(
    c: &mut Conn,
    month: u32,
    scope: &str,
    money: Option<i64>,
    deals: Option<i64>,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    if money.is_none() && deals.is_none() {
        sqlx::query("DELETE FROM plans WHERE month = $1 AND scope = $2")
            .bind(i64::from(month))
            .bind(scope)
            .execute(&mut *c)
            .await?;
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO plans (month, scope, money_kopecks, deals, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (month, scope) DO UPDATE SET money_kopecks = excluded.money_kopecks,
             deals = excluded.deals, set_by = excluded.set_by, set_at = excluded.set_at",
    )
    .bind(i64::from(month))
    .bind(scope)
    .bind(money)
    .bind(deals)
    .bind(by)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Won money per manager in a period (the agreed amount, else the estimate).
pub async fn won_money_by_manager(
    c: &mut Conn,
    f: Filter,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT d.manager_id, COUNT(*), COALESCE(CAST(SUM(COALESCE(d.amount_kopecks, d.estimate_kopecks, 0)) AS BIGINT), 0)
         FROM deals d WHERE d.status = 'won' AND d.closed_at >= $1 AND d.closed_at < $2{}
         GROUP BY d.manager_id",
        f.clause()
    ))
    .bind(from)
    .bind(to)
    .fetch_all(&mut *c)
    .await
}

/// Open deals silent past their stage's limit, per manager.
pub async fn silent_by_manager(
    c: &mut Conn,
    f: Filter,
    now: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT d.manager_id, COUNT(*) FROM deals d JOIN stage_limits l ON l.stage = d.stage
         WHERE d.status = 'open' AND d.last_activity_at < $1 - l.days * 86400{} GROUP BY d.manager_id",
        f.clause()
    ))
    .bind(now)
    .fetch_all(&mut *c)
    .await
}

/// Deals won in a period: when, and their money (the agreed amount, else the estimate).
pub async fn won_in(
    c: &mut Conn,
    f: Filter,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT d.closed_at, COALESCE(d.amount_kopecks, d.estimate_kopecks, 0) FROM deals d
         WHERE d.status = 'won' AND d.closed_at >= $1 AND d.closed_at < $2{}",
        f.clause()
    ))
    .bind(from)
    .bind(to)
    .fetch_all(&mut *c)
    .await
}

/// Deals with a reminder overdue and not acted on, the oldest overdue first: a page of them and
/// how many there are in all.
pub async fn overdue_deals(
    c: &mut Conn,
    f: Filter,
    now: i64,
    limit: i64,
) -> Result<(Vec<i64>, i64), sqlx::Error> {
    let matched = format!(
        "FROM reminders r JOIN deals d ON d.id = r.deal_id
         WHERE r.state IN ('pending', 'sent') AND r.due_at < $1{}",
        f.clause()
    );
    let ids = sqlx::query_scalar(&format!(
        "SELECT r.deal_id {matched} GROUP BY r.deal_id ORDER BY MIN(r.due_at), r.deal_id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *c)
    .await?;
    let total = sqlx::query_scalar(&format!("SELECT COUNT(DISTINCT r.deal_id) {matched}"))
        .bind(now)
        .fetch_one(&mut *c)
        .await?;
    Ok((ids, total))
}
