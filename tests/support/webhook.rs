//! The real application behind a webhook on loopback: one instance is one bot process
//! (a replica), with its own pools, sender and planner, on the harness's database.

use std::sync::Arc;

use sales_bot::app::Hooks;
use sales_bot::telegram::{self, Observer};
use serde_json::Value;

use super::Harness;

pub const SECRET: &str = "s3cret_token-1";

pub struct Replica {
    pub base: String,
    pub http: reqwest::Client,
    pub app: Arc<sales_bot::app::App>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

/// Starts one more bot process on the harness's database and fake Bot API, answering a
/// webhook; the harness's own polling bot is left as it is (stop it first if it must not run).
pub async fn start_replica(h: &Harness, hooks: Hooks) -> Replica {
    let cfg = h.config();
    let bot = telegram::make_bot(&cfg);
    let app = telegram::build_app_with(cfg, &bot, h.clock.clone(), hooks)
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let url = url::Url::parse(&format!("{base}/tg/hook")).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(telegram::webhook_until(
        bot,
        app.clone(),
        Observer::default(),
        listener,
        url,
        SECRET.to_owned(),
        async move {
            let _ = stopped.await;
        },
    ));
    // ready once it answers
    let http = reqwest::Client::new();
    for _ in 0..100 {
        if http.get(format!("{base}/healthz")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    Replica {
        base,
        http,
        app,
        stop: Some(stop),
        task: Some(task),
    }
}

impl Replica {
    /// Posts an update the way Telegram does; the HTTP status it got.
    pub async fn post(&self, body: &Value, secret: Option<&str>) -> u16 {
        let mut req = self.http.post(format!("{}/tg/hook", self.base)).json(body);
        if let Some(s) = secret {
            req = req.header("X-Telegram-Bot-Api-Secret-Token", s);
        }
        req.send().await.unwrap().status().as_u16()
    }

    /// Stops the process the way SIGTERM does.
    pub async fn stop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }

    /// Kills the process the way SIGKILL does: whatever it was doing stops at once.
    pub fn kill(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }
}
