//! `marsad-bench`: prints throughput, memory and extraction-accuracy figures. Never a test.
//!
//! `analyze`  the per-document stages alone (Arabic core, entities, events) on one core over
//!            generated ~4 KB articles, without reading or storing: documents/s and each
//!            stage's share, and peak memory;
//! `ingest`   generated corpora of growing size, ingested on one core and on all cores, each run
//!            in a child process so its peak memory is its own;
//! `scale`    the same, then of the store the all-cores run made: its size on disk, search
//!            latency p50/p99 by kind of query, and the time each export format takes;
//! `store`    those figures of a store ingested by hand from `gen N DIR` (for sizes where the
//!            ingest itself is run and timed apart, such as a million documents);
//! `rebuild`  the cross-document stage alone, again, on a store ingested by hand (to profile
//!            it without ingesting again: the records it writes are those already there);
//! `news`     the same on real articles (a JSONL file, e.g. ../shared/data/news/…);
//! `html`     main-text extraction on labelled pages, side by side with trafilatura (PyPI);
//! `search`   the search index over generated documents: build (docs/s), incremental sync,
//!            and query latency p50/p99 by kind of query;
//! `crash`    kills `marsad ingest` at random moments, restarts it, and checks the store against
//!            an uninterrupted run (see `crash.rs`; a test harness that prints its figures);
//! `full-disk` the same ingest on a small tmpfs that fills up (needs root to mount; skips
//!            with a message otherwise);
//! `json-dictionary` writes the dictionary the store packs JSON against (a tool, not a
//!            benchmark: see `dictionary.rs`);
//! `crossdoc` near-duplicate detection and cross-document merging as the corpus grows, and
//!            near-duplicates side by side with datasketch's MinHash LSH (PyPI).

/// mimalloc rather than the system allocator: the pipeline makes many small allocations
/// (tokens, mentions, JSON), and under glibc's malloc they were a sixth of ingest's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod dictionary;

use marsad::ingest::{IngestOptions, ingest};
use marsad_export::ExportFormat;
use marsad_ingest::raw::{Charset, Hints, Markup, RawArticle};
use marsad_ingest::{Limits, assemble};
use marsad_model::{Format, SourceRef};
use marsad_store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let result = match args.first().map(String::as_str) {
        Some("analyze") => bench_analyze(flag("--docs").map_or(3000, |s| s.parse().expect("--docs N")), flag("--seed").map_or(7, |s| s.parse().expect("--seed N"))),
        Some("ingest") => bench_ingest(
            &flag("--sizes").unwrap_or_else(|| "5000,10000,20000".into()),
            flag("--seed").map_or(7, |s| s.parse().expect("--seed N")),
            false,
        ),
        Some("scale") => bench_ingest(
            &flag("--sizes").unwrap_or_else(|| "10000,100000,1000000".into()),
            flag("--seed").map_or(7, |s| s.parse().expect("--seed N")),
            true,
        ),
        Some("news") => match args.get(1) {
            Some(path) => bench_paths(&[PathBuf::from(path)], "real articles"),
            None => Err("usage: marsad-bench news FILE_OR_FOLDER".into()),
        },
        Some("html") => bench_html(flag("--pages").map_or(400, |s| s.parse().expect("--pages N"))),
        Some("ingest-once") => ingest_once(&args[1..]),
        Some("store") => match &args[1..] {
            [db, n] => n.parse().map_err(|_| format!("store: {n:?} is not a number of documents")).and_then(|n| store_figures(Path::new(db), n, flag("--seed").map_or(7, |s| s.parse().expect("--seed N")))),
            _ => Err("usage: marsad-bench store DB N [--seed N]".into()),
        },
        Some("rebuild") => match args.get(1) {
            Some(db) => rebuild(Path::new(db)),
            None => Err("usage: marsad-bench rebuild DB".into()),
        },
        Some("gen") => generate_into(&args[1..]),
        Some("json-dictionary") => match args.get(1) {
            Some(out) => dictionary::write(Path::new(out)),
            None => Err("usage: marsad-bench json-dictionary OUT".into()),
        },
        Some("search") => bench_search(
            &flag("--sizes").unwrap_or_else(|| "20000".into()),
            flag("--queries").map_or(300, |s| s.parse().expect("--queries N")),
        ),
        Some("crash") => crash(
            flag("--runs").map_or(60, |s| s.parse().expect("--runs N")),
            flag("--seed").map_or(1, |s| s.parse().expect("--seed N")),
            flag("--docs").map_or(400, |s| s.parse().expect("--docs N")),
            flag("--batch").map_or(16, |s| s.parse().expect("--batch N")),
            flag("--marsad").map(PathBuf::from),
        ),
        Some("full-disk") => full_disk(
            flag("--docs").map_or(600, |s| s.parse().expect("--docs N")),
            flag("--room").map_or(1 << 20, |s| s.parse().expect("--room BYTES")),
            flag("--marsad").map(PathBuf::from),
        ),
        Some("crossdoc") => bench_crossdoc(
            &flag("--sizes").unwrap_or_else(|| "10000,100000".into()),
            flag("--compare-upto").map_or(10_000, |s| s.parse().expect("--compare-upto N")),
        ),
        _ => Err("usage: marsad-bench analyze [--docs 3000] [--seed N] | ingest [--sizes 5000,10000,20000] [--seed N] | scale [--sizes 10000,100000,1000000] [--seed N] | news PATH | html [--pages N] | search [--sizes 20000,100000] [--queries N] | crossdoc [--sizes 10000,100000] [--compare-upto N] | gen N DIR [SEED] | store DB N [--seed N] | json-dictionary OUT | crash [--runs 60] [--seed 1] [--docs 400] [--batch 16] [--marsad PATH] | full-disk [--docs 600] [--room BYTES] [--marsad PATH]".into()),
    };
    if let Err(e) = result {
        eprintln!("marsad-bench: {e}");
        std::process::exit(2);
    }
}

type Result<T> = std::result::Result<T, String>;

/// The crash test over the example corpus and `docs` generated documents: prints its figures,
/// fails on the first store that disagrees with an uninterrupted run.
fn crash(trials: usize, seed: u64, docs: usize, batch: usize, marsad: Option<PathBuf>) -> Result<()> {
    let marsad = marsad_under_test(marsad)?;
    let work = tempdir()?;
    let generated = work.join("generated");
    let stats = marsad_bench::generate(&generated, docs, seed).map_err(|e| format!("generating: {e}"))?;
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    let opts = marsad_bench::CrashOptions { marsad, inputs: vec![examples, generated], trials, seed, batch, jobs: 2, work: work.join("stores") };
    println!(
        "crash test: {trials} trials (seed {seed}), examples/corpus + {} generated documents in {} files, batches of {batch}, 2 jobs",
        stats.documents, stats.files
    );
    let result = marsad_bench::crash_test(&opts);
    if result.is_ok() {
        let _ = std::fs::remove_dir_all(&work);
    }
    let r = result?;
    println!(
        "  reference run: {:.2} s ({} documents, {} mentions, {} events); first batch committed at {:.2} s, last at {:.2} s",
        r.reference.as_secs_f64(),
        r.documents,
        r.mentions,
        r.events,
        r.first_commit.as_secs_f64(),
        r.last_commit.as_secs_f64()
    );
    println!("  {} SIGKILLs delivered ({} planned kills came after the run had ended):", r.kills, r.too_late);
    for (phase, n) in marsad_bench::Phase::ALL.iter().zip(r.by_phase) {
        println!("    {n:>4}  {}", phase.describe());
    }
    println!(
        "  every trial restarted to the end: documents once with their mentions and events, integrity_check ok, JSONL export identical, search index holding every document and finding the same entries ({:.1} s in all)",
        r.elapsed.as_secs_f64()
    );
    Ok(())
}

/// The binary under test: `--marsad`, else the `marsad` built beside this one.
fn marsad_under_test(given: Option<PathBuf>) -> Result<PathBuf> {
    let marsad = match given {
        Some(path) => path,
        None => std::env::current_exe().map_err(|e| e.to_string())?.with_file_name("marsad"),
    };
    if !marsad.exists() {
        return Err(format!("{}: not built (cargo build --release -p marsad), or pass --marsad PATH", marsad.display()));
    }
    Ok(marsad)
}

/// The full-disk test: the example corpus stored on a tmpfs, then `docs` generated documents
/// ingested with only `room` bytes left.
fn full_disk(docs: usize, room: u64, marsad: Option<PathBuf>) -> Result<()> {
    let marsad = marsad_under_test(marsad)?;
    let work = tempdir()?;
    let generated = work.join("generated");
    marsad_bench::generate(&generated, docs, 3).map_err(|e| format!("generating: {e}"))?;
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    let opts = marsad_bench::CrashOptions { marsad, inputs: Vec::new(), trials: 0, seed: 3, batch: 16, jobs: 2, work: work.join("stores") };
    std::fs::create_dir_all(&opts.work).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let result = marsad_bench::full_disk_test(&opts, &[examples], &[generated], &work.join("mnt"), room);
    let _ = std::fs::remove_dir_all(&work);
    let Some(r) = result? else {
        println!("full-disk test skipped: a tmpfs cannot be mounted here (needs root, or CAP_SYS_ADMIN)");
        return Ok(());
    };
    println!("full-disk test: examples/corpus stored ({} documents, {} KB), then {docs} generated documents with {} KB of room", r.before, r.store_before / 1024, room / 1024);
    println!("  the ingest failed with exit status {:?}: {}", r.code, r.message);
    println!(
        "  integrity_check ok; {} documents stored when the disk filled, every record exported before still exported identically",
        r.after_failure
    );
    println!("  with space again the same ingest finished: {} documents, export and search index as after a run that never lacked space ({:.1} s)", r.after_retry, started.elapsed().as_secs_f64());
    Ok(())
}

/// The search index over generated stores of each size: build, sync, query latencies.
fn bench_search(sizes: &str, queries: usize) -> Result<()> {
    println!("search over generated reports (per-document stages run; index built from the store, then 1% more synced)");
    for size in sizes.split(',') {
        let n: u64 = size.trim().parse().map_err(|_| format!("bad size {size:?}"))?;
        let dir = tempdir()?;
        let f = marsad_bench::bench_search(&dir, n, 7, queries)?;
        let built = f.docs - f.sync_docs;
        println!(
            "  {} docs: stages+store {:.1} s; index build {:.1} s ({:.0} docs/s), {:.0} MB; sync of {} new docs {:.2} s ({:.0} docs/s); peak {} MB",
            f.docs,
            f.prepare_s,
            f.build_s,
            built as f64 / f.build_s,
            f.index_mb,
            f.sync_docs,
            f.sync_s,
            f.sync_docs as f64 / f.sync_s,
            peak_rss_kb() / 1024
        );
        println!("  {:<28} {:>8} {:>9} {:>9} {:>10}", "query", "queries", "p50 ms", "p99 ms", "mean hits");
        for (name, count, p50, p99, hits) in &f.latencies {
            println!("  {name:<28} {count:>8} {p50:>9.2} {p99:>9.2} {hits:>10.0}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

/// The language, entity and event stages on one core over `docs` generated articles, each
/// stage timed on its own (thread CPU time, so other work on the machine does not count).
/// Loading the lexicons, gazetteer and registry happens before the clock starts and is
/// reported apart. Three passes; the fastest is printed.
fn bench_analyze(docs: u64, seed: u64) -> Result<()> {
    let articles: Vec<(String, jiff::civil::Date)> = (0..docs)
        .map(|i| {
            let a = marsad_bench::compose(seed, i);
            let p = &a.published;
            (a.body(), jiff::civil::date(p.year as i16, p.month as i8, p.day as i8))
        })
        .collect();
    let bytes: usize = articles.iter().map(|(t, _)| t.len()).sum();
    let rss_before = rss_kb();
    let load = Instant::now();
    let (text, date) = &articles[0];
    let warm = marsad_arabic::analyze(text, Some(*date));
    let warm_mentions = marsad_entities::mentions(text, &warm);
    marsad_events::events(&warm, &warm_mentions, Some(*date));
    println!(
        "analysis of {docs} generated articles (seed {seed}; {:.1} KB each on average) on one core, without reading or storing",
        bytes as f64 / docs as f64 / 1e3
    );
    println!("  resources loaded in {:.0} ms, {:+.1} MB", load.elapsed().as_secs_f64() * 1e3, (rss_kb() as f64 - rss_before as f64) / 1024.0);
    let mut best = [f64::MAX; 4];
    let (mut found_mentions, mut found_events) = (0, 0);
    for _ in 0..3 {
        let mut spent = [0f64; 3];
        let (mut m_count, mut e_count) = (0, 0);
        let cpu = thread_cpu_ns();
        for (text, date) in &articles {
            let t0 = Instant::now();
            let analysis = marsad_arabic::analyze(text, Some(*date));
            let t1 = Instant::now();
            let mentions = marsad_entities::mentions(text, &analysis);
            let t2 = Instant::now();
            let events = marsad_events::events(&analysis, &mentions, Some(*date));
            let t3 = Instant::now();
            spent[0] += (t1 - t0).as_secs_f64();
            spent[1] += (t2 - t1).as_secs_f64();
            spent[2] += (t3 - t2).as_secs_f64();
            m_count += mentions.len();
            e_count += events.len();
        }
        let total = (thread_cpu_ns() - cpu) as f64;
        if total < best[3] {
            // Each stage's share is of wall time; the total is the thread's time on a core.
            let wall: f64 = spent.iter().sum();
            best = [spent[0] / wall * total, spent[1] / wall * total, spent[2] / wall * total, total];
        }
        (found_mentions, found_events) = (m_count, e_count);
    }
    let secs = best[3] / 1e9;
    println!(
        "  {:.0} documents/s on one core ({:.1} MB/s, i.e. {:.0} 4 KB articles/s; {:.0} µs per document), {found_mentions} mentions and {found_events} events",
        docs as f64 / secs,
        bytes as f64 / 1e6 / secs,
        bytes as f64 / 4096.0 / secs,
        secs * 1e6 / docs as f64
    );
    for (name, ns) in ["Arabic core", "entities", "events"].iter().zip(&best[..3]) {
        println!("    {name:<12} {:>5.1}%  {:>7.0} documents/s alone", ns / best[3] * 100.0, docs as f64 / (ns / 1e9));
    }
    println!("  peak memory {} MB (articles held in memory: {:.1} MB)", peak_rss_kb() / 1024, bytes as f64 / 1e6);
    Ok(())
}

/// Nanoseconds this thread has run on a core (Linux schedstat): other work on the machine
/// does not count.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok().and_then(|s| s.split_whitespace().next()?.parse().ok()).unwrap_or(0)
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse().unwrap_or(0)))
        .unwrap_or(0)
}

/// Generates corpora of each size and ingests each on 1 core and on all cores; with `scale`,
/// also measures the store the last run made ([`store_figures`]).
fn bench_ingest(sizes: &str, seed: u64, scale: bool) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("ingest of generated corpora (seed {seed}; ~4 KB articles in txt/cp1256/html/rss/atom/warc.gz/jsonl, ~5% re-publications)");
    println!("{:>8} {:>5} {:>9} {:>9} {:>8} {:>8} {:>11} {:>10}   s: documents + cross-doc + index", "docs", "jobs", "seconds", "docs/s", "MB/s", "new", "already", "peak MB");
    for size in sizes.split(',') {
        let n: usize = size.trim().parse().map_err(|_| format!("bad size {size:?}"))?;
        let dir = tempdir()?;
        let corpus = dir.join("corpus");
        let stats = marsad_bench::generate(&corpus, n, seed).map_err(|e| format!("generating: {e}"))?;
        println!(
            "  generated {} documents in {} files ({:.1} MB), {} planted re-publications",
            stats.documents,
            stats.files,
            stats.bytes as f64 / 1e6,
            stats.duplicates
        );
        for jobs in dedup([1, cores]) {
            let db = dir.join(format!("db-{jobs}"));
            let run = child_ingest(&corpus, &db, jobs)?;
            print_run(jobs, &run);
            if run.already != stats.duplicates as u64 {
                println!("  !! {} planted re-publications, {} recognised as already stored", stats.duplicates, run.already);
            }
            if scale && jobs == cores {
                store_figures(&db, n as u64, seed)?;
            }
            // A million documents' store is tens of GB: only one is kept at a time.
            let _ = std::fs::remove_dir_all(&db);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

/// Of an ingested store of the first `n` generated articles: its size on disk (the search
/// index included), search latencies, and the time each export takes (written to nowhere).
fn store_figures(db: &Path, n: u64, seed: u64) -> Result<()> {
    println!("  store on disk {:.0} MB (search index included)", tree_bytes(db) as f64 / 1e6);
    let index = marsad_search::SearchIndex::open(&marsad_search::SearchIndex::dir_for(db)).map_err(|e| format!("opening the search index of {}: {e}", db.display()))?;
    let latencies = marsad_bench::query_latencies(&index, n, seed, 200)?;
    let shown: Vec<String> = latencies.iter().map(|(name, _, p50, p99, _)| format!("{name} {p50:.2}/{p99:.2}")).collect();
    println!("  search p50/p99 ms: {}", shown.join("; "));
    let store = Store::open(db).map_err(|e| format!("opening {}: {e}", db.display()))?;
    for (name, format) in [("JSONL", ExportFormat::Jsonl), ("CSV", ExportFormat::Csv), ("GeoJSON", ExportFormat::Geojson)] {
        let started = Instant::now();
        marsad_export::export(&store, format, &mut std::io::sink()).map_err(|e| format!("exporting {name}: {e}"))?;
        println!("  export {name}: {:.1} s", started.elapsed().as_secs_f64());
    }
    Ok(())
}

fn rebuild(db: &Path) -> Result<()> {
    let mut store = Store::open(db).map_err(|e| format!("opening {}: {e}", db.display()))?;
    let started = Instant::now();
    let found = marsad::crossdoc::rebuild(&mut store).map_err(|e| format!("rebuilding {}: {e}", db.display()))?;
    println!(
        "  cross-document stage: {:.1} s, peak {:.0} MB; {} near-duplicates, {} stories, {} merged, {} contradictions, {} dated from their story",
        started.elapsed().as_secs_f64(),
        peak_rss_kb() as f64 / 1024.0,
        found.duplicates,
        found.stories,
        found.merged,
        found.contradictions,
        found.dated
    );
    Ok(())
}

/// Bytes of the files under `path`, in every folder below.
fn tree_bytes(path: &Path) -> u64 {
    match std::fs::read_dir(path) {
        Ok(entries) => entries.filter_map(|e| e.ok()).map(|e| tree_bytes(&e.path())).sum(),
        Err(_) => std::fs::metadata(path).map_or(0, |m| m.len()),
    }
}

fn bench_paths(paths: &[PathBuf], what: &str) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("ingest of {what}: {}", paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" "));
    println!("{:>8} {:>5} {:>9} {:>9} {:>8} {:>8} {:>11} {:>10}   s: documents + cross-doc + index", "docs", "jobs", "seconds", "docs/s", "MB/s", "new", "already", "peak MB");
    for jobs in dedup([1, cores]) {
        let dir = tempdir()?;
        let run = child_ingest(&paths[0], &dir.join("db"), jobs)?;
        print_run(jobs, &run);
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

fn dedup(jobs: [usize; 2]) -> Vec<usize> {
    if jobs[0] == jobs[1] { vec![jobs[0]] } else { jobs.to_vec() }
}

/// What one child ingest measured.
struct Run {
    docs: u64,
    new: u64,
    already: u64,
    rejected: u64,
    bytes: u64,
    seconds: f64,
    peak_kb: u64,
    /// Seconds in the documents, cross-document and search-index steps.
    phases: [f64; 3],
}

fn print_run(jobs: usize, r: &Run) {
    println!(
        "{:>8} {:>5} {:>9.2} {:>9.0} {:>8.1} {:>8} {:>11} {:>10.0}   {:.0} + {:.0} + {:.0}{}",
        r.docs,
        jobs,
        r.seconds,
        r.docs as f64 / r.seconds,
        r.bytes as f64 / 1e6 / r.seconds,
        r.new,
        r.already,
        r.peak_kb as f64 / 1024.0,
        r.phases[0],
        r.phases[1],
        r.phases[2],
        if r.rejected > 0 { format!("  ({} rejected)", r.rejected) } else { String::new() }
    );
}

fn child_ingest(input: &Path, db: &Path, jobs: usize) -> Result<Run> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe)
        .args(["ingest-once", &jobs.to_string(), &db.display().to_string(), &input.display().to_string()])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("child ingest failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let line = String::from_utf8_lossy(&out.stdout);
    let v: Vec<f64> = line.split_whitespace().map(|x| x.parse().unwrap_or(0.0)).collect();
    if v.len() != 10 {
        return Err(format!("child ingest printed {line:?}"));
    }
    Ok(Run {
        docs: v[0] as u64,
        new: v[1] as u64,
        already: v[2] as u64,
        rejected: v[3] as u64,
        bytes: v[4] as u64,
        seconds: v[5],
        peak_kb: v[6] as u64,
        phases: [v[7], v[8], v[9]],
    })
}

/// Writes a generated corpus of N documents into DIR, for ingesting by hand or elsewhere.
fn generate_into(args: &[String]) -> Result<()> {
    let (n, dir, seed) = match args {
        [n, dir] => (n, dir, "7"),
        [n, dir, seed] => (n, dir, seed.as_str()),
        _ => return Err("gen N DIR [SEED]".into()),
    };
    let n: usize = n.parse().map_err(|_| format!("gen: {n:?} is not a number of documents"))?;
    let seed: u64 = seed.parse().map_err(|_| format!("gen: {seed:?} is not a seed"))?;
    let stats = marsad_bench::generate(Path::new(dir), n, seed).map_err(|e| format!("generating into {dir}: {e}"))?;
    println!("{} documents in {} files ({:.1} MB), {} planted re-publications", stats.documents, stats.files, stats.bytes as f64 / 1e6, stats.duplicates);
    Ok(())
}

/// Runs in the child: ingests and prints `docs new already rejected bytes seconds peak_kb`.
fn ingest_once(args: &[String]) -> Result<()> {
    let [jobs, db, input] = args else { return Err("ingest-once JOBS DB INPUT".into()) };
    let mut store = Store::open(Path::new(db)).map_err(|e| e.to_string())?;
    let opts = IngestOptions { jobs: jobs.parse().map_err(|_| "jobs")?, ..IngestOptions::default() };
    let start = Instant::now();
    let s = ingest(&[PathBuf::from(input)], &mut store, &opts, &()).map_err(|e| e.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{} {} {} {} {} {seconds:.4} {} {:.4} {:.4} {:.4}",
        s.documents(),
        s.new,
        s.already_stored,
        s.rejected.len(),
        s.bytes,
        peak_rss_kb(),
        s.took.documents.as_secs_f64(),
        s.took.crossdoc.as_secs_f64(),
        s.took.index.as_secs_f64()
    );
    Ok(())
}

/// The process's peak resident memory (VmHWM), in KB.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse().unwrap_or(0)))
        .unwrap_or(0)
}

fn tempdir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("marsad-bench-{}-{}", std::process::id(), Instant::now().elapsed().as_nanos()));
    let dir = if dir.exists() { dir.join("x") } else { dir };
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}

/// Extraction speed and accuracy on labelled pages, Marsad and trafilatura side by side.
fn bench_html(n: usize) -> Result<()> {
    let pages = marsad_bench::html_pages(n, 11);
    let bytes: usize = pages.iter().map(|p| p.html.len()).sum();
    println!("main-text extraction on {} labelled pages ({:.1} MB; article paragraphs and boilerplate known)", pages.len(), bytes as f64 / 1e6);

    let limits = Limits::default();
    let start = Instant::now();
    let ours: Vec<String> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let raw = RawArticle {
                source: SourceRef::item("pages", i as u32 + 1),
                format: Format::Html,
                markup: Markup::Html,
                bytes: p.html.clone().into_bytes(),
                charset: Charset::Decoded,
                hints: Hints::default(),
            };
            assemble(raw, &limits).map(|d| d.text).unwrap_or_default()
        })
        .collect();
    let ours_secs = start.elapsed().as_secs_f64();

    let dir = tempdir()?;
    let pages_json = dir.join("pages.json");
    let htmls: Vec<&str> = pages.iter().map(|p| p.html.as_str()).collect();
    std::fs::write(&pages_json, serde_json::to_string(&htmls).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("trafilatura_bench.py");
    let theirs = Command::new("python3").arg(&script).arg(&pages_json).output();
    let _ = std::fs::remove_dir_all(&dir);

    println!("{:<14} {:>10} {:>12} {:>16} {:>18} {:>18}", "extractor", "ms/page", "pages/s", "article kept", "words precision", "boilerplate leaked");
    report("marsad", &pages, &ours, ours_secs);
    match theirs {
        Ok(out) if out.status.success() => {
            let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("trafilatura output: {e}"))?;
            let secs = parsed["seconds"].as_f64().unwrap_or(f64::NAN);
            let texts: Vec<String> = parsed["texts"].as_array().map(|a| a.iter().map(|t| t.as_str().unwrap_or("").to_string()).collect()).unwrap_or_default();
            report(&format!("trafilatura {}", parsed["version"].as_str().unwrap_or("")), &pages, &texts, secs);
            println!("speed ratio: marsad is {:.1}x faster", secs / ours_secs);
        }
        Ok(out) => println!("trafilatura: not run ({}); `pip install trafilatura` to compare", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("")),
        Err(e) => println!("trafilatura: not run ({e})"),
    }
    Ok(())
}

/// Prints one extractor's line: speed, share of article paragraphs kept whole, word precision,
/// and the share of boilerplate strings that leaked into the text (as a line of their own, or,
/// for strings of four words or more, anywhere).
fn report(name: &str, pages: &[marsad_bench::LabelledPage], texts: &[String], secs: f64) {
    let (mut kept, mut paras, mut leaked, mut junk, mut good_words, mut all_words) = (0, 0, 0, 0, 0usize, 0usize);
    for (p, text) in pages.iter().zip(texts) {
        let flat = squash(text);
        let lines: std::collections::HashSet<String> = text.lines().map(squash).collect();
        for a in &p.article {
            paras += 1;
            kept += usize::from(flat.contains(&squash(a)));
        }
        for b in &p.boilerplate {
            junk += 1;
            // A short string (a name, an outlet) may also occur inside article sentences: it has
            // leaked only when it stands as a line of its own.
            let b = squash(b);
            let leak = lines.contains(&b) || (b.split(' ').count() >= 4 && flat.contains(&b));
            leaked += usize::from(leak);
            if leak && std::env::var_os("SHOW_LEAKS").is_some() {
                eprintln!("{name} leaked: {b}");
            }
        }
        let article_words: std::collections::HashSet<String> = p.article.iter().flat_map(|a| a.split_whitespace().map(String::from)).collect();
        for w in text.split_whitespace() {
            all_words += 1;
            good_words += usize::from(article_words.contains(w));
        }
    }
    println!(
        "{:<14} {:>10.3} {:>12.0} {:>15.1}% {:>17.1}% {:>17.1}%",
        name,
        secs * 1e3 / pages.len() as f64,
        pages.len() as f64 / secs,
        100.0 * kept as f64 / paras.max(1) as f64,
        100.0 * good_words as f64 / all_words.max(1) as f64,
        100.0 * leaked as f64 / junk.max(1) as f64
    );
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A corpus for the cross-document stage: generated articles, 5% of them lightly edited copies
/// of an earlier one (a word changed, a sentence added), and one event each; a tenth of the
/// events retell an earlier article's happening in other words (same type, place, actor, a day
/// apart), so that merging has real work. Reports are dated as a desk receives them, about 150
/// a day, so the corpus spans more days as it grows. Returns the documents, events and the
/// planted pairs.
fn crossdoc_corpus(n: usize) -> CrossdocCorpus {
    let mut state: u64 = 0x5eed;
    let mut next = |m: u64| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) % m
    };
    let mut docs = Vec::with_capacity(n);
    let mut events = Vec::with_capacity(n);
    let mut planted = Vec::new();
    let mut bodies: Vec<String> = Vec::with_capacity(n);
    for i in 0..n {
        let a = marsad_bench::compose(7, i as u64);
        // A desk ingests about 150 reports a day: the corpus spans more days as it grows.
        let date = jiff::civil::date(2018, 1, 1).checked_add(jiff::Span::new().days((i / 150) as i64)).expect("dates in range");
        let id = i as u64 + 1;
        let body = if i >= 20 && next(20) == 0 {
            // Syndicated and lightly edited copies appear within days of the article, as a
            // desk receives them: one of the last ~2,000 reports (about two weeks).
            let original = i - 1 - next((i as u64).min(2000)) as usize;
            planted.push((id, original as u64 + 1));
            bodies[original].replacen("وقال", "وأفاد", 1) + " وطالب ناشطون بفتح تحقيق مستقل في ما جرى."
        } else {
            a.body()
        };
        let kind = (i % 6) as u64;
        let (kind, place, actor, day) = if i >= 20 && next(10) == 0 {
            // Retold by another outlet within the last few days' reports.
            let earlier = i as u64 - 1 - next((i as u64).min(600));
            (earlier % 6, earlier % 700, earlier % 12, date)
        } else {
            (kind, next(700), next(12), date)
        };
        let json = format!(
            r#"{{"type":"{}","sub_type":"{}","date":{{"start":"{day}","end":"{day}","span":[0,4]}},"place":{{"id":"p{place}","ar":"مكان {place}","lat":{},"lon":{},"admin":[],"kind":"village","precision":1}},"also_places":[],"actors":[{{"id":"A{actor}","role":"actor1"}}],"fatalities":null,"claims":[],"explain":{{"sentences":[[0,300]]}}}}"#,
            ["Battles", "Explosions/Remote violence", "Explosions/Remote violence", "Strategic developments", "Violence against civilians", "Protests"][kind as usize],
            ["Armed clash", "Air/drone strike", "Shelling/artillery/missile attack", "Agreement", "Attack", "Peaceful protest"][kind as usize],
            33.0 + (place % 50) as f64 * 0.1,
            36.0 + (place / 50) as f64 * 0.1,
        );
        let mut e: marsad_merge::EventView = serde_json::from_str(&json).expect("event view JSON");
        e.id = id;
        e.doc = id;
        e.published = Some(date);
        events.push(e.with_words(&body));
        docs.push(marsad_merge::DocView { id, outlet: None, published: Some(date), signature: [0; 64], body_start: 0 });
        bodies.push(body);
    }
    CrossdocCorpus { docs, events, planted, texts: bodies }
}

/// What [`crossdoc_corpus`] makes.
struct CrossdocCorpus {
    docs: Vec<marsad_merge::DocView>,
    events: Vec<marsad_merge::EventView>,
    /// (copy, original) document ids.
    planted: Vec<(u64, u64)>,
    /// The documents' texts, document `id` at `id - 1` (the views do not hold them).
    texts: Vec<String>,
}

/// Near-duplicate detection and merging time and memory as the corpus grows, and near-duplicates
/// against datasketch on the smaller sizes.
fn bench_crossdoc(sizes: &str, compare_upto: usize) -> Result<()> {
    println!("cross-document stage on generated documents (5% edited copies; 10% of events retell an earlier happening); analyse = near-duplicates + merging + stories + contradictions");
    println!("{:>8} {:>13} {:>10} {:>10} {:>12} {:>10} {:>10}", "docs", "signatures s", "LSH s", "pairs", "planted hit", "analyse s", "peak MB");
    for size in sizes.split(',') {
        let n: usize = size.trim().parse().map_err(|_| format!("bad size {size:?}"))?;
        let CrossdocCorpus { mut docs, events, planted, texts } = crossdoc_corpus(n);
        let text_of = |id: u64| Ok::<_, std::convert::Infallible>(texts[id as usize - 1].clone());
        let t = Instant::now();
        let sigs = marsad_merge::signatures(&texts.iter().map(String::as_str).collect::<Vec<_>>());
        for (d, sig) in docs.iter_mut().zip(sigs) {
            d.signature = sig;
        }
        let sig_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _cross = marsad_merge::analyse(&docs, &mut marsad_merge::InMemory::new(&events, text_of));
        let all_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let Ok(dups) = marsad_merge::near_duplicate_pairs(&docs, text_of);
        let lsh_s = t.elapsed().as_secs_f64();
        let found: std::collections::HashSet<(u64, u64)> = dups.iter().map(|d| (d.0, d.1)).collect();
        let hit = planted.iter().filter(|p| found.contains(p)).count();
        println!(
            "{:>8} {:>13.2} {:>10.2} {:>10} {:>6}/{:<5} {:>10.2} {:>10.0}",
            n,
            sig_s,
            lsh_s,
            dups.len(),
            hit,
            planted.len(),
            all_s,
            peak_rss_kb() as f64 / 1024.0
        );
        if n <= compare_upto {
            compare_datasketch(&docs, &texts, &found, &planted, sig_s + lsh_s)?;
        }
    }
    Ok(())
}

/// The same documents through datasketch's MinHash LSH (64 permutations, threshold 0.5, the
/// same 3-word shingles of the same matching key), timed in Python.
fn compare_datasketch(docs: &[marsad_merge::DocView], texts: &[String], ours: &std::collections::HashSet<(u64, u64)>, planted: &[(u64, u64)], ours_s: f64) -> Result<()> {
    let dir = tempdir()?;
    let input = dir.join("texts.json");
    let keys: Vec<String> = texts.iter().map(|t| marsad_arabic::normalize::matching_key(t)).collect();
    std::fs::write(&input, serde_json::to_string(&keys).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasketch_bench.py");
    let out = Command::new("python3").arg(&script).arg(&input).output();
    let _ = std::fs::remove_dir_all(&dir);
    match out {
        Ok(out) if out.status.success() => {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("datasketch output: {e}"))?;
            let secs = v["seconds"].as_f64().unwrap_or(f64::NAN);
            let theirs: std::collections::HashSet<(u64, u64)> = v["pairs"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| Some((p[0].as_u64()? + 1, p[1].as_u64()? + 1)))
                .map(|(a, b)| (a.max(b), a.min(b)))
                .collect();
            let ours_sym: std::collections::HashSet<(u64, u64)> = ours.iter().map(|&(a, b)| (a.max(b), a.min(b))).collect();
            let both = theirs.iter().filter(|p| ours_sym.contains(p)).count();
            let planted_theirs = planted.iter().filter(|p| theirs.contains(p)).count();
            // The truth: every pair either tool reports, checked on its whole shingle sets.
            let shingles: std::collections::HashMap<u64, Vec<u64>> = theirs
                .iter()
                .chain(&ours_sym)
                .flat_map(|&(a, b)| [a, b])
                .collect::<std::collections::BTreeSet<u64>>()
                .into_iter()
                .map(|id| (id, marsad_merge::shingles(docs[id as usize - 1].body(&texts[id as usize - 1]))))
                .collect();
            let true_pair = |p: &&(u64, u64)| marsad_merge::jaccard(&shingles[&p.0], &shingles[&p.1]) >= 0.5;
            let true_theirs: std::collections::HashSet<&(u64, u64)> = theirs.iter().filter(true_pair).collect();
            let true_ours = ours_sym.iter().filter(true_pair).count();
            let true_both = true_theirs.iter().filter(|p| ours_sym.contains(p)).count();
            for p in true_theirs.iter().filter(|p| !ours_sym.contains(p)) {
                let (a, b) = (&docs[p.0 as usize - 1], &docs[p.1 as usize - 1]);
                println!("  missed: d{} ({:?}) ~ d{} ({:?}), Jaccard {:.2}", p.0, a.published, p.1, b.published, marsad_merge::jaccard(&shingles[&p.0], &shingles[&p.1]));
            }
            println!(
                "  datasketch {}: {} pairs ({}/{} planted copies) in {:.2} s; marsad {} pairs in {:.2} s ({:.0}x faster); {} pairs in common",
                v["version"].as_str().unwrap_or("?"),
                theirs.len(),
                planted_theirs,
                planted.len(),
                secs,
                ours.len(),
                ours_s,
                secs / ours_s,
                both,
            );
            println!(
                "  checked on whole shingle sets (Jaccard >= 0.5): datasketch {} true of {}, marsad {} true of {}; marsad finds {}/{} of datasketch's true pairs",
                true_theirs.len(),
                theirs.len(),
                true_ours,
                ours_sym.len(),
                true_both,
                true_theirs.len()
            );
        }
        Ok(out) => println!("  datasketch: not run ({}); `pip install datasketch` to compare", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("")),
        Err(e) => println!("  datasketch: not run ({e})"),
    }
    Ok(())
}
