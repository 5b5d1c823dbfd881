//! Store errors, each naming the database file it happened in.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: {source}", path.display())]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    #[error("{}: the database is at schema version {found}, newer than this marsad knows ({known}); use a newer marsad", path.display())]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("{}: stored data is corrupt: {what}", path.display())]
    Corrupt { path: PathBuf, what: String },
}
