//! The web page: one HTML file, one script and one style sheet, compiled into the binary. The
//! page holds no article data: the script fetches it from the API and builds the DOM with
//! `textContent`, and the Content-Security-Policy allows scripts from this server only.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::errors::{ApiError, ErrorCode};

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

/// No inline script or style, nothing from another origin.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// `GET /`: the page, whatever its query string (the script reads it).
pub async fn index() -> Response {
    respond(INDEX_HTML, "text/html; charset=utf-8")
}

/// `GET /assets/{name}`: the script and the style sheet.
pub async fn asset(Path(name): Path<String>) -> Result<Response, ApiError> {
    match name.as_str() {
        "app.js" => Ok(respond(APP_JS, "text/javascript; charset=utf-8")),
        "style.css" => Ok(respond(STYLE_CSS, "text/css; charset=utf-8")),
        _ => Err(ApiError::new(ErrorCode::NotFound, format!("no asset `{name}`"))),
    }
}

fn respond(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    // The assets change with the binary; revalidating costs little on a loopback server.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
