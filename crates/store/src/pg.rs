//! The PostgreSQL backend: the same tables and API as SQLite's, shared by ingest workers on
//! several machines.
//!
//! What keeps several writers correct:
//! - a batch takes the write lock (`pg_advisory_xact_lock(WRITE_LOCK)`) for its transaction,
//!   and gives ids as SQLite does, one more than the highest stored. Documents are thus
//!   numbered in the order batches commit, which followers rely on: the search index adds the
//!   documents after the last one it saw, and the cross-document records are stale when a
//!   higher id exists; ids from a sequence, handed out by concurrent transactions, could commit
//!   out of order and a lower one never be seen. The same input also gets the same ids as on
//!   SQLite. Only the writing is serialised: the reading and analysis that make a batch, the
//!   costly part, run in every worker at once;
//! - the unique content key decides which document is new (`ON CONFLICT DO NOTHING`), so an
//!   article two workers read is stored once, and the other records a sighting;
//! - the cross-document rebuild (`Store::atomically`, `replace_crossdoc`, `redo_document`)
//!   holds `REBUILD_LOCK`, so two rebuilds never interleave. `atomically` takes it, and the
//!   write lock, before its REPEATABLE READ transaction starts: the snapshot it reads includes
//!   the rebuild it waited for, and no batch commits under it while it re-reads documents
//!   (as SQLite's `BEGIN IMMEDIATE`). Its first pass, in `snapshot`, holds no lock.
//!
//! Reads that walk a table go by pages (`WHERE id > $last ORDER BY id LIMIT n`), so the
//! callback may use the store itself between pages (the search index reads each document's
//! events while walking the documents) and no walk holds the whole table in memory.

use crate::read::{LikenessColumns, SELECT_LIKENESS, SELECT_SUMMARY, SummaryColumns};
use crate::schema::{PG_MIGRATIONS, VERSION, VersionError, check_readable};
use crate::{
    DocumentColumns, DocumentSummary, EventRow, Mentions, PgLocation, PutOutcome, Record, SELECT_DOCUMENT, SELECT_EVENT_DATES, SELECT_EVENT_WITH_TEXT, StoreError, StoredDocument, TxKind, Wording, DocumentLikeness,
    content_key, json, key,
};
use marsad_model::DocId;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};
use std::cell::RefCell;
use std::collections::HashMap;

/// Advisory lock keys ("marsad" and a number), one per kind of work that must not interleave.
const MIGRATE_LOCK: i64 = 0x6d61_7273_6164_0001;
const WRITE_LOCK: i64 = 0x6d61_7273_6164_0002;
pub(crate) const REBUILD_LOCK: i64 = 0x6d61_7273_6164_0003;

/// Rows read per page when walking a table.
const PAGE: i64 = 500;
/// Documents are large (text and original bytes): fewer per page.
const DOCUMENT_PAGE: i64 = 64;

pub(crate) struct Pg {
    /// Every method of the client takes `&mut`; the store's readers take `&self`. A walk
    /// borrows it only while it fetches a page, never while the caller's callback runs.
    pub(crate) client: RefCell<Client>,
    statements: RefCell<HashMap<String, Statement>>,
    pub(crate) name: String,
    /// Transactions opened by `begin` and not yet ended: 0 outside `atomically` and
    /// `snapshot`; writes inside nest as savepoints.
    depth: usize,
    /// Whether the outermost open transaction holds the session's rebuild and write locks.
    holds_rebuild_lock: bool,
}

impl Pg {
    pub(crate) fn open(location: &PgLocation, read_only: bool) -> Result<Pg, StoreError> {
        let name = location.to_string();
        let fail = |doing| {
            let name = name.clone();
            move |e: postgres::Error| StoreError::postgres(&name, doing, &e)
        };
        let mut client = location.config.connect(NoTls).map_err(fail("connecting"))?;
        let encoding: String = client.query_one("SHOW server_encoding", &[]).map_err(fail("reading the encoding"))?.get(0);
        if encoding != "UTF8" {
            return Err(StoreError::Postgres {
                db: name,
                doing: "checking the encoding",
                message: format!("the database's encoding is {encoding}; Marsad needs UTF8 (createdb -E UTF8 -T template0)"),
            });
        }
        if read_only {
            client.batch_execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY").map_err(fail("opening read-only"))?;
            let exists: bool =
                client.query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[]).map_err(fail("reading the schema version"))?.get(0);
            if !exists {
                return Err(StoreError::Postgres {
                    db: name,
                    doing: "opening read-only",
                    message: "no Marsad store in this database (run `marsad ingest` first, or pass --db)".into(),
                });
            }
            let found: i64 =
                client.query_one("SELECT version FROM schema_version", &[]).map_err(fail("reading the schema version"))?.get(0);
            check_readable(found).map_err(|e| e.named(&name))?;
        } else {
            migrate(&mut client).map_err(|e| match e {
                MigrateError::Sql(e) => StoreError::postgres(&name, "bringing the schema up to date", &e),
                MigrateError::TooNew(found) => VersionError::TooNew(found).named(&name),
            })?;
        }
        Ok(Pg { client: RefCell::new(client), statements: RefCell::new(HashMap::new()), name, depth: 0, holds_rebuild_lock: false })
    }

    fn fail(&self, doing: &'static str) -> impl Fn(postgres::Error) -> StoreError + '_ {
        move |e| StoreError::postgres(&self.name, doing, &e)
    }

    fn corrupt(&self, what: String) -> StoreError {
        StoreError::Corrupt { db: self.name.clone(), what }
    }

    /// The statement for `sql`, prepared once per connection.
    fn statement(client: &mut Client, cache: &RefCell<HashMap<String, Statement>>, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(s) = cache.borrow().get(sql) {
            return Ok(s.clone());
        }
        let s = client.prepare(sql)?;
        cache.borrow_mut().insert(sql.to_string(), s.clone());
        Ok(s)
    }

    fn query(&self, doing: &'static str, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, StoreError> {
        let mut client = self.client.borrow_mut();
        let stmt = Pg::statement(&mut client, &self.statements, sql).map_err(self.fail(doing))?;
        client.query(&stmt, params).map_err(self.fail(doing))
    }

    fn query_opt(&self, doing: &'static str, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>, StoreError> {
        let mut client = self.client.borrow_mut();
        let stmt = Pg::statement(&mut client, &self.statements, sql).map_err(self.fail(doing))?;
        client.query_opt(&stmt, params).map_err(self.fail(doing))
    }

    fn value<T: for<'a> postgres::types::FromSql<'a>>(&self, doing: &'static str, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<T, StoreError> {
        let mut client = self.client.borrow_mut();
        let stmt = Pg::statement(&mut client, &self.statements, sql).map_err(self.fail(doing))?;
        client.query_one(&stmt, params).and_then(|row| row.try_get(0)).map_err(self.fail(doing))
    }

    /// Runs `body` as one transaction holding the advisory `locks`, taken in the order given (a
    /// savepoint when inside `atomically`), committed if it succeeds and rolled back if not.
    fn write<T>(
        &mut self,
        doing: &'static str,
        locks: &[i64],
        body: impl FnOnce(&mut Client, &RefCell<HashMap<String, Statement>>) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        let nested = self.depth > 0;
        let (begin, end, undo) = if nested {
            ("SAVEPOINT marsad_write", "RELEASE SAVEPOINT marsad_write", "ROLLBACK TO SAVEPOINT marsad_write; RELEASE SAVEPOINT marsad_write")
        } else {
            ("BEGIN", "COMMIT", "ROLLBACK")
        };
        let client = self.client.get_mut();
        let result = client
            .batch_execute(begin)
            .and_then(|()| locks.iter().try_for_each(|lock| client.execute("SELECT pg_advisory_xact_lock($1)", &[lock]).map(drop)))
            .and_then(|()| body(client, &self.statements))
            .and_then(|value| client.batch_execute(end).map(|()| value));
        result.map_err(|e| {
            let _ = client.batch_execute(undo);
            StoreError::postgres(&self.name, doing, &e)
        })
    }

    pub(crate) fn put_batch(&mut self, records: &[Record]) -> Result<Vec<PutOutcome>, StoreError> {
        self.write("storing a batch", &[WRITE_LOCK], |client, cache| {
            let (mut next_doc, mut next_event) = next_ids(client)?;
            let find = Pg::statement(client, cache, "SELECT id FROM documents WHERE content_key = $1")?;
            let insert = Pg::statement(
                client,
                cache,
                "INSERT INTO documents (content_key, source, format, encoding, encoding_basis, url,
                   outlet_id, outlet_ar, outlet_en, byline, headline, published, text,
                   boilerplate, offsets, original, original_sha256, id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
                 ON CONFLICT (content_key) DO NOTHING
                 RETURNING id",
            )?;
            let seen = Pg::statement(client, cache, "INSERT INTO sightings (doc_id, source) VALUES ($1, $2) ON CONFLICT DO NOTHING")?;
            let mut outcomes = Vec::with_capacity(records.len());
            for Record { doc, mentions, events, likeness } in records {
                let key = content_key(doc);
                let source = doc.source.to_string();
                // Looked up first: an article seen again is not sent to the server whole.
                let outcome = match client.query_opt(&find, &[&&key[..]])? {
                    Some(row) => PutOutcome::AlreadyStored(DocId(row.get::<_, i64>(0) as u64)),
                    None => {
                        let inserted = client.query_opt(
                            &insert,
                            &[
                                &&key[..],
                                &source,
                                &doc.format.as_str(),
                                &doc.encoding.name,
                                &json(&doc.encoding.basis),
                                &doc.url,
                                &doc.outlet.as_ref().map(|o| o.id.as_str()),
                                &doc.outlet.as_ref().map(|o| o.ar.as_str()),
                                &doc.outlet.as_ref().map(|o| o.en.as_str()),
                                &doc.byline,
                                &doc.headline,
                                &doc.published.as_ref().map(json),
                                &doc.text,
                                &json(&doc.boilerplate_removed),
                                &json(&doc.offsets),
                                &doc.original,
                                &&key::sha256(&doc.original)[..],
                                &next_doc,
                            ],
                        )?;
                        match inserted {
                            Some(row) => {
                                let id: i64 = row.get(0);
                                next_doc += 1;
                                if let Some(l) = likeness {
                                    let like = Pg::statement(client, cache, "INSERT INTO likenesses (doc_id, body_start, signature) VALUES ($1, $2, $3)")?;
                                    client.execute(&like, &[&id, &(l.body_start as i64), &l.blob()])?;
                                }
                                next_event = insert_derived(client, cache, id, mentions, events, next_event)?;
                                PutOutcome::New(DocId(id as u64))
                            }
                            // Another writer stored it since the look-up: the key decides.
                            None => PutOutcome::AlreadyStored(DocId(client.query_one(&find, &[&&key[..]])?.get::<_, i64>(0) as u64)),
                        }
                    }
                };
                let (PutOutcome::New(id) | PutOutcome::AlreadyStored(id)) = outcome;
                client.execute(&seen, &[&(id.0 as i64), &source])?;
                outcomes.push(outcome);
            }
            Ok(outcomes)
        })
    }

    pub(crate) fn count(&self) -> Result<u64, StoreError> {
        Ok(self.value::<i64>("counting documents", "SELECT count(*) FROM documents", &[])? as u64)
    }

    pub(crate) fn for_each_document_after<E: From<StoreError>>(
        &self,
        after: Option<DocId>,
        mut f: impl FnMut(StoredDocument) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!("{SELECT_DOCUMENT} WHERE id > $1 ORDER BY id LIMIT {DOCUMENT_PAGE}");
        self.by_pages("reading documents", &sql, after.map_or(0, |d| d.0 as i64), DOCUMENT_PAGE, |row| {
            let doc = self.document_at(row)?;
            let id = doc.id.0 as i64;
            f(doc)?;
            Ok(id)
        })
    }

    /// Runs `sql`, which reads the rows after the id `$1` in id order, at most `page` of them,
    /// page after page from `after`, calling `each` with every row; `each` returns its id.
    fn by_pages<E: From<StoreError>>(
        &self,
        doing: &'static str,
        sql: &str,
        after: i64,
        page: i64,
        mut each: impl FnMut(&Row) -> Result<i64, E>,
    ) -> Result<(), E> {
        let mut last = after;
        loop {
            let rows = self.query(doing, sql, &[&last])?;
            for row in &rows {
                last = each(row)?;
            }
            if (rows.len() as i64) < page {
                return Ok(());
            }
        }
    }

    pub(crate) fn events_of(&self, doc: DocId) -> Result<Vec<(u64, String)>, StoreError> {
        let rows = self.query("reading a document's events", "SELECT id, json FROM events WHERE doc_id = $1 ORDER BY seq", &[&(doc.0 as i64)])?;
        rows.iter().map(|r| Ok((r.get::<_, i64>(0) as u64, self.json_at(r, 1)?))).collect()
    }

    pub(crate) fn entities_of(&self, doc: DocId) -> Result<Vec<(String, String)>, StoreError> {
        let rows = self.query(
            "reading a document's entities",
            "SELECT kind, entity_id FROM mentions WHERE doc_id = $1 AND entity_id IS NOT NULL ORDER BY seq",
            &[&(doc.0 as i64)],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    pub(crate) fn document(&self, id: DocId) -> Result<Option<StoredDocument>, StoreError> {
        let row = self.query_opt("reading a document", &format!("{SELECT_DOCUMENT} WHERE id = $1"), &[&(id.0 as i64)])?;
        row.map(|row| self.document_at(&row)).transpose()
    }

    pub(crate) fn text(&self, id: DocId) -> Result<Option<String>, StoreError> {
        let row = self.query_opt("reading a document's text", "SELECT text FROM documents WHERE id = $1", &[&(id.0 as i64)])?;
        row.map(|r| r.try_get(0)).transpose().map_err(self.fail("reading a document's text"))
    }

    pub(crate) fn is_dated(&self, id: DocId) -> Result<bool, StoreError> {
        let row = self.query_opt("reading a document's date", "SELECT published IS NOT NULL FROM documents WHERE id = $1", &[&(id.0 as i64)])?;
        Ok(row.is_some_and(|r| r.get(0)))
    }

    pub(crate) fn is_stored(&self, key: &[u8; 32]) -> Result<bool, StoreError> {
        Ok(self.query_opt("looking a document up", "SELECT 1 FROM documents WHERE content_key = $1", &[&&key[..]])?.is_some())
    }

    fn document_at(&self, row: &Row) -> Result<StoredDocument, StoreError> {
        let get = || -> Result<DocumentColumns, postgres::Error> { Ok(crate::document_columns!(row.try_get)) };
        get().map_err(self.fail("reading a document"))?.read().map_err(|what| self.corrupt(what))
    }

    pub(crate) fn for_each_mention<E: From<StoreError>>(&self, mut f: impl FnMut(DocId, &str) -> Result<(), E>) -> Result<(), E> {
        let sql = format!("SELECT doc_id, packed FROM mention_lists WHERE doc_id > $1 ORDER BY doc_id LIMIT {DOCUMENT_PAGE}");
        self.by_pages("reading mentions", &sql, 0, DOCUMENT_PAGE, |row| {
            let id: i64 = row.get(0);
            for json in self.list_at(row, 1)? {
                f(DocId(id as u64), &json)?;
            }
            Ok(id)
        })
    }

    /// The JSON of a value [`packed`](crate::packed) in column `at`.
    fn json_at(&self, row: &Row, at: usize) -> Result<String, StoreError> {
        crate::packed::unpack(row.get(at)).map_err(|what| self.corrupt(what))
    }

    /// The items of a list [`packed`](crate::packed) in column `at`.
    fn list_at(&self, row: &Row, at: usize) -> Result<Vec<String>, StoreError> {
        crate::packed::unpack_list(row.get(at)).map_err(|what| self.corrupt(what))
    }

    pub(crate) fn redo_document(&mut self, id: DocId, record: &Record) -> Result<(), StoreError> {
        self.write("re-reading a document", &[REBUILD_LOCK, WRITE_LOCK], |client, cache| {
            let id = id.0 as i64;
            client.execute("UPDATE documents SET published = $2 WHERE id = $1", &[&id, &record.doc.published.as_ref().map(json)])?;
            client.execute("DELETE FROM mentions WHERE doc_id = $1", &[&id])?;
            client.execute("DELETE FROM mention_lists WHERE doc_id = $1", &[&id])?;
            client.execute("DELETE FROM events WHERE doc_id = $1", &[&id])?;
            let (_, next_event) = next_ids(client)?;
            insert_derived(client, cache, id, &record.mentions, &record.events, next_event)?;
            client.execute("UPDATE state SET value = value + 1 WHERE name = 'rebuilds'", &[])?;
            Ok(())
        })
    }

    pub(crate) fn in_transaction(&self) -> bool {
        self.depth > 0
    }

    pub(crate) fn clear_crossdoc(&mut self) -> Result<(), StoreError> {
        self.write("replacing the cross-document records", &[REBUILD_LOCK], |client, _| client.execute("DELETE FROM crossdoc", &[]).map(drop))
    }

    pub(crate) fn append_crossdoc(&mut self, first_seq: u64, records: &[(&str, String)]) -> Result<(), StoreError> {
        self.write("writing the cross-document records", &[REBUILD_LOCK], |client, _| {
            let kinds: Vec<&str> = records.iter().map(|(k, _)| *k).collect();
            let seqs: Vec<i64> = (first_seq as i64..).take(records.len()).collect();
            let jsons: Vec<crate::Packed> = records.iter().map(|(_, j)| crate::Packed::json(j)).collect();
            let jsons: Vec<&[u8]> = jsons.iter().map(crate::Packed::as_bytes).collect();
            client
                .execute(
                    "INSERT INTO crossdoc (kind, seq, json) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[])",
                    &[&kinds, &seqs, &jsons],
                )
                .map(drop)
        })
    }

    pub(crate) fn crossdoc_written(&mut self, over: u64) -> Result<(), StoreError> {
        self.write("replacing the cross-document records", &[REBUILD_LOCK], |client, _| {
            client.execute("UPDATE state SET value = $1 WHERE name = 'crossdoc_over'", &[&(over as i64)])?;
            client.execute("UPDATE state SET value = value + 1 WHERE name = 'rebuilds'", &[])?;
            Ok(())
        })
    }

    pub(crate) fn documents_version(&self) -> Result<u64, StoreError> {
        Ok(self.value::<i64>("reading the highest document id", "SELECT coalesce(max(id), 0)::bigint FROM documents", &[])? as u64)
    }

    pub(crate) fn crossdoc_over(&self) -> Result<u64, StoreError> {
        Ok(self.value::<i64>("reading the store's state", "SELECT value FROM state WHERE name = 'crossdoc_over'", &[])? as u64)
    }

    pub(crate) fn begin(&mut self, kind: TxKind) -> Result<(), StoreError> {
        let client = self.client.get_mut();
        if self.depth > 0 {
            client.batch_execute(&format!("SAVEPOINT marsad_tx{}", self.depth)).map_err(|e| StoreError::postgres(&self.name, "opening a savepoint", &e))?;
            self.depth += 1;
            return Ok(());
        }
        match kind {
            TxKind::Snapshot => client
                .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .map_err(|e| StoreError::postgres(&self.name, "opening a snapshot", &e))?,
            TxKind::Rebuild => {
                // Taken before the transaction, whose snapshot begins with its first statement:
                // the rebuild or batch that held a lock is then committed and seen.
                let locked = client
                    .execute("SELECT pg_advisory_lock($1)", &[&REBUILD_LOCK])
                    .and_then(|_| client.execute("SELECT pg_advisory_lock($1)", &[&WRITE_LOCK]))
                    .and_then(|_| client.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ"));
                if let Err(e) = locked {
                    let _ = client.execute("SELECT pg_advisory_unlock($1)", &[&WRITE_LOCK]);
                    let _ = client.execute("SELECT pg_advisory_unlock($1)", &[&REBUILD_LOCK]);
                    return Err(StoreError::postgres(&self.name, "waiting for other writers", &e));
                }
                self.holds_rebuild_lock = true;
            }
        }
        self.depth = 1;
        Ok(())
    }

    pub(crate) fn commit(&mut self) -> Result<(), StoreError> {
        let client = self.client.get_mut();
        if self.depth > 1 {
            client
                .batch_execute(&format!("RELEASE SAVEPOINT marsad_tx{}", self.depth - 1))
                .map_err(|e| StoreError::postgres(&self.name, "releasing a savepoint", &e))?;
            self.depth -= 1;
            return Ok(());
        }
        client.batch_execute("COMMIT").map_err(|e| StoreError::postgres(&self.name, "committing", &e))?;
        self.depth = 0;
        self.release_rebuild_lock();
        Ok(())
    }

    pub(crate) fn rollback(&mut self) {
        let client = self.client.get_mut();
        match self.depth {
            0 => {}
            1 => {
                let _ = client.batch_execute("ROLLBACK");
                self.depth = 0;
                self.release_rebuild_lock();
            }
            n => {
                let _ = client.batch_execute(&format!("ROLLBACK TO SAVEPOINT marsad_tx{0}; RELEASE SAVEPOINT marsad_tx{0}", n - 1));
                self.depth -= 1;
            }
        }
    }

    fn release_rebuild_lock(&mut self) {
        if std::mem::take(&mut self.holds_rebuild_lock) {
            // Should this fail, the connection is gone, and the locks with it.
            let client = self.client.get_mut();
            let _ = client.execute("SELECT pg_advisory_unlock($1)", &[&WRITE_LOCK]);
            let _ = client.execute("SELECT pg_advisory_unlock($1)", &[&REBUILD_LOCK]);
        }
    }

    pub(crate) fn for_each_crossdoc<E: From<StoreError>>(&self, kind: &str, mut f: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        let sql = format!("SELECT seq, json FROM crossdoc WHERE kind = $1 AND seq > $2 ORDER BY seq LIMIT {PAGE}");
        let mut last = -1i64;
        loop {
            let rows = self.query("reading cross-document records", &sql, &[&kind, &last])?;
            for row in &rows {
                last = row.get(0);
                f(&self.json_at(row, 1)?)?;
            }
            if (rows.len() as i64) < PAGE {
                return Ok(());
            }
        }
    }

    pub(crate) fn for_each_event<E: From<StoreError>>(&self, mut f: impl FnMut(u64, DocId, &str) -> Result<(), E>) -> Result<(), E> {
        let sql = format!("SELECT id, doc_id, json FROM events WHERE id > $1 ORDER BY id LIMIT {PAGE}");
        self.by_pages("reading events", &sql, 0, PAGE, |row| {
            let id: i64 = row.get(0);
            f(id as u64, DocId(row.get::<_, i64>(1) as u64), &self.json_at(row, 2)?)?;
            Ok(id)
        })
    }

    /// A window of dates is read in one query (it is what the caller holds anyway); the
    /// undated events, which may be many, a page at a time.
    pub(crate) fn for_each_event_dated<E: From<StoreError>>(
        &self,
        dates: Option<(&str, &str)>,
        mut f: impl FnMut(u64, DocId, &str, Wording) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut each = |row: &Row| -> Result<i64, E> {
            let id: i64 = row.get(0);
            f(id as u64, DocId(row.get::<_, i64>(1) as u64), &self.json_at(row, 2)?, self.wording_at(row, 3)?)?;
            Ok(id)
        };
        if let Some((from, until)) = dates {
            let sql = format!("{SELECT_EVENT_WITH_TEXT} WHERE e.start >= $1 AND e.start < $2 ORDER BY e.start, e.doc_id, e.id");
            for row in &self.query("reading events by date", &sql, &[&from, &until])? {
                each(row)?;
            }
            return Ok(());
        }
        let sql = format!("{SELECT_EVENT_WITH_TEXT} WHERE e.start IS NULL AND e.id > $1 ORDER BY e.id LIMIT {DOCUMENT_PAGE}");
        self.by_pages("reading undated events", &sql, 0, DOCUMENT_PAGE, each)
    }

    pub(crate) fn event_dates(&self) -> Result<Option<(String, String)>, StoreError> {
        let row = self.query_opt("reading the events' dates", SELECT_EVENT_DATES, &[])?;
        Ok(row.and_then(|r| r.get::<_, Option<String>>(0).zip(r.get::<_, Option<String>>(1))))
    }

    /// Grows whenever a document is stored (ids only grow, in commit order) or a rebuild
    /// rewrites documents or records (it counts itself in `state`).
    pub(crate) fn data_version(&self) -> Result<i64, StoreError> {
        self.value(
            "reading the data version",
            "SELECT (SELECT coalesce(max(id), 0) FROM documents) + (SELECT value FROM state WHERE name = 'rebuilds')",
            &[],
        )
    }

    pub(crate) fn for_each_document_summary<E: From<StoreError>>(&self, mut f: impl FnMut(DocumentSummary) -> Result<(), E>) -> Result<(), E> {
        let sql = format!("{SELECT_SUMMARY} WHERE id > $1 ORDER BY id LIMIT {PAGE}");
        self.by_pages("reading document summaries", &sql, 0, PAGE, |row| {
            let get = || -> Result<SummaryColumns, postgres::Error> { Ok(crate::read::summary_columns!(row.try_get)) };
            let summary = get().map_err(self.fail("reading document summaries"))?.read().map_err(|what| self.corrupt(what))?;
            let id = summary.id.0 as i64;
            f(summary)?;
            Ok(id)
        })
    }

    pub(crate) fn mentions_of(&self, id: DocId) -> Result<Vec<String>, StoreError> {
        let row = self.query_opt("reading a document's mentions", "SELECT packed FROM mention_lists WHERE doc_id = $1", &[&(id.0 as i64)])?;
        row.map_or(Ok(Vec::new()), |r| self.list_at(&r, 0))
    }

    /// The [`Wording`] in columns `at` (word keys) and `at + 1` (the text where they are none).
    fn wording_at(&self, row: &Row, at: usize) -> Result<Wording, StoreError> {
        crate::wording(row.get(at), row.get(at + 1)).map_err(|what| self.corrupt(what))
    }

    /// A page of documents at a time, as [`Pg::for_each_document_after`].
    pub(crate) fn for_each_document_likeness<E: From<StoreError>>(&self, mut f: impl FnMut(DocumentLikeness) -> Result<(), E>) -> Result<(), E> {
        let sql = format!("{SELECT_LIKENESS} WHERE d.id > $1 ORDER BY d.id LIMIT {DOCUMENT_PAGE}");
        self.by_pages("reading documents", &sql, 0, DOCUMENT_PAGE, |row| {
            let get = || -> Result<LikenessColumns, postgres::Error> { Ok(crate::read::likeness_columns!(row.try_get)) };
            let columns = get().map_err(self.fail("reading documents"))?;
            let id = columns.id;
            f(columns.read().map_err(|what| self.corrupt(what))?)?;
            Ok(id)
        })
    }

    pub(crate) fn events_with_words_of(&self, doc: DocId) -> Result<Vec<(u64, String, Wording)>, StoreError> {
        let sql = format!("{SELECT_EVENT_WITH_TEXT} WHERE e.doc_id = $1 ORDER BY e.seq");
        let rows = self.query("reading a document's events", &sql, &[&(doc.0 as i64)])?;
        rows.iter().map(|r| Ok((r.get::<_, i64>(0) as u64, self.json_at(r, 2)?, self.wording_at(r, 3)?))).collect()
    }

    pub(crate) fn event_with_words(&self, id: u64) -> Result<Option<(DocId, String, Wording)>, StoreError> {
        let sql = format!("{SELECT_EVENT_WITH_TEXT} WHERE e.id = $1");
        let row = self.query_opt("reading an event", &sql, &[&(id as i64)])?;
        row.map(|r| Ok((DocId(r.get::<_, i64>(1) as u64), self.json_at(&r, 2)?, self.wording_at(&r, 3)?))).transpose()
    }

    pub(crate) fn event(&self, id: u64) -> Result<Option<(DocId, String)>, StoreError> {
        let row = self.query_opt("reading an event", "SELECT doc_id, json FROM events WHERE id = $1", &[&(id as i64)])?;
        row.map(|r| Ok((DocId(r.get::<_, i64>(0) as u64), self.json_at(&r, 1)?))).transpose()
    }
}

/// The ids the next document and the next event get: one more than the highest stored, as on
/// SQLite. Read under the write lock, so no other writer can take them.
fn next_ids(client: &mut Client) -> Result<(i64, i64), postgres::Error> {
    let row = client.query_one(
        "SELECT (SELECT coalesce(max(id), 0) + 1 FROM documents)::bigint, (SELECT coalesce(max(id), 0) + 1 FROM events)::bigint",
        &[],
    )?;
    Ok((row.get(0), row.get(1)))
}

/// Inserts a document's mentions and events, each kind in one statement (arrays unnested in
/// order); the events are numbered from `next_event`. Returns the id the next event gets.
fn insert_derived(
    client: &mut Client,
    cache: &RefCell<HashMap<String, Statement>>,
    id: i64,
    mentions: &Mentions,
    events: &[EventRow],
    next_event: i64,
) -> Result<i64, postgres::Error> {
    if let Some(list) = mentions.list() {
        let mentions = mentions.rows();
        let stmt = Pg::statement(
            client,
            cache,
            "INSERT INTO mentions (doc_id, seq, kind, start, \"end\", entity_id)
             SELECT $1, m.* FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::text[]) AS m",
        )?;
        let seq: Vec<i64> = (0..mentions.len() as i64).collect();
        let kind: Vec<&str> = mentions.iter().map(|m| m.kind.as_str()).collect();
        let start: Vec<i64> = mentions.iter().map(|m| i64::from(m.span.start())).collect();
        let end: Vec<i64> = mentions.iter().map(|m| i64::from(m.span.end())).collect();
        let entity: Vec<Option<&str>> = mentions.iter().map(|m| m.entity_id.as_deref()).collect();
        client.execute(&stmt, &[&id, &seq, &kind, &start, &end, &entity])?;
        let packed = Pg::statement(client, cache, "INSERT INTO mention_lists (doc_id, packed) VALUES ($1, $2)")?;
        client.execute(&packed, &[&id, &list.as_bytes()])?;
    }
    if !events.is_empty() {
        let stmt = Pg::statement(
            client,
            cache,
            "INSERT INTO events (id, doc_id, seq, sub_type, place_id, start, \"end\", json, words)
             SELECT $1 + e.seq, $2, e.* FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[], $9::bytea[])
                 AS e(seq, sub_type, place_id, start, stop, json, words)",
        )?;
        let seq: Vec<i64> = (0..events.len() as i64).collect();
        let sub_type: Vec<&str> = events.iter().map(|e| e.sub_type.as_str()).collect();
        let place: Vec<Option<&str>> = events.iter().map(|e| e.place_id.as_deref()).collect();
        let start: Vec<Option<&str>> = events.iter().map(|e| e.start.as_deref()).collect();
        let end: Vec<Option<&str>> = events.iter().map(|e| e.end.as_deref()).collect();
        let json: Vec<&[u8]> = events.iter().map(|e| e.json.as_bytes()).collect();
        let words: Vec<Vec<u8>> = events.iter().map(|e| crate::words_blob(&e.words)).collect();
        client.execute(&stmt, &[&next_event, &id, &seq, &sub_type, &place, &start, &end, &json, &words])?;
    }
    Ok(next_event + events.len() as i64)
}

enum MigrateError {
    Sql(postgres::Error),
    TooNew(i64),
}

impl From<postgres::Error> for MigrateError {
    fn from(e: postgres::Error) -> MigrateError {
        MigrateError::Sql(e)
    }
}

/// Brings the schema up to date in one transaction, under the migration lock: a second
/// worker starting at the same moment waits, then finds the schema current.
fn migrate(client: &mut Client) -> Result<(), MigrateError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])?;
    // One row, by construction: `one_row` can only be true.
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_version (
            one_row  BOOLEAN PRIMARY KEY DEFAULT true CHECK (one_row),
            version  BIGINT NOT NULL
         );
         INSERT INTO schema_version (version) VALUES (0) ON CONFLICT DO NOTHING;",
    )?;
    let current: i64 = tx.query_one("SELECT version FROM schema_version", &[])?.get(0);
    if current > VERSION {
        return Err(MigrateError::TooNew(current));
    }
    if current < VERSION {
        for sql in &PG_MIGRATIONS[current as usize..] {
            tx.batch_execute(sql)?;
        }
        tx.execute("UPDATE schema_version SET version = $1", &[&VERSION])?;
    }
    tx.commit()?;
    Ok(())
}
