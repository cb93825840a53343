//! The page itself: HTML, CSS and script in one file, compressed once and revalidated by ETag.

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// The page: HTML, CSS and script in one file, no build step and nothing from a CDN.
pub const PAGE_HTML: &str = include_str!("board.html");

/// The page as it goes over the wire: compressed once, at start, and named by its content so
/// a browser's copy is revalidated with a 304 instead of sent again.
pub(super) struct Page {
    gzip: Vec<u8>,
    etag: String,
}

pub(super) fn compiled_page() -> &'static Page {
    static PAGE: std::sync::OnceLock<Page> = std::sync::OnceLock::new();
    PAGE.get_or_init(|| {
        use sha2::Digest;
        use std::io::Write;
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        // writing to a Vec cannot fail
        let _ = z.write_all(PAGE_HTML.as_bytes());
        let gzip = z.finish().unwrap_or_default();
        let digest = sha2::Sha256::digest(PAGE_HTML.as_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        Page {
            gzip,
            etag: format!("\"{hex}\""),
        }
    })
}

/// Whether an `Accept-Encoding` header takes gzip (by name or `*`, with a weight above zero).
fn accepts_gzip(header: &str) -> bool {
    header.split(',').any(|offer| {
        let mut parts = offer.split(';').map(str::trim);
        let name = parts.next().unwrap_or("").to_ascii_lowercase();
        let q = parts
            .find_map(|p| p.strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        (name == "gzip" || name == "*") && q > 0.0
    })
}

pub(super) async fn page(headers: HeaderMap) -> Response {
    let compiled = compiled_page();
    let gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(accepts_gzip);
    // one ETag per encoding, as a cache keeps them apart
    let etag = if gzip {
        format!("{}-gzip\"", compiled.etag.trim_end_matches('"'))
    } else {
        compiled.etag.clone()
    };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let common = [
        (header::CACHE_CONTROL, "no-cache".to_owned()),
        (header::VARY, "Accept-Encoding".to_owned()),
        (header::ETAG, etag),
    ];
    if fresh {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    let csp = "default-src 'self'; script-src 'self' 'unsafe-inline' https://telegram.org; \
               style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";
    let html = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CONTENT_SECURITY_POLICY, csp),
    ];
    if gzip {
        (
            common,
            html,
            [(header::CONTENT_ENCODING, "gzip")],
            compiled.gzip.clone(),
        )
            .into_response()
    } else {
        (common, html, PAGE_HTML).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::accepts_gzip;

    #[test]
    fn gzip_is_sent_only_where_the_browser_takes_it() {
        for yes in ["gzip", "gzip, deflate, br", "br;q=1.0, GZIP;q=0.5", "*"] {
            assert!(accepts_gzip(yes), "{yes}");
        }
        for no in ["", "identity", "br", "gzip;q=0", "deflate, gzip;q=0.0"] {
            assert!(!accepts_gzip(no), "{no}");
        }
    }
}
