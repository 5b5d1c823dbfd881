//! The SQLite backend: one file in the `--db` folder, WAL so readers work during an ingest.

use crate::read::{LikenessColumns, SELECT_LIKENESS, SELECT_SUMMARY, SummaryColumns};
use crate::{
    DB_FILE, DocumentColumns, DocumentSummary, PutOutcome, Record, SELECT_DOCUMENT, SELECT_EVENT_DATES, SELECT_EVENT_WITH_TEXT, StoreError, StoredDocument, TxKind, Wording, content_key, json, DocumentLikeness,
    key, schema,
};
use marsad_model::DocId;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::{Path, PathBuf};

/// The pages SQLite keeps in its own cache, in KiB (given negative, as SQLite takes a size),
/// rather than its default of 2 MB: the cross-document stage reads events by id all over the
/// store, and with the default every lookup read its way down the tree again, page by page,
/// one system call each (a third of the stage's time at 300,000 documents).
const PAGE_CACHE_KIB: i64 = -65_536;

pub(crate) struct Sqlite {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

impl Sqlite {
    pub(crate) fn open(dir: &Path) -> Result<Sqlite, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io { path: dir.to_path_buf(), source: e })?;
        let path = dir.join(DB_FILE);
        let at = |e| StoreError::Sqlite { path: path.clone(), source: e };
        let mut conn = Connection::open(&path).map_err(at)?;
        // First, so that two processes opening a new store together wait for each other.
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(at)?;
        // WAL keeps readers (export, serve) working during ingest; FULL syncs each commit so a
        // committed batch survives a power cut, and batches amortise the cost.
        // Switching a new file to WAL takes it whole, and SQLite answers "busy" at once, past
        // the busy timeout, to another process doing the same at that moment: try again.
        let mut waited = std::time::Duration::ZERO;
        while let Err(e) = conn.pragma_update(None, "journal_mode", "WAL") {
            let busy = e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy);
            if !busy || waited >= std::time::Duration::from_secs(30) {
                return Err(at(e));
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
            waited += std::time::Duration::from_millis(20);
        }
        conn.pragma_update(None, "synchronous", "FULL").map_err(at)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(at)?;
        conn.pragma_update(None, "cache_size", PAGE_CACHE_KIB).map_err(at)?;
        stable_plans(&conn).map_err(at)?;
        schema::migrate(&mut conn).map_err(|e| e.at(&path))?;
        Ok(Sqlite { conn, path })
    }

    pub(crate) fn open_read_only(dir: &Path) -> Result<Sqlite, StoreError> {
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
        conn.pragma_update(None, "cache_size", PAGE_CACHE_KIB).map_err(at)?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(at)?;
        schema::check_readable(found).map_err(|e| e.named(&path.display().to_string()))?;
        stable_plans(&conn).map_err(at)?;
        Ok(Sqlite { conn, path })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| StoreError::Sqlite { path: self.path.clone(), source: e }
    }

    fn corrupt(&self, what: String) -> StoreError {
        StoreError::Corrupt { db: self.path.display().to_string(), what }
    }

    /// Runs `body` as one write transaction, or as a savepoint inside `atomically`. A
    /// transaction of its own is IMMEDIATE: one that read before writing could not wait for
    /// another writer (SQLite answers "database is locked" at once), and two ingests may run.
    fn write<T>(&mut self, body: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, StoreError> {
        let (begin, end, undo) = if self.conn.is_autocommit() {
            ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
        } else {
            ("SAVEPOINT marsad_write", "RELEASE marsad_write", "ROLLBACK TO marsad_write; RELEASE marsad_write")
        };
        let conn = &self.conn;
        let result = conn.execute_batch(begin).and_then(|()| body(conn)).and_then(|value| conn.execute_batch(end).map(|()| value));
        result.map_err(|e| {
            // SQLite has already rolled back after some errors.
            if !conn.is_autocommit() {
                let _ = conn.execute_batch(undo);
            }
            StoreError::Sqlite { path: self.path.clone(), source: e }
        })
    }

    pub(crate) fn put_batch(&mut self, records: &[Record]) -> Result<Vec<PutOutcome>, StoreError> {
        self.write(|tx| put_batch(tx, records))
    }

    pub(crate) fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)).map_err(self.err())?;
        Ok(n as u64)
    }
    pub(crate) fn for_each_document_after<E: From<StoreError>>(
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

    pub(crate) fn events_of(&self, doc: DocId) -> Result<Vec<(u64, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT id, json FROM events WHERE doc_id = ?1 ORDER BY seq").map_err(self.err())?;
        let mut rows = stmt.query([doc.0 as i64]).map_err(self.err())?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(self.err())? {
            let id: i64 = row.get(0).map_err(self.err())?;
            out.push((id as u64, self.json_at(row, 1)?));
        }
        Ok(out)
    }

    pub(crate) fn entities_of(&self, doc: DocId) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, entity_id FROM mentions WHERE doc_id = ?1 AND entity_id IS NOT NULL ORDER BY seq")
            .map_err(self.err())?;
        let rows = stmt.query_map([doc.0 as i64], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    pub(crate) fn document(&self, id: DocId) -> Result<Option<StoredDocument>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!("{SELECT_DOCUMENT} WHERE id = ?1")).map_err(self.err())?;
        let mut rows = stmt.query([id.0 as i64]).map_err(self.err())?;
        rows.next().map_err(self.err())?.map(|row| self.document_at(row)).transpose()
    }

    pub(crate) fn text(&self, id: DocId) -> Result<Option<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT text FROM documents WHERE id = ?1").map_err(self.err())?;
        let mut rows = stmt.query([id.0 as i64]).map_err(self.err())?;
        rows.next().map_err(self.err())?.map(|row| row.get::<_, String>(0)).transpose().map_err(self.err())
    }

    pub(crate) fn is_dated(&self, id: DocId) -> Result<bool, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT published IS NOT NULL FROM documents WHERE id = ?1").map_err(self.err())?;
        let mut rows = stmt.query([id.0 as i64]).map_err(self.err())?;
        Ok(rows.next().map_err(self.err())?.map(|row| row.get::<_, bool>(0)).transpose().map_err(self.err())?.unwrap_or(false))
    }

    pub(crate) fn is_stored(&self, key: &[u8; 32]) -> Result<bool, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT 1 FROM documents WHERE content_key = ?1").map_err(self.err())?;
        stmt.exists([&key[..]]).map_err(self.err())
    }

    fn document_at(&self, row: &rusqlite::Row) -> Result<StoredDocument, StoreError> {
        let get = || -> rusqlite::Result<DocumentColumns> { Ok(crate::document_columns!(row.get)) };
        get().map_err(self.err())?.read().map_err(|what| self.corrupt(what))
    }

    pub(crate) fn for_each_mention<E: From<StoreError>>(&self, mut f: impl FnMut(DocId, &str) -> Result<(), E>) -> Result<(), E> {
        let mut stmt = self.conn.prepare("SELECT doc_id, packed FROM mention_lists ORDER BY doc_id").map_err(self.err())?;
        let mut rows = stmt.query([]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            let id: i64 = row.get(0).map_err(self.err())?;
            for json in self.list_at(row, 1)? {
                f(DocId(id as u64), &json)?;
            }
        }
        Ok(())
    }

    /// The JSON of a value [`packed`](crate::packed) in column `at`.
    fn json_at(&self, row: &rusqlite::Row, at: usize) -> Result<String, StoreError> {
        self.unpacked_at(row, at, crate::packed::unpack)
    }

    /// The items of a list [`packed`](crate::packed) in column `at`.
    fn list_at(&self, row: &rusqlite::Row, at: usize) -> Result<Vec<String>, StoreError> {
        self.unpacked_at(row, at, crate::packed::unpack_list)
    }

    /// Column `at` (TEXT as stored before packing, or BLOB) read by `unpack`.
    fn unpacked_at<T>(&self, row: &rusqlite::Row, at: usize, unpack: fn(&[u8]) -> Result<T, String>) -> Result<T, StoreError> {
        let bytes = row.get_ref(at).map_err(self.err())?.as_bytes().map_err(|e| self.err()(e.into()))?;
        unpack(bytes).map_err(|what| self.corrupt(what))
    }

    pub(crate) fn redo_document(&mut self, id: DocId, record: &Record) -> Result<(), StoreError> {
        self.write(|tx| {
            let id = id.0 as i64;
            tx.execute("UPDATE documents SET published = ?2 WHERE id = ?1", params![id, record.doc.published.as_ref().map(json)])?;
            tx.execute("DELETE FROM mentions WHERE doc_id = ?1", [id])?;
            tx.execute("DELETE FROM mention_lists WHERE doc_id = ?1", [id])?;
            tx.execute("DELETE FROM events WHERE doc_id = ?1", [id])?;
            Derived::prepare(tx)?.insert(id, record)
        })
    }

    pub(crate) fn in_transaction(&self) -> bool {
        !self.conn.is_autocommit()
    }

    pub(crate) fn clear_crossdoc(&mut self) -> Result<(), StoreError> {
        self.write(|tx| tx.execute("DELETE FROM crossdoc", []).map(drop))
    }

    pub(crate) fn append_crossdoc(&mut self, first_seq: u64, records: &[(&str, String)]) -> Result<(), StoreError> {
        self.write(|tx| {
            let mut insert = tx.prepare_cached("INSERT INTO crossdoc (kind, seq, json) VALUES (?1, ?2, ?3)")?;
            for (seq, (kind, json)) in (first_seq..).zip(records) {
                insert.execute(params![kind, seq as i64, crate::Packed::json(json).as_bytes()])?;
            }
            Ok(())
        })
    }

    pub(crate) fn crossdoc_written(&mut self, over: u64) -> Result<(), StoreError> {
        self.write(|tx| tx.execute("UPDATE state SET value = ?1 WHERE name = 'crossdoc_over'", [over as i64]).map(drop))
    }

    pub(crate) fn documents_version(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row("SELECT coalesce(max(id), 0) FROM documents", [], |r| r.get(0)).map_err(self.err())?;
        Ok(n as u64)
    }

    pub(crate) fn crossdoc_over(&self) -> Result<u64, StoreError> {
        let over: i64 =
            self.conn.query_row("SELECT value FROM state WHERE name = 'crossdoc_over'", [], |r| r.get(0)).map_err(self.err())?;
        Ok(over as u64)
    }

    pub(crate) fn begin(&mut self, kind: TxKind) -> Result<(), StoreError> {
        // IMMEDIATE takes the write lock at once: a concurrent writer waits (busy timeout) before
        // the work instead of this commit failing after it.
        let begin = match kind {
            TxKind::Rebuild => "BEGIN IMMEDIATE",
            TxKind::Snapshot => "BEGIN DEFERRED",
        };
        self.conn.execute_batch(begin).map_err(self.err())
    }

    pub(crate) fn commit(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch("COMMIT").map_err(self.err())
    }

    pub(crate) fn rollback(&mut self) {
        // SQLite has already rolled back after some errors.
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }

    pub(crate) fn for_each_crossdoc<E: From<StoreError>>(&self, kind: &str, mut f: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        let mut stmt = self.conn.prepare("SELECT json FROM crossdoc WHERE kind = ?1 ORDER BY seq").map_err(self.err())?;
        let mut rows = stmt.query([kind]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            f(&self.json_at(row, 0)?)?;
        }
        Ok(())
    }

    pub(crate) fn for_each_event<E: From<StoreError>>(&self, mut f: impl FnMut(u64, DocId, &str) -> Result<(), E>) -> Result<(), E> {
        let mut stmt = self.conn.prepare("SELECT id, doc_id, json FROM events ORDER BY id").map_err(self.err())?;
        let mut rows = stmt.query([]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            let id: i64 = row.get(0).map_err(self.err())?;
            let doc: i64 = row.get(1).map_err(self.err())?;
            f(id as u64, DocId(doc as u64), &self.json_at(row, 2)?)?;
        }
        Ok(())
    }

    pub(crate) fn for_each_event_dated<E: From<StoreError>>(
        &self,
        dates: Option<(&str, &str)>,
        mut f: impl FnMut(u64, DocId, &str, Wording) -> Result<(), E>,
    ) -> Result<(), E> {
        let (filter, params): (&str, Vec<&str>) = match dates {
            Some((from, until)) => ("WHERE e.start >= ?1 AND e.start < ?2 ORDER BY e.start, e.doc_id, e.id", vec![from, until]),
            None => ("WHERE e.start IS NULL ORDER BY e.id", vec![]),
        };
        let mut stmt = self.conn.prepare_cached(&format!("{SELECT_EVENT_WITH_TEXT} {filter}")).map_err(self.err())?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params)).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            let id: i64 = row.get(0).map_err(self.err())?;
            let doc: i64 = row.get(1).map_err(self.err())?;
            let json = self.json_at(row, 2)?;
            let wording = self.wording_at(row, 3)?;
            f(id as u64, DocId(doc as u64), &json, wording)?;
        }
        Ok(())
    }

    /// The [`Wording`] in columns `at` (word keys) and `at + 1` (the text where they are none).
    fn wording_at(&self, row: &rusqlite::Row, at: usize) -> Result<Wording, StoreError> {
        let words: Option<Vec<u8>> = row.get(at).map_err(self.err())?;
        let text: Option<String> = row.get(at + 1).map_err(self.err())?;
        crate::wording(words, text).map_err(|what| self.corrupt(what))
    }

    pub(crate) fn for_each_document_likeness<E: From<StoreError>>(&self, mut f: impl FnMut(DocumentLikeness) -> Result<(), E>) -> Result<(), E> {
        let mut stmt = self.conn.prepare(&format!("{SELECT_LIKENESS} ORDER BY d.id")).map_err(self.err())?;
        let mut rows = stmt.query([]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            let get = || -> rusqlite::Result<LikenessColumns> { Ok(crate::read::likeness_columns!(row.get)) };
            f(get().map_err(self.err())?.read().map_err(|what| self.corrupt(what))?)?;
        }
        Ok(())
    }

    pub(crate) fn events_with_words_of(&self, doc: DocId) -> Result<Vec<(u64, String, Wording)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!("{SELECT_EVENT_WITH_TEXT} WHERE e.doc_id = ?1 ORDER BY e.seq")).map_err(self.err())?;
        let mut rows = stmt.query([doc.0 as i64]).map_err(self.err())?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(self.err())? {
            let id: i64 = row.get(0).map_err(self.err())?;
            out.push((id as u64, self.json_at(row, 2)?, self.wording_at(row, 3)?));
        }
        Ok(out)
    }

    pub(crate) fn event_with_words(&self, id: u64) -> Result<Option<(DocId, String, Wording)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!("{SELECT_EVENT_WITH_TEXT} WHERE e.id = ?1")).map_err(self.err())?;
        let mut rows = stmt.query([id as i64]).map_err(self.err())?;
        let Some(row) = rows.next().map_err(self.err())? else { return Ok(None) };
        let doc: i64 = row.get(1).map_err(self.err())?;
        Ok(Some((DocId(doc as u64), self.json_at(row, 2)?, self.wording_at(row, 3)?)))
    }

    pub(crate) fn event_dates(&self) -> Result<Option<(String, String)>, StoreError> {
        let (first, last): (Option<String>, Option<String>) =
            self.conn.query_row(SELECT_EVENT_DATES, [], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.err())?;
        Ok(first.zip(last))
    }

    pub(crate) fn data_version(&self) -> Result<i64, StoreError> {
        self.conn.query_row("PRAGMA data_version", [], |r| r.get(0)).map_err(self.err())
    }

    pub(crate) fn for_each_document_summary<E: From<StoreError>>(&self, mut f: impl FnMut(DocumentSummary) -> Result<(), E>) -> Result<(), E> {
        let mut stmt = self.conn.prepare(&format!("{SELECT_SUMMARY} ORDER BY id")).map_err(self.err())?;
        let mut rows = stmt.query([]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            let get = || -> rusqlite::Result<SummaryColumns> { Ok(crate::read::summary_columns!(row.get)) };
            let summary = get().map_err(self.err())?.read().map_err(|what| self.corrupt(what))?;
            f(summary)?;
        }
        Ok(())
    }

    pub(crate) fn mentions_of(&self, id: DocId) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT packed FROM mention_lists WHERE doc_id = ?1").map_err(self.err())?;
        let mut rows = stmt.query([id.0 as i64]).map_err(self.err())?;
        match rows.next().map_err(self.err())? {
            Some(row) => self.list_at(row, 0),
            None => Ok(Vec::new()),
        }
    }

    pub(crate) fn event(&self, id: u64) -> Result<Option<(DocId, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT doc_id, json FROM events WHERE id = ?1").map_err(self.err())?;
        let mut rows = stmt.query([id as i64]).map_err(self.err())?;
        let Some(row) = rows.next().map_err(self.err())? else { return Ok(None) };
        let doc: i64 = row.get(0).map_err(self.err())?;
        Ok(Some((DocId(doc as u64), self.json_at(row, 1)?)))
    }
}

/// Keeps a cached statement's query plan whatever values are bound to it. SQLite as built here
/// (with STAT4) otherwise prepares a statement again each time a parameter compared with an
/// indexed column changes value: the rebuild's per-document and per-event reads spent 6% of
/// their time in the SQL parser.
fn stable_plans(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).map(drop)
}

/// One batch, inside the transaction [`Sqlite::write`] opened.
fn put_batch(tx: &Connection, records: &[Record]) -> rusqlite::Result<Vec<PutOutcome>> {
    let mut outcomes = Vec::with_capacity(records.len());
    let mut find = tx.prepare_cached("SELECT id FROM documents WHERE content_key = ?1")?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO documents (content_key, source, format, encoding, encoding_basis, url,
           outlet_id, outlet_ar, outlet_en, byline, headline, published, text,
           boilerplate, offsets, original, original_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    let mut like = tx.prepare_cached("INSERT INTO likenesses (doc_id, body_start, signature) VALUES (?1, ?2, ?3)")?;
    let mut seen = tx.prepare_cached("INSERT OR IGNORE INTO sightings (doc_id, source) VALUES (?1, ?2)")?;
    let mut derived = Derived::prepare(tx)?;
    for record in records {
        let Record { doc, likeness, .. } = record;
        let key = content_key(doc);
        let source = doc.source.to_string();
        let existing: Option<i64> = find.query_row([&key[..]], |r| r.get(0)).optional()?;
        let outcome = match existing {
            Some(id) => PutOutcome::AlreadyStored(DocId(id as u64)),
            None => {
                insert.execute(params![
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
                ])?;
                let id = tx.last_insert_rowid();
                if let Some(l) = likeness {
                    like.execute(params![id, l.body_start as i64, l.blob()])?;
                }
                derived.insert(id, record)?;
                PutOutcome::New(DocId(id as u64))
            }
        };
        let (PutOutcome::New(id) | PutOutcome::AlreadyStored(id)) = outcome;
        seen.execute(params![id.0 as i64, source])?;
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

/// The statements that store what is derived from a document: its mentions (rows to filter
/// on, and the list of their JSON packed in one value) and its events (JSON packed), as the
/// record brings them.
struct Derived<'c> {
    mention: rusqlite::CachedStatement<'c>,
    list: rusqlite::CachedStatement<'c>,
    event: rusqlite::CachedStatement<'c>,
}

impl<'c> Derived<'c> {
    fn prepare(tx: &'c Connection) -> rusqlite::Result<Derived<'c>> {
        Ok(Derived {
            mention: tx.prepare_cached(
                "INSERT INTO mentions (doc_id, seq, kind, start, \"end\", entity_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            list: tx.prepare_cached("INSERT INTO mention_lists (doc_id, packed) VALUES (?1, ?2)")?,
            event: tx.prepare_cached(
                "INSERT INTO events (doc_id, seq, sub_type, place_id, start, \"end\", json, words)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
        })
    }

    /// Stores the mentions and events of `record`, stored as document `id`.
    fn insert(&mut self, id: i64, record: &Record) -> rusqlite::Result<()> {
        for (seq, m) in record.mentions.rows().iter().enumerate() {
            self.mention.execute(params![id, seq as i64, m.kind, m.span.start(), m.span.end(), m.entity_id])?;
        }
        if let Some(list) = record.mentions.list() {
            self.list.execute(params![id, list.as_bytes()])?;
        }
        for (seq, e) in record.events.iter().enumerate() {
            self.event.execute(params![
                id,
                seq as i64,
                e.sub_type,
                e.place_id,
                e.start,
                e.end,
                e.json.as_bytes(),
                crate::words_blob(&e.words)
            ])?;
        }
        Ok(())
    }
}
