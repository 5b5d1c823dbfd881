//! Store tests: idempotent writes, round trips, schema versions, and corruption named, on
//! both backends. Each test is a function of the database it runs on; `on_both!` makes it a
//! SQLite test and a PostgreSQL test. The PostgreSQL ones run when `MARSAD_TEST_POSTGRES`
//! holds a URL (a user allowed to create databases), each in a database of its own, dropped
//! after; without it they say they skipped and pass.

use super::*;
use marsad_model::{DatePrecision, EncodingBasis, Span};
use rusqlite::Connection;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a test's store is: a temporary folder, or a fresh PostgreSQL database.
enum TestDb {
    Folder(tempfile::TempDir),
    Postgres { admin: PgLocation, db: PgLocation },
}

impl TestDb {
    fn sqlite() -> TestDb {
        TestDb::Folder(tempfile::tempdir().unwrap())
    }

    /// A new database on the server `MARSAD_TEST_POSTGRES` names, or `None` (said) without it.
    fn postgres(test: &str) -> Option<TestDb> {
        let Ok(url) = std::env::var("MARSAD_TEST_POSTGRES") else {
            eprintln!("{test}: skipped on PostgreSQL: set MARSAD_TEST_POSTGRES=postgres://USER@HOST/DB to run it");
            return None;
        };
        let StoreLocation::Postgres(admin) = StoreLocation::parse(&url).expect("MARSAD_TEST_POSTGRES is a postgres:// URL") else {
            panic!("MARSAD_TEST_POSTGRES must start with postgres:// or postgresql://");
        };
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let mut name = format!("marsad_t{}_{}_{test}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        name.truncate(63);
        let mut client = admin.config.connect(::postgres::NoTls).expect("MARSAD_TEST_POSTGRES: the server answers");
        // One statement per call: a multi-statement string is one transaction block, where
        // neither may run.
        client.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).expect("a test database can be dropped");
        client
            .batch_execute(&format!("CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
            .expect("a test database can be created");
        Some(TestDb::Postgres { db: admin.with_dbname(&name), admin })
    }

    fn location(&self) -> StoreLocation {
        match self {
            TestDb::Folder(dir) => StoreLocation::Folder(dir.path().to_path_buf()),
            TestDb::Postgres { db, .. } => StoreLocation::Postgres(db.clone()),
        }
    }

    fn open(&self) -> Store {
        Store::open_at(&self.location()).unwrap()
    }

    /// How the store's errors name the database.
    fn open_name(&self) -> String {
        match self {
            TestDb::Folder(dir) => dir.path().join(DB_FILE).display().to_string(),
            TestDb::Postgres { db, .. } => db.to_string(),
        }
    }

    fn is_postgres(&self) -> bool {
        matches!(self, TestDb::Postgres { .. })
    }

    /// Runs SQL on a connection of its own, behind the store's back: `sqlite` on SQLite,
    /// `postgres` on PostgreSQL.
    fn raw(&self, sqlite: &str, postgres: &str) {
        match self {
            TestDb::Folder(dir) => Connection::open(dir.path().join(DB_FILE)).unwrap().execute_batch(sqlite).unwrap(),
            TestDb::Postgres { db, .. } => db.config.connect(::postgres::NoTls).unwrap().batch_execute(postgres).unwrap(),
        }
    }

    /// One number read behind the store's back.
    fn raw_count(&self, sql: &str) -> i64 {
        match self {
            TestDb::Folder(dir) => Connection::open(dir.path().join(DB_FILE)).unwrap().query_row(sql, [], |r| r.get(0)).unwrap(),
            TestDb::Postgres { db, .. } => db.config.connect(::postgres::NoTls).unwrap().query_one(sql, &[]).unwrap().get(0),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { admin, db } = self
            && let Ok(mut client) = admin.config.connect(::postgres::NoTls)
        {
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", db.dbname()));
        }
    }
}

/// Each named test, as `sqlite::name` and `postgres::name`.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                super::$name(&super::TestDb::sqlite());
            })*
        }
        mod postgres {
            $(#[test]
            fn $name() {
                if let Some(db) = super::TestDb::postgres(stringify!($name)) {
                    super::$name(&db);
                }
            })*
        }
    };
}

on_both!(
    the_same_article_is_stored_once_whatever_its_spelling_and_headline,
    documents_round_trip,
    a_newer_schema_is_refused_and_left_untouched,
    corrupt_rows_are_reported_with_the_document,
    a_failed_batch_stores_nothing,
    a_version_1_database_is_migrated_and_keeps_its_documents,
    crossdoc_records_are_stale_until_computed_over_the_last_document,
    a_failed_atomic_rebuild_leaves_documents_and_records_as_they_were,
    a_store_from_before_the_marker_is_rebuilt_once,
    a_read_only_store_reads_summaries_sees_new_commits_and_refuses_writes,
    a_document_is_dated_once_its_publication_date_is_stored,
    two_writers_with_overlapping_batches_store_each_document_once,
    two_rebuilds_at_once_do_not_lose_each_others_writes,
    two_workers_opening_a_new_store_at_once_both_find_it_ready,
    walks_go_past_a_page_and_allow_reads_inside,
    events_are_read_by_a_range_of_dates_with_their_words,
    documents_are_read_with_their_likeness_or_else_their_text,
    likenesses_stored_in_the_documents_table_move_to_their_own,
    json_stored_plain_before_packing_is_read_and_mentions_move_to_lists,
    a_damaged_packed_value_is_reported_naming_the_database,
    cross_document_records_written_in_parts_keep_their_order_and_fail_whole,
);

fn rec(source: &str, headline: Option<&str>, body: &str) -> Record {
    Record::new(doc(source, headline, body))
}

fn doc(source: &str, headline: Option<&str>, body: &str) -> Document {
    let text = match headline {
        Some(h) => format!("{h}\n\n{body}"),
        None => body.to_string(),
    };
    let mut offsets = OffsetMap::default();
    let n = text.chars().count() as u32;
    offsets.push(Span::new(0, n).unwrap(), 0..text.len() as u64);
    Document {
        source: SourceRef::file(source),
        format: Format::Text,
        encoding: EncodingUsed { name: "UTF-8".into(), basis: EncodingBasis::ValidUtf8 },
        url: None,
        outlet: Some(Outlet { id: "ENAB_BALADI".into(), ar: "عنب بلدي".into(), en: "Enab Baladi".into() }),
        byline: Some("ليلى حسن".into()),
        headline: headline.map(String::from),
        published: Some(Published {
            date: jiff::civil::date(2019, 5, 20),
            time: None,
            utc_offset_seconds: None,
            precision: DatePrecision::Day,
            basis: "dateline '20 أيار 2019'".into(),
        }),
        original: text.clone().into_bytes(),
        text,
        boilerplate_removed: vec!["حجم الخط".into()],
        offsets,
    }
}

const BODY: &str = "سقطت قذائف صاروخية على حي سكني في المدينة مساء أمس، ما أدى إلى مقتل ثلاثة مدنيين.";

fn the_same_article_is_stored_once_whatever_its_spelling_and_headline(db: &TestDb) {
    let mut store = db.open();
    let first = store.put_batch(&[rec("a.txt", Some("قذائف على المدينة"), BODY)]).unwrap();
    let PutOutcome::New(id) = first[0] else { panic!("{first:?}") };
    // Another container: no headline paragraph, diacritics and different spacing.
    let again = doc("feed.xml#2", None, &BODY.replace("مقتل", "مَقْتل").replace(' ', "  "));
    let different = doc("b.txt", None, "نص آخر تماما عن حدث آخر.");
    let out = store.put_batch(&[Record::new(again.clone()), Record::new(different), Record::new(again)]).unwrap();
    assert_eq!(out[0], PutOutcome::AlreadyStored(id));
    assert!(matches!(out[1], PutOutcome::New(_)));
    assert_eq!(out[2], PutOutcome::AlreadyStored(id));
    assert_eq!(store.count().unwrap(), 2);
    assert_eq!(db.raw_count("SELECT count(*) FROM sightings"), 3, "a.txt, feed.xml#2 and b.txt");
}

fn documents_round_trip(db: &TestDb) {
    let mut store = db.open();
    let mut d = doc("feeds/f.xml", Some("عنوان"), BODY);
    d.source = SourceRef::item("feeds/f.xml", 3);
    let mention = MentionRow { kind: "place".into(), span: Span::new(0, 5).unwrap(), entity_id: Some("wof:1".into()) };
    let event = EventRow {
        sub_type: "Shelling/artillery/missile attack".into(),
        place_id: None,
        start: Some("2019-05-19".into()),
        end: None,
        json: Packed::json(r#"{"type":"event"}"#),
        words: vec![7, 1 << 40],
    };
    let mentions = Mentions::new([(mention, r#"{"span":[0,5],"type":"place"}"#)]);
    let record = Record { doc: d.clone(), mentions, events: vec![event.clone(), event], likeness: None };
    store.put_batch(std::slice::from_ref(&record)).unwrap();
    // The same article again: neither it nor its mentions are stored twice.
    store.put_batch(&[record]).unwrap();
    drop(store);
    let store = db.open();
    let mut all = Vec::new();
    store.for_each_document(|s| {
        let _: () = all.push(s);
        Ok::<_, StoreError>(())
    }).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, DocId(1));
    assert_eq!(all[0].doc, d);
    assert_eq!(all[0].key_hex.len(), 64);
    assert_eq!(store.document(DocId(1)).unwrap().map(|s| s.doc), Some(d.clone()));
    assert!(store.document(DocId(2)).unwrap().is_none());
    let mut mentions = Vec::new();
    store
        .for_each_mention(|id, json| {
            mentions.push((id, json.to_string()));
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(mentions, vec![(DocId(1), r#"{"span":[0,5],"type":"place"}"#.to_string())]);
    assert_eq!(store.entities_of(DocId(1)).unwrap(), vec![("place".to_string(), "wof:1".to_string())]);
    assert_eq!(store.mentions_of(DocId(1)).unwrap().len(), 1);
    let events = store.events_of(DocId(1)).unwrap();
    assert_eq!(events.len(), 2);
    assert!(events[0].0 < events[1].0, "event ids follow the document's order");
    assert_eq!(store.event(events[1].0).unwrap(), Some((DocId(1), r#"{"type":"event"}"#.to_string())));
    assert_eq!(store.event(999).unwrap(), None);
    let keys = Wording::Keys(vec![7, 1 << 40]);
    assert_eq!(store.event_with_words(events[1].0).unwrap(), Some((DocId(1), r#"{"type":"event"}"#.to_string(), keys.clone())));
    assert_eq!(store.event_with_words(999).unwrap(), None);
    let with_words: Vec<Wording> = store.events_with_words_of(DocId(1)).unwrap().into_iter().map(|(.., w)| w).collect();
    assert_eq!(with_words, vec![keys.clone(), keys]);
    assert_eq!(db.raw_count("SELECT count(*) FROM events WHERE start = '2019-05-19' AND \"end\" IS NULL"), 2);
}

fn a_newer_schema_is_refused_and_left_untouched(db: &TestDb) {
    db.open().put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    db.raw("PRAGMA user_version = 99", "UPDATE schema_version SET version = 99");
    let err = Store::open_at(&db.location()).err().unwrap();
    assert!(err.to_string().contains("schema version 99"), "{err}");
    assert!(err.to_string().starts_with(&db.open_name()), "the error names the database: {err}");
    let read_only = Store::open_read_only_at(&db.location()).err().unwrap();
    assert!(read_only.to_string().contains("schema version 99"), "{read_only}");
    assert_eq!(db.raw_count("SELECT count(*) FROM documents"), 1);
}

fn corrupt_rows_are_reported_with_the_document(db: &TestDb) {
    let mut store = db.open();
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    db.raw("UPDATE documents SET offsets = 'not json'", "UPDATE documents SET offsets = 'not json'");
    let err = store.for_each_document(|_| Ok::<_, StoreError>(())).unwrap_err();
    assert!(err.to_string().contains("document 1: column offsets"), "{err}");
    assert!(err.to_string().starts_with(&store.name()), "{err}");
}

fn a_failed_batch_stores_nothing(db: &TestDb) {
    let mut store = db.open();
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    // Make the second insert of the batch fail: a trigger refuses one source name.
    db.raw(
        "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.source = 'bad.txt' BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN IF NEW.source = 'bad.txt' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
         CREATE TRIGGER refuse BEFORE INSERT ON documents FOR EACH ROW EXECUTE FUNCTION refuse();",
    );
    let err = store.put_batch(&[rec("ok.txt", None, "خبر جديد."), rec("bad.txt", None, "خبر آخر.")]).unwrap_err();
    assert!(err.to_string().contains("refused") && err.to_string().starts_with(&store.name()), "{err}");
    assert_eq!(store.count().unwrap(), 1);
    // The store is usable after the failure.
    store.put_batch(&[rec("ok.txt", None, "خبر جديد.")]).unwrap();
    assert_eq!(store.count().unwrap(), 2);
}

fn a_version_1_database_is_migrated_and_keeps_its_documents(db: &TestDb) {
    // A database as the first release wrote it: schema 1 only.
    db.raw(
        &format!("BEGIN; {} PRAGMA user_version = 1; COMMIT;", schema::MIGRATIONS[0]),
        &format!(
            "BEGIN; CREATE TABLE schema_version (one_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (one_row), version BIGINT NOT NULL);
             INSERT INTO schema_version (version) VALUES (1); {} COMMIT;",
            schema::PG_MIGRATIONS[0]
        ),
    );
    let mut store = db.open();
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    let version = if db.is_postgres() { "SELECT version FROM schema_version" } else { "PRAGMA user_version" };
    assert_eq!(db.raw_count(version), schema::VERSION);
    assert_eq!(store.count().unwrap(), 1);
}

/// Undoes migration 9 (packed JSON) on a store without mentions, for tests that take a store
/// back to an earlier version.
const UNPACK_SQLITE: &str = "DROP TABLE mention_lists; ALTER TABLE mentions ADD COLUMN json TEXT NOT NULL DEFAULT '{}';";
const UNPACK_PG: &str = "DROP TABLE mention_lists; ALTER TABLE mentions ADD COLUMN json TEXT NOT NULL DEFAULT '{}';
     ALTER TABLE events ALTER COLUMN json TYPE TEXT USING '{}'; ALTER TABLE crossdoc ALTER COLUMN json TYPE TEXT USING '{}';";

fn crossdoc_rows(store: &Store) -> Vec<String> {
    let mut rows = Vec::new();
    store.for_each_crossdoc("story", |j| {
        rows.push(j.to_string());
        Ok::<_, StoreError>(())
    })
    .unwrap();
    rows
}

fn crossdoc_records_are_stale_until_computed_over_the_last_document(db: &TestDb) {
    let mut store = db.open();
    assert!(!store.crossdoc_stale().unwrap(), "an empty store has nothing to rebuild");
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    // Killed here (the batch committed, the rebuild not): the store says so when reopened.
    drop(store);
    let mut store = db.open();
    assert!(store.crossdoc_stale().unwrap());
    let over = store.documents_version().unwrap();
    store.replace_crossdoc(&[("story", "{}".into())], over).unwrap();
    assert!(!store.crossdoc_stale().unwrap());
    // Stored again: nothing new, still up to date.
    store.put_batch(&[rec("again.txt", None, BODY)]).unwrap();
    assert!(!store.crossdoc_stale().unwrap());
    store.put_batch(&[rec("b.txt", None, "خبر آخر عن حدث آخر.")]).unwrap();
    assert!(store.crossdoc_stale().unwrap());
    // Records computed over fewer documents than are stored (another writer committed
    // meanwhile) leave the store stale.
    store.replace_crossdoc(&[], over).unwrap();
    assert!(store.crossdoc_stale().unwrap());
}

fn cross_document_records_written_in_parts_keep_their_order_and_fail_whole(db: &TestDb) {
    let mut store = db.open();
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    store.replace_crossdoc(&[("story", "old".into())], 1).unwrap();
    // Three parts, each reading the store as it is made; outside a transaction of the caller's.
    let mut made = 0;
    store
        .replace_crossdoc_by_parts(1, |s| {
            assert!(s.document(DocId(1)).unwrap().is_some(), "a part may read the store");
            made += 1;
            Ok((made <= 3).then(|| vec![("story", format!("{made}a")), ("story", format!("{made}b"))]))
        })
        .unwrap();
    assert_eq!(crossdoc_rows(&store), ["1a", "1b", "2a", "2b", "3a", "3b"]);
    assert!(!store.crossdoc_stale().unwrap());
    // A part that fails leaves every record as it was, inside a rebuild's transaction too.
    let mut parts = 0;
    let failed = store.atomically(|s| {
        s.replace_crossdoc_by_parts(1, |s| {
            parts += 1;
            match parts {
                1 => Ok(Some(vec![("story", "new".into())])),
                _ => Err(s.corrupt("made up".into())),
            }
        })
    });
    assert!(failed.is_err());
    assert_eq!(crossdoc_rows(&store), ["1a", "1b", "2a", "2b", "3a", "3b"]);
}

fn a_failed_atomic_rebuild_leaves_documents_and_records_as_they_were(db: &TestDb) {
    let mut store = db.open();
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    store.replace_crossdoc(&[("story", "old".into())], 1).unwrap();
    let before = store.document(DocId(1)).unwrap().unwrap().doc;
    let result: Result<(), StoreError> = store.atomically(|s| {
        let mut redone = Record::new(before.clone());
        redone.doc.published = None;
        s.redo_document(DocId(1), &redone)?;
        s.replace_crossdoc(&[("story", "new".into())], 1)?;
        Err(s.corrupt("stopped on purpose".into()))
    });
    assert!(result.is_err());
    assert_eq!(crossdoc_rows(&store), ["old"]);
    assert_eq!(store.document(DocId(1)).unwrap().unwrap().doc, before);
    // And a successful one commits both.
    store
        .atomically(|s| {
            s.replace_crossdoc(&[("story", "new".into())], 1)?;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    drop(store);
    assert_eq!(crossdoc_rows(&db.open()), ["new"]);
}

fn a_store_from_before_the_marker_is_rebuilt_once(db: &TestDb) {
    let mut store = db.open();
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    store.replace_crossdoc(&[], 1).unwrap();
    drop(store);
    // Back to schema 4, as the previous release left it: records there, no marker.
    db.raw(
        &format!("{UNPACK_SQLITE} DROP TABLE likenesses; ALTER TABLE events DROP COLUMN words; DROP TABLE state; PRAGMA user_version = 4;"),
        &format!("{UNPACK_PG} DROP TABLE likenesses; ALTER TABLE events DROP COLUMN words; DROP TABLE state; UPDATE schema_version SET version = 4;"),
    );
    let mut store = db.open();
    assert!(store.crossdoc_stale().unwrap(), "whether its records are current is unknown");
    store.replace_crossdoc(&[], store.documents_version().unwrap()).unwrap();
    assert!(!store.crossdoc_stale().unwrap());
}

fn a_read_only_store_reads_summaries_sees_new_commits_and_refuses_writes(db: &TestDb) {
    if !db.is_postgres() {
        // A PostgreSQL database exists before its store does; a folder need not.
        let missing = Store::open_read_only_at(&db.location()).err().expect("no database yet");
        assert!(missing.to_string().contains("marsad ingest"), "{missing}");
    }
    let mut writer = db.open();
    writer.put_batch(&[rec("a.txt", Some("عنوان الخبر"), BODY)]).unwrap();
    let mut reader = Store::open_read_only_at(&db.location()).unwrap();
    let mut summaries = Vec::new();
    reader
        .for_each_document_summary(|s| {
            summaries.push(s);
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].headline.as_deref(), Some("عنوان الخبر"));
    assert_eq!(summaries[0].outlet.as_ref().unwrap().id, "ENAB_BALADI");
    assert_eq!(summaries[0].chars, format!("عنوان الخبر\n\n{BODY}").chars().count() as u64, "a length in chars");
    let before = reader.data_version().unwrap();
    writer.put_batch(&[rec("b.txt", None, "خبر ثان عن قصف آخر.")]).unwrap();
    let after_batch = reader.data_version().unwrap();
    assert_ne!(after_batch, before, "a reader learns that another connection wrote");
    writer.replace_crossdoc(&[("story", "{}".into())], 2).unwrap();
    assert_ne!(reader.data_version().unwrap(), after_batch, "a reader learns of a rebuild too");
    assert!(reader.put_batch(&[rec("c.txt", None, "خبر ثالث.")]).is_err(), "a read-only store refuses writes");
    assert_eq!(reader.count().unwrap(), 2);
}

/// A database that holds no store yet, opened read-only, says to ingest first.
#[test]
fn postgres_an_empty_database_opened_read_only_says_to_ingest_first() {
    let Some(db) = TestDb::postgres("an_empty_database_opened_read_only") else { return };
    let missing = Store::open_read_only_at(&db.location()).err().expect("no store yet");
    assert!(missing.to_string().contains("marsad ingest"), "{missing}");
    assert!(missing.to_string().starts_with("postgres://"), "{missing}");
}

/// Nothing listens on this port: the error names the database, without its password.
#[test]
fn an_unreachable_server_is_named_without_its_password() {
    let location = StoreLocation::parse("postgres://marsad:s3cret@127.0.0.1:1/news?connect_timeout=5").unwrap();
    let err = Store::open_at(&location).err().expect("nothing listens on port 1");
    let text = err.to_string();
    assert!(text.starts_with("postgres://marsad@127.0.0.1:1/news: connecting: "), "{text}");
    assert!(!text.contains("s3cret"), "{text}");
}

fn a_document_is_dated_once_its_publication_date_is_stored(db: &TestDb) {
    let mut store = db.open();
    let mut undated = doc("b.txt", None, "خبر ثان بلا تاريخ عن اشتباكات في ريف المدينة الجنوبي.");
    undated.published = None;
    store.put_batch(&[rec("a.txt", None, BODY), Record::new(undated.clone())]).unwrap();
    assert!(store.is_dated(DocId(1)).unwrap());
    assert!(!store.is_dated(DocId(2)).unwrap());
    assert!(!store.is_dated(DocId(99)).unwrap(), "an unknown id is not dated");
    assert_eq!(store.text(DocId(1)).unwrap(), Some(store.document(DocId(1)).unwrap().unwrap().doc.text));
    assert_eq!(store.text(DocId(99)).unwrap(), None);
    undated.published = doc("c.txt", None, BODY).published;
    store.redo_document(DocId(2), &Record::new(undated)).unwrap();
    assert!(store.is_dated(DocId(2)).unwrap());
}

/// Article `i` of a made-up corpus, with `i + 1` mentions and `i % 3` events.
fn numbered(i: usize, source: &str) -> Record {
    let body = format!("خبر رقم {i} عن قصف في الحي {i} من المدينة وسقوط {i} قذيفة.");
    let mut record = rec(source, None, &body);
    record.mentions = Mentions::new((0..=i)
        .map(|k| (MentionRow { kind: "place".into(), span: Span::new(0, 3).unwrap(), entity_id: Some(format!("p{k}")) }, format!("{{\"m\":{k}}}"))));
    record.events = (0..i % 3)
        .map(|k| EventRow { sub_type: "Armed clash".into(), place_id: None, start: None, end: None, json: Packed::json(&format!("{{\"e\":{k}}}")), words: Vec::new() })
        .collect();
    record
}

fn two_writers_with_overlapping_batches_store_each_document_once(db: &TestDb) {
    const N: usize = 120;
    // Two workers read overlapping inputs: the first articles 0..90 in order, the second
    // 30..120 backwards, in batches of 7, both at once.
    let first: Vec<Record> = (0..90).map(|i| numbered(i, &format!("one/{i}.txt"))).collect();
    let second: Vec<Record> = (30..N).rev().map(|i| numbered(i, &format!("two/{i}.txt"))).collect();
    db.open(); // made once, so that the two writers race on documents, not on the schema
    let barrier = std::sync::Barrier::new(2);
    let done = std::sync::atomic::AtomicBool::new(false);
    let outcomes: Vec<Vec<PutOutcome>> = std::thread::scope(|scope| {
        // A follower (the search index, the cross-document marker) goes by id: whenever it
        // looks, the documents it sees must be exactly those numbered up to the highest, or
        // one committed later under a lower id would never be seen.
        let watcher = scope.spawn(|| {
            let mut store = db.open();
            let mut looks = 0;
            while !done.load(Ordering::Relaxed) {
                let (count, highest) = store.snapshot(|s| Ok::<_, StoreError>((s.count()?, s.documents_version()?))).unwrap();
                assert_eq!(count, highest, "a document below the highest id is missing");
                looks += 1;
            }
            looks
        });
        let workers: Vec<_> = [&first, &second]
            .into_iter()
            .map(|records| {
                let barrier = &barrier;
                scope.spawn(move || {
                    let mut store = db.open();
                    barrier.wait();
                    records.chunks(7).flat_map(|batch| store.put_batch(batch).unwrap()).collect()
                })
            })
            .collect();
        let outcomes: Vec<_> = workers.into_iter().map(|w| w.join()).collect();
        // Stopped before any worker's failure is raised, or the scope would wait for it forever.
        done.store(true, Ordering::Relaxed);
        assert!(watcher.join().unwrap() > 0);
        outcomes.into_iter().map(|o| o.unwrap()).collect()
    });
    let new = outcomes.iter().flatten().filter(|o| matches!(o, PutOutcome::New(_))).count();
    assert_eq!(new, N, "each article is new to exactly one worker");
    // Where both saw an article, they agree on its id.
    let id_of = |o: &PutOutcome| match o {
        PutOutcome::New(id) | PutOutcome::AlreadyStored(id) => *id,
    };
    let by_first: HashMap<usize, DocId> = (0..90).zip(outcomes[0].iter().map(id_of)).collect();
    for (i, o) in (30..N).rev().zip(&outcomes[1]) {
        if let Some(id) = by_first.get(&i) {
            assert_eq!(*id, id_of(o), "article {i}");
        }
    }
    let store = db.open();
    assert_eq!(store.count().unwrap(), N as u64);
    assert_eq!(db.raw_count("SELECT count(DISTINCT content_key) FROM documents"), N as i64);
    let mentions: usize = (0..N).map(|i| i + 1).sum();
    let events: usize = (0..N).map(|i| i % 3).sum();
    assert_eq!(db.raw_count("SELECT count(*) FROM mentions"), mentions as i64, "every document's mentions, once");
    assert_eq!(db.raw_count("SELECT count(*) FROM events"), events as i64, "every document's events, once");
    assert_eq!(db.raw_count("SELECT count(*) FROM sightings"), 180, "every source each article was read from");
    // Ids were handed out in commit order: the documents are numbered 1..=N without a gap.
    assert_eq!(store.documents_version().unwrap(), N as u64);
}

fn two_rebuilds_at_once_do_not_lose_each_others_writes(db: &TestDb) {
    let mut store = db.open();
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    drop(store);
    // Each rebuild reads the records, waits, and writes them back with one more: were they
    // to interleave, both would read none and one record would be lost.
    let barrier = std::sync::Barrier::new(2);
    std::thread::scope(|scope| {
        for worker in ["one", "two"] {
            let barrier = &barrier;
            scope.spawn(move || {
                let mut store = db.open();
                barrier.wait();
                store
                    .atomically(|s| {
                        let mut rows = crossdoc_rows(s);
                        std::thread::sleep(std::time::Duration::from_millis(300));
                        rows.push(worker.to_string());
                        let records: Vec<(&str, String)> = rows.into_iter().map(|r| ("story", r)).collect();
                        s.replace_crossdoc(&records, 1)
                    })
                    .unwrap();
            });
        }
    });
    let mut rows = crossdoc_rows(&db.open());
    rows.sort();
    assert_eq!(rows, ["one", "two"]);
}

fn two_workers_opening_a_new_store_at_once_both_find_it_ready(db: &TestDb) {
    let barrier = std::sync::Barrier::new(4);
    std::thread::scope(|scope| {
        for i in 0..4 {
            let barrier = &barrier;
            scope.spawn(move || {
                barrier.wait();
                let mut store = db.open();
                store.put_batch(&[rec(&format!("{i}.txt"), None, BODY)]).unwrap();
            });
        }
    });
    let store = db.open();
    assert_eq!(store.count().unwrap(), 1);
    assert!(store.crossdoc_stale().unwrap());
}

fn walks_go_past_a_page_and_allow_reads_inside(db: &TestDb) {
    // More than a page of documents (64 on PostgreSQL), mentions and events (500).
    let mut store = db.open();
    let records: Vec<Record> = (0..150).map(|i| numbered(i % 40 + 40 * (i / 40), &format!("{i}.txt"))).collect();
    store.put_batch(&records).unwrap();
    let mut seen = Vec::new();
    store
        .for_each_document(|d| {
            // The store can be read again inside a walk (the search index does).
            let events = store.events_of(d.id)?;
            seen.push((d.id, events.len()));
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(seen.len(), 150);
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "in id order");
    let mut after = 0;
    store
        .for_each_document_after(Some(DocId(100)), |_| {
            after += 1;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(after, 50);
    let (mut mentions, mut events, mut summaries) = (0, 0, 0);
    store
        .for_each_mention(|_, _| {
            mentions += 1;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    store
        .for_each_event(|_, _, _| {
            events += 1;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    store
        .for_each_document_summary(|_| {
            summaries += 1;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(mentions, (0..150).map(|i| i + 1).sum::<usize>());
    assert_eq!(events, (0..150).map(|i| i % 3).sum::<usize>());
    assert_eq!(summaries, 150);
    let records: Vec<(&str, String)> = (0..1200).map(|i| ("story", i.to_string())).collect();
    store.replace_crossdoc(&records, 150).unwrap();
    assert_eq!(crossdoc_rows(&store), (0..1200).map(|i| i.to_string()).collect::<Vec<_>>());
}

fn events_are_read_by_a_range_of_dates_with_their_words(db: &TestDb) {
    let mut store = db.open();
    assert_eq!(store.event_dates().unwrap(), None, "an empty store has no dates");
    let event = |day: Option<&str>, k: u32| EventRow {
        sub_type: "Armed clash".into(),
        place_id: None,
        start: day.map(String::from),
        end: day.map(String::from),
        json: Packed::json(&format!("{{\"e\":{k}}}")),
        words: vec![u64::from(k)],
    };
    let mut first = rec("a.txt", None, BODY);
    first.events = vec![event(Some("2019-05-20"), 1), event(None, 2), event(Some("2019-04-30"), 3)];
    let mut second = rec("b.txt", None, "خبر ثان عن اشتباكات في ريف المدينة.");
    second.events = vec![event(Some("2019-05-01"), 4), event(Some("2019-05-31"), 5)];
    store.put_batch(&[first, second]).unwrap();
    let read = |dates: Option<(&str, &str)>| {
        let mut out: Vec<(String, u64, bool)> = Vec::new();
        store
            .for_each_event_dated(dates, |_, doc, json, wording| {
                let k: u64 = json.trim_start_matches("{\"e\":").trim_end_matches('}').parse().unwrap();
                let right = match wording {
                    Wording::Keys(words) => words == vec![k],
                    // An event stored before the keys were: its own document's text.
                    Wording::Text(text) => text.starts_with("خبر ثان") == (doc.0 == 2),
                };
                out.push((json.to_string(), doc.0, right));
                Ok::<_, StoreError>(())
            })
            .unwrap();
        out
    };
    // May, the end left out: by date whatever the document and storing order.
    let may = read(Some(("2019-05-01", "2019-05-31")));
    assert_eq!(
        may,
        vec![("{\"e\":4}".to_string(), 2, true), ("{\"e\":1}".to_string(), 1, true)],
        "each event comes with its own word keys"
    );
    assert_eq!(read(None), vec![("{\"e\":2}".to_string(), 1, true)]);
    // Events stored before the keys were (schema 5) come with their document's text instead.
    db.raw("UPDATE events SET words = NULL", "UPDATE events SET words = NULL");
    assert_eq!(read(Some(("2019-05-01", "2019-05-31"))), may);
    let texts = store.events_with_words_of(DocId(2)).unwrap();
    assert!(texts.iter().all(|(.., w)| matches!(w, Wording::Text(t) if t.starts_with("خبر ثان"))));
    db.raw("UPDATE events SET words = x'0102'", "UPDATE events SET words = '\\x0102'");
    let err = store.event_with_words(texts[0].0).unwrap_err().to_string();
    assert!(err.contains("not a multiple of 8"), "{err}");
    assert_eq!(store.event_dates().unwrap(), Some(("2019-04-30".into(), "2019-05-31".into())));
}

fn documents_are_read_with_their_likeness_or_else_their_text(db: &TestDb) {
    let mut store = db.open();
    let mut first = rec("a.txt", Some("عنوان الخبر"), BODY);
    first.likeness = Some(Likeness { body_start: 24, signature: vec![1, u32::MAX, 7] });
    let second = rec("b.txt", None, "خبر ثان عن اشتباكات في ريف المدينة.");
    store.put_batch(&[first, second]).unwrap();
    let read = |store: &Store| {
        let mut out: Vec<DocumentLikeness> = Vec::new();
        store.for_each_document_likeness(|d| {
            out.push(d);
            Ok::<_, StoreError>(())
        })?;
        Ok::<_, StoreError>(out)
    };
    let docs = read(&store).unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!((docs[0].id, docs[0].outlet_id.as_deref()), (DocId(1), Some("ENAB_BALADI")));
    assert_eq!(docs[0].published, Some(jiff::civil::date(2019, 5, 20)));
    assert_eq!(docs[0].likeness, Compared::Stored(Likeness { body_start: 24, signature: vec![1, u32::MAX, 7] }));
    // A document stored without one, or before they were (schema 6): its text and headline.
    assert_eq!(docs[1].likeness, Compared::Text { text: "خبر ثان عن اشتباكات في ريف المدينة.".into(), headline: None });
    db.raw("DELETE FROM likenesses", "DELETE FROM likenesses");
    let Compared::Text { text, headline } = &read(&store).unwrap()[0].likeness else { panic!("the text, with no likeness stored") };
    assert!(text.starts_with("عنوان الخبر") && text.ends_with(BODY));
    assert_eq!(headline.as_deref(), Some("عنوان الخبر"));
    // A signature cut short is reported, naming the document.
    db.raw("INSERT INTO likenesses VALUES (1, 0, x'010203')", "INSERT INTO likenesses VALUES (1, 0, '\\x010203')");
    let err = read(&store).unwrap_err().to_string();
    assert!(err.contains("document 1") && err.contains("3 bytes"), "{err}");
}

fn likenesses_stored_in_the_documents_table_move_to_their_own(db: &TestDb) {
    let mut store = db.open();
    let mut first = rec("a.txt", Some("عنوان الخبر"), BODY);
    first.likeness = Some(Likeness { body_start: 24, signature: vec![1, u32::MAX, 7] });
    store.put_batch(&[first, rec("b.txt", None, "خبر ثان عن اشتباكات في ريف المدينة.")]).unwrap();
    drop(store);
    // Back to schema 7, which kept them as the documents' last columns.
    let back = |blob: &str, version: &str| {
        format!(
            "ALTER TABLE documents ADD COLUMN signature {blob}; ALTER TABLE documents ADD COLUMN body_start BIGINT;
             UPDATE documents SET signature = (SELECT signature FROM likenesses WHERE doc_id = id),
                                  body_start = (SELECT body_start FROM likenesses WHERE doc_id = id);
             DROP TABLE likenesses; {version};"
        )
    };
    db.raw(
        &format!("{UNPACK_SQLITE} {}", back("BLOB", "PRAGMA user_version = 7")),
        &format!("{UNPACK_PG} {}", back("BYTEA", "UPDATE schema_version SET version = 7")),
    );
    let store = db.open();
    let mut read: Vec<DocumentLikeness> = Vec::new();
    store
        .for_each_document_likeness(|d| {
            read.push(d);
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(read[0].likeness, Compared::Stored(Likeness { body_start: 24, signature: vec![1, u32::MAX, 7] }));
    assert!(matches!(&read[1].likeness, Compared::Text { text, .. } if text.starts_with("خبر ثان")));
}

/// A document with two mentions and an event, and a story record, as JSON.
const MENTION_A: &str = r#"{"span":[0,5],"type":"place","entity":{"id":"wof:1","ar":"كركوك"}}"#;
const MENTION_B: &str = r#"{"span":[9,14],"type":"actor","entity":{"id":"ISIS"}}"#;
const EVENT_JSON: &str = r#"{"type":"Battles","sub_type":"Armed clash","fatalities":{"low":3}}"#;
const STORY_JSON: &str = r#"{"id":"s1","documents":["d1"]}"#;

fn packed_record() -> Record {
    let mut record = rec("a.txt", None, BODY);
    let mention = |kind: &str, json: &'static str| (MentionRow { kind: kind.into(), span: Span::new(0, 5).unwrap(), entity_id: Some("x".into()) }, json);
    record.mentions = Mentions::new([mention("place", MENTION_A), mention("actor", MENTION_B)]);
    let event = EventRow { sub_type: "Armed clash".into(), place_id: None, start: None, end: None, json: Packed::json(EVENT_JSON), words: vec![] };
    record.events = vec![event];
    record
}

/// What the store reads back of [`packed_record`]: mentions by walk and by document, the
/// event's JSON, the story records.
fn read_back(store: &Store) -> (Vec<String>, Vec<String>, Vec<String>, Vec<String>) {
    let mut walked = Vec::new();
    store.for_each_mention(|_, json| {
        walked.push(json.to_string());
        Ok::<_, StoreError>(())
    })
    .unwrap();
    let events = store.events_of(DocId(1)).unwrap().into_iter().map(|(_, json)| json).collect();
    (walked, store.mentions_of(DocId(1)).unwrap(), events, crossdoc_rows(store))
}

fn json_stored_plain_before_packing_is_read_and_mentions_move_to_lists(db: &TestDb) {
    let mut store = db.open();
    store.put_batch(&[packed_record()]).unwrap();
    store.replace_crossdoc(&[("story", STORY_JSON.into())], 1).unwrap();
    let expected = (
        vec![MENTION_A.to_string(), MENTION_B.to_string()],
        vec![MENTION_A.to_string(), MENTION_B.to_string()],
        vec![EVENT_JSON.to_string()],
        vec![STORY_JSON.to_string()],
    );
    assert_eq!(read_back(&store), expected);
    // Packed on disk: not the JSON itself.
    assert_eq!(db.raw_count(&format!("SELECT count(*) FROM events WHERE length(json) >= {}", EVENT_JSON.len())), 0);
    drop(store);
    // Back to schema 8: plain JSON, each mention's in its own row.
    let back = |text: &str, version: &str| {
        format!(
            "DROP TABLE mention_lists; ALTER TABLE mentions ADD COLUMN json TEXT;
             UPDATE mentions SET json = CASE seq WHEN 0 THEN '{MENTION_A}' ELSE '{MENTION_B}' END;
             {text}
             UPDATE events SET json = '{EVENT_JSON}'; UPDATE crossdoc SET json = '{STORY_JSON}'; {version};"
        )
    };
    db.raw(
        &back("", "PRAGMA user_version = 8"),
        &back(
            "ALTER TABLE events ALTER COLUMN json TYPE TEXT USING ''; ALTER TABLE crossdoc ALTER COLUMN json TYPE TEXT USING '';",
            "UPDATE schema_version SET version = 8",
        ),
    );
    let store = db.open();
    assert_eq!(read_back(&store), expected);
    assert_eq!(db.raw_count("SELECT count(*) FROM mention_lists"), 1);
}

fn a_damaged_packed_value_is_reported_naming_the_database(db: &TestDb) {
    let mut store = db.open();
    store.put_batch(&[packed_record()]).unwrap();
    // A packed value whose block was cut short.
    db.raw(
        "UPDATE events SET json = substr(json, 1, 8)",
        "UPDATE events SET json = substring(json from 1 for 8)",
    );
    let err = store.events_of(DocId(1)).unwrap_err().to_string();
    assert!(err.starts_with(&store.name()) && err.contains("does not unpack"), "{err}");
    db.raw("UPDATE mention_lists SET packed = x'07'", "UPDATE mention_lists SET packed = '\\x07'");
    let err = store.mentions_of(DocId(1)).unwrap_err().to_string();
    assert!(err.contains("0x07"), "{err}");
}
