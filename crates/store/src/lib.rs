//! Store stage: the embedded database (SQLite) that keeps every document once, durably.
//!
//! A document is keyed by [`content_key`], a hash of its body's matching key, so the same
//! article read again from another file, format or encoding is recognised and not stored twice.
//! Each batch of documents is written in one transaction: after a crash a document is either
//! there with everything derived from it, or not there at all.

mod error;
pub mod happening;
mod key;
mod read;
mod schema;

pub use error::StoreError;
pub use happening::{Happenings, MergedMembers, Standing};
pub use key::content_key;
pub use read::DocumentSummary;

use marsad_model::{DocId, Document, EncodingUsed, Format, OffsetMap, Outlet, Published, SourceRef, Span};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};

/// The database file inside a `--db` folder.
pub const DB_FILE: &str = "marsad.sqlite";

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A document and everything derived from it, stored together or not at all.
#[derive(Debug, Clone)]
pub struct Record {
    pub doc: Document,
    pub mentions: Vec<MentionRow>,
    pub events: Vec<EventRow>,
}

impl Record {
    pub fn new(doc: Document) -> Record {
        Record { doc, mentions: Vec::new(), events: Vec::new() }
    }
}

/// An event coded from one document, as the store keeps it: the columns queries filter on,
/// and the whole event as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub sub_type: String,
    pub place_id: Option<String>,
    /// ISO dates, when the event is dated.
    pub start: Option<String>,
    pub end: Option<String>,
    pub json: String,
}

/// A mention as the store keeps it: the columns queries filter on, and the whole mention as
/// JSON (the entities stage's own shape, written out as it is by the export).
#[derive(Debug, Clone, PartialEq)]
pub struct MentionRow {
    /// `place`, `actor`, `source`, `person`.
    pub kind: String,
    pub span: Span,
    pub entity_id: Option<String>,
    pub json: String,
}

/// What happened to a document handed to [`Store::put_batch`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    New(DocId),
    /// The same article (same content key) was already stored under this id.
    AlreadyStored(DocId),
}

/// A document as stored: its id, the document, and its content key as hex.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub id: DocId,
    pub key_hex: String,
    pub doc: Document,
}

impl Store {
    /// Opens the store in `dir`, creating the folder and database on first use and bringing an
    /// older schema up to date.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io { path: dir.to_path_buf(), source: e })?;
        let path = dir.join(DB_FILE);
        let at = |e| StoreError::Sqlite { path: path.clone(), source: e };
        let mut conn = Connection::open(&path).map_err(at)?;
        // WAL keeps readers (export, serve) working during ingest; FULL syncs each commit so a
        // committed batch survives a power cut, and batches amortise the cost.
        conn.pragma_update(None, "journal_mode", "WAL").map_err(at)?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(at)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(at)?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(at)?;
        schema::migrate(&mut conn).map_err(|e| e.at(&path))?;
        Ok(Store { conn, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| StoreError::Sqlite { path: self.path.clone(), source: e }
    }

    /// Stores a batch of records in one transaction. A document whose content key is already
    /// stored (earlier, or earlier in the same batch) is not stored again, nor is anything
    /// derived from it; its source is noted as another place the article was seen.
    pub fn put_batch(&mut self, records: &[Record]) -> Result<Vec<PutOutcome>, StoreError> {
        let path = self.path.clone();
        let at = |e| StoreError::Sqlite { path: path.clone(), source: e };
        let tx = self.conn.savepoint().map_err(at)?;
        let mut outcomes = Vec::with_capacity(records.len());
        {
            let mut find = tx.prepare_cached("SELECT id FROM documents WHERE content_key = ?1").map_err(at)?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO documents (content_key, source, format, encoding, encoding_basis, url,
                       outlet_id, outlet_ar, outlet_en, byline, headline, published, text,
                       boilerplate, offsets, original, original_sha256)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                )
                .map_err(at)?;
            let mut seen = tx
                .prepare_cached("INSERT OR IGNORE INTO sightings (doc_id, source) VALUES (?1, ?2)")
                .map_err(at)?;
            let mut mention = tx
                .prepare_cached(
                    "INSERT INTO mentions (doc_id, seq, kind, start, \"end\", entity_id, json)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(at)?;
            let mut event = tx
                .prepare_cached(
                    "INSERT INTO events (doc_id, seq, sub_type, place_id, start, \"end\", json)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(at)?;
            for Record { doc, mentions, events } in records {
                let key = content_key(doc);
                let source = doc.source.to_string();
                let existing: Option<i64> = find.query_row([&key[..]], |r| r.get(0)).optional().map_err(at)?;
                let outcome = match existing {
                    Some(id) => PutOutcome::AlreadyStored(DocId(id as u64)),
                    None => {
                        insert
                            .execute(params![
                                &key[..],
                                source,
                                doc.format.as_str(),
                                doc.encoding.name,
                                json(&doc.encoding.basis),
                                doc.url,
                                doc.outlet.as_ref().map(|o| &o.id),
                                doc.outlet.as_ref().map(|o| &o.ar),
                                doc.outlet.as_ref().map(|o| &o.en),
                                doc.byline,
                                doc.headline,
                                doc.published.as_ref().map(json),
                                doc.text,
                                json(&doc.boilerplate_removed),
                                json(&doc.offsets),
                                doc.original,
                                &key::sha256(&doc.original)[..],
                            ])
                            .map_err(at)?;
                        let id = tx.last_insert_rowid();
                        for (seq, m) in mentions.iter().enumerate() {
                            mention
                                .execute(params![id, seq as i64, m.kind, m.span.start(), m.span.end(), m.entity_id, m.json])
                                .map_err(at)?;
                        }
                        for (seq, e) in events.iter().enumerate() {
                            event
                                .execute(params![id, seq as i64, e.sub_type, e.place_id, e.start, e.end, e.json])
                                .map_err(at)?;
                        }
                        PutOutcome::New(DocId(id as u64))
                    }
                };
                let id = match outcome {
                    PutOutcome::New(id) | PutOutcome::AlreadyStored(id) => id,
                };
                seen.execute(params![id.0 as i64, source]).map_err(at)?;
                outcomes.push(outcome);
            }
        }
        tx.commit().map_err(at)?;
        Ok(outcomes)
    }

    /// How many documents are stored.
    pub fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)).map_err(self.err())?;
        Ok(n as u64)
    }

    /// Calls `f` on every stored document in id order, without holding them all in memory.
    /// `f`'s own errors (a failed write, say) stop the walk and are returned as they are.
    pub fn for_each_document<E: From<StoreError>>(
        &self,
        f: impl FnMut(StoredDocument) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_document_after(None, f)
    }

    /// Like [`Store::for_each_document`], over the documents stored after `after` (ids greater
    /// than it; all of them for `None`): what a follower such as the search index has not seen.
    pub fn for_each_document_after<E: From<StoreError>>(
        &self,
        after: Option<DocId>,
        mut f: impl FnMut(StoredDocument) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self.conn.prepare(&format!("{SELECT_DOCUMENT} WHERE id > ?1 ORDER BY id")).map_err(self.err())?;
        let after = after.map_or(0, |d| d.0 as i64);
        let mut rows = stmt.query([after]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            f(self.document_at(row)?)?;
        }
        Ok(())
    }

    /// The events coded from one document, as (event id, JSON), in the document's order.
    pub fn events_of(&self, doc: DocId) -> Result<Vec<(u64, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT id, json FROM events WHERE doc_id = ?1 ORDER BY seq").map_err(self.err())?;
        let rows = stmt.query_map([doc.0 as i64], |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, String>(1)?))).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// The resolved entities one document mentions, as (kind, entity id), in text order;
    /// unresolved mentions are left out.
    pub fn entities_of(&self, doc: DocId) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, entity_id FROM mentions WHERE doc_id = ?1 AND entity_id IS NOT NULL ORDER BY seq")
            .map_err(self.err())?;
        let rows = stmt.query_map([doc.0 as i64], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// The stored document with this id, if there is one.
    pub fn document(&self, id: DocId) -> Result<Option<StoredDocument>, StoreError> {
        let mut stmt = self.conn.prepare(&format!("{SELECT_DOCUMENT} WHERE id = ?1")).map_err(self.err())?;
        let mut rows = stmt.query([id.0 as i64]).map_err(self.err())?;
        rows.next().map_err(self.err())?.map(|row| self.document_at(row)).transpose()
    }

    /// Whether the document with this id has a publication date (false for an unknown id):
    /// one column, without reading the document.
    pub fn is_dated(&self, id: DocId) -> Result<bool, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT published IS NOT NULL FROM documents WHERE id = ?1").map_err(self.err())?;
        let mut rows = stmt.query([id.0 as i64]).map_err(self.err())?;
        Ok(rows.next().map_err(self.err())?.map(|row| row.get::<_, bool>(0)).transpose().map_err(self.err())?.unwrap_or(false))
    }

    fn document_at(&self, row: &rusqlite::Row) -> Result<StoredDocument, StoreError> {
        read_row(row).map_err(|e| match e {
            RowError::Sql(e) => StoreError::Sqlite { path: self.path.clone(), source: e },
            RowError::Corrupt(what) => StoreError::Corrupt { path: self.path.clone(), what },
        })
    }
}

/// Every column [`read_row`] reads, in its order.
const SELECT_DOCUMENT: &str = "SELECT id, content_key, source, format, encoding, encoding_basis, url, outlet_id,
        outlet_ar, outlet_en, byline, headline, published, text, boilerplate, offsets, original
 FROM documents";

impl Store {
    /// Calls `f` with each stored mention's document id and JSON, by document then position.
    pub fn for_each_mention<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(DocId, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare("SELECT doc_id, json FROM mentions ORDER BY doc_id, seq")
            .map_err(self.err())?;
        let mut rows = stmt.query([]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            let id: i64 = row.get(0).map_err(self.err())?;
            let json: String = row.get(1).map_err(self.err())?;
            f(DocId(id as u64), &json)?;
        }
        Ok(())
    }
}

impl Store {
    /// Replaces what is derived from a stored document (its publication date, mentions and
    /// events) with `record`'s, in one transaction: used when a document's date is learnt
    /// later, from its story. The document's text and identity do not change.
    pub fn redo_document(&mut self, id: DocId, record: &Record) -> Result<(), StoreError> {
        let path = self.path.clone();
        let at = |e| StoreError::Sqlite { path: path.clone(), source: e };
        let tx = self.conn.savepoint().map_err(at)?;
        let id = id.0 as i64;
        tx.execute("UPDATE documents SET published = ?2 WHERE id = ?1", params![id, record.doc.published.as_ref().map(json)]).map_err(at)?;
        tx.execute("DELETE FROM mentions WHERE doc_id = ?1", [id]).map_err(at)?;
        tx.execute("DELETE FROM events WHERE doc_id = ?1", [id]).map_err(at)?;
        for (seq, m) in record.mentions.iter().enumerate() {
            tx.execute(
                "INSERT INTO mentions (doc_id, seq, kind, start, \"end\", entity_id, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, seq as i64, m.kind, m.span.start(), m.span.end(), m.entity_id, m.json],
            )
            .map_err(at)?;
        }
        for (seq, e) in record.events.iter().enumerate() {
            tx.execute(
                "INSERT INTO events (doc_id, seq, sub_type, place_id, start, \"end\", json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, seq as i64, e.sub_type, e.place_id, e.start, e.end, e.json],
            )
            .map_err(at)?;
        }
        tx.commit().map_err(at)
    }
}

/// The kinds of cross-document records, in the order they are exported.
pub const CROSSDOC_KINDS: &[&str] = &["near_duplicate", "story", "merged_event", "contradiction"];

impl Store {
    /// Replaces every cross-document record with `records` (kind, JSON), computed over the
    /// documents up to id `over` ([`Store::documents_version`] when they were read), in one
    /// transaction: readers see the old set or the new one, never a mix.
    pub fn replace_crossdoc(&mut self, records: &[(&str, String)], over: u64) -> Result<(), StoreError> {
        let path = self.path.clone();
        let at = |e| StoreError::Sqlite { path: path.clone(), source: e };
        let tx = self.conn.savepoint().map_err(at)?;
        tx.execute("DELETE FROM crossdoc", []).map_err(at)?;
        {
            let mut insert = tx.prepare("INSERT INTO crossdoc (kind, seq, json) VALUES (?1, ?2, ?3)").map_err(at)?;
            for (seq, (kind, json)) in records.iter().enumerate() {
                insert.execute(params![kind, seq as i64, json]).map_err(at)?;
            }
        }
        tx.execute("UPDATE state SET value = ?1 WHERE name = 'crossdoc_over'", [over as i64]).map_err(at)?;
        tx.commit().map_err(at)
    }

    /// The highest stored document id (0 for an empty store). Documents are only added, with
    /// growing ids, so this changes exactly when a document is stored.
    pub fn documents_version(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row("SELECT coalesce(max(id), 0) FROM documents", [], |r| r.get(0)).map_err(self.err())?;
        Ok(n as u64)
    }

    /// Whether documents were stored after those the cross-document records were computed
    /// over (by an ingest that stopped before its rebuild, say): the next ingest must rebuild
    /// them even if it stores nothing new.
    pub fn crossdoc_stale(&self) -> Result<bool, StoreError> {
        let over: i64 =
            self.conn.query_row("SELECT value FROM state WHERE name = 'crossdoc_over'", [], |r| r.get(0)).map_err(self.err())?;
        Ok(self.documents_version()? != over as u64)
    }

    /// Runs `f` as one write transaction: everything it writes is committed together when it
    /// returns `Ok`, and nothing of it when it returns an error or the process dies first. The
    /// writes inside (re-read documents, cross-document records) nest as savepoints.
    pub fn atomically<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&mut Store) -> Result<T, E>) -> Result<T, E> {
        // IMMEDIATE takes the write lock at once: a concurrent writer waits (busy timeout) before
        // the work instead of this commit failing after it.
        self.in_transaction("BEGIN IMMEDIATE", f)
    }

    /// Runs `f` on one consistent snapshot of the store: documents and events read inside
    /// agree even while another process commits batches.
    pub fn snapshot<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&mut Store) -> Result<T, E>) -> Result<T, E> {
        self.in_transaction("BEGIN DEFERRED", f)
    }

    fn in_transaction<T, E: From<StoreError>>(&mut self, begin: &str, f: impl FnOnce(&mut Store) -> Result<T, E>) -> Result<T, E> {
        let path = self.path.clone();
        let at = |e| StoreError::Sqlite { path: path.clone(), source: e };
        self.conn.execute_batch(begin).map_err(at)?;
        let result = f(self).and_then(|value| self.conn.execute_batch("COMMIT").map(|()| value).map_err(|e| at(e).into()));
        if result.is_err() && !self.conn.is_autocommit() {
            // Undo what `f` wrote (a full disk can fail the COMMIT itself); SQLite has already
            // rolled back after some errors.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        result
    }

    /// Calls `f` with the JSON of each cross-document record of `kind`, in the order stored.
    pub fn for_each_crossdoc<E: From<StoreError>>(&self, kind: &str, mut f: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        let mut stmt = self.conn.prepare("SELECT json FROM crossdoc WHERE kind = ?1 ORDER BY seq").map_err(self.err())?;
        let mut rows = stmt.query([kind]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            let json: String = row.get(0).map_err(self.err())?;
            f(&json)?;
        }
        Ok(())
    }

    /// Calls `f` with each stored event's id, document id and JSON, in id order.
    pub fn for_each_event<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(u64, DocId, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self.conn.prepare("SELECT id, doc_id, json FROM events ORDER BY id").map_err(self.err())?;
        let mut rows = stmt.query([]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            let id: i64 = row.get(0).map_err(self.err())?;
            let doc: i64 = row.get(1).map_err(self.err())?;
            let json: String = row.get(2).map_err(self.err())?;
            f(id as u64, DocId(doc as u64), &json)?;
        }
        Ok(())
    }
}

enum RowError {
    Sql(rusqlite::Error),
    Corrupt(String),
}

impl From<rusqlite::Error> for RowError {
    fn from(e: rusqlite::Error) -> RowError {
        RowError::Sql(e)
    }
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("model types serialize")
}

fn parse<T: serde::de::DeserializeOwned>(id: u64, column: &str, text: &str) -> Result<T, RowError> {
    serde_json::from_str(text).map_err(|e| RowError::Corrupt(format!("document {id}: column {column}: {e}")))
}

fn read_row(row: &rusqlite::Row) -> Result<StoredDocument, RowError> {
    let id = row.get::<_, i64>(0)? as u64;
    let key: Vec<u8> = row.get(1)?;
    let source: String = row.get(2)?;
    let format: String = row.get(3)?;
    let format: Format = parse(id, "format", &format!("\"{format}\""))?;
    let encoding = EncodingUsed { name: row.get(4)?, basis: parse(id, "encoding_basis", &row.get::<_, String>(5)?)? };
    let outlet = match (row.get::<_, Option<String>>(7)?, row.get::<_, Option<String>>(8)?, row.get::<_, Option<String>>(9)?) {
        (Some(id), Some(ar), Some(en)) => Some(Outlet { id, ar, en }),
        _ => None,
    };
    let published: Option<Published> = row.get::<_, Option<String>>(12)?.map(|p| parse(id, "published", &p)).transpose()?;
    let boilerplate: Vec<String> = parse(id, "boilerplate", &row.get::<_, String>(14)?)?;
    let offsets: OffsetMap = parse(id, "offsets", &row.get::<_, String>(15)?)?;
    Ok(StoredDocument {
        id: DocId(id),
        key_hex: key.iter().map(|b| format!("{b:02x}")).collect(),
        doc: Document {
            source: source_ref(&source),
            format,
            encoding,
            url: row.get(6)?,
            outlet,
            byline: row.get(10)?,
            headline: row.get(11)?,
            published,
            text: row.get(13)?,
            boilerplate_removed: boilerplate,
            offsets,
            original: row.get(16)?,
        },
    })
}

/// Reads back `file#N` as written by [`SourceRef`]'s `Display`.
fn source_ref(s: &str) -> SourceRef {
    match s.rsplit_once('#') {
        Some((file, n)) => match n.parse::<u32>() {
            Ok(n) if n > 0 => SourceRef::item(file, n),
            _ => SourceRef::file(s),
        },
        None => SourceRef::file(s),
    }
}

#[cfg(test)]
mod tests;
