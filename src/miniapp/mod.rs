//! The pipeline board as a Telegram Mini App, served under `/app/` on the bot's own listener
//! when `MINIAPP_URL` is set: one static page compiled into the binary and a JSON API. Every
//! API call carries the page's `initData`; it is checked as Telegram prescribes (`auth`), its
//! user mapped to the team member and role exactly as a chat message is, and every answer is
//! scoped as the chat scopes it: a manager's own deals, a head of direction's direction, all of
//! them for a head of sales, and for the lawyer what waits for the lawyer.
//!
//! One file per role: `page` (the static page), `viewer` (who asks and what they may open),
//! `scope` and `cards` (whose deals, and a deal as a card), `board`, `deal`, `document` and
//! `search` (the API's answers).

pub mod auth;
mod board;
mod cards;
mod deal;
mod document;
mod page;
mod scope;
mod search;
mod viewer;

use std::sync::Arc;

use axum::response::Redirect;
use axum::routing::get;
use axum::Router;

use crate::app::App;

pub use board::{board_json, board_on, BoardQuery};
pub use cards::{column_cards, column_totals, CardRow, PAGE};
pub use deal::deal_json;
pub use page::PAGE_HTML;
pub use scope::{scope_for, Scope};
pub use search::search_json;
pub use viewer::{authorize, Viewer};

/// `/app/`, its API and the document downloads; the state is the application itself.
pub fn router(app: Arc<App>) -> Router {
    // compressed now, not on the first visitor's request
    page::compiled_page();
    Router::new()
        .route("/app", get(|| async { Redirect::permanent("/app/") }))
        .route("/app/", get(page::page))
        .route("/app/api/board", get(board::board))
        .route("/app/api/deal/{id}", get(deal::deal))
        .route("/app/api/doc/{id}", get(document::document))
        .route("/app/api/search", get(search::search))
        .with_state(app)
}
