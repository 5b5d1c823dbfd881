//! The server's shared state: where the store is, a few read-only connections to it, the
//! catalog, read again when the store has changed since, and the search index beside the store,
//! opened again when the store or the index has changed since.

use crate::catalog::Catalog;
use crate::error::ApiError;
use marsad_search::{SearchError, SearchIndex};
use marsad_store::{Store, StoreLocation};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

/// Idle connections kept for reuse.
const POOL: usize = 8;
/// During an ingest the store changes at every batch: read the catalog again at most this often.
const REREAD_AFTER: Duration = Duration::from_secs(2);

pub struct AppState {
    store: StoreLocation,
    /// The search index folder.
    index: PathBuf,
    idle: Mutex<Vec<Store>>,
    /// The connection whose `data_version` tells when the catalog is stale (the number is
    /// meaningful only on one connection), and when it was last compared.
    watch: Mutex<(Store, Instant)>,
    catalog: RwLock<Arc<Catalog>>,
    /// The search index as last opened, and what it was checked against. Only a usable index
    /// is kept: a missing or lagging one is looked at again on the next search, so a
    /// `marsad reindex` run while the server is up is seen at once.
    search: Mutex<Option<OpenIndex>>,
}

/// An open search index, known to hold every document the store held at `version` when its
/// `meta.json` was last written at `written`.
struct OpenIndex {
    index: Arc<SearchIndex>,
    version: i64,
    written: Option<SystemTime>,
}

impl AppState {
    /// Opens the store in the folder `dir` read-only, with its index beside it, and reads the
    /// catalog.
    pub fn open(dir: &Path) -> Result<AppState, ApiError> {
        AppState::open_at(&StoreLocation::Folder(dir.to_path_buf()), &SearchIndex::dir_for(dir))
    }

    /// Opens the store at `store` read-only, with its search index in `index`, and reads the
    /// catalog.
    pub fn open_at(store: &StoreLocation, index: &Path) -> Result<AppState, ApiError> {
        let watch = Store::open_read_only_at(store)?;
        let catalog = Catalog::read(&watch)?;
        Ok(AppState {
            store: store.clone(),
            index: index.to_path_buf(),
            idle: Mutex::new(Vec::new()),
            watch: Mutex::new((watch, Instant::now())),
            catalog: RwLock::new(Arc::new(catalog)),
            search: Mutex::new(None),
        })
    }

    /// Where the store is.
    pub fn store(&self) -> &StoreLocation {
        &self.store
    }

    /// The catalog, read again first if another process has written to the store.
    pub fn catalog(&self) -> Result<Arc<Catalog>, ApiError> {
        let current = self.catalog.read().map_err(poisoned)?.clone();
        // Another request is already comparing or reading: answer from what is there.
        let Ok(mut watch) = self.watch.try_lock() else { return Ok(current) };
        let (store, last_read) = &mut *watch;
        if store.data_version()? == current.version || last_read.elapsed() < REREAD_AFTER {
            return Ok(current);
        }
        *last_read = Instant::now();
        let fresh = Arc::new(Catalog::read(store)?);
        *self.catalog.write().map_err(poisoned)? = fresh.clone();
        Ok(fresh)
    }

    /// The search index beside the store, opened read-only (the server never writes it). It
    /// is opened again when the store has changed (an ingest) or the index has been written
    /// (an ingest's sync, a `marsad reindex`), and refused with a message saying how to make it
    /// when it is missing, of another format, or holds other documents than the store.
    pub fn search_index(&self) -> Result<Arc<SearchIndex>, ApiError> {
        let version = self.catalog()?.version;
        let dir = &self.index;
        let written = std::fs::metadata(dir.join("meta.json")).and_then(|m| m.modified()).ok();
        let mut slot = self.search.lock().map_err(poisoned)?;
        if let Some(open) = slot.as_ref()
            && open.version == version
            && open.written == written
        {
            return Ok(open.index.clone());
        }
        *slot = None;
        let index = SearchIndex::open(dir).map_err(|e| match e {
            SearchError::Missing { .. } | SearchError::Outdated { .. } | SearchError::Index { .. } => ApiError::Unavailable(format!(
                "full-text search is not available: {e}. Run `marsad reindex {}`, then search again (the server only reads the index)",
                self.reindex_args()
            )),
            e => ApiError::from(e),
        })?;
        let status = self.with_store(|store| index.status(store).map_err(|e| ApiError::Internal(format!("comparing the search index with the store: {e}"))))?;
        if !status.is_current() {
            return Err(ApiError::Unavailable(format!(
                "full-text search is not available: the search index in {} holds {} documents and the store {}. \
                 An ingest still running brings it up to date when it ends; otherwise run `marsad reindex {}`",
                dir.display(),
                status.indexed_documents,
                status.stored_documents,
                self.reindex_args()
            )));
        }
        let index = Arc::new(index);
        *slot = Some(OpenIndex { index: index.clone(), version, written });
        Ok(index)
    }

    /// Runs `f` on a read-only connection from the pool (opening one if none is idle).
    pub fn with_store<T>(&self, f: impl FnOnce(&Store) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let store = self.idle.lock().map_err(poisoned)?.pop();
        let store = match store {
            Some(s) => s,
            None => Store::open_read_only_at(&self.store)?,
        };
        let result = f(&store);
        let mut idle = self.idle.lock().map_err(poisoned)?;
        if idle.len() < POOL {
            idle.push(store);
        }
        result
    }
}

impl AppState {
    /// The options that make `marsad reindex` rebuild this server's index.
    fn reindex_args(&self) -> String {
        match &self.store {
            StoreLocation::Folder(dir) if SearchIndex::dir_for(dir) == self.index => format!("--db {}", dir.display()),
            store => format!("--db {store} --index {}", self.index.display()),
        }
    }
}

fn poisoned<T>(_: T) -> ApiError {
    ApiError::Internal("a request failed while holding shared state; restart the server".into())
}
