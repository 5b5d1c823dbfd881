//! `marsad-bench`: prints throughput, memory and extraction-accuracy figures. Never a test.
//!
//! `ingest`   generated corpora of growing size, ingested on one core and on all cores, each run
//!            in a child process so its peak memory is its own;
//! `news`     the same on real articles (a JSONL file, e.g. ../shared/data/news/…);
//! `html`     main-text extraction on labelled pages, side by side with trafilatura (PyPI).

use marsad::ingest::{IngestOptions, ingest};
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
        Some("ingest") => bench_ingest(
            &flag("--sizes").unwrap_or_else(|| "5000,10000,20000".into()),
            flag("--seed").map_or(7, |s| s.parse().expect("--seed N")),
        ),
        Some("news") => match args.get(1) {
            Some(path) => bench_paths(&[PathBuf::from(path)], "real articles"),
            None => Err("usage: marsad-bench news FILE_OR_FOLDER".into()),
        },
        Some("html") => bench_html(flag("--pages").map_or(400, |s| s.parse().expect("--pages N"))),
        Some("ingest-once") => ingest_once(&args[1..]),
        _ => Err("usage: marsad-bench ingest [--sizes 5000,10000,20000] [--seed N] | news PATH | html [--pages N]".into()),
    };
    if let Err(e) = result {
        eprintln!("marsad-bench: {e}");
        std::process::exit(2);
    }
}

type Result<T> = std::result::Result<T, String>;

/// Generates corpora of each size and ingests each on 1 core and on all cores.
fn bench_ingest(sizes: &str, seed: u64) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("ingest of generated corpora (seed {seed}; ~4 KB articles in txt/cp1256/html/rss/atom/warc.gz/jsonl, ~5% re-publications)");
    println!("{:>8} {:>5} {:>9} {:>9} {:>8} {:>8} {:>11} {:>10}", "docs", "jobs", "seconds", "docs/s", "MB/s", "new", "already", "peak MB");
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
            let run = child_ingest(&corpus, &dir.join(format!("db-{jobs}")), jobs)?;
            print_run(stats.documents as u64, jobs, &run);
            if run.already != stats.duplicates as u64 {
                println!("  !! {} planted re-publications, {} recognised as already stored", stats.duplicates, run.already);
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

fn bench_paths(paths: &[PathBuf], what: &str) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("ingest of {what}: {}", paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" "));
    println!("{:>8} {:>5} {:>9} {:>9} {:>8} {:>8} {:>11} {:>10}", "docs", "jobs", "seconds", "docs/s", "MB/s", "new", "already", "peak MB");
    for jobs in dedup([1, cores]) {
        let dir = tempdir()?;
        let run = child_ingest(&paths[0], &dir.join("db"), jobs)?;
        print_run(run.docs, jobs, &run);
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
}

fn print_run(docs: u64, jobs: usize, r: &Run) {
    let _ = docs;
    println!(
        "{:>8} {:>5} {:>9.2} {:>9.0} {:>8.1} {:>8} {:>11} {:>10.0}{}",
        r.docs,
        jobs,
        r.seconds,
        r.docs as f64 / r.seconds,
        r.bytes as f64 / 1e6 / r.seconds,
        r.new,
        r.already,
        r.peak_kb as f64 / 1024.0,
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
    if v.len() != 7 {
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
    })
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
        "{} {} {} {} {} {seconds:.4} {}",
        s.documents(),
        s.new,
        s.already_stored,
        s.rejected.len(),
        s.bytes,
        peak_rss_kb()
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
