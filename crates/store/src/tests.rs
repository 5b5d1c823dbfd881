//! Store tests: idempotent writes, round trips, schema versions, and corruption named.

use super::*;
use marsad_model::{DatePrecision, EncodingBasis, Span};

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

#[test]
fn the_same_article_is_stored_once_whatever_its_spelling_and_headline() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
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
}

#[test]
fn documents_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut d = doc("feeds/f.xml", Some("عنوان"), BODY);
    d.source = SourceRef::item("feeds/f.xml", 3);
    let mention = MentionRow {
        kind: "place".into(),
        span: Span::new(0, 5).unwrap(),
        entity_id: Some("wof:1".into()),
        json: r#"{"span":[0,5],"type":"place"}"#.into(),
    };
    store.put_batch(&[Record { doc: d.clone(), mentions: vec![mention.clone()], events: Vec::new() }]).unwrap();
    // The same article again: neither it nor its mentions are stored twice.
    store.put_batch(&[Record { doc: d.clone(), mentions: vec![mention], events: Vec::new() }]).unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
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
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    Store::open(dir.path()).unwrap().put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Store::open(dir.path()).err().unwrap();
    assert!(err.to_string().contains("schema version 99"), "{err}");
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    let n: i64 = conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
}

#[test]
fn corrupt_rows_are_reported_with_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    store.conn.execute("UPDATE documents SET offsets = 'not json'", []).unwrap();
    let err = store.for_each_document(|_| Ok::<_, StoreError>(())).unwrap_err();
    assert!(err.to_string().contains("document 1: column offsets"), "{err}");
}

#[test]
fn a_failed_batch_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    // Make the second insert of the batch fail: a trigger refuses one source name.
    store
        .conn
        .execute_batch("CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.source = 'bad.txt' BEGIN SELECT RAISE(ABORT, 'refused'); END;")
        .unwrap();
    let err = store.put_batch(&[rec("ok.txt", None, "خبر جديد."), rec("bad.txt", None, "خبر آخر.")]);
    assert!(err.is_err());
    assert_eq!(store.count().unwrap(), 1);
}

#[test]
fn a_version_1_database_is_migrated_and_keeps_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        // A database as the first release wrote it: schema 1 only.
        let mut conn = Connection::open(&path).unwrap();
        let tx = conn.transaction().unwrap();
        tx.execute_batch(schema::MIGRATIONS[0]).unwrap();
        tx.pragma_update(None, "user_version", 1).unwrap();
        tx.commit().unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    let v: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, schema::VERSION);
    assert_eq!(store.count().unwrap(), 1);
}

fn crossdoc_rows(store: &Store) -> Vec<String> {
    let mut rows = Vec::new();
    store.for_each_crossdoc("story", |j| {
        rows.push(j.to_string());
        Ok::<_, StoreError>(())
    })
    .unwrap();
    rows
}

#[test]
fn crossdoc_records_are_stale_until_computed_over_the_last_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    assert!(!store.crossdoc_stale().unwrap(), "an empty store has nothing to rebuild");
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    // Killed here (the batch committed, the rebuild not): the store says so when reopened.
    drop(store);
    let mut store = Store::open(dir.path()).unwrap();
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

#[test]
fn a_failed_atomic_rebuild_leaves_documents_and_records_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    store.replace_crossdoc(&[("story", "old".into())], 1).unwrap();
    let before = store.document(DocId(1)).unwrap().unwrap().doc;
    let result: Result<(), StoreError> = store.atomically(|s| {
        let mut redone = Record::new(before.clone());
        redone.doc.published = None;
        s.redo_document(DocId(1), &redone)?;
        s.replace_crossdoc(&[("story", "new".into())], 1)?;
        Err(StoreError::Corrupt { path: s.path().to_path_buf(), what: "stopped on purpose".into() })
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
    assert_eq!(crossdoc_rows(&Store::open(dir.path()).unwrap()), ["new"]);
}

#[test]
fn a_store_from_before_the_marker_is_rebuilt_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.put_batch(&[rec("a.txt", None, BODY)]).unwrap();
    store.replace_crossdoc(&[], 1).unwrap();
    // Back to schema 4, as the previous release left it: records there, no marker.
    store.conn.execute_batch("DROP TABLE state; PRAGMA user_version = 4;").unwrap();
    drop(store);
    let mut store = Store::open(dir.path()).unwrap();
    assert!(store.crossdoc_stale().unwrap(), "whether its records are current is unknown");
    store.replace_crossdoc(&[], store.documents_version().unwrap()).unwrap();
    assert!(!store.crossdoc_stale().unwrap());
}

#[test]
fn a_read_only_store_reads_summaries_sees_new_commits_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let missing = Store::open_read_only(dir.path()).err().expect("no database yet");
    assert!(missing.to_string().contains("marsad ingest"), "{missing}");
    let mut writer = Store::open(dir.path()).unwrap();
    writer.put_batch(&[rec("a.txt", Some("عنوان الخبر"), BODY)]).unwrap();
    let mut reader = Store::open_read_only(dir.path()).unwrap();
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
    let before = reader.data_version().unwrap();
    writer.put_batch(&[rec("b.txt", None, "خبر ثان عن قصف آخر.")]).unwrap();
    assert_ne!(reader.data_version().unwrap(), before, "a reader learns that another connection wrote");
    assert!(reader.put_batch(&[rec("c.txt", None, "خبر ثالث.")]).is_err(), "a read-only store refuses writes");
    assert_eq!(reader.count().unwrap(), 2);
}

#[test]
fn a_document_is_dated_once_its_publication_date_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut undated = doc("b.txt", None, "خبر ثان بلا تاريخ عن اشتباكات في ريف المدينة الجنوبي.");
    undated.published = None;
    store.put_batch(&[rec("a.txt", None, BODY), Record::new(undated.clone())]).unwrap();
    assert!(store.is_dated(DocId(1)).unwrap());
    assert!(!store.is_dated(DocId(2)).unwrap());
    assert!(!store.is_dated(DocId(99)).unwrap(), "an unknown id is not dated");
    undated.published = doc("c.txt", None, BODY).published;
    store.redo_document(DocId(2), &Record::new(undated)).unwrap();
    assert!(store.is_dated(DocId(2)).unwrap());
}
