//! The web UI's pages, rendered on the server from askama templates (which escape every value,
//! so article text can only ever show as text). The map page's map, timeline and list are drawn
//! by `static/explore.js` from the JSON API.

use crate::api::{Shared, blocking, with_catalog, with_view};
use crate::assets::VENDORED;
use crate::catalog::{Catalog, DocSummary, EventSummary, str_of};
use crate::error::ApiError;
use crate::i18n::{Lang, Ui};
use crate::params::{EventQuery, Page, Params, SearchQuery};
use crate::views::{self, ContradictionView, DocumentDetail, EventDetail, SearchResults};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use marsad_store::Store;
use serde::Deserialize;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(map))
        .route("/events", get(events))
        .route("/events/{id}", get(event))
        .route("/contradictions", get(contradictions))
        .route("/stories", get(stories))
        .route("/stories/{id}", get(story))
        .route("/documents", get(documents))
        .route("/documents/{id}", get(document))
        .route("/search", get(search))
        .route("/lang/{code}", get(switch_language))
}

/// What every page's frame needs.
pub struct Chrome {
    pub title: String,
    pub page: &'static str,
    /// This page's address, percent-encoded, for the language switch to come back to.
    pub here: String,
    pub vendored: bool,
}

/// The language and frame of a request.
struct Req {
    ui: Ui,
    here: String,
}

impl Req {
    fn new(headers: &HeaderMap, uri: &Uri) -> Req {
        let lang = Lang::from_cookie(headers.get(header::COOKIE).and_then(|v| v.to_str().ok()));
        let here = uri.path_and_query().map_or("/", |p| p.as_str());
        Req { ui: Ui { lang }, here: percent_encode(here) }
    }

    fn chrome(&self, title: impl Into<String>, page: &'static str) -> Chrome {
        Chrome { title: title.into(), page, here: self.here.clone(), vendored: VENDORED }
    }
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A page, or the error page in the same frame.
fn render(t: impl Template) -> Result<Response, ApiError> {
    let html = t.render().map_err(|e| ApiError::Internal(format!("rendering a page: {e}")))?;
    Ok(Html(html).into_response())
}

/// An error as a page: the API's errors keep their status, and say what went wrong.
fn error_page(req: &Req, e: ApiError) -> Response {
    let status = e.status();
    if status.is_server_error() {
        eprintln!("marsad serve: {e}");
    }
    let title = req.ui.s(if status == StatusCode::NOT_FOUND { "not_found" } else { "marsad" });
    let t = NotFoundPage { c: req.chrome(title, "error"), ui: req.ui, message: e.to_string() };
    match render(t) {
        Ok(mut r) => {
            *r.status_mut() = status;
            r
        }
        Err(e) => e.into_response(),
    }
}

fn page(req: &Req, r: Result<Response, ApiError>) -> Response {
    r.unwrap_or_else(|e| error_page(req, e))
}

/// A page drawn from the catalog, in the request's language, its errors shown as pages.
async fn catalog_page(
    state: Shared,
    req: Req,
    title: String,
    name: &'static str,
    draw: impl FnOnce(&Catalog, Chrome, Ui) -> Result<Response, ApiError> + Send + 'static,
) -> Response {
    let (c, ui) = (req.chrome(title, name), req.ui);
    page(&req, with_catalog(state, move |cat| draw(cat, c, ui)).await)
}

/// A page drawn from the catalog and the store (one event, one document).
async fn store_page(
    state: Shared,
    req: Req,
    title: String,
    name: &'static str,
    draw: impl FnOnce(&Store, &Catalog, Chrome, Ui) -> Result<Response, ApiError> + Send + 'static,
) -> Response {
    let (c, ui) = (req.chrome(title, name), req.ui);
    page(&req, with_view(state, move |store, cat| draw(store, cat, c, ui)).await)
}

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFoundPage {
    c: Chrome,
    ui: Ui,
    message: String,
}

/// Unknown addresses: JSON under /api, a page elsewhere.
pub async fn not_found(headers: HeaderMap, uri: Uri) -> Response {
    if uri.path().starts_with("/api/") || uri.path() == "/api" {
        return crate::error::json_error(StatusCode::NOT_FOUND, &format!("no API route {} (see /api/openapi.json)", uri.path()));
    }
    let req = Req::new(&headers, &uri);
    let message = req.ui.s("not_found_text").to_string();
    error_page(&req, ApiError::NotFound(message))
}

#[derive(Template)]
#[template(path = "map.html")]
struct MapPage {
    c: Chrome,
    ui: Ui,
    types: Vec<String>,
    outlets: Vec<(String, String, String)>,
}

async fn map(State(state): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    let req = Req::new(&headers, &uri);
    let title = req.ui.s("nav_map").to_string();
    catalog_page(state, req, title, "map", |cat, c, ui| render(MapPage { c, ui, types: cat.event_types(), outlets: cat.outlets() })).await
}

#[derive(Template)]
#[template(path = "events.html")]
struct EventsPage {
    c: Chrome,
    ui: Ui,
    q: EventQuery,
    problem: Option<String>,
    types: Vec<String>,
    outlets: Vec<(String, String, String)>,
    total: usize,
    rows: Vec<EventSummary>,
    prev: Option<String>,
    next: Option<String>,
}

/// The links to the pages before and after this one, keeping the other parameters.
fn pager(uri: &Uri, page: Page, total: usize) -> (Option<String>, Option<String>) {
    let others: Vec<&str> = uri.query().unwrap_or_default().split('&').filter(|p| !p.is_empty() && !p.starts_with("offset=")).collect();
    let link = |offset: usize| {
        let mut q = others.clone();
        let o = format!("offset={offset}");
        q.push(&o);
        format!("{}?{}", uri.path(), q.join("&"))
    };
    let prev = (page.offset > 0).then(|| link(page.offset.saturating_sub(page.limit)));
    let next = (page.offset + page.limit < total).then(|| link(page.offset + page.limit));
    (prev, next)
}

async fn events(State(state): State<Shared>, headers: HeaderMap, uri: Uri, q: Result<Params<EventQuery>, ApiError>) -> Response {
    let req = Req::new(&headers, &uri);
    let title = req.ui.s("nav_events").to_string();
    // A bad filter is shown above an empty list, with the form to correct it.
    let (q, problem) = match q {
        Ok(Params(q)) => (q, None),
        Err(e) => (EventQuery::default(), Some(e.to_string())),
    };
    let checked = q.filter().and_then(|f| Ok((f, q.page()?)));
    let (filter, pg, problem) = match checked {
        Ok((f, p)) => (Some(f), p, problem),
        Err(e) => (None, Page::new(None, None).expect("defaults are in bounds"), Some(e.to_string())),
    };
    catalog_page(state, req, title, "events", move |cat, c, ui| {
        let found: Vec<&EventSummary> = match &filter {
            Some(f) => cat.events_matching(f).collect(),
            None => Vec::new(),
        };
        let (prev, next) = pager(&uri, pg, found.len());
        let rows = found.iter().skip(pg.offset).take(pg.limit).map(|e| (*e).clone()).collect();
        render(EventsPage { c, ui, problem, types: cat.event_types(), outlets: cat.outlets(), total: found.len(), rows, prev, next, q })
    })
    .await
}

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage {
    c: Chrome,
    ui: Ui,
    detail: EventDetail,
}

async fn event(State(state): State<Shared>, headers: HeaderMap, uri: Uri, Path(id): Path<String>) -> Response {
    let req = Req::new(&headers, &uri);
    let title = format!("{} {id}", req.ui.s("event"));
    store_page(state, req, title, "event", move |store, cat, c, ui| render(EventPage { c, ui, detail: views::event_detail(store, cat, &id)? })).await
}

#[derive(Template)]
#[template(path = "contradictions.html")]
struct ContradictionsPage {
    c: Chrome,
    ui: Ui,
    items: Vec<ContradictionView>,
}

async fn contradictions(State(state): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    let req = Req::new(&headers, &uri);
    let title = req.ui.s("contradictions_title").to_string();
    catalog_page(state, req, title, "contradictions", |cat, c, ui| {
        let items = cat.contradictions.iter().enumerate().map(|(i, x)| views::contradiction_view(cat, i, x)).collect();
        render(ContradictionsPage { c, ui, items })
    })
    .await
}

struct StoryRow {
    id: String,
    label: String,
    start: String,
    end: String,
    docs: usize,
    events: usize,
}

#[derive(Template)]
#[template(path = "stories.html")]
struct StoriesPage {
    c: Chrome,
    ui: Ui,
    items: Vec<StoryRow>,
}

async fn stories(State(state): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    let req = Req::new(&headers, &uri);
    let title = req.ui.s("stories_title").to_string();
    catalog_page(state, req, title, "stories", |cat, c, ui| {
        let items = cat
            .stories
            .iter()
            .map(|s| {
                let id = str_of(s, "id");
                StoryRow {
                    events: cat.events.iter().filter(|e| e.story.as_deref() == Some(id.as_str())).count(),
                    label: str_of(s, "label"),
                    start: str_of(s, "start"),
                    end: str_of(s, "end"),
                    docs: s["docs"].as_array().map_or(0, Vec::len),
                    id,
                }
            })
            .collect();
        render(StoriesPage { c, ui, items })
    })
    .await
}

#[derive(Template)]
#[template(path = "story.html")]
struct StoryPage {
    c: Chrome,
    ui: Ui,
    id: String,
    label: String,
    start: String,
    end: String,
    rows: Vec<EventSummary>,
    docs: Vec<DocSummary>,
}

async fn story(State(state): State<Shared>, headers: HeaderMap, uri: Uri, Path(id): Path<String>) -> Response {
    let req = Req::new(&headers, &uri);
    let title = format!("{} {id}", req.ui.s("story"));
    catalog_page(state, req, title, "story", move |cat, c, ui| {
        let s = cat.story(&id).ok_or_else(|| ApiError::NotFound(format!("no story {id:?}")))?;
        let docs = s["docs"].as_array().into_iter().flatten().filter_map(|d| d.as_str().and_then(|d| cat.document(d)).cloned()).collect();
        let rows = cat.events.iter().filter(|e| e.story.as_deref() == Some(id.as_str())).cloned().collect();
        let field = |k| str_of(s, k);
        render(StoryPage { c, ui, label: field("label"), start: field("start"), end: field("end"), id, rows, docs })
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentsQuery {
    offset: Option<usize>,
    limit: Option<usize>,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct DocumentsPage {
    c: Chrome,
    ui: Ui,
    total: usize,
    docs: Vec<DocSummary>,
    prev: Option<String>,
    next: Option<String>,
}

async fn documents(State(state): State<Shared>, headers: HeaderMap, uri: Uri, q: Result<Params<DocumentsQuery>, ApiError>) -> Response {
    let req = Req::new(&headers, &uri);
    let title = req.ui.s("documents_title").to_string();
    let pg = match q.and_then(|Params(q)| Page::new(q.offset, q.limit)) {
        Ok(pg) => pg,
        Err(e) => return error_page(&req, e),
    };
    catalog_page(state, req, title, "documents", move |cat, c, ui| {
        let (prev, next) = pager(&uri, pg, cat.documents.len());
        let docs = cat.documents.iter().skip(pg.offset).take(pg.limit).cloned().collect();
        render(DocumentsPage { c, ui, total: cat.documents.len(), docs, prev, next })
    })
    .await
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    c: Chrome,
    ui: Ui,
    rows: Vec<EventSummary>,
    detail: DocumentDetail,
}

async fn document(State(state): State<Shared>, headers: HeaderMap, uri: Uri, Path(id): Path<String>) -> Response {
    let req = Req::new(&headers, &uri);
    let title = format!("{} {id}", req.ui.s("document"));
    store_page(state, req, title, "document", move |store, cat, mut c, ui| {
        let detail = views::document_detail(store, cat, &id)?;
        if let Some(headline) = &detail.summary.headline {
            c.title = headline.clone();
        }
        render(DocumentPage { c, ui, rows: detail.events.clone(), detail })
    })
    .await
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    c: Chrome,
    ui: Ui,
    q: SearchQuery,
    types: Vec<String>,
    outlets: Vec<(String, String, String)>,
    /// A parameter to correct, or an index to build: shown above the form's results.
    problem: Option<String>,
    results: Option<SearchResults>,
    prev: Option<String>,
    next: Option<String>,
}

/// The search form and, when something was asked, the ranked hits with their snippets. A bad
/// parameter or a missing index is said on the page, beside the form to correct it.
async fn search(State(state): State<Shared>, headers: HeaderMap, uri: Uri, q: Result<Params<SearchQuery>, ApiError>) -> Response {
    let req = Req::new(&headers, &uri);
    let title = req.ui.s("search_title").to_string();
    let (q, query) = match q {
        Ok(Params(q)) => {
            let query = if q.is_empty() { None } else { Some(q.query()) };
            (q, query)
        }
        Err(e) => (SearchQuery::default(), Some(Err(e))),
    };
    let (c, ui) = (req.chrome(title, "search"), req.ui);
    let r = blocking(state, move |s| {
        let cat = s.catalog()?;
        let found = query.map(|query| query.and_then(|query| views::search(&*s.search_index()?, &cat, &query)));
        let (results, problem) = match found {
            None => (None, None),
            Some(Ok(r)) => (Some(r), None),
            Some(Err(e)) if e.status().is_server_error() && e.status() != StatusCode::SERVICE_UNAVAILABLE => return Err(e),
            Some(Err(e)) => (None, Some(e.to_string())),
        };
        let (prev, next) = match &results {
            // Pages beyond the deepest offset the engine serves get no link.
            Some(r) => pager(&uri, Page { offset: r.offset, limit: r.limit }, (r.total as usize).min(marsad_search::MAX_OFFSET + 1)),
            None => (None, None),
        };
        Ok(SearchPage { c, ui, q, types: cat.event_types(), outlets: cat.outlets(), problem, results, prev, next })
    })
    .await;
    page(&req, r.and_then(render))
}

#[derive(Debug, Default, Deserialize)]
struct SwitchQuery {
    next: Option<String>,
}

/// Sets the interface language and goes back to the page it was asked from (only ever a path
/// on this server).
async fn switch_language(Path(code): Path<String>, Params(q): Params<SwitchQuery>) -> Response {
    let lang = if code == "ar" { "ar" } else { "en" };
    let next = q.next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\')).unwrap_or_else(|| "/".into());
    let mut r = Redirect::to(&next).into_response();
    let cookie = format!("lang={lang}; Path=/; Max-Age=31536000; SameSite=Lax");
    r.headers_mut().insert(header::SET_COOKIE, cookie.parse().expect("a plain cookie is a valid header"));
    r
}
