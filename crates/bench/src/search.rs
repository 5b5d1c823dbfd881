//! `marsad-bench search`: builds a store of generated reports (every per-document stage run,
//! so mentions and events are as ingest makes them), then times the search index: a full
//! build from the store, an incremental sync, and query latency (p50/p99) by kind of query.

use crate::data::data;
use crate::{Article, compose};
use marsad_model::{DatePrecision, DocId, Document, EncodingBasis, EncodingUsed, Format, OffsetMap, Outlet, Published, SourceRef, Span};
use marsad_search::{DateRange, Filters, Page, Query, QueryText, Scope, SearchIndex};
use marsad_store::{Record, Store};
use std::path::Path;
use std::time::Instant;

/// Figures of one run, printed by the caller.
pub struct SearchFigures {
    pub docs: u64,
    pub prepare_s: f64,
    pub build_s: f64,
    pub sync_docs: u64,
    pub sync_s: f64,
    pub index_mb: f64,
    pub latencies: Vec<Latency>,
}

fn document(a: &Article) -> Document {
    let text = a.body();
    let mut offsets = OffsetMap::default();
    offsets.push(Span::new(0, text.chars().count() as u32).expect("span in order"), 0..text.len() as u64);
    let o = &data().outlets[a.outlet];
    let p = &a.published;
    Document {
        source: SourceRef::item("generated.jsonl", a.index as u32 + 1),
        format: Format::Jsonl,
        encoding: EncodingUsed { name: "UTF-8".into(), basis: EncodingBasis::Container },
        url: Some(a.url.clone()),
        outlet: Some(Outlet { id: o.domain.split('.').next().unwrap_or("x").to_uppercase(), ar: o.ar.into(), en: o.en.into() }),
        byline: a.byline.clone(),
        headline: Some(a.headline.clone()),
        published: Some(Published {
            date: jiff::civil::date(p.year as i16, p.month as i8, p.day as i8),
            time: None,
            utc_offset_seconds: None,
            precision: DatePrecision::Day,
            basis: "generated".into(),
        }),
        original: text.clone().into_bytes(),
        text,
        boilerplate_removed: Vec::new(),
        offsets,
    }
}

/// Stores `range` of the generated articles, their stages run on all cores.
fn store_articles(store: &mut Store, seed: u64, range: std::ops::Range<u64>) -> Result<(), String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let mut at = range.start;
    while at < range.end {
        let end = (at + 512).min(range.end);
        let records: Vec<Record> = std::thread::scope(|s| {
            let parts: Vec<_> = (0..cores)
                .map(|c| s.spawn(move || (at + c..end).step_by(cores as usize).map(|i| (i, marsad::stages::record(document(&compose(seed, i))))).collect::<Vec<_>>()))
                .collect();
            let mut all: Vec<(u64, Record)> = parts.into_iter().flat_map(|p| p.join().expect("stage thread")).collect();
            all.sort_by_key(|(i, _)| *i);
            all.into_iter().map(|(_, r)| r).collect()
        });
        store.put_batch(&records).map_err(|e| e.to_string())?;
        at = end;
    }
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn dir_mb(dir: &Path) -> f64 {
    std::fs::read_dir(dir).map_or(0.0, |rd| rd.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len() as f64).sum::<f64>() / 1e6)
}

/// Runs the search benchmark over `n` generated documents in `dir`.
pub fn bench_search(dir: &Path, n: u64, seed: u64, queries: usize) -> Result<SearchFigures, String> {
    let mut store = Store::open(dir).map_err(|e| e.to_string())?;
    let sync_docs = (n / 100).max(1);
    let started = Instant::now();
    store_articles(&mut store, seed, 0..n - sync_docs)?;
    let prepare_s = started.elapsed().as_secs_f64();

    let index_dir = SearchIndex::dir_for(dir);
    let started = Instant::now();
    let index = SearchIndex::rebuild(&index_dir, &store).map_err(|e| e.to_string())?;
    let build_s = started.elapsed().as_secs_f64();

    store_articles(&mut store, seed, n - sync_docs..n)?;
    let started = Instant::now();
    let synced = index.sync(&store).map_err(|e| e.to_string())?;
    let sync_s = started.elapsed().as_secs_f64();
    if synced.added != sync_docs {
        return Err(format!("sync added {} documents, expected {sync_docs}", synced.added));
    }

    let latencies = query_latencies(&index, n, seed, queries)?;
    let status = index.status(&store).map_err(|e| e.to_string())?;
    if !status.is_current() || store.document(DocId(n)).map_err(|e| e.to_string())?.is_none() {
        return Err(format!("index and store disagree: {status:?}"));
    }
    Ok(SearchFigures { docs: n, prepare_s, build_s, sync_docs, sync_s, index_mb: dir_mb(&index_dir), latencies })
}

/// (kind of query, queries run, p50 ms, p99 ms, mean hits)
pub type Latency = (&'static str, usize, f64, f64, f64);

/// Runs `queries` queries of each kind against `index` over the first `n` generated articles
/// of `seed`, and gives their latencies.
pub fn query_latencies(index: &SearchIndex, n: u64, seed: u64, queries: usize) -> Result<Vec<Latency>, String> {
    // Query words drawn from the generated headlines, so every query can hit.
    let mut words: Vec<String> = Vec::new();
    for i in (0..n).step_by((n as usize / 400).max(1)) {
        let a = compose(seed, i);
        words.extend(a.headline.split_whitespace().filter(|w| w.chars().count() > 3).map(String::from));
    }
    if words.len() < 2 {
        return Err("too few words in the generated headlines".into());
    }
    let mut state = seed;
    let mut pick = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        words[(state >> 33) as usize % words.len()].clone()
    };
    let march = DateRange::new(Some(jiff::civil::date(2018, 3, 1)), Some(jiff::civil::date(2018, 3, 31))).expect("ordered");
    let dez = Filters { place: Some("ocha:SY09".into()), ..Filters::default() };
    // (name, words drawn, quoted as a phrase, fixed text, filters)
    let kinds: Vec<(&'static str, usize, bool, Option<&str>, Filters)> = vec![
        ("one word", 1, false, None, Filters::default()),
        ("two words", 2, false, None, Filters::default()),
        ("two words + date filter", 2, false, None, Filters { dates: march, ..Filters::default() }),
        ("two words + place filter", 2, false, None, dez),
        ("phrase of two words", 2, true, None, Filters::default()),
        ("actor alias (expanded)", 0, false, Some("قسد"), Filters::default()),
    ];
    let mut latencies = Vec::new();
    for (name, n_words, phrase, fixed, filters) in kinds {
        let mut times = Vec::with_capacity(queries);
        let mut hits = 0u64;
        for _ in 0..queries {
            let drawn = (0..n_words).map(|_| pick()).collect::<Vec<_>>().join(" ");
            let text = match (fixed, phrase) {
                (Some(t), _) => t.to_string(),
                (None, true) => format!("\"{drawn}\""),
                (None, false) => drawn,
            };
            let filters = filters.clone();
            let q = Query { text: QueryText::parse(&text).map_err(|e| e.to_string())?, filters, scope: Scope::Documents, page: Page::new(10, 0).expect("in range") };
            let t = Instant::now();
            let r = index.search(&q).map_err(|e| e.to_string())?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            hits += r.total;
        }
        times.sort_by(f64::total_cmp);
        latencies.push((name, queries, percentile(&times, 0.5), percentile(&times, 0.99), hits as f64 / queries as f64));
    }
    Ok(latencies)
}
