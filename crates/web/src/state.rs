//! The server's shared state: where the store is, a few read-only connections to it, and the
//! catalog, read again when the store has changed since.

use crate::catalog::Catalog;
use crate::error::ApiError;
use marsad_store::Store;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Idle connections kept for reuse.
const POOL: usize = 8;
/// During an ingest the store changes at every batch: read the catalog again at most this often.
const REREAD_AFTER: Duration = Duration::from_secs(2);

pub struct AppState {
    dir: PathBuf,
    idle: Mutex<Vec<Store>>,
    /// The connection whose `data_version` tells when the catalog is stale (the number is
    /// meaningful only on one connection), and when it was last compared.
    watch: Mutex<(Store, Instant)>,
    catalog: RwLock<Arc<Catalog>>,
}

impl AppState {
    /// Opens the store in `dir` read-only and reads the catalog.
    pub fn open(dir: &Path) -> Result<AppState, ApiError> {
        let watch = Store::open_read_only(dir)?;
        let catalog = Catalog::read(&watch)?;
        Ok(AppState {
            dir: dir.to_path_buf(),
            idle: Mutex::new(Vec::new()),
            watch: Mutex::new((watch, Instant::now())),
            catalog: RwLock::new(Arc::new(catalog)),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
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

    /// Runs `f` on a read-only connection from the pool (opening one if none is idle).
    pub fn with_store<T>(&self, f: impl FnOnce(&Store) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let store = self.idle.lock().map_err(poisoned)?.pop();
        let store = match store {
            Some(s) => s,
            None => Store::open_read_only(&self.dir)?,
        };
        let result = f(&store);
        let mut idle = self.idle.lock().map_err(poisoned)?;
        if idle.len() < POOL {
            idle.push(store);
        }
        result
    }
}

fn poisoned<T>(_: T) -> ApiError {
    ApiError::Internal("a request failed while holding shared state; restart the server".into())
}
