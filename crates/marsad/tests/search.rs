//! `marsad search` and `marsad reindex` on the example corpus: clitic forms, filters, JSON
//! output, clear errors, and an index that is missing or behind the store.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn marsad(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad")).arg("--db").arg(db).args(args).output().unwrap()
}

fn json(db: &Path, args: &[&str]) -> Value {
    let out = marsad(db, &[&["search", "--json"], args].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn headlines(v: &Value) -> Vec<String> {
    v["hits"].as_array().unwrap().iter().map(|h| h["headline"].as_str().unwrap_or("").to_string()).collect()
}

#[test]
fn the_example_corpus_is_searchable_after_ingest_and_after_losing_its_index() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let out = marsad(&db, &["ingest", root().join("examples/corpus").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(db.join("search/meta.json").exists(), "ingest builds the index");

    // The corpus writes السوسة and والسوسة: the bare name finds both, with the article's
    // and the conjunction's forms highlighted as written.
    let all = json(&db, &["سوسة"]);
    assert!(all["total"].as_u64().unwrap() >= 4, "{all}");
    let with_conj = json(&db, &["والسوسة", "--limit", "100"]);
    assert_eq!(with_conj["total"], all["total"]);
    let marked: Vec<&str> = all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|h| h["snippet"].as_array().unwrap())
        .filter(|f| f["highlighted"] == true)
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert!(marked.contains(&"السوسة"), "{marked:?}");

    // A filter on another governorate leaves the Deir ez-Zor strike out; its own keeps it.
    let aleppo = json(&db, &["سوسة", "--place", "ocha:SY02"]);
    assert_eq!(aleppo["total"], 0, "{aleppo}");
    let dez = json(&db, &["سوسة", "--place", "دير الزور"]);
    assert_eq!(dez["total"], all["total"]);
    let dated = json(&db, &["سوسة", "--from", "2019-01-01"]);
    assert_eq!(dated["total"], 0);

    // The index lost: the next search says so and rebuilds it from the store.
    std::fs::remove_dir_all(db.join("search")).unwrap();
    let out = marsad(&db, &["search", "تلعفر"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no search index"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("[تلعفر]"), "{}", String::from_utf8_lossy(&out.stdout));

    let out = marsad(&db, &["reindex"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(headlines(&json(&db, &["سوسة"])), headlines(&all));
}

#[test]
fn bad_queries_are_refused_with_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let out = marsad(&db, &["search", "هجين"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no database"));
    assert!(marsad(&db, &["ingest", root().join("examples/corpus/rudaw-feed.atom").to_str().unwrap()]).status.success());
    let long = "قصف ".repeat(300);
    for (args, says) in [
        (vec!["search", long.as_str()], "characters long"),
        (vec!["search", "قصف", "--limit", "1000"], "between 1 and 100"),
        (vec!["search", "قصف", "--from", "2020-02-01", "--to", "2020-01-01"], "ends"),
        (vec!["search", "--place", "مكان لا وجود له"], "no place"),
        (vec!["search"], "no words and no filter"),
    ] {
        let out = marsad(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(says), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    assert!(marsad(&db, &["ingest", root().join("examples/corpus").to_str().unwrap()]).status.success());
    for args in [&["search", "عفرين"][..], &["search", "عفرين", "--json"]] {
        // `marsad search … | head -0`: the pipe is closed before marsad writes to it.
        let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && !stderr.contains("panicked") && !stderr.contains("error"), "{args:?}: {stderr}");
    }
}
