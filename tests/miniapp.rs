//! The pipeline board in a real browser: Debian's chromium driven by chromedriver over
//! WebDriver (fantoccini), against the bot's own `/app/` on loopback. Skips with a message only
//! when chromium or chromedriver is not installed here; CI (`.ci/run`) installs both.

mod support;

use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use sales_bot::miniapp::auth;
use serde_json::{json, Value};
use support::{t0, Harness, HEAD};

const TOKEN: &str = "123456:TEST-TOKEN";
const MANAGER_A: i64 = 2001;
const MANAGER_B: i64 = 2002;
const HEAD_DIR1: i64 = 2003;
const LAWYER: i64 = 2004;
const SWITCHED_OFF: i64 = 2005;

fn which(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(name))
            .find(|f| f.is_file())
    })
}

/// initData as Telegram signs it for `tg_id`, `age` seconds before the harness's now.
fn init_data(tg_id: i64, age: i64, lang: &str) -> String {
    init_data_at(tg_id, t0().timestamp() - age, lang)
}

/// initData as Telegram signs it for `tg_id` at `auth_date`.
fn init_data_at(tg_id: i64, auth_date: i64, lang: &str) -> String {
    let pairs = vec![
        ("auth_date".to_owned(), auth_date.to_string()),
        ("query_id".to_owned(), "AAE-test".to_owned()),
        (
            "user".to_owned(),
            json!({"id": tg_id, "first_name": "T", "language_code": lang}).to_string(),
        ),
    ];
    let hash = auth::sign(TOKEN, &pairs);
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &pairs {
        s.append_pair(k, v);
    }
    s.append_pair("hash", &hash);
    s.finish()
}

fn fragment(init: &str, theme: Option<Value>) -> String {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let mut f = format!("tgWebAppData={}&tgWebAppVersion=8.0", enc(init));
    if let Some(t) = theme {
        f.push_str(&format!("&tgWebAppThemeParams={}", enc(&t.to_string())));
    }
    f
}

async fn seed(h: &Harness) {
    let db = h.db().await;
    let ts = t0().timestamp();
    let exec = |sql: String| {
        let db = db.clone();
        async move { sqlx::query(&sql).execute(&db).await.unwrap() }
    };
    exec(format!("INSERT INTO directions (id, name, created_at) VALUES (1, 'Сайты', {ts}), (2, 'Реклама', {ts})")).await;
    for (id, tg, name, role, dir, active) in [
        (1, HEAD, "Ольга Главная", "head_of_sales", "NULL", 1),
        (2, MANAGER_A, "Анна Менеджер", "manager", "1", 1),
        (3, MANAGER_B, "Борис Менеджер", "manager", "2", 1),
        (
            4,
            HEAD_DIR1,
            "Вера Руководитель",
            "head_of_direction",
            "1",
            1,
        ),
        (5, LAWYER, "Глеб Юрист", "lawyer", "NULL", 1),
        (6, SWITCHED_OFF, "Дан Уволен", "manager", "1", 0),
    ] {
        exec(format!(
            "INSERT INTO users (id, tg_id, name, role, direction_id, timezone, locale, active, created_at)
             VALUES ({id}, {tg}, '{name}', '{role}', {dir}, 'Europe/Moscow', 'ru', {active}, {ts})"
        ))
        .await;
    }
    // (deal, manager, direction, stage, amount, estimate)
    let deals = [
        (1, 2, 1, "needs", Some(10_000_000), None),
        (2, 2, 1, "needs", None, Some(5_000_000)),
        (3, 2, 1, "needs", None, None),
        (4, 2, 1, "offer", Some(20_000_000), None),
        (5, 3, 2, "needs", Some(1_000_000), None),
        (6, 3, 2, "needs", Some(2_000_000), None),
        (7, 3, 2, "meeting", Some(30_000_000), None),
    ];
    let sql_opt = |v: Option<i64>| v.map_or("NULL".to_owned(), |v| v.to_string());
    for (id, m, dir, stage, amount, estimate) in deals {
        exec(format!(
            "INSERT INTO clients (id, name, name_key, inn, created_by, created_at)
             VALUES ({id}, 'ООО Клиент {id}', 'клиент {id}', '77070{id:05}', {m}, {ts})"
        ))
        .await;
        exec(format!(
            "INSERT INTO contacts (id, client_id, name, position, phone, created_by, created_at)
             VALUES ({id}, {id}, 'Контакт {id}', 'Директор', '+7912345670{id}', {m}, {ts})"
        ))
        .await;
        exec(format!(
            "INSERT INTO deals (id, client_id, contact_id, manager_id, direction_id, channel, stage, status,
                 amount_kopecks, estimate_kopecks, created_at, stage_changed_at, last_activity_at)
             VALUES ({id}, {id}, {id}, {m}, {dir}, 'call', '{stage}', 'open', {}, {}, {}, {}, {})",
            sql_opt(amount),
            sql_opt(estimate),
            ts - 10 * 86_400,
            ts - 3 * 86_400,
            ts - id * 60
        ))
        .await;
    }
    // deal 1 has an overdue call-back; deal 7 waits for the lawyer
    exec(format!(
        "INSERT INTO reminders (deal_id, user_id, kind, due_at, created_at) VALUES (1, 2, 'callback', {}, {ts})",
        ts - 3600
    ))
    .await;
    exec(format!(
        "INSERT INTO approvals (kind, deal_id, requested_by, decider, requested_at) VALUES ('contract_review', 7, 3, 'lawyer', {ts})"
    ))
    .await;
    exec(format!(
        "INSERT INTO activities (deal_id, author_id, kind, stage, body, created_at) VALUES (1, 2, 'note', 'needs', 'Позвонить после обеда', {ts})"
    ))
    .await;
}

struct Driver(std::process::Child);
impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap()
}

/// The column counts the page shows, by stage code.
async fn counts(c: &Client) -> Value {
    js(c, "var o={};document.querySelectorAll('.column').forEach(function(s){o[s.dataset.stage]=+s.querySelector('.count').textContent});return o;").await
}

async fn wait_js(c: &Client, cond: &str) {
    for _ in 0..100 {
        if js(c, &format!("return !!({cond});")).await == json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page never got to: {cond}");
}

async fn no_overflow(c: &Client, what: &str) {
    let w = js(c, "var d=document.documentElement;return [d.scrollWidth,d.clientWidth,document.body.scrollWidth];").await;
    let (sw, cw, bw) = (
        w[0].as_i64().unwrap(),
        w[1].as_i64().unwrap(),
        w[2].as_i64().unwrap(),
    );
    assert!(sw <= cw && bw <= cw, "{what} overflows at 360 px: {w}");
    assert!(cw <= 360, "the window is {cw} px wide, not 360");
}

/// Every visible text on the page whose contrast with what is behind it is below `min`:
/// `[text, colour, background, ratio]`, the background the first opaque one behind it.
async fn low_contrast(c: &Client, min: f64, skip: &str) -> Value {
    let script = format!(
        r#"var min={min},skip={skip:?};
function rgba(s){{var m=s.match(/[\d.]+/g)||[];var v=m.map(Number);if(v.length<4)v.push(1);return v}}
function lum(v){{return [0,1,2].map(function(i){{var x=v[i]/255;return x<=0.03928?x/12.92:Math.pow((x+0.055)/1.055,2.4)}}).reduce(function(a,x,i){{return a+x*[0.2126,0.7152,0.0722][i]}},0)}}
function behind(el){{for(var e=el;e;e=e.parentElement){{var b=rgba(getComputedStyle(e).backgroundColor);if(b[3]>0.5)return b}}return [255,255,255,1]}}
var out=[];
document.querySelectorAll('body *').forEach(function(el){{
  if(!el.getClientRects().length||(skip&&el.closest(skip)))return;
  var own=Array.prototype.some.call(el.childNodes,function(n){{return n.nodeType===3&&n.textContent.trim()}});
  if(!own&&el.tagName!=='SELECT')return;
  var fg=rgba(getComputedStyle(el).color),bg=behind(el);
  var a=lum(fg),b=lum(bg),r=(Math.max(a,b)+0.05)/(Math.min(a,b)+0.05);
  if(r<min)out.push([(el.tagName==='SELECT'?el.options[el.selectedIndex].text:el.textContent).trim().slice(0,40),getComputedStyle(el).color,String(bg),Math.round(r*100)/100]);
}});
return out;"#
    );
    js(c, &script).await
}

#[tokio::test]
async fn the_board_in_chromium() {
    let (Some(chromium), Some(driver)) = (
        which("chromium").or_else(|| which("chromium-browser")),
        which("chromedriver"),
    ) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have chromium and chromium-driver (.ci/run installs them)"
        );
        eprintln!("SKIPPED: the browser test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        return;
    };
    let mut h = Harness::start().await;
    h.stop_bot().await;
    h.env
        .push(("MINIAPP_URL", "https://bot.example.ru/app/".into()));
    seed(&h).await;
    let cfg = h.config();
    let bot = sales_bot::telegram::make_bot(&cfg);
    let app = sales_bot::telegram::build_app_with(cfg, &bot, h.clock.clone(), Default::default())
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = sales_bot::miniapp::router(app.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });

    // the API refuses what is not signed by this bot, or is old, or is a switched-off member
    let http = reqwest::Client::new();
    let db = h.db().await;
    let audited = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM access_denied WHERE what LIKE 'miniapp%'",
        )
        .fetch_one(&db)
        .await
        .unwrap()
    };
    let status = |init: String| {
        let http = http.clone();
        let url = format!("{base}/app/api/board");
        async move {
            let r = http
                .get(url)
                .header("Authorization", format!("tma {init}"))
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let forged = init_data(MANAGER_A, 0, "ru").replace("2001", "2002");
    for bad in [
        forged.clone(),
        init_data(MANAGER_A, 4000, "ru"),
        init_data(SWITCHED_OFF, 0, "ru"),
        init_data(777, 0, "ru"),
        String::new(),
    ] {
        let (code, body) = status(bad).await;
        assert_eq!(code, 401);
        assert!(
            !body.contains("Клиент"),
            "a refusal carries no data: {body}"
        );
    }
    assert_eq!(audited().await, 5, "every refusal leaves an audit row");
    let (code, _) = status(init_data(MANAGER_A, 0, "ru")).await;
    assert_eq!(code, 200);
    // a manager may not look at another's deals by asking for them
    let r = http
        .get(format!("{base}/app/api/board?manager=3"))
        .header(
            "Authorization",
            format!("tma {}", init_data(MANAGER_A, 0, "ru")),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _driver = Driver(
        std::process::Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            // a phone's viewport: a desktop window is never narrower than 500 px
            "mobileEmulation": {"deviceMetrics": {"width": 360, "height": 740, "pixelRatio": 1.0}},
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=360,740", "--hide-scrollbars", "--lang=ru"]
        }),
    );
    let mut client = None;
    for _ in 0..50 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let c = client.expect("chromedriver answers");
    let mut n = 0;
    let mut open = |tg: i64, age: i64, theme: Option<Value>| {
        n += 1;
        format!(
            "{base}/app/?v={n}#{}",
            fragment(&init_data(tg, age, "ru"), theme)
        )
    };
    let shots = std::env::var_os("MINIAPP_SCREENSHOTS").map(std::path::PathBuf::from);

    // the head of sales: every open deal
    c.goto(&open(HEAD, 0, None)).await.unwrap();
    wait_js(&c, "document.querySelector('.column')").await;
    let all = counts(&c).await;
    assert_eq!(all["needs"], 5);
    assert_eq!(all["offer"], 1);
    assert_eq!(all["meeting"], 1);
    assert_eq!(all["first_contact"], 0);
    let titles = js(&c, "return Array.from(document.querySelectorAll('.column h2')).map(function(e){return e.textContent});").await;
    assert_eq!(titles.as_array().unwrap().len(), 17, "a column per stage");
    assert_eq!(titles[1], "1. Потребности");
    // the overdue call-back and the estimate show on the cards
    let card1 = js(
        &c,
        "return document.querySelector('.card[data-id=\"1\"]').textContent;",
    )
    .await;
    assert!(card1.as_str().unwrap().contains("просрочено"), "{card1}");
    let card2 = js(
        &c,
        "return document.querySelector('.card[data-id=\"2\"]').textContent;",
    )
    .await;
    assert!(card2.as_str().unwrap().contains("≈"), "{card2}");
    no_overflow(&c, "the board").await;
    if let Some(dir) = &shots {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("board-light.png"), c.screenshot().await.unwrap()).unwrap();
    }

    // a filter: manager Анна — the counts are what SQL says
    js(&c, "var s=document.getElementById('f-manager');s.value='2';s.dispatchEvent(new Event('change'));return 1;").await;
    wait_js(
        &c,
        "document.querySelector('.column[data-stage=\"needs\"] .count').textContent==='3'",
    )
    .await;
    let expected: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM deals WHERE status = 'open' AND stage = 'offer' AND manager_id = 2",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let filtered = counts(&c).await;
    assert_eq!(filtered["offer"], expected);
    assert_eq!(filtered["meeting"], 0);

    // a card opens the deal, with the link back to the chat
    c.find(Locator::Css(".card[data-id=\"1\"]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_js(
        &c,
        "!document.getElementById('deal').classList.contains('hidden')",
    )
    .await;
    let deal = js(&c, "return document.getElementById('deal').textContent;").await;
    assert!(deal.as_str().unwrap().contains("ООО Клиент 1"), "{deal}");
    assert!(
        deal.as_str().unwrap().contains("Позвонить после обеда"),
        "{deal}"
    );
    let link = js(&c, "return document.getElementById('open-chat').href;").await;
    assert_eq!(
        link,
        json!(format!("https://t.me/{}?start=deal_1", app.bot_username))
    );
    no_overflow(&c, "the deal").await;
    c.find(Locator::Id("back"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_js(
        &c,
        "!document.getElementById('board').classList.contains('hidden')",
    )
    .await;

    // search by phone and by ИНН
    js(&c, "var q=document.getElementById('q');q.value='8 912 345-67-05';q.dispatchEvent(new Event('input'));return 1;").await;
    wait_js(
        &c,
        "document.querySelector('#results .card[data-id=\"5\"]')",
    )
    .await;

    // a manager: their own; a head of direction: the direction; the lawyer: what waits for them
    for (tg, needs, meeting) in [
        (MANAGER_A, 3, 0),
        (MANAGER_B, 2, 1),
        (HEAD_DIR1, 3, 0),
        (LAWYER, 0, 1),
    ] {
        c.goto(&open(tg, 0, None)).await.unwrap();
        wait_js(&c, "document.querySelector('.column')").await;
        let got = counts(&c).await;
        assert_eq!(
            (got["needs"].clone(), got["meeting"].clone()),
            (json!(needs), json!(meeting)),
            "user {tg}"
        );
    }
    // manager Б cannot open Анна's deal even by its number
    let r = http
        .get(format!("{base}/app/api/deal/1"))
        .header(
            "Authorization",
            format!("tma {}", init_data(MANAGER_B, 0, "ru")),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);

    // dark theme from Telegram's themeParams
    c.goto(&open(
        HEAD,
        0,
        Some(json!({"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499",
                    "link_color": "#6ab3f3", "button_color": "#5288c1", "button_text_color": "#ffffff",
                    "secondary_bg_color": "#232e3c"})),
    ))
    .await
    .unwrap();
    wait_js(&c, "document.querySelector('.column')").await;
    let bg = js(
        &c,
        "return getComputedStyle(document.body).backgroundColor;",
    )
    .await;
    assert_eq!(bg, "rgb(23, 33, 43)");
    no_overflow(&c, "the dark board").await;
    if let Some(dir) = &shots {
        std::fs::write(dir.join("board-dark.png"), c.screenshot().await.unwrap()).unwrap();
    }

    // a dark theme from a Telegram before Bot API 6.1 (no secondary_bg_color) on a phone set
    // to light: every text reads against what is behind it — cards, boxes and selects
    // included — on the board and in a deal
    let old_dark = json!({"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499",
                          "link_color": "#6ab3f3", "button_color": "#5288c1",
                          "button_text_color": "#ffffff"});
    c.goto(&open(HEAD, 0, Some(old_dark))).await.unwrap();
    wait_js(&c, "document.querySelector('.column')").await;
    let light_system = js(
        &c,
        "return matchMedia('(prefers-color-scheme: light)').matches;",
    )
    .await;
    assert_eq!(
        light_system,
        json!(true),
        "the browser's system setting is light"
    );
    js(&c, "document.querySelector('details').open=true;return 1;").await;
    // the theme's own hint and button colours are its choice; they must still read (3:1)
    let hints = ".hint, dt, .empty, .nums, .mark, .primary";
    for (what, ready) in [("the board", None), ("a deal", Some("1"))] {
        if let Some(id) = ready {
            js(
                &c,
                &format!("document.querySelector('.card[data-id=\"{id}\"]').click();return 1;"),
            )
            .await;
            wait_js(
                &c,
                "!document.getElementById('deal').classList.contains('hidden')",
            )
            .await;
        }
        let unreadable = low_contrast(&c, 3.0, "").await;
        assert_eq!(unreadable, json!([]), "{what}: texts below 3:1");
        let weak = low_contrast(&c, 4.5, hints).await;
        assert_eq!(weak, json!([]), "{what}: texts below 4.5:1");
    }
    // and the page's own light defaults, outside Telegram, read as well
    c.goto(&open(HEAD, 0, None)).await.unwrap();
    wait_js(&c, "document.querySelector('.column')").await;
    assert_eq!(
        low_contrast(&c, 4.5, hints).await,
        json!([]),
        "light: texts below 4.5:1"
    );
    assert_eq!(
        low_contrast(&c, 3.0, "").await,
        json!([]),
        "light: texts below 3:1"
    );

    // forged and expired initData: the refusal, and nothing else
    for (tg, age, tamper) in [(MANAGER_A, 0, true), (MANAGER_A, 4000, false)] {
        let mut url = open(tg, age, None);
        if tamper {
            url = url.replace("2001", "2002");
        }
        c.goto(&url).await.unwrap();
        wait_js(
            &c,
            "!document.getElementById('refused').classList.contains('hidden')",
        )
        .await;
        let text = js(&c, "return document.body.innerText;").await;
        assert!(text.as_str().unwrap().contains("Нет доступа"), "{text}");
        assert!(!text.as_str().unwrap().contains("Клиент"), "{text}");
    }
    c.close().await.unwrap();
}

/// In chat: «📋 Доска» under /pipeline opens the board (a web_app button), and the board's
/// «Открыть в чате» link, `/start deal_<id>`, opens that deal's card.
#[tokio::test]
async fn the_chat_links_to_the_board_and_back() {
    let mut h = Harness::start().await;
    h.stop_bot().await;
    h.env
        .push(("MINIAPP_URL", "https://bot.example.ru/app/".into()));
    h.start_bot().await;
    h.text(HEAD, "/start").await;
    let id = support::first_contact(&mut h, HEAD, "ООО Ромашка", "Директор").await;
    let r = h.text(HEAD, "/pipeline").await;
    let markup = r
        .calls
        .iter()
        .rev()
        .find(|c| c.method == "sendMessage")
        .map(|c| c.params["reply_markup"].to_string())
        .unwrap_or_default();
    assert!(
        markup.contains("https://bot.example.ru/app/") && markup.contains("web_app"),
        "{markup}"
    );
    assert!(markup.contains("📋 Доска"), "{markup}");
    h.text(HEAD, &format!("/start deal_{id}"))
        .await
        .expect(&format!("№{id} · ООО Ромашка"));
}

// ---------------------------------------------------------------------------------------------
// The JSON API against the harness's running bot (both backends)

const W_MANAGER: i64 = 2002;
const W_DIRECTOR: i64 = 3003;
const W_LAWYER: i64 = 4004;

/// The harness with the board enabled, and the base URL of its `/app/` on loopback.
async fn board_harness() -> (Harness, String) {
    let mut h = Harness::start().await;
    h.stop_bot().await;
    h.env
        .push(("MINIAPP_URL", "https://bot.example.ru/app/".into()));
    h.start_bot().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = sales_bot::miniapp::router(h.app.clone().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (h, base)
}

async fn api_get(h: &Harness, base: &str, path: &str, tg: i64) -> Value {
    let init = init_data_at(tg, h.clock.now().timestamp(), "ru");
    let r = reqwest::Client::new()
        .get(format!("{base}{path}"))
        .header("Authorization", format!("tma {init}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "{path}");
    r.json().await.unwrap()
}

async fn walk_team(h: &mut Harness) {
    h.text(HEAD, "/directions").await;
    h.press(HEAD, "Добавить направление").await;
    h.text(HEAD, "Сайты").await;
    support::invite(h, W_MANAGER, "Менеджер").await;
    support::invite(h, W_DIRECTOR, "Руководитель направления").await;
    support::invite(h, W_LAWYER, "Юрист").await;
}

fn walk_template() -> Vec<u8> {
    sales_bot::documents::docx::build_docx(
        &[
            &["ДОГОВОР № {{deal.number}}"],
            &["Заказчик: {{client.name}}, ИНН {{client.inn}}"],
        ],
        &[],
    )
}

/// The answer the walk gives a question, read from the field's kind alone (as
/// tests/regulation.rs walks the table); a yes-or-no is answered «Да», so the questions asked
/// only after a yes are walked too. Typed words never repeat a field's key.
async fn walk_answer(
    h: &mut Harness,
    code: &str,
    f: &sales_bot::dialogue::Field,
    planned: &mut sales_bot::dialogue::Answers,
) {
    use sales_bot::dialogue::forms::Requisite;
    use sales_bot::dialogue::{Answer, FieldKind, OptionSource};
    use sales_bot::i18n::{has_key, tr, Lang};
    let label = |key: &str| tr(Lang::Ru, key);
    let n = planned.len() + 1;
    let (reply, kept) = match f.kind {
        FieldKind::Text { .. } | FieldKind::Name | FieldKind::Attachment { .. } => {
            let words = format!("Ответ номер {n}");
            (h.text(W_MANAGER, &words).await, Answer::Text(words))
        }
        FieldKind::Phone => (
            h.text(W_MANAGER, "+7 900 123-45-67").await,
            Answer::Phone("+79001234567".into()),
        ),
        FieldKind::Requisite(r) => {
            let value = match r {
                Requisite::Inn => "7707083893",
                Requisite::Kpp => "773601001",
                Requisite::Ogrn => "1027700132195",
                Requisite::Bik => "044525225",
                Requisite::Account => "40702810938000000001",
            };
            (h.text(W_MANAGER, value).await, Answer::Text(value.into()))
        }
        FieldKind::Money => (
            h.text(W_MANAGER, "1 500 000").await,
            Answer::Money(150_000_000),
        ),
        FieldKind::Choice(codes) => {
            let text = label(&format!("opt-{}-{}", f.key, codes[0]));
            (
                h.press(W_MANAGER, &text).await,
                Answer::Choice(codes[0].into()),
            )
        }
        FieldKind::YesNo => (h.press(W_MANAGER, &label("btn-yes")).await, Answer::Yes),
        FieldKind::Confirm => {
            let own = format!("btn-{code}-{}", f.key);
            let key = if has_key(Lang::Ru, &own) {
                own
            } else {
                "btn-done".into()
            };
            (h.press(W_MANAGER, &label(&key)).await, Answer::Yes)
        }
        FieldKind::When { .. } => (
            h.text(W_MANAGER, "через 3 дня в 11:00").await,
            Answer::At(0),
        ),
        FieldKind::Day => (h.text(W_MANAGER, "через 2 недели").await, Answer::At(0)),
        FieldKind::PastDay => (h.text(W_MANAGER, "сегодня").await, Answer::At(0)),
        FieldKind::StageLines => (
            h.text(W_MANAGER, "Дизайн — 15.12.2026\nЗапуск — 25.12.2026")
                .await,
            Answer::Stages(vec![]),
        ),
        FieldKind::Options(OptionSource::Deciders) => {
            (h.press(W_MANAGER, "Марина").await, Answer::Id(0))
        }
        FieldKind::Options(OptionSource::Directions) => {
            (h.press(W_MANAGER, "Сайты").await, Answer::Id(0))
        }
        // no similar client yet: the form passes the question over
        FieldKind::Options(OptionSource::SimilarClients) => return,
        other => panic!("{code}: the walk has no answer for a {other:?} question"),
    };
    reply.expect_not("Не понял");
    planned.insert(f.key.into(), kept);
}

async fn walk_row(
    h: &mut Harness,
    stage: sales_bot::pipeline::Stage,
    from: usize,
    planned: &mut sales_bot::dialogue::Answers,
) {
    for f in &stage.spec().fields[from..] {
        if f.applies(planned) {
            walk_answer(h, stage.code(), f, planned).await;
        }
    }
}

/// A deal through every row of the step table, in chat, each question answered (as
/// tests/regulation.rs walks it); the direction has a price list, so step 2 records its floor.
async fn walk_every_row(h: &mut Harness) -> i64 {
    use sales_bot::pipeline::{Requires, Stage, StepForm};
    walk_team(h).await;
    for (kind, label) in [("Договор", "Договор.docx"), ("Счёт", "Счёт.docx")]
    {
        h.text(W_LAWYER, "/templates").await;
        h.press(W_LAWYER, "Загрузить шаблон").await;
        h.press(W_LAWYER, kind).await;
        h.press(W_LAWYER, "Сайты").await;
        h.document(W_LAWYER, label, walk_template())
            .await
            .expect("Шаблон сохранён");
    }
    let db = h.pool();
    let ts = h.clock.now().timestamp();
    sqlx::query(
        "INSERT INTO price_list (direction_id, item, min_kopecks, max_kopecks, uploaded_by, uploaded_at)
         SELECT id, 'Лендинг', 9000000, 20000000, 1, $1 FROM directions",
    )
    .bind(ts)
    .execute(&db)
    .await
    .unwrap();
    h.text(W_MANAGER, "/new").await;
    let mut planned = sales_bot::dialogue::Answers::new();
    walk_row(h, Stage::FirstContact, 0, &mut planned).await;
    let deal = 1;
    for stage in Stage::all().skip(1) {
        let spec = stage.spec();
        h.clock.set(h.clock.now() + chrono::Duration::hours(1));
        let mut planned = sales_bot::dialogue::Answers::new();
        let mut from = 0;
        let step = support::next_step_data(h, deal).await;
        h.forge(W_MANAGER, &step).await;
        match spec.form {
            StepForm::Contact => unreachable!("the first contact creates the deal"),
            StepForm::Fields
            | StepForm::ClientAnswer
            | StepForm::Terms
            | StepForm::Payment
            | StepForm::Meeting => {}
            StepForm::Proposal => {
                let draft = sales_bot::dialogue::FormKind::ProposalDraft { deal_id: deal };
                for f in draft.fields() {
                    walk_answer(h, "proposal_draft", f, &mut Default::default()).await;
                }
                h.press(W_DIRECTOR, "Согласовать").await;
                let step = support::next_step_data(h, deal).await;
                h.forge(W_MANAGER, &step).await;
            }
            StepForm::ContractDraft => {
                h.press(W_LAWYER, "Одобрить").await;
            }
            StepForm::WorkStages => {
                walk_row(h, stage, 0, &mut planned).await;
                h.press(W_DIRECTOR, "Согласовать").await;
                from = spec.fields.len();
            }
        }
        if spec.requires == Requires::MeetingTime {
            // held once it has begun
            sqlx::query("UPDATE reminders SET due_at = $1 WHERE deal_id = $2 AND kind = 'meeting'")
                .bind(h.clock.now().timestamp() - 60)
                .bind(deal)
                .execute(&db)
                .await
                .unwrap();
        }
        walk_row(h, stage, from, &mut planned).await;
        let at: String = sqlx::query_scalar("SELECT stage FROM deals WHERE id = $1")
            .bind(deal)
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(at, stage.code(), "the walk recorded {}", stage.code());
    }
    deal
}

/// Every string of a JSON value, with where it stands.
fn strings<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match v {
        Value::String(s) => out.push((at, s)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| strings(x, format!("{at}[{i}]"), out)),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, x)| strings(x, format!("{at}.{k}"), out)),
        _ => {}
    }
}

/// A deal that went through every row of the step table reads, on the board, in the viewer's
/// language: no answer is labelled with a field's key, no value is a stored code, and nothing
/// anywhere is a locale key. The lists come from the step table and the answers' own codes.
#[tokio::test]
async fn every_answer_of_every_step_reads_in_words_on_the_board_in_russian_and_english() {
    use sales_bot::dialogue::{Answer, FieldKind};
    use sales_bot::pipeline::Stage;
    let (mut h, base) = board_harness().await;
    let deal = walk_every_row(&mut h).await;

    let mut field_keys = std::collections::BTreeSet::new();
    let mut codes = std::collections::BTreeSet::new();
    for s in Stage::all() {
        for f in s.spec().fields {
            field_keys.insert(f.key.to_owned());
            field_keys.insert(f.key.replace('_', " "));
            if let FieldKind::Choice(cs) = f.kind {
                codes.extend(cs.iter().map(|c| (*c).to_owned()));
            }
        }
    }
    // what the step recorded beside its questions is labelled too
    let db = h.pool();
    let data: Vec<String> = sqlx::query_scalar("SELECT data FROM deal_steps WHERE deal_id = $1")
        .bind(deal)
        .fetch_all(&db)
        .await
        .unwrap();
    for d in &data {
        let v: Value = serde_json::from_str(d).unwrap();
        for k in v.as_object().unwrap().keys() {
            field_keys.insert(k.clone());
            field_keys.insert(k.replace('_', " "));
        }
    }
    for a in [Answer::Skipped, Answer::Passed, Answer::Yes, Answer::No] {
        codes.insert(
            serde_json::to_value(a)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    assert!(field_keys.contains("price_named_kopecks") && field_keys.contains("price_item"));
    let keys: std::collections::BTreeSet<String> =
        sales_bot::i18n::keys_of(sales_bot::i18n::RU_SOURCE)
            .into_iter()
            .filter(|k| k.contains('-'))
            .collect();
    // a locale key's shape: lowercase words joined by «-», at least one letter
    let key_like = |t: &str| {
        t.contains('-')
            && t.chars().any(|c| c.is_ascii_lowercase())
            && t.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            && !t.starts_with('-')
            && !t.ends_with('-')
    };

    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE tg_id = $1")
        .bind(W_MANAGER)
        .fetch_one(&db)
        .await
        .unwrap();
    for lang in ["ru", "en"] {
        sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
            .bind(lang)
            .bind(user)
            .execute(&db)
            .await
            .unwrap();
        let view = api_get(&h, &base, &format!("/app/api/deal/{deal}"), W_MANAGER).await;
        let steps = view["steps"].as_array().unwrap();
        assert_eq!(
            steps.len(),
            Stage::all().count(),
            "{lang}: every step is shown"
        );
        let mut bad = Vec::new();
        for (s, stage) in steps.iter().zip(Stage::all()) {
            let answers = s["answers"].as_array().unwrap();
            if answers.is_empty() && !stage.spec().fields.is_empty() {
                bad.push(format!("no answers shown for {}", stage.code()));
            }
            for a in answers {
                let (label, value) = (a[0].as_str().unwrap(), a[1].as_str().unwrap());
                if field_keys.contains(label) {
                    bad.push(format!("a field key as a label: «{label}»"));
                }
                if codes.contains(value) {
                    bad.push(format!("a stored code as a value: «{label}: {value}»"));
                }
            }
        }
        let mut all = Vec::new();
        strings(&view, String::new(), &mut all);
        for (at, s) in all {
            if at.ends_with(".status") || at.ends_with(".chat_link") {
                continue;
            }
            for token in s.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_')) {
                if keys.contains(token) || key_like(token) {
                    bad.push(format!("a locale key at {at}: «{s}»"));
                }
            }
        }
        assert!(bad.is_empty(), "{lang}: {bad:#?}\n{view:#}");
    }
}

/// A head of direction filters the board by the same people the chat's «👤 Менеджер» picker
/// offers: the managers who work the direction's deals, not only the head.
#[tokio::test]
async fn a_head_of_directions_manager_filter_lists_whom_the_chats_picker_lists() {
    const OTHER_MANAGER: i64 = 2006;
    let (mut h, base) = board_harness().await;
    walk_team(&mut h).await;
    support::invite(&mut h, OTHER_MANAGER, "Менеджер").await;
    let deal = support::first_contact(&mut h, W_MANAGER, "ООО Ромашка", "Директор").await;
    assert_eq!(deal, 1);

    h.text(W_DIRECTOR, "/pipeline").await;
    let picker = h.press(W_DIRECTOR, "👤 Менеджер").await;
    let everyone = sales_bot::i18n::tr(sales_bot::i18n::Lang::Ru, "report-everyone");
    let mut in_chat: Vec<String> = picker
        .calls
        .iter()
        .rev()
        .find(|c| !c.buttons.is_empty())
        .map(|c| c.buttons.iter().flatten().map(|b| b.0.clone()).collect())
        .unwrap_or_default();
    in_chat.retain(|b| *b != everyone && !b.starts_with('⬅') && !b.ends_with('➡'));
    assert!(in_chat.iter().any(|n| n == "Павел Тестов"), "{in_chat:?}");

    let board = api_get(&h, &base, "/app/api/board", W_DIRECTOR).await;
    let mut on_board: Vec<String> = board["filters"]["managers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_owned())
        .collect();
    on_board.sort();
    in_chat.sort();
    assert_eq!(on_board, in_chat);
}

/// The page goes over the wire gzip-compressed when the browser offers gzip, plain when it
/// does not, and a browser that has it already gets «not modified» without the page again.
#[tokio::test]
async fn the_page_is_sent_compressed_to_a_browser_that_accepts_gzip_and_revalidated_by_etag() {
    use std::io::Read;
    let (_h, base) = board_harness().await;
    let http = reqwest::Client::new();
    let page = sales_bot::miniapp::PAGE_HTML;

    let r = http
        .get(format!("{base}/app/"))
        .header("Accept-Encoding", "gzip, deflate, br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(header(&r, "content-encoding").as_deref(), Some("gzip"));
    assert!(header(&r, "vary")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .contains("accept-encoding"));
    let etag = header(&r, "etag").expect("an ETag");
    let wire = r.bytes().await.unwrap();
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(&wire[..])
        .read_to_string(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, page);
    assert!(
        wire.len() * 2 < page.len(),
        "{} bytes gzip-compressed of {}",
        wire.len(),
        page.len()
    );
    eprintln!(
        "the page: {} bytes, {} gzip-compressed",
        page.len(),
        wire.len()
    );

    // a browser that does not offer gzip (or refuses it) gets the page as it is
    for offer in [None, Some("identity"), Some("gzip;q=0")] {
        let mut req = http.get(format!("{base}/app/"));
        if let Some(o) = offer {
            req = req.header("Accept-Encoding", o);
        }
        let r = req.send().await.unwrap();
        assert_eq!(header(&r, "content-encoding"), None, "{offer:?}");
        assert_eq!(r.text().await.unwrap(), page, "{offer:?}");
    }

    // the browser's copy is still good: 304 and no body
    let r = http
        .get(format!("{base}/app/"))
        .header("Accept-Encoding", "gzip")
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 304);
    assert!(r.bytes().await.unwrap().is_empty());
}

/// The plan's percentage on the board is the chat's: 1 000 000 ₽ won of a 1 500 000 ₽ plan
/// reads 67% in /pipeline, and the board says 67 too (it used to cut it down to 66).
#[tokio::test]
async fn a_plan_percentage_reads_the_same_on_the_board_as_in_the_chat() {
    let (mut h, base) = board_harness().await;
    seed(&h).await;
    let db = h.db().await;
    let ts = t0().timestamp();
    for sql in [
        format!("INSERT INTO clients (id, name, name_key, created_by, created_at) VALUES (8, 'ООО Выиграно', 'выиграно', 2, {ts})"),
        format!("INSERT INTO contacts (id, client_id, name, position, created_by, created_at) VALUES (8, 8, 'Контакт 8', 'Директор', 2, {ts})"),
        format!(
            "INSERT INTO deals (id, client_id, contact_id, manager_id, direction_id, channel, stage, status,
                 amount_kopecks, created_at, stage_changed_at, last_activity_at, closed_at)
             VALUES (8, 8, 8, 2, 1, 'call', 'work', 'won', 100000000, {a}, {b}, {b}, {b})",
            a = ts - 20 * 86_400,
            b = ts - 3 * 86_400
        ),
    ] {
        sqlx::query(&sql).execute(&db).await.unwrap();
    }
    h.text(HEAD, "/pipeline").await;
    h.press(HEAD, "План").await;
    h.text(HEAD, "1 500 000").await;
    let r = h.press(HEAD, "Без плана по сделкам").await;
    let text = r.texts().join("\n");
    let line = text
        .lines()
        .find(|l| l.starts_with("🎯"))
        .unwrap_or_else(|| panic!("no plan line in {text}"));
    let in_chat: i64 = line
        .rsplit_once('(')
        .and_then(|(_, p)| p.split_once('%'))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or_else(|| panic!("no percentage in {line}"));
    assert_eq!(in_chat, 67, "{line}");

    let board = api_get(&h, &base, "/app/api/board", HEAD).await;
    assert_eq!(board["summary"]["plan_pct"], json!(in_chat), "{line}");
}
