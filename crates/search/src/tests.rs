//! The engine end to end over a real store: clitic forms, alias expansion, phrases, every
//! filter, snippets in the original spelling, ranking, and incremental indexing against a
//! rebuild. The reports are written for these tests.

use super::*;
use jiff::civil::date;
use marsad_model::{DatePrecision, Document, EncodingBasis, EncodingUsed, Format, OffsetMap, Published, SourceRef, Span};
use marsad_store::{EventRow, MentionRow, Mentions, Packed, Record, Store};

/// A place of this name lying in this governorate (a gazetteer id).
fn place_in(name: &str, governorate: &str) -> String {
    marsad_entities::place_ids_named(name)
        .into_iter()
        .find(|id| marsad_entities::place_ancestors(id).iter().any(|a| a == governorate))
        .unwrap_or_else(|| panic!("no {name} in {governorate}"))
}

struct Report {
    source: &'static str,
    outlet: &'static str,
    published: Option<jiff::civil::Date>,
    headline: &'static str,
    body: &'static str,
    /// (kind, entity id)
    mentions: Vec<(&'static str, String)>,
    /// (type, sub-type, day, place id, actor ids)
    events: Vec<(&'static str, &'static str, jiff::civil::Date, String, Vec<&'static str>)>,
}

fn record(r: &Report) -> Record {
    let text = format!("{}\n\n{}", r.headline, r.body);
    let n = text.chars().count() as u32;
    let mut offsets = OffsetMap::default();
    offsets.push(Span::new(0, n).unwrap(), 0..text.len() as u64);
    let doc = Document {
        source: SourceRef::file(r.source),
        format: Format::Text,
        encoding: EncodingUsed { name: "UTF-8".into(), basis: EncodingBasis::ValidUtf8 },
        url: None,
        outlet: Some(Outlet { id: r.outlet.into(), ar: format!("منفذ {}", r.outlet), en: r.outlet.to_lowercase() }),
        byline: None,
        headline: Some(r.headline.into()),
        published: r.published.map(|d| Published { date: d, time: None, utc_offset_seconds: None, precision: DatePrecision::Day, basis: "test".into() }),
        original: text.clone().into_bytes(),
        text,
        boilerplate_removed: Vec::new(),
        offsets,
    };
    let mentions = Mentions::new(
        r.mentions.iter().map(|(kind, id)| (MentionRow { kind: kind.to_string(), span: Span::new(0, 1).unwrap(), entity_id: Some(id.clone()) }, "{}")),
    );
    // Each event is read from the body's first sentence.
    let start = r.headline.chars().count() as u32 + 2;
    let end = start + r.body.split('.').next().unwrap().chars().count() as u32;
    let events = r
        .events
        .iter()
        .map(|(t, sub, day, place, actors)| {
            let actors: Vec<_> = actors.iter().map(|a| serde_json::json!({ "id": a })).collect();
            let json = serde_json::json!({
                "type": t, "sub_type": sub,
                "date": { "start": day.to_string(), "end": day.to_string() },
                "place": { "id": place }, "also_places": [], "actors": actors,
                "explain": { "sentences": [[start, end]] },
            });
            EventRow { sub_type: sub.to_string(), place_id: Some(place.clone()), start: Some(day.to_string()), end: Some(day.to_string()), json: Packed::json(&json.to_string()), words: Vec::new() }
        })
        .collect();
    Record { doc, mentions, events, likeness: None }
}

fn reports() -> Vec<Report> {
    let hajin = place_in("هجين", "ocha:SY09");
    let bab = place_in("الباب", "ocha:SY02");
    vec![
        Report {
            source: "a.txt",
            outlet: "ALJAZEERA",
            published: Some(date(2024, 3, 10)),
            headline: "اشتباكات عنيفة في ريف دير الزور الشرقي",
            body: "اندلعت اشتباكات عنيفة بين قوات سوريا الديمقراطية ومسلحين من أبناء العشائر على أطراف بِهَجِين فجر السبت. \
                   وقال شهود إن دوي الانفجارات سُمع حتى ساعات الصباح الأولى.",
            mentions: vec![("place", hajin.clone()), ("actor", "SDF".into())],
            events: vec![("Battles", "Armed clash", date(2024, 3, 9), hajin.clone(), vec!["SDF"])],
        },
        Report {
            source: "b.txt",
            outlet: "SOHR",
            published: Some(date(2024, 5, 2)),
            headline: "قصف مدفعي على ريف حلب الشمالي",
            body: "استهدفت قوات النظام بقذائف المدفعية أحياء سكنية في مدينة الباب بريف حلب الشمالي، ما أدى إلى أضرار مادية. \
                   ولم ترد أنباء عن إصابات بين المدنيين.",
            mentions: vec![("place", bab.clone()), ("actor", "SYR_REGIME".into())],
            events: vec![("Explosions/Remote violence", "Shelling/artillery/missile attack", date(2024, 5, 1), bab, vec!["SYR_REGIME"])],
        },
        Report {
            source: "c.txt",
            outlet: "ALJAZEERA",
            published: Some(date(2024, 5, 20)),
            headline: "حملة دهم واعتقالات شرق الفرات",
            body: "قالت مصادر محلية إن عناصر من قسد داهموا منازل في بلدة الشعفة وهجين واعتقلوا عدداً من الشبان. \
                   وأضافت المصادر أن الحملة جاءت بعد هجوم على نقطة عسكرية.",
            mentions: vec![("place", hajin.clone()), ("actor", "SDF".into())],
            events: vec![("Strategic developments", "Arrests", date(2024, 5, 19), hajin, vec!["SDF"])],
        },
        Report {
            source: "d.txt",
            outlet: "SOHR",
            published: None,
            headline: "حلب تستعد لموسم زراعي جديد",
            body: "بدأ مزارعو حلب بتجهيز الأراضي للموسم القادم رغم ارتفاع أسعار الأسمدة. \
                   ويأمل سكان الريف أن تتحسن الأحوال بعد سنوات من الجفاف.",
            mentions: Vec::new(),
            events: Vec::new(),
        },
    ]
}

/// A store holding `reports` and an index synced with it, in a temporary folder.
fn setup(reports: &[Report]) -> (tempfile::TempDir, Store, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.put_batch(&reports.iter().map(record).collect::<Vec<_>>()).unwrap();
    let index = SearchIndex::open_or_create(&SearchIndex::dir_for(dir.path())).unwrap();
    index.sync(&store).unwrap();
    (dir, store, index)
}

fn run(index: &SearchIndex, text: &str, filters: Filters, scope: Scope) -> Results {
    let q = Query { text: QueryText::parse(text).unwrap(), filters, scope, page: Page::default() };
    index.search(&q).unwrap()
}

fn docs(index: &SearchIndex, text: &str) -> Vec<u64> {
    let mut ids: Vec<u64> = run(index, text, Filters::default(), Scope::Documents).hits.iter().map(|h| h.doc_id.0).collect();
    ids.sort();
    ids
}

#[test]
fn clitic_forms_find_the_bare_word_and_the_bare_word_finds_them() {
    let (_dir, _store, index) = setup(&reports());
    // d1 has بِهَجِين, d3 has وهجين.
    assert_eq!(docs(&index, "هجين"), vec![1, 3]);
    assert_eq!(docs(&index, "وهجين"), vec![1, 3]);
    assert_eq!(docs(&index, "بهجين"), vec![1, 3]);
    assert!(docs(&index, "الرقة").is_empty());
}

#[test]
fn an_actor_alias_finds_the_full_name_and_the_full_name_the_alias() {
    let (_dir, _store, index) = setup(&reports());
    // d1 writes قوات سوريا الديمقراطية, d3 writes قسد.
    assert_eq!(docs(&index, "قسد"), vec![1, 3]);
    assert_eq!(docs(&index, "\"قوات سوريا الديمقراطية\""), vec![1, 3]);
}

#[test]
fn a_phrase_needs_its_words_in_order_and_together() {
    let (_dir, _store, index) = setup(&reports());
    // d4 has حلب and الريف, not as the phrase.
    assert_eq!(docs(&index, "حلب الريف"), vec![2, 4]);
    assert_eq!(docs(&index, "\"ريف حلب\""), vec![2]);
    assert!(docs(&index, "\"حلب ريف\"").is_empty());
}

#[test]
fn filters_on_dates_outlet_place_actor_and_type() {
    let (_dir, _store, index) = setup(&reports());
    let ids = |text: &str, filters: Filters, scope: Scope| {
        let mut v: Vec<(u64, Option<u64>)> = run(&index, text, filters, scope).hits.iter().map(|h| (h.doc_id.0, h.event_id)).collect();
        v.sort();
        v
    };
    let may = Filters { dates: DateRange::new(Some(date(2024, 5, 1)), Some(date(2024, 5, 31))).unwrap(), ..Filters::default() };
    assert_eq!(ids("", may.clone(), Scope::Documents), vec![(2, None), (3, None)], "the undated d4 is left out");
    assert_eq!(ids("هجين", may, Scope::Documents), vec![(3, None)]);
    // An event's own date counts, not its report's: d3's arrests were on the 19th.
    let day = DateRange::new(Some(date(2024, 5, 19)), Some(date(2024, 5, 19))).unwrap();
    assert_eq!(ids("", Filters { dates: day, ..Filters::default() }, Scope::Events).len(), 1);

    let sohr = Filters { outlet: Some("sohr".into()), ..Filters::default() };
    assert_eq!(ids("حلب", sohr, Scope::Documents), vec![(2, None), (4, None)]);

    // Hajin lies in Deir ez-Zor: the governorate finds it, Aleppo does not.
    let dez = Filters { place: Some("ocha:SY09".into()), ..Filters::default() };
    assert_eq!(ids("", dez, Scope::Documents), vec![(1, None), (3, None)]);
    let aleppo = Filters { place: Some("حلب".into()), ..Filters::default() };
    assert_eq!(ids("", aleppo, Scope::Documents), vec![(2, None)]);

    let regime = Filters { actor: Some("SYR_REGIME".into()), ..Filters::default() };
    assert_eq!(ids("", regime, Scope::Documents), vec![(2, None)]);
    let sdf_by_alias = Filters { actor: Some("قسد".into()), ..Filters::default() };
    assert_eq!(ids("", sdf_by_alias, Scope::Documents), vec![(1, None), (3, None)]);

    let arrests = Filters { event_type: Some("arrests".into()), ..Filters::default() };
    assert_eq!(ids("", arrests.clone(), Scope::Events).iter().map(|h| h.0).collect::<Vec<_>>(), vec![3]);
    let battles = Filters { event_type: Some("Battles".into()), ..Filters::default() };
    assert_eq!(ids("هجين", battles, Scope::All).iter().map(|h| h.0).collect::<Vec<_>>(), vec![1, 1], "the document and its event");

    assert!(matches!(
        index.search(&Query { filters: Filters { place: Some("مكان لا وجود له".into()), ..Filters::default() }, ..Query::new("").unwrap() }),
        Err(SearchError::UnknownPlace(_))
    ));
    assert!(matches!(index.search(&Query::new("").unwrap()), Err(SearchError::EmptyQuery)));
}

#[test]
fn the_snippet_highlights_the_word_as_written_with_its_marks() {
    let (_dir, _store, index) = setup(&reports());
    let r = run(&index, "هجين", Filters::default(), Scope::Documents);
    let d1 = r.hits.iter().find(|h| h.doc_id.0 == 1).unwrap();
    let marked: Vec<&str> = d1.snippet.iter().filter(|f| f.highlighted).map(|f| f.text.as_str()).collect();
    assert_eq!(marked, vec!["بِهَجِين"]);
    assert!(d1.snippet_marked("[", "]").contains("أطراف [بِهَجِين] فجر"), "{}", d1.snippet_marked("[", "]"));
    // Typed with its clitic, the word matches by key and by stem: still one highlight.
    let r = run(&index, "بهجين", Filters::default(), Scope::Documents);
    let d1 = r.hits.iter().find(|h| h.doc_id.0 == 1).unwrap();
    assert_eq!(d1.snippet.iter().filter(|f| f.highlighted).map(|f| f.text.as_str()).collect::<Vec<_>>(), vec!["بِهَجِين"]);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["hits"][0]["snippet"].as_array().unwrap().iter().filter(|f| f["highlighted"] == true).count(), 1);
}

#[test]
fn ranking_puts_the_report_about_the_words_first() {
    let mut rs = reports();
    rs.push(Report {
        source: "e.txt",
        outlet: "SOHR",
        published: Some(date(2024, 6, 1)),
        headline: "انفجار عبوة ناسفة في هجين",
        body: "انفجرت عبوة ناسفة في سوق هجين الرئيسي. وأغلقت قوى الأمن مداخل هجين بعد الانفجار، فيما نقل الجرحى من هجين إلى مشفى قريب.",
        mentions: Vec::new(),
        events: Vec::new(),
    });
    let (_dir, _store, index) = setup(&rs);
    let r = run(&index, "انفجار هجين", Filters::default(), Scope::Documents);
    assert_eq!(r.hits[0].doc_id.0, 5, "{:?}", r.hits.iter().map(|h| (h.doc_id.0, h.score)).collect::<Vec<_>>());
    assert!(r.hits.windows(2).all(|w| w[0].score >= w[1].score));
    // The form typed ranks the document that writes it above one with another clitic.
    let r = run(&index, "وهجين", Filters::default(), Scope::Documents);
    assert_eq!(r.hits.iter().map(|h| h.doc_id.0).take(1).collect::<Vec<_>>(), vec![3]);
}

#[test]
fn pages_are_bounded_and_count_the_whole() {
    let (_dir, _store, index) = setup(&reports());
    let q = Query { page: Page::new(1, 1).unwrap(), ..Query::new("حلب").unwrap() };
    let r = index.search(&q).unwrap();
    assert_eq!((r.total, r.hits.len()), (2, 1));
}

#[test]
fn incremental_adds_give_the_same_answers_as_a_rebuild() {
    let rs = reports();
    let (dir, mut store, index) = setup(&rs[..2]);
    store.put_batch(&rs[2..].iter().map(record).collect::<Vec<_>>()).unwrap();
    assert!(!index.status(&store).unwrap().is_current());
    let report = index.sync(&store).unwrap();
    assert_eq!(report.added, 2);
    assert!(index.status(&store).unwrap().is_current());
    assert_eq!(index.sync(&store).unwrap(), SyncReport::default(), "nothing more to add");

    let other = dir.path().join("rebuilt");
    let rebuilt = SearchIndex::rebuild(&other, &store).unwrap();
    for text in ["هجين", "قسد", "\"ريف حلب\"", "حلب", "اشتباكات عنيفة"] {
        for scope in [Scope::Documents, Scope::All] {
            let a = run(&index, text, Filters::default(), scope);
            let b = run(&rebuilt, text, Filters::default(), scope);
            let key = |r: &Results| {
                let mut v: Vec<_> = r.hits.iter().map(|h| (h.doc_id.0, h.event_id, h.snippet.clone())).collect();
                v.sort_by_key(|x| (x.0, x.1));
                v
            };
            assert_eq!((a.total, key(&a)), (b.total, key(&b)), "{text}");
        }
    }
}

#[test]
fn a_document_dated_later_by_its_story_is_indexed_again() {
    let rs = reports();
    let (_dir, mut store, index) = setup(&rs);
    let june = Filters { dates: DateRange::new(Some(date(2024, 6, 3)), None).unwrap(), ..Filters::default() };
    assert!(run(&index, "حلب", june.clone(), Scope::Documents).hits.is_empty());
    let mut r = record(&rs[3]);
    r.doc.published = Some(Published { date: date(2024, 6, 3), time: None, utc_offset_seconds: None, precision: DatePrecision::Day, basis: "story".into() });
    store.redo_document(DocId(4), &r).unwrap();
    assert_eq!(index.sync(&store).unwrap(), SyncReport { added: 0, redated: 1 });
    let hits = run(&index, "حلب", june, Scope::Documents).hits;
    assert_eq!(hits.iter().map(|h| h.doc_id.0).collect::<Vec<_>>(), vec![4]);
    assert_eq!(index.status(&store).unwrap().indexed_documents, 4);
}

#[test]
fn a_missing_or_foreign_index_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(SearchIndex::open(&dir.path().join("search")), Err(SearchError::Missing { .. })));
    let idx = dir.path().join("search");
    drop(SearchIndex::open_or_create(&idx).unwrap());
    std::fs::write(idx.join("marsad-search-format"), "0").unwrap();
    let err = SearchIndex::open(&idx).err().unwrap();
    assert!(err.to_string().contains("rebuilt"), "{err}");
}
