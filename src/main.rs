//! Entry point: configuration, logging, then the bot.

use sales_bot::config::{Config, HELP};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    if std::env::args().skip(1).any(|a| a == "--help" || a == "-h") {
        print!("{HELP}");
        return std::process::ExitCode::SUCCESS;
    }
    let _ = dotenvy::dotenv();
    init_logs();
    let cfg = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("sales-bot: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    match sales_bot::telegram::run(cfg).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sales-bot: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Logs to stdout: colours only on a terminal, one JSON object a line with `LOG_FORMAT=json`.
fn init_logs() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,teloxide=warn".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if std::env::var("LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        builder.json().with_current_span(false).init();
    } else {
        builder.with_ansi(std::io::stdout().is_terminal()).init();
    }
}
