//! Store errors, each naming the database it happened in: the SQLite file, or the PostgreSQL
//! URL without its password.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: {source}", path.display())]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    /// `doing` says what failed ("connecting", "storing a batch"); `message` is the server's
    /// or the client's own words (the error is not kept as a source: its `Display` says only
    /// "db error" and hides the server's message in its own source).
    #[error("{db}: {doing}: {message}")]
    Postgres { db: String, doing: &'static str, message: String },
    #[error("{db}: the database is at schema version {found}, newer than this marsad knows ({known}); use a newer marsad")]
    TooNew { db: String, found: i64, known: i64 },
    #[error("{db}: stored data is corrupt: {what}")]
    Corrupt { db: String, what: String },
}

impl StoreError {
    pub(crate) fn postgres(db: &str, doing: &'static str, e: &postgres::Error) -> StoreError {
        // A server error carries its message (and detail) in its source.
        let message = match e.as_db_error() {
            Some(db_error) => {
                let mut m = format!("{}: {}", db_error.severity(), db_error.message());
                if let Some(detail) = db_error.detail() {
                    m.push_str(&format!(" ({detail})"));
                }
                m
            }
            None => match std::error::Error::source(e) {
                Some(cause) => format!("{e}: {cause}"),
                None => e.to_string(),
            },
        };
        StoreError::Postgres { db: db.to_string(), doing, message }
    }
}
