//! The search index that follows the store: made ready before a search (built or brought up to
//! date when it is missing, of another format, or behind the store) and kept up to date after
//! each ingest. The store is only read here: an index that cannot be written never costs a
//! stored document.

use marsad_search::{SearchError, SearchIndex, SyncReport};
use marsad_store::{Store, StoreLocation};
use std::path::{Path, PathBuf};

/// What ingest did to the search index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum IndexUpdate {
    #[default]
    NotRun,
    /// Brought up to date with the documents stored since it last looked.
    Synced(SyncReport),
    /// Built anew from the store (it was missing, of another format, or did not agree).
    Rebuilt { documents: u64 },
    /// The index could not be updated; the store is as the ingest left it, and
    /// `marsad reindex` rebuilds the index from it.
    Failed(String),
}

/// Where the search index of the store at `location` lives unless `--index` says otherwise:
/// beside a folder store (`<db>/search`); for a PostgreSQL store, which every server and worker
/// shares while each keeps an index of its own, in this user's cache folder
/// (`$XDG_CACHE_HOME/marsad/<host>-<port>-<database>`, or under `~/.cache`), else
/// `./marsad-index-<database>`.
pub fn default_index_dir(location: &StoreLocation) -> PathBuf {
    match location {
        StoreLocation::Folder(dir) => SearchIndex::dir_for(dir),
        StoreLocation::Postgres(pg) => {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").filter(|d| !d.is_empty()).map(|home| Path::new(&home).join(".cache")));
            match cache {
                Some(cache) => cache.join("marsad").join(pg.folder_name()),
                None => PathBuf::from(format!("marsad-index-{}", pg.dbname())),
            }
        }
    }
}

/// Opens the index of `store` in `dir`, rebuilding it when it is missing, of another format or
/// unreadable, and
/// syncing it otherwise; if it still disagrees with the store on the number of documents it
/// is rebuilt. `say` is told, in a sentence, whenever the index was not simply current.
pub fn ready(store: &Store, dir: &Path, say: &mut dyn FnMut(&str)) -> Result<(SearchIndex, IndexUpdate), SearchError> {
    let rebuild = |say: &mut dyn FnMut(&str), why: String| -> Result<(SearchIndex, IndexUpdate), SearchError> {
        let documents = store.count()?;
        say(&format!("{why}: rebuilding it from the store ({documents} documents)"));
        Ok((SearchIndex::rebuild(dir, store)?, IndexUpdate::Rebuilt { documents }))
    };
    let index = match SearchIndex::open(dir) {
        Ok(index) => index,
        // Missing, of another format, or unreadable: the store has everything to make it again.
        Err(e @ (SearchError::Missing { .. } | SearchError::Outdated { .. } | SearchError::Index { .. })) => {
            return rebuild(say, e.to_string());
        }
        Err(e) => return Err(e),
    };
    let before = index.status(store)?;
    if !before.is_current() {
        say(&format!(
            "{}: the search index holds {} of the {} stored documents: bringing it up to date",
            dir.display(),
            before.indexed_documents,
            before.stored_documents
        ));
    }
    let synced = index.sync(store)?;
    let after = index.status(store)?;
    if !after.is_current() {
        drop(index);
        let why = format!("{}: the search index still holds {} documents, the store {}", dir.display(), after.indexed_documents, after.stored_documents);
        return rebuild(say, why);
    }
    Ok((index, IndexUpdate::Synced(synced)))
}

/// After an ingest: brings the index up to date, and reports a failure instead of returning
/// it, since the documents are stored either way.
pub fn update_after_ingest(store: &Store, dir: &Path) -> IndexUpdate {
    match ready(store, dir, &mut |_| {}) {
        Ok((_, update)) => update,
        Err(e) => IndexUpdate::Failed(e.to_string()),
    }
}
