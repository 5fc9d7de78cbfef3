//! The one table of API errors: each has a stable `code` (part of the API contract) and an HTTP
//! status. Every error leaves the server as `{"error":{"code":"...","message":"..."}}`.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// What went wrong, as clients match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A parameter is unknown, missing or malformed.
    BadRequest,
    /// `from` or `to` is not a date, or `from` is after `to`.
    InvalidDate,
    /// The query text or the list of filters is longer than the server accepts.
    TooLong,
    /// No such article, or no such endpoint.
    NotFound,
    /// The endpoint exists but not for this HTTP method.
    MethodNotAllowed,
    /// Every search slot is taken; retry shortly.
    Busy,
    /// The search took longer than the server allows.
    Timeout,
    /// The index could not be read; the message says why.
    Internal,
}

/// code -> (name, HTTP status). The only place either is spelled.
const TABLE: [(ErrorCode, &str, StatusCode); 8] = [
    (ErrorCode::BadRequest, "bad_request", StatusCode::BAD_REQUEST),
    (ErrorCode::InvalidDate, "invalid_date", StatusCode::BAD_REQUEST),
    (ErrorCode::TooLong, "too_long", StatusCode::BAD_REQUEST),
    (ErrorCode::NotFound, "not_found", StatusCode::NOT_FOUND),
    (ErrorCode::MethodNotAllowed, "method_not_allowed", StatusCode::METHOD_NOT_ALLOWED),
    (ErrorCode::Busy, "busy", StatusCode::SERVICE_UNAVAILABLE),
    (ErrorCode::Timeout, "timeout", StatusCode::GATEWAY_TIMEOUT),
    (ErrorCode::Internal, "internal", StatusCode::INTERNAL_SERVER_ERROR),
];

impl ErrorCode {
    /// The stable name clients match on.
    pub fn name(self) -> &'static str {
        Self::row(self).1
    }

    /// The HTTP status sent with it.
    pub fn status(self) -> StatusCode {
        Self::row(self).2
    }

    fn row(self) -> (ErrorCode, &'static str, StatusCode) {
        TABLE.into_iter().find(|row| row.0 == self).unwrap_or(TABLE[TABLE.len() - 1])
    }
}

/// An error answer: a code from the table and a message for humans.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The code.
    pub code: ErrorCode,
    /// What happened and, where it helps, what to do.
    pub message: String,
}

impl ApiError {
    /// An error with a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into() }
    }

    /// A `bad_request`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }
}

impl From<crate::Error> for ApiError {
    fn from(error: crate::Error) -> Self {
        match error {
            crate::Error::Usage(message) => ApiError::bad_request(message),
            other => ApiError::new(ErrorCode::Internal, other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code.name(), "message": self.message } });
        let mut response = (self.code.status(), Json(body)).into_response();
        if self.code == ErrorCode::Busy {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_one_row_with_a_distinct_name() {
        let mut names: Vec<&str> = TABLE.iter().map(|row| row.1).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TABLE.len());
        for (code, name, status) in TABLE {
            assert_eq!(code.name(), name);
            assert_eq!(code.status(), status);
        }
    }
}
