//! The API's errors: each becomes a JSON body `{"error": "..."}` with the status that fits.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use marsad_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A parameter is missing, malformed or out of bounds; the message names it.
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("the query string is {0} bytes; at most {max} are accepted", max = crate::params::MAX_QUERY_BYTES)]
    QueryTooLong(usize),
    /// A feature this build does not have.
    #[error("{0}")]
    NotImplemented(String),
    #[error("reading the store: {0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::QueryTooLong(_) => StatusCode::URI_TOO_LONG,
            ApiError::NotImplemented(_) => StatusCode::NOT_IMPLEMENTED,
            ApiError::Store(_) | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status().is_server_error() {
            eprintln!("marsad serve: {self}");
        }
        json_error(self.status(), &self.to_string())
    }
}

/// A JSON error response: what every API failure looks like, including the router's own (an
/// unknown route, a wrong method, a body too large).
pub fn json_error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}
