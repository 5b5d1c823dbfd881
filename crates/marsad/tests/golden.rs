//! Golden tests on the example corpus: every format and encoding read into the documents the
//! corpus's authors wrote down, the export frozen, and the re-packaged corpus stored 0 times.
//!
//! `UPDATE_EXPECT=1 cargo test -p marsad --test golden` rewrites the frozen export after a
//! deliberate change; review its diff like code.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn marsad(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad")).arg("--db").arg(db).args(args).output().expect("marsad runs")
}

fn ingest(db: &Path, dir: &Path) -> String {
    let out = marsad(db, &["ingest", dir.to_str().unwrap()]);
    assert!(out.status.success(), "ingest {}: {}\n{}", dir.display(), String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn export(db: &Path) -> Vec<Value> {
    let out = marsad(db, &["export", "--format", "jsonl"]);
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn example_corpus_reads_as_its_authors_wrote_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let summary = ingest(&db, &root().join("examples/corpus"));
    assert!(summary.contains("15 documents new, 0 already stored, 0 rejected"), "{summary}");
    let docs = export(&db);
    let expected: Vec<Value> = std::fs::read_to_string(root().join("examples/corpus-expected.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut problems = Vec::new();
    for want in &expected {
        let source = want["source"].as_str().unwrap();
        let Some(got) = docs.iter().find(|d| d["source"] == source) else {
            problems.push(format!("{source}: not stored"));
            continue;
        };
        let mut check = |field: &str, got: &Value, want: &Value| {
            if got != want {
                problems.push(format!("{source}: {field}: got {got}, want {want}"));
            }
        };
        check("text", &got["text"], &want["body"]);
        check("headline", &got["headline"], &want["headline"]);
        // A plain-text file carries no address; every other format does.
        if got["format"] != "text" {
            check("url", &got["url"], &want["url"]);
        }
        check("outlet", &got["outlet"]["en"], &want["outlet_en"]);
        let day = |v: &Value| v.as_str().map(|s| s.get(..10).unwrap_or(s).to_string());
        let want_day = want["published"].as_str().and_then(|p| {
            // RFC 2822 dates in the expectations: compare through the export's own reading.
            if p.as_bytes().first().is_some_and(u8::is_ascii_digit) { Some(p[..10].to_string()) } else { None }
        });
        if let Some(want_day) = want_day {
            check("published", &Value::from(day(&got["published"]["date"])), &Value::from(Some(want_day)));
        } else if want["published"].is_null() {
            // An undated report may be dated from its story ("أمس الأحد" about a strike the
            // others date): only that, and said so.
            let inferred = got["published"]["basis"].as_str().is_some_and(|b| b.starts_with("inferred from the story"));
            if !inferred {
                check("published", &got["published"], &Value::Null);
            }
        }
        // Bylines given as "NAME" must be read as such; "PLACE - NAME" forms are split by design.
        if let Some(b) = want["byline"].as_str().filter(|b| !b.contains(" - ")) {
            check("byline", &got["byline"], &Value::from(b));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_same_articles_in_other_formats_are_already_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    ingest(&db, &root().join("examples/corpus"));
    let summary = ingest(&db, &root().join("examples/corpus-again"));
    assert!(summary.contains("0 documents new, 15 already stored, 0 rejected"), "{summary}");
}

#[test]
fn export_of_the_example_corpus_is_frozen() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    ingest(&db, &root().join("examples/corpus"));
    let out = marsad(&db, &["export", "--format", "jsonl"]);
    frozen("example-corpus.jsonl", &String::from_utf8(out.stdout).unwrap());
}

/// Compares `got` with the frozen file `name`, or rewrites it under `UPDATE_EXPECT=1`.
fn frozen(name: &str, got: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if got != want {
        let first = got.lines().zip(want.lines()).position(|(a, b)| a != b);
        panic!(
            "{name} changed (line {:?} differs; {} lines now, {} frozen). If intended, rerun with UPDATE_EXPECT=1 and review the diff.",
            first.map(|i| i + 1),
            got.lines().count(),
            want.lines().count()
        );
    }
}

#[test]
fn csv_and_geojson_exports_of_the_example_corpus_are_frozen() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    ingest(&db, &root().join("examples/corpus"));
    let csv = String::from_utf8(marsad(&db, &["export", "--format", "csv"]).stdout).unwrap();
    // The timestamp column is the time of the export: frozen as 0.
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(reader.headers().unwrap()).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        let n = record.len();
        writer.write_record(record.iter().enumerate().map(|(i, f)| if i + 1 == n { "0" } else { f })).unwrap();
    }
    let csv = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    frozen("example-corpus.csv", &csv);
    let geojson = String::from_utf8(marsad(&db, &["export", "--format", "geojson"]).stdout).unwrap();
    frozen("example-corpus.geojson", &geojson);
}
