//! Serve stage: the HTTP API and the web UI over the store, from one binary (`marsad serve`).
//!
//! The store is opened read-only. [`router`] holds the JSON API under `/api` (documented by
//! `openapi.json`), the server-rendered pages, and the embedded scripts, styles and base map
//! under `/static`; every response carries a strict Content-Security-Policy. Article text is
//! only ever inserted as text: escaped by the templates, set with `textContent` by the scripts.

pub mod api;
pub mod assets;
pub mod catalog;
pub mod error;
mod i18n;
mod pages;
pub mod params;
pub mod state;
pub mod views;

#[cfg(test)]
mod tests;

pub use error::ApiError;
pub use state::AppState;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use marsad_store::StoreLocation;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

/// What every response says about where its page may load things from: only this server, no
/// inline script or style, no plugins, no framing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
     font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Largest request body accepted: no route takes one, so anything larger is refused early.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Longest request target (path and query) accepted, in bytes.
pub const MAX_URI_BYTES: usize = 4096;

/// The whole application over the store in `dir`.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .route("/static/{*path}", get(assets::serve))
        .fallback(pages::not_found)
        .method_not_allowed_fallback(|| async { error::json_error(StatusCode::METHOD_NOT_ALLOWED, "this route only answers GET") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(guard))
        .with_state(state)
}

/// Refuses over-long request targets and bodies, and adds the security headers to every response.
async fn guard(req: Request, next: Next) -> Response {
    let target = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let mut res = if target > MAX_URI_BYTES {
        error::json_error(StatusCode::URI_TOO_LONG, &format!("the request target is {target} bytes; at most {MAX_URI_BYTES} are accepted"))
    } else if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        error::json_error(StatusCode::PAYLOAD_TOO_LARGE, &format!("request bodies are limited to {MAX_BODY_BYTES} bytes"))
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    res
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("opening the store: {0}")]
    Open(#[from] ApiError),
    #[error("listening on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
    #[error("serving: {0}")]
    Serve(std::io::Error),
}

/// Serves the store at `store`, with the search index in `index`, on `addr` until interrupted
/// (Ctrl-C), printing where.
pub fn run(store: &StoreLocation, index: &Path, addr: SocketAddr) -> Result<(), ServeError> {
    let state = Arc::new(AppState::open_at(store, index)?);
    // The store is only ever used outside the runtime's own threads (here, and in
    // `spawn_blocking`): the PostgreSQL client blocks on a runtime of its own, which tokio
    // refuses inside another. For the same reason the last handle on the state (and its
    // connections) is dropped here, after the server stops.
    let catalog = state.catalog()?;
    let serving = state.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(ServeError::Serve)?;
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| ServeError::Listen { addr, source })?;
        let bound = listener.local_addr().map_err(ServeError::Serve)?;
        println!("marsad: serving {} documents and {} events on http://{bound}/ (Ctrl-C stops)", catalog.documents.len(), catalog.events.len());
        axum::serve(listener, router(serving))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(ServeError::Serve)
    });
    drop(runtime);
    drop(state);
    result
}
