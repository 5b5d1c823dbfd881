//! The JSON API under `/api`: documents, events (filtered, paged, as map points and as a
//! timeline), one event with its claims side by side, stories, contradictions, search and the
//! exports as downloads. Every route is listed in `openapi.json`, and a test holds them equal.

use crate::catalog::{Catalog, EventSummary};
use crate::error::ApiError;
use crate::params::{self, EventQuery, Page, Params, SearchQuery};
use crate::state::AppState;
use crate::views;
use axum::Json;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use marsad_export::ExportFormat;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The OpenAPI 3 description of this API, written by hand (see ARCHITECTURE.md).
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Most points the map endpoint returns; beyond that it says `truncated`.
pub const MAX_POINTS: usize = 10_000;

pub type Shared = Arc<AppState>;

/// Every API route with its handler. The paths here are the ones `openapi.json` must list.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/facets", get(facets))
        .route("/api/documents", get(documents))
        .route("/api/documents/{id}", get(document))
        .route("/api/events", get(events))
        .route("/api/events/points", get(points))
        .route("/api/events/timeline", get(timeline))
        .route("/api/events/{id}", get(event))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/contradictions", get(contradictions))
        .route("/api/search", get(search))
        .route("/api/export.jsonl", get(|s| export(s, ExportFormat::Jsonl)))
        .route("/api/export.csv", get(|s| export(s, ExportFormat::Csv)))
        .route("/api/export.geojson", get(|s| export(s, ExportFormat::Geojson)))
}

/// Runs blocking store work off the async threads.
pub async fn blocking<T: Send + 'static>(
    state: Shared,
    f: impl FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(move || f(&state)).await.map_err(|e| ApiError::Internal(format!("a request's task failed: {e}")))?
}

/// Runs `f` on the current catalog.
pub async fn with_catalog<T: Send + 'static>(
    state: Shared,
    f: impl FnOnce(&Catalog) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    blocking(state, move |s| f(s.catalog()?.as_ref())).await
}

/// Runs `f` on the current catalog and a pooled read-only connection: for what needs both (one
/// event's claims with their sentences, one document with its mentions).
pub async fn with_view<T: Send + 'static>(
    state: Shared,
    f: impl FnOnce(&marsad_store::Store, &Catalog) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    blocking(state, move |s| {
        let catalog = s.catalog()?;
        s.with_store(|store| f(store, &catalog))
    })
    .await
}

fn to_json<T: serde::Serialize>(value: T) -> Result<Json<Value>, ApiError> {
    serde_json::to_value(value).map(Json).map_err(|e| ApiError::Internal(format!("writing JSON: {e}")))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn facets(State(state): State<Shared>) -> Result<Json<Value>, ApiError> {
    with_catalog(state, |c| {
        let outlets: Vec<Value> = c.outlets().into_iter().map(|(id, en, ar)| json!({"id": id, "en": en, "ar": ar})).collect();
        let dates: Vec<&String> = c.events.iter().filter_map(|e| e.start.as_ref()).collect();
        Ok(Json(json!({
            "documents": c.documents.len(),
            "events": c.events.len(),
            "outlets": outlets,
            "types": c.event_types(),
            "first_date": dates.iter().min(),
            "last_date": dates.iter().max(),
        })))
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentQuery {
    pub outlet: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub offset: Option<usize>,
    pub limit: Option<usize>,
}

async fn documents(State(state): State<Shared>, Params(q): Params<DocumentQuery>) -> Result<Json<Value>, ApiError> {
    let page = Page::new(q.offset, q.limit)?;
    let outlet = params::text("outlet", &q.outlet)?;
    let (from, to) = (params::date("from", &q.from)?, params::date("to", &q.to)?);
    with_catalog(state, move |c| {
        let found: Vec<_> = c
            .documents
            .iter()
            .filter(|d| outlet.as_ref().is_none_or(|o| d.outlet.as_ref().is_some_and(|x| x["id"].as_str().is_some_and(|id| id.eq_ignore_ascii_case(o)))))
            .filter(|d| from.as_ref().is_none_or(|f| d.published.as_ref().is_some_and(|p| p >= f)))
            .filter(|d| to.as_ref().is_none_or(|t| d.published.as_ref().is_some_and(|p| p <= t)))
            .collect();
        Ok(Json(page.of(&found)))
    })
    .await
}

async fn document(State(state): State<Shared>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    with_view(state, move |store, catalog| to_json(views::document_detail(store, catalog, &id)?)).await
}

async fn events(State(state): State<Shared>, Params(q): Params<EventQuery>) -> Result<Json<Value>, ApiError> {
    let (filter, page) = (q.filter()?, q.page()?);
    with_catalog(state, move |c| {
        let found: Vec<&EventSummary> = c.events_matching(&filter).collect();
        Ok(Json(page.of(&found)))
    })
    .await
}

/// Every matching event that has coordinates, small enough to draw them all on the map.
async fn points(State(state): State<Shared>, Params(q): Params<EventQuery>) -> Result<Json<Value>, ApiError> {
    let filter = q.filter()?;
    with_catalog(state, move |c| {
        let mut total = 0;
        let mut points = Vec::new();
        for e in c.events_matching(&filter) {
            let Some((lat, lon)) = e.place.as_ref().and_then(|p| Some((p.lat?, p.lon?))) else { continue };
            total += 1;
            if points.len() < MAX_POINTS {
                let place = e.place.as_ref().map(|p| json!({"en": p.en, "ar": p.ar}));
                points.push(json!({"id": e.id, "lat": lat, "lon": lon, "type": e.event_type, "sub_type": e.sub_type,
                    "fatalities": e.fatalities.as_ref().map(|f| f.low), "start": e.start, "place": place, "contradicted": e.contradicted}));
            }
        }
        Ok(Json(json!({"total": total, "truncated": total > points.len(), "points": points})))
    })
    .await
}

/// Matching events counted by start date (undated ones apart), for the timeline.
async fn timeline(State(state): State<Shared>, Params(q): Params<EventQuery>) -> Result<Json<Value>, ApiError> {
    let filter = q.filter()?;
    with_catalog(state, move |c| {
        let mut days: BTreeMap<&str, (u64, i64)> = BTreeMap::new();
        let mut undated = 0;
        for e in c.events_matching(&filter) {
            match &e.start {
                Some(d) => {
                    let day = days.entry(d.as_str()).or_default();
                    day.0 += 1;
                    day.1 += e.killed();
                }
                None => undated += 1,
            }
        }
        let days: Vec<Value> = days.into_iter().map(|(d, (n, k))| json!({"date": d, "events": n, "fatalities": k})).collect();
        Ok(Json(json!({"days": days, "undated": undated})))
    })
    .await
}

async fn event(State(state): State<Shared>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    with_view(state, move |store, catalog| to_json(views::event_detail(store, catalog, &id)?)).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    pub offset: Option<usize>,
    pub limit: Option<usize>,
}

async fn stories(State(state): State<Shared>, Params(q): Params<PageQuery>) -> Result<Json<Value>, ApiError> {
    let page = Page::new(q.offset, q.limit)?;
    with_catalog(state, move |c| Ok(Json(page.of(&c.stories)))).await
}

async fn story(State(state): State<Shared>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    with_catalog(state, move |c| {
        let story = c.story(&id).ok_or_else(|| ApiError::NotFound(format!("no story {id:?} (ids are s<n>)")))?;
        let documents: Vec<_> = story["docs"].as_array().into_iter().flatten().filter_map(|d| d.as_str().and_then(|d| c.document(d))).collect();
        let events: Vec<&EventSummary> = c.events.iter().filter(|e| e.story.as_deref() == Some(id.as_str())).collect();
        Ok(Json(json!({"story": story, "documents": documents, "events": events})))
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContradictionQuery {
    pub field: Option<String>,
    pub offset: Option<usize>,
    pub limit: Option<usize>,
}

async fn contradictions(State(state): State<Shared>, Params(q): Params<ContradictionQuery>) -> Result<Json<Value>, ApiError> {
    let page = Page::new(q.offset, q.limit)?;
    let field = params::text("field", &q.field)?;
    with_catalog(state, move |c| {
        let views: Vec<views::ContradictionView> = c
            .contradictions
            .iter()
            .enumerate()
            .map(|(i, x)| views::contradiction_view(c, i, x))
            .filter(|v| field.as_ref().is_none_or(|f| &v.field == f))
            .collect();
        Ok(Json(page.of(&views)))
    })
    .await
}

/// Full-text search: the query is checked before the index is looked at, so a bad one is a 400
/// whether or not the index is ready.
async fn search(State(state): State<Shared>, Params(q): Params<SearchQuery>) -> Result<Json<Value>, ApiError> {
    let query = q.query()?;
    blocking(state, move |s| {
        let index = s.search_index()?;
        to_json(views::search(&index, &*s.catalog()?, &query)?)
    })
    .await
}

/// Streams an export of the whole store as a download, from its own read-only connection.
async fn export(State(state): State<Shared>, format: ExportFormat) -> Response {
    let (name, content_type) = match format {
        ExportFormat::Jsonl => ("marsad.jsonl", "application/x-ndjson"),
        ExportFormat::Csv => ("marsad-events.csv", "text/csv; charset=utf-8"),
        ExportFormat::Geojson => ("marsad-events.geojson", "application/geo+json"),
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(8);
    let location = state.store().clone();
    tokio::task::spawn_blocking(move || {
        let mut out = ChunkWriter { tx: tx.clone(), buf: Vec::with_capacity(CHUNK) };
        let result = marsad_store::Store::open_read_only_at(&location)
            .map_err(marsad_export::ExportError::from)
            .and_then(|store| marsad_export::export(&store, format, &mut out))
            .and_then(|_| std::io::Write::flush(&mut out).map_err(Into::into));
        if let Err(e) = result {
            eprintln!("marsad serve: export failed: {e}");
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
    });
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, content_type.to_string()), (header::CONTENT_DISPOSITION, disposition)], Body::from_stream(Chunks(rx))).into_response()
}

const CHUNK: usize = 64 * 1024;

/// Hands what the export writes to the response body in chunks.
struct ChunkWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl std::io::Write for ChunkWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx.blocking_send(Ok(chunk)).map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client stopped reading the export"))
    }
}

struct Chunks(tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl futures_core::Stream for Chunks {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}
