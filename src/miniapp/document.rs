//! A kept document's download, for a viewer who may open its deal.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

use super::viewer::{authorize, internal, may_view, not_found, Viewer};
use crate::app::App;
use crate::storage::{deals, flow, Conn};

pub(super) async fn document(
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let v = match authorize(&app, &headers, &query).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let found = async {
        let mut c = app.read.acquire().await?;
        viewable(&mut c, &v, id).await
    }
    .await;
    match found {
        Ok(Some(doc)) => attachment(&doc.file_name, doc.content),
        Ok(None) => not_found(),
        Err(e) => internal(e),
    }
}

/// The kept document, when it belongs to a deal the viewer may open.
async fn viewable(c: &mut Conn, v: &Viewer, id: i64) -> Result<Option<flow::Kept>, sqlx::Error> {
    let Some(doc) = flow::kept_document(c, id).await? else {
        return Ok(None);
    };
    let Some(deal_id) = doc.deal_id else {
        return Ok(None);
    };
    let Some(d) = deals::deal(c, deal_id).await? else {
        return Ok(None);
    };
    Ok(may_view(c, v, &d).await?.then_some(doc))
}

/// The file as a download under its own name: in UTF-8 for browsers that read
/// `filename*`, and with every other character an underscore for those that do not.
fn attachment(file_name: &str, content: Vec<u8>) -> Response {
    let encoded: String = url::form_urlencoded::byte_serialize(file_name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
            ),
        ],
        content,
    )
        .into_response()
}
