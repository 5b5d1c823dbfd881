//! Search errors: a query that cannot be run says which part is wrong; an index error names
//! the index folder.

use jiff::civil::Date;
use marsad_store::StoreError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the query is {chars} characters long; at most {max} are accepted")]
    QueryTooLong { chars: usize, max: usize },
    #[error("the date range ends ({to}) before it starts ({from})")]
    ReversedDates { from: Date, to: Date },
    #[error("a page of {limit} hits was asked for; between 1 and {max} are allowed")]
    BadLimit { limit: usize, max: usize },
    #[error("an offset of {offset} was asked for; at most {max} is allowed")]
    BadOffset { offset: usize, max: usize },
    #[error("the query has no words and no filter: give words to look for, or a filter")]
    EmptyQuery,
    #[error("no place in the gazetteer has the id or name {0:?}")]
    UnknownPlace(String),
    #[error("no actor in the registry has the id, name or alias {0:?}")]
    UnknownActor(String),
    #[error("{}: there is no search index here yet (`marsad reindex` builds it from the store)", path.display())]
    Missing { path: PathBuf },
    #[error("{}: the search index has format {found}, this marsad reads format {expected}; it must be rebuilt (`marsad reindex`)", path.display())]
    Outdated { path: PathBuf, found: String, expected: u32 },
    #[error("{}: search index: {source}", path.display())]
    Index { path: PathBuf, source: tantivy::TantivyError },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// `db` names the store as its own errors do (the SQLite file, or the URL without password).
    #[error("{db}: event {event} of document d{doc} cannot be read for indexing: {what}")]
    BadEvent { db: String, doc: u64, event: u64, what: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}
