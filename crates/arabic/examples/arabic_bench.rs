//! Throughput of the Arabic core on one core, and its date test set side by side with PyPI's
//! `dateparser`: `cargo run --release -p marsad-arabic --example arabic_bench`.
//!
//! The corpus is the crate's own test sentences repeated to a few megabytes, so the figures
//! measure news-style Arabic dense in numbers and dates (a harder load than plain prose).

use marsad_arabic::{
    analyze,
    normalize::matching_key,
    sentences,
    tokens::{for_each_token, tokenize},
};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

const DATES: &str = include_str!("../test_data/dates.tsv");
const DATES_HAND: &str = include_str!("../test_data/dates_hand.tsv");
const QUANTITIES: &str = include_str!("../test_data/quantities.tsv");

fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

fn mb_per_s(bytes: usize, secs: f64) -> f64 {
    bytes as f64 / 1e6 / secs
}

/// Runs `f` over `text` until at least a second has passed; MB/s.
fn measure(text: &str, mut f: impl FnMut(&str)) -> f64 {
    let start = Instant::now();
    let mut bytes = 0;
    while start.elapsed().as_secs_f64() < 1.0 {
        f(text);
        bytes += text.len();
    }
    mb_per_s(bytes, start.elapsed().as_secs_f64())
}

fn main() {
    let mut doc = String::new();
    for r in rows(DATES).chain(rows(DATES_HAND)) {
        doc.push_str(r[1]);
        doc.push(' ');
    }
    for r in rows(QUANTITIES) {
        doc.push_str(r[0]);
        doc.push('\n');
    }
    let mut corpus = String::new();
    while corpus.len() < 4_000_000 {
        corpus.push_str(&doc);
    }
    // Documents are analysed one at a time in the pipeline: cut the corpus into 4 KB pieces.
    let pieces: Vec<&str> = corpus.split_inclusive('\n').collect();
    let mut docs = Vec::new();
    let mut cur = String::new();
    for p in pieces {
        cur.push_str(p);
        if cur.len() > 4000 {
            docs.push(std::mem::take(&mut cur));
        }
    }
    // `bench tokenize` runs streamed tokenization alone, for a profiler.
    if std::env::args().nth(1).as_deref() == Some("tokenize") {
        let t = Instant::now();
        while t.elapsed().as_secs_f64() < 3.0 {
            let mut n = 0usize;
            for_each_token(&corpus, |tok| n += tok.stem.len());
            black_box(n);
        }
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("analyze") {
        let t = Instant::now();
        while t.elapsed().as_secs_f64() < 3.0 {
            for d in corpus
                .as_bytes()
                .chunks(4096)
                .filter_map(|c| std::str::from_utf8(c).ok())
            {
                black_box(analyze(d, Some(jiff::civil::date(2018, 11, 20))));
            }
        }
        return;
    }
    println!(
        "corpus: {:.1} MB of Arabic news sentences, {} documents",
        corpus.len() as f64 / 1e6,
        docs.len()
    );
    let norm = measure(&corpus, |t| {
        black_box(matching_key(t));
    });
    let stream = measure(&corpus, |t| {
        let mut stems = 0usize;
        for_each_token(t, |tok| stems += tok.stem.len());
        black_box(stems);
    });
    let tok = measure(&corpus, |t| {
        black_box(tokenize(t));
    });
    let sent = measure(&corpus, |t| {
        black_box(sentences::split(t));
    });
    let published = Some(jiff::civil::date(2018, 11, 20));
    let start = Instant::now();
    let mut bytes = 0;
    while start.elapsed().as_secs_f64() < 2.0 {
        for d in &docs {
            black_box(analyze(d, published));
            bytes += d.len();
        }
    }
    let full = mb_per_s(bytes, start.elapsed().as_secs_f64());
    println!("normalization (matching key):          {norm:7.1} MB/s");
    println!(
        "tokenization with clitics, streamed (key, stem, clitics, spans; no allocation per token): {stream:7.1} MB/s"
    );
    println!("tokenization with clitics, owned Vec<Token>: {tok:7.1} MB/s");
    println!("sentence splitting:                    {sent:7.1} MB/s");
    println!("full analysis (tokens, sentences, dates, numbers, quantities): {full:7.1} MB/s");

    // The date test set: accuracy and time per expression.
    let set: Vec<Vec<&str>> = rows(DATES).chain(rows(DATES_HAND)).collect();
    let mut ok = 0;
    let start = Instant::now();
    let reps = 20;
    for rep in 0..reps {
        for r in &set {
            let pubd = (r[0] != "-").then(|| r[0].parse().expect("date"));
            let a = analyze(r[1], pubd);
            if rep > 0 {
                continue;
            }
            let hit = if r[2] == "none" {
                a.dates.is_empty()
            } else {
                a.dates.iter().any(|d| {
                    let s =
                        |x: Option<jiff::civil::Date>| x.map_or("-".to_string(), |d| d.to_string());
                    s(d.start) == r[2]
                        && s(d.end) == r[3]
                        && d.precision.map_or("-", |p| p.as_str()) == r[4]
                })
            };
            ok += hit as usize;
        }
    }
    let per = start.elapsed().as_secs_f64() / (reps * set.len()) as f64;
    println!(
        "marsad-arabic: {ok}/{} = {:.1}% in {:.3} s ({:.0} us/expr)",
        set.len(),
        100.0 * ok as f64 / set.len() as f64,
        per * set.len() as f64,
        per * 1e6
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    let out = std::process::Command::new("python3")
        .arg(dir.join("compare_dateparser.py"))
        .arg(dir.join("dates.tsv"))
        .arg(dir.join("dates_hand.tsv"))
        .output();
    match out {
        Ok(o) if o.status.success() => print!("{}", String::from_utf8_lossy(&o.stdout)),
        Ok(o) => println!(
            "dateparser comparison skipped: {}",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ),
        Err(e) => println!("dateparser comparison skipped: {e}"),
    }
}
