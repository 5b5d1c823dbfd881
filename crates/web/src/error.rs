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
    /// Something the server needs and cannot make itself (it writes nothing), such as a
    /// search index; the message says which command makes it.
    #[error("{0}")]
    Unavailable(String),
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
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Store(_) | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<marsad_search::SearchError> for ApiError {
    /// A query the search crate refuses is the caller's to correct (400); an index that
    /// cannot be read is the server's (503 with how to rebuild it, or 500).
    fn from(e: marsad_search::SearchError) -> ApiError {
        use marsad_search::SearchError as S;
        match e {
            S::QueryTooLong { .. }
            | S::ReversedDates { .. }
            | S::BadLimit { .. }
            | S::BadOffset { .. }
            | S::EmptyQuery
            | S::UnknownPlace(_)
            | S::UnknownActor(_) => ApiError::BadRequest(e.to_string()),
            S::Missing { .. } | S::Outdated { .. } => ApiError::Unavailable(format!("full-text search is not available: {e}")),
            e => ApiError::Internal(format!("searching: {e}")),
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
