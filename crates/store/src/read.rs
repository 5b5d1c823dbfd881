//! Reading the store without writing it: the read-only open used by `marsad serve`, and the
//! look-ups a reader needs one at a time (a document's mentions, one event, a light list of
//! documents) instead of walking everything.

use crate::{DB_FILE, RowError, Store, StoreError, schema};
use marsad_model::{DocId, Outlet, Published};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::Path;

/// A stored document without its text and original bytes: enough to list and filter documents.
#[derive(Debug, Clone)]
pub struct DocumentSummary {
    pub id: DocId,
    pub source: String,
    pub url: Option<String>,
    pub outlet: Option<Outlet>,
    pub byline: Option<String>,
    pub headline: Option<String>,
    pub published: Option<Published>,
    /// Length of the clean text, in chars.
    pub chars: u64,
}

impl Store {
    /// Opens an existing store for reading only: nothing is created, migrated or written, and
    /// SQLite refuses any write. A store made by an older marsad must be brought up to date by
    /// a writer first (`marsad ingest`), since a reader cannot migrate it.
    pub fn open_read_only(dir: &Path) -> Result<Store, StoreError> {
        let path = dir.join(DB_FILE);
        if !path.is_file() {
            return Err(StoreError::Io {
                path,
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no database here (run `marsad ingest` first, or pass --db)"),
            });
        }
        let at = |e| StoreError::Sqlite { path: path.clone(), source: e };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&path, flags).map_err(at)?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(at)?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(at)?;
        if found > schema::VERSION {
            return Err(StoreError::TooNew { path, found, known: schema::VERSION });
        }
        if found < schema::VERSION {
            return Err(StoreError::Corrupt {
                path,
                what: format!("schema version {found} is older than this marsad's ({}); run `marsad ingest` once to bring it up to date", schema::VERSION),
            });
        }
        Ok(Store { conn, path })
    }

    /// A number that changes whenever another connection commits to the database: a reader
    /// that caches what it read compares it to know when to read again.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn.query_row("PRAGMA data_version", [], |r| r.get(0)).map_err(self.err())
    }

    /// Calls `f` on every stored document's summary, in id order, without reading texts.
    pub fn for_each_document_summary<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(DocumentSummary) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, source, url, outlet_id, outlet_ar, outlet_en, byline, headline, published, length(text)
                 FROM documents ORDER BY id",
            )
            .map_err(self.err())?;
        let mut rows = stmt.query([]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            let summary = summary_at(row).map_err(|e| match e {
                RowError::Sql(e) => StoreError::Sqlite { path: self.path.clone(), source: e },
                RowError::Corrupt(what) => StoreError::Corrupt { path: self.path.clone(), what },
            })?;
            f(summary)?;
        }
        Ok(())
    }

    /// The JSON of every mention in document `id`, in position order.
    pub fn mentions_of(&self, id: DocId) -> Result<Vec<String>, StoreError> {
        self.json_column("SELECT json FROM mentions WHERE doc_id = ?1 ORDER BY seq", id.0 as i64)
    }

    /// The document and JSON of the document-level event with this id (`e{id}` in exports).
    pub fn event(&self, id: u64) -> Result<Option<(DocId, String)>, StoreError> {
        self.conn
            .query_row("SELECT doc_id, json FROM events WHERE id = ?1", [id as i64], |r| {
                Ok((DocId(r.get::<_, i64>(0)? as u64), r.get::<_, String>(1)?))
            })
            .optional()
            .map_err(self.err())
    }

    fn json_column(&self, sql: &str, key: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(sql).map_err(self.err())?;
        let rows = stmt.query_map([key], |r| r.get::<_, String>(0)).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }
}

fn summary_at(row: &rusqlite::Row) -> Result<DocumentSummary, RowError> {
    let id = row.get::<_, i64>(0)? as u64;
    let outlet = match (row.get::<_, Option<String>>(3)?, row.get::<_, Option<String>>(4)?, row.get::<_, Option<String>>(5)?) {
        (Some(id), Some(ar), Some(en)) => Some(Outlet { id, ar, en }),
        _ => None,
    };
    let published = row
        .get::<_, Option<String>>(8)?
        .map(|p| serde_json::from_str(&p).map_err(|e| RowError::Corrupt(format!("document {id}: column published: {e}"))))
        .transpose()?;
    Ok(DocumentSummary {
        id: DocId(id),
        source: row.get(1)?,
        url: row.get(2)?,
        outlet,
        byline: row.get(6)?,
        headline: row.get(7)?,
        published,
        chars: row.get::<_, i64>(9)? as u64,
    })
}
