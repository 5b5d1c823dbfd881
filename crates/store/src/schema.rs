//! The schema and its migrations: SQLite's, tracked by `user_version`, and the same tables in
//! PostgreSQL's words, tracked by the `schema_version` table.
//!
//! Migrations are only ever appended, to both lists at once: a database made by an older marsad
//! is brought forward step by step (on SQLite each step in its own transaction; on PostgreSQL
//! all of them in one, under an advisory lock, so workers starting together migrate once).

use crate::StoreError;
use rusqlite::Connection;
use std::path::Path;

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: documents, keyed by content, and every source each was seen in.
    "CREATE TABLE documents (
        id              INTEGER PRIMARY KEY,
        content_key     BLOB NOT NULL UNIQUE,
        source          TEXT NOT NULL,
        format          TEXT NOT NULL,
        encoding        TEXT NOT NULL,
        encoding_basis  TEXT NOT NULL,
        url             TEXT,
        outlet_id       TEXT,
        outlet_ar       TEXT,
        outlet_en       TEXT,
        byline          TEXT,
        headline        TEXT,
        published       TEXT,
        text            TEXT NOT NULL,
        boilerplate     TEXT NOT NULL,
        offsets         TEXT NOT NULL,
        original        BLOB NOT NULL,
        original_sha256 BLOB NOT NULL,
        ingested_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
     );
     CREATE TABLE sightings (
        doc_id  INTEGER NOT NULL REFERENCES documents(id),
        source  TEXT NOT NULL,
        PRIMARY KEY (doc_id, source)
     ) WITHOUT ROWID;",
    // 2: mentions of places, actors, sources and people, by document.
    "CREATE TABLE mentions (
        doc_id     INTEGER NOT NULL REFERENCES documents(id),
        seq        INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        start      INTEGER NOT NULL,
        \"end\"      INTEGER NOT NULL,
        entity_id  TEXT,
        json       TEXT NOT NULL,
        PRIMARY KEY (doc_id, seq)
     ) WITHOUT ROWID;
     CREATE INDEX mentions_by_entity ON mentions (entity_id, doc_id);",
    // 3: events coded from each document.
    "CREATE TABLE events (
        id        INTEGER PRIMARY KEY,
        doc_id    INTEGER NOT NULL REFERENCES documents(id),
        seq       INTEGER NOT NULL,
        sub_type  TEXT NOT NULL,
        place_id  TEXT,
        start     TEXT,
        \"end\"     TEXT,
        json      TEXT NOT NULL,
        UNIQUE (doc_id, seq)
     );
     CREATE INDEX events_by_place ON events (place_id);
     CREATE INDEX events_by_date ON events (start, \"end\");",
    // 4: what is computed across documents (near-duplicates, stories, merged events,
    // contradictions), rebuilt as a whole after each ingest.
    "CREATE TABLE crossdoc (
        kind  TEXT NOT NULL,
        seq   INTEGER NOT NULL,
        json  TEXT NOT NULL,
        PRIMARY KEY (kind, seq)
     ) WITHOUT ROWID;",
    // 5: what the store knows about itself: `crossdoc_over`, the highest document id the
    // cross-document records were computed over. Documents are only ever added, with growing
    // ids, so the records are stale when a higher id exists: an ingest killed after its last
    // batch but before its rebuild leaves them so, and the next ingest rebuilds them although
    // it finds every document already stored. A store made before this version: stale if it
    // holds documents.
    "CREATE TABLE state (
        name   TEXT PRIMARY KEY,
        value  INTEGER NOT NULL
     ) WITHOUT ROWID;
     INSERT INTO state (name, value) VALUES ('crossdoc_over', 0);",
    // 6: the keys of the content words of each event's sentences, which the cross-document
    // stage compares (see `EventRow::words`), so that a rebuild need not find them in the
    // texts again. Events stored before this version have none: the stage reads their
    // document's text instead.
    "ALTER TABLE events ADD COLUMN words BLOB;",
    // 7: each document's likeness to others as the cross-document stage compares them (see
    // `Likeness`), so that a rebuild need not read every text again. Documents stored before
    // have none: the stage reads their text instead.
    "ALTER TABLE documents ADD COLUMN signature BLOB;
     ALTER TABLE documents ADD COLUMN body_start INTEGER;",
    // 8: the likenesses move to a table of their own. As the last columns of a document's
    // row, after its text and original bytes, SQLite read through every page of those to
    // reach them: reading them for a rebuild read the whole documents table (10 s of a
    // 100,000-document rebuild when the file was not in the page cache, 0.6 s when it was).
    "CREATE TABLE likenesses (
        doc_id      INTEGER PRIMARY KEY REFERENCES documents(id),
        body_start  INTEGER NOT NULL,
        signature   BLOB NOT NULL
     );
     INSERT INTO likenesses (doc_id, body_start, signature)
        SELECT id, body_start, signature FROM documents WHERE signature IS NOT NULL AND body_start IS NOT NULL;
     ALTER TABLE documents DROP COLUMN signature;
     ALTER TABLE documents DROP COLUMN body_start;",
    // 9: JSON packed (see `packed`): each document's mentions as one list in `mention_lists`
    // (the `mentions` rows keep what queries filter on), and `events.json` and `crossdoc.json`
    // packed value by value from now on. The lists of documents stored before are plain JSON,
    // read as they are; so are their events and records until they are written again.
    "CREATE TABLE mention_lists (
        doc_id  INTEGER PRIMARY KEY REFERENCES documents(id),
        packed  BLOB NOT NULL
     );
     INSERT INTO mention_lists (doc_id, packed)
        SELECT doc_id, '[' || group_concat(json, ',' ORDER BY seq) || ']' FROM mentions GROUP BY doc_id;
     ALTER TABLE mentions DROP COLUMN json;",
];

/// [`MIGRATIONS`] for PostgreSQL: BIGINT ids, BYTEA keys, TEXT for JSON (it is read back as
/// written; nothing queries inside it). Ids are given by the store as SQLite gives them, one
/// more than the highest, under the write lock (see `pg`), not by a sequence: the same input
/// then gets the same ids on both backends, and a failed batch leaves no gap. `state` also counts the rebuilds
/// (`rebuilds`), since PostgreSQL has no `data_version` to tell a reader that the
/// cross-document stage rewrote documents and records.
pub(crate) const PG_MIGRATIONS: &[&str] = &[
    "CREATE TABLE documents (
        id              BIGINT PRIMARY KEY,
        content_key     BYTEA NOT NULL UNIQUE,
        source          TEXT NOT NULL,
        format          TEXT NOT NULL,
        encoding        TEXT NOT NULL,
        encoding_basis  TEXT NOT NULL,
        url             TEXT,
        outlet_id       TEXT,
        outlet_ar       TEXT,
        outlet_en       TEXT,
        byline          TEXT,
        headline        TEXT,
        published       TEXT,
        text            TEXT NOT NULL,
        boilerplate     TEXT NOT NULL,
        offsets         TEXT NOT NULL,
        original        BYTEA NOT NULL,
        original_sha256 BYTEA NOT NULL,
        ingested_at     TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
     );
     CREATE TABLE sightings (
        doc_id  BIGINT NOT NULL REFERENCES documents(id),
        source  TEXT NOT NULL,
        PRIMARY KEY (doc_id, source)
     );",
    "CREATE TABLE mentions (
        doc_id     BIGINT NOT NULL REFERENCES documents(id),
        seq        BIGINT NOT NULL,
        kind       TEXT NOT NULL,
        start      BIGINT NOT NULL,
        \"end\"      BIGINT NOT NULL,
        entity_id  TEXT,
        json       TEXT NOT NULL,
        PRIMARY KEY (doc_id, seq)
     );
     CREATE INDEX mentions_by_entity ON mentions (entity_id, doc_id);",
    "CREATE TABLE events (
        id        BIGINT PRIMARY KEY,
        doc_id    BIGINT NOT NULL REFERENCES documents(id),
        seq       BIGINT NOT NULL,
        sub_type  TEXT NOT NULL,
        place_id  TEXT,
        start     TEXT,
        \"end\"     TEXT,
        json      TEXT NOT NULL,
        UNIQUE (doc_id, seq)
     );
     CREATE INDEX events_by_place ON events (place_id);
     CREATE INDEX events_by_date ON events (start, \"end\");",
    "CREATE TABLE crossdoc (
        kind  TEXT NOT NULL,
        seq   BIGINT NOT NULL,
        json  TEXT NOT NULL,
        PRIMARY KEY (kind, seq)
     );",
    "CREATE TABLE state (
        name   TEXT PRIMARY KEY,
        value  BIGINT NOT NULL
     );
     INSERT INTO state (name, value) VALUES ('crossdoc_over', 0), ('rebuilds', 0);",
    "ALTER TABLE events ADD COLUMN words BYTEA;",
    "ALTER TABLE documents ADD COLUMN signature BYTEA;
     ALTER TABLE documents ADD COLUMN body_start BIGINT;",
    "CREATE TABLE likenesses (
        doc_id      BIGINT PRIMARY KEY REFERENCES documents(id),
        body_start  BIGINT NOT NULL,
        signature   BYTEA NOT NULL
     );
     INSERT INTO likenesses (doc_id, body_start, signature)
        SELECT id, body_start, signature FROM documents WHERE signature IS NOT NULL AND body_start IS NOT NULL;
     ALTER TABLE documents DROP COLUMN signature, DROP COLUMN body_start;",
    "CREATE TABLE mention_lists (
        doc_id  BIGINT PRIMARY KEY REFERENCES documents(id),
        packed  BYTEA NOT NULL
     );
     INSERT INTO mention_lists (doc_id, packed)
        SELECT doc_id, convert_to('[' || string_agg(json, ',' ORDER BY seq) || ']', 'UTF8') FROM mentions GROUP BY doc_id;
     ALTER TABLE mentions DROP COLUMN json;
     ALTER TABLE events ALTER COLUMN json TYPE BYTEA USING convert_to(json, 'UTF8');
     ALTER TABLE crossdoc ALTER COLUMN json TYPE BYTEA USING convert_to(json, 'UTF8');",
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

const _: () = assert!(MIGRATIONS.len() == PG_MIGRATIONS.len(), "every migration is written for both backends");

/// Why a reader (which never migrates) cannot use a database at schema version `found`.
pub(crate) enum VersionError {
    TooNew(i64),
    TooOld(i64),
}

/// A reader reads only a database at this build's schema version.
pub(crate) fn check_readable(found: i64) -> Result<(), VersionError> {
    match found.cmp(&VERSION) {
        std::cmp::Ordering::Greater => Err(VersionError::TooNew(found)),
        std::cmp::Ordering::Less => Err(VersionError::TooOld(found)),
        std::cmp::Ordering::Equal => Ok(()),
    }
}

impl VersionError {
    pub(crate) fn named(self, db: &str) -> StoreError {
        match self {
            VersionError::TooNew(found) => StoreError::TooNew { db: db.to_string(), found, known: VERSION },
            VersionError::TooOld(found) => StoreError::Corrupt {
                db: db.to_string(),
                what: format!("schema version {found} is older than this marsad's ({VERSION}); run `marsad ingest` once to bring it up to date"),
            },
        }
    }
}

pub(crate) enum MigrateError {
    Sql(rusqlite::Error),
    TooNew(i64),
}

impl From<rusqlite::Error> for MigrateError {
    fn from(e: rusqlite::Error) -> MigrateError {
        MigrateError::Sql(e)
    }
}

impl MigrateError {
    pub(crate) fn at(self, path: &Path) -> StoreError {
        match self {
            MigrateError::Sql(source) => StoreError::Sqlite { path: path.to_path_buf(), source },
            MigrateError::TooNew(found) => VersionError::TooNew(found).named(&path.display().to_string()),
        }
    }
}

pub(crate) fn migrate(conn: &mut Connection) -> Result<(), MigrateError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > VERSION {
        return Err(MigrateError::TooNew(current));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        // IMMEDIATE, and the version read again inside: another process opening the store at
        // the same moment may have taken this step while this one waited for the lock.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now <= i as i64 {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        tx.commit()?;
    }
    Ok(())
}
